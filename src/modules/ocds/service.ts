// OCDS 1.1 out (issue 4 §4): releases (one per published version of a procurement or construction
// notice attached to a project), compiled records, release and record packages, the paged feed and
// the streamed bulk file. Content passes through public-view (withhold + mask) before mapping.
import type { Writable } from 'node:stream';
import type { Db } from '../../db/index.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import { publicFields, publicFieldsJson } from '../disclosures/public-view.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import { CANCELS, cancellationRelease } from './cancellation.ts';
import { chinaDateTime, type Json } from './helpers.ts';
import { MAPPED_ITEM_TYPES, toRelease, type MapContext, type ReleaseSource } from './mapping.ts';
import { compileRecord } from './records.ts';
import * as repo from './repository.ts';
import { EXTENSIONS } from './schema.ts';
import { awardIdsOf } from './sections.ts';
import { writePackage } from './writer.ts';

export const PUBLISHER_NAME = '韶关市浈江区人民政府';
export const LICENSE = 'https://creativecommons.org/licenses/by/4.0/';
const MAPPED = new Set(MAPPED_ITEM_TYPES);
const PAGINATION_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_pagination_extension/master/extension.json';

interface ProjectContext {
  /** First publication of an award-stage notice: fields secret “until award” are public after it. */
  awardAt: Map<number, string>;
  awards: Map<number, { creditCode?: string | undefined; name?: string | undefined; awardId: string }[]>;
}

export function encodeFeedCursor(c: { at: string; id: number }): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

/** `since` is a cursor from a previous page, or an ISO date-time (releases published after it). */
export function decodeSince(since: string): { at: string; id: number } {
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(since) && !Number.isNaN(Date.parse(since))) {
    return { at: new Date(Date.parse(since.length === 10 ? `${since}T00:00:00+08:00` : since)).toISOString(), id: 2_147_483_647 };
  }
  try {
    const v = JSON.parse(Buffer.from(since, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && Number.isInteger(v[1])) return { at: v[0], id: v[1] as number };
  } catch {
    // fall through
  }
  throw new AppError(400, 'invalid_cursor', 'since 参数无效：请使用上一页返回的游标，或 ISO 日期时间（如 2026-11-01T00:00:00+08:00）');
}

/** One entry of the feed: a published version or a withdrawal, ordered by (time, n) – see repository.withdrawalsAfter. */
interface FeedItem {
  at: string;
  n: number;
  v?: repo.VersionRow;
  w?: repo.WithdrawalRow;
}

const byFeedOrder = (a: FeedItem, b: FeedItem) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.n - b.n);
const feedItems = (versions: repo.VersionRow[], withdrawn: repo.WithdrawalRow[]): FeedItem[] => [
  ...versions.map((v) => ({ at: v.published_at, n: v.vid, v })),
  ...withdrawn.map((w) => ({ at: w.withdrawn_at, n: -w.eid, w })),
];

export class OcdsService {
  constructor(
    private readonly db: Db,
    private readonly reg: ItemTypeRegistry,
    private readonly cfg: { baseUrl: string; ocidPrefix: string },
  ) {}

  private async contexts(projectIds: number[]): Promise<ProjectContext> {
    const rows = await repo.awardsOfProjects(this.db, [...new Set(projectIds)]);
    const ctx: ProjectContext = { awardAt: new Map(), awards: new Map() };
    for (const r of rows) {
      const pid = r.project_id!;
      // A withdrawn award notice no longer makes secret-until-award fields public.
      if (r.state !== 'withdrawn' && r.first_published_at && (!ctx.awardAt.has(pid) || r.first_published_at < ctx.awardAt.get(pid)!)) ctx.awardAt.set(pid, r.first_published_at);
      const ids = awardIdsOf(r.item_type_code, JSON.parse(r.fields) as Record<string, unknown>);
      if (ids.length) ctx.awards.set(pid, [...(ctx.awards.get(pid) ?? []), ...ids]);
    }
    return ctx;
  }

  private mapContext(pc: ProjectContext): MapContext {
    return {
      baseUrl: this.cfg.baseUrl,
      awardIdFor(projectId, s) {
        const list = pc.awards.get(projectId) ?? [];
        return (s.creditCode && list.find((a) => a.creditCode === s.creditCode)?.awardId) || (s.name && list.find((a) => a.name === s.name)?.awardId) || (list.length === 1 ? list[0]!.awardId : undefined);
      },
    };
  }

  /** One version → release, through the public view (immutable: the award rule is judged at its publication time). */
  private release(r: repo.VersionRow, pc: ProjectContext, mc: MapContext): Json | null {
    const t = this.reg.byCodeOrUndefined(r.item_type_code);
    if (!t || !MAPPED.has(t.code)) return null;
    const awardAt = pc.awardAt.get(r.project_id!);
    const awardPublished = ['award', 'contract', 'performance'].includes(t.stage) || (awardAt !== undefined && awardAt <= r.published_at);
    const pub = publicFieldsJson(publicFields(t.fields, JSON.parse(r.fields) as Record<string, unknown>, { awardPublished }));
    const labels: Record<string, string> = {};
    for (const f of t.fields) {
      labels[f.key] = f.label;
      for (const c of f.columns ?? []) labels[`${f.key}.${c.key}`] = `${f.label}·${c.label}`;
    }
    const src: ReleaseSource = {
      ocid: r.ocid,
      project: { id: r.project_id!, code: r.project_code, title: r.project_title, sector: r.project_sector, investmentCode: r.investment_code },
      disclosureId: r.disclosure_id,
      version: r.version,
      itemType: { code: t.code, stage: t.stage, name: t.name, fieldLabels: labels },
      title: r.title,
      formedDate: r.formed_date,
      publishedAt: r.published_at,
      changeReason: r.change_reason,
      fields: pub.values,
      withheld: pub.withheld,
      attachments: (JSON.parse(r.attachments) as { id: number; filename: string; mime: string }[]).map((a) => ({ id: a.id, filename: a.filename, mime: a.mime })),
      department: { name: r.department_name, creditCode: r.department_credit_code },
    };
    return toRelease(src, mc);
  }

  /** A withdrawn tender, award or contract notice → its cancellation release (cancellation.ts). */
  private withdrawalRelease(r: repo.WithdrawalRow, pc: ProjectContext, mc: MapContext): Json | null {
    if (!CANCELS[r.item_type_code]) return null;
    const last = this.release(r, pc, mc);
    return last && cancellationRelease(last, r.item_type_code, { disclosureId: r.disclosure_id, title: r.title, at: r.withdrawn_at, reason: r.withdrawal_reason ?? '' }, this.cfg.baseUrl);
  }

  /** Releases of feed items (versions and withdrawals), in the order given. */
  private async releasesOf(items: FeedItem[]): Promise<Json[]> {
    const pc = await this.contexts(items.map((x) => (x.v ?? x.w)!.project_id!));
    const mc = this.mapContext(pc);
    return items.map((x) => (x.v ? this.release(x.v, pc, mc) : this.withdrawalRelease(x.w!, pc, mc))).filter((x): x is Json => x !== null);
  }

  packageMeta(uri: string, extra: string[] = []): Json {
    return {
      uri,
      version: '1.1',
      extensions: [...EXTENSIONS.map((e) => e.url), ...extra],
      publishedDate: chinaDateTime(new Date().toISOString()),
      publisher: { name: PUBLISHER_NAME, uri: this.cfg.baseUrl },
      license: LICENSE,
      publicationPolicy: `${this.cfg.baseUrl}/api/v1/openapi.json`,
    };
  }

  /** GET /api/v1/ocds/releases: a release package of `limit` releases after `since`, with links.next. */
  async releasePage(since: string | undefined, limit: number): Promise<Json> {
    let cursor = since ? decodeSince(since) : null;
    let items: FeedItem[] = [];
    let page: FeedItem[] = [];
    let releases: Json[] = [];
    // A page whose versions all lack an OCDS meaning would be an empty package (the schema needs ≥ 1
    // release): read on until one maps, or the feed ends.
    for (let guard = 0; guard < 100 && !releases.length; guard++) {
      const [versions, withdrawn] = await Promise.all([repo.versionsAfter(this.db, cursor, limit + 1), repo.withdrawalsAfter(this.db, cursor, limit + 1)]);
      items = feedItems(versions, withdrawn).sort(byFeedOrder);
      page = items.slice(0, limit);
      releases = await this.releasesOf(page);
      const end = page[page.length - 1];
      if (items.length <= limit || !end) break;
      cursor = { at: end.at, id: end.n };
    }
    const last = page[page.length - 1];
    const self = `${this.cfg.baseUrl}/api/v1/ocds/releases?${new URLSearchParams({ ...(since ? { since } : {}), limit: String(limit) }).toString()}`;
    const next = items.length > limit && last ? `${this.cfg.baseUrl}/api/v1/ocds/releases?${new URLSearchParams({ since: encodeFeedCursor({ at: last.at, id: last.n }), limit: String(limit) }).toString()}` : null;
    // An empty page is still a valid package in spirit; the schema needs ≥ 1 release, so it is
    // answered with the releases array empty only when nothing is published yet.
    return { ...this.packageMeta(self, [PAGINATION_EXTENSION]), releases, ...(next ? { links: { next } } : {}) };
  }

  async releasesOfOcid(ocid: string): Promise<Json[]> {
    const [versions, withdrawn] = await Promise.all([repo.versionsOfOcid(this.db, ocid), repo.withdrawalsOfOcid(this.db, ocid)]);
    return this.releasesOf(feedItems(versions, withdrawn).sort(byFeedOrder));
  }

  /** GET /api/v1/ocds/records/:ocid: a record package with the releases embedded and the compiled release. */
  async recordPackage(ocid: string): Promise<Json> {
    const releases = await this.releasesOfOcid(ocid);
    if (!releases.length) throw notFound('开放合同数据记录（该 ocid 没有已公开的采购或招标投标信息）');
    return { ...this.packageMeta(`${this.cfg.baseUrl}/api/v1/ocds/records/${encodeURIComponent(ocid)}`), records: [compileRecord(ocid, releases)] };
  }

  async countReleases(): Promise<number> {
    const [versions, withdrawn] = await Promise.all([repo.countVersions(this.db, MAPPED_ITEM_TYPES), repo.countWithdrawals(this.db, Object.keys(CANCELS))]);
    return versions + withdrawn;
  }

  /** Every release, project by project (each project's context fetched once), for the bulk file. */
  async *allReleases(pageSize = 50): AsyncGenerator<Json> {
    let after = 0;
    for (;;) {
      const ids = (await repo.projectIdsAfter(this.db, after, pageSize)).map((r) => r.id);
      if (!ids.length) return;
      const [rows, withdrawn] = await Promise.all([repo.versionsOfProjects(this.db, ids), repo.withdrawalsOfProjects(this.db, ids)]);
      // Project by project, each project's releases in feed order.
      const items = feedItems(rows, withdrawn).sort((a, b) => (a.v ?? a.w)!.project_id! - (b.v ?? b.w)!.project_id! || byFeedOrder(a, b));
      for (const r of await this.releasesOf(items)) yield r;
      after = ids[ids.length - 1]!;
    }
  }

  /** The bulk file: one release package streamed to `out` (memory stays flat). Returns the count. */
  async writeBulk(out: Writable, onProgress?: (done: number) => void): Promise<number> {
    return writePackage(out, this.packageMeta(`${this.cfg.baseUrl}/api/v1/ocds/releases/bulk.json`), 'releases', this.allReleases(), onProgress);
  }
}
