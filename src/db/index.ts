// The one Kysely instance of the process. The dialect comes from configuration (Config.dialect),
// never from probing the server.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import type { Config, DialectName } from '../config.ts';
import type { Database } from './schema.ts';
import { migrateToLatest } from './migrate.ts';
import { withStatementCache } from './sqlite-statements.ts';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Either the root instance or an open transaction: repositories accept both. */
export type Executor = Db | Trx;

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  /**
   * SQLite with a file only: a second, read-only connection for single-row reads on every request
   * (the public page cache's generation check). It sees committed data only – never a transaction
   * the main connection has open – and is read synchronously, without queueing behind Kysely's
   * connection mutex. Opened on first use.
   */
  sqliteReader?: () => SQLite.Database;
  destroy(): Promise<void>;
}

// int8 (count(*), sums) arrives as a string from pg by default; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));
// numeric stays a string (exact decimals).

export async function openDatabase(config: Pick<Config, 'dialect' | 'databaseUrl' | 'sqliteFile' | 'databaseSchema'>, opts: { migrate?: boolean } = {}): Promise<DatabaseHandle> {
  let db: Db;
  if (config.dialect === 'sqlite') {
    const file = config.sqliteFile ?? ':memory:';
    if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
    const conn = new SQLite(file);
    // WAL lets the public portal read while an editor writes; foreign keys are off by default in SQLite.
    conn.pragma('journal_mode = WAL');
    conn.pragma('foreign_keys = ON');
    conn.pragma('busy_timeout = 5000');
    conn.pragma('synchronous = NORMAL');
    // 128 MB of page cache instead of SQLite's 2 MB: a search reads a thousand scattered rows for
    // ranking and ten thousand for facets, and at 1,000,000 documents (a 5 GB file) the default
    // cache sent each of them through a read() call – 97 → 44 ms for a two-word facet count
    // (docs/PERFORMANCE.md). It is a ceiling, filled only as pages are read.
    conn.pragma('cache_size = -131072');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(conn) }) });
  } else {
    const schema = config.databaseSchema;
    const pool = new pg.Pool({
      connectionString: config.databaseUrl,
      max: 10,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    if (schema) {
      const client = await pool.connect();
      try {
        await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      } finally {
        client.release();
      }
    }
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  let reader: SQLite.Database | null = null;
  const readerFile = config.dialect === 'sqlite' && config.sqliteFile && config.sqliteFile !== ':memory:' ? config.sqliteFile : null;
  const handle: DatabaseHandle = {
    db,
    dialect: config.dialect,
    ...(readerFile ? { sqliteReader: () => (reader ??= withStatementCache(new SQLite(readerFile, { readonly: true, fileMustExist: true }))) } : {}),
    destroy: async () => {
      reader?.close();
      reader = null;
      await db.destroy();
    },
  };
  if (opts.migrate !== false) await migrateToLatest(db, config.dialect, config.databaseSchema);
  return handle;
}

/** Drops a PostgreSQL schema (tests) – never used on SQLite. */
export async function dropSchema(db: Db, schema: string): Promise<void> {
  await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db);
}

export function nowIso(): string {
  return new Date().toISOString();
}
