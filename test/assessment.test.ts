// Assessment (issue 8 §6) through the console: scheme validation, manual scores, third-party
// import (all-or-nothing, row/column errors), run, publish, frozen public result, xlsx, API.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { HtmlValidate } from 'html-validate';
import { Client, createTestEnv, principalOf, publishIntention, type TestEnv } from './helpers/context.ts';
import { historyOf } from '../src/modules/events/service.ts';
import { defaultItems } from '../src/modules/assessment/validate.ts';

let env: TestEnv;
let office: Client;
let csrf = '';
let aid = 0;
const year = String(new Date().getUTCFullYear() - 1);

before(async () => {
  env = await createTestEnv();
  await publishIntention(env, '2027年度政府采购意向（考核测试）');
  office = await new Client(env.app).login('office');
  csrf = await office.csrfFrom('/admin/assessment/new');
});
after(async () => env?.close());

const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'long-title': 'off', 'doctype-style': 'off', 'attribute-boolean-style': 'off', 'no-trailing-whitespace': 'off', 'prefer-native-element': 'off' } });
async function valid(body: string, url: string) {
  const report = await validator.validateString(body, url);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${url} ${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
  assert.deepEqual(messages, [], messages.join('\n'));
  assert.equal((body.match(/<h1[\s>]/g) ?? []).length, 1, `${url}: one h1`);
}

function schemeForm(patch: (items: ReturnType<typeof defaultItems>) => void = () => {}) {
  const items = defaultItems();
  patch(items);
  const f: Record<string, string> = { _csrf: csrf, name: `${year}年度考核`, year, commendTop: '1', commendMin: '', criticiseBottom: '1', criticiseBelow: '' };
  items.forEach((it, i) => {
    for (const [k, v] of Object.entries(it)) f[`items.${i}.${k}`] = v;
  });
  return f;
}

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('评估结果');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('only the office manages assessments', async () => {
  const editor = await new Client(env.app).login('editor');
  assert.equal((await editor.get('/admin/assessment')).statusCode, 403);
  assert.equal((await new Client(env.app).get('/admin/assessment')).statusCode, 303);
});

test('bad schemes are refused with clear errors', async () => {
  const res = await office.post('/admin/assessment', schemeForm((items) => (items[0]!.maxPoints = '30')));
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /各项分值（权重）之和应为100分，当前为105分/);
  await valid(res.body, 'scheme-errors');
  const dup = await office.post('/admin/assessment', schemeForm((items) => (items[1]!.code = 'A1')));
  assert.match(dup.body, /编号“A1”重复/);
});

test('create, score, import, run, publish; the published result is frozen', async () => {
  await valid((await office.get('/admin/assessment/new')).body, '/admin/assessment/new');
  const res = await office.post('/admin/assessment', schemeForm());
  assert.equal(res.statusCode, 303);
  aid = Number(/\/admin\/assessment\/(\d+)/.exec(res.headers.location as string)![1]);
  await valid((await office.get(`/admin/assessment/${aid}`)).body, '/admin/assessment/:id (no run)');

  // Publishing before a run is refused.
  assert.equal((await office.post(`/admin/assessment/${aid}/publish`, { _csrf: csrf })).statusCode, 409);

  // Manual score above the item's points: refused, nothing stored.
  const scores = await office.get(`/admin/assessment/${aid}/scores`);
  await valid(scores.body, '/admin/assessment/:id/scores');
  const bad = await office.post(`/admin/assessment/${aid}/scores`, { _csrf: csrf, [`score.${env.ids.czj}.B1`]: '12', [`note.${env.ids.czj}.B1`]: '超出' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /超出该项分值10分/);
  await valid(bad.body, 'scores-errors');
  assert.equal((await env.ctx.assessment.scores(aid)).length, 0);
  const ok = await office.post(`/admin/assessment/${aid}/scores`, { _csrf: csrf, [`score.${env.ids.czj}.B1`]: '8.5', [`note.${env.ids.czj}.B1`]: '机制健全', [`score.${env.ids.nyj}.B1`]: '6', [`note.${env.ids.nyj}.B1`]: '' });
  assert.equal(ok.statusCode, 303);

  // Third-party import: one bad row → nothing imported, errors by row and column.
  const badFile = await xlsx([['单位代码', '得分', '说明'], ['czj', 18, '良好'], ['nosuch', 25, '']]);
  const r1 = await office.postMultipart(`/admin/assessment/${aid}/import`, { _csrf: csrf, item: 'C1' }, [{ name: 'file', filename: 'eval.xlsx', data: badFile }]);
  assert.equal(r1.statusCode, 400);
  assert.match(r1.body, /第3行A列（单位代码）：未知的单位代码“nosuch”/);
  assert.match(r1.body, /第3行B列（得分）：“第三方评估”的得分25超出该项分值20分/);
  await valid(r1.body, 'import-errors');
  assert.equal((await env.ctx.assessment.scores(aid)).filter((s) => s.item_code === 'C1').length, 0);
  const goodFile = await xlsx([['单位代码', '得分', '说明'], ['czj', 18, '良好'], ['nyj', 12.5, '一般']]);
  const r2 = await office.postMultipart(`/admin/assessment/${aid}/import`, { _csrf: csrf, item: 'C1' }, [{ name: 'file', filename: 'eval.xlsx', data: goodFile }]);
  assert.equal(r2.statusCode, 303);
  assert.deepEqual((await env.ctx.assessment.scores(aid)).filter((s) => s.item_code === 'C1').map((s) => [s.points_x100, s.source]), [[1800, 'third_party'], [1250, 'third_party']]);

  // Run: every department scored, breakdown in details/summary.
  assert.equal((await office.post(`/admin/assessment/${aid}/run`, { _csrf: csrf })).statusCode, 303);
  const page = await office.get(`/admin/assessment/${aid}`);
  await valid(page.body, '/admin/assessment/:id');
  assert.match(page.body, /<details><summary>查看韶关市浈江区财政局的得分明细/);
  assert.match(page.body, /第三方评估得分/);
  assert.match(page.body, /通报表扬/);
  const latest = (await env.ctx.assessment.latest(aid))!.result;
  assert.equal(latest.rows.length, 2, 'the office itself is not assessed');
  const czj = latest.rows.find((r) => r.code === 'czj')!;
  assert.equal(czj.items.find((i) => i.code === 'B1')!.points, 8.5);
  assert.equal(czj.items.find((i) => i.code === 'C1')!.points, 18);
  assert.equal(czj.total, Math.round(czj.items.reduce((s, i) => s + i.points * 100, 0)) / 100);
  assert.deepEqual(latest.lists.commend, [latest.rows[0]!.departmentId]);

  // Export.
  const x = await office.get(`/admin/assessment/${aid}/export.xlsx`);
  assert.equal(x.statusCode, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  assert.equal(ws.getRow(2).getCell(3).value, '单位');
  assert.equal(ws.rowCount, 2 + 2);

  // A score entered after the run blocks publishing until re-run.
  await office.post(`/admin/assessment/${aid}/scores`, { _csrf: csrf, [`score.${env.ids.nyj}.B1`]: '7', [`note.${env.ids.nyj}.B1`]: '复核' });
  const stale = await office.post(`/admin/assessment/${aid}/publish`, { _csrf: csrf });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /请重新计算/);
  await office.post(`/admin/assessment/${aid}/run`, { _csrf: csrf });
  assert.equal((await office.post(`/admin/assessment/${aid}/publish`, { _csrf: csrf })).statusCode, 303);

  const pub = await new Client(env.app).get(`/assessments/${aid}`);
  assert.equal(pub.statusCode, 200);
  await valid(pub.body, '/assessments/:id');
  const before = pub.body.replace(/name="_csrf" value="[^"]*"/g, '');
  // Data changes after publication do not change the published result; edits are refused.
  await publishIntention(env, '发布后新增的信息');
  assert.equal((await office.post(`/admin/assessment/${aid}/run`, { _csrf: csrf })).statusCode, 409);
  assert.equal((await office.post(`/admin/assessment/${aid}/scores`, { _csrf: csrf, [`score.${env.ids.nyj}.B1`]: '1' })).statusCode, 409);
  const again = (await new Client(env.app).get(`/assessments/${aid}`)).body.replace(/name="_csrf" value="[^"]*"/g, '');
  assert.equal(again, before);

  const events = (await historyOf(env.ctx.database.db, 'assessment', aid)).map((e) => e.action);
  assert.deepEqual(events, ['create', 'score', 'score', 'import', 'run', 'score', 'run', 'publish']);
});

test('public list, API and 404 for drafts', async () => {
  const list = await new Client(env.app).get('/assessments');
  assert.match(list.body, new RegExp(`/assessments/${aid}`));
  await valid(list.body, '/assessments');
  const api = await env.app.inject({ method: 'GET', url: '/api/v1/assessments' });
  assert.equal(api.statusCode, 200);
  assert.equal(api.json().data[0].id, aid);
  const one = await env.app.inject({ method: 'GET', url: `/api/v1/assessments/${aid}` });
  assert.equal(one.json().rows.length, 2);
  assert.ok(one.json().rows[0].items[0].formula, "one.json().rows[0].items[0].formula");
  const draft = await office.post('/admin/assessment', schemeForm());
  const draftId = Number(/\/admin\/assessment\/(\d+)/.exec(draft.headers.location as string)![1]);
  assert.equal((await env.app.inject({ method: 'GET', url: `/api/v1/assessments/${draftId}` })).statusCode, 404);
  assert.equal((await env.app.inject({ method: 'GET', url: `/api/v1/assessments/${draftId}` })).json().error.code, 'not_found');
  assert.equal((await new Client(env.app).get(`/assessments/${draftId}`)).statusCode, 404);
});

test('the OpenAPI document lists the assessment endpoints', async () => {
  const doc = (await new Client(env.app).get('/api/v1/openapi.json')).json();
  assert.ok(doc.paths['/assessments'], "doc.paths['/assessments']");
  assert.ok(doc.paths['/assessments/{id}'], "doc.paths['/assessments/{id}']");
  assert.ok(doc.components.schemas.Assessment, "doc.components.schemas.Assessment");
});

test('demo seed: a published assessment with every department scored, and feedback in every state', async () => {
  const { db } = env.ctx.database;
  const { seedAssessmentDemo } = await import('../src/modules/assessment/seed.ts');
  const { seedFeedbackDemo } = await import('../src/modules/feedback/seed.ts');
  const userIds = new Map([['gkb-office', env.ids.office], ['czj-editor', env.ids.editor]]);
  const { id } = await db.transaction().execute((trx) => seedAssessmentDemo(trx, { userIds }));
  const r = await env.ctx.assessment.published(id);
  assert.equal(r.rows.length, 2);
  assert.ok(r.rows.every((row) => row.items.every((i) => i.source !== 'missing')), "r.rows.every((row) => row.items.every((i) => i.source !== 'missing'))");
  assert.ok(r.rows.every((row) => row.items.find((i) => i.code === 'C1')!.source === 'third_party'), "r.rows.every((row) => row.items.find((i) => i.code === 'C1')!.source === 'third_party')");
  const n = await db.transaction().execute((trx) => seedFeedbackDemo(trx, { userIds, departmentCodes: new Map([[env.ids.czj, 'czj'], [env.ids.nyj, 'nyj']]) }));
  assert.ok(n >= 7, "n >= 7");
  const o = await env.ctx.feedback.overview(await principalOf(env, 'office'));
  assert.ok(o.stale >= 1 && o.pending >= 3, "o.stale >= 1 && o.pending >= 3");
});
