// Red flags over HTTP (issue 8 §3): the project page's 风险提示, the JSON API and its OpenAPI
// entries, the office dashboard with coverage, the threshold form (office only, CSRF, bounds,
// error summary keeping the input, an event per change) and the blacklist cross-check.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HtmlValidate } from 'html-validate';
import { Client, createTestEnv, principalOf, type TestEnv } from './helpers/context.ts';
import { USCI_B, buildConstructionProject, buildProcurementProject, type BuiltProject } from './helpers/projects.ts';

let env: TestEnv;
let proc: BuiltProject;
let cons: BuiltProject;
before(async () => {
  env = await createTestEnv();
  proc = await buildProcurementProject(env);
  cons = await buildConstructionProject(env);
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

type FlagJson = { code: string; status: string; reason: string; evidence: { value: string; disclosureId: number | null; related: string | null }[]; legalBasis: string; cardinal: string | null };
const flagsOf = async (c: Client, id: number): Promise<Record<string, FlagJson>> => {
  const res = await c.get(`/api/v1/projects/${id}/red-flags`);
  assert.equal(res.statusCode, 200);
  return Object.fromEntries((res.json().flags as FlagJson[]).map((f) => [f.code, f]));
};

describe('public project page and API', () => {
  test('the construction project trips the short candidate publicity with its evidence and basis', async () => {
    const c = new Client(env.app);
    const f = await flagsOf(c, cons.projectId);
    assert.equal(Object.keys(f).length, 10);
    assert.equal(f['short-candidate-publicity']!.status, 'tripped');
    assert.match(f['short-candidate-publicity']!.evidence[0]!.value, /2026-08-13 至 2026-08-15，共 2 日/);
    assert.equal(f['short-candidate-publicity']!.evidence[0]!.disclosureId, cons.disclosures.candidates);
    assert.match(f['short-candidate-publicity']!.legalBasis, /第五十四条/);
    assert.equal(f['single-bid']!.status, 'clear');
    assert.equal(f['single-bid']!.cardinal, 'R018');
    assert.equal(f['short-bid-period']!.status, 'clear');
    assert.equal(f['award-near-budget']!.status, 'clear');
    assert.equal(f['identical-bid-prices']!.status, 'clear');
    assert.equal(f['missing-notice']!.status, 'clear');
    // 3 bidders, 2 ranked and no rejection text: the disqualified bid's price is not public.
    assert.equal(f['lowest-bid-disqualified']!.status, 'not_testable');
    assert.equal(f['blacklisted-participant']!.status, 'clear');
    // The fixtures publish today what formed months ago: late by the timeliness module's due dates.
    assert.equal(f['late-publication']!.status, 'tripped');
    assert.match(f['late-publication']!.evidence[0]!.value, /逾期 \d+ 个工作日/);
  });

  test('the procurement project: bid data is not public, so those flags are not testable', async () => {
    const f = await flagsOf(new Client(env.app), proc.projectId);
    assert.equal(f['short-candidate-publicity'], undefined);
    for (const code of ['single-bid', 'identical-bid-prices', 'lowest-bid-disqualified']) assert.equal(f[code]!.status, 'not_testable', code);
    for (const code of ['short-bid-period', 'award-near-budget', 'missing-notice', 'repeat-winner']) assert.equal(f[code]!.status, 'clear', code);
  });

  test('the project page shows 风险提示 and is valid HTML; unknown projects are 404 in JSON', async () => {
    const c = new Client(env.app);
    const res = await c.get(`/projects/${cons.projectId}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h2 id="risk-title">风险提示<\/h2>/);
    assert.match(res.body, /已检测 9 项，触发 <strong>2<\/strong> 项，未触发 7 项；另有 1 项因公开数据不足无法检测/);
    assert.match(res.body, /中标候选人公示期不足/);
    assert.match(res.body, /《招标投标法实施条例》第五十四条/);
    await valid(res.body, `/projects/${cons.projectId}`);
    const p2 = await c.get(`/projects/${proc.projectId}`);
    assert.match(p2.body, /中标结果或合同逾期公开/);
    assert.doesNotMatch(p2.body, /中标候选人公示期不足/);
    await valid(p2.body, `/projects/${proc.projectId}`);
    const missing = await c.get('/api/v1/projects/999999/red-flags');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'not_found');
  });

  test('GET /api/v1/red-flags: definitions, thresholds, coverage and per-department counts; in the OpenAPI document', async () => {
    const c = new Client(env.app);
    const res = await c.get('/api/v1/red-flags');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    const b = res.json();
    assert.equal(b.projects, 2);
    assert.equal(b.flaggedProjects, 2);
    assert.equal(b.flags.length, 10);
    const cov = Object.fromEntries(b.coverage.map((x: { code: string }) => [x.code, x]));
    assert.deepEqual([cov['single-bid'].applicable, cov['single-bid'].testable], [2, 1]);
    assert.deepEqual([cov['short-candidate-publicity'].applicable, cov['short-candidate-publicity'].tripped], [1, 1]);
    assert.equal(b.departments[0].byFlag['short-candidate-publicity'], 1);
    const api = (await c.get('/api/v1/openapi.json')).json();
    assert.ok(api.paths['/projects/{id}/red-flags'] && api.paths['/red-flags'], "api.paths['/projects/{id}/red-flags'] && api.paths['/red-flags']");
    assert.ok(api.components.schemas.RedFlagSummary && api.components.schemas.ProjectRedFlags, "api.components.schemas.RedFlagSummary && api.components.schemas.ProjectRedFlags");
  });
});

describe('office dashboard and thresholds', () => {
  test('only the office sees the dashboard; it has the per-department table, coverage table and chart', async () => {
    const anon = await new Client(env.app).get('/admin/red-flags');
    assert.equal(anon.statusCode, 303);
    const editor = await new Client(env.app).login('editor');
    assert.equal((await editor.get('/admin/red-flags')).statusCode, 403);
    const office = await new Client(env.app).login('office');
    const res = await office.get('/admin/red-flags');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /各单位 × 各风险提示触发的项目数/);
    assert.match(res.body, /各风险提示的检测覆盖率/);
    assert.match(res.body, /<svg id="coverage-chart" role="img" aria-labelledby="coverage-chart-title coverage-chart-desc"/);
    assert.match(res.body, /R018/);
    await valid(res.body, '/admin/red-flags');
    assert.match((await office.get('/admin/supervision')).body, /href="\/admin\/red-flags"/);
  });

  test('a threshold change is bounds-checked, keeps the input on error, needs CSRF and is an event', async () => {
    const office = await new Client(env.app).login('office');
    const csrf = await office.csrfFrom('/admin/red-flags');
    const noCsrf = await office.post('/admin/red-flags/thresholds', { code: 'award-near-budget', percent: '3' });
    assert.equal(noCsrf.statusCode, 403);
    const bad = await office.post('/admin/red-flags/thresholds', { _csrf: csrf, code: 'award-near-budget', percent: '12.5' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /class="error-summary"/);
    assert.match(bad.body, /应在 0.1–10% 之间/);
    assert.match(bad.body, /id="fld-percent"[^>]*value="12.5"|value="12.5"[^>]*id="fld-percent"/);
    await valid(bad.body, 'threshold error');
    const editor = await new Client(env.app).login('editor');
    const edCsrf = await editor.csrfFrom('/admin/projects');
    assert.equal((await editor.post('/admin/red-flags/thresholds', { _csrf: edCsrf, code: 'award-near-budget', percent: '3' })).statusCode, 403);

    // 19,500,000 of a 20,000,000 ceiling is 97.5%: clear at 1%, tripped at 3%.
    const ok = await office.post('/admin/red-flags/thresholds', { _csrf: csrf, code: 'award-near-budget', percent: '3' });
    assert.equal(ok.statusCode, 303);
    assert.match(String(ok.headers.location), /saved=award-near-budget/);
    assert.equal((await flagsOf(new Client(env.app), cons.projectId))['award-near-budget']!.status, 'tripped');
    const ev = await env.ctx.database.db.selectFrom('events').selectAll().where('entity', '=', 'red_flag_setting').execute();
    assert.equal(ev.length, 1);
    assert.deepEqual(JSON.parse(ev[0]!.data!).after, { percent: 3 });
    assert.match((await office.get('/admin/red-flags?saved=award-near-budget')).body, /已保存“中标金额接近预算（最高限价）”的阈值/);
    // Back to the default for the tests that follow.
    assert.equal((await office.post('/admin/red-flags/thresholds', { _csrf: csrf, code: 'award-near-budget', percent: '1' })).statusCode, 303);
  });
});

describe('blacklist cross-check', () => {
  test('a bidder on the active 黑名单 trips blacklisted-participant', async () => {
    const editor = await principalOf(env, 'editor');
    const reviewer = await principalOf(env, 'reviewer');
    const id = await env.ctx.blacklist.createDraft(editor, {
      departmentId: env.ids.czj, subjectKind: 'company', name: '广东乙建设有限公司', creditCode: USCI_B, idNumber: '', conduct: '提供虚假材料谋取中标', legalBasis: '《招标投标法》第五十四条',
      decisionNo: '浈财罚〔2026〕3号', decisionDate: '2026-06-01', sector: 'construction', severity: 'serious', startDate: '2026-06-01', endDate: '2027-06-01', disclosureId: '',
    });
    await env.ctx.blacklist.publish(reviewer, id);
    const f = await flagsOf(new Client(env.app), cons.projectId);
    assert.equal(f['blacklisted-participant']!.status, 'tripped');
    assert.match(f['blacklisted-participant']!.evidence.map((e) => e.value).join('\n'), /浈财罚〔2026〕3号/);
    assert.ok(f['blacklisted-participant']!.evidence.every((e) => e.related?.endsWith(`/blacklist/${id}`)), "f['blacklisted-participant']!.evidence.every((e) => e.related?.endsWith(`/blacklist/${id}`))");
    const page = await new Client(env.app).get(`/projects/${cons.projectId}`);
    assert.match(page.body, new RegExp(`<a href="/blacklist/${id}">查看黑名单记录</a>`));
  });
});
