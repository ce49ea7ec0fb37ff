// Every page of issue 7 is valid HTML with exactly one <h1> (html-validate, same rules as
// test/html-validity.test.ts), public and console, in each state that shows different forms.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { HtmlValidate } from 'html-validate';
import { Client, createTestEnv, principalOf, type TestEnv } from './helpers/context.ts';
import { fileRequest, requestFields } from './helpers/requests.ts';
import { seedRequests } from '../src/modules/requests/seed.ts';

let env: TestEnv;
let code = '';
before(async () => {
  env = await createTestEnv();
  const userIds = new Map([['czj-editor', env.ids.editor], ['czj-reviewer', env.ids.reviewer]]);
  await env.ctx.database.db.transaction().execute((trx) => seedRequests(trx, { departments: [{ code: 'czj', id: env.ids.czj }], userIds, today: '2026-11-26' }));
  code = (await fileRequest(env.app)).code;
});
after(async () => env?.close());

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'long-title': 'off', 'no-inline-style': 'error', 'doctype-style': 'off', 'attribute-boolean-style': 'off', 'no-trailing-whitespace': 'off', 'prefer-native-element': 'off' },
});

async function check(body: string, url: string) {
  const report = await validator.validateString(body, url);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${url} ${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
  assert.deepEqual(messages, [], messages.join('\n'));
  assert.equal((body.match(/<h1[\s>]/g) ?? []).length, 1, `${url}: exactly one h1`);
}

async function get(c: Client, url: string) {
  const res = await c.get(url);
  assert.equal(res.statusCode, 200, `${url}: ${res.statusCode}`);
  await check(res.body, url);
}

test('public pages: form, receipt, tracking, status', async () => {
  const c = new Client(env.app);
  await get(c, '/requests/new');
  await get(c, '/requests/track');
  const csrf = await c.csrfFrom('/requests/new');
  const receipt = await c.post('/requests/new', { _csrf: csrf, ...requestFields() });
  await check(receipt.body, 'receipt');
  const invalid = await c.post('/requests/new', { _csrf: csrf, ...requestFields({ idNumber: '123' }) });
  assert.equal(invalid.statusCode, 400);
  await check(invalid.body, 'form with errors');
  const status = await c.post('/requests/track', { _csrf: await c.csrfFrom('/requests/track'), code, contact: '13912345678' });
  await check(status.body, 'status');
  const nf = await c.post('/requests/track', { _csrf: await c.csrfFrom('/requests/track'), code: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ', contact: '1' });
  await check(nf.body, 'not found');
});

test('console pages of a department in every state of a request', async () => {
  const c = await new Client(env.app).login('reviewer');
  await get(c, '/admin/requests');
  await get(c, '/admin/requests/new');
  await get(c, '/admin/review-cases');
  const rows = await env.ctx.database.db.selectFrom('requests').select(['id', 'state']).execute();
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.state)) continue;
    seen.add(r.state);
    await get(c, `/admin/requests/${r.id}`);
  }
  assert.deepEqual([...seen].sort(), ['answered', 'clarification', 'closed', 'consulting', 'fee_pending', 'in_progress', 'submitted']);
  // A draft answer with findings shows the scan and the acknowledgement form.
  const open = rows.find((r) => r.state === 'in_progress')!;
  await env.ctx.requests.answers.saveDraft(await principalOf(env, 'editor'), open.id, { answerType: 'provided', reason: null, body: '联系人身份证号11010519491231002X', where: '', agency: '' });
  await get(c, `/admin/requests/${open.id}`);
});

test('office and annual report pages', async () => {
  const office = await new Client(env.app).login('office');
  await get(office, '/admin/requests');
  await get(office, '/admin/annual-reports?year=2025');
  await get(office, '/admin/annual-reports/_district/2025/gov');
  await get(office, '/admin/annual-reports/_district/2025/gov/preview');
  const reviewer = await new Client(env.app).login('reviewer');
  await get(reviewer, '/admin/annual-reports/czj/2025/gov');
  await get(reviewer, '/admin/annual-reports/czj/2025/progress');
  await env.ctx.annualReports.publish(await principalOf(env, 'reviewer'), 'czj', 2025, 'gov');
  await env.ctx.annualReports.publish(await principalOf(env, 'office'), 'district', 2025, 'gov');
  const pub = new Client(env.app);
  await get(pub, '/departments/czj/annual-reports/2025');
  await get(pub, '/departments/czj/annual-reports');
  await get(pub, '/annual-reports/2025');
  await get(pub, '/annual-reports');
});
