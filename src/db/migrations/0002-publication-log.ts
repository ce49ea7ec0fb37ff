// FROZEN once landed: the publication log (issue 9). Never edit; add a new migration instead.
//
// Hashes are stored as raw bytes – BYTEA on PostgreSQL, BLOB on SQLite – not hex text: the node
// table holds ≈ 2 rows per leaf (2,000,000 at a million publications) and its primary key is read
// on every proof, so 32-byte values instead of 64-character strings halve the row and index size,
// and both drivers hand back a Buffer that goes straight into the Merkle code without decoding.
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
      // One row per leaf. leaf_data is the canonical leaf (leaf.ts encodeLeaf), the bytes the tree
      // commits to; the other columns repeat its values so pages can find a disclosure's entries.
      // No foreign key to disclosures: the log is a self-contained record that must stay readable
      // (and exportable) whatever happens to the rows it describes – the verifier checks the link.
      await db.schema
        .createTable('log_leaves')
        .addColumn('idx', bigint, (c) => c.primaryKey())
        .addColumn('disclosure_id', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull().check(sql`event in ('publish','correct','withdraw')`))
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('leaf_data', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('log_leaves_disclosure').on('log_leaves').columns(['disclosure_id', 'idx']).execute();

      // Every complete Merkle node (merkle.ts header: the storage contract). Level 0 = leaf hashes.
      let nodes = db.schema
        .createTable('log_nodes')
        .addColumn('level', 'smallint', (c) => c.notNull())
        .addColumn('idx', pg ? 'bigint' : 'integer', (c) => c.notNull())
        .addColumn('hash', bytes, (c) => c.notNull())
        .addPrimaryKeyConstraint('log_nodes_pk', ['level', 'idx']);
      // SQLite: cluster the rows on the key itself (no rowid table plus separate index).
      if (!pg) nodes = nodes.modifyEnd(sql`without rowid`);
      await nodes.execute();
      // Inclusion proof by leaf hash (RFC 6962 get-proof-by-hash): only level 0 needs the lookup.
      await db.schema.createIndex('log_nodes_leaf_hash').on('log_nodes').column('hash').where(sql.ref('level'), '=', 0).execute();

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
