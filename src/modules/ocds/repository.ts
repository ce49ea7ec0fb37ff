// Queries of the OCDS export: published versions of disclosures that belong to procurement and
// construction projects, in publication order, and the per-project context a release needs.
import type { Executor } from '../../db/index.ts';
import { CANCELS } from './cancellation.ts';

const SECTORS = ['procurement', 'construction'];

/**
 * Item types are filtered in the application, not here: with `t.code in (…)` SQLite's planner drives
 * the join from the item type (every disclosure of that type) instead of the project or the date.
 */
function base(db: Executor, withdrawn = false) {
  return db
    .selectFrom('disclosure_versions as v')
    .innerJoin('disclosures as d', 'd.id', 'v.disclosure_id')
    .innerJoin('projects as p', 'p.id', 'd.project_id')
    .innerJoin('item_types as t', 't.id', 'd.item_type_id')
    .innerJoin('departments as dep', 'dep.id', 'd.department_id')
    .where('d.state', withdrawn ? '=' : '!=', 'withdrawn')
    .where('p.sector', 'in', SECTORS)
    // A sealed version (disclosures/seals.ts) is never public again, so it is no release either.
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('version_seals as s').select('s.id').whereRef('s.disclosure_id', '=', 'v.disclosure_id').whereRef('s.version', '=', 'v.version'))))
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

/**
 * Withdrawn disclosures (state 'withdrawn' is final) with their last published version and the
 * public withdrawal event: each becomes one cancellation release, ordered by the withdrawal time.
 */
function withdrawals(db: Executor) {
  return base(db, true)
    // Few rows (driven by the state), so the item-type filter may sit here: only withdrawals that cancel something are releases.
    .where('t.code', 'in', Object.keys(CANCELS))
    .innerJoin('events as e', (j) => j.onRef('e.entity_id', '=', 'd.id').on('e.entity', '=', 'disclosure').on('e.action', '=', 'withdraw'))
    .whereRef('v.version', '=', 'd.version')
    .select(['e.id as eid', 'e.at as withdrawn_at', 'e.reason as withdrawal_reason']);
}

export type WithdrawalRow = Awaited<ReturnType<typeof withdrawalsAfter>>[number];

/**
 * The feed's withdrawals after the cursor. Feed order is (time, n) with n = version row id for a
 * version and −event id for a withdrawal, so one cursor `{at, id: n}` pages both kinds.
 */
export function withdrawalsAfter(db: Executor, cursor: { at: string; id: number } | null, limit: number) {
  let q = withdrawals(db);
  if (cursor) q = q.where((eb) => eb.or([eb('e.at', '>', cursor.at), eb.and([eb('e.at', '=', cursor.at), eb('e.id', '<', -cursor.id)])]));
  return q.orderBy('e.at').orderBy('e.id', 'desc').limit(limit).execute();
}

export function withdrawalsOfOcid(db: Executor, ocid: string) {
  return withdrawals(db).where('p.ocid', '=', ocid).orderBy('e.at').execute();
}

export function withdrawalsOfProjects(db: Executor, projectIds: number[]) {
  if (!projectIds.length) return Promise.resolve([] as WithdrawalRow[]);
  return withdrawals(db).where('d.project_id', 'in', projectIds).orderBy('d.project_id').orderBy('e.at').execute();
}

export async function countWithdrawals(db: Executor, codes: readonly string[]): Promise<number> {
  if (!codes.length) return 0;
  const r = await db
    .selectFrom('disclosures as d')
    .innerJoin('projects as p', 'p.id', 'd.project_id')
    .innerJoin('item_types as t', 't.id', 'd.item_type_id')
    .where('d.state', '=', 'withdrawn')
    .where('p.sector', 'in', SECTORS)
    .where('t.code', 'in', [...codes])
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('version_seals as s').select('s.id').whereRef('s.disclosure_id', '=', 'd.id').whereRef('s.version', '=', 'd.version'))))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
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

/** Award-stage disclosures of the projects (current version, withdrawn ones too): when the award became public and to whom. */
export function awardsOfProjects(db: Executor, projectIds: number[]) {
  if (!projectIds.length) return Promise.resolve([]);
  return db
    .selectFrom('disclosures as d')
    .innerJoin('disclosure_versions as v', (j) => j.onRef('v.disclosure_id', '=', 'd.id').onRef('v.version', '=', 'd.version'))
    .innerJoin('item_types as t', 't.id', 'd.item_type_id')
    // Withdrawn notices too: their award ids still name the (cancelled) awards contracts point at.
    .select(['d.project_id', 'd.first_published_at', 'd.state', 't.code as item_type_code', 't.stage', 'v.fields'])
    .where('d.project_id', 'in', projectIds)
    .where('d.version', '>', 0)
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
