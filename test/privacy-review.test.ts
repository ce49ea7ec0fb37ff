// The privacy guard over the lifecycle (issue 6), against the real app and database (SQLite or
// PostgreSQL by DATABASE_URL): approval refused while findings are open or the 保密审查 checklist
// is incomplete; one-click masking; keeping with a basis; withholding a field; the XLSX masked
// rendition; a redacted rendition for a PDF; the original stays internal.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { Client, createTestEnv, principalOf, publishIntention, type TestEnv } from './helpers/context.ts';
import { CHECKLIST, confirmedReview } from '../src/modules/privacy/checklist.ts';
import { stopPdfWorker } from '../src/modules/privacy/extract-pdf.ts';
import { beneficiaries, beneficiaryPdf, beneficiaryXlsx, textPdf } from './fixtures/pii/files.ts';
import { historyOf } from '../src/modules/events/service.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await stopPdfWorker();
  await env?.close();
});

const HS = beneficiaries(4, 3);
const svc = () => env.ctx.disclosures;
const type = () => env.ctx.itemTypes.byCodeOrUndefined('housing-beneficiaries')!;

function fields() {
  return {
    year: 2026, allocationDate: '2026-11-02', taskHouseholds: HS.length, totalFunds: '160000.00',
    households: HS.map((h) => ({ name: h.name, idNumber: h.idNumber, town: '犁市镇', village: h.village, dwellingGrade: 'D级', renovationMode: '拆除重建', householdCategory: '低保户', subsidyAmount: '40000.00' })),
  };
}

async function draft(body: string, files: { filename: string; data: Buffer }[] = []): Promise<number> {
  const ed = await principalOf(env, 'editor');
  const id = await svc().createDraft(ed, { itemTypeId: type().id, departmentId: env.ids.czj, projectId: null, title: '犁市镇农村危房改造补助对象名单', body, formedDate: '2026-11-02', fields: fields() }, files);
  await svc().submit(ed, id);
  return id;
}

const openOf = async (id: number) => (await env.ctx.privacy.findings(env.ctx.database.db, id)).filter((f) => f.status === 'open');
const rawBody = (h: (typeof HS)[number]) => `户主${h.name}，身份证号码${h.idNumber}，联系电话${h.phone}。`;

describe('保密审查 gates approval', () => {
  test('open findings refuse approval (409) with masked previews; an incomplete checklist is a 400', async () => {
    const id = await draft(`补助对象名单如下。\n${rawBody(HS[0]!)}`);
    const rv = await principalOf(env, 'reviewer');
    const open = await openOf(id);
    assert.deepEqual(open.map((f) => f.kind).sort(), ['idNumber', 'mobile']);
    assert.ok(open.every((f) => f.where.startsWith('正文') && !f.preview.includes(HS[0]!.idNumber)), "open.every((f) => f.where.startsWith('正文') && !f.preview.includes(HS[0]!.idNumber))");
    // The personal fields of the table are masked automatically in public output: resolved.
    const all = await env.ctx.privacy.findings(env.ctx.database.db, id);
    assert.ok(all.some((f) => f.resolution === 'personal-field' && f.kind === 'idNumber'), "all.some((f) => f.resolution === 'personal-field' && f.kind === 'idNumber')");
    await assert.rejects(svc().approve(rv, id, null, confirmedReview()), (e: { status: number; message: string }) => e.status === 409 && /尚有 2 处/.test(e.message) && !e.message.includes(HS[0]!.idNumber));
    await assert.rejects(svc().approve(rv, id, null, { checklist: { stateSecret: true } }), (e: { status: number; details: { field: string }[] }) => e.status === 400 && e.details.length === CHECKLIST.length - 1);
    assert.equal((await svc().getForStaff(rv, id)).disclosure.state, 'submitted');
  });

  test('one click masks the body (every occurrence), records an event without the raw value, and approval then passes', async () => {
    const id = await draft(`${rawBody(HS[1]!)}\n再次核对：${HS[1]!.idNumber}`);
    const reviewer = await new Client(env.app).login('reviewer');
    const page = await reviewer.get(`/admin/disclosures/${id}`);
    assert.match(page.body, /个人信息与保密检查（待处理 3 处）/, 'the ID twice and the phone');
    assert.ok(!page.body.includes(`<code>${HS[1]!.idNumber}`), 'previews are masked');
    // Masking the first ID masks its second occurrence too: two clicks for three findings.
    for (let f = (await openOf(id))[0]; f; f = (await openOf(id))[0]) {
      const csrf = await reviewer.csrfFrom(`/admin/disclosures/${id}`);
      const res = await reviewer.post(`/admin/disclosures/${id}/privacy/${f.id}/mask`, { _csrf: csrf });
      assert.equal(res.statusCode, 303, res.body.slice(0, 800));
    }
    const d = (await svc().getForStaff(await principalOf(env, 'reviewer'), id)).disclosure;
    assert.ok(!d.body.includes(HS[1]!.idNumber) && !d.body.includes(HS[1]!.phone), "!d.body.includes(HS[1]!.idNumber) && !d.body.includes(HS[1]!.phone)");
    assert.match(d.body, /44\*{13}\d{2}[\dX]/);
    assert.equal((await openOf(id)).length, 0);
    const events = await historyOf(env.ctx.database.db, 'disclosure', id);
    const masks = events.filter((e) => e.action === 'privacy-mask');
    assert.equal(masks.length, 2);
    assert.ok(events.every((e) => !(e.data ?? '').includes(HS[1]!.idNumber) && !(e.reason ?? '').includes(HS[1]!.idNumber)), "events.every((e) => !(e.data ?? '').includes(HS[1]!.idNumber) && !(e.reason ?? '').includes(HS[1]!.idNumber))");
    const csrf = await reviewer.csrfFrom(`/admin/disclosures/${id}`);
    const approve = await reviewer.post(`/admin/disclosures/${id}/approve`, { _csrf: csrf, ...Object.fromEntries(CHECKLIST.map((c) => [`check.${c.key}`, 'on'])) });
    assert.equal(approve.statusCode, 303, approve.body.slice(0, 800));
    const after = await reviewer.get(`/admin/disclosures/${id}`);
    assert.match(after.body, /保密审查记录/);
    assert.match(after.body, /reviewer 完成保密审查/);
    const rows = await env.ctx.privacy.reviews(id);
    assert.equal(rows[0]!.reviewer_name, 'reviewer');
  });

  test('the console form: an unticked checklist re-renders 400 with the items; an editor may not keep with a basis', async () => {
    const id = await draft('名单见附件。');
    const reviewer = await new Client(env.app).login('reviewer');
    const csrf = await reviewer.csrfFrom(`/admin/disclosures/${id}`);
    const res = await reviewer.post(`/admin/disclosures/${id}/approve`, { _csrf: csrf, 'check.privacy': 'on' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /保密审查未完成：请确认“不涉及国家秘密”/);
    const id2 = await draft(rawBody(HS[2]!));
    const f = (await openOf(id2))[0]!;
    await assert.rejects(env.ctx.privacyActions.keep(await principalOf(env, 'editor'), id2, f.id, 'punitive', ''), (e: { status: number }) => e.status === 403);
  });

  test('kept with a stated basis (惩戒公示): resolved, recorded, and survives a re-save of the same value', async () => {
    const id = await draft(`当事人${HS[3]!.name}，身份证号码${HS[3]!.idNumber}。`);
    const rv = await principalOf(env, 'reviewer');
    const f = (await openOf(id))[0]!;
    await assert.rejects(env.ctx.privacyActions.keep(rv, id, f.id, 'nonsense', ''), (e: { status: number }) => e.status === 400);
    await env.ctx.privacyActions.keep(rv, id, f.id, 'punitive', '行政处罚决定公示');
    const kept = (await env.ctx.privacy.findings(env.ctx.database.db, id)).find((x) => x.fingerprint === f.fingerprint)!;
    assert.equal(kept.status, 'kept');
    assert.match(kept.basis ?? '', /惩戒公示/);
    await svc().approve(rv, id, null, confirmedReview());
    await svc().publish(rv, id);
    const pub = await new Client(env.app).get(`/disclosures/${id}`);
    assert.ok(pub.body.includes(HS[3]!.idNumber), 'a kept value is published as decided');
  });

  test('withholding a field shows 依法不予公开 and the reason on the public page and in the API', async () => {
    const ed = await principalOf(env, 'editor');
    const t = env.ctx.itemTypes.byCodeOrUndefined('housing-beneficiaries')!;
    const id = await svc().createDraft(ed, { itemTypeId: t.id, departmentId: env.ids.czj, projectId: null, title: '补助标准说明', body: '见字段。', formedDate: '2026-11-02', fields: { ...fields(), subsidyStandard: `特殊情况：户主${HS[0]!.name}（身份证号码${HS[0]!.idNumber}）因病另行补助。` } });
    await svc().submit(ed, id);
    const rv = await principalOf(env, 'reviewer');
    const f = (await openOf(id)).find((x) => x.path === 'subsidyStandard')!;
    await env.ctx.privacyActions.withhold(rv, id, f.id, 'privacy');
    await svc().approve(rv, id, null, confirmedReview());
    await svc().publish(rv, id);
    const c = new Client(env.app);
    const page = await c.get(`/disclosures/${id}`);
    assert.match(page.body, /补助标准<\/th><td><span class="withheld">依法不予公开<\/span><span class="withheld-reason">（涉及个人隐私/);
    assert.ok(!page.body.includes(HS[0]!.idNumber), "!page.body.includes(HS[0]!.idNumber)");
    const api = (await c.get(`/api/v1/disclosures/${id}`)).json();
    assert.equal(api.fields.subsidyStandard, undefined);
    assert.ok(api.withheld.some((w: { field: string; reason: string }) => w.field === 'subsidyStandard' && /个人隐私/.test(w.reason)), "api.withheld.some((w: { field: string; reason: string }) => w.field === 'subsidyStandard' && /个人隐私/.test(w.reason))");
  });
});

async function xlsxText(buf: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(String(c.text)))));
  return out.join('\n');
}

describe('attachments: public renditions only', () => {
  test('an XLSX with raw IDs gets a masked rendition automatically; the public gets only that, staff the original', async () => {
    const id = await draft('名单见附件。', [{ filename: '名单.xlsx', data: await beneficiaryXlsx(HS) }]);
    const atts = await env.ctx.privacy.attachmentsForStaff(id);
    assert.equal(atts[0]!.public.rendition, 'masked');
    assert.equal((await openOf(id)).length, 0, 'findings resolved by the masked rendition');
    const rv = await principalOf(env, 'reviewer');
    await svc().approve(rv, id, null, confirmedReview());
    await svc().publish(rv, id);
    const c = new Client(env.app);
    const href = /href="(\/disclosures\/\d+\/attachments\/\d+)"/.exec((await c.get(`/disclosures/${id}`)).body)![1]!;
    const pub = await c.get(href);
    assert.equal(pub.statusCode, 200);
    const text = await xlsxText(pub.rawPayload);
    for (const h of HS) {
      assert.ok(!text.includes(h.idNumber) && !text.includes(h.phone) && !text.includes(h.name), `masked: ${h.name}`);
      assert.ok(text.includes(`${h.name[0]}*`), 'names masked by the column header');
    }
    assert.ok(!text.includes('低保户'), 'sensitive identity removed');
    const staff = await new Client(env.app).login('reviewer');
    const orig = await staff.get(`/admin/disclosures/${id}/attachments/${atts[0]!.id}`);
    assert.ok((await xlsxText(orig.rawPayload)).includes(HS[0]!.idNumber), 'the original stays internal, for staff');
    assert.equal((await c.get(`/admin/disclosures/${id}/attachments/${atts[0]!.id}`)).statusCode, 303, 'the public cannot reach the original');
  });

  test('a PDF with raw IDs blocks approval until a redacted rendition is uploaded; the public gets the rendition', async () => {
    const id = await draft('名单见附件。', [{ filename: '名单.pdf', data: beneficiaryPdf(HS) }]);
    const open = await openOf(id);
    assert.ok(open.length >= HS.length * 2 && open.every((f) => f.source === 'attachment' && /附件“名单\.pdf” 第1页 第\d+行/.test(f.where)), open.map((f) => `${f.where} ${f.kind}`).join('; '));
    const rv = await principalOf(env, 'reviewer');
    await assert.rejects(svc().approve(rv, id, null, confirmedReview()), (e: { status: number }) => e.status === 409);
    const reviewer = await new Client(env.app).login('reviewer');
    const attId = (await env.ctx.privacy.attachmentsForStaff(id))[0]!.id;
    const csrf = await reviewer.csrfFrom(`/admin/disclosures/${id}`);
    // Still raw: the rendition's own findings stay open.
    const redacted = textPdf([['浈江区农村危房改造补助对象名单', ...HS.map((h) => `${h.name[0]}** ${h.idNumber.slice(0, 2)}*************${h.idNumber.slice(-3)} ${h.village}`)]]);
    const wrong = await reviewer.postMultipart(`/admin/disclosures/${id}/attachments/${attId}/rendition`, { _csrf: csrf }, [{ name: 'file', filename: '名单.xlsx', data: await beneficiaryXlsx(HS) }]);
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /同一格式/);
    const ok = await reviewer.postMultipart(`/admin/disclosures/${id}/attachments/${attId}/rendition`, { _csrf: csrf }, [{ name: 'file', filename: '名单（脱敏）.pdf', data: redacted }]);
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 800));
    assert.equal((await openOf(id)).length, 0);
    await svc().approve(rv, id, null, confirmedReview());
    await svc().publish(rv, id);
    const c = new Client(env.app);
    const api = (await c.get(`/api/v1/disclosures/${id}`)).json();
    const file = await c.get(new URL(api.attachments[0].url).pathname);
    assert.deepEqual(file.rawPayload, redacted);
    const events = await historyOf(env.ctx.database.db, 'disclosure', id);
    assert.ok(events.some((e) => e.action === 'privacy-rendition'), "events.some((e) => e.action === 'privacy-rendition')");
  });
});

describe('console pages of the guard are valid HTML', () => {
  test('the detail page with open, decided and automatic findings, the checklist and rendition forms; the sweep page', async () => {
    const { HtmlValidate } = await import('html-validate');
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'long-title': 'off', 'doctype-style': 'off', 'attribute-boolean-style': 'off', 'no-trailing-whitespace': 'off', 'prefer-native-element': 'off', 'void-style': 'off' } });
    const id = await draft(`${rawBody(HS[0]!)}\n${rawBody(HS[1]!)}`, [{ filename: '名单.pdf', data: beneficiaryPdf(HS) }]);
    const rv = await principalOf(env, 'reviewer');
    const first = (await openOf(id)).find((f) => f.source === 'body')!;
    await env.ctx.privacyActions.mask(rv, id, first.id);
    // Something published before the guard existed: a raw ID number in a published version's body.
    const leaked = await publishIntention(env, '旧的采购意向');
    await env.ctx.database.db.updateTable('disclosure_versions').set({ body: `联系人王某，身份证号码${HS[2]!.idNumber}` }).where('disclosure_id', '=', leaked).execute();
    const office = await new Client(env.app).login('office');
    const csrf = await office.csrfFrom('/admin/privacy/sweep');
    assert.equal((await office.post('/admin/privacy/sweep', { _csrf: csrf })).statusCode, 303);
    const reviewer = await new Client(env.app).login('reviewer');
    for (const [c, url] of [[reviewer, `/admin/disclosures/${id}`], [office, '/admin/privacy/sweep']] as const) {
      const res = await c.get(url);
      assert.equal(res.statusCode, 200, url);
      const report = await validator.validateString(res.body, url);
      const messages = report.results.flatMap((r) => r.messages.map((m) => `${url} ${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
      assert.deepEqual(messages, [], messages.join('\n'));
    }
    const sweep = await office.get('/admin/privacy/sweep');
    assert.match(sweep.body, /最近一次巡检/);
    assert.ok(sweep.body.includes(`/admin/disclosures/${leaked}">旧的采购意向`), 'the leak is listed for correction');
    assert.ok(sweep.body.includes(`44*************${HS[2]!.idNumber.slice(-3)}`) && !sweep.body.includes(HS[2]!.idNumber), 'masked in the list');
    assert.equal((await reviewer.get('/admin/privacy/sweep')).statusCode, 403, 'office only');
  });
});
