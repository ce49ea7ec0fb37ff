// Public feedback (issue 8 §7): the form on a disclosure, CSRF, honeypot, per-IP limit and
// validation; routing to the responsible department; answers public unless private, masked;
// the reply clock on the official calendar and the 19号 3-month flag; events.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HtmlValidate } from 'html-validate';
import { Client, createTestEnv, principalOf, publishIntention, type TestEnv } from './helpers/context.ts';
import { historyOf } from '../src/modules/events/service.ts';
import { replyDue } from '../src/modules/feedback/service.ts';
import { answeredAfterThreeMonths, statusOf, validateFeedback } from '../src/modules/feedback/rules.ts';
import { loadBundledCalendar } from '../src/calendar/index.ts';

let env: TestEnv;
let id = 0;
before(async () => {
  env = await createTestEnv();
  id = await publishIntention(env, '2027年度政府采购意向（留言测试）');
});
after(async () => env?.close());

const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'long-title': 'off', 'doctype-style': 'off', 'attribute-boolean-style': 'off', 'no-trailing-whitespace': 'off', 'prefer-native-element': 'off' } });
async function valid(body: string, url: string) {
  const report = await validator.validateString(body, url);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${url} ${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
  assert.deepEqual(messages, [], messages.join('\n'));
  assert.equal((body.match(/<h1[\s>]/g) ?? []).length, 1, `${url}: one h1`);
}

const form = (csrf: string, extra: Record<string, string> = {}) => ({ _csrf: csrf, kind: 'disclosure', id: String(id), message: '请问本项目的预算金额是否包含运维费用？', name: '王先生', contact: '13812345678', visibility: 'public', website: '', ...extra });

describe('rules (pure)', () => {
  test('validation', () => {
    const cases: [Partial<Parameters<typeof validateFeedback>[0]>, string | null][] = [
      [{}, null],
      [{ message: '' }, 'message'],
      [{ message: '短' }, 'message'],
      [{ message: 'x'.repeat(2001) }, 'message'],
      [{ contact: 'not-a-contact' }, 'contact'],
      [{ contact: '', wantsReply: true }, 'contact'],
      [{ contact: 'a@example.cn', wantsReply: true }, null],
      [{ contact: '0751-8888888' }, null],
      [{ visibility: '' }, 'visibility'],
      [{ name: '名'.repeat(51) }, 'name'],
    ];
    for (const [patch, field] of cases) {
      const r = validateFeedback({ name: '', contact: '', wantsReply: false, message: '这条信息的日期有误吗？', visibility: 'public', ...patch });
      if (field === null) assert.ok(r.ok, JSON.stringify(patch));
      else assert.ok(!r.ok && r.errors.some((e) => e.field === field), JSON.stringify(patch));
    }
  });

  test('reply due on the official calendar (National Day holiday skipped)', () => {
    const cal = loadBundledCalendar();
    // 2025-09-30 + 5 working days: 1–8 October are holidays, 11 October (Sat) is a make-up working day.
    assert.equal(replyDue(cal, '2025-09-30', 5), '2025-10-14');
    assert.equal(replyDue(cal, '2025-06-03', 5), '2025-06-10');
    assert.equal(replyDue(cal, '2030-01-02', 5), null);
  });

  test('status: stale after 3 months beats overdue', () => {
    const cases: [string, string | null, string, string][] = [
      ['2026-11-02', '2026-11-09', '2026-11-05', 'pending'],
      ['2026-11-02', '2026-11-09', '2026-11-08', 'due_soon'],
      ['2026-11-02', '2026-11-09', '2026-11-10', 'overdue'],
      ['2026-07-01', '2026-07-08', '2026-10-02', 'stale'],
      ['2026-07-01', null, '2026-08-01', 'unknown'],
    ];
    for (const [submitted, due, today, kind] of cases) assert.equal(statusOf({ state: 'pending', submitted_date: submitted, due_date: due, answered_date: null }, today).kind, kind, `${submitted} ${today}`);
    assert.deepEqual(statusOf({ state: 'answered', submitted_date: '2026-11-02', due_date: '2026-11-09', answered_date: '2026-11-10' }, '2026-11-20'), { kind: 'answered', late: true });
  });

  test('19号: answered after 3 months still counts within the past year', () => {
    const cases: [string, string, string, boolean][] = [
      ['2026-01-05', '2026-04-06', '2026-11-27', true],
      ['2026-01-05', '2026-04-05', '2026-11-27', false],
      ['2025-01-05', '2025-06-01', '2026-11-27', false],
      ['2026-10-01', '2026-10-05', '2026-11-27', false],
    ];
    for (const [submitted, answered, today, flagged] of cases) assert.equal(answeredAfterThreeMonths({ state: 'answered', submitted_date: submitted, answered_date: answered }, today), flagged, `${submitted} → ${answered}`);
  });
});

describe('HTTP', () => {
  test('the disclosure page carries the form; it is valid HTML', async () => {
    const c = new Client(env.app);
    const res = await c.get(`/disclosures/${id}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /对此信息有疑问/);
    assert.match(res.body, /name="website"/);
    await valid(res.body, `/disclosures/${id}`);
  });

  test('CSRF is required', async () => {
    const c = new Client(env.app);
    await c.get(`/disclosures/${id}`);
    const res = await c.post('/feedback', form('wrong-token'));
    assert.equal(res.statusCode, 403);
  });

  test('validation errors re-render the form with the input kept', async () => {
    const c = new Client(env.app);
    const csrf = await c.csrfFrom(`/disclosures/${id}`);
    const res = await c.post('/feedback', form(csrf, { message: '', contact: 'xx' }));
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /请填写留言内容/);
    assert.match(res.body, /联系方式应为/);
    assert.match(res.body, /value="王先生"/);
    await valid(res.body, 'feedback-errors');
  });

  test('the honeypot rejects and stores nothing', async () => {
    const c = new Client(env.app);
    const csrf = await c.csrfFrom(`/disclosures/${id}`);
    const before = await env.ctx.database.db.selectFrom('feedback').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await c.post('/feedback', form(csrf, { website: 'http://spam.example' }));
    assert.equal(res.statusCode, 400);
    const afterCount = await env.ctx.database.db.selectFrom('feedback').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });

  test('unknown target is 404', async () => {
    const c = new Client(env.app);
    const csrf = await c.csrfFrom(`/disclosures/${id}`);
    assert.equal((await c.post('/feedback', form(csrf, { id: '999999' }))).statusCode, 404);
    assert.equal((await c.post('/feedback', form(csrf, { kind: 'bogus' }))).statusCode, 404);
  });

  test('submit → department answers → shown publicly, masked, without contact; private stays hidden', async () => {
    const c = new Client(env.app);
    const csrf = await c.csrfFrom(`/disclosures/${id}`);
    const res = await c.post('/feedback', form(csrf, { message: '我的身份证号11010519491231002X，请问预算是否含运维？' }));
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /留言已提交/);
    await valid(res.body, 'feedback-receipt');
    await valid((await c.get(`/feedback/new?kind=disclosure&id=${id}`)).body, '/feedback/new');
    const priv = await c.post('/feedback', form(csrf, { visibility: 'private', message: '私下询问：联系人是谁？' }));
    assert.equal(priv.statusCode, 200);
    const rows = await env.ctx.database.db.selectFrom('feedback').selectAll().orderBy('id').execute();
    const pub = rows.find((r) => r.message.includes('身份证'))!;
    const prv = rows.find((r) => r.message.includes('私下询问'))!;
    assert.equal(pub.department_id, env.ids.czj);
    assert.ok(pub.due_date && pub.due_date > pub.submitted_date, "pub.due_date && pub.due_date > pub.submitted_date");
    assert.equal(pub.ip_hash.length, 64);

    // Another department's staff cannot see it; the office and the department can.
    const other = await new Client(env.app).login('nyj-editor');
    assert.equal((await other.get(`/admin/feedback/${pub.id}`)).statusCode, 403);
    assert.doesNotMatch((await other.get('/admin/feedback')).body, /身份证/);
    const office = await new Client(env.app).login('office');
    assert.equal((await office.get(`/admin/feedback/${pub.id}`)).statusCode, 200);

    const staff = await new Client(env.app).login('editor');
    const list = await staff.get('/admin/feedback');
    assert.equal(list.statusCode, 200);
    await valid(list.body, '/admin/feedback');
    const detail = await staff.get(`/admin/feedback/${pub.id}`);
    await valid(detail.body, '/admin/feedback/:id');
    const scsrf = await staff.csrfFrom(`/admin/feedback/${pub.id}`);
    assert.equal((await staff.post(`/admin/feedback/${pub.id}/answer`, { _csrf: scsrf, answer: '' })).statusCode, 400);
    assert.equal((await staff.post(`/admin/feedback/${pub.id}/answer`, { _csrf: scsrf, answer: '预算已包含三年运维费用。' })).statusCode, 303);
    assert.equal((await staff.post(`/admin/feedback/${pub.id}/answer`, { _csrf: scsrf, answer: '再答一次' })).statusCode, 409);
    assert.equal((await staff.post(`/admin/feedback/${prv.id}/answer`, { _csrf: scsrf, answer: '联系人见公告。' })).statusCode, 303);

    const page = await new Client(env.app).get(`/disclosures/${id}`);
    assert.match(page.body, /预算已包含三年运维费用/);
    assert.doesNotMatch(page.body, /11010519491231002X/);
    assert.match(page.body, /11\*+02X|【已删除】|\*{4}/);
    assert.doesNotMatch(page.body, /13812345678/);
    assert.doesNotMatch(page.body, /王先生/);
    assert.doesNotMatch(page.body, /联系人见公告/);

    // Staff mark the public one private: it leaves the page; both changes are events.
    assert.equal((await staff.post(`/admin/feedback/${pub.id}/visibility`, { _csrf: scsrf, private: '1', reason: '' })).statusCode, 400);
    assert.equal((await staff.post(`/admin/feedback/${pub.id}/visibility`, { _csrf: scsrf, private: '1', reason: '涉及个人信息' })).statusCode, 303);
    assert.doesNotMatch((await new Client(env.app).get(`/disclosures/${id}`)).body, /预算已包含三年运维费用/);
    const events = (await historyOf(env.ctx.database.db, 'feedback', pub.id)).map((e) => e.action);
    assert.deepEqual(events, ['submit', 'answer', 'make_private']);
    assert.doesNotMatch(JSON.stringify(await historyOf(env.ctx.database.db, 'feedback', pub.id)), /13812345678|王先生/);
  });

  test('per-IP rate limit answers 429', async () => {
    const c = new Client(env.app);
    const csrf = await c.csrfFrom(`/disclosures/${id}`);
    const headers = { 'x-forwarded-for': '10.9.9.9' };
    // TRUST_PROXY is off in tests, so all requests share the inject address; count what is left.
    let status = 0;
    for (let i = 0; i < 8 && status !== 429; i++) status = (await c.post('/feedback', form(csrf, { message: `第${i}条测试留言内容` }), headers)).statusCode;
    assert.equal(status, 429);
  });

  test('3-month flag on the console and the office dashboard', async () => {
    const office = await principalOf(env, 'office');
    const at = new Date(Date.now() - 120 * 86_400_000).toISOString().slice(0, 10);
    await env.ctx.feedback.seedOne(env.ctx.database.db, { kind: 'disclosure', targetId: id, departmentId: env.ids.czj, message: '很久以前的留言，一直没有答复', publicRequested: true, date: at });
    const o = await env.ctx.feedback.overview(office);
    assert.ok(o.stale >= 1, "o.stale >= 1");
    const c = await new Client(env.app).login('office');
    const dash = await c.get('/admin/supervision');
    assert.equal(dash.statusCode, 200);
    assert.match(dash.body, /超过3个月未答复 [1-9]/);
    const list = await c.get('/admin/feedback?show=pending');
    assert.match(list.body, /超过3个月未答复<\/span>/);
  });
});
