// Timeliness benchmark.
// 1. 1,000,000 due-date computations on the official calendar (target < 1 s): raw addWorkingDays
//    and the DueComputer the disclosure service uses (rule lookup + 民法典 201/203 counting).
// 2. Recomputing every open deadline after a calendar change with 1,000,000 disclosures in a
//    SQLite database (target < 60 s), through the real import path (CalendarService.apply: validate,
//    merge, store, recompute in one transaction, record each moved due date).
// Run alone: `npx tsx bench/timeliness.ts`; `npm run bench -- timeliness` writes docs/PERFORMANCE.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import SQLite from 'better-sqlite3';
import { addDays, loadBundledCalendar, BUNDLED_CSV_PATH } from '../src/calendar/index.ts';
import { progressBar } from '../src/cli/progress.ts';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { createDueComputer } from '../src/modules/timeliness/due.ts';

const N = 1_000_000;
const ROWS = 1_000_000;
const BATCH = 500; // rows per INSERT statement (16 columns → 8,000 parameters)
const PER_TRANSACTION = 100; // statements per transaction

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

function allDates(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

function pureBench() {
  const cal = loadBundledCalendar();
  const dates = allDates('2018-01-01', '2026-10-31');
  const rand = rng(42);
  const starts = Array.from({ length: N }, () => dates[Math.floor(rand() * dates.length)]!);
  const counts = Array.from({ length: N }, () => 1 + Math.floor(rand() * 20));
  // Warm-up (JIT), then measure.
  for (let i = 0; i < 100_000; i++) cal.addWorkingDays(starts[i]!, counts[i]!);
  let t0 = process.hrtime.bigint();
  let check = 0;
  for (let i = 0; i < N; i++) check += cal.addWorkingDays(starts[i]!, counts[i]!).length;
  const raw = ms(t0);
  const due = createDueComputer(cal);
  const rules = ['formation-20wd', 'dual-publicity-7wd', 'procurement-result-2wd', 'candidate-publicity-3d', 'procurement-intention-30d'];
  t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) check += due(rules[i % rules.length]!, starts[i]!).dueDate?.length ?? 0;
  const viaRules = ms(t0);
  if (check === 0) throw new Error('unreachable');
  return { raw, viaRules };
}

const HEADER = 'date,weekday,type,name,notice_year,source';
const CSV_2027 = [
  HEADER,
  '2027-01-01,Fri,holiday,元旦,2027,bench',
  '2027-02-06,Sat,workday,春节,2027,bench',
  ...['08,Mon', '09,Tue', '10,Wed', '11,Thu', '12,Fri'].map((d) => `2027-02-${d},holiday,春节,2027,bench`),
].join('\n');

async function recomputeBench() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-timeliness-'));
  try {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent', SEED_DEMO: 'false' } as NodeJS.ProcessEnv);
    const ctx = await createContext(config);
    const { db } = ctx.database;
    const at = new Date().toISOString();
    const dept = await db.insertInto('departments').values({ code: 'bench', name: '基准测试局', short_name: '基准局', kind: 'bureau', credit_code: null, parent_id: null, address: null, phone: null, guide: '', sort: 0, created_at: at }).returning('id').executeTakeFirstOrThrow();
    const user = await db.insertInto('users').values({ username: 'bench', display_name: 'bench', email: null, password_hash: 'x', disabled: 0, created_at: at }).returning('id').executeTakeFirstOrThrow();
    const itemType = ctx.itemTypes.all().find((t) => t.deadlineRule === 'formation-20wd')!;

    // 1,000,000 unpublished disclosures formed on random days of 2018–2026 (the worst case: every
    // row has an open deadline). Those formed after early December 2026 are "calendar unknown".
    const dates = allDates('2018-01-01', '2026-12-31');
    const rand = rng(7);
    const due = ctx.due;
    const conn = new SQLite(config.sqliteFile!);
    conn.pragma('journal_mode = WAL');
    conn.pragma('synchronous = NORMAL');
    const cols = ['item_type_id', 'department_id', 'project_id', 'state', 'title', 'body', 'fields', 'formed_date', 'due_date', 'due_rule', 'created_by', 'created_at', 'updated_at', 'first_published_at', 'last_published_at', 'version'];
    const insert = conn.prepare(`INSERT INTO disclosures (${cols.join(',')}) VALUES ${Array.from({ length: BATCH }, () => `(${cols.map(() => '?').join(',')})`).join(',')}`);
    const insertMany = conn.transaction((statements: unknown[][]) => {
      for (const params of statements) insert.run(params);
    });
    const bar = progressBar('写入 1,000,000 条信息');
    const t0 = process.hrtime.bigint();
    let pending: unknown[][] = [];
    for (let done = 0; done < ROWS; done += BATCH) {
      const params: unknown[] = [];
      for (let k = 0; k < BATCH; k++) {
        const formed = dates[Math.floor(rand() * dates.length)]!;
        params.push(itemType.id, dept.id, null, 'draft', `信息 ${done + k}`, '', '{}', formed, due('formation-20wd', formed).dueDate, 'formation-20wd', user.id, at, at, null, null, 0);
      }
      pending.push(params);
      if (pending.length === PER_TRANSACTION) {
        insertMany(pending);
        pending = [];
        bar.update(done + BATCH, ROWS);
      }
    }
    if (pending.length) insertMany(pending);
    bar.done();
    const insertMs = ms(t0);
    conn.close();
    const unknownBefore = Number((await db.selectFrom('disclosures').select((eb) => eb.fn.countAll().as('n')).where('due_date', 'is', null).executeTakeFirstOrThrow()).n);

    // Change 1: next year's notice arrives (2027): the "calendar unknown" deadlines resolve.
    const bar1 = progressBar('导入 2027 年度并重算');
    let t1 = process.hrtime.bigint();
    const r1 = await ctx.timeliness.calendar.apply(CSV_2027, { actorId: null, via: 'cli', filename: '2027.csv', onProgress: (n) => bar1.update(n, ROWS) });
    bar1.done();
    const import2027Ms = ms(t1);

    // Change 2: a corrected 2026 notice with one more holiday (Mon 2026-03-02) moves every deadline
    // that runs across that day.
    const rows2026 = fs.readFileSync(BUNDLED_CSV_PATH, 'utf8').trim().split('\n').filter((l) => /,2026,/.test(l));
    const fixed = [HEADER, ...[...rows2026, '2026-03-02,Mon,holiday,基准测试,2026,bench'].sort()].join('\n');
    const bar2 = progressBar('更正 2026 年度并重算');
    t1 = process.hrtime.bigint();
    const r2 = await ctx.timeliness.calendar.apply(fixed, { actorId: null, via: 'cli', filename: '2026-fix.csv', onProgress: (n) => bar2.update(n, ROWS) });
    bar2.done();
    const fix2026Ms = ms(t1);
    const fileMb = fs.statSync(config.sqliteFile!).size / 2 ** 20;
    await ctx.close();
    return { insertMs, unknownBefore, import2027Ms, r1, fix2026Ms, r2, fileMb };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<{ markdown: string }> {
  process.stderr.write('纯计算：1,000,000 次期限计算…\n');
  const pure = pureBench();
  const rc = await recomputeBench();
  const s = (x: number) => (x / 1000).toFixed(2);
  const markdown = `Due dates on the official calendar (\`src/calendar\`, precomputed per-day arrays) and the recompute of open deadlines after a calendar import (\`CalendarService.apply\`: validate, merge, store, recompute, record – one transaction).

| measurement | result | target |
|---|---|---|
| 1,000,000 × \`addWorkingDays(start, n)\` (start 2018-01-01…2026-10-31, n 1–20) | ${pure.raw.toFixed(0)} ms | < 1 s |
| 1,000,000 × DueComputer(rule, start) (5 rules: working days, calendar days with 民法典 203, lead time) | ${pure.viaRules.toFixed(0)} ms | < 1 s |
| insert 1,000,000 disclosures into SQLite (multi-row INSERT of ${BATCH} rows, ${PER_TRANSACTION} per transaction) | ${s(rc.insertMs)} s | – |
| import the 2027 notice → recompute all 1,000,000 open deadlines (${rc.r1.recompute.disclosures.changed.toLocaleString('en')} changed, of which ${rc.r1.recompute.disclosures.resolved.toLocaleString('en')} were "calendar unknown"; ${rc.unknownBefore.toLocaleString('en')} unknown before) | ${s(rc.import2027Ms)} s | < 60 s |
| correct the 2026 notice (one more holiday) → recompute all 1,000,000 (${rc.r2.recompute.disclosures.changed.toLocaleString('en')} changed) | ${s(rc.fix2026Ms)} s | < 60 s |

Worst case: every one of the 1,000,000 disclosures is unpublished (open), formed on a random day of 2018–2026, rule \`formation-20wd\`. Each moved due date is written back (500-row \`WITH v(id, due) AS (VALUES …) UPDATE …\`) and recorded in \`deadline_changes\`. Database file ${rc.fileMb.toFixed(0)} MiB.
`;
  return { markdown };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run();
  console.log(r.markdown);
}
