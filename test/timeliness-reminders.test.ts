// Reminders through a real SMTP server started here (smtp-server on 127.0.0.1): run the job twice,
// each mail arrives exactly once with the department's recipients and a Chinese subject. And the
// scheduler's lock: two concurrent runners (two connection pools on PostgreSQL, one process on
// SQLite) never run the same job at once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { openDatabase } from '../src/db/index.ts';
import { REMINDER_JOB, appJobs } from '../src/jobs/index.ts';
import { Scheduler } from '../src/jobs/scheduler.ts';
import { ReminderService } from '../src/modules/timeliness/reminders.ts';
import type { Mailer } from '../src/modules/timeliness/mailer.ts';
import { Client, createTestEnv, principalOf, publishIntention, type TestEnv } from './helpers/context.ts';

interface Received {
  to: string[];
  subject: string;
  body: string;
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=), adjacent ones joined. */
function decodeHeader(v: string): string {
  return v
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _cs: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

function parseMail(raw: string): { subject: string; body: string } {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subject = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const isB64 = /^Content-Transfer-Encoding: base64/im.test(unfolded);
  const isQp = /^Content-Transfer-Encoding: quoted-printable/im.test(unfolded);
  const bodyRaw = rest.join('\n\n');
  const body = isB64 ? Buffer.from(bodyRaw.replace(/\s+/g, ''), 'base64').toString('utf8') : isQp ? Buffer.from(bodyRaw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8') : bodyRaw;
  return { subject: decodeHeader(subject), body };
}

const received: Received[] = [];
let smtp: SMTPServer;
let env: TestEnv;
const NOW = new Date('2026-11-26T02:00:00.000Z'); // Thursday 10:00 in China, a working day
const CZJ_MAIL = ['editor2@czj.example.gov.cn', 'editor@czj.example.gov.cn', 'reviewer2@czj.example.gov.cn', 'reviewer@czj.example.gov.cn'];
const ids: Record<string, number> = {};

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address).sort(), ...parseMail(Buffer.concat(chunks).toString('utf8')) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  env = await createTestEnv({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: '公开平台 <noreply@gongkai.example.gov.cn>' });
  const { db } = env.ctx.database;
  for (const u of ['editor', 'editor2', 'reviewer', 'reviewer2']) await db.updateTable('users').set({ email: `${u}@czj.example.gov.cn` }).where('username', '=', u).execute();
  await db.updateTable('users').set({ email: 'nyj@nyj.example.gov.cn' }).where('username', '=', 'nyj-editor').execute();
  await db.updateTable('users').set({ email: 'office@gkb.example.gov.cn' }).where('username', '=', 'office').execute();

  const czj = await principalOf(env, 'editor');
  const nyj = await principalOf(env, 'nyj-editor');
  const t = env.ctx.itemTypes.all().find((x) => x.deadlineRule === 'formation-20wd')!;
  const reg = (p: typeof czj, dept: number, title: string, formedDate: string) => env.ctx.timeliness.obligations.register(p, { departmentId: dept, itemTypeId: t.id, title, formedDate, note: '' });
  ids.overdue = await reg(czj, env.ids.czj, '年度资金分配结果', '2025-01-02');
  ids.soon = await reg(czj, env.ids.czj, '补助对象名单', '2026-10-29'); // + 20 wd = 2026-11-26 (today)
  ids.later = await reg(nyj, env.ids.nyj, '农机补贴名单', '2026-11-20'); // + 20 wd = 2026-12-18
  const sample = await publishIntention(env, '字段样本');
  const intention = env.ctx.itemTypes.byCodeOrUndefined('procurement-intention')!;
  const fields = JSON.parse((await db.selectFrom('disclosures').select('fields').where('id', '=', sample).executeTakeFirstOrThrow()).fields);
  // 采购意向 is due 30 days before procurement starts: 2026-11-02 → 2026-10-03, long passed.
  ids.draft = await env.ctx.disclosures.createDraft(nyj, { itemTypeId: intention.id, departmentId: env.ids.nyj, projectId: null, title: '农业局采购意向', body: '', formedDate: '2026-11-02', fields });
});

after(async () => {
  await env?.close();
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
});

const waitFor = async (n: number) => {
  for (let i = 0; i < 100 && received.length < n; i++) await new Promise((r) => setTimeout(r, 50));
};

describe('reminders by e-mail through a real SMTP server', () => {
  test('the job run twice sends each reminder exactly once, to the responsible department, in Chinese', async () => {
    const scheduler = new Scheduler(env.ctx.database.db, env.ctx.database.dialect, appJobs(env.ctx));
    const first = await scheduler.runOnce(REMINDER_JOB, { now: NOW, force: true });
    assert.equal(first.status, 'ran');
    assert.equal(first.status === 'ran' && first.summary.sent, 3);
    const second = await scheduler.runOnce(REMINDER_JOB, { now: NOW, force: true });
    assert.equal(second.status === 'ran' && second.summary.created, 0);
    assert.equal(second.status === 'ran' && second.summary.sent, 0);
    await waitFor(3);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(received.length, 3, JSON.stringify(received.map((m) => m.subject)));

    const bySubject = (re: RegExp) => received.filter((m) => re.test(m.subject));
    const overdue = bySubject(/“年度资金分配结果”/);
    assert.equal(overdue.length, 1);
    assert.deepEqual(overdue[0]!.to, CZJ_MAIL);
    const due = env.ctx.due('formation-20wd', '2025-01-02').dueDate!;
    assert.equal(overdue[0]!.subject, `【公开逾期提醒】“年度资金分配结果”已超过公开期限（${due}）`);
    assert.match(overdue[0]!.body, new RegExp(`/admin/obligations/${ids.overdue}`));

    const soon = bySubject(/“补助对象名单”/);
    assert.equal(soon.length, 1);
    assert.equal(soon[0]!.subject, '【公开期限提醒】“补助对象名单”将于 2026-11-26 到期');
    assert.deepEqual(soon[0]!.to, CZJ_MAIL);

    const draft = bySubject(/“农业局采购意向”/);
    assert.equal(draft.length, 1);
    assert.deepEqual(draft[0]!.to, ['nyj@nyj.example.gov.cn']);
    assert.match(draft[0]!.subject, /^【公开逾期提醒】/);
    assert.equal(bySubject(/农机补贴名单/).length, 0, 'due in more than 3 working days: no reminder yet');

    const rows = await env.ctx.database.db.selectFrom('reminders').selectAll().orderBy('id').execute();
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.sent_at), "rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.sent_at)");
    assert.deepEqual(JSON.parse(rows.find((r) => r.subject === 'disclosure' && r.subject_id === ids.draft)!.recipients), ['nyj@nyj.example.gov.cn']);

    // Without force the job is not due again within its interval, and each run is recorded.
    assert.equal((await scheduler.runOnce(REMINDER_JOB, { now: NOW })).status, 'not_due');
    const runs = await scheduler.history(REMINDER_JOB);
    assert.equal(runs.length, 2);
    assert.ok(runs.every((r) => r.status === 'ok'), "runs.every((r) => r.status === 'ok')");
    assert.equal(JSON.parse(runs[1]!.summary!).sent, 3);
  });

  test('the next reminder of the same item (missed the day after) is a new, single mail', async () => {
    const before = received.length;
    const friday = new Date('2026-11-27T02:00:00.000Z'); // the day after 补助对象名单 was due
    await env.ctx.timeliness.reminders.run(friday);
    await env.ctx.timeliness.reminders.run(friday);
    await waitFor(before + 1);
    await new Promise((r) => setTimeout(r, 200));
    const fresh = received.slice(before);
    assert.deepEqual(fresh.map((m) => m.subject), ['【公开逾期提醒】“补助对象名单”已超过公开期限（2026-11-26）']);
  });

  test('the console lists the reminders of the user’s departments', async () => {
    const c = await new Client(env.app).login('nyj-editor');
    const res = await c.get('/admin/notifications');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /农业局采购意向/);
    assert.doesNotMatch(res.body, /年度资金分配结果/);
    const office = await new Client(env.app).login('office');
    const all = await office.get('/admin/notifications');
    assert.match(all.body, /年度资金分配结果/);
    assert.match(all.body, /已发邮件/);
  });
});

describe('delivery failures are retried, successes never repeated', () => {
  test('a failed send is retried on the next run and then recorded as sent once', async () => {
    const nyj = await principalOf(env, 'nyj-editor');
    const t = env.ctx.itemTypes.all().find((x) => x.deadlineRule === 'formation-20wd')!;
    await env.ctx.timeliness.obligations.register(nyj, { departmentId: env.ids.nyj, itemTypeId: t.id, title: '失败重试', formedDate: '2025-03-03', note: '' });
    const sent: string[] = [];
    let fail = true;
    const flaky: Mailer = {
      kind: 'smtp',
      async send(m) {
        if (fail) throw new Error('451 try again later');
        sent.push(m.subject);
      },
      close() {},
    };
    const svc = new ReminderService(env.ctx.database.db, () => env.ctx.timeliness.calendar.current(), flaky, 'http://x');
    const a = await svc.run(NOW);
    assert.deepEqual([a.created, a.failed, a.sent], [1, 1, 0]);
    let row = await env.ctx.database.db.selectFrom('reminders').selectAll().where('title', '=', '失败重试').executeTakeFirstOrThrow();
    assert.deepEqual([row.status, row.attempts], ['failed', 1]);
    assert.match(row.error ?? '', /451/);
    fail = false;
    const b = await svc.run(NOW);
    assert.deepEqual([b.created, b.sent], [0, 1]);
    await svc.run(NOW);
    assert.deepEqual(sent, [row.subject_line]);
    row = await env.ctx.database.db.selectFrom('reminders').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.status, row.attempts], ['sent', 2]);
  });
});

describe('only one runner runs a job at a time', () => {
  test('two concurrent runners: one runs, the other is told it is held', async () => {
    const { db, dialect } = env.ctx.database;
    // A second "instance": its own connection pool on PostgreSQL; on SQLite the same file and process.
    const second = dialect === 'postgres' ? await openDatabase(env.ctx.config, { migrate: false }) : null;
    try {
      let running = 0;
      let maxRunning = 0;
      let runs = 0;
      const slow = {
        name: 'lock-test',
        intervalMs: 60_000,
        async run() {
          running++;
          runs++;
          maxRunning = Math.max(maxRunning, running);
          await new Promise((r) => setTimeout(r, 400));
          running--;
          return { ok: true };
        },
      };
      const a = new Scheduler(db, dialect, [slow], { instance: 'instance-a' });
      const b = new Scheduler(second?.db ?? db, dialect, [slow], { instance: 'instance-b' });
      const results = await Promise.all([a.runOnce('lock-test', { force: true }), b.runOnce('lock-test', { force: true })]);
      assert.deepEqual(results.map((r) => r.status).sort(), ['ran', 'skipped']);
      assert.equal(runs, 1);
      assert.equal(maxRunning, 1);
      // Released afterwards: the other instance can run it now.
      assert.equal((await b.runOnce('lock-test', { force: true })).status, 'ran');
      assert.equal(runs, 2);
      const recorded = await db.selectFrom('job_runs').select(['instance', 'status']).where('job', '=', 'lock-test').orderBy('id').execute();
      assert.equal(recorded.length, 2);
      assert.ok(recorded.every((r) => r.status === 'ok'), "recorded.every((r) => r.status === 'ok')");
    } finally {
      await second?.destroy();
    }
  });

  test('the reminder job run by two instances at once still mails each reminder once', async () => {
    const { db, dialect } = env.ctx.database;
    const nyj = await principalOf(env, 'nyj-editor');
    const t = env.ctx.itemTypes.all().find((x) => x.deadlineRule === 'formation-20wd')!;
    await env.ctx.timeliness.obligations.register(nyj, { departmentId: env.ids.nyj, itemTypeId: t.id, title: '并发提醒', formedDate: '2025-04-01', note: '' });
    const second = dialect === 'postgres' ? await openDatabase(env.ctx.config, { migrate: false }) : null;
    try {
      const before = received.length;
      const a = new Scheduler(db, dialect, appJobs(env.ctx), { instance: 'a' });
      const b = new Scheduler(second?.db ?? db, dialect, appJobs(env.ctx), { instance: 'b' });
      const r = await Promise.all([a.runOnce(REMINDER_JOB, { now: NOW, force: true }), b.runOnce(REMINDER_JOB, { now: NOW, force: true })]);
      assert.ok(r.some((x) => x.status === 'ran'), "r.some((x) => x.status === 'ran')");
      await waitFor(before + 1);
      await new Promise((res) => setTimeout(res, 300));
      assert.deepEqual(received.slice(before).map((m) => m.subject), [`【公开逾期提醒】“并发提醒”已超过公开期限（${env.ctx.due('formation-20wd', '2025-04-01').dueDate}）`]);
    } finally {
      await second?.destroy();
    }
  });

  test('SQLite: a lease left by a crashed runner expires and is taken over; PostgreSQL: the lock dies with the session', async () => {
    const { db, dialect } = env.ctx.database;
    const job = { name: 'crash-test', intervalMs: 1000, run: async () => ({ ok: true }) };
    if (dialect === 'sqlite') {
      await db.insertInto('jobs').values({ name: 'crash-test', locked_by: 'dead', locked_until: new Date(Date.now() + 60_000).toISOString(), last_started_at: null, last_finished_at: null, last_status: null }).execute();
      const s = new Scheduler(db, dialect, [job], { instance: 'alive' });
      assert.equal((await s.runOnce('crash-test', { force: true })).status, 'skipped', 'a live lease is respected');
      await db.updateTable('jobs').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('name', '=', 'crash-test').execute();
      assert.equal((await s.runOnce('crash-test', { force: true })).status, 'ran', 'an expired lease is taken over');
      const row = await db.selectFrom('jobs').selectAll().where('name', '=', 'crash-test').executeTakeFirstOrThrow();
      assert.equal(row.locked_by, null, 'released after the run');
    } else {
      // Another instance's session holding the job's advisory lock, then ending (as a crashed process's would).
      const other = new pg.Client({ connectionString: env.ctx.config.databaseUrl, options: `-c search_path=${env.ctx.config.databaseSchema}` });
      other.on('error', () => {});
      await other.connect();
      const got = await other.query(`select pg_try_advisory_lock(hashtext(current_schema() || ':job:crash-test')) as ok`);
      assert.equal(got.rows[0].ok, true);
      const s = new Scheduler(db, dialect, [job], { instance: 'alive' });
      assert.equal((await s.runOnce('crash-test', { force: true })).status, 'skipped', 'held by the other session');
      await other.end();
      assert.equal((await s.runOnce('crash-test', { force: true })).status, 'ran', 'released when that session ended');
    }
  });
});
