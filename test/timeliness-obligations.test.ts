// Obligations (信息已形成但尚未公开): registration with the item type's clock, visibility per
// department, linking to the disclosure that publishes it (fulfilled by the publication hook),
// cancelling; and the correction clock of disclosures (a new clock from the change date).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeDue, getRule } from '../src/calendar/index.ts';
import { defaultCalendar } from '../src/modules/timeliness/due.ts';
import { Client, createTestEnv, principalOf, publishIntention, type TestEnv } from './helpers/context.ts';
import { confirmedReview } from '../src/modules/privacy/checklist.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => env?.close());

const formationType = () => env.ctx.itemTypes.all().find((t) => t.deadlineRule === 'formation-20wd' && t.active)!;

describe('registering an obligation', () => {
  test('the console form computes the due date from the item type’s rule and shows its basis', async () => {
    const c = await new Client(env.app).login('editor');
    const csrf = await c.csrfFrom('/admin/obligations/new');
    const t = formationType();
    const res = await c.post('/admin/obligations', { _csrf: csrf, departmentId: String(env.ids.czj), itemTypeId: String(t.id), title: '2023年第三季度资金分配结果', formedDate: '2023-09-20', note: '待局务会确认' });
    assert.equal(res.statusCode, 303);
    const page = await c.get(res.headers.location as string);
    assert.equal(page.statusCode, 200);
    // 2023-09-20 + 20 working days over 中秋国庆 2023 (hol Sep 29–Oct 6, wd Oct 7, 8) = 2023-10-24.
    assert.match(page.body, /2023-10-24/);
    assert.match(page.body, /政府信息公开条例》第二十六条/);
    assert.match(page.body, /已逾期 \d+ 个工作日/);
    const id = Number(/\/admin\/obligations\/(\d+)/.exec(res.headers.location as string)![1]);
    const row = await env.ctx.database.db.selectFrom('obligations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([row.state, row.due_date, row.due_rule, row.department_id, row.note], ['open', '2023-10-24', 'formation-20wd', env.ids.czj, '待局务会确认']);
    const ev = await env.ctx.database.db.selectFrom('events').selectAll().where('entity', '=', 'obligation').where('entity_id', '=', id).execute();
    assert.deepEqual(ev.map((e) => e.action), ['create']);
  });

  test('every problem is reported at once, with the typed values kept', async () => {
    const c = await new Client(env.app).login('editor');
    const csrf = await c.csrfFrom('/admin/obligations/new');
    const res = await c.post('/admin/obligations', { _csrf: csrf, departmentId: String(env.ids.czj), itemTypeId: '', title: '保留的标题', formedDate: '2999-01-01', note: '' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /error-summary/);
    assert.match(res.body, /请选择信息类型/);
    assert.match(res.body, /不能晚于今天/);
    assert.match(res.body, /value="保留的标题"/);
  });

  test('only the department’s editors and reviewers register; another department is refused', async () => {
    const c = await new Client(env.app).login('editor');
    const csrf = await c.csrfFrom('/admin/obligations/new');
    const res = await c.post('/admin/obligations', { _csrf: csrf, departmentId: String(env.ids.nyj), itemTypeId: String(formationType().id), title: 'x', formedDate: '2024-01-02', note: '' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /请选择登记单位/);
    const office = await new Client(env.app).login('office');
    assert.equal((await office.get('/admin/obligations/new')).statusCode, 403);
  });
});

describe('visibility, overdue list, link, fulfil, cancel', () => {
  let nyjObligation: number;
  let czjObligation: number;

  before(async () => {
    const nyj = await principalOf(env, 'nyj-editor');
    const czj = await principalOf(env, 'editor');
    const t = formationType();
    nyjObligation = await env.ctx.timeliness.obligations.register(nyj, { departmentId: env.ids.nyj, itemTypeId: t.id, title: '农业局补助资金分配', formedDate: '2025-01-02', note: '' });
    const intention = env.ctx.itemTypes.byCodeOrUndefined('procurement-intention')!;
    czjObligation = await env.ctx.timeliness.obligations.register(czj, { departmentId: env.ids.czj, itemTypeId: intention.id, title: '财政局采购意向', formedDate: '2026-11-02', note: '' });
  });

  test('a department sees its own; the office sees all and filters the overdue ones', async () => {
    const czj = await new Client(env.app).login('editor');
    const own = await czj.get('/admin/obligations');
    assert.match(own.body, /财政局采购意向/);
    assert.doesNotMatch(own.body, /农业局补助资金分配/);
    assert.equal((await czj.get(`/admin/obligations/${nyjObligation}`)).statusCode, 404);
    const office = await new Client(env.app).login('office');
    const overdue = await office.get('/admin/obligations?state=overdue');
    assert.match(overdue.body, /农业局补助资金分配/);
    assert.match(overdue.body, /已逾期/);
    // 采购意向 is due 30 days before procurement starts (the formed date): 2026-11-02 → 2026-10-03, passed.
    assert.match(overdue.body, /财政局采购意向/);
    assert.equal((await office.get(`/admin/obligations/${nyjObligation}`)).statusCode, 200);
  });

  test('linked to a draft, the obligation is fulfilled in the publication transaction', async () => {
    const svc = env.ctx.disclosures;
    const editor = await principalOf(env, 'editor');
    const reviewer = await principalOf(env, 'reviewer');
    const intention = env.ctx.itemTypes.byCodeOrUndefined('procurement-intention')!;
    const published = await publishIntention(env, '用作字段样本');
    const fields = JSON.parse((await env.ctx.database.db.selectFrom('disclosures').select('fields').where('id', '=', published).executeTakeFirstOrThrow()).fields);
    const draft = await svc.createDraft(editor, { itemTypeId: intention.id, departmentId: env.ids.czj, projectId: null, title: '财政局采购意向（正式）', body: '', formedDate: '2026-11-02', fields });

    const c = await new Client(env.app).login('editor');
    const page = await c.get(`/admin/obligations/${czjObligation}`);
    assert.match(page.body, new RegExp(`<option value="${draft}">`));
    const csrf = await c.csrfFrom(`/admin/obligations/${czjObligation}`);
    const linked = await c.post(`/admin/obligations/${czjObligation}/link`, { _csrf: csrf, disclosureId: String(draft) });
    assert.equal(linked.statusCode, 303);
    // Linking a record of another item type or department is refused.
    const nyjC = await new Client(env.app).login('nyj-editor');
    const nyjCsrf = await nyjC.csrfFrom(`/admin/obligations/${nyjObligation}`);
    const wrong = await nyjC.post(`/admin/obligations/${nyjObligation}/link`, { _csrf: nyjCsrf, disclosureId: String(draft) });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /所选信息不存在/);

    let o = await env.ctx.database.db.selectFrom('obligations').selectAll().where('id', '=', czjObligation).executeTakeFirstOrThrow();
    assert.deepEqual([o.state, o.disclosure_id], ['open', draft]);
    await svc.submit(editor, draft);
    await svc.approve(reviewer, draft, null, confirmedReview());
    await svc.publish(reviewer, draft);
    o = await env.ctx.database.db.selectFrom('obligations').selectAll().where('id', '=', czjObligation).executeTakeFirstOrThrow();
    assert.equal(o.state, 'fulfilled');
    assert.ok(o.fulfilled_at, "o.fulfilled_at");
    const actions = (await env.ctx.database.db.selectFrom('events').select('action').where('entity', '=', 'obligation').where('entity_id', '=', czjObligation).orderBy('id').execute()).map((e) => e.action);
    assert.deepEqual(actions, ['create', 'link', 'fulfil']);
    const shown = await c.get(`/admin/obligations/${czjObligation}`);
    assert.match(shown.body, /已公开/);
    assert.match(shown.body, /逾期 \d+ 个工作日/, 'published after its lead-time date: late');
  });

  test('linking to a record already published since the information formed fulfils at once', async () => {
    const editor = await principalOf(env, 'editor');
    const intention = env.ctx.itemTypes.byCodeOrUndefined('procurement-intention')!;
    const published = await publishIntention(env, '已发布的采购意向');
    const id = await env.ctx.timeliness.obligations.register(editor, { departmentId: env.ids.czj, itemTypeId: intention.id, title: '补登记', formedDate: '2026-11-02', note: '' });
    await env.ctx.timeliness.obligations.link(editor, id, published);
    const o = await env.ctx.database.db.selectFrom('obligations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(o.state, 'fulfilled');
    // The same record cannot fulfil a second obligation.
    const other = await env.ctx.timeliness.obligations.register(editor, { departmentId: env.ids.czj, itemTypeId: intention.id, title: '重复', formedDate: '2026-11-02', note: '' });
    await assert.rejects(env.ctx.timeliness.obligations.link(editor, other, published), /提交的内容有误/);
  });

  test('cancelling needs a reason and closes it; a closed one cannot be cancelled again', async () => {
    const c = await new Client(env.app).login('nyj-editor');
    const csrf = await c.csrfFrom(`/admin/obligations/${nyjObligation}`);
    const empty = await c.post(`/admin/obligations/${nyjObligation}/cancel`, { _csrf: csrf, reason: ' ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /请填写撤销原因/);
    const ok = await c.post(`/admin/obligations/${nyjObligation}/cancel`, { _csrf: csrf, reason: '经审查属于不予公开的内部事务信息' });
    assert.equal(ok.statusCode, 303);
    const again = await c.post(`/admin/obligations/${nyjObligation}/cancel`, { _csrf: csrf, reason: '再次撤销' });
    assert.equal(again.statusCode, 409);
    const row = await env.ctx.database.db.selectFrom('obligations').selectAll().where('id', '=', nyjObligation).executeTakeFirstOrThrow();
    assert.deepEqual([row.state, row.cancel_reason], ['cancelled', '经审查属于不予公开的内部事务信息']);
  });
});

describe('corrections start a new clock from the change date', () => {
  test('the formed date entered for the correction drives the new due date, kept on the new version', async () => {
    const svc = env.ctx.disclosures;
    const editor = await principalOf(env, 'editor');
    const reviewer = await principalOf(env, 'reviewer2');
    const id = await publishIntention(env, '待更正的采购意向');
    const rule = getRule(env.ctx.itemTypes.byCodeOrUndefined('procurement-intention')!.deadlineRule);
    const before = await env.ctx.database.db.selectFrom('disclosures').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(before.due_date, computeDue(rule, '2026-11-02', defaultCalendar()).due);

    await svc.startCorrection(editor, id, '采购预算调整');
    const d = before;
    await svc.updateDraft(editor, id, { projectId: null, title: d.title, body: d.body, formedDate: '2026-11-16', fields: JSON.parse(d.fields) });
    const during = await env.ctx.database.db.selectFrom('disclosures').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const expected = computeDue(rule, '2026-11-16', defaultCalendar()).due;
    assert.equal(during.due_date, expected);
    assert.notEqual(expected, before.due_date);
    await svc.submit(editor, id);
    await svc.approve(reviewer, id, null, confirmedReview());
    await svc.publish(reviewer, id);
    const versions = await env.ctx.database.db.selectFrom('disclosure_versions').select(['version', 'formed_date', 'due_date']).where('disclosure_id', '=', id).orderBy('version').execute();
    assert.deepEqual(versions, [
      { version: 1, formed_date: '2026-11-02', due_date: before.due_date },
      { version: 2, formed_date: '2026-11-16', due_date: expected },
    ]);
  });

  test('a 20-working-day item corrected on a change date gets 20 working days from that date', async () => {
    // The same rule through the DueComputer the disclosure service uses (the database calendar).
    assert.equal(env.ctx.due('formation-20wd', '2023-09-20').dueDate, '2023-10-24');
    // wd Sat Sep 14, hol Sep 15–17, wd Sun Sep 29, hol Oct 1–7, wd Sat Oct 12 (2024): Sep 14, 18–20, 23–27, 29, 30, Oct 8–12, 14–17.
    assert.equal(env.ctx.due('formation-20wd', '2024-09-13').dueDate, '2024-10-17');
  });
});
