// Queries of the OCDS export: published versions of disclosures that belong to procurement and
// construction projects, in publication order, and the per-project context a release needs.
import type { Executor } from '../../db/index.ts';

const SECTORS = ['procurement', 'construction'];

/**
 * Item types are filtered in the application, not here: with `t.code in (…)` SQLite's planner drives
 * the join from the item type (every disclosure of that type) instead of the project or the date.
 */
function base(db: Executor) {
  return db
    .selectFrom('disclosure_versions as v')
    .innerJoin('disclosures as d', 'd.id', 'v.disclosure_id')
    .innerJoin('projects as p', 'p.id', 'd.project_id')
    .innerJoin('item_types as t', 't.id', 'd.item_type_id')
    .innerJoin('departments as dep', 'dep.id', 'd.department_id')
    .where('d.state', '!=', 'withdrawn')
    .where('p.sector', 'in', SECTORS)
    .select([
      'v.id as vid',
      'v.disclosure_id',
      'v.version',
      'v.title',
      'v.fields',
      'v.formed_date',
      'v.attachments',
      'v.change_reason',
      'v.published_at',
      'd.project_id',
      't.code as item_type_code',
      't.stage',
      'p.ocid',
      'p.code as project_code',
      'p.title as project_title',
      'p.sector as project_sector',
      'p.investment_code',
      'dep.name as department_name',
      'dep.credit_code as department_credit_code',
    ]);
}

export type VersionRow = Awaited<ReturnType<typeof versionsAfter>>[number];

/** The release feed: versions after the cursor (published_at, version row id), oldest first. */
export function versionsAfter(db: Executor, cursor: { at: string; id: number } | null, limit: number) {
  let q = base(db);
  if (cursor) q = q.where((eb) => eb.or([eb('v.published_at', '>', cursor.at), eb.and([eb('v.published_at', '=', cursor.at), eb('v.id', '>', cursor.id)])]));
  return q.orderBy('v.published_at').orderBy('v.id').limit(limit).execute();
}

export function versionsOfOcid(db: Executor, ocid: string) {
  return base(db).where('p.ocid', '=', ocid).orderBy('v.published_at').orderBy('v.id').execute();
}

export function versionsOfProjects(db: Executor, projectIds: number[]) {
  if (!projectIds.length) return Promise.resolve([] as VersionRow[]);
  return base(db).where('d.project_id', 'in', projectIds).orderBy('d.project_id').orderBy('v.published_at').orderBy('v.id').execute();
}

export async function countVersions(db: Executor, codes: readonly string[]): Promise<number> {
  const r = await db
    .selectFrom('disclosure_versions as v')
    .innerJoin('disclosures as d', 'd.id', 'v.disclosure_id')
    .innerJoin('projects as p', 'p.id', 'd.project_id')
    .innerJoin('item_types as t', 't.id', 'd.item_type_id')
    .where('d.state', '!=', 'withdrawn')
    .where('p.sector', 'in', SECTORS)
    .where('t.code', 'in', [...codes])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Award-stage disclosures of the projects (current version): when the award became public and to whom. */
export function awardsOfProjects(db: Executor, projectIds: number[]) {
  if (!projectIds.length) return Promise.resolve([]);
  return db
    .selectFrom('disclosures as d')
    .innerJoin('disclosure_versions as v', (j) => j.onRef('v.disclosure_id', '=', 'd.id').onRef('v.version', '=', 'd.version'))
    .innerJoin('item_types as t', 't.id', 'd.item_type_id')
    .select(['d.project_id', 'd.first_published_at', 't.code as item_type_code', 't.stage', 'v.fields'])
    .where('d.project_id', 'in', projectIds)
    .where('d.version', '>', 0)
    .where('d.state', '!=', 'withdrawn')
    .where('t.stage', 'in', ['award', 'contract', 'performance'])
    .execute();
}

/** Procurement and construction projects by id, keyset-paged (bulk file). */
export function projectIdsAfter(db: Executor, afterId: number, limit: number) {
  return db.selectFrom('projects').select('id').where('sector', 'in', SECTORS).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

// ---- ingestion ledger ----

export function ingestedReleases(db: Executor, releaseIds: string[]) {
  if (!releaseIds.length) return Promise.resolve([]);
  return db.selectFrom('ocds_ingested_releases').select(['release_id', 'disclosure_id', 'project_id']).where('release_id', 'in', releaseIds).execute();
}

export async function insertIngested(db: Executor, rows: { releaseId: string; ocid: string; apiKeyId: number; projectId: number; disclosureId: number; at: string }[]) {
  if (!rows.length) return;
  await db
    .insertInto('ocds_ingested_releases')
    .values(rows.map((r) => ({ release_id: r.releaseId, ocid: r.ocid, api_key_id: r.apiKeyId, project_id: r.projectId, disclosure_id: r.disclosureId, at: r.at })))
    .execute();
}
