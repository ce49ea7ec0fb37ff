// Bad input gets a clear Chinese error and loses nothing (issue 2, "Bad input").
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestEnv, tinyPdf, type TestEnv } from './helpers/context.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv({ MAX_UPLOAD_MB: '1' });
});
after(async () => env?.close());

async function newForm(c: Client) {
  return c.csrfFrom(`/admin/disclosures/new?itemType=procurement-award&department=${env.ids.czj}`);
}

async function draftCount() {
  const r = await env.ctx.database.db.selectFrom('disclosures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('forms', () => {
  test('invalid fields re-render with status 400, a linked Chinese error summary and every typed value kept', async () => {
    const c = await new Client(env.app).login('editor');
    const csrf = await newForm(c);
    const before = await draftCount();
    const res = await c.postMultipart('/admin/disclosures', {
      _csrf: csrf,
      itemType: 'procurement-award',
      departmentId: String(env.ids.czj),
      title: '',
      formedDate: '2026-02-30',
      body: '正文<保留>',
      'f.projectCode': 'ZJCG-2026-099',
      'f.budgetAmount': '十万元',
      'f.suppliers.0.name': '韶关市某某有限公司',
      'f.suppliers.0.creditCode': '91440204MA4UX1Y2X0',
      _action: 'save',
    }, []);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /class="error-summary"/);
    assert.match(res.body, /请填写标题/);
    assert.match(res.body, /日期格式应为 YYYY-MM-DD/);
    assert.match(res.body, /href="#fld-title"/, 'summary links to the field');
    assert.match(res.body, /统一社会信用代码/);
    // What the user typed is still there, escaped.
    assert.match(res.body, /value="ZJCG-2026-099"/);
    assert.match(res.body, /value="十万元"/);
    assert.match(res.body, /value="91440204MA4UX1Y2X0"/);
    assert.match(res.body, />正文&lt;保留&gt;<\/textarea>/);
    assert.equal(await draftCount(), before, 'nothing saved');
  });

  test('a wrong file type is refused with 415 and a clear message; nothing is saved', async () => {
    const c = await new Client(env.app).login('editor');
    const csrf = await newForm(c);
    const before = await draftCount();
    const res = await c.postMultipart('/admin/disclosures', { _csrf: csrf, itemType: 'procurement-award', departmentId: String(env.ids.czj), title: 'x', formedDate: '2026-11-20', _action: 'save' }, [
      { name: 'files', filename: '中标公告.pdf', data: Buffer.from('<html><script>alert(1)</script></html>'), type: 'application/pdf' },
    ]);
    assert.equal(res.statusCode, 415);
    assert.match(res.body, /类型不受支持：仅接受 PDF、DOCX、XLSX、JPEG、PNG/);
    assert.match(res.body, /value="x"/, 'the form is kept');
    assert.equal(await draftCount(), before);
  });

  test('an oversized upload is refused with 413', async () => {
    const c = await new Client(env.app).login('editor');
    const csrf = await newForm(c);
    const big = Buffer.concat([tinyPdf(), Buffer.alloc(1_200_000, 0x20)]);
    const res = await c.postMultipart('/admin/disclosures', { _csrf: csrf, itemType: 'procurement-award', departmentId: String(env.ids.czj), title: 'x', formedDate: '2026-11-20', _action: 'save' }, [{ name: 'files', filename: 'big.pdf', data: big }]);
    assert.equal(res.statusCode, 413);
    assert.match(res.body, /超过大小上限/);
  });

  test('an oversized form body is refused with 413', async () => {
    const c = await new Client(env.app).login('editor');
    const csrf = await c.csrfFrom('/admin/projects');
    const res = await c.post('/admin/projects', { _csrf: csrf, code: 'X', title: 'x'.repeat(1_100_000) });
    assert.equal(res.statusCode, 413);
  });

  test('a form without a valid CSRF token is refused with 403', async () => {
    const c = await new Client(env.app).login('editor');
    const res = await c.post('/admin/projects', { _csrf: 'forged-token-forged-token', code: 'ZJ-1', title: 'x', sector: 'procurement', departmentId: String(env.ids.czj) });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /CSRF/);
    const anon = new Client(env.app);
    assert.equal((await anon.post('/admin/login', { username: 'editor', password: 'x' })).statusCode, 403);
  });

  test('the project form re-renders its errors and keeps the input', async () => {
    const c = await new Client(env.app).login('editor');
    const csrf = await c.csrfFrom('/admin/projects');
    const res = await c.post('/admin/projects', { _csrf: csrf, code: '中文编号', title: '某工程', sector: 'construction', departmentId: String(env.ids.czj), investmentCode: '2025-44' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /项目编号只能包含字母、数字、连字符/);
    assert.match(res.body, /投资项目代码格式不正确/);
    assert.match(res.body, /value="某工程"/);
  });
});

describe('accounts', () => {
  test('login is rate-limited after 5 failures per user name (429 with Retry-After)', async () => {
    const c = new Client(env.app);
    for (let i = 0; i < 5; i++) {
      const csrf = await c.csrfFrom('/admin/login');
      const r = await c.post('/admin/login', { _csrf: csrf, username: 'reviewer2', password: 'wrong' });
      assert.equal(r.statusCode, 401);
      assert.match(r.body, /用户名或密码不正确/);
      assert.match(r.body, /value="reviewer2"/);
    }
    const csrf = await c.csrfFrom('/admin/login');
    const r = await c.post('/admin/login', { _csrf: csrf, username: 'reviewer2', password: 'Test-password-2026' });
    assert.equal(r.statusCode, 429);
    assert.ok(r.headers['retry-after'], "r.headers['retry-after']");
  });

  test('session cookie is HttpOnly and SameSite=Lax; the console needs a login', async () => {
    const c = new Client(env.app);
    const csrf = await c.csrfFrom('/admin/login');
    const r = await c.post('/admin/login', { _csrf: csrf, username: 'office', password: 'Test-password-2026' });
    const cookie = ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((s) => s.startsWith('gk_session='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    const anon = await new Client(env.app).get('/admin');
    assert.equal(anon.statusCode, 303);
    assert.match(String(anon.headers.location), /^\/admin\/login\?next=/);
  });

  test('passwords are stored as argon2id hashes', async () => {
    const u = await env.ctx.database.db.selectFrom('users').select('password_hash').where('username', '=', 'editor').executeTakeFirstOrThrow();
    assert.match(u.password_hash, /^\$argon2id\$/);
  });
});

describe('pages', () => {
  const cases: [string, number][] = [
    ['/disclosures/999999', 404],
    ['/disclosures/abc', 404],
    ['/departments/nope', 404],
    ['/projects/0', 404],
    ['/sectors/nope', 404],
    ['/no/such/page', 404],
  ];
  for (const [url, status] of cases) {
    test(`${url} → ${status} page in Chinese without a stack trace`, async () => {
      const res = await new Client(env.app).get(url);
      assert.equal(res.statusCode, status);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.match(res.body, /未找到/);
      assert.doesNotMatch(res.body, /at .*\.ts:\d+|Error:/);
    });
  }

  test('security headers are sent on pages', async () => {
    const res = await new Client(env.app).get('/');
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
  });
});
