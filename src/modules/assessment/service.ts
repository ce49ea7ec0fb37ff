// Assessment (考核): the office configures a scheme for a year, enters manual scores or imports a
// third-party evaluation, runs the scoring (a snapshot with every input, formula and point) and
// publishes one snapshot – so a published assessment never changes when data later changes.
// Every change is an event (entity 'assessment') in the same transaction.
import type { Db, Executor } from '../../db/index.ts';
import { AppError, conflict, invalid, notFound, type ErrorDetail } from '../../domain/errors.ts';
import { type Principal } from '../accounts/service.ts';
import { listDepartments } from '../departments/service.ts';
import { todayInChina } from '../disclosures/service.ts';
import { appendEvent } from '../events/service.ts';
import type { ImportIssue } from '../excel/reader.ts';
import { readScoreSheet } from './import.ts';
import { measureDepartments, type MeasureDeps } from './measures.ts';
import * as repo from './repository.ts';
import { MEASURES, fromX100, lists, scoreAll, x100, type DepartmentResult, type ListRules, type Lists, type ManualScore, type MeasureCode, type SchemeItem } from './scoring.ts';
import { checkScore, validateScheme, type SchemeInput, type SchemeValue } from './validate.ts';

export interface AssessmentResult {
  assessmentId: number;
  name: string;
  year: number;
  period: { from: string; to: string; asOf: string };
  runAt: string;
  items: SchemeItem[];
  rules: ListRules;
  measures: { code: MeasureCode; name: string; definition: string }[];
  rows: DepartmentResult[];
  lists: Lists;
}

export type AssessmentRow = NonNullable<Awaited<ReturnType<typeof repo.findAssessment>>>;

export interface Assessment {
  row: AssessmentRow;
  items: SchemeItem[];
  rules: ListRules;
}

function requireOfficeRole(p: Principal): void {
  if (!p.memberships.some((m) => m.role === 'office' || m.role === 'admin')) throw new AppError(403, 'forbidden', '只有政务公开办可以管理考核');
}

function rulesOf(r: AssessmentRow): ListRules {
  return { commendTop: r.commend_top, commendMin: r.commend_min_x100 === null ? null : fromX100(r.commend_min_x100), criticiseBottom: r.criticise_bottom, criticiseBelow: r.criticise_below_x100 === null ? null : fromX100(r.criticise_below_x100) };
}

const toRow = (v: SchemeValue) => ({
  name: v.name,
  year: v.year,
  period_from: `${v.year}-01-01`,
  period_to: `${v.year}-12-31`,
  items: JSON.stringify(v.items),
  commend_top: v.commendTop,
  commend_min_x100: v.commendMin === null ? null : x100(v.commendMin),
  criticise_bottom: v.criticiseBottom,
  criticise_below_x100: v.criticiseBelow === null ? null : x100(v.criticiseBelow),
});

export class AssessmentService {
  constructor(
    private readonly db: Db,
    private readonly deps: Omit<MeasureDeps, 'db'>,
  ) {}

  list(p: Principal) {
    requireOfficeRole(p);
    return repo.listAssessments(this.db);
  }

  publishedList() {
    return repo.listAssessments(this.db, { publishedOnly: true });
  }

  async get(id: number, ex: Executor = this.db): Promise<Assessment> {
    const row = await repo.findAssessment(ex, id);
    if (!row) throw notFound('考核');
    return { row, items: JSON.parse(row.items) as SchemeItem[], rules: rulesOf(row) };
  }

  async create(p: Principal, input: SchemeInput, today = todayInChina()): Promise<number> {
    requireOfficeRole(p);
    const v = validateScheme(input, Number(today.slice(0, 4)));
    if (!v.ok) throw invalid(v.errors);
    const at = new Date().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const id = await repo.insertAssessment(trx, { ...toRow(v.value), state: 'draft', created_by: p.userId, created_at: at, updated_at: at });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'assessment', entityId: id, action: 'create', data: { ...v.value } });
      return id;
    });
  }

  async update(p: Principal, id: number, input: SchemeInput, today = todayInChina()): Promise<void> {
    requireOfficeRole(p);
    const a = await this.get(id);
    if (a.row.state === 'published') throw conflict('考核结果已发布，评分方案不能再修改');
    const v = validateScheme(input, Number(today.slice(0, 4)));
    if (!v.ok) throw invalid(v.errors);
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await repo.updateAssessment(trx, id, { ...toRow(v.value), updated_at: at });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'assessment', entityId: id, action: 'update', data: { ...v.value } });
    });
  }

  async departments() {
    return (await listDepartments(this.db)).filter((d) => d.kind !== 'office');
  }

  async scores(id: number) {
    return repo.listScores(this.db, id);
  }

  /**
   * Manual scores from the console grid: one entry per department × manual item (form fields
   * `score.<dept>.<item>` / `note.<dept>.<item>`); an empty score leaves that cell as it was.
   */
  async saveScores(p: Principal, id: number, entries: readonly { departmentId: number; itemCode: string; score: string; note: string }[]): Promise<number> {
    requireOfficeRole(p);
    const a = await this.get(id);
    if (a.row.state === 'published') throw conflict('考核结果已发布，得分不能再修改');
    const depts = new Map((await this.departments()).map((d) => [d.id, d]));
    const items = new Map(a.items.filter((i) => i.kind === 'manual').map((i) => [i.code, i]));
    const errors: ErrorDetail[] = [];
    const ok: { departmentId: number; item: SchemeItem; points: number; note: string }[] = [];
    for (const e of entries) {
      const item = items.get(e.itemCode);
      const dept = depts.get(e.departmentId);
      if (!item || !dept || !e.score.trim()) continue;
      const s = checkScore(item, e.score);
      if (!s.ok) errors.push({ field: `score.${e.departmentId}.${item.code}`, message: `${dept.short_name}：${s.message}`, code: 'out_of_range' });
      else if (e.note.length > 500) errors.push({ field: `note.${e.departmentId}.${item.code}`, message: `${dept.short_name}：说明不能超过500个字`, code: 'too_long' });
      else ok.push({ departmentId: e.departmentId, item, points: s.points, note: e.note.trim() });
    }
    if (errors.length) throw invalid(errors);
    const at = new Date().toISOString();
    return this.db.transaction().execute(async (trx) => {
      let changed = 0;
      for (const s of ok) {
        const prev = await repo.findScore(trx, id, s.departmentId, s.item.code);
        if (prev && prev.points_x100 === x100(s.points) && prev.note === s.note) continue;
        await repo.upsertScore(trx, { assessmentId: id, departmentId: s.departmentId, itemCode: s.item.code, pointsX100: x100(s.points), source: 'manual', note: s.note, by: p.userId, at });
        await appendEvent(trx, { at, actorId: p.userId, entity: 'assessment', entityId: id, action: 'score', data: { departmentId: s.departmentId, item: s.item.code, points: s.points, note: s.note, previous: prev ? fromX100(prev.points_x100) : null } });
        changed++;
      }
      return changed;
    });
  }

  /** Third-party evaluation scores for one manual item from an .xlsx; all rows or none. */
  async importScores(p: Principal, id: number, itemCode: string, buf: Buffer, filename: string): Promise<{ ok: true; imported: number } | { ok: false; issues: ImportIssue[] }> {
    requireOfficeRole(p);
    const a = await this.get(id);
    if (a.row.state === 'published') throw conflict('考核结果已发布，得分不能再修改');
    const item = a.items.find((i) => i.code === itemCode && i.kind === 'manual');
    if (!item) throw invalid([{ field: 'item', message: '请选择导入到哪一项人工评分指标', code: 'required' }]);
    const r = readScoreSheet(buf, item, await this.departments());
    if (!r.ok) return r;
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => this.storeImported(trx, p.userId, id, item.code, r.rows, filename, at));
    return { ok: true, imported: r.rows.length };
  }

  async storeImported(ex: Executor, actorId: number | null, id: number, itemCode: string, rows: readonly { departmentId: number; points: number; note: string }[], filename: string, at: string): Promise<void> {
    for (const s of rows) await repo.upsertScore(ex, { assessmentId: id, departmentId: s.departmentId, itemCode, pointsX100: x100(s.points), source: 'third_party', note: s.note, by: actorId, at });
    await appendEvent(ex, { at, actorId, entity: 'assessment', entityId: id, action: 'import', data: { item: itemCode, filename, rows: rows.map((s) => ({ departmentId: s.departmentId, points: s.points })) } });
  }

  /** Computes every department's scores now and stores the snapshot. */
  async run(p: Principal | null, id: number, today = todayInChina()): Promise<AssessmentResult> {
    if (p) requireOfficeRole(p);
    const a = await this.get(id);
    if (a.row.state === 'published') throw conflict('考核结果已发布，不能重新计算');
    const result = await this.compute({ ...this.deps, db: this.db }, this.db, a, today);
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => this.storeRun(trx, p?.userId ?? null, a, result, at));
    return result;
  }

  async compute(deps: MeasureDeps, ex: Executor, a: Assessment, today: string): Promise<AssessmentResult> {
    const depts = (await listDepartments(ex)).filter((d) => d.kind !== 'office');
    const asOf = today < a.row.period_to ? today : a.row.period_to;
    const wanted = new Set(a.items.flatMap((i) => (i.kind === 'automatic' && i.measure ? [i.measure] : [])));
    const measured = await measureDepartments(deps, depts, { year: a.row.year, from: a.row.period_from, to: a.row.period_to, asOf }, wanted);
    const manual = new Map<number, Map<string, ManualScore>>();
    for (const s of await repo.listScores(ex, a.row.id)) {
      if (!manual.has(s.department_id)) manual.set(s.department_id, new Map());
      manual.get(s.department_id)!.set(s.item_code, { points: fromX100(s.points_x100), note: s.note, source: s.source });
    }
    const rows = scoreAll(a.items, depts.map((d) => ({ id: d.id, code: d.code, name: d.name })), measured, manual);
    return {
      assessmentId: a.row.id,
      name: a.row.name,
      year: a.row.year,
      period: { from: a.row.period_from, to: a.row.period_to, asOf },
      runAt: new Date().toISOString(),
      items: a.items,
      rules: a.rules,
      measures: [...wanted].map((code) => ({ code, name: MEASURES[code].name, definition: MEASURES[code].definition })),
      rows,
      lists: lists(rows, a.rules),
    };
  }

  async storeRun(ex: Executor, actorId: number | null, a: Assessment, result: AssessmentResult, at: string): Promise<number> {
    const snapshotId = await repo.insertSnapshot(ex, { assessmentId: a.row.id, at, by: actorId, asOf: result.period.asOf, results: JSON.stringify(result) });
    await repo.updateAssessment(ex, a.row.id, { updated_at: at });
    await appendEvent(ex, { at, actorId, entity: 'assessment', entityId: a.row.id, action: 'run', data: { snapshotId, asOf: result.period.asOf, totals: result.rows.map((r) => ({ departmentId: r.departmentId, total: r.total })) } });
    return snapshotId;
  }

  /** The latest run (console) – null before the first run. */
  async latest(id: number): Promise<{ result: AssessmentResult; snapshotId: number } | null> {
    const a = await this.get(id);
    const s = a.row.snapshot_id ? await repo.findSnapshot(this.db, a.row.snapshot_id) : await repo.latestSnapshot(this.db, id);
    return s ? { result: JSON.parse(s.results) as AssessmentResult, snapshotId: s.id } : null;
  }

  async publish(p: Principal, id: number): Promise<void> {
    requireOfficeRole(p);
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => this.publishIn(trx, p.userId, id, at));
  }

  async publishIn(ex: Executor, actorId: number | null, id: number, at: string): Promise<void> {
    const a = await this.get(id, ex);
    if (a.row.state === 'published') throw conflict('该考核结果已发布');
    const s = await repo.latestSnapshot(ex, id);
    if (!s) throw conflict('请先计算得分，再发布考核结果');
    const result = JSON.parse(s.results) as AssessmentResult;
    if (result.rows.some((r) => r.items.some((i) => i.source === 'missing'))) throw conflict('仍有单位的人工评分项未录入，请录入后重新计算再发布');
    if (a.row.updated_at > s.run_at || (await repo.listScores(ex, id)).some((x) => x.entered_at > s.run_at)) throw conflict('计算之后评分方案或得分有变动，请重新计算后再发布');
    await repo.updateAssessment(ex, id, { state: 'published', snapshot_id: s.id, published_at: at, published_by: actorId, updated_at: at });
    await appendEvent(ex, { at, actorId, entity: 'assessment', entityId: id, action: 'publish', data: { snapshotId: s.id } });
  }

  /** A published assessment's frozen result (public pages and API). */
  async published(id: number): Promise<AssessmentResult & { publishedAt: string }> {
    const row = await repo.findAssessment(this.db, id);
    if (!row || row.state !== 'published' || !row.snapshot_id) throw notFound('考核结果');
    const s = await repo.findSnapshot(this.db, row.snapshot_id);
    if (!s) throw notFound('考核结果');
    return { ...(JSON.parse(s.results) as AssessmentResult), publishedAt: row.published_at! };
  }
}
