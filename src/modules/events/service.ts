// The append-only event log (DESIGN.md §3): every state change of every record is one row here,
// written in the same transaction as the change. The database refuses UPDATE and DELETE on it.
//
// Appending an event also raises the public content generation in the same transaction (ADR 0008):
// the public page cache keeps a rendered page only while the generation it read before rendering
// is still current, so any committed change is seen at the next request of every process.
import type SQLite from 'better-sqlite3';
import type { Executor } from '../../db/index.ts';
import { incrementGeneration, insertEvent, insertEvents, listEvents, publicGenerationQuery, selectGeneration, type AppendEvent } from './repository.ts';

export type { AppendEvent };

// Transactions that already raised the generation: once per transaction is enough (the row stays
// locked until commit on PostgreSQL, and every later change commits atomically with the raise).
const raised = new WeakSet<object>();

/**
 * Raises the public content generation. Call it in the transaction of any write that changes what a
 * public page or the public API shows WITHOUT appending an event (appendEvent already calls it).
 * Outside a transaction, call it AFTER the write: a page rendered in between is then labelled with
 * the older generation and dropped at the next request, never kept as current.
 */
export async function bumpGeneration(db: Executor): Promise<void> {
  if (db.isTransaction) {
    if (raised.has(db)) return;
    raised.add(db);
  }
  await incrementGeneration(db);
}

/** The current public content generation (read it BEFORE rendering anything you cache under it). */
export function readGeneration(db: Executor): Promise<number> {
  return selectGeneration(db);
}

/**
 * A reader of what the public sees, for caches of public responses: changes whenever the content
 * generation or the search index changes (see publicGenerationQuery). Read it BEFORE rendering.
 */
export function publicGenerationReader(db: Executor, sqliteReader?: () => SQLite.Database): () => Promise<number> {
  return publicGenerationQuery(db, sqliteReader);
}

export async function appendEvent(db: Executor, e: AppendEvent): Promise<number> {
  const id = await insertEvent(db, e);
  await bumpGeneration(db);
  return id;
}

/** Several events of one transaction at once (bulk imports): the same rows as appendEvent each. */
export async function appendEvents(db: Executor, es: readonly AppendEvent[]): Promise<void> {
  if (es.length === 0) return;
  await insertEvents(db, es);
  await bumpGeneration(db);
}

export function historyOf(db: Executor, entity: string, entityId: number) {
  return listEvents(db, entity, entityId);
}
