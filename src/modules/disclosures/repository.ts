// All SQL of disclosures. Public reads go through the latest *published version*, never the working
// copy, so a correction being drafted is invisible until it is published.
import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';
import type { DisclosureState, DisclosureUpdate } from '../../db/schema.ts';

export interface InsertDisclosure {
  itemTypeId: number;
  departmentId: number;
  projectId: number | null;
  title: string;
  body: string;
  fields: string;
  formedDate: string;
  dueDate: string | null;
  dueRule: string | null;
  createdBy: number;
  at: string;
}

/** The row of a new draft: the single and the bulk insert write exactly the same columns. */
function draftRow(d: InsertDisclosure) {
  return {
    item_type_id: d.itemTypeId,
    department_id: d.departmentId,
    project_id: d.projectId,
    state: 'draft' as const,
    title: d.title,
    body: d.body,
    fields: d.fields,
    formed_date: d.formedDate,
    due_date: d.dueDate,
    due_rule: d.dueRule,
    created_by: d.createdBy,
    created_at: d.at,
    updated_at: d.at,
    version: 0,
  };
}

export async function insertDisclosure(db: Executor, d: InsertDisclosure): Promise<number> {
  const row = await db.insertInto('disclosures').values(draftRow(d)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Many drafts in multi-row INSERTs of 1,000 rows (14 parameters each: well under SQLite's 32,766
 * and PostgreSQL's 65,535 bind parameters). Returns the ids in input order: both databases assign
 * ids (rowid / identity sequence) in VALUES order, ascending, while RETURNING's order is not
 * promised – hence the sort.
 */
export async function insertDisclosures(db: Executor, ds: readonly InsertDisclosure[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < ds.length; i += 1000) {
    const chunk = ds.slice(i, i + 1000);
    const rows = await db.insertInto('disclosures').values(chunk.map(draftRow)).returning('id').execute();
    if (rows.length !== chunk.length) throw new Error(`bulk insert wrote ${rows.length} of ${chunk.length} drafts`);
    ids.push(...rows.map((r) => r.id).sort((a, b) => a - b));
  }
  return ids;
}

export async function updateDisclosure(db: Executor, id: number, set: DisclosureUpdate) {
  await db.updateTable('disclosures').set(set).where('id', '=', id).execute();
}

export function findDisclosure(db: Executor, id: number) {
  return db.selectFrom('disclosures').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Row lock on PostgreSQL so two reviewers cannot both move the same disclosure; SQLite serialises writers already. */
export async function lockDisclosure(db: Executor, id: number, dialect: 'sqlite' | 'postgres') {
  let q = db.selectFrom('disclosures').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function insertVersion(
  db: Executor,
  v: { disclosureId: number; version: number; title: string; body: string; bodyHtml: string; fields: string; formedDate: string; attachments: string; changeReason: string | null; at: string; by: number; dueDate: string | null },
) {
  await db
    .insertInto('disclosure_versions')
    .values({
      disclosure_id: v.disclosureId,
      version: v.version,
      title: v.title,
      body: v.body,
      body_html: v.bodyHtml,
      fields: v.fields,
      formed_date: v.formedDate,
      attachments: v.attachments,
      change_reason: v.changeReason,
      published_at: v.at,
      published_by: v.by,
      due_date: v.dueDate,
    })
    .execute();
}

export function listVersions(db: Executor, disclosureId: number) {
  return db.selectFrom('disclosure_versions').selectAll().where('disclosure_id', '=', disclosureId).orderBy('version').execute();
}

export function findVersion(db: Executor, disclosureId: number, version: number) {
  return db.selectFrom('disclosure_versions').selectAll().where('disclosure_id', '=', disclosureId).where('version', '=', version).executeTakeFirst();
}

export function currentAttachments(db: Executor, disclosureId: number) {
  return db
    .selectFrom('disclosure_attachments')
    .innerJoin('blobs', 'blobs.sha256', 'disclosure_attachments.sha256')
    .select(['disclosure_attachments.id', 'disclosure_attachments.filename', 'disclosure_attachments.sha256', 'blobs.size', 'blobs.mime'])
    .where('disclosure_attachments.disclosure_id', '=', disclosureId)
    .where('disclosure_attachments.removed_at', 'is', null)
    .orderBy('disclosure_attachments.id')
    .execute();
}

export async function insertAttachment(db: Executor, a: { disclosureId: number; sha256: string; filename: string; at: string; by: number }) {
  const row = await db
    .insertInto('disclosure_attachments')
    .values({ disclosure_id: a.disclosureId, sha256: a.sha256, filename: a.filename, created_at: a.at, created_by: a.by, removed_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function markAttachmentRemoved(db: Executor, disclosureId: number, attachmentId: number, at: string) {
  const r = await db
    .updateTable('disclosure_attachments')
    .set({ removed_at: at })
    .where('id', '=', attachmentId)
    .where('disclosure_id', '=', disclosureId)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface PublicListFilter {
  sector?: string | undefined;
  departmentId?: number | undefined;
  itemTypeId?: number | undefined;
  projectId?: number | undefined;
  from?: string | undefined; // published on or after (YYYY-MM-DD, China time)
  to?: string | undefined; // published on or before
  includeWithdrawn?: boolean;
}

/** Published (and optionally withdrawn) disclosures with their current public version. */
function publicBase(db: Executor, f: PublicListFilter) {
  let q = db
    .selectFrom('disclosures as d')
    .innerJoin('disclosure_versions as v', (j) => j.onRef('v.disclosure_id', '=', 'd.id').onRef('v.version', '=', 'd.version'))
    .innerJoin('item_types as t', 't.id', 'd.item_type_id')
    .innerJoin('departments as dep', 'dep.id', 'd.department_id')
    .where('d.version', '>', 0);
  q = f.includeWithdrawn ? q : q.where('d.state', '!=', 'withdrawn');
  if (f.sector) q = q.where('t.sector', '=', f.sector);
  if (f.departmentId) q = q.where('d.department_id', '=', f.departmentId);
  if (f.itemTypeId) q = q.where('d.item_type_id', '=', f.itemTypeId);
  if (f.projectId) q = q.where('d.project_id', '=', f.projectId);
  // Dates are chosen in China time (UTC+8); stored timestamps are UTC.
  if (f.from) q = q.where('d.first_published_at', '>=', chinaDayStartUtc(f.from));
  if (f.to) q = q.where('d.first_published_at', '<', chinaDayStartUtc(nextDay(f.to)));
  return q;
}

export function chinaDayStartUtc(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();
}

function nextDay(day: string): string {
  const t = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

const PUBLIC_COLUMNS = [
  'd.id',
  'd.state',
  'd.version',
  'd.project_id',
  'd.first_published_at',
  'd.last_published_at',
  'd.formed_date',
  'd.due_date',
  'v.title',
  'v.published_at',
  'v.fields',
  'v.formed_date as version_formed_date',
  't.code as item_type_code',
  't.name as item_type_name',
  't.sector',
  'dep.code as department_code',
  'dep.short_name as department_name',
] as const;

export async function countPublic(db: Executor, f: PublicListFilter): Promise<number> {
  const r = await publicBase(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export function listPublicPage(db: Executor, f: PublicListFilter, limit: number, offset: number) {
  return publicBase(db, f).select(PUBLIC_COLUMNS).orderBy('d.first_published_at', 'desc').orderBy('d.id', 'desc').limit(limit).offset(offset).execute();
}

/** Keyset pagination for the API: newest first by (first_published_at, id). */
export function listPublicAfter(db: Executor, f: PublicListFilter, limit: number, cursor: { at: string; id: number } | null) {
  let q = publicBase(db, f).select(PUBLIC_COLUMNS);
  if (cursor) {
    q = q.where((eb) => eb.or([eb('d.first_published_at', '<', cursor.at), eb.and([eb('d.first_published_at', '=', cursor.at), eb('d.id', '<', cursor.id)])]));
  }
  return q.orderBy('d.first_published_at', 'desc').orderBy('d.id', 'desc').limit(limit).execute();
}

export function listWorkingCopies(db: Executor, f: { departmentIds?: number[]; states?: DisclosureState[]; createdBy?: number; limit?: number }) {
  let q = db
    .selectFrom('disclosures as d')
    .innerJoin('item_types as t', 't.id', 'd.item_type_id')
    .innerJoin('departments as dep', 'dep.id', 'd.department_id')
    .innerJoin('users as u', 'u.id', 'd.created_by')
    .select(['d.id', 'd.title', 'd.state', 'd.version', 'd.updated_at', 'd.formed_date', 'd.due_date', 't.name as item_type_name', 'dep.short_name as department_name', 'u.display_name as creator_name', 'd.created_by']);
  if (f.departmentIds) q = q.where('d.department_id', 'in', f.departmentIds.length ? f.departmentIds : [-1]);
  if (f.states) q = q.where('d.state', 'in', f.states);
  if (f.createdBy !== undefined) q = q.where('d.created_by', '=', f.createdBy);
  return q.orderBy('d.updated_at', 'desc').limit(f.limit ?? 200).execute();
}

export async function latestActorOf(db: Executor, disclosureId: number, actions: string[]) {
  return db
    .selectFrom('events')
    .select(['actor_id', 'action', 'at'])
    .where('entity', '=', 'disclosure')
    .where('entity_id', '=', disclosureId)
    .where('action', 'in', actions)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every user who changed the working copy since it was last published: none of them may approve it. */
export async function authorsSinceLastPublish(db: Executor, disclosureId: number): Promise<number[]> {
  const lastPublish = await db
    .selectFrom('events')
    .select('id')
    .where('entity', '=', 'disclosure')
    .where('entity_id', '=', disclosureId)
    .where('action', '=', 'publish')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const rows = await db
    .selectFrom('events')
    .select('actor_id')
    .distinct()
    .where('entity', '=', 'disclosure')
    .where('entity_id', '=', disclosureId)
    .where('action', 'in', ['create', 'update', 'submit', 'correct', 'attach', 'detach'])
    .where('id', '>', lastPublish?.id ?? 0)
    .execute();
  return rows.map((r) => r.actor_id).filter((x): x is number => x !== null);
}

export async function eventActions(db: Executor, disclosureId: number): Promise<string[]> {
  const rows = await db.selectFrom('events').select('action').where('entity', '=', 'disclosure').where('entity_id', '=', disclosureId).orderBy('id').execute();
  return rows.map((r) => r.action);
}

export async function countsBySector(db: Executor) {
  return db
    .selectFrom('disclosures as d')
    .innerJoin('item_types as t', 't.id', 'd.item_type_id')
    .select(['t.sector', (eb) => eb.fn.countAll<number>().as('n')])
    .where('d.version', '>', 0)
    .where('d.state', '!=', 'withdrawn')
    .groupBy('t.sector')
    .execute();
}

export { sql };

/** Whether the project's award (中标结果) is public: fields secret "until award" become public then. */
export async function projectAwardPublished(db: Executor, projectId: number): Promise<boolean> {
  const r = await db
    .selectFrom('disclosures as d')
    .innerJoin('item_types as t', 't.id', 'd.item_type_id')
    .select('d.id')
    .where('d.project_id', '=', projectId)
    .where('d.version', '>', 0)
    .where('d.state', '!=', 'withdrawn')
    .where('t.stage', 'in', ['award', 'contract', 'performance'])
    .limit(1)
    .executeTakeFirst();
  return !!r;
}

/** Exact substring search over public titles (a stop-gap until the full-text index lands). */
export function searchPublicTitles(db: Executor, q: string, limit: number, offset: number) {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  return publicBase(db, {})
    .select(PUBLIC_COLUMNS)
    .where(sql<boolean>`v.title like ${pattern} escape '\\'`)
    .orderBy('d.first_published_at', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function projectsWithAward(db: Executor, projectIds: number[]): Promise<Set<number>> {
  if (!projectIds.length) return new Set();
  const rows = await db
    .selectFrom('disclosures as d')
    .innerJoin('item_types as t', 't.id', 'd.item_type_id')
    .select('d.project_id')
    .distinct()
    .where('d.project_id', 'in', projectIds)
    .where('d.version', '>', 0)
    .where('d.state', '!=', 'withdrawn')
    .where('t.stage', 'in', ['award', 'contract', 'performance'])
    .execute();
  return new Set(rows.map((r) => r.project_id!));
}

export function projectRefs(db: Executor, ids: number[]) {
  if (!ids.length) return Promise.resolve([] as { id: number; ocid: string; code: string; title: string }[]);
  return db.selectFrom('projects').select(['id', 'ocid', 'code', 'title']).where('id', 'in', ids).execute();
}

export function latestEvent(db: Executor, disclosureId: number, action: string) {
  return db.selectFrom('events').select(['at', 'reason']).where('entity', '=', 'disclosure').where('entity_id', '=', disclosureId).where('action', '=', action).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export function findPublicRow(db: Executor, id: number) {
  return publicBase(db, { includeWithdrawn: true }).select(PUBLIC_COLUMNS).where('d.id', '=', id).executeTakeFirst();
}

// ---- sealed (屏蔽) earlier versions ----

export function listSeals(db: Executor, disclosureId: number) {
  return db.selectFrom('version_seals').select(['version', 'reason', 'sealed_at']).where('disclosure_id', '=', disclosureId).orderBy('version').execute();
}

export async function insertSeal(db: Executor, s: { disclosureId: number; version: number; reason: string; by: number; at: string }): Promise<void> {
  await db.insertInto('version_seals').values({ disclosure_id: s.disclosureId, version: s.version, reason: s.reason, sealed_by: s.by, sealed_at: s.at }).execute();
}
