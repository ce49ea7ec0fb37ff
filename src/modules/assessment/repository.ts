// All SQL of the assessment module.
import type { Executor } from '../../db/index.ts';
import type { AssessmentTable } from '../../db/schema.ts';
import type { Insertable, Updateable } from 'kysely';

export function listAssessments(db: Executor, o: { publishedOnly?: boolean } = {}) {
  let q = db.selectFrom('assessments').selectAll().orderBy('year', 'desc').orderBy('id', 'desc');
  if (o.publishedOnly) q = q.where('state', '=', 'published');
  return q.execute();
}

export function findAssessment(db: Executor, id: number) {
  return db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertAssessment(db: Executor, v: Insertable<AssessmentTable>): Promise<number> {
  const r = await db.insertInto('assessments').values(v).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateAssessment(db: Executor, id: number, v: Updateable<AssessmentTable>): Promise<void> {
  await db.updateTable('assessments').set(v).where('id', '=', id).execute();
}

export function listScores(db: Executor, assessmentId: number) {
  return db.selectFrom('assessment_scores').selectAll().where('assessment_id', '=', assessmentId).orderBy('id').execute();
}

export function findScore(db: Executor, assessmentId: number, departmentId: number, itemCode: string) {
  return db.selectFrom('assessment_scores').selectAll().where('assessment_id', '=', assessmentId).where('department_id', '=', departmentId).where('item_code', '=', itemCode).executeTakeFirst();
}

/** Insert or replace one department's score for an item; returns the row id. */
export async function upsertScore(db: Executor, v: { assessmentId: number; departmentId: number; itemCode: string; pointsX100: number; source: 'manual' | 'third_party'; note: string; by: number | null; at: string }): Promise<number> {
  const existing = await findScore(db, v.assessmentId, v.departmentId, v.itemCode);
  if (existing) {
    await db.updateTable('assessment_scores').set({ points_x100: v.pointsX100, source: v.source, note: v.note, entered_by: v.by, entered_at: v.at }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const r = await db
    .insertInto('assessment_scores')
    .values({ assessment_id: v.assessmentId, department_id: v.departmentId, item_code: v.itemCode, points_x100: v.pointsX100, source: v.source, note: v.note, entered_by: v.by, entered_at: v.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function insertSnapshot(db: Executor, v: { assessmentId: number; at: string; by: number | null; asOf: string; results: string }): Promise<number> {
  const r = await db.insertInto('assessment_snapshots').values({ assessment_id: v.assessmentId, run_at: v.at, run_by: v.by, as_of: v.asOf, results: v.results }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export function latestSnapshot(db: Executor, assessmentId: number) {
  return db.selectFrom('assessment_snapshots').selectAll().where('assessment_id', '=', assessmentId).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export function findSnapshot(db: Executor, id: number) {
  return db.selectFrom('assessment_snapshots').selectAll().where('id', '=', id).executeTakeFirst();
}

export function countSnapshots(db: Executor, assessmentId: number) {
  return db.selectFrom('assessment_snapshots').select((eb) => eb.fn.countAll<number>().as('n')).where('assessment_id', '=', assessmentId).executeTakeFirstOrThrow().then((r) => Number(r.n));
}
