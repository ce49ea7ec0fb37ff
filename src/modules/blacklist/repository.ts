// Every query of the 黑名单 module. Dates are ISO text (ADR 0003), so range tests are string
// comparisons on both dialects.
import { sql } from 'kysely';
import type { Executor } from '../../db/index.ts';
import type { BlacklistEntry, BlacklistEntryTable } from '../../db/schema.ts';
import type { Insertable, Updateable } from 'kysely';

export type EntryRow = BlacklistEntry & { department_name: string; department_code: string };

export async function insertEntry(db: Executor, row: Insertable<BlacklistEntryTable>): Promise<number> {
  const r = await db.insertInto('blacklist_entries').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateEntry(db: Executor, id: number, set: Updateable<BlacklistEntryTable>): Promise<void> {
  await db.updateTable('blacklist_entries').set(set).where('id', '=', id).execute();
}

const withDept = (db: Executor) =>
  db
    .selectFrom('blacklist_entries as b')
    .innerJoin('departments as d', 'd.id', 'b.department_id')
    .selectAll('b')
    .select(['d.name as department_name', 'd.code as department_code']);

export async function findEntry(db: Executor, id: number): Promise<EntryRow | undefined> {
  return withDept(db).where('b.id', '=', id).executeTakeFirst();
}

/** Row lock on PostgreSQL (SQLite transactions are serialised anyway). */
export async function lockEntry(db: Executor, id: number, dialect: 'sqlite' | 'postgres'): Promise<BlacklistEntry | undefined> {
  let q = db.selectFrom('blacklist_entries').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Entries of the same subject with this decision number (duplicates), other than `exceptId`. */
export async function findDuplicate(db: Executor, subjectKey: string, decisionNo: string, exceptId: number | null) {
  let q = db.selectFrom('blacklist_entries').select(['id', 'status']).where('subject_key', '=', subjectKey).where('decision_no', '=', decisionNo);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

/** Draft or active entries of the same subject and sector whose period intersects [start, end]. */
export async function findOverlapping(db: Executor, o: { subjectKey: string; sector: string; start: string; end: string; exceptId: number | null }) {
  let q = db
    .selectFrom('blacklist_entries')
    .select(['id', 'decision_no', 'start_date', 'end_date', 'status'])
    .where('subject_key', '=', o.subjectKey)
    .where('sector', '=', o.sector)
    .where('status', 'in', ['draft', 'active'])
    .where('start_date', '<=', o.end)
    .where('end_date', '>=', o.start);
  if (o.exceptId !== null) q = q.where('id', '!=', o.exceptId);
  return q.orderBy('start_date').executeTakeFirst();
}

export interface PublicFilter {
  q?: string | undefined;
  /** Normalised form of `q`, matched against name_key. */
  qKey?: string | undefined;
  creditCode?: string | undefined;
  sector?: string | undefined;
  severity?: string | undefined;
  departmentId?: number | undefined;
  /** current: active and end_date ≥ today; history: everything else that was published. */
  view: 'current' | 'history' | 'all';
  today: string;
}

function publicQuery(db: Executor, f: PublicFilter) {
  let q = withDept(db).where('b.status', '!=', 'draft');
  if (f.view === 'current') q = q.where('b.status', '=', 'active').where('b.end_date', '>=', f.today);
  else if (f.view === 'history') q = q.where((eb) => eb.or([eb('b.status', '!=', 'active'), eb('b.end_date', '<', f.today)]));
  if (f.sector) q = q.where('b.sector', '=', f.sector);
  if (f.severity) q = q.where('b.severity', '=', f.severity as BlacklistEntry['severity']);
  if (f.departmentId !== undefined) q = q.where('b.department_id', '=', f.departmentId);
  if (f.creditCode) q = q.where('b.credit_code', '=', f.creditCode);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const likeKey = `%${(f.qKey ?? f.q).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([sql<boolean>`${eb.ref('b.name')} like ${like} escape '\\'`, sql<boolean>`${eb.ref('b.name_key')} like ${likeKey} escape '\\'`, eb('b.credit_code', '=', f.q!.toUpperCase())]));
  }
  return q;
}

export async function listPublic(db: Executor, f: PublicFilter, limit: number, offset: number): Promise<EntryRow[]> {
  return publicQuery(db, f).orderBy('b.decision_date', 'desc').orderBy('b.id', 'desc').limit(limit).offset(offset).execute();
}

export async function countPublic(db: Executor, f: PublicFilter): Promise<number> {
  const r = await publicQuery(db, f).clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(r?.n ?? 0);
}

export async function listForStaff(db: Executor, o: { departmentIds?: number[]; status?: string }): Promise<EntryRow[]> {
  let q = withDept(db);
  if (o.departmentIds) q = q.where('b.department_id', 'in', o.departmentIds.length ? o.departmentIds : [-1]);
  if (o.status) q = q.where('b.status', '=', o.status as BlacklistEntry['status']);
  return q.orderBy('b.updated_at', 'desc').orderBy('b.id', 'desc').limit(500).execute();
}

/** Published entries (any status but draft) whose credit code is one of `codes` or name_key one of `keys`. */
export async function candidatesFor(db: Executor, codes: string[], keys: string[]): Promise<BlacklistEntry[]> {
  if (!codes.length && !keys.length) return [];
  return db
    .selectFrom('blacklist_entries')
    .selectAll()
    .where('status', '!=', 'draft')
    .where((eb) => eb.or([...(codes.length ? [eb('credit_code', 'in', codes)] : []), ...(keys.length ? [eb('name_key', 'in', keys)] : [])]))
    .orderBy('id')
    .execute();
}

/** Active entries whose last day is before `today`: the expiry job's work. */
export async function dueToExpire(db: Executor, today: string) {
  return db.selectFrom('blacklist_entries').select(['id', 'end_date']).where('status', '=', 'active').where('end_date', '<', today).orderBy('id').execute();
}

export async function insertDocument(db: Executor, d: { entryId: number; kind: 'decision' | 'repair' | 'revoke'; sha256: string; filename: string; at: string; by: number }): Promise<number> {
  const r = await db.insertInto('blacklist_documents').values({ entry_id: d.entryId, kind: d.kind, sha256: d.sha256, filename: d.filename, created_at: d.at, created_by: d.by }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function listDocuments(db: Executor, entryId: number) {
  return db.selectFrom('blacklist_documents').selectAll().where('entry_id', '=', entryId).orderBy('id').execute();
}

/** Joined with blobs for the download's type and size. */
export async function findDocument(db: Executor, entryId: number, docId: number) {
  return db
    .selectFrom('blacklist_documents as x')
    .innerJoin('blobs', 'blobs.sha256', 'x.sha256')
    .select(['x.id', 'x.filename', 'x.sha256', 'x.kind', 'blobs.mime', 'blobs.size'])
    .where('x.entry_id', '=', entryId)
    .where('x.id', '=', docId)
    .executeTakeFirst();
}

/** A disclosure that may be linked: id, state, item type code, department. */
export async function disclosureRef(db: Executor, id: number) {
  return db
    .selectFrom('disclosures')
    .innerJoin('item_types', 'item_types.id', 'disclosures.item_type_id')
    .select(['disclosures.id', 'disclosures.title', 'disclosures.state', 'disclosures.version', 'disclosures.department_id', 'item_types.code as item_type_code'])
    .where('disclosures.id', '=', id)
    .executeTakeFirst();
}

/** Authors of a draft entry: its creator and everyone who edited it (for no self-approval). */
export async function entryAuthors(db: Executor, id: number): Promise<number[]> {
  const rows = await db.selectFrom('events').select('actor_id').distinct().where('entity', '=', 'blacklist').where('entity_id', '=', id).where('action', 'in', ['create', 'update']).execute();
  return rows.map((r) => r.actor_id).filter((x): x is number => x !== null);
}

/** Published entries (any status but draft) after `afterId`, in id order: rebuilding the search index. */
export async function listPublishedAfter(db: Executor, afterId: number, limit: number): Promise<EntryRow[]> {
  return withDept(db).where('b.status', '!=', 'draft').where('b.id', '>', afterId).orderBy('b.id').limit(limit).execute();
}
