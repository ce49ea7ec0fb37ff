// The append-only event log (DESIGN.md §3): every state change of every record is one row here,
// written in the same transaction as the change. The database refuses UPDATE and DELETE on it.
import type { Executor } from '../../db/index.ts';
import { insertEvent, insertEvents, listEvents, type AppendEvent } from './repository.ts';

export type { AppendEvent };

export function appendEvent(db: Executor, e: AppendEvent): Promise<number> {
  return insertEvent(db, e);
}

/** Several events of one transaction at once (bulk imports): the same rows as appendEvent each. */
export function appendEvents(db: Executor, es: readonly AppendEvent[]): Promise<void> {
  return insertEvents(db, es);
}

export function historyOf(db: Executor, entity: string, entityId: number) {
  return listEvents(db, entity, entityId);
}
