// E-mail subscriptions without accounts: double opt-in (nothing is sent but the confirmation until
// the link in it is opened), a daily digest, and one-click unsubscribe in every mail (RFC 8058).
// The random token is the only credential: it confirms and unsubscribes, nothing else.
// 个人信息保护法 第十五条：基于个人同意处理个人信息的，个人有权撤回其同意 – unsubscribing is one click
// and final; 第四十七条: addresses of ended subscriptions are not used again.
import crypto from 'node:crypto';
import type { Db } from '../../db/index.ts';
import type { SubscriptionTable } from '../../db/schema.ts';
import { AppError, invalid, notFound } from '../../domain/errors.ts';
import { appendEvent } from '../events/service.ts';
import { findDepartmentByCode } from '../departments/service.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import { getProject } from '../projects/service.ts';
import { keyAfter } from '../search/repository.ts';
import type { SearchFilter, SearchService } from '../search/service.ts';
import { parseQuery } from '../search/tokenizer.ts';
import { isPermanentFailure, type SubscriptionMailer } from './mail.ts';

export type SubscriptionKind = SubscriptionTable['kind'];
export const MAX_FAILURES = 3;
export const DIGEST_SIZE = 50;

const EMAIL_RE = /^[^\s@<>()",;:\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;

export interface SubscribeInput {
  email: string;
  kind: string;
  /** sector code, department code, project id, or for a search the query string of /search. */
  target: string;
}

interface SavedSearch {
  q: string;
  filter: SearchFilter;
}

export class SubscriptionService {
  constructor(
    private readonly db: Db,
    private readonly itemTypes: ItemTypeRegistry,
    private readonly search: SearchService,
    private readonly mailer: SubscriptionMailer,
    private readonly baseUrl: string,
  ) {}

  /** Validates the target and returns its label and normalised form. */
  async describe(kind: string, target: string): Promise<{ kind: SubscriptionKind; target: string; label: string }> {
    const t = target.trim();
    if (kind === 'sector') {
      const s = this.itemTypes.sectors.find((x) => x.code === t);
      if (s) return { kind, target: t, label: `领域：${s.name}` };
    } else if (kind === 'department') {
      const d = /^[A-Za-z0-9_-]{1,40}$/.test(t) ? await findDepartmentByCode(this.db, t) : undefined;
      if (d) return { kind, target: t, label: `单位：${d.name}` };
    } else if (kind === 'project') {
      if (/^\d{1,10}$/.test(t)) {
        const p = await getProject(this.db, Number(t)).catch(() => undefined);
        if (p) return { kind, target: t, label: `项目：${p.title}` };
      }
    } else if (kind === 'search') {
      const saved = this.savedSearch(t);
      const pq = parseQuery(saved.q);
      if (!saved.q.trim() && !Object.keys(saved.filter).length) throw invalid([{ field: 'target', message: '请先输入搜索词或选择筛选条件' }]);
      if (saved.q.trim() && !pq.ok) throw invalid([{ field: 'target', message: pq.message }]);
      return { kind, target: t, label: `搜索：${saved.q.trim() || '（按筛选条件）'}` };
    }
    throw invalid([{ field: 'target', message: '订阅的对象不存在' }]);
  }

  private savedSearch(target: string): SavedSearch {
    const p = new URLSearchParams(target.length > 2000 ? '' : target);
    const filter: SearchFilter = {};
    for (const k of ['sector', 'itemType', 'department', 'stage', 'kind'] as const) {
      const v = p.get(k);
      if (v) filter[k] = v;
    }
    const project = p.get('project');
    if (project && /^\d{1,10}$/.test(project)) filter.projectId = Number(project);
    return { q: p.get('q') ?? '', filter };
  }

  private filterOf(s: { kind: SubscriptionKind; target: string }): SavedSearch {
    if (s.kind === 'sector') return { q: '', filter: { sector: s.target } };
    if (s.kind === 'department') return { q: '', filter: { department: s.target } };
    if (s.kind === 'project') return { q: '', filter: { projectId: Number(s.target), kind: 'disclosure' } };
    return this.savedSearch(s.target);
  }

  links(token: string) {
    return {
      confirm: `${this.baseUrl}/subscriptions/confirm?token=${token}`,
      unsubscribe: `${this.baseUrl}/subscriptions/unsubscribe?token=${token}`,
    };
  }

  /** Records a pending subscription and sends the confirmation mail (double opt-in). */
  async subscribe(input: SubscribeInput): Promise<{ id: number }> {
    const email = input.email.trim().toLowerCase();
    if (!email || email.length > 254 || !EMAIL_RE.test(email)) throw invalid([{ field: 'email', message: '请填写有效的电子邮件地址' }]);
    const d = await this.describe(input.kind, input.target);
    const token = crypto.randomBytes(24).toString('base64url');
    const at = new Date().toISOString();
    const id = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('subscriptions')
        .values({ email, kind: d.kind, target: d.target, label: d.label, token, state: 'pending', created_at: at, confirmed_at: null, ended_at: null, last_digest_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await appendEvent(trx, { at, actorId: null, entity: 'subscription', entityId: row.id, action: 'create', data: { kind: d.kind, target: d.target } });
      return row.id;
    });
    const l = this.links(token);
    await this.mailer.send({
      to: email,
      subject: `请确认订阅：${d.label}`,
      text: `您好：\n\n有人（可能是您）在浈江区公共资源配置领域信息公开平台用此邮箱订阅了“${d.label}”的每日更新。\n\n确认订阅请打开：\n${l.confirm}\n\n如果不是您本人操作，请忽略本邮件：未经确认不会再向您发送任何邮件。\n`,
      headers: { 'List-Unsubscribe': `<${l.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    return { id };
  }

  private async byToken(token: string) {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) throw notFound('订阅');
    const s = await this.db.selectFrom('subscriptions').selectAll().where('token', '=', token).executeTakeFirst();
    if (!s) throw notFound('订阅');
    return s;
  }

  async confirm(token: string) {
    const s = await this.byToken(token);
    if (s.state === 'unsubscribed') throw new AppError(409, 'conflict', '该订阅已退订；如需再次订阅，请重新提交');
    if (s.state === 'pending') {
      const at = new Date().toISOString();
      await this.db.transaction().execute(async (trx) => {
        await trx.updateTable('subscriptions').set({ state: 'active', confirmed_at: at, last_digest_at: at }).where('id', '=', s.id).execute();
        await appendEvent(trx, { at, actorId: null, entity: 'subscription', entityId: s.id, action: 'confirm' });
      });
    }
    return { label: s.label };
  }

  /** Idempotent: a second click (or a mail provider's RFC 8058 POST) changes nothing. */
  async unsubscribe(token: string) {
    const s = await this.byToken(token);
    if (s.state !== 'unsubscribed') {
      const at = new Date().toISOString();
      await this.db.transaction().execute(async (trx) => {
        await trx.updateTable('subscriptions').set({ state: 'unsubscribed', ended_at: at }).where('id', '=', s.id).execute();
        await appendEvent(trx, { at, actorId: null, entity: 'subscription', entityId: s.id, action: 'unsubscribe' });
      });
    }
    return { label: s.label };
  }

  async peek(token: string) {
    const s = await this.byToken(token);
    return { label: s.label, state: s.state };
  }

  /**
   * Daily digest: for each active subscription, what was first published since its last digest.
   * A refused address (5xx) or MAX_FAILURES temporary failures stop mail to it ('bouncing').
   */
  async runDigest(now = new Date()): Promise<{ subscriptions: number; sent: number; failed: number; bouncing: number }> {
    let sent = 0;
    let failed = 0;
    let bouncing = 0;
    let n = 0;
    let lastId = 0;
    for (;;) {
      const batch = await this.db.selectFrom('subscriptions').selectAll().where('state', '=', 'active').where('id', '>', lastId).orderBy('id').limit(200).execute();
      if (!batch.length) break;
      for (const s of batch) {
        lastId = s.id;
        n++;
        const since = s.last_digest_at ?? s.confirmed_at ?? s.created_at;
        const f = this.filterOf(s);
        const r = await this.search.search({ q: f.q, sort: 'date', perPage: DIGEST_SIZE, filter: { ...f.filter, afterKey: keyAfter(since) }, facets: false });
        if (!r.ok || !r.hits.length) continue;
        const l = this.links(s.token);
        const lines = r.hits.map((h, i) => `${i + 1}. ${h.state === 'withdrawn' ? '【已撤回】' : ''}${h.title}\n   ${h.departmentName ?? ''} ${h.publishedAt.slice(0, 10)}\n   ${this.baseUrl}${h.url}`);
        try {
          await this.mailer.send({
            to: s.email,
            subject: `【每日更新】${s.label}：${r.totalIsLowerBound ? `${r.total}+` : r.total} 条新信息`,
            text: `${s.label} 自 ${since.slice(0, 10)} 以来的新信息${r.total > r.hits.length ? `（列出最新 ${r.hits.length} 条）` : ''}：\n\n${lines.join('\n\n')}\n\n——\n退订（一键生效）：${l.unsubscribe}\n`,
            headers: { 'List-Unsubscribe': `<${l.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'List-Id': `<subscription-${s.id}.gongkai>` },
          });
          await this.db.updateTable('subscriptions').set({ last_digest_at: now.toISOString(), failures: 0 }).where('id', '=', s.id).execute();
          sent++;
        } catch (e) {
          failed++;
          const failures = s.failures + 1;
          const bounce = isPermanentFailure(e) || failures >= MAX_FAILURES;
          if (bounce) bouncing++;
          const at = now.toISOString();
          await this.db.transaction().execute(async (trx) => {
            await trx.updateTable('subscriptions').set({ failures, ...(bounce ? { state: 'bouncing' as const, ended_at: at } : {}) }).where('id', '=', s.id).execute();
            if (bounce) await appendEvent(trx, { at, actorId: null, entity: 'subscription', entityId: s.id, action: 'bounce', reason: String((e as Error)?.message ?? e).slice(0, 500) });
          });
        }
      }
    }
    return { subscriptions: n, sent, failed, bouncing };
  }
}
