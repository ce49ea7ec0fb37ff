// The calendar in the database: the public calendar API (2018–2026 answers, 2027 refused), and
// importing a notice (console and CLI) which recomputes every open deadline in one transaction.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { BUNDLED_CSV_PATH } from '../src/calendar/index.ts';
import { timelinessOf } from '../src/modules/timeliness/due.ts';
import { Client, createTestEnv, principalOf, publishIntention, type TestEnv } from './helpers/context.ts';

const HEADER = 'date,weekday,type,name,notice_year,source';
// A fictitious 2027 notice: 元旦 Fri Jan 1; 春节 Mon Feb 8–Fri Feb 12 with make-up Sat Feb 6.
const CSV_2027 = [
  HEADER,
  '2027-01-01,Fri,holiday,元旦,2027,https://example.gov.cn/2027',
  '2027-02-06,Sat,workday,春节,2027,https://example.gov.cn/2027',
  ...['08,Mon', '09,Tue', '10,Wed', '11,Thu', '12,Fri'].map((d) => `2027-02-${d},holiday,春节,2027,https://example.gov.cn/2027`),
].join('\n');

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => env?.close());

describe('GET /api/v1/calendar/due', () => {
  // Hand-checked against src/calendar/holidays-cn-2018-2026.csv (same vectors as src/calendar tests).
  const cases: [string, string, number, string, string][] = [
    ['2018-09-28', 'workingDays', 3, '2018-10-08', 'wd Sep 29, 30, hol Oct 1–7 2018'],
    ['2018-12-28', 'workingDays', 2, '2019-01-02', 'across New Year (2019 notice)'],
    ['2019-04-30', 'workingDays', 1, '2019-05-05', '劳动节 2019 as amended'],
    ['2020-01-23', 'workingDays', 1, '2020-02-03', '2020 extended Spring Festival'],
    ['2020-01-23', 'workingDays', 20, '2020-02-28', '20 wd over the extension'],
    ['2021-10-03', 'workingDays', 2, '2021-10-09', 'starts on a holiday'],
    ['2022-01-28', 'workingDays', 3, '2022-02-07', 'wd Jan 29, 30, hol Jan 31–Feb 6'],
    ['2023-09-20', 'workingDays', 20, '2023-10-24', '中秋国庆 2023'],
    ['2024-02-04', 'workingDays', 6, '2024-02-18', 'starts on wd Sun Feb 4 2024'],
    ['2025-01-24', 'workingDays', 7, '2025-02-10', '春节 2025'],
    ['2026-04-30', 'workingDays', 2, '2026-05-07', '劳动节 2026'],
    ['2026-12-30', 'workingDays', 1, '2026-12-31', 'last known day'],
    ['2018-09-27', 'days', 7, '2018-10-08', '203: ends on hol Oct 4 2018'],
    ['2020-01-28', 'days', 3, '2020-02-03', '203: ends on hol Jan 31 2020'],
    ['2023-09-26', 'days', 3, '2023-10-07', '203: make-up Saturday'],
    ['2024-02-15', 'days', 3, '2024-02-18', 'ends on wd Sun Feb 18 2024'],
    ['2024-03-06', 'days', 3, '2024-03-11', 'ends on a plain Saturday → Monday'],
    ['2026-09-24', 'days', 3, '2026-09-28', 'ends on hol Sun Sep 27 2026'],
  ];
  for (const [from, param, n, due, why] of cases) {
    test(`${from} ${param}=${n} → ${due} (${why})`, async () => {
      const res = await new Client(env.app).get(`/api/v1/calendar/due?from=${from}&${param}=${n}`);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.deepEqual({ from: body.from, due: body.due, unit: body.unit }, { from, due, unit: param === 'days' ? 'calendarDays' : 'workingDays' });
      assert.match(body.basis, /民法典》第二百零一条/);
      if (param === 'days') assert.match(body.basis, /第二百零三条/);
      assert.equal(res.headers['access-control-allow-origin'], '*');
    });
  }

  const unknown: [string, string][] = [
    ['/api/v1/calendar/due?from=2027-01-04&workingDays=1', '2027-01-04'],
    ['/api/v1/calendar/due?from=2026-12-30&workingDays=2', '2027-01-01'],
    ['/api/v1/calendar/due?from=2026-12-30&days=5', '2027-01-04'],
    ['/api/v1/calendar/due?from=2017-12-29&workingDays=1', '2017-12-29'],
  ];
  for (const [url, date] of unknown) {
    test(`${url} → 422 calendar_unknown`, async () => {
      const res = await new Client(env.app).get(url);
      assert.equal(res.statusCode, 422);
      const e = res.json().error;
      assert.equal(e.code, 'calendar_unknown');
      assert.match(e.message, new RegExp(date.slice(0, 4)));
      assert.equal(e.details[0].code, 'calendar_unknown');
    });
  }

  const bad: [string, string][] = [
    ['/api/v1/calendar/due?from=2026-02-30&workingDays=1', 'from'],
    ['/api/v1/calendar/due?from=2026-02-03', 'workingDays'],
    ['/api/v1/calendar/due?from=2026-02-03&workingDays=1&days=1', 'workingDays'],
    ['/api/v1/calendar/due?from=2026-02-03&workingDays=-1', 'workingDays'],
    ['/api/v1/calendar/due?from=2026-02-03&days=1.5', 'days'],
    ['/api/v1/calendar/due?from=2026-02-03&days=1&x=1', '(query)'],
  ];
  for (const [url, field] of bad) {
    test(`${url} → 400 on ${field}`, async () => {
      const res = await new Client(env.app).get(url);
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().error.code, 'validation_failed');
      assert.equal(res.json().error.details[0].field, field);
    });
  }
});

describe('GET /api/v1/calendar/days', () => {
  test('2020 lists the extended Spring Festival and make-up days with their notices', async () => {
    const res = await new Client(env.app).get('/api/v1/calendar/days?year=2020');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.year, 2020);
    const day = (d: string) => body.days.find((x: { date: string }) => x.date === d);
    assert.equal(day('2020-01-31').type, 'holiday');
    assert.equal(day('2020-02-01').type, 'holiday');
    assert.match(day('2020-02-01').source, /content_5472352/);
    assert.equal(day('2020-01-19').type, 'workday');
    assert.ok(body.days.every((d: { date: string }) => d.date.startsWith('2020-')), "body.days.every((d: { date: string }) => d.date.startsWith('2020-'))");
    assert.ok(body.notices.length >= 2, "body.notices.length >= 2");
    assert.deepEqual(body.coveredYears.slice(0, 9), [2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  test('2018 includes the 2019 notice’s December make-up day; counts per year match the CSV', async () => {
    const csv = fs.readFileSync(BUNDLED_CSV_PATH, 'utf8').trim().split('\n').slice(1);
    for (const year of [2018, 2022, 2026]) {
      const body = (await new Client(env.app).get(`/api/v1/calendar/days?year=${year}`)).json();
      assert.equal(body.days.length, csv.filter((l) => l.startsWith(`${year}-`)).length, String(year));
    }
    const y2018 = (await new Client(env.app).get('/api/v1/calendar/days?year=2018')).json();
    assert.equal(y2018.days.find((d: { date: string }) => d.date === '2018-12-29').noticeYear, 2019);
  });

  test('2027 and 2017 → 422 calendar_unknown; a bad year → 400', async () => {
    for (const y of [2027, 2017]) {
      const res = await new Client(env.app).get(`/api/v1/calendar/days?year=${y}`);
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().error.code, 'calendar_unknown');
    }
    assert.equal((await new Client(env.app).get('/api/v1/calendar/days?year=abc')).statusCode, 400);
    assert.equal((await new Client(env.app).get('/api/v1/calendar/days')).statusCode, 400);
  });

  test('the OpenAPI document describes both endpoints from the zod schemas', async () => {
    const doc = (await new Client(env.app).get('/api/v1/openapi.json')).json();
    const names = doc.paths['/calendar/due'].get.parameters.map((p: { name: string }) => p.name).sort();
    assert.deepEqual(names, ['days', 'from', 'workingDays']);
    assert.ok(doc.paths['/calendar/due'].get.responses['422'], "doc.paths['/calendar/due'].get.responses['422']");
    assert.deepEqual(doc.paths['/calendar/days'].get.parameters.map((p: { name: string }) => p.name), ['year']);
    assert.ok(doc.components.schemas.CalendarDue.properties.basis, "doc.components.schemas.CalendarDue.properties.basis");
    assert.ok(doc.components.schemas.CalendarDays.properties.days, "doc.components.schemas.CalendarDays.properties.days");
  });
});

describe('importing a notice recomputes every open deadline', () => {
  let draftKnown: number;
  let draftUnknown: number;
  let publishedUnknown: number;
  let obligationUnknown: number;

  before(async () => {
    const { db } = env.ctx.database;
    const editor = await principalOf(env, 'editor');
    const t = env.ctx.itemTypes.byCodeOrUndefined('procurement-intention')!;
    const formation = env.ctx.itemTypes.all().find((x) => x.deadlineRule === 'formation-20wd')!;
    // A draft whose due date is known: 2026-11-20 + 20 wd = 2026-12-18.
    publishedUnknown = await publishIntention(env, '已发布、期限未知');
    const fields = JSON.parse((await db.selectFrom('disclosures').select('fields').where('id', '=', publishedUnknown).executeTakeFirstOrThrow()).fields);
    draftKnown = await env.ctx.disclosures.createDraft(editor, { itemTypeId: t.id, departmentId: env.ids.czj, projectId: null, title: '期限已知的草稿', body: '', formedDate: '2026-11-20', fields });
    // Drafted while 2027 was unknown (formed in December 2026): stored as rows, as the service would have.
    draftUnknown = await env.ctx.disclosures.createDraft(editor, { itemTypeId: t.id, departmentId: env.ids.czj, projectId: null, title: '期限未知的草稿', body: '', formedDate: '2026-11-02', fields });
    await db.updateTable('disclosures').set({ formed_date: '2026-12-15', due_date: null, due_rule: 'formation-20wd' }).where('id', '=', draftUnknown).execute();
    await db.updateTable('disclosures').set({ formed_date: '2026-12-15', due_date: null, due_rule: 'formation-20wd' }).where('id', '=', publishedUnknown).execute();
    await db.updateTable('disclosures').set({ due_rule: 'formation-20wd' }).where('id', '=', draftKnown).execute();
    await db.updateTable('disclosures').set({ due_date: '2026-12-18' }).where('id', '=', draftKnown).execute();
    obligationUnknown = await env.ctx.timeliness.obligations.register(editor, { departmentId: env.ids.czj, itemTypeId: formation.id, title: '年底形成的信息', formedDate: '2026-11-02', note: '' });
    await db.updateTable('obligations').set({ formed_date: '2026-12-15', due_date: null }).where('id', '=', obligationUnknown).execute();
  });

  const dueOf = async (table: 'disclosures' | 'obligations', id: number) =>
    (await env.ctx.database.db.selectFrom(table).select('due_date').where('id', '=', id).executeTakeFirstOrThrow()).due_date;

  test('the console is office-only; a bad CSV is refused with its line number', async () => {
    const editor = await new Client(env.app).login('editor');
    assert.equal((await editor.get('/admin/calendar')).statusCode, 403);
    const office = await new Client(env.app).login('office');
    const page = await office.get('/admin/calendar');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /2018–2026|2018、2019/);
    const csrf = await office.csrfFrom('/admin/calendar');
    const bad = await office.post('/admin/calendar/preview', { _csrf: csrf, csvText: `${HEADER}\n2027-01-01,Mon,holiday,元旦,2027,s` });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /error-summary/);
    assert.match(bad.body, /第 2 行：星期“Mon”与日期 2027-01-01 不符/);
    assert.equal(await dueOf('disclosures', draftUnknown), null);
  });

  test('upload → preview (counts, nothing written) → apply: due dates computed, change recorded', async () => {
    const office = await new Client(env.app).login('office');
    const csrf = await office.csrfFrom('/admin/calendar');
    const pv = await office.postMultipart('/admin/calendar/preview', { _csrf: csrf }, [{ name: 'csv', filename: 'holidays-2027.csv', data: Buffer.from(CSV_2027), type: 'text/csv' }]);
    assert.equal(pv.statusCode, 200, pv.body.slice(0, 500));
    assert.match(pv.body, /2027 年度（新增）/);
    assert.match(pv.body, /信息 2 条期限变化（其中原“日历未知” 2 条得以确定/);
    assert.match(pv.body, /待公开登记 1 条期限变化/);
    assert.equal(await dueOf('disclosures', draftUnknown), null, 'preview writes nothing');
    const sha = /name="sha256" value="([0-9a-f]{64})"/.exec(pv.body)![1]!;
    // A tampered body is refused (the hash no longer matches the preview).
    const tampered = await office.post('/admin/calendar/apply', { _csrf: csrf, sha256: sha, filename: 'x.csv', csvText: CSV_2027.replace('2027-02-12,Fri,holiday,春节,2027,https://example.gov.cn/2027', '') });
    assert.equal(tampered.statusCode, 409);
    const applied = await office.post('/admin/calendar/apply', { _csrf: csrf, sha256: sha, filename: 'holidays-2027.csv', csvText: CSV_2027 });
    assert.equal(applied.statusCode, 303);
    const done = await office.get(applied.headers.location as string);
    assert.match(done.body, /已导入 2027 年度节假日安排/);

    // 2026-12-15 + 20 working days with 元旦 2027 on Fri Jan 1: Dec 16–18, 21–25, 28–31, Jan 4–8, 11–13.
    assert.equal(await dueOf('disclosures', draftUnknown), '2027-01-13');
    assert.equal(await dueOf('obligations', obligationUnknown), '2027-01-13');
    assert.equal(await dueOf('disclosures', publishedUnknown), '2027-01-13', 'published with an unknown due date: resolved');
    assert.equal(await dueOf('disclosures', draftKnown), '2026-12-18', 'unaffected');

    const { db } = env.ctx.database;
    const imp = await db.selectFrom('calendar_imports').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(imp.via, 'console');
    assert.equal(imp.filename, 'holidays-2027.csv');
    const changes = await db.selectFrom('deadline_changes').selectAll().where('import_id', '=', imp.id).orderBy('id').execute();
    assert.deepEqual(changes.map((c) => [c.subject, c.subject_id, c.old_due, c.new_due]).sort(), [
      ['disclosure', draftUnknown, null, '2027-01-13'],
      ['disclosure', publishedUnknown, null, '2027-01-13'],
      ['obligation', obligationUnknown, null, '2027-01-13'],
    ].sort());
    const ev = await db.selectFrom('events').selectAll().where('entity', '=', 'calendar').where('entity_id', '=', imp.id).executeTakeFirstOrThrow();
    assert.equal(ev.action, 'import');
    assert.equal(JSON.parse(ev.data!).recompute.disclosures.resolved, 2);

    // The running process uses the new calendar at once: API, DueComputer and timelinessOf.
    const api = await new Client(env.app).get('/api/v1/calendar/due?from=2026-12-30&workingDays=2');
    assert.equal(api.json().due, '2027-01-04');
    assert.equal(env.ctx.due('formation-20wd', '2026-12-15').dueDate, '2027-01-13');
    assert.equal(timelinessOf('formation-20wd', '2027-01-13', '2027-01-14T02:00:00.000Z').kind, 'late');
    assert.equal((await new Client(env.app).get('/api/v1/calendar/days?year=2027')).json().days.length, 7);
    assert.equal((await new Client(env.app).get('/api/v1/calendar/due?from=2027-12-30&workingDays=2')).statusCode, 422);
  });

  test('re-importing a year replaces it wholesale and moves the due dates that depend on it', async () => {
    // A corrected 2026 notice with one more holiday (Mon Dec 14): 2026-11-20 + 20 wd → Dec 21.
    const rows2026 = fs.readFileSync(BUNDLED_CSV_PATH, 'utf8').trim().split('\n').filter((l) => /^\d{4}-\d\d-\d\d,\w+,\w+,[^,]+,2026,/.test(l));
    const csv = [HEADER, ...[...rows2026, '2026-12-14,Mon,holiday,测试更正,2026,https://example.gov.cn/fix'].sort()].join('\n');
    const r = await env.ctx.timeliness.calendar.apply(csv, { actorId: env.ids.office, via: 'console', filename: 'fix-2026.csv' });
    assert.deepEqual(r.noticeYears, [2026]);
    assert.equal(r.removed, rows2026.length);
    assert.equal(await dueOf('disclosures', draftKnown), '2026-12-21');
    assert.equal(r.recompute.disclosures.changed, 1, 'the published disclosure keeps its due date');
    // And back to the official data.
    await env.ctx.timeliness.calendar.apply([HEADER, ...rows2026].join('\n'), { actorId: env.ids.office, via: 'console', filename: 'official-2026.csv' });
    assert.equal(await dueOf('disclosures', draftKnown), '2026-12-18');
  });

  test('another instance picks the change up with refreshIfChanged', async () => {
    const { CalendarService } = await import('../src/modules/timeliness/calendar-service.ts');
    const other = await CalendarService.open(env.ctx.database.db, env.ctx.database.dialect);
    assert.ok(other.current().coveredYears().includes(2027), "other.current().coveredYears().includes(2027)");
    assert.equal(await other.refreshIfChanged(), false);
    await env.ctx.timeliness.calendar.apply(CSV_2027.replace('2027-02-12,Fri,holiday', '2027-02-12,Fri,holiday'), { actorId: null, via: 'cli', filename: null });
    assert.equal(await other.refreshIfChanged(), true);
  });
});

describe('gongkai calendar import (CLI)', () => {
  const cfgEnv = () => {
    const cfg = env.ctx.config;
    return { NODE_ENV: 'test', DATA_DIR: cfg.dataDir, LOG_LEVEL: 'silent', SEED_DEMO: 'false', DATABASE_URL: cfg.databaseUrl, ...(cfg.databaseSchema ? { DATABASE_SCHEMA: cfg.databaseSchema } : {}) };
  };
  /** Runs calendarCommand in this process with the test database's environment; captures its output. */
  async function inProcess(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const { calendarCommand } = await import('../src/cli/calendar.ts');
    const saved = { ...process.env };
    const log = console.log;
    const error = console.error;
    let out = '';
    let err = '';
    Object.assign(process.env, cfgEnv());
    console.log = (...a: unknown[]) => void (out += a.join(' ') + '\n');
    console.error = (...a: unknown[]) => void (err += a.join(' ') + '\n');
    try {
      return { code: await calendarCommand(args), out, err };
    } finally {
      console.log = log;
      console.error = error;
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  }

  test('--dry-run validates and counts; a bad file exits 1 naming the line', async () => {
    const dir = fs.mkdtempSync(path.join(env.ctx.config.dataDir, 'cli-'));
    const good = path.join(dir, '2027.csv');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(good, CSV_2027);
    fs.writeFileSync(bad, `${HEADER}\n2027-01-01,Fri,rest,元旦,2027,s\n`);
    const dry = await inProcess(['import', good, '--dry-run']);
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /校验通过：7 行，年度 2027（(新增|替换)）/);
    assert.match(dry.out, /未写入/);
    const failed = await inProcess(['import', bad]);
    assert.equal(failed.code, 1);
    assert.match(failed.err, /第 2 行：类型“rest”无效/);
    assert.equal((await inProcess(['import'])).code, 2);
  });

  test('`gongkai calendar import FILE` (a real process) imports and reports the recompute', async () => {
    const dir = fs.mkdtempSync(path.join(env.ctx.config.dataDir, 'cli-'));
    const good = path.join(dir, '2027.csv');
    fs.writeFileSync(good, CSV_2027.replace(/元旦/g, '元旦节'));
    const run = promisify(execFile);
    const cli = path.join(process.cwd(), 'src/cli/index.ts');
    const ok = await run(process.execPath, ['--import', 'tsx', cli, 'calendar', 'import', good], { env: { ...process.env, ...cfgEnv() } });
    assert.match(ok.stdout, /已导入 2027 年度节假日安排：7 行（替换 (0|7) 行）/);
    assert.match(ok.stdout, /期限变化/);
    const imp = await env.ctx.database.db.selectFrom('calendar_imports').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(imp.via, 'cli');
    assert.equal(imp.filename, '2027.csv');
    const names = await env.ctx.database.db.selectFrom('calendar_entries').select('name').where('date', '=', '2027-01-01').executeTakeFirstOrThrow();
    assert.equal(names.name, '元旦节');
  });
});
