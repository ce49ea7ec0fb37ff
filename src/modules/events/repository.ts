import { sql } from 'kysely';
import type SQLite from 'better-sqlite3';
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

/** Raises the public content generation (content_generation, migration 0015) by one. */
export async function incrementGeneration(db: Executor): Promise<void> {
  await db.updateTable('content_generation').set((eb) => ({ generation: eb('generation', '+', 1) })).where('id', '=', 1).execute();
}

export async function selectGeneration(db: Executor): Promise<number> {
  const r = await db.selectFrom('content_generation').select('generation').where('id', '=', 1).executeTakeFirst();
  return Number(r?.generation ?? 0);
}

/**
 * One statement (one snapshot on PostgreSQL) summing the content generation and the search index
 * version (search_meta, ADR 0007): both only ever increase, so the sum changes whenever either
 * commits a change – the search index is also rebuilt outside evented transactions (reindex).
 * Compiled once: the public page cache runs it on every request.
 */
export function publicGenerationQuery(db: Executor, sqliteReader?: () => SQLite.Database): () => Promise<number> {
  const text = 'SELECT (SELECT generation FROM content_generation WHERE id = 1) + (SELECT version FROM search_meta WHERE id = 1) AS g';
  if (sqliteReader) {
    // Synchronous on SQLite's read-only connection: through Kysely this one read per request
    // halved the throughput of cached pages (8,200 → 14,000 requests/s for /disclosures/:id on
    // the demo), as each waited its turn at the driver's connection mutex.
    return async () => Number((sqliteReader().prepare(text).get() as { g: number } | undefined)?.g ?? 0);
  }
  const compiled = sql<{ g: number | string }>`${sql.raw(text)}`.compile(db);
  return async () => {
    const r = await db.executeQuery(compiled);
    return Number(r.rows[0]?.g ?? 0);
  };
}
