// FROZEN once landed: the public content generation (public page cache, ADR 0008). Never edit; add a new migration.
//
// One counter, raised in the same transaction as every change a public page or the public API can
// show (every appended event, and the few writes that append none). A web process caches rendered
// public responses under the generation it read BEFORE rendering, so a committed change is seen by
// every process at its next request. A row UPDATE rather than max(events.id): on PostgreSQL sequence
// values are not commit-ordered, so a cache keyed by the largest id could miss a later-committing
// smaller one; the row lock also orders the increments.
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../../config.ts';

export function m0015ContentGeneration(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('content_generation')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('generation', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.insertInto('content_generation').values({ id: 1, generation: 0 }).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('content_generation').execute();
    },
  };
}
