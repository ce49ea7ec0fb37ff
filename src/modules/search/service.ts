// Search rules: what is indexed when, how a query is answered within the latency budget, and how
// results are ranked and counted (docs/adr/0005-search.md).
//
// Budget at 1,000,000 documents: newest-first pages read the index in key order and stop after one
// page. Relevance ranks the newest RELEVANCE_WINDOW matches (all of them when there are fewer)
// instead of scoring a million hits (plain bm25 over 1M hits: 1.7 s, STACK.md). Counts and facets
// are exact up to COUNT_CAP hits and computed over the newest COUNT_CAP hits above it, marked
// approximate.
import { ResultCache } from './result-cache.ts';
import type { DialectName } from '../../config.ts';
import type { Db, Executor, Trx } from '../../db/index.ts';
import { AppError } from '../../domain/errors.ts';
import { listDepartments } from '../departments/service.ts';
import type { DisclosureService, PublicationEvent } from '../disclosures/service.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import { STAGE_NAMES, type Stage } from '../item-types/types.ts';
import { listProjects } from '../projects/service.ts';
import { disclosureDoc, KIND_NAMES, projectDoc, type DocKind, type IndexDoc, type Snapshot } from './documents.ts';
import { snippet, highlight, termFrequencies } from './highlight.ts';
import * as repo from './repository.ts';
import { parseQuery, type TermQuery } from './tokenizer.ts';

export const COUNT_CAP = 10_000;
export const RELEVANCE_WINDOW = 1_000;
export const MAX_PER_PAGE = 100;

export type SortOrder = 'relevance' | 'date';
export type { SearchFilter } from './repository.ts';

export interface SearchParams {
  q: string;
  sort?: SortOrder | undefined;
  page?: number | undefined;
  perPage?: number | undefined;
  filter?: repo.SearchFilter;
  facets?: boolean;
}

export interface Hit {
  key: number;
  kind: string;
  kindName: string;
  refId: number;
  url: string;
  state: 'published' | 'withdrawn';
  title: string;
  titleHtml: string;
  snippetHtml: string;
  /** Plain text opening of the body (feeds, mail). */
  summary: string;
  sector: string | null;
  sectorName: string | null;
  itemType: string | null;
  itemTypeName: string | null;
  department: string | null;
  departmentName: string | null;
  stage: string | null;
  year: number | null;
  publishedAt: string;
  updatedAt: string;
  score?: number;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}
export type FacetName = 'kind' | 'sector' | 'itemType' | 'department' | 'year' | 'stage';
export type Facets = Record<FacetName, FacetValue[]>;

export type SearchResult =
  | {
      ok: true;
      terms: string[];
      sort: SortOrder;
      page: number;
      perPage: number;
      /** Exact when `totalIsLowerBound` is false. */
      total: number;
      totalIsLowerBound: boolean;
      /** Last page that can be shown (deep paging is capped). */
      lastPage: number;
      hits: Hit[];
      facets: Facets | null;
      facetsApproximate: boolean;
      /** Relevance was computed over this many newest matches (null: over all of them). */
      relevanceWindow: number | null;
      tookMs: number;
    }
  | { ok: false; reason: string; message: string };

/** Another module's documents for `reindex`, registered in context.ts (the 黑名单). */
export interface ReindexSource {
  kind: DocKind;
  /** The next page of documents after ref id `after`, in ref-id order; empty when done. */
  page(ex: Executor, after: number, limit: number): Promise<IndexDoc[]>;
}

export class SearchService {
  readonly sources: ReindexSource[] = [];
  private departmentNames = new Map<string, string>();
  private departmentCodes = new Map<number, string>();
  private namesLoadedAt = 0;
  readonly results = new ResultCache<SearchResult>(512);

  constructor(
    private readonly db: Db,
    readonly dialect: DialectName,
    private readonly disclosures: DisclosureService,
    private readonly itemTypes: ItemTypeRegistry,
  ) {}

  // ---- indexing (inside the publication transaction) ----

  /** Publication hook: the disclosure's public snapshot replaces its index entry in the same transaction. */
  hook = async (trx: Trx, e: PublicationEvent): Promise<void> => {
    const snap = await this.disclosures.publicSnapshot(trx, e.disclosureId);
    if (snap) await this.indexSnapshot(trx, snap);
    await this.syncProjects(trx);
  };

  async indexSnapshot(ex: Executor, snap: Snapshot): Promise<void> {
    await repo.upsertDoc(ex, this.dialect, disclosureDoc(snap));
  }

  /** Any document kind (a future blacklist module calls this from its own transaction). */
  async indexDocument(ex: Executor, doc: IndexDoc): Promise<void> {
    await repo.upsertDoc(ex, this.dialect, doc);
  }

  async removeDocument(ex: Executor, kind: DocKind, refId: number): Promise<void> {
    await repo.removeDoc(ex, this.dialect, kind, refId);
  }

  /**
   * Projects have no publication hook of their own: new ones are indexed at the next publication
   * (or reindex). They are public from registration (the /projects list shows them).
   */
  async syncProjects(ex: Executor): Promise<number> {
    const max = await repo.maxRefId(ex, 'project');
    let n = 0;
    for (let offset = 0; ; offset += 200) {
      const rows = await listProjects(ex, { limit: 200, offset });
      const fresh = rows.filter((p) => p.id > max);
      if (fresh.length) await this.loadNames(ex, true);
      for (const p of fresh) {
        await repo.upsertDoc(ex, this.dialect, projectDoc(p, this.itemTypes.sectorName(p.sector), this.departmentCodes.get(p.department_id) ?? null));
        n++;
      }
      if (rows.length < 200 || fresh.length < rows.length) return n;
    }
  }

  /** Rebuilds the index from the published disclosures, all projects and the registered sources (`gongkai search reindex`). */
  async reindex(opts: { clear?: boolean; onProgress?: (done: number, total: number) => void } = {}): Promise<{ disclosures: number; projects: number; others: Partial<Record<DocKind, number>> }> {
    if (opts.clear) await this.db.transaction().execute((trx) => repo.clearAll(trx, this.dialect));
    const total = await this.disclosures.countPublic({ includeWithdrawn: true });
    let cursor: { at: string; id: number } | null = null;
    let done = 0;
    for (;;) {
      const rows = await this.disclosures.listPublicAfter({ includeWithdrawn: true }, 500, cursor);
      if (!rows.length) break;
      await this.db.transaction().execute(async (trx) => {
        for (const r of rows) {
          const snap = await this.disclosures.publicSnapshot(trx, r.id);
          if (snap) await this.indexSnapshot(trx, snap);
        }
      });
      done += rows.length;
      opts.onProgress?.(done, total);
      const last = rows[rows.length - 1]!;
      cursor = { at: last.first_published_at!, id: last.id };
    }
    const projects = await this.db.transaction().execute((trx) => this.syncProjectsAll(trx));
    const others: Partial<Record<DocKind, number>> = {};
    for (const s of this.sources) {
      others[s.kind] = 0;
      for (let after = 0; ; ) {
        const docs = await this.db.transaction().execute(async (trx) => {
          const page = await s.page(trx, after, 500);
          for (const d of page) await repo.upsertDoc(trx, this.dialect, d);
          return page;
        });
        if (!docs.length) break;
        others[s.kind]! += docs.length;
        after = docs[docs.length - 1]!.refId;
      }
    }
    await repo.optimise(this.db, this.dialect);
    return { disclosures: done, projects, others };
  }

  private async syncProjectsAll(ex: Executor): Promise<number> {
    await this.loadNames(ex, true);
    let n = 0;
    for (let offset = 0; ; offset += 500) {
      const rows = await listProjects(ex, { limit: 500, offset });
      for (const p of rows) await repo.upsertDoc(ex, this.dialect, projectDoc(p, this.itemTypes.sectorName(p.sector), this.departmentCodes.get(p.department_id) ?? null));
      n += rows.length;
      if (rows.length < 500) return n;
    }
  }

  // ---- querying ----

  private async loadNames(ex: Executor = this.db, force = false): Promise<void> {
    if (!force && Date.now() - this.namesLoadedAt < 60_000) return;
    const deps = await listDepartments(ex);
    this.departmentNames = new Map(deps.map((d) => [d.code, d.short_name]));
    this.departmentCodes = new Map(deps.map((d) => [d.id, d.code]));
    this.namesLoadedAt = Date.now();
  }

  departmentName(code: string | null): string | null {
    return code ? (this.departmentNames.get(code) ?? code) : null;
  }

  /** Deepest page reachable for a sort order (beyond it the visitor narrows the query). */
  static lastPage(sort: SortOrder, perPage: number, total: number, searching: boolean): number {
    const reachable = sort === 'relevance' && searching ? RELEVANCE_WINDOW : COUNT_CAP;
    return Math.max(1, Math.ceil(Math.min(total, reachable) / perPage));
  }

  /**
   * Results are cached per normalised request under the index version read first (search_meta):
   * the same query again – a popular search, a feed poll, the next visitor – costs one indexed read
   * until any change to the index commits, in this process or another.
   */
  async search(p: SearchParams): Promise<SearchResult> {
    const started = performance.now();
    const version = await repo.readVersion(this.db);
    const key = JSON.stringify([p.q.trim(), p.sort ?? null, p.page ?? 1, p.perPage ?? 20, p.facets !== false, p.filter ?? {}]);
    const cached = this.results.get(key, version);
    if (cached) return cached.ok ? { ...cached, tookMs: Math.round((performance.now() - started) * 10) / 10 } : cached;
    const r = await this.searchUncached(p, started);
    this.results.set(key, version, r);
    return r;
  }

  private async searchUncached(p: SearchParams, started: number): Promise<SearchResult> {
    const raw = p.q.trim();
    let parsed: { terms: string[]; queries: TermQuery[] } | null = null;
    if (raw) {
      const r = parseQuery(raw);
      if (!r.ok) return r;
      parsed = { terms: r.terms, queries: r.queries };
    }
    const filter = p.filter ?? {};
    const perPage = Math.min(MAX_PER_PAGE, Math.max(1, p.perPage ?? 20));
    const page = Math.max(1, Math.floor(p.page ?? 1));
    const sort: SortOrder = parsed ? (p.sort ?? 'relevance') : 'date';
    await this.loadNames();

    // Count and facets: over the newest COUNT_CAP + 1 matches (exact up to COUNT_CAP).
    const wantFacets = p.facets !== false;
    const tally = await repo.facetTally(this.db, this.dialect, parsed, filter, COUNT_CAP + 1);
    const capped = tally.found > COUNT_CAP;
    const total = Math.min(tally.found, COUNT_CAP);
    const lastPage = SearchService.lastPage(sort, perPage, total, parsed !== null);
    if (page > lastPage && total > 0) {
      return { ok: false, reason: 'page_out_of_range', message: `只能查看前 ${lastPage} 页结果，请增加关键词或筛选条件缩小范围` };
    }
    const offset = (page - 1) * perPage;
    let rows: repo.FullRow[];
    let relevanceWindow: number | null = null;
    const scores = new Map<number, number>();
    if (sort === 'date' || !parsed) {
      rows = await repo.matchRows(this.db, this.dialect, parsed, filter, { limit: perPage, offset, columns: 'full' });
    } else {
      const window = await repo.matchRows(this.db, this.dialect, parsed, filter, { limit: RELEVANCE_WINDOW, columns: 'full' });
      if (window.length >= RELEVANCE_WINDOW && total > RELEVANCE_WINDOW) relevanceWindow = RELEVANCE_WINDOW;
      const ranked = rank(window, parsed.terms);
      for (const r of ranked) scores.set(r.row.id, r.score);
      rows = ranked.slice(offset, offset + perPage).map((r) => r.row);
    }
    return {
      ok: true,
      terms: parsed?.terms ?? [],
      sort,
      page,
      perPage,
      total,
      totalIsLowerBound: capped,
      lastPage,
      hits: rows.map((r) => this.toHit(r, parsed?.terms ?? [], scores.get(r.id))),
      facets: wantFacets ? this.facets(tally) : null,
      facetsApproximate: capped,
      relevanceWindow,
      tookMs: Math.round((performance.now() - started) * 10) / 10,
    };
  }

  private toHit(r: repo.FullRow, terms: string[], score?: number): Hit {
    const t = r.item_type ? this.itemTypes.byCodeOrUndefined(r.item_type) : undefined;
    return {
      key: r.id,
      kind: r.kind,
      kindName: KIND_NAMES[r.kind as DocKind] ?? r.kind,
      refId: r.ref_id,
      url: r.url,
      state: r.state,
      title: r.title,
      titleHtml: highlight(r.title, terms),
      snippetHtml: snippet(r.body, terms),
      summary: r.body.replace(/\s+/g, ' ').trim().slice(0, 200),
      sector: r.sector,
      sectorName: r.sector ? this.itemTypes.sectorName(r.sector) : null,
      itemType: r.item_type,
      itemTypeName: t?.name ?? r.item_type,
      department: r.department,
      departmentName: this.departmentName(r.department),
      stage: r.stage,
      year: r.year,
      publishedAt: r.published_at,
      updatedAt: r.updated_at,
      ...(score !== undefined ? { score: Math.round(score * 1000) / 1000 } : {}),
    };
  }

  private facets(t: repo.FacetTally): Facets {
    const count = (k: repo.FacetKey) => [...t.counts[k].entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return {
      kind: count('kind').map(([value, n]) => ({ value, label: KIND_NAMES[value as DocKind] ?? value, count: n })),
      sector: count('sector').map(([value, n]) => ({ value, label: this.itemTypes.sectorName(value), count: n })),
      itemType: count('item_type').map(([value, n]) => ({ value, label: this.itemTypes.byCodeOrUndefined(value)?.name ?? value, count: n })),
      department: count('department').map(([value, n]) => ({ value, label: this.departmentName(value) ?? value, count: n })),
      year: count('year').sort((a, b) => Number(b[0]) - Number(a[0])).map(([value, n]) => ({ value, label: `${value}年`, count: n })),
      stage: count('stage').map(([value, n]) => ({ value, label: STAGE_NAMES[value as Stage] ?? value, count: n })),
    };
  }

  /** Newest documents for feeds and digests (no query parsing errors: callers pass parsed input). */
  async latest(filter: repo.SearchFilter, q: string, limit: number): Promise<Hit[]> {
    const r = await this.search({ q, sort: 'date', perPage: limit, filter, facets: false });
    if (!r.ok) throw new AppError(400, r.reason, r.message);
    return r.hits;
  }

  countIndexed(): Promise<number> {
    return repo.countDocs(this.db);
  }
}

/**
 * BM25-style scoring of a candidate window: title matches weigh three times body matches, term
 * frequency saturates (k1 = 1.2, b = 0.75 over body length), longer terms weigh more (a proxy for
 * rarity, as every candidate contains every term), and a small recency prior breaks ties.
 */
export function rank(rows: repo.FullRow[], terms: string[]): { row: repo.FullRow; score: number }[] {
  if (!rows.length) return [];
  const k1 = 1.2;
  const b = 0.75;
  const avg = rows.reduce((s, r) => s + r.body.length, 0) / rows.length || 1;
  const weights = terms.map((t) => Math.min(4, [...t].length));
  const scored = rows.map((row, i) => {
    const tfTitle = termFrequencies(row.title, terms);
    const tfBody = termFrequencies(row.body, terms);
    const norm = 1 - b + (b * row.body.length) / avg;
    let score = 0;
    terms.forEach((_, k) => {
      const sat = (tf: number, n: number) => (tf * (k1 + 1)) / (tf + k1 * n);
      score += weights[k]! * (3 * sat(tfTitle[k]!, 1) + sat(tfBody[k]!, norm));
    });
    score += 0.5 * (1 - i / rows.length) + (row.state === 'withdrawn' ? -1 : 0);
    return { row, score };
  });
  return scored.sort((x, y) => y.score - x.score || y.row.id - x.row.id);
}
