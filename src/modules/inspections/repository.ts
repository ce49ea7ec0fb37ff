// All SQL of the inspections module.
import type { Executor } from '../../db/index.ts';
import type { FindingStatus, InspectionAnswerTable, InspectionFindingTable, InspectionTable } from '../../db/schema.ts';

export type InspectionRow = Omit<InspectionTable, 'id'> & { id: number; department_name: string; department_code: string };
export type FindingRow = Omit<InspectionFindingTable, 'id'> & { id: number };
export type AnswerRow = Omit<InspectionAnswerTable, 'id'> & { id: number; answered_by_name: string | null };

export async function insertInspection(db: Executor, r: Omit<InspectionTable, 'id'>): Promise<number> {
  return (await db.insertInto('inspections').values(r).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateInspection(db: Executor, id: number, set: Partial<Omit<InspectionTable, 'id'>>) {
  await db.updateTable('inspections').set(set).where('id', '=', id).execute();
}

const inspectionQuery = (db: Executor) =>
  db.selectFrom('inspections').innerJoin('departments', 'departments.id', 'inspections.department_id').selectAll('inspections').select(['departments.name as department_name', 'departments.code as department_code']);

export function findInspection(db: Executor, id: number): Promise<InspectionRow | undefined> {
  return inspectionQuery(db).where('inspections.id', '=', id).executeTakeFirst();
}

export interface InspectionFilter {
  departmentIds: number[] | null;
  kind?: string;
  from?: string;
  to?: string;
}

export function listInspections(db: Executor, f: InspectionFilter, limit = 500): Promise<InspectionRow[]> {
  let q = inspectionQuery(db);
  if (f.departmentIds) q = f.departmentIds.length ? q.where('inspections.department_id', 'in', f.departmentIds) : q.where('inspections.id', '<', 0);
  if (f.kind) q = q.where('inspections.kind', '=', f.kind as InspectionTable['kind']);
  if (f.from) q = q.where('inspections.inspection_date', '>=', f.from);
  if (f.to) q = q.where('inspections.inspection_date', '<=', f.to);
  return q.orderBy('inspections.inspection_date', 'desc').orderBy('inspections.id', 'desc').limit(limit).execute();
}

export async function insertFinding(db: Executor, r: Omit<InspectionFindingTable, 'id' | 'seq'>): Promise<number> {
  const max = await db.selectFrom('inspection_findings').select((eb) => eb.fn.max('seq').as('m')).where('inspection_id', '=', r.inspection_id).executeTakeFirst();
  const seq = Number(max?.m ?? 0) + 1;
  return (await db.insertInto('inspection_findings').values({ ...r, seq }).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateFinding(db: Executor, id: number, set: Partial<Omit<InspectionFindingTable, 'id' | 'inspection_id' | 'seq'>>) {
  await db.updateTable('inspection_findings').set(set).where('id', '=', id).execute();
}

export function findFinding(db: Executor, id: number): Promise<FindingRow | undefined> {
  return db.selectFrom('inspection_findings').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findingsOf(db: Executor, inspectionIds: number[]): Promise<FindingRow[]> {
  if (!inspectionIds.length) return Promise.resolve([]);
  return db.selectFrom('inspection_findings').selectAll().where('inspection_id', 'in', inspectionIds).orderBy('inspection_id').orderBy('seq').execute();
}

export async function insertAnswer(db: Executor, r: Omit<InspectionAnswerTable, 'id'>): Promise<number> {
  return (await db.insertInto('inspection_answers').values(r).returning('id').executeTakeFirstOrThrow()).id;
}

export function answersOf(db: Executor, findingIds: number[]): Promise<AnswerRow[]> {
  if (!findingIds.length) return Promise.resolve([]);
  return db
    .selectFrom('inspection_answers')
    .leftJoin('users', 'users.id', 'inspection_answers.answered_by')
    .selectAll('inspection_answers')
    .select('users.display_name as answered_by_name')
    .where('inspection_answers.finding_id', 'in', findingIds)
    .orderBy('inspection_answers.id')
    .execute();
}

/** Findings of inspections dated within [from, to] (either bound optional), for statistics. */
export function findingsForStats(db: Executor, departmentId: number | null, from: string | null, to: string | null): Promise<{ status: FindingStatus; deadline: string; closed_date: string | null; department_id: number }[]> {
  let q = db
    .selectFrom('inspection_findings')
    .innerJoin('inspections', 'inspections.id', 'inspection_findings.inspection_id')
    .select(['inspection_findings.status', 'inspection_findings.deadline', 'inspection_findings.closed_date', 'inspections.department_id']);
  if (departmentId !== null) q = q.where('inspections.department_id', '=', departmentId);
  if (from) q = q.where('inspections.inspection_date', '>=', from);
  if (to) q = q.where('inspections.inspection_date', '<=', to);
  return q.execute();
}

export async function blobMime(db: Executor, sha256: string): Promise<string | undefined> {
  return (await db.selectFrom('blobs').select('mime').where('sha256', '=', sha256).executeTakeFirst())?.mime;
}
