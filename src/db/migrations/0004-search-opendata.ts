// FROZEN once landed: search index, change feed, subscriptions and webhooks (issue 5).
// Never edit; add a new migration instead. Design: docs/adr/0005-search.md.
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../../config.ts';

export function m0004SearchOpenData(dialect: DialectName): Migration {
  const pg = dialect === 'postgres';
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    pg
      ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  return {
    async up(db: Kysely<any>) {
      // One row per searchable document of any kind (disclosure, project, later blacklist entry).
      // `id` is a sort key, not a counter: first publication time in ms × 1024 + a tie-breaker,
      // so "newest first" is the primary-key order – FTS5 doclists and the PostgreSQL btree are
      // read backwards and stop after one page instead of sorting every hit.
      // On SQLite an INTEGER PRIMARY KEY is the rowid, which is also the FTS5 rowid.
      let docs = db.schema
        .createTable('search_docs')
        .addColumn('id', pg ? 'bigint' : 'integer', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ref_id', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('published','withdrawn')`))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('sector', 'text')
        .addColumn('item_type', 'text')
        .addColumn('department', 'text')
        .addColumn('project_id', 'integer')
        .addColumn('stage', 'text')
        .addColumn('year', 'integer')
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('search_docs_ref', ['kind', 'ref_id']);
      if (pg) {
        docs = docs
          .addColumn('tsv', sql`tsvector`, (c) => c.notNull())
          // Documents whose positions PostgreSQL cannot hold exactly (tokenizer.ts PG_MAX_POS) are
          // matched on their bigram set and verified against `norm`, their normalised text.
          .addColumn('lossy', 'boolean', (c) => c.notNull().defaultTo(false))
          .addColumn('norm', 'text');
      }
      await docs.execute();
      for (const col of ['sector', 'department', 'item_type', 'project_id', 'year', 'stage']) {
        await db.schema.createIndex(`search_docs_${col}`).on('search_docs').columns([col, 'id']).execute();
      }
      if (pg) {
        await sql`CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv)`.execute(db);
        await sql`CREATE INDEX search_docs_tsv_lossy ON search_docs USING gin (tsv) WHERE lossy`.execute(db);
        // STACK.md: with default statistics the planner misjudged common bigrams (3–5 s instead of 0.4 ms).
        await sql`ALTER TABLE search_docs ALTER COLUMN tsv SET STATISTICS 2000`.execute(db);
      } else {
        // Contentless: the text lives once, in search_docs; FTS5 keeps only the inverted index.
        // `ascii`: every code point > 127 is a token character and our tokens are space-separated.
        await sql`CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'ascii', content = '', contentless_delete = 1)`.execute(db);
      }

      // The change feed: one row per publication, correction and withdrawal, in commit order.
      // `seq` is assigned inside the publication transaction under a lock (advisory lock on
      // PostgreSQL; SQLite has one writer), so a reader never sees seq n+1 before seq n.
      // Rows are immutable snapshots (title and codes at that version), so pages are stable.
      await withId(db.schema.createTable('change_feed'))
        .addColumn('event_id', 'integer', (c) => c.notNull())
        .addColumn('disclosure_id', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('publish','correct','withdraw')`))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('sector', 'text', (c) => c.notNull())
        .addColumn('item_type', 'text', (c) => c.notNull())
        .addColumn('department', 'text', (c) => c.notNull())
        .addColumn('project_id', 'integer')
        .addColumn('reason', 'text')
        .execute();
      await db.schema.createIndex('change_feed_disclosure').on('change_feed').columns(['disclosure_id', 'id']).execute();

      // History before this migration: derived from the event log, in event order.
      const versionOf = pg ? sql`coalesce((e.data::json->>'version')::int, d.version)` : sql`coalesce(json_extract(e.data, '$.version'), d.version)`;
      await sql`
        INSERT INTO change_feed (event_id, disclosure_id, version, kind, at, title, sector, item_type, department, project_id, reason)
        SELECT e.id, d.id, v.version,
               CASE WHEN e.action = 'withdraw' THEN 'withdraw' WHEN v.version = 1 THEN 'publish' ELSE 'correct' END,
               e.at, v.title, t.sector, t.code, dep.code, d.project_id, e.reason
        FROM events e
        JOIN disclosures d ON d.id = e.entity_id
        JOIN disclosure_versions v ON v.disclosure_id = d.id AND v.version = (CASE WHEN e.action = 'withdraw' THEN d.version ELSE ${versionOf} END)
        JOIN item_types t ON t.id = d.item_type_id
        JOIN departments dep ON dep.id = d.department_id
        WHERE e.entity = 'disclosure' AND e.action IN ('publish', 'withdraw')
        ORDER BY e.id`.execute(db);

      // E-mail subscriptions: no account; the token is the capability for confirm and unsubscribe.
      await withId(db.schema.createTable('subscriptions'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('sector','department','project','search')`))
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('token', 'text', (c) => c.notNull().unique())
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending','active','unsubscribed','bouncing')`))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('confirmed_at', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('last_digest_at', 'text')
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('subscriptions_state').on('subscriptions').columns(['state', 'id']).execute();
      await db.schema.createIndex('subscriptions_email').on('subscriptions').column('email').execute();

      await withId(db.schema.createTable('webhooks'))
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('filter', 'text', (c) => c.notNull()) // JSON {sector?, department?, project?}
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .execute();

      await withId(db.schema.createTable('webhook_deliveries'))
        .addColumn('webhook_id', 'integer', (c) => c.notNull().references('webhooks.id'))
        .addColumn('change_seq', 'integer', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending','delivered','failed')`))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('last_status', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('delivered_at', 'text')
        .execute();
      await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['state', 'next_attempt_at']).execute();
      await db.schema.createIndex('webhook_deliveries_hook').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();
    },
    async down() {
      throw new Error('Migration 0004 cannot be reverted.');
    },
  };
}
