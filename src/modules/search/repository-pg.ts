// PostgreSQL: the newest N matches of a query, planned per query from the density of matches in
// the newest documents (docs/adr/0009-search-postgres-plans.md).
//
// GIN answers "which rows contain these bigrams" but keeps no order and no positions, so PostgreSQL
// has two ways to find the newest N matches and its planner often picks the wrong one: its
// estimates for bigram phrases were off by 27× (607 rows estimated, 16,548 found at 100,000
// documents), giving 1.25 s for a rare word (walking the whole primary key) and 4–5 s for a
// common phrase (bitmap-checking 400,000 rows) at 1,000,000 documents.
//   walk:   read the primary key newest-first and check each row, stop after N matches –
//           ≈ 2 µs × N / density (rows are inline since migration 0018);
//   bitmap: build the GIN bitmap of rows holding every bigram, check each candidate, keep the
//           newest N – ≈ 3.5 µs × candidates, however few of them are wanted.
// So we measure instead of estimating: walk the newest WINDOW documents first (all that a date
// sorted page of a common word ever needs), and from the density found there pick, for the rest of
// the table, whichever of the two costs less, walking in growing windows while walking stays
// cheaper. The choice is forced with transaction-local planner settings.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/index.ts';

/** Newest documents every search walks first; also the first density sample. */
export const FIRST_WINDOW = 2_000;
/** Relative cost per row of the two plans (µs, measured at 1,000,000 documents). */
const WALK_ROW_US = 2;
const BITMAP_ROW_US = 3.5;

export interface PgPlanStep {
  plan: 'walk' | 'bitmap';
  /** Rows of the table the step covered (walk; estimated after the first) or null (bitmap: the rest). */
  window: number | null;
  found: number;
}

type Row = Record<string, unknown> & { id: number | string };

const any = (ex: Executor) => ex as unknown as Kysely<any>;

/**
 * Runs `fn` with the planner forced to one plan. The settings are transaction-local; inside a
 * caller's transaction they are confined to a savepoint that is rolled back (fn only reads).
 */
async function forced<T>(ex: Executor, plan: 'walk' | 'bitmap', fn: (ex: Executor) => Promise<T>): Promise<T> {
  const set = (trx: Executor) =>
    plan === 'walk'
      ? sql`SELECT set_config('enable_bitmapscan', 'off', true), set_config('enable_seqscan', 'off', true)`.execute(trx)
      : sql`SELECT set_config('enable_indexscan', 'off', true), set_config('enable_seqscan', 'off', true), set_config('work_mem', '64MB', true)`.execute(trx);
  if (ex.isTransaction) {
    await sql`SAVEPOINT gk_search_plan`.execute(ex);
    try {
      await set(ex);
      return await fn(ex);
    } finally {
      await sql`ROLLBACK TO SAVEPOINT gk_search_plan`.execute(ex);
      await sql`RELEASE SAVEPOINT gk_search_plan`.execute(ex);
    }
  }
  return any(ex)
    .transaction()
    .execute(async (trx) => {
      await set(trx as unknown as Executor);
      return fn(trx as unknown as Executor);
    });
}

/** Key of the `n`-th newest (or, `oldest`, the oldest) document passing the filter; null: none. */
async function keyAt(ex: Executor, where: RawBuilder<unknown>[], n: number, oldest = false): Promise<number | null> {
  const r = await sql<{ id: number | string }>`SELECT d.id FROM search_docs d ${where.length ? sql`WHERE ${sql.join(where, sql` AND `)}` : sql``} ORDER BY d.id ${sql.raw(oldest ? 'ASC' : 'DESC')} OFFSET ${n - 1} LIMIT 1`.execute(ex);
  return r.rows[0] ? Number(r.rows[0].id) : null;
}

/** One step's fetch: the newest `n` matches within `range` (extra conditions), under a forced plan. */
type Fetch<T> = (trx: Executor, range: RawBuilder<unknown>[], n: number) => Promise<{ part: T; found: number }>;

/**
 * Runs `fetch` over the table newest-first until `want` matches are found or the table is
 * exhausted, choosing walk or bitmap per step from the density measured so far. Returns the parts
 * in key order (newest first).
 */
async function planned<T>(ex: Executor, filters: RawBuilder<unknown>[], want: number, fetch: Fetch<T>, steps?: PgPlanStep[]): Promise<T[]> {
  const parts: T[] = [];
  let found = 0;
  const step = async (plan: 'walk' | 'bitmap', range: RawBuilder<unknown>[], window: number | null) => {
    const r = await forced(ex, plan, (trx) => fetch(trx, range, want - found));
    parts.push(r.part);
    found += r.found;
    steps?.push({ plan, window, found: r.found });
  };
  // Window 1 is the newest FIRST_WINDOW documents by count. Later windows are measured in key
  // space (keys are publication times), each four times the span of the one before, so their
  // bounds need no counting scan; their row counts are estimated from window 1's key span.
  const lo1 = await keyAt(ex, filters, FIRST_WINDOW);
  await step('walk', lo1 === null ? [] : [sql`d.id >= ${lo1}`], FIRST_WINDOW);
  if (found >= want || lo1 === null) return parts;

  const top = (await keyAt(ex, filters, 1))!;
  const bottom = (await keyAt(ex, filters, 1, true))!;
  const rowsPerKey = FIRST_WINDOW / Math.max(1, top - lo1);
  let below = lo1; // exclusive upper key of the part not yet covered
  let walked = FIRST_WINDOW;
  let span = Math.max(1, top - lo1);
  for (;;) {
    // Density so far (a found-nothing sample counts as half a match, so it is never zero).
    const density = Math.max(found, 0.5) / walked;
    const rest = Math.max(1, (below - bottom) * rowsPerKey);
    if (BITMAP_ROW_US * density * rest < (WALK_ROW_US * (want - found)) / density) {
      await step('bitmap', [sql`d.id < ${below}`], null);
      return parts;
    }
    span *= 4;
    const lo = below - span > bottom ? below - span : null;
    const windowRows = Math.round((lo === null ? below - bottom : span) * rowsPerKey);
    await step('walk', [sql`d.id < ${below}`, ...(lo === null ? [] : [sql`d.id >= ${lo}`])], windowRows);
    if (found >= want || lo === null) return parts;
    walked += windowRows;
    below = lo;
  }
}

const where = (match: RawBuilder<unknown>, filters: RawBuilder<unknown>[], range: RawBuilder<unknown>[]) => sql.join([match, ...filters, ...range], sql` AND `);

/**
 * The newest `limit` rows (after `offset`) matching `match` and `filters`, newest first.
 * `steps` (optional) receives the plan taken, for EXPLAIN-like reporting in benchmarks.
 */
export async function newestMatches(ex: Executor, cols: RawBuilder<unknown>, match: RawBuilder<unknown>, filters: RawBuilder<unknown>[], limit: number, offset: number, steps?: PgPlanStep[]): Promise<Row[]> {
  const parts = await planned<Row[]>(
    ex,
    filters,
    limit + offset,
    async (trx, range, n) => {
      const r = await sql<Row>`SELECT ${cols} FROM search_docs d WHERE ${where(match, filters, range)} ORDER BY d.id DESC LIMIT ${n}`.execute(trx);
      return { part: r.rows, found: r.rows.length };
    },
    steps,
  );
  const out: Row[] = [];
  for (const p of parts) for (const r of p) out.push(r);
  return out.slice(offset, offset + limit);
}

export const FACET_KEYS = ['kind', 'sector', 'item_type', 'department', 'year', 'stage'] as const;
export type FacetKey = (typeof FACET_KEYS)[number];
export type FacetTally = { found: number; counts: Record<FacetKey, Map<string, number>> };

export function emptyTally(): FacetTally {
  return { found: 0, counts: { kind: new Map(), sector: new Map(), item_type: new Map(), department: new Map(), year: new Map(), stage: new Map() } };
}

/**
 * Facet counts over the newest `cap` matches, aggregated in the database: ten thousand rows never
 * cross the wire or sit in the web process's memory, only some fifty (value, count) pairs.
 * GROUPING() tells which facet a row counts (a NULL value is otherwise ambiguous).
 */
export async function newestFacetTally(ex: Executor, match: RawBuilder<unknown> | null, filters: RawBuilder<unknown>[], cap: number, steps?: PgPlanStep[]): Promise<FacetTally> {
  const fetch: Fetch<FacetTally> = async (trx, range, n) => {
    const w = match ? where(match, filters, range) : sql.join([sql`TRUE`, ...filters, ...range], sql` AND `);
    const r = await sql<Record<FacetKey, string | number | null> & { g: number; n: number }>`
      WITH m AS (SELECT d.kind, d.sector, d.item_type, d.department, d.year, d.stage FROM search_docs d WHERE ${w} ORDER BY d.id DESC LIMIT ${n})
      SELECT kind, sector, item_type, department, year, stage,
             GROUPING(kind, sector, item_type, department, year, stage) AS g, count(*)::int AS n
      FROM m GROUP BY GROUPING SETS ((kind), (sector), (item_type), (department), (year), (stage), ())`.execute(trx);
    const t = emptyTally();
    for (const row of r.rows) {
      const g = Number(row.g);
      if (g === 63) {
        t.found = Number(row.n);
        continue;
      }
      // GROUPING's bit for a column is set when the column is NOT grouped; exactly one is grouped.
      const i = FACET_KEYS.findIndex((_, k) => (g & (1 << (5 - k))) === 0);
      const v = row[FACET_KEYS[i]!];
      if (v !== null && v !== undefined) t.counts[FACET_KEYS[i]!].set(String(v), Number(row.n));
    }
    return { part: t, found: t.found };
  };
  const parts = match ? await planned(ex, filters, cap, fetch, steps) : [(await fetch(ex, [], cap)).part];
  const total = emptyTally();
  for (const p of parts) {
    total.found += p.found;
    for (const k of FACET_KEYS) for (const [v, n] of p.counts[k]) total.counts[k].set(v, (total.counts[k].get(v) ?? 0) + n);
  }
  return total;
}
