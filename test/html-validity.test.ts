// Every kind of page is valid HTML with one <h1> and labelled landmarks (issue 2 §8),
// checked with html-validate's recommended rules on real responses.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { HtmlValidate } from 'html-validate';
import { Client, createTestEnv, publishIntention, type TestEnv } from './helpers/context.ts';

let env: TestEnv;
let id = 0;
before(async () => {
  env = await createTestEnv();
  id = await publishIntention(env, '2027年度政府采购意向（财政局）');
});
after(async () => env?.close());

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    // Chinese text has no word spaces; long attribute values (CSP-safe) are fine.
    'long-title': 'off',
    'no-inline-style': 'error',
    // Forms post back to themselves by design; Fastify emits lower-case doctype.
    'doctype-style': 'off',
    'attribute-boolean-style': 'off',
    'no-trailing-whitespace': 'off',
    'prefer-native-element': 'off',
  },
});

async function check(c: Client, url: string) {
  const res = await c.get(url);
  assert.equal(res.statusCode, 200, url);
  const report = await validator.validateString(res.body, url);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${url} ${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
  assert.deepEqual(messages, [], messages.join('\n'));
  assert.equal((res.body.match(/<h1[\s>]/g) ?? []).length, 1, `${url}: exactly one h1`);
  for (const landmark of ['<header', '<main', '<footer', 'aria-label="主导航"', 'aria-label="政府信息公开"']) {
    if (url.startsWith('/admin') && landmark === 'aria-label="主导航"') continue;
    assert.ok(res.body.includes(landmark), `${url}: ${landmark}`);
  }
}

test('public pages are valid HTML', async () => {
  const c = new Client(env.app);
  for (const url of ['/', '/sectors/procurement', '/sectors/housing?department=czj&from=2026-01-01', `/disclosures/${id}`, '/departments', '/departments/czj', '/projects', '/search?q=采购', '/admin/login']) {
    await check(c, url);
  }
});

test('console pages are valid HTML, including a form with errors', async () => {
  const c = await new Client(env.app).login('editor');
  for (const url of ['/admin', '/admin/disclosures', '/admin/disclosures/new', `/admin/disclosures/new?itemType=procurement-award&department=${env.ids.czj}`, '/admin/projects', '/admin/catalogue', `/admin/disclosures/${id}`]) {
    await check(c, url);
  }
  const csrf = await c.csrfFrom(`/admin/disclosures/new?itemType=procurement-award&department=${env.ids.czj}`);
  const res = await c.postMultipart('/admin/disclosures', { _csrf: csrf, itemType: 'procurement-award', departmentId: String(env.ids.czj), title: '', formedDate: 'x', _action: 'save' }, []);
  assert.equal(res.statusCode, 400);
  const report = await validator.validateString(res.body, 'error-form');
  assert.deepEqual(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`)), []);
});
