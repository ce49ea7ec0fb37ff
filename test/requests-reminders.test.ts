// Request deadline reminders through the timeliness scheduler (src/jobs/scheduler.ts): overdue and
// due-soon requests are reminded once, in the console and by mail (logged without SMTP_URL).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestEnv, type TestEnv } from './helpers/context.ts';
import { Scheduler } from '../src/jobs/scheduler.ts';
import { seedRequests } from '../src/modules/requests/seed.ts';
import { requestReminderSubject } from '../src/modules/requests/reminders.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
  await env.ctx.database.db.updateTable('users').set({ email: 'czj-staff@example.com' }).where('id', '=', env.ids.editor).execute();
  await env.ctx.database.db.transaction().execute((trx) => seedRequests(trx, { departments: [{ code: 'czj', id: env.ids.czj }], today: '2026-11-26' }));
});
after(async () => env?.close());

test('the scheduler runs the reminder job once; a second run sends nothing new', async () => {
  const scheduler = new Scheduler(env.ctx.database.db, env.ctx.database.dialect, [env.ctx.requests.job]);
  const now = new Date('2026-11-26T02:00:00Z');
  const first = await scheduler.runOnce(env.ctx.requests.job.name, { now, force: true });
  assert.equal(first.status, 'ran');
  const s = first.status === 'ran' ? first.summary : {};
  assert.ok(Number(s.created) >= 1, JSON.stringify(s));
  assert.equal(s.logged, s.created, 'no SMTP_URL: every reminder is logged for the console');
  const overdue = await env.ctx.database.db.selectFrom('request_reminders as m').innerJoin('requests as r', 'r.id', 'm.request_id').select(['m.kind', 'm.due_date', 'm.recipients', 'm.subject_line', 'r.ref_no']).where('m.kind', '=', 'overdue').execute();
  assert.equal(overdue.length, 1, 'the request received 2026-09-01 is overdue');
  assert.deepEqual(JSON.parse(overdue[0]!.recipients), ['czj-staff@example.com']);
  assert.equal(overdue[0]!.subject_line, requestReminderSubject('overdue', overdue[0]!.ref_no, overdue[0]!.due_date));
  const again = await scheduler.runOnce(env.ctx.requests.job.name, { now, force: true });
  assert.equal(again.status === 'ran' && again.summary.created, 0);
  const page = await (await new Client(env.app).login('editor')).get('/admin/requests');
  assert.match(page.body, /依申请公开逾期提醒/);
});

test('due soon: within 3 working days of the due date', async () => {
  // 2026-12-11: requests received mid-November fall due within 3 working days.
  const r = await env.ctx.requests.reminders.run(new Date('2026-12-11T02:00:00Z'));
  const soon = await env.ctx.database.db.selectFrom('request_reminders').select(['kind', 'due_date']).where('kind', '=', 'due_soon').execute();
  assert.ok(soon.length >= 1, JSON.stringify(r));
  for (const x of soon) assert.ok(x.due_date >= '2026-12-11' && x.due_date <= '2026-12-16', x.due_date);
});
