// Inspections (issue 8 item 5) through HTTP: recording a check with findings, bad input kept,
// attachments with the size and type limits, the department's answers, close and reopen by the
// office, department scoping (another department's inspection is 404), statistics for the
// assessment, the API with sessions and API keys, and valid HTML on every page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HtmlValidate } from 'html-validate';
import { Client, createTestEnv, principalOf, tinyPdf, type TestEnv } from './helpers/context.ts';
import { createApiKey } from '../src/modules/api-keys/service.ts';
import { historyOf } from '../src/modules/events/service.ts';
import { todayInChina } from '../src/modules/disclosures/service.ts';
import { addDays } from '../src/calendar/index.ts';
import * as insp from '../src/modules/inspections/service.ts';
import { deriveStatus } from '../src/modules/inspections/state.ts';
import { seedInspections } from '../src/modules/inspections/seed.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => env?.close());

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'long-title': 'off', 'no-inline-style': 'error', 'doctype-style': 'off', 'attribute-boolean-style': 'off', 'no-trailing-whitespace': 'off', 'prefer-native-element': 'off' },
});

async function valid(body: string, url: string) {
  const report = await validator.validateString(body, url);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${url} ${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
  assert.deepEqual(messages, [], messages.join('\n'));
  assert.equal((body.match(/<h1[\s>]/g) ?? []).length, 1, `${url}: exactly one h1`);
}

const today = todayInChina();
const inspectionDate = addDays(today, -10);

describe('inspections', () => {
  let id = 0;

  test('the office records an inspection; bad dates and links are refused, nothing lost', async () => {
    const c = await new Client(env.app).login('office');
    const form = await c.get('/admin/inspections/new');
    assert.equal(form.statusCode, 200);
    await valid(form.body, 'new inspection form');
    const csrf = await c.csrfFrom('/admin/inspections/new');
    const base = { _csrf: csrf, department: String(env.ids.czj), kind: 'unannounced', 'scope[]': ['disclosure', 'platform'], inspectionDate, inspectors: '督查组甲', summary: '抽查采购公告' };
    const bad = await c.post('/admin/inspections', { ...base, summary: '', 'findings.0.description': '结果公告超期保留文字', 'findings.0.evidence': 'javascript:alert(1)', 'findings.0.deadline': addDays(inspectionDate, -1) });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写检查情况概述/);
    assert.match(bad.body, /证据链接须为 http:\/\/ 或 https:\/\//);
    assert.match(bad.body, /整改期限不能早于检查日期/);
    assert.match(bad.body, /结果公告超期保留文字/);
    assert.match(bad.body, /value="platform" checked/);
    await valid(bad.body, 'new inspection with errors');
    const ok = await c.post('/admin/inspections', { ...base, 'findings.0.description': '3条中标结果公告超期', 'findings.0.evidence': 'https://www.example.gov.cn/disclosures/1\nhttp://localhost/sectors/procurement', 'findings.0.deadline': addDays(today, -1) });
    assert.equal(ok.statusCode, 303);
    id = Number(/\/admin\/inspections\/(\d+)$/.exec(ok.headers.location as string)![1]);
    assert.equal((await new Client(env.app).login('editor').then((e) => e.get('/admin/inspections/new'))).statusCode, 403);
  });

  test('findings with attachments: type and count limits, download scoped to the department', async () => {
    const c = await new Client(env.app).login('office');
    const url = `/admin/inspections/${id}`;
    const csrf = await c.csrfFrom(url);
    const badType = await c.postMultipart(`${url}/findings`, { _csrf: csrf, description: '目录未更新', evidence: '', deadline: addDays(today, 20) }, [{ name: 'attachment', filename: 'a.txt', data: Buffer.from('plain text') }]);
    assert.equal(badType.statusCode, 400);
    assert.match(badType.body, /仅接受 PDF/);
    assert.match(badType.body, /目录未更新/);
    await valid(badType.body, 'detail with finding errors');
    const added = await c.postMultipart(`${url}/findings`, { _csrf: csrf, description: '目录未更新', evidence: 'https://www.example.gov.cn/departments/czj', deadline: addDays(today, 20) }, [{ name: 'attachment', filename: '截图.pdf', data: tinyPdf('evidence') }]);
    assert.equal(added.statusCode, 303);
    const d = await insp.getInspection(env.ctx.database.db, await principalOf(env, 'office'), id);
    assert.equal(d.findings.length, 2);
    const withFile = d.findings[1]!;
    const editor = await new Client(env.app).login('editor');
    const dl = await editor.get(`${url}/findings/${withFile.id}/attachment`);
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.headers['content-type'], 'application/pdf');
    const other = await new Client(env.app).login('nyj-editor');
    assert.equal((await other.get(`${url}/findings/${withFile.id}/attachment`)).statusCode, 404);
    assert.equal((await other.get(url)).statusCode, 404);
    assert.doesNotMatch((await other.get('/admin/inspections')).body, new RegExp(`/admin/inspections/${id}"`));
  });

  test('the department answers; the office closes and reopens; every change is an event', async () => {
    const db = env.ctx.database.db;
    const url = `/admin/inspections/${id}`;
    const f = (await insp.getInspection(db, await principalOf(env, 'office'), id)).findings[0]!;
    const e = await new Client(env.app).login('editor');
    const page = await e.get(url);
    assert.equal(page.statusCode, 200);
    await valid(page.body, 'detail seen by the department');
    const badDate = await e.post(`${url}/findings/${f.id}/answer`, { _csrf: await e.csrfFrom(url), [`f${f.id}.body`]: '已整改保留', [`f${f.id}.answerDate`]: addDays(inspectionDate, -3) });
    assert.equal(badDate.statusCode, 400);
    assert.match(badDate.body, /答复日期不能早于检查日期/);
    assert.match(badDate.body, /已整改保留/);
    await valid(badDate.body, 'answer with errors');
    assert.equal((await e.post(`${url}/findings/${f.id}/answer`, { _csrf: await e.csrfFrom(url), [`f${f.id}.body`]: '已补发结果公告', [`f${f.id}.answerDate`]: today })).statusCode, 200);
    assert.equal((await e.post(`${url}/findings/${f.id}/close`, { _csrf: await e.csrfFrom(url), [`f${f.id}.note`]: '' })).statusCode, 403);
    const o = await new Client(env.app).login('office');
    await valid((await o.get(url)).body, 'detail seen by the office');
    const noReason = await o.post(`${url}/findings/${f.id}/reopen`, { _csrf: await o.csrfFrom(url), [`f${f.id}.reason`]: '' });
    assert.equal(noReason.statusCode, 400);
    assert.equal((await o.post(`${url}/findings/${f.id}/reopen`, { _csrf: await o.csrfFrom(url), [`f${f.id}.reason`]: '未附更正截图' })).statusCode, 200);
    assert.equal((await e.post(`${url}/findings/${f.id}/answer`, { _csrf: await e.csrfFrom(url), [`f${f.id}.body`]: '已补充截图', [`f${f.id}.answerDate`]: today })).statusCode, 200);
    assert.equal((await o.post(`${url}/findings/${f.id}/close`, { _csrf: await o.csrfFrom(url), [`f${f.id}.note`]: '' })).statusCode, 200);
    const actions = (await historyOf(db, 'inspection_finding', f.id)).map((x) => x.action);
    assert.deepEqual(actions, ['create', 'answer', 'reopen', 'answer', 'close']);
    const d = await insp.getInspection(db, await principalOf(env, 'office'), id);
    assert.equal(deriveStatus(actions), d.findings[0]!.status);
    assert.equal(d.answers.filter((a) => a.finding_id === f.id).length, 2, 'earlier answers are kept');
    // closed today, deadline yesterday: closed, but not on time
    assert.deepEqual(await insp.inspectionFindingStats(db, env.ids.czj, null, null), { total: 2, closed: 1, closedOnTime: 0, open: 1, overdue: 0 });
    assert.deepEqual(await insp.inspectionFindingStats(db, env.ids.czj, null, null, addDays(today, 30)), { total: 2, closed: 1, closedOnTime: 0, open: 1, overdue: 1 });
    assert.equal((await insp.inspectionFindingStats(db, env.ids.nyj, null, null)).total, 0);
  });

  test('who may see what: a table of users and pages', async () => {
    const f = (await insp.getInspection(env.ctx.database.db, await principalOf(env, 'office'), id)).findings[0]!;
    const cases: [user: string, url: string, status: number][] = [
      ['office', `/admin/inspections/${id}`, 200],
      ['editor', `/admin/inspections/${id}`, 200],
      ['reviewer', `/admin/inspections/${id}`, 200],
      ['nyj-editor', `/admin/inspections/${id}`, 404],
      ['nyj-editor', `/api/v1/inspections/${id}`, 404],
      ['editor', '/admin/inspections/new', 403],
      ['nyj-editor', `/admin/inspections/${id}/findings/${f.id}/attachment`, 404],
      ['office', '/admin/inspections/999999', 404],
    ];
    for (const [user, url, status] of cases) {
      const c = await new Client(env.app).login(user);
      assert.equal((await c.get(url)).statusCode, status, `${user} ${url}`);
    }
    assert.equal((await new Client(env.app).get(`/admin/inspections/${id}`)).statusCode, 303, 'anonymous: to the login page');
  });

  test('list filters, the public summary and valid pages', async () => {
    const o = await new Client(env.app).login('office');
    for (const u of ['/admin/inspections', `/admin/inspections?department=${env.ids.czj}&kind=unannounced&status=open&from=2020-01-01`]) {
      const r = await o.get(u);
      assert.equal(r.statusCode, 200);
      assert.match(r.body, new RegExp(`/admin/inspections/${id}"`));
      await valid(r.body, u);
    }
    assert.doesNotMatch((await o.get('/admin/inspections?status=closed')).body, new RegExp(`/admin/inspections/${id}"`));
    const dept = await new Client(env.app).get('/departments/czj');
    assert.match(dept.body, /暂无已完成整改的督查检查/, 'an inspection with an open finding is not in the public summary');
  });

  test('the API: login or an API key; a key sees its own department only', async () => {
    const pub = new Client(env.app);
    assert.equal((await pub.get('/api/v1/inspections')).statusCode, 401);
    const o = await new Client(env.app).login('office');
    const list = JSON.parse((await o.get('/api/v1/inspections?department=czj')).body) as { data: { id: number }[] };
    assert.deepEqual(list.data.map((r) => r.id), [id]);
    assert.equal((await o.get('/api/v1/inspections?kind=bogus')).statusCode, 400);
    const nyjKey = await createApiKey(env.ctx.database.db, await principalOf(env, 'office'), { departmentId: env.ids.nyj, name: '测试' });
    const czjKey = await createApiKey(env.ctx.database.db, await principalOf(env, 'office'), { departmentId: env.ids.czj, name: '测试' });
    const h = (k: string) => ({ authorization: `Bearer ${k}` });
    assert.deepEqual((JSON.parse((await pub.get('/api/v1/inspections', h(nyjKey.key))).body) as { data: unknown[] }).data, []);
    assert.equal((await pub.get(`/api/v1/inspections/${id}`, h(nyjKey.key))).statusCode, 404);
    const detail = JSON.parse((await pub.get(`/api/v1/inspections/${id}`, h(czjKey.key))).body) as { findings: { status: string; answers: unknown[] }[] };
    assert.equal(detail.findings[0]?.status, 'closed');
    const stats = JSON.parse((await pub.get('/api/v1/inspections/stats?department=czj', h(czjKey.key))).body) as { total: number };
    assert.equal(stats.total, 2);
    assert.equal((await pub.get('/api/v1/inspections/stats', h(czjKey.key))).statusCode, 400);
    const openapi = JSON.parse((await pub.get('/api/v1/openapi.json')).body) as { paths: Record<string, unknown> };
    assert.ok(openapi.paths['/inspections'] && openapi.paths['/work-plans'], "openapi.paths['/inspections'] && openapi.paths['/work-plans']");
  });

  test('the demo seed: open, answered and closed findings, one overdue, a closed inspection in public', async () => {
    const db = env.ctx.database.db;
    const userIds = new Map([['czj-editor', env.ids.editor], ['gkb-office', env.ids.office]]);
    const created = await db.transaction().execute((trx) => seedInspections(trx, { departments: [{ code: 'czj', id: env.ids.czj }, { code: 'lsz', id: env.ids.nyj }], userIds, today }));
    assert.equal(created, 2);
    const s = await insp.inspectionFindingStats(db, env.ids.czj, addDays(today, -61), addDays(today, -59));
    assert.deepEqual(s, { total: 3, closed: 1, closedOnTime: 1, open: 2, overdue: 1 });
    const closed = await insp.closedInspectionsOf(db, env.ids.nyj);
    assert.equal(closed.length, 1);
    assert.match((await new Client(env.app).get('/departments/nyj')).body, /已全部整改销号/);
  });
});
