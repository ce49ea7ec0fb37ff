// Webhooks for the trading platform, newsrooms and 政务新媒体 accounts: every change of the change
// feed that matches a webhook's filter is queued in the publication transaction and POSTed by a job
// with an HMAC-SHA256 signature, retried with exponential back-off, every attempt logged. A
// hanging endpoint costs one timeout, never a blocked worker: attempts run concurrently, each
// bounded by an AbortSignal timeout.
//
// Two entities (migration 0017): disclosure changes and 黑名单 changes. A webhook chooses them in
// `filter.entities`; one registered before 黑名单 rows existed has no such field and keeps receiving
// disclosure changes only, in the same payload shape. 黑名单 rows reach `enqueue` through a
// BlacklistService hook registered after the change feed's (context.ts), in the transaction of the
// publish/repair/revoke/expire, so a trading platform never misses a listing or its end.
import crypto from 'node:crypto';
import type { Db, Trx } from '../../db/index.ts';
import { invalid, notFound } from '../../domain/errors.ts';
import { appendEvent } from '../events/service.ts';
import { changeJson, type ChangeRow } from '../opendata/changes.ts';

export const MAX_ATTEMPTS = 8;
export const BASE_DELAY_MS = 30_000;

export const WEBHOOK_ENTITIES = ['disclosure', 'blacklist'] as const;
export type WebhookEntity = (typeof WEBHOOK_ENTITIES)[number];

export interface WebhookFilter {
  /** Which changes to receive; absent (webhooks registered before 黑名单 rows) = disclosures only. */
  entities?: WebhookEntity[];
  sector?: string;
  department?: string;
  /** Disclosure rows only: a 黑名单 entry belongs to no project, so a project filter excludes them. */
  project?: number;
}

export function entitiesOf(f: WebhookFilter): WebhookEntity[] {
  return f.entities?.length ? f.entities : ['disclosure'];
}

export function sign(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** Delay before attempt n+1 after n failed attempts: 30 s, 1 min, 2 min … (capped at 6 h). */
export function backoffMs(failedAttempts: number): number {
  return Math.min(6 * 3600_000, BASE_DELAY_MS * 2 ** Math.max(0, failedAttempts - 1));
}

export function matches(f: WebhookFilter, c: ChangeRow): boolean {
  if (!entitiesOf(f).includes(c.entity)) return false;
  // A 黑名单 row carries the entry's sector and deciding department (when it has them); a row
  // without the one filtered on does not match rather than slipping through.
  if (c.entity === 'blacklist') return !f.project && (!f.sector || (!!c.sector && f.sector === c.sector)) && (!f.department || (!!c.department && f.department === c.department));
  return (!f.sector || f.sector === c.sector) && (!f.department || f.department === c.department) && (!f.project || f.project === c.project_id);
}

/** The filter as registered: entities known and not repeated; at least one. */
function cleanEntities(list: readonly string[] | undefined): WebhookEntity[] | undefined {
  if (list === undefined) return undefined;
  if (list.some((e) => !(WEBHOOK_ENTITIES as readonly string[]).includes(e))) throw invalid([{ field: 'entities', message: '推送内容只能是公开信息变更或黑名单变更', code: 'unknown_entity' }]);
  const out = WEBHOOK_ENTITIES.filter((e) => list.includes(e));
  if (!out.length) throw invalid([{ field: 'entities', message: '请至少选择一种推送内容（公开信息变更或黑名单变更）', code: 'entities_required' }]);
  return out;
}

export class WebhookService {
  constructor(
    private readonly db: Db,
    private readonly baseUrl: string,
    private readonly opts: { timeoutMs?: number; allowHttp?: boolean; concurrency?: number } = {},
  ) {}

  async create(input: { url: string; label: string; filter: WebhookFilter }, actorId: number | null): Promise<{ id: number; secret: string }> {
    let u: URL | null = null;
    try {
      u = new URL(input.url.trim());
    } catch {
      u = null;
    }
    if (!u || !(u.protocol === 'https:' || (this.opts.allowHttp && u.protocol === 'http:')) || u.username || u.password) {
      throw invalid([{ field: 'url', message: this.opts.allowHttp ? '请填写 http(s):// 开头的地址' : '请填写 https:// 开头的地址（只向加密连接推送）' }]);
    }
    if (!input.label.trim()) throw invalid([{ field: 'label', message: '请填写接收方名称' }]);
    const entities = cleanEntities(input.filter.entities);
    const filter: WebhookFilter = { ...input.filter, ...(entities ? { entities } : {}) };
    const secret = crypto.randomBytes(32).toString('base64url');
    const at = new Date().toISOString();
    const id = await this.db.transaction().execute(async (trx) => {
      const r = await trx.insertInto('webhooks').values({ url: u!.toString(), secret, label: input.label.trim().slice(0, 200), filter: JSON.stringify(filter), created_at: at, created_by: actorId }).returning('id').executeTakeFirstOrThrow();
      await appendEvent(trx, { at, actorId, entity: 'webhook', entityId: r.id, action: 'create', data: { url: u!.toString(), filter } });
      return r.id;
    });
    return { id, secret };
  }

  async deactivate(id: number, actorId: number | null): Promise<void> {
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('webhooks').set({ active: 0 }).where('id', '=', id).executeTakeFirst();
      if (!Number(r.numUpdatedRows)) throw notFound('Webhook');
      await appendEvent(trx, { at, actorId, entity: 'webhook', entityId: id, action: 'deactivate' });
    });
  }

  list() {
    return this.db.selectFrom('webhooks').select(['id', 'url', 'label', 'filter', 'active', 'created_at']).orderBy('id', 'desc').execute();
  }

  deliveries(webhookId: number, limit = 50) {
    return this.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).orderBy('id', 'desc').limit(limit).execute();
  }

  /** Change-feed listener: queues a delivery per matching webhook in the publication transaction. */
  enqueue = async (trx: Trx, c: ChangeRow): Promise<void> => {
    const hooks = await trx.selectFrom('webhooks').select(['id', 'filter']).where('active', '=', 1).execute();
    if (!hooks.length) return;
    const payload = JSON.stringify(changeJson(c, this.baseUrl));
    const at = new Date().toISOString();
    for (const h of hooks) {
      if (!matches(JSON.parse(h.filter) as WebhookFilter, c)) continue;
      await trx.insertInto('webhook_deliveries').values({ webhook_id: h.id, change_seq: c.id, payload, state: 'pending', next_attempt_at: at, last_status: null, last_error: null, created_at: at, delivered_at: null }).execute();
    }
  };

  /** One pass over the due deliveries (the job calls this every few seconds). */
  async deliverDue(now = new Date(), limit = 50): Promise<{ attempted: number; delivered: number; failed: number }> {
    const due = await this.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .select(['d.id', 'd.payload', 'd.attempts', 'w.url', 'w.secret'])
      .where('d.state', '=', 'pending')
      .where('d.next_attempt_at', '<=', now.toISOString())
      .where('w.active', '=', 1)
      .orderBy('d.id')
      .limit(limit)
      .execute();
    let delivered = 0;
    let failed = 0;
    const concurrency = this.opts.concurrency ?? 8;
    for (let i = 0; i < due.length; i += concurrency) {
      await Promise.all(
        due.slice(i, i + concurrency).map(async (d) => {
          const r = await this.attempt(d.url, d.secret, d.id, d.payload);
          const attempts = d.attempts + 1;
          const at = new Date().toISOString();
          if (r.ok) {
            delivered++;
            await this.db.updateTable('webhook_deliveries').set({ state: 'delivered', attempts, last_status: r.status, last_error: null, delivered_at: at }).where('id', '=', d.id).execute();
          } else {
            failed++;
            const giveUp = attempts >= MAX_ATTEMPTS;
            await this.db
              .updateTable('webhook_deliveries')
              .set({ state: giveUp ? 'failed' : 'pending', attempts, last_status: r.status, last_error: r.error, next_attempt_at: new Date(now.getTime() + backoffMs(attempts)).toISOString() })
              .where('id', '=', d.id)
              .execute();
          }
        }),
      );
    }
    return { attempted: due.length, delivered, failed };
  }

  private async attempt(url: string, secret: string, deliveryId: number, body: string): Promise<{ ok: boolean; status: number | null; error: string | null }> {
    const ts = String(Math.floor(Date.now() / 1000));
    try {
      const res = await fetch(url, {
        method: 'POST',
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'gongkai-webhook/1', 'x-gongkai-delivery': String(deliveryId), 'x-gongkai-timestamp': ts, 'x-gongkai-signature': sign(secret, ts, body) },
      });
      await res.body?.cancel().catch(() => {});
      return res.status >= 200 && res.status < 300 ? { ok: true, status: res.status, error: null } : { ok: false, status: res.status, error: `HTTP ${res.status}` };
    } catch (e) {
      const name = (e as Error)?.name;
      return { ok: false, status: null, error: name === 'TimeoutError' || name === 'AbortError' ? `timeout after ${this.opts.timeoutMs ?? 10_000} ms` : String((e as Error)?.message ?? e).slice(0, 300) };
    }
  }
}
