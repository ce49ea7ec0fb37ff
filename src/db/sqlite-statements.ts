// better-sqlite3 compiles SQL on every `prepare`, and Kysely's SQLite driver prepares on every query:
// profiling /disclosures/:id showed more time in `prepare` than in executing the statements. Kysely
// emits the same SQL text for the same query shape (values are bound parameters), so a bounded cache
// of compiled statements by text removes that cost. Safe because Kysely runs one query at a time per
// connection (its driver holds a mutex, also while a stream is open), and SQLite re-prepares a
// statement by itself when the schema changes under it.
import type SQLite from 'better-sqlite3';

export function withStatementCache(conn: SQLite.Database, capacity = 1000): SQLite.Database {
  const prepare = conn.prepare.bind(conn);
  const cache = new Map<string, SQLite.Statement>();
  const cachedPrepare = (source: string): SQLite.Statement => {
    let s = cache.get(source);
    if (s) {
      // Map order is insertion order: re-inserting keeps the least recently used first.
      cache.delete(source);
      cache.set(source, s);
      return s;
    }
    s = prepare(source);
    cache.set(source, s);
    if (cache.size > capacity) cache.delete(cache.keys().next().value!);
    return s;
  };
  return new Proxy(conn, {
    get(target, prop) {
      if (prop === 'prepare') return cachedPrepare;
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
