import type { Executor } from '../../db/index.ts';
import type { EventRow } from '../../db/schema.ts';

export interface AppendEvent {
  at: string;
  actorId: number | null;
  entity: string;
  entityId: number;
  action: string;
  reason?: string | null;
  data?: unknown;
}

export async function insertEvent(db: Executor, e: AppendEvent): Promise<number> {
  const row = await db
    .insertInto('events')
    .values({
      at: e.at,
      actor_id: e.actorId,
      entity: e.entity,
      entity_id: e.entityId,
      action: e.action,
      reason: e.reason ?? null,
      data: e.data === undefined ? null : JSON.stringify(e.data),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Many events in multi-row INSERTs (7 parameters a row, 2,000 rows a statement), in order. */
export async function insertEvents(db: Executor, es: readonly AppendEvent[]): Promise<void> {
  for (let i = 0; i < es.length; i += 2000) {
    await db
      .insertInto('events')
      .values(es.slice(i, i + 2000).map((e) => ({ at: e.at, actor_id: e.actorId, entity: e.entity, entity_id: e.entityId, action: e.action, reason: e.reason ?? null, data: e.data === undefined ? null : JSON.stringify(e.data) })))
      .execute();
  }
}

export async function listEvents(db: Executor, entity: string, entityId: number): Promise<(EventRow & { actor_name: string | null })[]> {
  return db
    .selectFrom('events')
    .leftJoin('users', 'users.id', 'events.actor_id')
    .selectAll('events')
    .select('users.display_name as actor_name')
    .where('events.entity', '=', entity)
    .where('events.entity_id', '=', entityId)
    .orderBy('events.id')
    .execute();
}
