// FROZEN once landed: the publication log (issue 9). Never edit; add a new migration instead.
//
// Hashes are stored as raw bytes – BYTEA on PostgreSQL, BLOB on SQLite – not hex text: there are
// ≈ 2 hashes per leaf (2,000,000 at a million publications), read by primary key on every proof,
// so 32-byte values instead of 64-character strings halve the rows and indexes, and both drivers
// hand back a Buffer that goes straight into the Merkle code without decoding.
// The leaf itself (canonical JSON) and the content hash inside it stay text: they are what a
// citizen reads and re-hashes, and the leaf bytes must be exactly the UTF-8 of that text.
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../../config.ts';

export function m0002PublicationLog(dialect: DialectName): Migration {
  const pg = dialect === 'postgres';
  const bytes = pg ? 'bytea' : 'blob';
  // SQLite: a column declared exactly INTEGER PRIMARY KEY is the rowid – no second index.
  const bigint = pg ? 'bigint' : 'integer';
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    pg
      ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  return {
    async up(db: Kysely<any>) {
      // One row per leaf. leaf_data is the canonical leaf (leaf.ts encodeLeaf: disclosure, version,
      // event, UTC time, department, content hash), the bytes the tree commits to, and the only
      // copy of those values – no second spelling that could drift from what was hashed.
      // leaf_hash = SHA-256(0x00 ‖ leaf_data) is the tree's level-0 node, kept here rather than in
      // log_nodes (a third fewer rows). disclosure_id is repeated only to find a disclosure's entries.
      // No foreign key to disclosures: the log is a self-contained record that must stay readable
      // (and exportable) whatever happens to the rows it describes – the verifier checks the link.
      await db.schema
        .createTable('log_leaves')
        .addColumn('idx', bigint, (c) => c.primaryKey())
        .addColumn('disclosure_id', 'integer', (c) => c.notNull())
        .addColumn('leaf_data', 'text', (c) => c.notNull())
        .addColumn('leaf_hash', bytes, (c) => c.notNull())
        .execute();
      // Also serves proof-by-leaf-hash (with the disclosure id, which every leaf names). A global
      // index on leaf_hash would be inserted into at random and cost ~40 % of the append throughput
      // at a million leaves (bench/publication-log.ts), for lookups nobody needs without the id.
      await db.schema.createIndex('log_leaves_disclosure').on('log_leaves').columns(['disclosure_id', 'idx']).execute();

      // Every complete Merkle node above the leaves (merkle.ts header: the storage contract; the
      // level-0 nodes are log_leaves.leaf_hash, same coordinates: level 0, index = idx).
      let nodes = db.schema
        .createTable('log_nodes')
        .addColumn('level', 'smallint', (c) => c.notNull().check(sql`level >= 1`))
        .addColumn('idx', pg ? 'bigint' : 'integer', (c) => c.notNull())
        .addColumn('hash', bytes, (c) => c.notNull())
        .addPrimaryKeyConstraint('log_nodes_pk', ['level', 'idx']);
      // SQLite: cluster the rows on the key itself (no rowid table plus separate index).
      if (!pg) nodes = nodes.modifyEnd(sql`without rowid`);
      await nodes.execute();

      await withId(db.schema.createTable('log_checkpoints'))
        .addColumn('size', bigint, (c) => c.notNull())
        .addColumn('root_hash', bytes, (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('log_checkpoints_size').on('log_checkpoints').columns(['size', 'id']).execute();

      // Public verifier keys only: the private keys live in DATA_DIR/keys, never in the database,
      // so a copy of the database cannot sign a checkpoint.
      await withId(db.schema.createTable('log_keys'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('verifier_key', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('retired_at', 'text')
        .execute();

      // Witness cosignatures (e.g. 审计局) over a checkpoint's exact note text.
      await withId(db.schema.createTable('log_cosignatures'))
        .addColumn('checkpoint_id', 'integer', (c) => c.notNull().references('log_checkpoints.id'))
        .addColumn('witness_key', 'text', (c) => c.notNull())
        .addColumn('signature_line', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('log_cosignatures_unique', ['checkpoint_id', 'witness_key'])
        .execute();

      // Append-only, as the event log: the database refuses UPDATE and DELETE of leaves, nodes and
      // checkpoints. This stops mistakes, not an administrator who drops the trigger – that is what
      // the signed checkpoints and the verifier are for.
      const guarded = ['log_leaves', 'log_nodes', 'log_checkpoints'];
      if (pg) {
        await sql`CREATE FUNCTION log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the publication log is append-only'; END $$`.execute(db);
        for (const t of guarded) {
          await sql`CREATE TRIGGER ${sql.id(`${t}_no_change`)} BEFORE UPDATE OR DELETE ON ${sql.id(t)} FOR EACH ROW EXECUTE FUNCTION log_append_only()`.execute(db);
          await sql`CREATE TRIGGER ${sql.id(`${t}_no_truncate`)} BEFORE TRUNCATE ON ${sql.id(t)} FOR EACH STATEMENT EXECUTE FUNCTION log_append_only()`.execute(db);
        }
      } else {
        for (const t of guarded) {
          await sql`CREATE TRIGGER ${sql.id(`${t}_no_update`)} BEFORE UPDATE ON ${sql.id(t)} BEGIN SELECT RAISE(ABORT, 'the publication log is append-only'); END`.execute(db);
          await sql`CREATE TRIGGER ${sql.id(`${t}_no_delete`)} BEFORE DELETE ON ${sql.id(t)} BEGIN SELECT RAISE(ABORT, 'the publication log is append-only'); END`.execute(db);
        }
      }
    },
    async down() {
      throw new Error('The publication log cannot be reverted: it is an append-only public record.');
    },
  };
}
