// Cross-checks (issue 8 §2): a tender, candidate publicity or award naming a party on the
// 黑名单 cannot be approved without a recorded override reason; findActiveMatches is the contract
// the red flags use. Runs on SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { completeCreditCode } from '../src/domain/identifiers.ts';
import { AppError } from '../src/domain/errors.ts';
import { todayInChina } from '../src/modules/disclosures/service.ts';
import { confirmedReview } from '../src/modules/privacy/checklist.ts';
import { addDays, addMonths } from '../src/modules/blacklist/rules.ts';
import { findActiveMatches } from '../src/modules/blacklist/service.ts';
import { historyOf } from '../src/modules/events/service.ts';
import { Client, createTestEnv, principalOf, tinyPdf, type TestEnv } from './helpers/context.ts';

let env: TestEnv;
const today = todayInChina();
const LISTED = { name: '广东丹霞建设工程有限责任公司', creditCode: completeCreditCode('91440204', 'MA4DXJ01') };
const CLEAN = { name: '韶关市清白建筑工程有限公司', creditCode: completeCreditCode('91440204', 'MA4QBJ02') };
let entryId = 0;

before(async () => {
  env = await createTestEnv();
  const decision = addMonths(today, -3);
  const editor = await principalOf(env, 'editor');
  entryId = await env.ctx.blacklist.createDraft(editor, { departmentId: env.ids.czj, subjectKind: 'company', name: LISTED.name, creditCode: LISTED.creditCode, idNumber: '', conduct: '串通投标', legalBasis: '《招标投标法》第五十三条', decisionNo: '浈财罚〔2026〕5号', decisionDate: decision, sector: 'construction', severity: 'serious', startDate: decision, endDate: addDays(addMonths(decision, 24), -1), disclosureId: '' });
  await env.ctx.blacklist.publish(await principalOf(env, 'reviewer'), entryId);
});
after(async () => env?.close());

describe('findActiveMatches', () => {
  const cases: { name: string; party: { name?: string; creditCode?: string }; on?: string; want: 'creditCode' | 'name' | null; conflict?: boolean }[] = [
    { name: 'by credit code', party: { name: '别名', creditCode: LISTED.creditCode }, want: 'creditCode' },
    { name: 'by credit code typed with spaces and lower case', party: { creditCode: ` ${LISTED.creditCode.toLowerCase()} ` }, want: 'creditCode' },
    { name: 'by normalised name (有限公司, spaces, full-width brackets)', party: { name: '广东 丹霞建设工程有限公司' }, want: 'name' },
    { name: 'name match with a different code is flagged as a conflict', party: { name: '广东丹霞建设工程有限公司', creditCode: CLEAN.creditCode }, want: 'name', conflict: true },
    { name: 'a clean firm', party: CLEAN, want: null },
    { name: 'before the period', party: LISTED, on: addMonths(today, -4), want: null },
    { name: 'after the period', party: LISTED, on: addMonths(today, 30), want: null },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const m = await findActiveMatches(env.ctx.database.db, [CLEAN, c.party], c.on ?? today);
      if (c.want === null) return assert.equal(m.length, 0);
      assert.equal(m.length, 1);
      assert.equal(m[0]!.party, 1);
      assert.equal(m[0]!.matchedBy, c.want);
      assert.equal(m[0]!.codeConflict, c.conflict ?? false);
      assert.equal(m[0]!.entry.id, entryId);
    });
  }
});

async function draftAward(winner: { name: string; creditCode: string }): Promise<number> {
  const t = env.ctx.itemTypes.byCodeOrUndefined('construction-award')!;
  const editor = await principalOf(env, 'editor');
  const id = await env.ctx.disclosures.createDraft(editor, {
    itemTypeId: t.id, departmentId: env.ids.czj, projectId: null, title: `中标结果公告（${winner.name}）`, body: '中标结果', formedDate: today,
    fields: { projectCode: 'T-2026-1', projectName: '测试工程', tenderer: '浈江区财政局', winner: winner.name, winnerCreditCode: winner.creditCode, awardPrice: '100000.00', awardNoticeDate: today },
  });
  await env.ctx.disclosures.submit(editor, id);
  return id;
}

describe('approval gate', () => {
  test('service: 409 blacklisted_party without a reason; an override reason is recorded as an event', async () => {
    const id = await draftAward({ name: '广东丹霞建设工程有限公司', creditCode: LISTED.creditCode });
    const reviewer = await principalOf(env, 'reviewer');
    await assert.rejects(env.ctx.disclosures.approve(reviewer, id, null, confirmedReview()), (e: unknown) => e instanceof AppError && e.status === 409 && e.code === 'blacklisted_party' && e.details[0]?.field === 'blacklistOverride');
    assert.equal((await env.ctx.disclosures.getForStaff(reviewer, id)).disclosure.state, 'submitted');
    await env.ctx.disclosures.approve(reviewer, id, null, confirmedReview(), { blacklistOverride: '经核实，该决定已被复议撤销，黑名单待更新。' });
    const events = await historyOf(env.ctx.database.db, 'disclosure', id);
    const o = events.find((e) => e.action === 'blacklist-override');
    assert.ok(o, "o");
    assert.equal(o.reason, '经核实，该决定已被复议撤销，黑名单待更新。');
    assert.equal(events[events.length - 1]!.action, 'approve');
  });

  test('a clean award is approved without any reason', async () => {
    const id = await draftAward(CLEAN);
    await env.ctx.disclosures.approve(await principalOf(env, 'reviewer'), id, null, confirmedReview());
    assert.equal((await env.ctx.disclosures.getForStaff(await principalOf(env, 'reviewer'), id)).disclosure.state, 'approved');
  });

  test('HTTP: the review page shows the blocking warning; approval is refused, then passes with a reason', async () => {
    const id = await draftAward(LISTED);
    const c = await new Client(env.app).login('reviewer');
    const page = await c.get(`/admin/disclosures/${id}`);
    assert.match(page.body, /本信息涉及黑名单主体/);
    assert.match(page.body, /统一社会信用代码一致/);
    assert.ok(page.body.includes(`/blacklist/${entryId}`), "page.body.includes(`/blacklist/${entryId}`)");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const checks = { 'check.stateSecret': 'on', 'check.commercialSecret': 'on', 'check.privacy': 'on', 'check.security': 'on', 'check.process': 'on' };
    const refused = await c.post(`/admin/disclosures/${id}/approve`, { _csrf: csrf, ...checks });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /href="#fld-blacklistOverride"/);
    const ok = await c.post(`/admin/disclosures/${id}/approve`, { _csrf: csrf, ...checks, blacklistOverride: '同名不同主体，已核实营业执照。' });
    assert.equal(ok.statusCode, 303);
    const after = await c.get(`/admin/disclosures/${id}`);
    assert.match(after.body, /涉及黑名单主体，审核人说明理由后仍予通过：同名不同主体/);
  });

  test('a revoked entry no longer blocks', async () => {
    const decision = addMonths(today, -2);
    const agency = { name: '韶关市建科工程咨询有限公司', creditCode: completeCreditCode('91440204', 'MA4JKQ03') };
    const editor = await principalOf(env, 'editor');
    const reviewer = await principalOf(env, 'reviewer');
    const e = await env.ctx.blacklist.createDraft(editor, { departmentId: env.ids.czj, subjectKind: 'company', name: agency.name, creditCode: agency.creditCode, idNumber: '', conduct: '泄露标底', legalBasis: '《招标投标法》第五十条', decisionNo: '浈财罚〔2026〕6号', decisionDate: decision, sector: 'construction', severity: 'ordinary', startDate: decision, endDate: addDays(addMonths(decision, 12), -1), disclosureId: '' });
    await env.ctx.blacklist.publish(reviewer, e);
    // The agency is named only by name in a tender: matched on the normalised name.
    const t = env.ctx.itemTypes.byCodeOrUndefined('construction-tender')!;
    const fields = { projectCode: 'T-2', projectName: '测试', tenderer: '财政局', agency: '韶关市建科工程咨询有限责任公司', conditions: '已具备', overview: '概况', bidderQualifications: '资质', jointVentureAccepted: false, documentsFrom: today, documentsUntil: addDays(today, 6), documentsMethod: '网上', submissionMethod: '网上', bidDeadline: addDays(today, 25) };
    const w = await env.ctx.disclosures.approvalWarnings({ item_type_id: t.id, fields: JSON.stringify(fields) } as never);
    assert.equal(w.length, 1);
    assert.match(w[0]!.items[0]!, /招标代理机构/);
    await env.ctx.blacklist.revoke(reviewer, e, '复议撤销', [{ filename: 'a.pdf', data: tinyPdf('x') }]);
    assert.equal((await env.ctx.disclosures.approvalWarnings({ item_type_id: t.id, fields: JSON.stringify(fields) } as never)).length, 0);
  });
});
