// SQL of the calendar tables and of the recompute after a calendar change. Every query of the
// timeliness module on calendar_* and deadline_changes lives here.
import { sql } from 'kysely';
import type { DialectName } from '../../config.ts';
import type { Executor, Trx } from '../../db/index.ts';
import type { CalendarEntry, CalendarEntryType, Weekday } from '../../calendar/index.ts';

/** States in which a disclosure's clock is still running (a correction being drafted included). */
export const OPEN_DISCLOSURE_STATES = ['draft', 'submitted', 'returned', 'approved'] as const;

const BATCH = 500;

export async function loadEntries(db: Executor): Promise<CalendarEntry[]> {
  const rows = await db.selectFrom('calendar_entries').select(['date', 'weekday', 'type', 'name', 'notice_year', 'source']).orderBy('date').execute();
  return rows.map((r) => ({ date: r.date, weekday: r.weekday as Weekday, type: r.type as CalendarEntryType, name: r.name, noticeYear: Number(r.notice_year), source: r.source }));
}

export async function latestImportId(db: Executor): Promise<number> {
  const r = await db.selectFrom('calendar_imports').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(r?.id ?? 0);
}

/**
 * Serialises calendar changes across instances: on PostgreSQL a transaction-scoped advisory lock
 * (keyed by schema, so tests sharing a server do not contend); SQLite already serialises writers.
 */
export async function lockCalendar(trx: Trx, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(current_schema() || ':calendar'))`.execute(trx);
}

export async function deleteEntriesOfYears(trx: Trx, years: number[]): Promise<number> {
  if (!years.length) return 0;
  const r = await trx.deleteFrom('calendar_entries').where('notice_year', 'in', years).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function insertEntries(trx: Trx, entries: readonly CalendarEntry[], importId: number): Promise<void> {
  for (let i = 0; i < entries.length; i += BATCH) {
    const chunk = entries.slice(i, i + BATCH);
    await trx
      .insertInto('calendar_entries')
      .values(chunk.map((e) => ({ date: e.date, weekday: e.weekday, type: e.type, name: e.name, notice_year: e.noticeYear, source: e.source, import_id: importId })))
      .execute();
  }
}

export async function insertImport(trx: Trx, r: { at: string; actorId: number | null; via: 'bundled' | 'console' | 'cli'; filename: string | null; sha256: string; noticeYears: number[]; added: number; removed: number }): Promise<number> {
  const row = await trx
    .insertInto('calendar_imports')
    .values({ at: r.at, actor_id: r.actorId, via: r.via, filename: r.filename, sha256: r.sha256, notice_years: JSON.stringify(r.noticeYears), entries_added: r.added, entries_removed: r.removed, summary: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setImportSummary(trx: Trx, id: number, summary: unknown): Promise<void> {
  await trx.updateTable('calendar_imports').set({ summary: JSON.stringify(summary) }).where('id', '=', id).execute();
}

export function listImports(db: Executor, limit: number) {
  return db
    .selectFrom('calendar_imports as i')
    .leftJoin('users as u', 'u.id', 'i.actor_id')
    .select(['i.id', 'i.at', 'i.via', 'i.filename', 'i.sha256', 'i.notice_years', 'i.entries_added', 'i.entries_removed', 'i.summary', 'u.display_name as actor_name'])
    .orderBy('i.id', 'desc')
    .limit(limit)
    .execute();
}

export function listChangesOfImport(db: Executor, importId: number, limit: number) {
  return db.selectFrom('deadline_changes').select(['subject', 'subject_id', 'old_due', 'new_due']).where('import_id', '=', importId).orderBy('id').limit(limit).execute();
}

export interface DeadlineRow {
  id: number;
  due_rule: string | null;
  formed_date: string;
  due_date: string | null;
}

/**
 * Disclosures whose deadline is still open (not yet published, or a correction being drafted) and
 * published ones whose due date was unknown when they were drafted: keyset pages by id.
 */
export function openDisclosureDeadlines(db: Executor, afterId: number, limit: number): Promise<DeadlineRow[]> {
  return db
    .selectFrom('disclosures')
    .select(['id', 'due_rule', 'formed_date', 'due_date'])
    .where('id', '>', afterId)
    .where((eb) => eb.or([eb('state', 'in', [...OPEN_DISCLOSURE_STATES]), eb.and([eb('due_date', 'is', null), eb('due_rule', 'is not', null)])]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Open obligations, and fulfilled ones whose due date was unknown. */
export function openObligationDeadlines(db: Executor, afterId: number, limit: number): Promise<DeadlineRow[]> {
  return db
    .selectFrom('obligations')
    .select(['id', 'due_rule', 'formed_date', 'due_date'])
    .where('id', '>', afterId)
    .where('state', '!=', 'cancelled')
    .where((eb) => eb.or([eb('state', '=', 'open'), eb('due_date', 'is', null)]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Sets due_date for many rows with one statement per 500 (a VALUES list joined by id; both dialects). */
export async function updateDueDates(trx: Trx, table: 'disclosures' | 'obligations', rows: readonly { id: number; due: string | null }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    const values = sql.join(chunk.map((r) => sql`(cast(${r.id} as integer), cast(${r.due} as text))`));
    await sql`with v(id, due) as (values ${values}) update ${sql.table(table)} set due_date = (select v.due from v where v.id = ${sql.ref(`${table}.id`)}) where id in (select v.id from v)`.execute(trx);
  }
}

export async function insertDeadlineChanges(trx: Trx, importId: number, subject: 'disclosure' | 'obligation', rows: readonly { id: number; from: string | null; to: string | null }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const chunk = rows.slice(i, i + BATCH);
    await trx.insertInto('deadline_changes').values(chunk.map((r) => ({ import_id: importId, subject, subject_id: r.id, old_due: r.from, new_due: r.to }))).execute();
  }
}
