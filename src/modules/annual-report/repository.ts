// All SQL of annual reports: one row per scope (department code or '_district') × year × kind.
import type { Executor } from '../../db/index.ts';

export type ReportKind = 'gov' | 'progress';

export function findReport(db: Executor, scope: string, year: number, kind: ReportKind) {
  return db.selectFrom('annual_reports').selectAll().where('scope', '=', scope).where('year', '=', year).where('kind', '=', kind).executeTakeFirst();
}

export async function saveInputs(db: Executor, r: { scope: string; departmentId: number | null; year: number; kind: ReportKind; inputs: string; by: number; at: string }): Promise<number> {
  const existing = await findReport(db, r.scope, r.year, r.kind);
  if (existing) {
    await db.updateTable('annual_reports').set({ inputs: r.inputs, updated_at: r.at, updated_by: r.by }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const row = await db
    .insertInto('annual_reports')
    .values({ scope: r.scope, department_id: r.departmentId, year: r.year, kind: r.kind, state: 'draft', inputs: r.inputs, snapshot: null, docx_sha256: null, version: 0, published_at: null, published_by: null, created_at: r.at, updated_at: r.at, updated_by: r.by })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function markPublished(db: Executor, id: number, p: { snapshot: string; docxSha: string; version: number; at: string; by: number }) {
  await db.updateTable('annual_reports').set({ state: 'published', snapshot: p.snapshot, docx_sha256: p.docxSha, version: p.version, published_at: p.at, published_by: p.by, updated_at: p.at }).where('id', '=', id).execute();
}

export function listReports(db: Executor, f: { year?: number; scope?: string; publishedOnly?: boolean }) {
  let q = db.selectFrom('annual_reports').select(['id', 'scope', 'department_id', 'year', 'kind', 'state', 'version', 'published_at', 'updated_at']);
  if (f.year !== undefined) q = q.where('year', '=', f.year);
  if (f.scope !== undefined) q = q.where('scope', '=', f.scope);
  if (f.publishedOnly) q = q.where('state', '=', 'published');
  return q.orderBy('year', 'desc').orderBy('scope').execute();
}
