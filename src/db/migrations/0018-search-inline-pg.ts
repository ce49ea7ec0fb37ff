// FROZEN once landed: the PostgreSQL search index keeps its tsvector in the row (issue 5).
// Never edit; add a new migration instead. Design: docs/adr/0005-search.md, docs/adr/0009-*.md.
//
// A notice's tsvector (one bigram per character with its position) is ≈ 2.4 KB, so PostgreSQL's
// default EXTENDED storage moved it to the TOAST table: every row a query checks – the phrase
// recheck after the GIN index, or a newest-first walk of the primary key – cost a TOAST index
// lookup and two chunk reads, 23 µs a row at 1,000,000 documents (heap 0.9 GB, TOAST 2.6 GB).
// With STORAGE MAIN for the tsvector and the texts the row keeps them inline (a row stays under
// the 8 KB page limit up to notices of about 2,000 characters; longer ones still go out of line)
// and a checked row costs 2 µs: the newest 10,001 matches of a common word in 20 ms instead of
// seconds (measured 2026-12-06 on a copy of the benchmark table).
// SET STORAGE only applies to rows written afterwards, and a table rewrite keeps existing TOAST
// pointers, so the rows are copied into a new table (an INSERT into another table re-toasts
// every value under that table's rules) and the indexes are rebuilt under their old names.
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../../config.ts';

const INLINE = ['tsv', 'title', 'body', 'norm'] as const;

export function m0018SearchInlinePg(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect !== 'postgres') return;
      await rebuild(db, 'MAIN');
    },
    async down(db: Kysely<any>) {
      if (dialect !== 'postgres') return;
      await rebuild(db, 'EXTENDED');
    },
  };
}

async function rebuild(db: Kysely<any>, storage: 'MAIN' | 'EXTENDED'): Promise<void> {
  await sql`CREATE TABLE search_docs_new (LIKE search_docs INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`.execute(db);
  for (const col of INLINE) await sql`ALTER TABLE search_docs_new ALTER COLUMN ${sql.ref(col)} SET STORAGE ${sql.raw(storage)}`.execute(db);
  await sql`INSERT INTO search_docs_new SELECT * FROM search_docs ORDER BY id`.execute(db);
  await sql`DROP TABLE search_docs`.execute(db);
  await sql`ALTER TABLE search_docs_new RENAME TO search_docs`.execute(db);
  await sql`ALTER TABLE search_docs ADD CONSTRAINT search_docs_pkey PRIMARY KEY (id)`.execute(db);
  await sql`ALTER TABLE search_docs ADD CONSTRAINT search_docs_ref UNIQUE (kind, ref_id)`.execute(db);
  for (const col of ['sector', 'department', 'item_type', 'project_id', 'year', 'stage']) {
    await db.schema.createIndex(`search_docs_${col}`).on('search_docs').columns([col, 'id']).execute();
  }
  await sql`CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv)`.execute(db);
  await sql`CREATE INDEX search_docs_tsv_lossy ON search_docs USING gin (tsv) WHERE lossy`.execute(db);
  await sql`ALTER TABLE search_docs ALTER COLUMN tsv SET STATISTICS 2000`.execute(db);
  await sql`ANALYZE search_docs`.execute(db);
}
