// Demo 黑名单 (issue 8 §1–2), loaded after the demo disclosures in the same transaction. Entries
// come from the published sanction records the generator made (不良行为记录 → procurement bar,
// 违法违规处理决定 and 不良信用信息 → construction), linked to them, plus persons listed by towns
// (housing subsidy fraud) and one general entry; dates are relative to the day of seeding, so some
// are current, some expired; one is repaired and one revoked. Then:
//   - the winner of a published construction award is listed from before its award (the red-flags
//     "blacklisted participant" case), and
//   - a submitted construction award naming that company waits for zjj-reviewer: the blocking
//     warning on the review page.
import type { Trx } from '../../db/index.ts';
import { completeCreditCode, completeIdNumber } from '../../domain/identifiers.ts';
import { recordBlob, type BlobStore } from '../attachments/store.ts';
import * as drepo from '../disclosures/repository.ts';
import { todayInChina, type DueComputer } from '../disclosures/service.ts';
import { appendEvent } from '../events/service.ts';
import { validateFields } from '../item-types/fields.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import * as repo from './repository.ts';
import { runBlacklistHooks, type BlacklistHook } from './service.ts';
import { addDays, addMonths, checkPeriod, normaliseName, repairEligibleFrom, subjectKey } from './rules.ts';
import type { BlacklistSeverity } from '../../db/schema.ts';

interface Spec {
  dept: string;
  kind: 'company' | 'person';
  name: string;
  creditCode: string | null;
  idNumber: string | null;
  conduct: string;
  basis: string;
  decisionNo: string;
  decisionDate: string;
  sector: string;
  severity: BlacklistSeverity;
  start: string;
  end: string;
  disclosureId: number | null;
  close?: { action: 'repair' | 'revoke'; on: string; reason: string };
}

export const BLACKLIST_DEMO_AWARD_TITLE = '浈江区城区背街小巷改造提升工程（二期）中标结果公告';

/** A one-page PDF (the repair and revocation documents of the demo). */
function demoPdf(text: string): Buffer {
  const stream = `BT /F1 14 Tf 20 60 Td (${text}) Tj ET`;
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>', `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const at = (date: string, hhmm = '10:00') => new Date(`${date}T${hhmm}:00+08:00`).toISOString();

/**
 * `hooks` (BlacklistService.hooks: search index, change feed) run for each public change at its
 * date, with the entry's view as of that day, as they would have run live.
 */
export async function seedBlacklistDemo(trx: Trx, deps: { itemTypes: ItemTypeRegistry; due: DueComputer; blobs?: BlobStore | undefined; hooks?: readonly BlacklistHook[] | undefined }): Promise<{ entries: number; awardId: number | null }> {
  const today = todayInChina();
  const depts = new Map((await trx.selectFrom('departments').select(['id', 'code']).execute()).map((d) => [d.code, d.id]));
  const users = new Map((await trx.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.username, u.id]));
  if (!depts.has('czj') || !depts.has('zjj')) return { entries: 0, awardId: null };
  const published = async (code: string) =>
    (await trx.selectFrom('disclosures').innerJoin('item_types', 'item_types.id', 'disclosures.item_type_id').select(['disclosures.id', 'disclosures.fields', 'disclosures.department_id', 'disclosures.project_id', 'disclosures.formed_date'])
      .where('item_types.code', '=', code).where('disclosures.state', '=', 'published').orderBy('disclosures.formed_date', 'desc').orderBy('disclosures.id', 'desc').execute())
      .map((r) => ({ ...r, f: JSON.parse(r.fields) as Record<string, string> }));
  const codeOf = new Map([...depts].map(([c, id]) => [id, c]));
  const specs: Spec[] = [];

  for (const d of (await published('procurement-bad-conduct')).slice(0, 5)) {
    specs.push({ dept: codeOf.get(d.department_id) ?? 'czj', kind: 'company', name: d.f.subjectName!, creditCode: d.f.creditCode!, idNumber: null, conduct: d.f.conduct!, basis: d.f.basis!, decisionNo: d.f.decisionNo!, decisionDate: d.f.decisionDate!, sector: 'procurement', severity: 'procurement-bar', start: d.f.barredFrom!, end: d.f.barredUntil!, disclosureId: d.id });
  }
  for (const d of (await published('construction-violation')).slice(0, 4)) {
    if (!d.f.subjectCreditCode) continue;
    specs.push({ dept: codeOf.get(d.department_id) ?? 'zjj', kind: 'company', name: d.f.subjectName!, creditCode: d.f.subjectCreditCode, idNumber: null, conduct: d.f.violation!, basis: d.f.basis!, decisionNo: d.f.decisionNo!, decisionDate: d.f.decisionDate!, sector: 'construction', severity: 'ordinary', start: d.f.decisionDate!, end: d.f.publicUntil ?? addDays(addMonths(d.f.decisionDate!, 12), -1), disclosureId: d.id });
  }
  for (const d of (await published('construction-credit')).filter((x) => x.f.recordType === '不良信用信息').slice(0, 3)) {
    specs.push({ dept: codeOf.get(d.department_id) ?? 'zjj', kind: 'company', name: d.f.subjectName!, creditCode: d.f.creditCode!, idNumber: null, conduct: d.f.content!, basis: '《招标投标法实施条例》第七十九条；建筑市场信用管理有关规定', decisionNo: d.f.documentNo ?? `信用认定-${d.id}`, decisionDate: d.f.recordDate!, sector: 'construction', severity: 'ordinary', start: d.f.recordDate!, end: d.f.validUntil ?? addDays(addMonths(d.f.recordDate!, 12), -1), disclosureId: d.id });
  }
  // Persons listed by towns: obtaining a housing subsidy by fraud (ID numbers masked in public).
  const persons: [string, string, string, number, string][] = [
    ['lsz', '钟石古', '19620518', 2, '浈犁府信〔%Y〕2号'],
    ['hpz', '曾观娣', '19581103', 15, '浈花府信〔%Y〕1号'],
    ['xsz', '邓火生', '19700225', 5, '浈新府信〔%Y〕4号'],
  ];
  for (const [dept, name, birth, monthsAgo, no] of persons) {
    if (!depts.has(dept)) continue;
    const decision = addMonths(today, -monthsAgo);
    specs.push({ dept, kind: 'person', name, creditCode: null, idNumber: completeIdNumber(`440204${birth}${String(100 + monthsAgo * 7).slice(0, 3)}`), conduct: '隐瞒家庭收入和住房情况，以虚假材料申报农村危房改造补助，已责令退回补助资金。', basis: '《农村危房改造补助资金管理办法》；《信用修复管理办法》', decisionNo: no.replace('%Y', decision.slice(0, 4)), decisionDate: decision, sector: 'housing', severity: 'ordinary', start: decision, end: addDays(addMonths(decision, 12), -1), disclosureId: null });
  }
  // A general (双公示) entry by the city management bureau.
  if (depts.has('cgj')) {
    const decision = addMonths(today, -7);
    specs.push({ dept: 'cgj', kind: 'company', name: '韶关市浈水渣土运输有限公司', creditCode: completeCreditCode('91440204', 'MA4W7K2P'), idNumber: null, conduct: '未按规定路线和时间运输建筑垃圾，拒不改正，情节严重。', basis: '《城市建筑垃圾管理规定》第二十三条', decisionNo: `浈城管罚〔${decision.slice(0, 4)}〕17号`, decisionDate: decision, sector: 'general', severity: 'serious', start: decision, end: addDays(addMonths(decision, 24), -1), disclosureId: null });
  }

  // The winner of the latest published construction award, listed before its award notice.
  const awards = await published('construction-award');
  const listed = new Set(specs.map((s) => s.creditCode).filter(Boolean));
  const award = awards.find((a) => a.f.winnerCreditCode && !listed.has(a.f.winnerCreditCode) && a.project_id !== null);
  let target: { name: string; creditCode: string } | null = null;
  if (award) {
    const decision = addDays(award.f.awardNoticeDate ?? award.formed_date, -30);
    target = { name: award.f.winner!, creditCode: award.f.winnerCreditCode! };
    specs.push({ dept: 'zjj', kind: 'company', name: target.name, creditCode: target.creditCode, idNumber: null, conduct: '在另一工程投标中串通投标报价，情节严重。', basis: '《招标投标法》第五十三条；《招标投标法实施条例》第六十七条', decisionNo: `浈住建罚〔${decision.slice(0, 4)}〕21号`, decisionDate: decision, sector: 'construction', severity: 'serious', start: decision, end: addDays(addMonths(decision, 30), -1), disclosureId: null });
  }

  // One repaired (an active entry past its minimum period) and one revoked, for the history.
  const active = (s: Spec) => s.end >= today && s.start <= today;
  const repairable = specs.find((s) => active(s) && s.kind === 'company' && s.creditCode !== target?.creditCode && repairEligibleFrom(s.severity, s.decisionDate) < addDays(today, -20));
  if (repairable) repairable.close = { action: 'repair', on: addDays(today, -14), reason: '当事人已全额缴纳罚款、完成整改，并按规定作出信用承诺，经审核准予信用修复。' };
  const revocable = specs.find((s) => s !== repairable && s.kind === 'company' && s.creditCode !== target?.creditCode && s.sector === 'construction');
  if (revocable) revocable.close = { action: 'revoke', on: addDays(revocable.decisionDate, 45) < today ? addDays(revocable.decisionDate, 45) : today, reason: '原处理决定经行政复议被撤销（复议决定书：浈府复决〔2026〕8号），依法撤销本条黑名单记录。' };

  let n = 0;
  for (const s of specs) {
    const key = subjectKey({ creditCode: s.creditCode, idNumber: s.idNumber, name: s.name });
    if (s.decisionDate > today || checkPeriod({ severity: s.severity, sector: s.sector, decisionDate: s.decisionDate, startDate: s.start, endDate: s.end }).length) continue;
    if (await repo.findDuplicate(trx, key, s.decisionNo, null)) continue;
    if (await repo.findOverlapping(trx, { subjectKey: key, sector: s.sector, start: s.start, end: s.end, exceptId: null })) continue;
    const editor = users.get(`${s.dept}-editor`) ?? users.get('admin')!;
    const reviewer = users.get(`${s.dept}-reviewer`) ?? editor;
    const created = at(s.decisionDate > addDays(today, -1) ? today : addDays(s.decisionDate, 1), '09:30');
    const publishedAt = at(s.decisionDate > addDays(today, -2) ? today : addDays(s.decisionDate, 2), '15:00');
    const expired = !s.close && s.end < today;
    const id = await repo.insertEntry(trx, {
      department_id: depts.get(s.dept)!, subject_kind: s.kind, name: s.name, name_key: normaliseName(s.name), credit_code: s.creditCode, id_number: s.idNumber, subject_key: key,
      conduct: s.conduct, legal_basis: s.basis, decision_no: s.decisionNo, decision_date: s.decisionDate, sector: s.sector, severity: s.severity, start_date: s.start, end_date: s.end,
      status: 'active', disclosure_id: s.disclosureId, closed_on: null, close_reason: null,
      created_by: editor, created_at: created, updated_at: publishedAt, published_at: publishedAt, published_by: reviewer,
    });
    const hooks = deps.hooks ?? [];
    const dayOf = (iso: string) => todayInChina(new Date(iso));
    await appendEvent(trx, { at: created, actorId: editor, entity: 'blacklist', entityId: id, action: 'create', data: { seed: true } });
    const published = await appendEvent(trx, { at: publishedAt, actorId: reviewer, entity: 'blacklist', entityId: id, action: 'publish', data: { startDate: s.start, endDate: s.end } });
    await runBlacklistHooks(hooks, trx, { entryId: id, action: 'publish', at: publishedAt, eventId: published, reason: null }, dayOf(publishedAt));
    if (expired) {
      const when = at(addDays(s.end, 1), '00:30');
      await repo.updateEntry(trx, id, { status: 'expired', closed_on: s.end, updated_at: when });
      const ev = await appendEvent(trx, { at: when, actorId: null, entity: 'blacklist', entityId: id, action: 'expire', data: { endDate: s.end } });
      await runBlacklistHooks(hooks, trx, { entryId: id, action: 'expire', at: when, eventId: ev, reason: null }, dayOf(when));
    }
    if (s.close) {
      const when = at(s.close.on, '11:00');
      const docs: { id: number; filename: string; sha256: string }[] = [];
      if (deps.blobs) {
        const stored = await deps.blobs.put(demoPdf(`${s.close.action} ${s.decisionNo.length}`));
        await recordBlob(trx, stored, when);
        const filename = s.close.action === 'repair' ? '信用修复决定书.pdf' : '行政复议决定书.pdf';
        docs.push({ id: await repo.insertDocument(trx, { entryId: id, kind: s.close.action, sha256: stored.sha256, filename, at: when, by: reviewer }), filename, sha256: stored.sha256 });
      }
      await repo.updateEntry(trx, id, { status: s.close.action === 'repair' ? 'repaired' : 'revoked', closed_on: s.close.on, close_reason: s.close.reason, updated_at: when });
      const ev = await appendEvent(trx, { at: when, actorId: reviewer, entity: 'blacklist', entityId: id, action: s.close.action, reason: s.close.reason, data: { from: 'active', documents: docs, seed: true } });
      await runBlacklistHooks(hooks, trx, { entryId: id, action: s.close.action, at: when, eventId: ev, reason: s.close.reason }, dayOf(when));
    }
    n++;
  }
  return { entries: n, awardId: target ? await pendingAward(trx, deps, depts.get('zjj')!, users, target, award!.project_id) : null };
}

/** A construction award naming the listed company, submitted and waiting for the reviewer. */
async function pendingAward(trx: Trx, deps: { itemTypes: ItemTypeRegistry; due: DueComputer }, deptId: number, users: Map<string, number>, winner: { name: string; creditCode: string }, _projectId: number | null): Promise<number | null> {
  const t = deps.itemTypes.byCodeOrUndefined('construction-award');
  const editor = users.get('zjj-editor');
  if (!t || !editor) return null;
  const today = todayInChina();
  const v = validateFields(t.fields, {
    projectCode: 'ZJZJ-2026-041', projectName: '浈江区城区背街小巷改造提升工程（二期）', tenderer: '韶关市浈江区住房和城乡建设管理局', agency: '韶关市建科工程咨询有限公司',
    // Typed the way editors do: spaces and a full-width bracket variant – the cross-check still matches on the credit code.
    winner: winner.name.replace('有限公司', ' 有限公司'), winnerCreditCode: winner.creditCode, awardPrice: '3867420.55', duration: 180, quality: '合格', awardNoticeDate: today,
  });
  if (!v.ok) throw new Error(`blacklist demo: invalid award fields ${JSON.stringify(v.errors.slice(0, 2))}`);
  const when = new Date().toISOString();
  const id = await drepo.insertDisclosure(trx, { itemTypeId: t.id, departmentId: deptId, projectId: null, title: BLACKLIST_DEMO_AWARD_TITLE, body: `经评标委员会评审并公示，确定${winner.name}为本工程中标人。`, fields: JSON.stringify(v.value), formedDate: today, dueDate: deps.due(t.deadlineRule, today).dueDate, dueRule: t.deadlineRule, createdBy: editor, at: when });
  await appendEvent(trx, { at: when, actorId: editor, entity: 'disclosure', entityId: id, action: 'create', data: { itemType: t.code, seed: true } });
  await appendEvent(trx, { at: when, actorId: editor, entity: 'disclosure', entityId: id, action: 'submit' });
  await drepo.updateDisclosure(trx, id, { state: 'submitted', updated_at: when });
  return id;
}
