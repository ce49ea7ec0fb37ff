// All SQL of the search index, for both dialects. The two engines receive the same tokens from
// tokenizer.ts: FTS5 as space-separated token strings (contentless table, rowid = sort key),
// PostgreSQL as a tsvector literal (GIN index). Results are always read newest-first in key order.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DialectName } from '../../config.ts';
import type { Executor } from '../../db/index.ts';
import { chinaYear, type IndexDoc } from './documents.ts';
import { emptyTally, FACET_KEYS, newestFacetTally, newestMatches, type FacetTally, type PgPlanStep } from './repository-pg.ts';

export type { FacetTally, FacetKey } from './repository-pg.ts';
import { fts5Match, normalisedString, textTokens, tsqueryAllTokens, tsqueryLiteral, tsvectorLiteral, type TermQuery } from './tokenizer.ts';

export interface SearchFilter {
  kind?: string | undefined;
  sector?: string | undefined;
  itemType?: string | undefined;
  department?: string | undefined;
  projectId?: number | undefined;
  year?: number | undefined;
  stage?: string | undefined;
  state?: 'published' | 'withdrawn' | undefined;
  /** Only documents first published after this key (digests). */
  afterKey?: number | undefined;
}

export const FACET_COLUMNS = ['id', 'kind', 'state', 'sector', 'item_type', 'department', 'year', 'stage'] as const;
export const FULL_COLUMNS = [...FACET_COLUMNS, 'ref_id', 'title', 'body', 'url', 'project_id', 'published_at', 'updated_at'] as const;

export interface FacetRow {
  id: number;
  kind: string;
  state: 'published' | 'withdrawn';
  sector: string | null;
  item_type: string | null;
  department: string | null;
  year: number | null;
  stage: string | null;
}
export interface FullRow extends FacetRow {
  ref_id: number;
  title: string;
  body: string;
  url: string;
  project_id: number | null;
  published_at: string;
  updated_at: string;
}

/** Sort key: first publication in ms × 1024 plus a tie-breaker (< 2^53 until the year 2255). */
export function baseKey(publishedAt: string, refId: number): number {
  const ms = Date.parse(publishedAt);
  return (Number.isNaN(ms) ? 0 : Math.max(0, ms)) * 1024 + (refId % 1024);
}

export function keyAfter(iso: string): number {
  return Math.max(0, Date.parse(iso)) * 1024 + 1023;
}

const any = (ex: Executor) => ex as unknown as Kysely<any>;

function ftsStrings(doc: Pick<IndexDoc, 'title' | 'body'>) {
  return { title: textTokens(doc.title).join(' '), body: textTokens(doc.body).join(' ') };
}

function pgTsv(doc: Pick<IndexDoc, 'title' | 'body'>) {
  const t = tsvectorLiteral(textTokens(doc.title), textTokens(doc.body));
  return { tsv: sql`${t.literal}::tsvector`, lossy: t.lossy, norm: t.lossy ? `${normalisedString(doc.title)}\n${normalisedString(doc.body)}` : null };
}

function row(doc: IndexDoc) {
  return {
    kind: doc.kind,
    ref_id: doc.refId,
    state: doc.state,
    title: doc.title,
    body: doc.body,
    url: doc.url,
    sector: doc.sector,
    item_type: doc.itemType,
    department: doc.department,
    project_id: doc.projectId,
    stage: doc.stage,
    year: chinaYear(doc.publishedAt),
    published_at: doc.publishedAt,
    updated_at: doc.updatedAt,
  };
}

/**
 * Raised in the transaction of every index change (below): result caches keyed by the version read
 * before a search stay valid exactly until a change commits, in every process.
 */
export async function bumpVersion(ex: Executor): Promise<void> {
  await ex.updateTable('search_meta').set((eb) => ({ version: eb('version', '+', 1) })).where('id', '=', 1).execute();
}

export async function readVersion(ex: Executor): Promise<number> {
  const r = await ex.selectFrom('search_meta').select('version').where('id', '=', 1).executeTakeFirst();
  return Number(r?.version ?? 0);
}

/** Inserts or replaces one document; its key never changes once assigned. */
export async function upsertDoc(ex: Executor, dialect: DialectName, doc: IndexDoc): Promise<number> {
  await bumpVersion(ex);
  const existing = await ex.selectFrom('search_docs').select('id').where('kind', '=', doc.kind).where('ref_id', '=', doc.refId).executeTakeFirst();
  let key = existing?.id;
  if (key === undefined) {
    key = baseKey(doc.publishedAt, doc.refId);
    while (await ex.selectFrom('search_docs').select('id').where('id', '=', key).executeTakeFirst()) key++;
  }
  if (dialect === 'postgres') {
    const values = { id: key, ...row(doc), ...pgTsv(doc) };
    if (existing) await any(ex).updateTable('search_docs').set(values).where('id', '=', key).execute();
    else await any(ex).insertInto('search_docs').values(values).execute();
  } else {
    if (existing) {
      await ex.updateTable('search_docs').set(row(doc)).where('id', '=', key).execute();
      await sql`DELETE FROM search_fts WHERE rowid = ${key}`.execute(ex);
    } else {
      await ex.insertInto('search_docs').values({ id: key, ...row(doc) }).execute();
    }
    const f = ftsStrings(doc);
    await sql`INSERT INTO search_fts (rowid, title, body) VALUES (${key}, ${f.title}, ${f.body})`.execute(ex);
  }
  return key;
}

/** Bulk load of new documents with precomputed unique keys (reindex from empty, benchmark). */
export async function insertMany(ex: Executor, dialect: DialectName, docs: { key: number; doc: IndexDoc }[]): Promise<void> {
  if (!docs.length) return;
  await bumpVersion(ex);
  if (dialect === 'postgres') {
    await any(ex).insertInto('search_docs').values(docs.map(({ key, doc }) => ({ id: key, ...row(doc), ...pgTsv(doc) }))).execute();
    return;
  }
  await ex.insertInto('search_docs').values(docs.map(({ key, doc }) => ({ id: key, ...row(doc) }))).execute();
  const tuples = docs.map(({ key, doc }) => {
    const f = ftsStrings(doc);
    return sql`(${key}, ${f.title}, ${f.body})`;
  });
  await sql`INSERT INTO search_fts (rowid, title, body) VALUES ${sql.join(tuples)}`.execute(ex);
}

export async function removeDoc(ex: Executor, dialect: DialectName, kind: string, refId: number): Promise<void> {
  const existing = await ex.selectFrom('search_docs').select('id').where('kind', '=', kind).where('ref_id', '=', refId).executeTakeFirst();
  if (!existing) return;
  await bumpVersion(ex);
  if (dialect === 'sqlite') await sql`DELETE FROM search_fts WHERE rowid = ${existing.id}`.execute(ex);
  await ex.deleteFrom('search_docs').where('id', '=', existing.id).execute();
}

export async function clearAll(ex: Executor, dialect: DialectName): Promise<void> {
  await bumpVersion(ex);
  if (dialect === 'sqlite') await sql`INSERT INTO search_fts (search_fts) VALUES ('delete-all')`.execute(ex);
  await ex.deleteFrom('search_docs').execute();
}

/** Merges FTS5 segments after a bulk load; ANALYZE so PostgreSQL's planner knows the bigrams. */
export async function optimise(ex: Executor, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') await sql`INSERT INTO search_fts (search_fts) VALUES ('optimize')`.execute(ex);
  else await sql`ANALYZE search_docs`.execute(ex);
}

function filterSql(f: SearchFilter): RawBuilder<unknown>[] {
  const w: RawBuilder<unknown>[] = [];
  if (f.kind) w.push(sql`d.kind = ${f.kind}`);
  if (f.sector) w.push(sql`d.sector = ${f.sector}`);
  if (f.itemType) w.push(sql`d.item_type = ${f.itemType}`);
  if (f.department) w.push(sql`d.department = ${f.department}`);
  if (f.projectId !== undefined) w.push(sql`d.project_id = ${f.projectId}`);
  if (f.year !== undefined) w.push(sql`d.year = ${f.year}`);
  if (f.stage) w.push(sql`d.stage = ${f.stage}`);
  if (f.state) w.push(sql`d.state = ${f.state}`);
  if (f.afterKey !== undefined) w.push(sql`d.id > ${f.afterKey}`);
  return w;
}

function pgMatch(queries: TermQuery[], terms: string[]): RawBuilder<unknown> {
  const exact = tsqueryLiteral(queries);
  const loose = tsqueryAllTokens(queries);
  const verify = terms.map((t) => sql`strpos(d.norm, ${t}) > 0`);
  return sql`((NOT d.lossy AND d.tsv @@ ${exact}::tsquery) OR (d.lossy AND d.tsv @@ ${loose}::tsquery AND ${sql.join(verify, sql` AND `)}))`;
}

/**
 * Matching documents newest first. `terms`/`queries` null lists everything the filter selects.
 * SQLite drives the query from FTS5 in descending rowid order, so LIMIT stops the scan early;
 * PostgreSQL plans each query from the density of matches it finds (repository-pg.ts).
 */
export async function matchRows<C extends 'facet' | 'full'>(
  ex: Executor,
  dialect: DialectName,
  search: { terms: string[]; queries: TermQuery[] } | null,
  f: SearchFilter,
  opts: { limit: number; offset?: number; columns: C; steps?: PgPlanStep[] },
): Promise<C extends 'full' ? FullRow[] : FacetRow[]> {
  if (dialect === 'postgres' && search) {
    const cols = sql.join((opts.columns === 'full' ? FULL_COLUMNS : FACET_COLUMNS).map((c) => sql.ref(`d.${c}`)));
    return (await newestMatches(ex, cols, pgMatch(search.queries, search.terms), filterSql(f), opts.limit, opts.offset ?? 0, opts.steps)) as never;
  }
  const r = await matchSql(dialect, search, f, opts).execute(ex);
  return r.rows as never;
}

/**
 * How many of the newest `cap` matches there are, with counts per facet value among them.
 * PostgreSQL aggregates in the database; SQLite reads the facet columns in-process (FTS5 rows
 * cost microseconds there, and it has no GROUPING SETS).
 */
export async function facetTally(ex: Executor, dialect: DialectName, search: { terms: string[]; queries: TermQuery[] } | null, f: SearchFilter, cap: number, steps?: PgPlanStep[]): Promise<FacetTally> {
  if (dialect === 'postgres') return newestFacetTally(ex, search ? pgMatch(search.queries, search.terms) : null, filterSql(f), cap, steps);
  const rows = await matchRows(ex, dialect, search, f, { limit: cap, columns: 'facet' });
  const t = emptyTally();
  t.found = rows.length;
  for (const r of rows) {
    for (const k of FACET_KEYS) {
      const v = r[k];
      if (v !== null && v !== undefined) t.counts[k].set(String(v), (t.counts[k].get(String(v)) ?? 0) + 1);
    }
  }
  return t;
}

/** The statement matchRows runs on SQLite, and on PostgreSQL without a query (EXPLAIN in benchmarks). */
export function matchSql(dialect: DialectName, search: { terms: string[]; queries: TermQuery[] } | null, f: SearchFilter, opts: { limit: number; offset?: number; columns: 'facet' | 'full' }): RawBuilder<unknown> {
  const cols = sql.join((opts.columns === 'full' ? FULL_COLUMNS : FACET_COLUMNS).map((c) => sql.ref(`d.${c}`)));
  const where = filterSql(f);
  const offset = opts.offset ?? 0;
  let q: RawBuilder<unknown>;
  if (!search) {
    q = sql`SELECT ${cols} FROM search_docs d ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``} ORDER BY d.id DESC LIMIT ${opts.limit} OFFSET ${offset}`;
  } else if (dialect === 'sqlite') {
    const m = fts5Match(search.queries);
    q = sql`SELECT ${cols} FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid WHERE search_fts MATCH ${m}${where.length ? sql` AND ${sql.join(where, sql` AND `)}` : sql``} ORDER BY search_fts.rowid DESC LIMIT ${opts.limit} OFFSET ${offset}`;
  } else {
    q = sql`SELECT ${cols} FROM search_docs d WHERE ${pgMatch(search.queries, search.terms)}${where.length ? sql` AND ${sql.join(where, sql` AND `)}` : sql``} ORDER BY d.id DESC LIMIT ${opts.limit} OFFSET ${offset}`;
  }
  return q;
}

export async function countDocs(ex: Executor): Promise<number> {
  const r = await ex.selectFrom('search_docs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function maxRefId(ex: Executor, kind: string): Promise<number> {
  const r = await ex.selectFrom('search_docs').select((eb) => eb.fn.max('ref_id').as('m')).where('kind', '=', kind).executeTakeFirst();
  return Number(r?.m ?? 0);
}

export function findByRef(ex: Executor, kind: string, refId: number) {
  return ex.selectFrom('search_docs').select(['id', 'state', 'title', 'updated_at']).where('kind', '=', kind).where('ref_id', '=', refId).executeTakeFirst();
}
