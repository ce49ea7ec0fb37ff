// FROZEN once landed: API keys for the trading platform and the ledger of ingested OCDS releases
// (issue 4 §5). Never edit; add a new migration instead.
import { type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../../config.ts';

export function m0005ExcelOcds(dialect: DialectName): Migration {
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    dialect === 'postgres'
      ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  return {
    async up(db: Kysely<any>) {
      // One key per department and purpose. Only the SHA-256 of the key is stored: a leaked
      // database yields no usable key. Each key acts through its own technical user (user_id),
      // an editor of the department who cannot log in, so drafts and events name the key.
      await withId(db.schema.createTable('api_keys'))
        .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('key_prefix', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('last_used_at', 'text')
        .execute();
      await db.schema.createIndex('api_keys_department').on('api_keys').column('department_id').execute();

      // Idempotency of POST /api/v1/ingest/ocds: a release id is mapped once, whoever sends it again.
      await withId(db.schema.createTable('ocds_ingested_releases'))
        .addColumn('release_id', 'text', (c) => c.notNull().unique())
        .addColumn('ocid', 'text', (c) => c.notNull())
        .addColumn('api_key_id', 'integer', (c) => c.notNull().references('api_keys.id'))
        .addColumn('project_id', 'integer', (c) => c.notNull().references('projects.id'))
        .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosures.id'))
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('ocds_ingested_ocid').on('ocds_ingested_releases').column('ocid').execute();

      // The OCDS release feed walks published versions in publication order.
      await db.schema.createIndex('disclosure_versions_published').on('disclosure_versions').columns(['published_at', 'id']).execute();
    },
    async down() {
      throw new Error('0005-excel-ocds cannot be reverted.');
    },
  };
}
