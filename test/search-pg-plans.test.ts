// PostgreSQL's adaptive plan for "the newest N matches" (src/modules/search/repository-pg.ts): walk
// the newest documents first, then walk in growing windows or switch to the GIN bitmap, whichever the
// density found says is cheaper. Whatever it picks, the rows must be exactly the newest N matches
// in key order, also inside a caller's transaction (whose planner settings must be left alone).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestEnv, type TestEnv } from './helpers/context.ts';
import * as repo from '../src/modules/search/repository.ts';
import type { PgPlanStep } from '../src/modules/search/repository-pg.ts';
import { FIRST_WINDOW } from '../src/modules/search/repository-pg.ts';
import { parseQuery } from '../src/modules/search/tokenizer.ts';
import type { IndexDoc } from '../src/modules/search/documents.ts';
import type { Db } from '../src/db/index.ts';

const pg = process.env.DATABASE_URL?.startsWith('postgres');
const N = FIRST_WINDOW * 3;

let env: TestEnv;
let db: Db;
before(async () => {
  if (!pg) return;
  env = await createTestEnv();
  db = env.ctx.database.db;
  // Densities chosen to drive each branch: 稠密 in every 2nd document, 新词 only in the newest
  // 500 (dense first window, then nothing), 稀有 in 7 documents spread over the table, 中频 in every
  // 40th, and the phrase 危房改造 next to documents holding all its bigrams apart (房改 … 危房 … 改造).
  const docs: { key: number; doc: IndexDoc }[] = [];
  for (let i = 0; i < N; i++) {
    const words = ['公告'];
    if (i % 2 === 0) words.push('稠密');
    if (i >= N - 500) words.push('新词');
    if (i % 857 === 3) words.push('稀有');
    if (i % 40 === 0) words.push('中频', '危房改造');
    if (i % 40 === 20) words.push('房改', '危房', '改造');
    const at = new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString();
    docs.push({ key: repo.baseKey(at, i + 1), doc: { kind: 'blacklist', refId: 700_000 + i, state: 'published', title: `第${i}号`, body: words.join('，'), url: `/x/${i}`, sector: i % 7 === 0 ? null : i % 3 === 0 ? 'housing' : 'procurement', itemType: i % 5 === 0 ? 'gp-notice' : null, department: i % 2 ? 'zjj' : 'czj', projectId: null, stage: i % 11 === 0 ? 'result' : null, publishedAt: at, updatedAt: at } });
  }
  for (let i = 0; i < docs.length; i += 500) await repo.insertMany(db, 'postgres', docs.slice(i, i + 500));
  await sql`ANALYZE search_docs`.execute(db);
});
after(async () => env?.close());

async function truth(q: string, filter: repo.SearchFilter): Promise<number[]> {
  const p = parseQuery(q);
  assert.ok(p.ok, `${q} parses`);
  const words = p.terms.map((t) => sql`strpos(body, ${t}) > 0`);
  const extra = filter.sector ? [sql`sector = ${filter.sector}`] : [];
  const r = await sql<{ id: string }>`SELECT id FROM search_docs WHERE kind = 'blacklist' AND ${sql.join([...words, ...extra], sql` AND `)} ORDER BY id DESC`.execute(db);
  return r.rows.map((x) => Number(x.id));
}

async function got(q: string, filter: repo.SearchFilter, limit: number, offset = 0, ex: typeof db = db) {
  const p = parseQuery(q);
  assert.ok(p.ok, `${q} parses`);
  const steps: PgPlanStep[] = [];
  const rows = await repo.matchRows(ex, 'postgres', { terms: p.terms, queries: p.queries }, { kind: 'blacklist', ...filter }, { limit, offset, columns: 'facet', steps });
  return { ids: rows.map((r) => Number(r.id)), plans: steps.map((s) => s.plan) };
}

describe('PostgreSQL adaptive plans', { skip: pg ? false : 'PostgreSQL only' }, () => {
  const cases: [label: string, q: string, filter: repo.SearchFilter, limit: number, offset: number, expectPlan: 'walk' | 'bitmap'][] = [
    ['dense word, one page: first window only', '稠密', {}, 20, 0, 'walk'],
    ['dense word, all of it: growing walk windows', '稠密', {}, 5000, 0, 'walk'],
    ['dense word with an offset', '稠密', {}, 20, 1990, 'walk'],
    ['dense only among the newest: walking on is cheaper than a bitmap of the rest', '新词', {}, 600, 0, 'walk'],
    ['rare word: bitmap after the first window', '稀有', {}, 20, 0, 'bitmap'],
    ['medium word', '中频', {}, 100, 0, 'bitmap'],
    ['phrase with decoys holding its bigrams apart', '危房改造', {}, 1000, 0, 'bitmap'],
    ['AND of two words with a filter (the window counts filtered documents only)', '稠密 中频', { sector: 'housing' }, 50, 0, 'walk'],
    ['no match at all', '不存在的词', {}, 20, 0, 'bitmap'],
  ];
  for (const [label, q, filter, limit, offset, plan] of cases) {
    test(label, async () => {
      const want = (await truth(q, filter)).slice(offset, offset + limit);
      const r = await got(q, filter, limit, offset);
      assert.deepEqual(r.ids, want, `${q}: exactly the newest ${limit} matches after ${offset}`);
      assert.ok(r.plans.includes(plan), `${q}: plans ${r.plans.join(',')} include ${plan}`);
    });
  }

  for (const [q, cap] of [['稠密', 10_001], ['稠密', 700], ['中频', 10_001], ['稀有', 5], ['危房改造', 50]] as const) {
    test(`facet tally of ${q} (cap ${cap}) equals counting the newest rows`, async () => {
      const p = parseQuery(q);
      assert.ok(p.ok, `${q} parses`);
      const search = { terms: p.terms, queries: p.queries };
      const steps: PgPlanStep[] = [];
      const tally = await repo.facetTally(db, 'postgres', search, { kind: 'blacklist' }, cap, steps);
      const rows = await repo.matchRows(db, 'postgres', search, { kind: 'blacklist' }, { limit: cap, columns: 'facet' });
      assert.equal(tally.found, rows.length, 'found = number of newest matches up to the cap');
      for (const k of ['kind', 'sector', 'item_type', 'department', 'year', 'stage'] as const) {
        const want = new Map<string, number>();
        for (const r of rows) if (r[k] !== null) want.set(String(r[k]), (want.get(String(r[k])) ?? 0) + 1);
        assert.deepEqual(new Map([...tally.counts[k]].sort()), new Map([...want].sort()), `${k} counts (NULL values are not a facet value)`);
      }
      assert.ok(steps.length >= 1, 'the tally went through the planner');
    });
  }

  test('inside a caller transaction: same rows, planner settings untouched, transaction usable', async () => {
    const want = (await truth('稀有', {})).slice(0, 20);
    await db.transaction().execute(async (trx) => {
      const r = await got('稀有', {}, 20, 0, trx as unknown as Db);
      assert.deepEqual(r.ids, want, 'same rows inside a transaction');
      const s = await sql<{ b: string; i: string; w: string }>`SELECT current_setting('enable_bitmapscan') AS b, current_setting('enable_indexscan') AS i, current_setting('work_mem') AS w`.execute(trx);
      assert.deepEqual(s.rows[0], { b: 'on', i: 'on', w: '4MB' }, 'planner settings restored');
      const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_docs`.execute(trx);
      assert.ok(n.rows[0]!.n >= N, 'the transaction still works after the savepoint');
    });
  });
});
