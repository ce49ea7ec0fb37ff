// 依申请公开 against the real app and database (SQLite or PostgreSQL by DATABASE_URL): filing,
// receipt, tracking (generic not-found, brute-force limits), who may see what, and the clock's
// steps through the console.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { Client, createTestEnv, principalOf, type TestEnv } from './helpers/context.ts';
import { APPLICANT_ID, fileRequest, requestFields } from './helpers/requests.ts';
import { LIMITS } from '../src/modules/requests/service.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => env?.close());

async function track(c: Client, code: string, contact: string, headers: Record<string, string> = {}) {
  const csrf = await c.csrfFrom('/requests/track');
  return c.post('/requests/track', { _csrf: csrf, code, contact }, headers);
}

async function idOf(refNo: string): Promise<number> {
  const r = await env.ctx.database.db.selectFrom('requests').select('id').where('ref_no', '=', refNo).executeTakeFirstOrThrow();
  return r.id;
}

describe('filing a request (/requests/new)', () => {
  test('a valid request gets a receipt with an unguessable, formatted tracking code', async () => {
    const { code, refNo, body } = await fileRequest(env.app);
    assert.match(code, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/, '20 base32 characters = 100 bits');
    assert.match(refNo, /^YSQ\d{4}-\d{5}$/);
    assert.match(body, /以双方确认之日为收到申请之日/);
    const row = await env.ctx.database.db.selectFrom('requests').selectAll().where('ref_no', '=', refNo).executeTakeFirstOrThrow();
    assert.equal(row.state, 'submitted');
    assert.ok(!JSON.stringify(row).includes(code.replace(/-/g, '')), 'the code itself is not stored');
  });

  const bad: [string, Record<string, string>, number, RegExp][] = [
    ['ID number with a wrong check character', { idNumber: APPLICANT_ID.slice(0, 17) + (APPLICANT_ID.endsWith('1') ? '2' : '1') }, 400, /校验码/],
    ['no contact at all', { phone: '', email: '', deliveryMethod: 'online' }, 400, /至少填写联系电话或电子邮箱/],
    ['empty description', { description: '   ' }, 400, /请描述所需政府信息/],
    ['huge description', { description: '公开'.repeat(3000) }, 400, /不能超过5000个字/],
    ['abusive one-character description', { description: '啊啊啊啊啊啊啊啊啊啊啊啊' }, 400, /过于简单/],
    ['post without an address', { deliveryForm: 'paper', deliveryMethod: 'post', address: '' }, 400, /请填写通信地址/],
    ['an organisation with an invalid credit code', { applicantKind: 'business', idType: 'credit_code', idNumber: '91440204MA4UX1Y2X0' }, 400, /统一社会信用代码无效/],
    ['honeypot filled in', { website: 'http://spam.example' }, 400, /未通过校验/],
  ];
  for (const [name, over, status, message] of bad) {
    test(`refused: ${name}`, async () => {
      const c = new Client(env.app);
      const csrf = await c.csrfFrom('/requests/new');
      const before = await env.ctx.database.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const res = await c.post('/requests/new', { _csrf: csrf, ...requestFields(over) });
      assert.equal(res.statusCode, status);
      assert.match(res.body, message);
      const afterCount = await env.ctx.database.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(afterCount.n), Number(before.n), 'nothing stored');
      if (status === 400 && !name.startsWith('honeypot')) assert.match(res.body, /value="王晓明"|王晓明/, 'what was typed is kept');
    });
  }

  test('without the CSRF token nothing is filed', async () => {
    const res = await new Client(env.app).post('/requests/new', requestFields());
    assert.equal(res.statusCode, 403);
  });
});

describe('tracking (/requests/track)', () => {
  test('code + phone or e-mail shows the status; a wrong contact and an unknown code look the same', async () => {
    const { code, refNo } = await fileRequest(env.app);
    const c = new Client(env.app);
    const ok = await track(c, code.toLowerCase().replace(/-/g, ' '), '139-1234-5678');
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, new RegExp(refNo));
    assert.match(ok.body, /已提交，待确认收到/);
    assert.doesNotMatch(ok.body, new RegExp(APPLICANT_ID), 'identity never echoed');
    assert.equal((await track(c, code, 'WANG@example.com')).statusCode, 200, 'e-mail works too, case-insensitively');
    const wrongContact = await track(c, code, '13900000000');
    const unknownCode = await track(c, 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ', '13912345678');
    assert.equal(wrongContact.statusCode, 404);
    assert.equal(unknownCode.statusCode, 404);
    const msg = (b: string) => /<h2>未找到申请<\/h2><p>([^<]+)</.exec(b)?.[1];
    assert.ok(msg(wrongContact.body), "msg(wrongContact.body)");
    assert.equal(msg(wrongContact.body), msg(unknownCode.body), 'same generic answer');
    assert.doesNotMatch(wrongContact.body, new RegExp(refNo));
  });
});

describe('who sees a request', () => {
  test('the target department sees it in full; another department and the office do not see the applicant', async () => {
    const { refNo } = await fileRequest(env.app);
    const id = await idOf(refNo);
    const czj = await new Client(env.app).login('editor');
    const list = await czj.get('/admin/requests');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(refNo));
    const detail = await czj.get(`/admin/requests/${id}`);
    assert.equal(detail.statusCode, 200);
    assert.match(detail.body, new RegExp(APPLICANT_ID));
    assert.match(detail.body, /13912345678/);

    const nyj = await new Client(env.app).login('nyj-editor');
    assert.equal((await nyj.get(`/admin/requests/${id}`)).statusCode, 404);
    assert.doesNotMatch((await nyj.get('/admin/requests')).body, new RegExp(refNo));

    const office = await new Client(env.app).login('office');
    assert.equal((await office.get(`/admin/requests/${id}`)).statusCode, 404);
    const overview = await office.get('/admin/requests');
    assert.equal(overview.statusCode, 200);
    assert.match(overview.body, new RegExp(refNo), 'the office sees the deadline list');
    for (const secret of [APPLICANT_ID, '王晓明', '13912345678', 'wang@example.com', '政府采购合同及履约验收报告']) assert.ok(!overview.body.includes(secret), `office page must not show ${secret}`);
  });

  test('an "unsure" request: the office routes it seeing only the masked description', async () => {
    const { refNo } = await fileRequest(env.app, { department: 'unsure', description: '请提供我村道路硬化工程的中标单位，联系人李四电话13800138000。' });
    const id = await idOf(refNo);
    const office = await new Client(env.app).login('office');
    const page = await office.get('/admin/requests');
    assert.match(page.body, new RegExp(`${refNo}`));
    assert.match(page.body, /138\*\*\*\*8000/, 'phone in the description masked');
    assert.ok(!page.body.includes('13800138000'), "!page.body.includes('13800138000')");
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await office.post(`/admin/requests/${id}/route`, { _csrf: csrf, department: String(env.ids.czj) });
    assert.equal(res.statusCode, 303);
    const czj = await new Client(env.app).login('editor');
    assert.equal((await czj.get(`/admin/requests/${id}`)).statusCode, 200);
  });
});

describe('the clock through the console', () => {
  test('confirm receipt, consult a third party (paused), resume; extension needs a reviewer', async () => {
    const { refNo, code } = await fileRequest(env.app);
    const id = await idOf(refNo);
    const editor = await new Client(env.app).login('editor');
    const step = async (c: Client, path: string, form: Record<string, string>) => {
      const csrf = await c.csrfFrom(`/admin/requests/${id}`);
      return c.post(`/admin/requests/${id}/${path}`, { _csrf: csrf, ...form });
    };
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    assert.equal((await step(editor, 'confirm', { date: today })).statusCode, 303);
    let row = await env.ctx.database.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'in_progress');
    assert.equal(row.received_date, today);
    assert.equal((await step(editor, 'step', { kind: 'consult', party: 'third_party', name: '某公司', date: today })).statusCode, 303);
    row = await env.ctx.database.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'consulting');
    assert.equal(row.due_date, null, 'paused');
    const tracked = await track(new Client(env.app), code, '13912345678');
    assert.match(tracked.body, /暂停计算/);
    assert.match(tracked.body, /不计入答复期限/);
    assert.equal((await step(editor, 'step', { kind: 'consulted', consultId: '1', date: today })).statusCode, 303);
    const forbidden = await step(editor, 'step', { kind: 'extend', days: '20', approver: '主任', date: today });
    assert.equal(forbidden.statusCode, 403, 'an editor alone cannot extend');
    const reviewer = await new Client(env.app).login('reviewer');
    const tooLong = await step(reviewer, 'step', { kind: 'extend', days: '25', approver: '主任', date: today });
    assert.equal(tooLong.statusCode, 409);
    assert.match(tooLong.body, /不得超过20个工作日/);
    assert.equal((await step(reviewer, 'step', { kind: 'extend', days: '10', approver: '办公室主任', date: today })).statusCode, 303);
    const again = await step(reviewer, 'step', { kind: 'extend', days: '5', approver: '办公室主任', date: today });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /只能延长一次/);
    const events = await env.ctx.database.db.selectFrom('events').select('action').where('entity', '=', 'request').where('entity_id', '=', id).orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.action), ['submit', 'receive', 'consult', 'consulted', 'extend']);
  });

  test('a 补正 notice after 7 working days is refused with the article', async () => {
    const p = await principalOf(env, 'editor');
    const { id } = await env.ctx.requests.service.register(p, { ...requestFields(), channel: 'in_person', receivedDate: '2026-11-02' });
    await assert.rejects(env.ctx.requests.service.step(p, id, { kind: 'clarify', date: '2026-11-12', until: '2026-11-30' }), /7个工作日内/);
  });
});

describe('brute force on tracking codes', () => {
  test(`after ${LIMITS.trackFailuresPerIp} failures from one address even the right code is refused (429)`, async () => {
    const { code } = await fileRequest(env.app);
    const c = new Client(env.app);
    for (let i = 0; i < LIMITS.trackFailuresPerIp; i++) {
      const r = await trackFrom(env.app, c, '10.1.1.1', `AAAA-BBBB-CCCC-DDDD-${String(1000 + i).slice(-4).replace(/[01]/g, '2')}`, '13912345678');
      assert.equal(r.statusCode, 404, `attempt ${i + 1}`);
    }
    const blocked = await trackFrom(env.app, c, '10.1.1.1', code, '13912345678');
    assert.equal(blocked.statusCode, 429);
    assert.ok(blocked.headers['retry-after'], "blocked.headers['retry-after']");
    assert.equal((await trackFrom(env.app, c, '10.1.1.2', code, '13912345678')).statusCode, 200, 'another address is not affected');
  });

  test(`one code guessed with wrong contacts from many addresses is locked after ${LIMITS.trackFailuresPerCode}`, async () => {
    const { code } = await fileRequest(env.app);
    const c = new Client(env.app);
    for (let i = 0; i < LIMITS.trackFailuresPerCode; i++) assert.equal((await trackFrom(env.app, c, `10.2.0.${i + 1}`, code, `1390000000${i}`)).statusCode, 404);
    assert.equal((await trackFrom(env.app, c, '10.2.0.99', code, '13912345678')).statusCode, 429);
  });
});

/** Tracks from a given client address (Fastify's req.ip comes from the socket in tests). */
async function trackFrom(app: FastifyInstance, c: Client, remoteAddress: string, code: string, contact: string) {
  const csrf = await c.csrfFrom('/requests/track');
  const body = new URLSearchParams({ _csrf: csrf, code, contact }).toString();
  const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return app.inject({ method: 'POST', url: '/requests/track', payload: body, remoteAddress, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie } });
}
