// FROZEN once landed: indexes for the public lists and the search-result cache counter (issue 5). Never edit; add a new migration.
//
// The portal's sector pages, the API's disclosure list and the change of sort order all read
// "published, newest first by first publication": without an index on that order SQLite scanned
// every version and sorted (≈ 150 ms at 20,000 disclosures, 9 requests/s on /api/v1/disclosures).
// With (first_published_at, id) both engines walk the index backwards and stop after one page; the
// per-department and per-item-type variants serve the filtered lists the same way.
//
// search_meta holds one counter, raised in the same transaction as every change to the search index:
// a web process caches search results under the counter it read first, so a committed change is
// seen by every process at its next request, and repeated queries (the portal's popular searches,
// feed polling) skip the matching, ranking and facet work.
import type { Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../../config.ts';

export function m0013PublicListIndexes(_dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.createIndex('disclosures_first_pub').on('disclosures').columns(['first_published_at', 'id']).execute();
      await db.schema.createIndex('disclosures_dept_first_pub').on('disclosures').columns(['department_id', 'first_published_at', 'id']).execute();
      await db.schema
        .createTable('search_meta')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.insertInto('search_meta').values({ id: 1, version: 0 }).execute();
      await db.schema.createIndex('disclosures_type_first_pub').on('disclosures').columns(['item_type_id', 'first_published_at', 'id']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('search_meta').execute();
      for (const name of ['disclosures_type_first_pub', 'disclosures_dept_first_pub', 'disclosures_first_pub']) await db.schema.dropIndex(name).execute();
    },
  };
}
