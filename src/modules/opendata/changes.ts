// The change feed (GET /api/v1/changes): every publication, correction and withdrawal in commit
// order, so a mirror that stores the last cursor and polls never misses or repeats a change
// (in the manner of the ProZorro feed).
//
// Why a table and not `events.id`: on PostgreSQL an identity value is taken when the row is
// inserted, not when the transaction commits, so a reader can see event 11 before event 10 commits
// and skip 10 for ever. Here the sequence value is taken inside the publication transaction after
// a transaction-scoped advisory lock, so commit order and sequence order are the same; on SQLite
// there is only one writer. The rows are snapshots derived from the event log (migration 0004
// backfills history from `events`) and never change, so every page is stable.
//
// 黑名单 entries share the sequence (migration 0017): a row says its `entity`; a blacklist row holds
// the entry's public view as of the change (blacklist/public-view.ts, ID numbers masked), written
// by a BlacklistService hook in the transaction of its publish/repair/revoke/expire. Listeners
// (webhooks) receive every row of either entity and filter on `entity` themselves.
import { sql } from 'kysely';
import type { DialectName } from '../../config.ts';
import type { Db, Executor, Trx } from '../../db/index.ts';
import type { ChangeFeedTable } from '../../db/schema.ts';
import { AppError } from '../../domain/errors.ts';
import type { DisclosureService, PublicationEvent } from '../disclosures/service.ts';
import type { PublicEntry } from '../blacklist/public-view.ts';
import type { BlacklistChange } from '../blacklist/service.ts';
import type { Selectable } from 'kysely';

export type ChangeRow = Selectable<ChangeFeedTable>;
export type ChangeEntity = ChangeRow['entity'];

const LOCK_KEY = 0x676b6366; // "gkcf"
export const SEALED_TITLE = '（该版本已屏蔽）';

export function encodeChangeCursor(seq: number): string {
  return Buffer.from(`c1:${seq}`).toString('base64url');
}

export function decodeChangeCursor(s: string): number {
  const m = /^c1:(\d{1,15})$/.exec(Buffer.from(s, 'base64url').toString('utf8'));
  if (!m || !/^[A-Za-z0-9_-]+$/.test(s)) throw new AppError(400, 'invalid_cursor', '游标无效：请使用上一次返回的 nextCursor，或不带 since 从头读取');
  return Number(m[1]);
}

export interface ChangeListener {
  (trx: Trx, change: ChangeRow): Promise<void>;
}

export class ChangeFeed {
  /** Run in the same transaction after a change is recorded (webhook deliveries are queued here). */
  readonly listeners: ChangeListener[] = [];

  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
    private readonly disclosures: DisclosureService,
  ) {}

  hook = async (trx: Trx, e: PublicationEvent): Promise<void> => {
    const snap = await this.disclosures.publicSnapshot(trx, e.disclosureId);
    if (!snap) return;
    if (this.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
    const j = snap.json;
    const row = await trx
      .insertInto('change_feed')
      .values({
        event_id: snap.lastEvent?.id ?? 0,
        entity: 'disclosure',
        entity_id: j.id,
        disclosure_id: j.id,
        version: e.version,
        kind: e.event,
        at: e.at,
        title: j.title,
        sector: j.sector,
        item_type: j.itemType.code,
        department: j.department.code,
        project_id: j.project?.id ?? null,
        reason: e.event === 'withdraw' ? (snap.withdrawal?.reason ?? null) : e.event === 'correct' ? snap.changeReason : null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const l of this.listeners) await l(trx, row);
  };

  /** BlacklistService hook: the entry's public view as of this change, in the change's transaction. */
  blacklistHook = async (trx: Trx, c: BlacklistChange): Promise<void> => {
    if (this.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
    const e = c.entry;
    const row = await trx
      .insertInto('change_feed')
      .values({ event_id: c.eventId, entity: 'blacklist', entity_id: c.entryId, disclosure_id: null, version: null, kind: c.action, at: c.at, title: e.subject.name, sector: e.sector, item_type: null, department: e.department.code, project_id: null, reason: c.reason, payload: JSON.stringify(e) })
      .returningAll()
      .executeTakeFirstOrThrow();
    for (const l of this.listeners) await l(trx, row);
  };

  /**
   * Changes strictly after `afterSeq`, oldest first. The rows never change, except that the title of
   * a version sealed since (disclosures/seals.ts) is not repeated: it may be what leaked.
   */
  async list(afterSeq: number, limit: number, ex: Executor = this.db, entity?: ChangeEntity): Promise<ChangeRow[]> {
    let q = ex.selectFrom('change_feed').selectAll().where('id', '>', afterSeq);
    if (entity) q = q.where('entity', '=', entity);
    const rows = await q.orderBy('id').limit(limit).execute();
    const disclosureIds = [...new Set(rows.map((r) => r.disclosure_id).filter((x): x is number => x !== null))];
    if (!disclosureIds.length) return rows;
    const seals = await ex.selectFrom('version_seals').select(['disclosure_id', 'version']).where('disclosure_id', 'in', disclosureIds).execute();
    if (!seals.length) return rows;
    const sealed = new Set(seals.map((x) => `${x.disclosure_id}:${x.version}`));
    return rows.map((r) => (r.entity === 'disclosure' && sealed.has(`${r.disclosure_id}:${r.version}`) ? { ...r, title: SEALED_TITLE } : r));
  }

  async latestSeq(): Promise<number> {
    const r = await this.db.selectFrom('change_feed').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
    return Number(r?.m ?? 0);
  }
}

/**
 * The stored public view – exactly what GET /api/v1/blacklist/{id} returns without its history, as
 * of the change – with the site's address in front of its site-relative URLs.
 */
function blacklistJson(payload: string, baseUrl: string): PublicEntry {
  const e = JSON.parse(payload) as PublicEntry;
  return { ...e, url: baseUrl + e.url, disclosure: e.disclosure ? { ...e.disclosure, url: baseUrl + e.disclosure.url } : null };
}

export function changeJson(c: ChangeRow, baseUrl: string) {
  if (c.entity === 'blacklist') {
    return { seq: c.id, entity: c.entity, kind: c.kind, at: c.at, blacklist: blacklistJson(c.payload!, baseUrl), reason: c.reason };
  }
  return {
    seq: c.id,
    entity: c.entity,
    kind: c.kind,
    at: c.at,
    disclosure: {
      id: c.disclosure_id,
      version: c.version,
      title: c.title,
      sector: c.sector,
      itemType: c.item_type,
      department: c.department,
      projectId: c.project_id,
      url: `${baseUrl}/disclosures/${c.disclosure_id}${c.kind === 'withdraw' ? '' : `?version=${c.version}`}`,
      apiUrl: `${baseUrl}/api/v1/disclosures/${c.disclosure_id}`,
    },
    reason: c.reason,
  };
}
