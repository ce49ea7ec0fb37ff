// FROZEN once landed: the change feed carries 黑名单 entries too (issue 5: “a change feed of every
// publication, correction and withdrawal so that mirrors stay in sync”). Never edit; add a new migration.
//
// Until now every row was a disclosure version (disclosure_id, version, item_type NOT NULL; kind
// publish/correct/withdraw). A row now names its entity (`entity`, `entity_id`); a blacklist row
// has the public view of the entry as of the change in `payload` (JSON, ID numbers masked) and the
// entry's actions as kinds (publish/repair/revoke/expire); its disclosure columns are NULL. Rows of
// disclosures keep every column and value, and every seq: existing cursors stay valid.
//
// SQLite cannot relax NOT NULL or CHECK in place: the table is rebuilt with the same ids (no
// foreign key points at change_feed) and the AUTOINCREMENT counter carried over, in one
// transaction. PostgreSQL alters the table in place (this migration runs in Kysely's transaction).
//
// History: every public event of an entry already published (publish, expire, repair, revoke) is
// appended in event order with the entry's public view as of that event, built by the rules of
// blacklist/public-view.ts as they stand today, frozen below (a mirror reading from its saved
// cursor receives the whole blacklist once).
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../../config.ts';

const DISCLOSURE_KINDS = sql`kind in ('publish','correct','withdraw')`;
const BLACKLIST_KINDS = sql`kind in ('publish','repair','revoke','expire')`;
const SHAPE = sql`(entity = 'disclosure' and disclosure_id is not null and version is not null and item_type is not null and ${DISCLOSURE_KINDS}) or (entity = 'blacklist' and payload is not null and ${BLACKLIST_KINDS})`;

const SEVERITY: Record<string, string> = { ordinary: '一般失信', serious: '严重失信', 'procurement-bar': '禁止参加政府采购活动' };
const STATUS: Record<string, string> = { active: '公示中', expired: '已到期', repaired: '已信用修复', revoked: '已撤销' };
const SUBJECT: Record<string, string> = { company: '法人及非法人组织', person: '自然人' };
const STATUS_AFTER: Record<string, string> = { publish: 'active', expire: 'expired', repair: 'repaired', revoke: 'revoked' };
/** RULES.md §7: first 2 and last 3 characters of a 居民身份证号码 kept. */
const mask = (id: string) => (id.length <= 5 ? '*'.repeat(id.length) : id.slice(0, 2) + '*'.repeat(id.length - 5) + id.slice(-3));

async function backfillBlacklist(db: Kysely<any>): Promise<void> {
  const rows = await db
    .selectFrom('events as e')
    .innerJoin('blacklist_entries as b', 'b.id', 'e.entity_id')
    .innerJoin('departments as d', 'd.id', 'b.department_id')
    .leftJoin('disclosures as x', 'x.id', 'b.disclosure_id')
    .select(['e.id as event_id', 'e.action', 'e.at', 'e.reason', 'b.id', 'b.subject_kind', 'b.name', 'b.credit_code', 'b.id_number', 'b.conduct', 'b.legal_basis', 'b.decision_no', 'b.decision_date', 'b.sector', 'b.severity', 'b.start_date', 'b.end_date', 'b.closed_on', 'b.close_reason', 'b.published_at', 'b.disclosure_id', 'x.version as disclosure_version', 'x.state as disclosure_state', 'd.code as department_code', 'd.name as department_name'])
    .where('e.entity', '=', 'blacklist')
    .where('e.action', 'in', ['publish', 'expire', 'repair', 'revoke'])
    .where('b.status', '!=', 'draft')
    .orderBy('e.id')
    .execute();
  for (const r of rows) {
    const status = STATUS_AFTER[r.action]!;
    const closing = r.action === 'repair' || r.action === 'revoke';
    const view = {
      id: r.id,
      url: `/blacklist/${r.id}`,
      subject: { kind: r.subject_kind, kindName: SUBJECT[r.subject_kind] ?? r.subject_kind, name: r.name, creditCode: r.credit_code, idNumberMasked: r.id_number ? mask(r.id_number) : null },
      conduct: r.conduct,
      legalBasis: r.legal_basis,
      department: { code: r.department_code, name: r.department_name },
      decision: { number: r.decision_no, date: r.decision_date },
      sector: r.sector,
      severity: { code: r.severity, name: SEVERITY[r.severity] ?? r.severity },
      period: { start: r.start_date, end: r.end_date },
      status,
      statusName: STATUS[status],
      current: status === 'active',
      // The service closes on the China date of the repair/revocation; expiry on the last day.
      closedOn: status === 'active' ? null : r.action === 'expire' ? r.end_date : new Date(Date.parse(r.at) + 8 * 3600_000).toISOString().slice(0, 10),
      closeReason: closing ? (r.reason ?? r.close_reason) : null,
      disclosure: r.disclosure_id && Number(r.disclosure_version) > 0 && r.disclosure_state !== 'withdrawn' ? { id: r.disclosure_id, url: `/disclosures/${r.disclosure_id}` } : null,
      publishedAt: r.published_at,
    };
    await db
      .insertInto('change_feed')
      .values({ event_id: r.event_id, entity: 'blacklist', entity_id: r.id, kind: r.action, at: r.at, title: r.name, sector: r.sector, department: r.department_code, reason: closing ? (r.reason ?? r.close_reason) : null, payload: JSON.stringify(view) })
      .execute();
  }
}

export function m0017ChangeFeedEntities(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect === 'postgres') {
        await sql`ALTER TABLE change_feed ADD COLUMN entity text NOT NULL DEFAULT 'disclosure' CHECK (entity in ('disclosure','blacklist'))`.execute(db);
        await sql`ALTER TABLE change_feed ADD COLUMN entity_id integer`.execute(db);
        await sql`UPDATE change_feed SET entity_id = disclosure_id`.execute(db);
        await sql`ALTER TABLE change_feed ALTER COLUMN entity_id SET NOT NULL`.execute(db);
        await sql`ALTER TABLE change_feed ADD COLUMN payload text`.execute(db);
        await sql`ALTER TABLE change_feed ALTER COLUMN disclosure_id DROP NOT NULL, ALTER COLUMN version DROP NOT NULL, ALTER COLUMN item_type DROP NOT NULL`.execute(db);
        const checks = await sql<{ conname: string }>`SELECT conname FROM pg_constraint WHERE conrelid = 'change_feed'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%kind%'`.execute(db);
        for (const c of checks.rows) await sql`ALTER TABLE change_feed DROP CONSTRAINT ${sql.id(c.conname)}`.execute(db);
        await sql`ALTER TABLE change_feed ADD CONSTRAINT change_feed_shape CHECK (${SHAPE})`.execute(db);
        await db.schema.createIndex('change_feed_entity').on('change_feed').columns(['entity', 'id']).execute();
        await backfillBlacklist(db);
        return;
      }
      await db.transaction().execute(async (trx) => {
        await trx.schema
          .createTable('change_feed_next')
          .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
          .addColumn('event_id', 'integer', (c) => c.notNull())
          .addColumn('entity', 'text', (c) => c.notNull().defaultTo('disclosure').check(sql`entity in ('disclosure','blacklist')`))
          .addColumn('entity_id', 'integer', (c) => c.notNull())
          .addColumn('disclosure_id', 'integer')
          .addColumn('version', 'integer')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('sector', 'text', (c) => c.notNull())
          .addColumn('item_type', 'text')
          .addColumn('department', 'text', (c) => c.notNull())
          .addColumn('project_id', 'integer')
          .addColumn('reason', 'text')
          .addColumn('payload', 'text')
          .addCheckConstraint('change_feed_shape', SHAPE)
          .execute();
        await sql`INSERT INTO change_feed_next (id, event_id, entity, entity_id, disclosure_id, version, kind, at, title, sector, item_type, department, project_id, reason)
          SELECT id, event_id, 'disclosure', disclosure_id, disclosure_id, version, kind, at, title, sector, item_type, department, project_id, reason FROM change_feed ORDER BY id`.execute(trx);
        const seq = await sql<{ seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = 'change_feed'`.execute(trx);
        await sql`DROP TABLE change_feed`.execute(trx);
        await sql`ALTER TABLE change_feed_next RENAME TO change_feed`.execute(trx);
        const old = Number(seq.rows[0]?.seq ?? 0);
        if (old > 0) {
          await sql`DELETE FROM sqlite_sequence WHERE name = 'change_feed'`.execute(trx);
          await sql`INSERT INTO sqlite_sequence (name, seq) VALUES ('change_feed', ${old})`.execute(trx);
        }
        await trx.schema.createIndex('change_feed_disclosure').on('change_feed').columns(['disclosure_id', 'id']).execute();
        await trx.schema.createIndex('change_feed_entity').on('change_feed').columns(['entity', 'id']).execute();
        await backfillBlacklist(trx);
      });
    },
    async down() {
      throw new Error('Migration 0017 cannot be reverted.');
    },
  };
}
