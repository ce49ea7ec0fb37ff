// FROZEN once landed: a one-character prefix index for single-character searches on SQLite (issue 5).
// Never edit; add a new migration instead. Design: docs/adr/0005-search.md.
//
// A one-character query (房) is a prefix query over every token starting with that character
// (tokenizer.ts). Without a prefix index FTS5 merges the doclists of all those bigrams (房屋, 房改,
// 房产 …) in full before it can return the newest match: 36 ms for a date-sorted top 20 at
// 1,000,000 documents (docs/PERFORMANCE.md, 2026-11-27), against 0.3–0.9 ms for any longer word.
// `prefix='1'` makes FTS5 keep one more doclist per first character (FTS5 prefix lengths count
// characters, not bytes), read lazily newest-first like any token. FTS5 cannot add a prefix index
// to an existing table, so the table is recreated and refilled from search_docs, whose title and
// body are exactly what was tokenised. PostgreSQL needs nothing: its tsquery prefix `'房':*` is
// answered from the GIN index's sorted lexeme list.
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../../config.ts';
import { textTokens } from '../../modules/search/tokenizer.ts';

const BATCH = 500;

export function m0016SearchPrefixIndex(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect !== 'sqlite') return;
      await sql`DROP TABLE search_fts`.execute(db);
      await sql`CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'ascii', content = '', contentless_delete = 1, prefix = '1')`.execute(db);
      await refill(db);
    },
    async down(db: Kysely<any>) {
      if (dialect !== 'sqlite') return;
      await sql`DROP TABLE search_fts`.execute(db);
      await sql`CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'ascii', content = '', contentless_delete = 1)`.execute(db);
      await refill(db);
    },
  };
}

async function refill(db: Kysely<any>): Promise<void> {
  let after = -1;
  for (;;) {
    const rows = await db.selectFrom('search_docs').select(['id', 'title', 'body']).where('id', '>', after).orderBy('id').limit(BATCH).execute();
    if (!rows.length) break;
    const tuples = rows.map((r) => sql`(${r.id}, ${textTokens(r.title).join(' ')}, ${textTokens(r.body).join(' ')})`);
    await sql`INSERT INTO search_fts (rowid, title, body) VALUES ${sql.join(tuples)}`.execute(db);
    after = Number(rows[rows.length - 1]!.id);
  }
  await sql`INSERT INTO search_fts (search_fts) VALUES ('optimize')`.execute(db);
}
