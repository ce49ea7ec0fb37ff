// Migration 0016 rebuilds the SQLite FTS5 table with a one-character prefix index and refills it
// from search_docs: every query kind must answer exactly as before the rebuild. SQLite only – on
// PostgreSQL the migration does nothing (its GIN index answers prefixes from its lexeme list).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type Migration } from 'kysely';
import { migrations } from '../src/db/migrate.ts';
import * as repo from '../src/modules/search/repository.ts';
import { parseQuery } from '../src/modules/search/tokenizer.ts';
import type { IndexDoc } from '../src/modules/search/documents.ts';
import type { Db } from '../src/db/index.ts';

const WORDS = ['危房改造', '房屋', '住房', '采购', '公告', '华宇', '房', '犁市镇', 'ZJCG-2026-015', '改造项目'];

function doc(i: number): IndexDoc {
  const w = (k: number) => WORDS[(i * 7 + k * 3) % WORDS.length]!;
  const at = new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString();
  return { kind: 'disclosure', refId: i + 1, state: 'published', title: `${w(0)}${w(1)}公告`, body: `${w(2)}，${w(3)} ${w(4)}。${w(5)}`, url: `/disclosures/${i + 1}`, sector: 'housing', itemType: null, department: 'zjj', projectId: null, stage: null, publishedAt: at, updatedAt: at };
}

test('0016 rebuilds search_fts with prefix=1 and every query answers as before', { skip: process.env.DATABASE_URL?.startsWith('postgres') ? 'SQLite-only migration' : false }, async () => {
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  try {
    const all = migrations('sqlite');
    const provider = { getMigrations: async () => all as Record<string, Migration> };
    const migrator = new Migrator({ db, provider });
    const before = await migrator.migrateTo('0014-version-seals');
    assert.equal(before.error, undefined, `migrations up to 0014: ${String(before.error)}`);
    for (let i = 0; i < 300; i++) await repo.upsertDoc(db as Db, 'sqlite', doc(i));

    const queries = ['房', '改', '危房改造', '华宇 公告', 'zjcg-2026', '镇'];
    const answer = async () => {
      const out: Record<string, number[]> = {};
      for (const q of queries) {
        const p = parseQuery(q);
        assert.ok(p.ok, `query ${q} parses`);
        const rows = await repo.matchRows(db as Db, 'sqlite', { terms: p.terms, queries: p.queries }, {}, { limit: 1000, columns: 'facet' });
        out[q] = rows.map((r) => Number(r.id));
      }
      return out;
    };
    const old = await answer();
    assert.ok(old['房']!.length > 0 && old['危房改造']!.length > 0, 'the corpus has hits before the rebuild');

    const latest = await migrator.migrateToLatest();
    assert.equal(latest.error, undefined, `migrations to latest: ${String(latest.error)}`);
    const ddl = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'search_fts'`.execute(db);
    assert.match(ddl.rows[0]!.sql, /prefix\s*=\s*'1'/, 'search_fts has the one-character prefix index');
    assert.deepEqual(await answer(), old, 'every query returns the same documents in the same order');

    // The refilled table keeps working for later changes.
    await repo.upsertDoc(db as Db, 'sqlite', { ...doc(400), title: '房产交易结果公告' });
    const p = parseQuery('房产交易');
    assert.ok(p.ok, 'query parses');
    const hits = await repo.matchRows(db as Db, 'sqlite', { terms: p.terms, queries: p.queries }, {}, { limit: 10, columns: 'facet' });
    assert.equal(hits.length, 1, 'a document indexed after the rebuild is found');
  } finally {
    await db.destroy();
  }
});
