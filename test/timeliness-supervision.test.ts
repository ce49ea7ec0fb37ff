// The supervision dashboard on a small controlled dataset: exact on-time rates and delays in
// working days, overdue / due-soon counts, the monthly trend, the 19号 column signals, too-short
// publicity periods, the server-rendered chart and the xlsx exports (read back with ExcelJS).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { lateness, loadBundledCalendar } from '../src/calendar/index.ts';
import { saveEntryIn } from '../src/modules/catalogue/service.ts';
import type { Dashboard } from '../src/modules/timeliness/supervision-service.ts';
import { Client, createTestEnv, principalOf, publishIntention, type TestEnv } from './helpers/context.ts';

let env: TestEnv;
const TODAY = '2026-11-26'; // a Thursday, a working day
const ids: Record<string, number> = {};

async function published(key: string, o: { dept: 'czj' | 'nyj'; due: string | null; at: string; itemType?: string }) {
  const { db } = env.ctx.database;
  const id = await publishIntention(env, `已发布 ${key}`);
  const set: Record<string, unknown> = { department_id: env.ids[o.dept], due_date: o.due, due_rule: 'formation-20wd', first_published_at: o.at, last_published_at: o.at };
  if (o.itemType) set.item_type_id = env.ctx.itemTypes.byCodeOrUndefined(o.itemType)!.id;
  await db.updateTable('disclosures').set(set).where('id', '=', id).execute();
  ids[key] = id;
  return id;
}

async function draft(key: string, dept: 'czj' | 'nyj', due: string | null) {
  const { db } = env.ctx.database;
  const editor = await principalOf(env, 'editor');
  const t = env.ctx.itemTypes.byCodeOrUndefined('procurement-intention')!;
  const sample = await db.selectFrom('disclosures').select('fields').where('id', '=', ids.p1!).executeTakeFirstOrThrow();
  const id = await env.ctx.disclosures.createDraft(editor, { itemTypeId: t.id, departmentId: env.ids.czj, projectId: null, title: `草稿 ${key}`, body: '', formedDate: '2026-11-02', fields: JSON.parse(sample.fields) });
  await db.updateTable('disclosures').set({ department_id: env.ids[dept], due_date: due, due_rule: 'formation-20wd' }).where('id', '=', id).execute();
  ids[key] = id;
  return id;
}

async function obligation(key: string, dept: 'czj' | 'nyj', due: string | null, formed = '2026-11-02') {
  const p = await principalOf(env, dept === 'czj' ? 'editor' : 'nyj-editor');
  const t = env.ctx.itemTypes.all().find((x) => x.deadlineRule === 'formation-20wd')!;
  const id = await env.ctx.timeliness.obligations.register(p, { departmentId: env.ids[dept], itemTypeId: t.id, title: `登记 ${key}`, formedDate: formed, note: '' });
  await env.ctx.database.db.updateTable('obligations').set({ due_date: due }).where('id', '=', id).execute();
  ids[key] = id;
  return id;
}

before(async () => {
  env = await createTestEnv();
  const { db } = env.ctx.database;
  // 财政局: on time ×2, late 3 wd, late 1 wd, and one whose due date is unknown.
  await published('p1', { dept: 'czj', due: '2026-10-16', at: '2026-10-16T02:00:00.000Z' }); // 10:00 Oct 16: on time
  await published('p2', { dept: 'czj', due: '2026-10-16', at: '2026-10-14T02:00:00.000Z' }); // early
  await published('p3', { dept: 'czj', due: '2026-10-16', at: '2026-10-21T02:00:00.000Z', itemType: 'procurement-tender' }); // Oct 19, 20, 21: 3 wd late
  await published('p4', { dept: 'czj', due: '2026-11-02', at: '2026-11-03T01:00:00.000Z' }); // 1 wd late
  await published('p5', { dept: 'czj', due: null, at: '2026-11-10T02:00:00.000Z' }); // calendar unknown when drafted
  // 农业局: one on time.
  await published('p6', { dept: 'nyj', due: '2026-09-30', at: '2026-09-29T02:00:00.000Z' });
  // p3 as a 招标公告 whose announcement lasted Oct 19–21: 2 working days < 5 (87号令 第十六条).
  const v = await db.selectFrom('disclosure_versions').select(['id', 'fields']).where('disclosure_id', '=', ids.p3!).executeTakeFirstOrThrow();
  await db.updateTable('disclosure_versions').set({ fields: JSON.stringify({ ...JSON.parse(v.fields), announcementStart: '2026-10-19', announcementEnd: '2026-10-21' }) }).where('id', '=', v.id).execute();

  // Open items of 财政局: two overdue on their own, a draft linked to an overdue obligation (counted once),
  // one due within 3 working days, one due later.
  await obligation('oA', 'czj', '2025-02-05', '2025-01-02');
  await draft('dB', 'czj', '2026-11-20'); // Nov 23–26: 4 wd overdue
  const dC = await draft('dC', 'czj', '2026-11-25');
  const oD = await obligation('oD', 'czj', '2026-11-25');
  await db.updateTable('obligations').set({ disclosure_id: dC }).where('id', '=', oD).execute();
  await obligation('oE', 'czj', '2026-11-30'); // Nov 27, 30: 2 wd → due soon
  await obligation('oF', 'czj', '2026-12-02'); // 4 wd → not yet
  // 农业局: due today (soon), one whose due date is unknown; a catalogue column it never published in.
  await draft('dG', 'nyj', TODAY);
  await obligation('oH', 'nyj', null);
  await saveEntryIn(db, null, env.ids.nyj, env.ctx.itemTypes.byCodeOrUndefined('procurement-tender')!.id, { content: '招标公告', timeLimit: '5个工作日', channel: '门户网站', responsibleBody: '农业局', supervisionChannel: '12345' });
});
after(async () => env?.close());

describe('dashboard figures on a controlled dataset (as of 2026-11-26)', () => {
  let d: Dashboard;
  before(async () => {
    d = await env.ctx.timeliness.supervision.build(undefined, TODAY);
  });

  test('per department: on-time rate, average and worst delay in working days', () => {
    const czj = d.departments.find((r) => r.departmentId === env.ids.czj)!;
    const nyj = d.departments.find((r) => r.departmentId === env.ids.nyj)!;
    assert.deepEqual(
      { published: czj.published, measured: czj.measured, onTime: czj.onTime, late: czj.late, unknown: czj.unknown, rate: czj.onTimeRate, avg: czj.avgDelay, worst: czj.worstDelay },
      { published: 5, measured: 4, onTime: 2, late: 2, unknown: 1, rate: 0.5, avg: 2, worst: 3 },
    );
    assert.deepEqual({ published: nyj.published, rate: nyj.onTimeRate, avg: nyj.avgDelay, worst: nyj.worstDelay }, { published: 1, rate: 1, avg: null, worst: null });
    assert.deepEqual({ rate: d.total.onTimeRate, late: d.total.late, avg: d.total.avgDelay, worst: d.total.worstDelay }, { rate: 3 / 5, late: 2, avg: 2, worst: 3 });
    assert.ok(!d.departments.some((r) => r.departmentId === env.ids.gkb), 'the office without data is not listed');
  });

  test('overdue now and due within 3 working days (a linked draft counts once)', () => {
    const czj = d.departments.find((r) => r.departmentId === env.ids.czj)!;
    const nyj = d.departments.find((r) => r.departmentId === env.ids.nyj)!;
    assert.deepEqual([czj.overdueNow, czj.dueSoon, czj.openUnknown], [3, 1, 0]);
    assert.deepEqual([nyj.overdueNow, nyj.dueSoon, nyj.openUnknown], [0, 1, 1]);
    assert.deepEqual(d.overdue.map((r) => [r.kind, r.id, r.workingDays]), [
      ['obligation', ids.oA, lateness('2025-02-05', TODAY, loadBundledCalendar())],
      ['disclosure', ids.dB, 4],
      ['obligation', ids.oD, 1],
    ]);
    assert.deepEqual(d.dueSoon.map((r) => [r.kind, r.id]), [['disclosure', ids.dG], ['obligation', ids.oE]]);
    assert.deepEqual(d.unknown.map((r) => r.id), [ids.oH]);
  });

  test('the monthly trend', () => {
    assert.equal(d.trend.length, 12);
    assert.equal(d.trend[11]!.month, '2026-11');
    const m = (k: string) => d.trend.find((r) => r.month === k)!;
    assert.deepEqual(m('2026-09'), { month: '2026-09', published: 1, onTime: 1, late: 0, unknown: 0, onTimeRate: 1, avgDelay: null });
    assert.deepEqual(m('2026-10'), { month: '2026-10', published: 3, onTime: 2, late: 1, unknown: 0, onTimeRate: 2 / 3, avgDelay: 3 });
    assert.deepEqual(m('2026-11'), { month: '2026-11', published: 2, onTime: 0, late: 1, unknown: 1, onTimeRate: 0, avgDelay: 1 });
    assert.deepEqual(m('2026-01'), { month: '2026-01', published: 0, onTime: 0, late: 0, unknown: 0, onTimeRate: null, avgDelay: null });
  });

  test('19号 column signals: a stale dynamic column, an empty column', () => {
    const col = (dept: number, cat: string) => d.columns.find((c) => c.departmentId === dept && c.category === cat);
    assert.deepEqual(col(env.ids.czj, 'process'), { departmentId: env.ids.czj, departmentName: '财政局', category: 'process', categoryName: '配置（交易）过程信息', kind: 'dynamic', published: 1, lastUpdate: '2026-10-21', status: 'stale', daysSince: 36 });
    assert.equal(col(env.ids.czj, 'project')?.status, 'ok');
    assert.equal(col(env.ids.nyj, 'process')?.status, 'empty');
    assert.equal(col(env.ids.nyj, 'project')?.lastUpdate, '2026-09-29');
    const sig = (dept: number) => d.signals.find((s) => s.departmentId === dept)!;
    assert.deepEqual([sig(env.ids.czj).staleDynamic, sig(env.ids.czj).staleNotice, sig(env.ids.czj).empty], [1, 0, 0]);
    assert.deepEqual([sig(env.ids.nyj).staleDynamic, sig(env.ids.nyj).empty, sig(env.ids.nyj).failEmpty], [0, 1, false]);
    assert.equal(d.site.lastUpdate, '2026-11-10');
    assert.equal(d.site.stale, true, 'nothing published for 16 days');
  });

  test('too-short publicity periods are listed', () => {
    assert.deepEqual(d.shortPeriods.map((r) => [r.id, r.start, r.end, r.actual, r.required, r.earliestEnd]), [[ids.p3, '2026-10-19', '2026-10-21', 2, 5, '2026-10-26']]);
  });

  test('a department user gets the same figures for their own department only', async () => {
    const own = await env.ctx.timeliness.supervision.dashboard(await principalOf(env, 'editor'), TODAY);
    assert.equal(own.scope, 'own');
    assert.deepEqual(own.departments.map((r) => r.departmentId), [env.ids.czj]);
    assert.equal(own.departments[0]!.onTimeRate, 0.5);
    assert.ok(own.overdue.every((r) => r.department_id === env.ids.czj), "own.overdue.every((r) => r.department_id === env.ids.czj)");
  });
});

describe('the dashboard page and its exports (real current date)', () => {
  test('the office page shows every department, an accessible SVG chart and a download link per table', async () => {
    const c = await new Client(env.app).login('office');
    const res = await c.get('/admin/supervision');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>公开时效监督（全区）<\/h1>/);
    assert.match(res.body, /财政局/);
    assert.match(res.body, /农业局/);
    assert.match(res.body, /50\.0%/);
    const svg = /<svg id="trend-chart"[^>]*>[\s\S]*?<\/svg>/.exec(res.body)?.[0] ?? '';
    assert.match(svg, /role="img" aria-labelledby="trend-chart-title trend-chart-desc"/);
    assert.match(svg, /<title id="trend-chart-title">全区近12个月/);
    assert.match(svg, /<desc id="trend-chart-desc">[^<]*2026-10：按时 2 条，逾期 1 条/);
    assert.doesNotMatch(svg, /style=|<style/, 'CSP: no inline styles');
    for (const t of ['departments', 'trend', 'overdue', 'signals', 'columns', 'short-periods']) assert.match(res.body, new RegExp(`href="/admin/supervision/export/${t}\\.xlsx"`));
    // "Due within 3 working days" depends on the real date (the fixture's due-soon items are relative
    // to TODAY): a table with no rows offers no download and says so instead.
    const dueSoonEmpty = /近 3 个工作日内没有到期的信息。/.test(res.body);
    assert.equal(/href="\/admin\/supervision\/export\/due-soon\.xlsx"/.test(res.body), !dueSoonEmpty, 'due-soon: a download link exactly when the table has rows');
    assert.equal((await new Client(env.app).get('/admin/supervision')).statusCode, 303, 'login required');
  });

  test('a department user sees their own version', async () => {
    const c = await new Client(env.app).login('nyj-editor');
    const res = await c.get('/admin/supervision');
    assert.match(res.body, /<h1>本单位公开时效<\/h1>/);
    assert.doesNotMatch(res.body, /财政局/);
  });

  async function workbook(client: Client, table: string) {
    const res = await client.get(`/admin/supervision/export/${table}.xlsx`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(String(res.headers['content-disposition']), /attachment/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return { ws, rows };
  }

  test('departments.xlsx has the page’s rows, numbers as numbers', async () => {
    const c = await new Client(env.app).login('office');
    const { ws, rows } = await workbook(c, 'departments');
    assert.equal(ws.name, '各单位公开时效');
    assert.match(String(rows[0]![0]), /各单位公开时效/);
    assert.deepEqual(rows[1]!.slice(0, 7), ['单位', '已发布', '按时', '逾期', '按时公开率', '平均逾期（工作日）', '最长逾期（工作日）']);
    const czj = rows.find((r) => r[0] === '财政局')!;
    assert.deepEqual(czj.slice(0, 7), ['财政局', 5, 2, 2, 0.5, 2, 3]);
    assert.equal(rows.length, 2 + 2, 'title, header, 财政局, 农业局');
    assert.equal(ws.getColumn(5).numFmt, '0.0%');
  });

  test('overdue.xlsx lists the overdue items; a department user’s export holds only theirs', async () => {
    const office = await new Client(env.app).login('office');
    const { rows } = await workbook(office, 'overdue');
    const idsIn = rows.slice(2).map((r) => r[2]);
    for (const k of ['oA', 'dB', 'oD']) assert.ok(idsIn.includes(ids[k]), k);
    const nyj = await new Client(env.app).login('nyj-editor');
    const own = await workbook(nyj, 'departments');
    assert.deepEqual(own.rows.slice(2).map((r) => r[0]), ['农业局']);
    assert.equal((await office.get('/admin/supervision/export/nothing.xlsx')).statusCode, 404);
  });

  test('short-periods.xlsx and columns.xlsx read back', async () => {
    const c = await new Client(env.app).login('office');
    const sp = await workbook(c, 'short-periods');
    assert.deepEqual(sp.rows[2]!.slice(1, 8), [ids.p3, '财政局', '政府采购招标公告', '2026-10-19', '2026-10-21', 2, 5]);
    const cols = await workbook(c, 'columns');
    assert.ok(cols.rows.some((r) => r[0] === '农业局' && r[1] === '配置（交易）过程信息' && r[5] === '空白'), "cols.rows.some((r) => r[0] === '农业局' && r[1] === '配置（交易）过程信息' && r[5] === '空白')");
  });
});
