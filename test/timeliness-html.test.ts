// The timeliness console pages are valid HTML (html-validate, recommended rules, no inline
// styles – the trend chart's SVG included) with exactly one <h1>.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { HtmlValidate } from 'html-validate';
import { Client, createTestEnv, principalOf, type TestEnv } from './helpers/context.ts';

let env: TestEnv;
let obligation = 0;
before(async () => {
  env = await createTestEnv();
  const t = env.ctx.itemTypes.all().find((x) => x.deadlineRule === 'formation-20wd')!;
  obligation = await env.ctx.timeliness.obligations.register(await principalOf(env, 'editor'), { departmentId: env.ids.czj, itemTypeId: t.id, title: '资金分配结果', formedDate: '2025-01-02', note: '备注' });
  await env.ctx.timeliness.reminders.run(new Date());
});
after(async () => env?.close());

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'long-title': 'off', 'no-inline-style': 'error', 'doctype-style': 'off', 'attribute-boolean-style': 'off', 'no-trailing-whitespace': 'off', 'prefer-native-element': 'off' },
});

async function valid(c: Client, url: string, body?: string) {
  const html = body ?? (await c.get(url)).body;
  const report = await validator.validateString(html, url);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${url} ${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
  assert.deepEqual(messages, [], messages.join('\n'));
  assert.equal((html.match(/<h1[\s>]/g) ?? []).length, 1, `${url}: exactly one h1`);
}

test('office pages', async () => {
  const c = await new Client(env.app).login('office');
  for (const url of ['/admin/supervision', '/admin/calendar', '/admin/obligations', '/admin/obligations?state=overdue', `/admin/obligations/${obligation}`, '/admin/notifications']) await valid(c, url);
  const csrf = await c.csrfFrom('/admin/calendar');
  const pv = await c.post('/admin/calendar/preview', { _csrf: csrf, csvText: 'date,weekday,type,name,notice_year,source\n2027-01-01,Fri,holiday,元旦,2027,https://example.gov.cn/' });
  assert.equal(pv.statusCode, 200);
  await valid(c, '/admin/calendar/preview', pv.body);
  const bad = await c.post('/admin/calendar/preview', { _csrf: csrf, csvText: 'nonsense' });
  assert.equal(bad.statusCode, 400);
  await valid(c, '/admin/calendar (error)', bad.body);
});

test('department pages', async () => {
  const c = await new Client(env.app).login('editor');
  for (const url of ['/admin/supervision', '/admin/obligations/new', `/admin/obligations/${obligation}`]) await valid(c, url);
  const csrf = await c.csrfFrom('/admin/obligations/new');
  const res = await c.post('/admin/obligations', { _csrf: csrf, departmentId: String(env.ids.czj), itemTypeId: '', title: '', formedDate: '', note: '' });
  assert.equal(res.statusCode, 400);
  await valid(c, '/admin/obligations (errors)', res.body);
});
