// Work plans (issue 8 item 4) through HTTP: opening a round, filling the plan without JavaScript
// ("再加一行"), bad input kept, submission, return, filing with no self-approval, publication,
// DOCX, late and missing plans, department scoping, the API, and valid HTML on every page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HtmlValidate } from 'html-validate';
import { Client, createTestEnv, principalOf, type TestEnv } from './helpers/context.ts';
import { createUser } from '../src/modules/accounts/service.ts';
import { historyOf } from '../src/modules/events/service.ts';
import * as wp from '../src/modules/work-plans/service.ts';
import { deriveState } from '../src/modules/work-plans/state.ts';
import { seedWorkPlans } from '../src/modules/work-plans/seed.ts';

let env: TestEnv;
let selfOffice = 0;
before(async () => {
  env = await createTestEnv();
  // An office member who is also the 农业局's editor: may write its plan but not file it.
  selfOffice = await createUser(env.ctx.database.db, { username: 'office-nyj', displayName: '兼任信息员', password: 'Test-password-2026', memberships: [{ departmentId: env.ids.gkb, role: 'office' }, { departmentId: env.ids.nyj, role: 'editor' }] }, null);
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

const fullPlan = (extra: Record<string, string> = {}) => ({
  statusGoals: '已开设专栏。目标：按时公开率100%。',
  organisation: '分管领导负责，纳入年度考核。',
  'rows.procurement': '2',
  'task.procurement.0.content': '采购意向、采购公告、中标结果',
  'task.procurement.0.responsibleBody': '财政局采购股',
  'task.procurement.0.channel': '区政府门户网站',
  'task.procurement.0.timeLimit': '20个工作日内',
  _action: 'submit',
  ...extra,
});

describe('work plans', () => {
  let roundId = 0;
  const office = () => new Client(env.app).login('office');

  test('the office opens a round; a past due date is refused with the typed values kept', async () => {
    const c = await office();
    const csrf = await c.csrfFrom('/admin/work-plans');
    const bad = await c.post('/admin/work-plans', { _csrf: csrf, year: '2026', title: '本轮名称保留', dueDate: '2020-08-30', note: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /报送截止日期不能早于今天/);
    assert.match(bad.body, /本轮名称保留/);
    await valid(bad.body, 'round form with errors');
    const noCsrf = await c.post('/admin/work-plans', { year: '2026', title: 'x', dueDate: '2099-08-30', note: '' });
    assert.equal(noCsrf.statusCode, 403);
    const ok = await c.post('/admin/work-plans', { _csrf: csrf, year: '2099', title: '2099年工作方案', dueDate: '2099-08-30', note: '' });
    assert.equal(ok.statusCode, 303);
    roundId = Number(/\/admin\/work-plans\/(\d+)$/.exec(ok.headers.location as string)![1]);
    const editor = await new Client(env.app).login('editor');
    const csrf2 = await editor.csrfFrom('/admin/work-plans');
    assert.equal((await editor.post('/admin/work-plans', { _csrf: csrf2, year: '2099', title: 'x', dueDate: '2099-08-30', note: '' })).statusCode, 403);
  });

  test('the department fills its plan without JavaScript: add a row, errors keep every value', async () => {
    const c = await new Client(env.app).login('editor');
    const url = `/admin/work-plans/${roundId}/departments/${env.ids.czj}`;
    const page = await c.get(url);
    assert.equal(page.statusCode, 200);
    await valid(page.body, 'empty plan form');
    const csrf = await c.csrfFrom(url);
    const added = await c.post(url, { _csrf: csrf, 'rows.housing': '2', 'task.housing.1.content': '危房改造补助名单', statusGoals: '草稿中的现状', _action: 'add:housing' });
    assert.equal(added.statusCode, 200);
    assert.match(added.body, /name="task\.housing\.2\.content"/);
    assert.match(added.body, /危房改造补助名单/);
    assert.match(added.body, /草稿中的现状/);
    await valid(added.body, 'plan form after 再加一行');
    const empty = await c.post(url, { _csrf: csrf, statusGoals: '', organisation: '', 'task.blacklist.0.content': '失信名单', _action: 'submit' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /请填写（一）工作现状和目标/);
    assert.match(empty.body, /黑名单第1行：请填写责任主体/);
    assert.match(empty.body, /失信名单/);
    await valid(empty.body, 'plan form with errors');
    assert.equal(await wp.getPlan(env.ctx.database.db, roundId, env.ids.czj), undefined, 'nothing stored on error');
    const draft = await c.post(url, { _csrf: csrf, statusGoals: '草稿', _action: 'save' });
    assert.equal(draft.statusCode, 200);
    assert.equal((await wp.getPlan(env.ctx.database.db, roundId, env.ids.czj))?.state, 'draft');
  });

  test('another department sees 404; submit → return → resubmit → file → publish, each an event', async () => {
    const url = `/admin/work-plans/${roundId}/departments/${env.ids.czj}`;
    const other = await new Client(env.app).login('nyj-editor');
    assert.equal((await other.get(url)).statusCode, 404);
    const c = await new Client(env.app).login('editor');
    assert.equal((await c.post(url, { _csrf: await c.csrfFrom(url), ...fullPlan() })).statusCode, 200);
    assert.equal((await c.post(`${url}/file`, { _csrf: await c.csrfFrom(url) })).statusCode, 403, 'an editor cannot file');
    const o = await office();
    const page = await o.get(url);
    await valid(page.body, 'submitted plan seen by the office');
    const noReason = await o.post(`${url}/return`, { _csrf: await o.csrfFrom(url), reason: ' ' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /请填写退回原因/);
    assert.equal((await o.post(`${url}/return`, { _csrf: await o.csrfFrom(url), reason: '黑名单未填写' })).statusCode, 200);
    const returned = await c.get(url);
    assert.match(returned.body, /黑名单未填写/);
    assert.match(returned.body, /name="statusGoals"/, 'a returned plan is editable again');
    await valid(returned.body, 'returned plan');
    assert.equal((await c.post(url, { _csrf: await c.csrfFrom(url), ...fullPlan({ 'rows.blacklist': '2', 'task.blacklist.0.content': '失信主体名单', 'task.blacklist.0.responsibleBody': '财政局', 'task.blacklist.0.channel': '门户网站', 'task.blacklist.0.timeLimit': '7个工作日内' }) })).statusCode, 200);
    assert.equal((await o.post(`${url}/file`, { _csrf: await o.csrfFrom(url) })).statusCode, 200);
    const docx = await o.get(`${url}/docx`);
    assert.equal(docx.statusCode, 200);
    assert.equal(docx.rawPayload.subarray(0, 2).toString(), 'PK');
    assert.equal((await c.post(`${url}/publish`, { _csrf: await c.csrfFrom(url) })).statusCode, 200);
    const plan = (await wp.getPlan(env.ctx.database.db, roundId, env.ids.czj))!;
    assert.equal(plan.state, 'published');
    const actions = (await historyOf(env.ctx.database.db, 'work_plan', plan.id)).map((e) => e.action);
    assert.deepEqual(actions, ['create', 'update', 'submit', 'return', 'update', 'submit', 'file', 'publish']);
    assert.equal(deriveState(actions), plan.state);
    assert.equal(plan.late, 0);

    const pub = new Client(env.app);
    const publicPage = await pub.get(`/work-plans/${plan.id}`);
    assert.equal(publicPage.statusCode, 200);
    assert.match(publicPage.body, /失信主体名单/);
    await valid(publicPage.body, 'public plan');
    const dept = await pub.get('/departments/czj');
    assert.match(dept.body, new RegExp(`href="/work-plans/${plan.id}"`));
    await valid(dept.body, 'department page with plan');
    const api = JSON.parse((await pub.get('/api/v1/work-plans?department=czj')).body) as { data: { id: number; tasks: unknown[] }[] };
    assert.equal(api.data[0]?.id, plan.id);
    assert.equal((await pub.get('/api/v1/work-plans?department=nope')).statusCode, 400);
  });

  test('no self-approval: an office member who wrote the plan cannot file it', async () => {
    const db = env.ctx.database.db;
    const self = await principalOf(env, 'office-nyj');
    assert.ok(selfOffice > 0, "selfOffice > 0");
    await wp.savePlan(db, self, roundId, env.ids.nyj, { statusGoals: '现状', organisation: '保障', tasks: [{ category: 'housing', content: '名单', responsibleBody: '农业局', channel: '网站', timeLimit: '20日' }] }, { submit: true });
    const plan = (await wp.getPlan(db, roundId, env.ids.nyj))!;
    await assert.rejects(wp.filePlan(db, self, plan.id), (e: Error & { status?: number }) => e.status === 403);
    await assert.rejects(wp.returnPlan(db, self, plan.id, '自己退回'), (e: Error & { status?: number }) => e.status === 403);
    const c = await new Client(env.app).login('office-nyj');
    const url = `/admin/work-plans/${roundId}/departments/${env.ids.nyj}`;
    const page = await c.get(url);
    assert.match(page.body, /不能自行备案或退回/);
    assert.doesNotMatch(page.body, /予以备案/);
    assert.equal((await c.post(`${url}/file`, { _csrf: await c.csrfFrom(url) })).statusCode, 403);
    await wp.filePlan(db, await principalOf(env, 'office'), plan.id);
    assert.equal((await wp.getPlan(db, roundId, env.ids.nyj))?.state, 'filed');
  });

  test('late and missing plans on the round page, the dashboard and the status API', async () => {
    const db = env.ctx.database.db;
    const o = await principalOf(env, 'office');
    const round2 = await wp.openRound(db, o, { year: '2098', title: '2098年工作方案', dueDate: '2098-08-30', note: '' });
    const editor = await principalOf(env, 'editor');
    await wp.savePlan(db, editor, round2, env.ids.czj, { statusGoals: '现状', organisation: '保障', tasks: [{ category: 'catalogue', content: '目录', responsibleBody: '财政局', channel: '网站', timeLimit: '20日' }] }, { submit: true, now: new Date('2098-09-02T02:00:00Z') });
    let rows = await wp.workPlanStatus(db, round2, '2098-09-10');
    assert.deepEqual(rows.map((r) => [r.departmentCode, r.status, r.late, r.missing]), [['czj', 'submitted', true, false], ['nyj', 'missing', false, true]]);
    rows = await wp.workPlanStatus(db, round2, '2098-08-01');
    assert.equal(rows.find((r) => r.departmentCode === 'nyj')?.status, 'not_started');
    // Moving the due date recomputes lateness.
    await wp.changeDueDate(db, o, round2, '2098-09-05', '延期报送');
    assert.equal((await wp.workPlanStatus(db, round2, '2098-09-10')).find((r) => r.departmentCode === 'czj')?.late, false);
    const c = await new Client(env.app).login('office');
    const page = await c.get(`/admin/work-plans/${round2}`);
    assert.equal(page.statusCode, 200);
    await valid(page.body, 'round page');
    const dueErr = await c.post(`/admin/work-plans/${round2}/due`, { _csrf: await c.csrfFrom(`/admin/work-plans/${round2}`), dueDate: 'x', reason: '' });
    assert.equal(dueErr.statusCode, 400);
    await valid(dueErr.body, 'round page with errors');
    await valid((await c.get('/admin/work-plans')).body, 'rounds list');
    const sup = await c.get('/admin/supervision');
    assert.equal(sup.statusCode, 200);
    assert.match(sup.body, /工作方案和督查检查/);
    await valid(sup.body, 'supervision dashboard with the work-plan box');
    const status = await c.get(`/api/v1/work-plan-rounds/${round2}/status`);
    assert.equal(status.statusCode, 200);
    assert.equal((JSON.parse(status.body) as { counts: { departments: number } }).counts.departments, 2);
    assert.equal((await new Client(env.app).get(`/api/v1/work-plan-rounds/${round2}/status`)).statusCode, 401);
    const staff = await new Client(env.app).login('editor');
    assert.equal((await staff.get(`/api/v1/work-plan-rounds/${round2}/status`)).statusCode, 403);
    const own = await staff.get(`/admin/work-plans/${round2}`);
    assert.doesNotMatch(own.body, /农业局/, 'staff see only their own department');
  });

  test('the demo seed has filed, returned, late and missing plans', async () => {
    const db = env.ctx.database.db;
    const userIds = new Map([['czj-editor', env.ids.editor], ['nyj-editor', env.ids.nyjEditor], ['gkb-office', env.ids.office]]);
    const id = await db.transaction().execute((trx) => seedWorkPlans(trx, { departments: [{ code: 'czj', id: env.ids.czj }, { code: 'nyj', id: env.ids.nyj }], userIds, today: '2026-11-27' }));
    const rows = await wp.workPlanStatus(db, id, '2026-11-27');
    assert.deepEqual(rows.map((r) => [r.departmentCode, r.status, r.late]), [['czj', 'published', false], ['nyj', 'filed', true]]);
    const plan = (await wp.getPlan(db, id, env.ids.nyj))!;
    assert.equal(deriveState((await historyOf(db, 'work_plan', plan.id)).map((e) => e.action)), 'filed');
  });
});
