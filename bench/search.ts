// Search benchmark (issue 5): BENCH_SEARCH_DOCS synthetic disclosures (default 1,000,000) on SQLite
// and PostgreSQL: load/index rate, query latency p50/p95 by query kind and sort, facets, recall and
// precision against a LIKE scan, HTTP throughput (autocannon, 50 connections) next to a bare
// node:http server returning a page of the same size, and RSS of the web process.
// Run: `npm run bench:search` (PostgreSQL from BENCH_POSTGRES_URL or a postgres DATABASE_URL).
// BENCH_SEARCH_ONLY=sqlite|postgres measures one database; BENCH_SEARCH_DIR keeps the dataset.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { createContext, type AppContext } from '../src/context.ts';
import { dropSchema } from '../src/db/index.ts';
import * as repo from '../src/modules/search/repository.ts';
import { RELEVANCE_WINDOW, COUNT_CAP, rank } from '../src/modules/search/service.ts';
import { parseQuery } from '../src/modules/search/tokenizer.ts';
import { generate, type GenDoc } from './_search-data.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const N = Number(process.env.BENCH_SEARCH_DOCS ?? 1_000_000);
const PG_URL = process.env.BENCH_POSTGRES_URL ?? (process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : undefined);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const REPS = 30;
// A kept dataset (BENCH_SEARCH_DIR): loaded once, reused by later runs of the query and HTTP parts
// while a design is iterated on; its load figures are those of the run that loaded it, dated.
const KEEP_DIR = process.env.BENCH_SEARCH_DIR;

interface LoadStats {
  n: number;
  loadS: number;
  tableMs: number;
  indexMs: number;
  finishMs: number;
  measuredAt: string;
}

const ms = () => Number(process.hrtime.bigint()) / 1e6;
const q = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))]!;
const f1 = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));

async function timed(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn();
  const t: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const s = ms();
    await fn();
    t.push(ms() - s);
  }
  return { p50: q(t, 0.5), p95: q(t, 0.95) };
}

export async function load(ctx: AppContext, docs: Generator<GenDoc>, total: number) {
  const { db } = ctx.database;
  const dialect = ctx.database.dialect;
  const at = '2024-01-01T00:00:00.000Z';
  const dep = await db.insertInto('departments').values({ code: 'zjj', name: '韶关市浈江区住房和城乡建设局', short_name: '住建局', kind: 'bureau', credit_code: null, parent_id: null, address: null, phone: null, guide: '', sort: 0, created_at: at }).returning('id').executeTakeFirstOrThrow();
  const user = await db.insertInto('users').values({ username: 'bench', display_name: 'bench', email: null, password_hash: 'x', disabled: 0, created_at: at }).returning('id').executeTakeFirstOrThrow();
  const types = ctx.itemTypes.active();
  if (dialect === 'postgres') await sql`DROP INDEX search_docs_tsv`.execute(db);
  let batch: GenDoc[] = [];
  let loaded = 0;
  let indexMs = 0;
  let tableMs = 0;
  const flush = async () => {
    const t0 = ms();
    await db.transaction().execute(async (trx) => {
      const rows = batch.map((d) => ({ item_type_id: types[d.typeIndex % types.length]!.id, department_id: dep.id, project_id: null, state: 'published' as const, title: d.title, body: d.body, fields: '{}', formed_date: d.publishedAt.slice(0, 10), due_date: null, due_rule: null, created_by: user.id, created_at: d.publishedAt, updated_at: d.publishedAt, first_published_at: d.publishedAt, last_published_at: d.publishedAt, version: 1, pending_reason: null }));
      const ids = await trx.insertInto('disclosures').values(rows).returning('id').execute();
      await trx.insertInto('disclosure_versions').values(batch.map((d, i) => ({ disclosure_id: ids[i]!.id, version: 1, title: d.title, body: d.body, body_html: `<p>${d.body}</p>`, fields: '{}', formed_date: d.publishedAt.slice(0, 10), attachments: '[]', change_reason: null, published_at: d.publishedAt, published_by: user.id, due_date: null }))).execute();
      const t1 = ms();
      tableMs += t1 - t0;
      await repo.insertMany(trx, dialect, batch.map((d, i) => {
        const t = types[d.typeIndex % types.length]!;
        return { key: repo.baseKey(d.publishedAt, ids[i]!.id), doc: { kind: 'disclosure' as const, refId: ids[i]!.id, state: 'published' as const, title: d.title, body: `${d.body}\n住建局\n${t.name}`, url: `/disclosures/${ids[i]!.id}`, sector: t.sector, itemType: t.code, department: 'zjj', projectId: null, stage: t.stage, publishedAt: d.publishedAt, updatedAt: d.publishedAt } };
      }));
      indexMs += ms() - t1;
    });
    loaded += batch.length;
    batch = [];
    if (loaded % 100_000 === 0) process.stderr.write(`  ${dialect}: ${loaded}/${total}\n`);
  };
  for (const d of docs) {
    batch.push(d);
    if (batch.length === 500) await flush();
  }
  if (batch.length) await flush();
  const t2 = ms();
  if (dialect === 'postgres') await sql`CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv)`.execute(db);
  await repo.optimise(db, dialect);
  if (dialect === 'postgres') await sql`ANALYZE`.execute(db);
  return { tableMs, indexMs, finishMs: ms() - t2 };
}

const QUERIES: [kind: string, q: string][] = [
  ['one word, in most documents', '采购'],
  ['one word, common', '公告'],
  ['single character', '房'],
  ['two words (AND)', '危房改造 中标'],
  ['phrase', '危房改造项目中标结果公告'],
  ['company brand (2 chars)', '华宇'],
  ['rare word', '澜智'],
  ['cross-word substring', '淀区教'],
];

async function measureQueries(ctx: AppContext) {
  const { db } = ctx.database;
  const d = ctx.database.dialect;
  const rows: string[] = [];
  const accuracy: string[] = [];
  for (const [kind, text] of QUERIES) {
    const p = parseQuery(text);
    if (!p.ok) throw new Error(text);
    const s = { terms: p.terms, queries: p.queries };
    const date = await timed(() => repo.matchRows(db, d, s, {}, { limit: 20, columns: 'full' }));
    const rel = await timed(async () => rank(await repo.matchRows(db, d, s, {}, { limit: RELEVANCE_WINDOW, columns: 'full' }), p.terms).slice(0, 20));
    const facets = await timed(() => repo.facetTally(db, d, s, {}, COUNT_CAP + 1));
    const filtered = await timed(() => repo.matchRows(db, d, s, { sector: 'housing' }, { limit: 20, columns: 'full' }));
    const all = await repo.matchRows(db, d, s, {}, { limit: 10_000_000, columns: 'facet' });
    const got = new Set(all.map((r) => Number(r.id)));
    const like = sql.join(p.terms.map((t) => sql`(title LIKE ${'%' + t + '%'} OR body LIKE ${'%' + t + '%'})`), sql` AND `);
    const truthRows = await sql<{ id: number }>`SELECT id FROM search_docs WHERE ${like}`.execute(db);
    const truth = new Set(truthRows.rows.map((r) => Number(r.id)));
    let tp = 0;
    for (const id of got) if (truth.has(id)) tp++;
    const recall = truth.size ? tp / truth.size : 1;
    const precision = got.size ? tp / got.size : 1;
    rows.push(`| ${kind}: ${text} | ${truth.size.toLocaleString('en-US')} | ${f1(date.p50)} / ${f1(date.p95)} | ${f1(rel.p50)} / ${f1(rel.p95)} | ${f1(facets.p50)} / ${f1(facets.p95)} | ${f1(filtered.p50)} / ${f1(filtered.p95)} |`);
    accuracy.push(`${text}: ${recall.toFixed(3)}/${precision.toFixed(3)}`);
  }
  return { rows, accuracy };
}

function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, '_search-server.ts')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout!.on('data', (b: Buffer) => {
      const m = /listening (\d+)/.exec(b.toString());
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

function rssMb(pid: number): number {
  const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0) / 1024;
}

/** Requests per second at 50 connections, measured by a fresh bench/_cannon.ts process. */
async function cannon(url: string, paths?: string[], bare?: { body: Buffer; headers: [string, string][] }): Promise<number> {
  // The arguments go through a file: a list of 30,000 paths is more than argv may hold.
  const argFile = path.join(os.tmpdir(), `gongkai-cannon-${process.pid}.json`);
  fs.writeFileSync(argFile, JSON.stringify({ url, seconds: HTTP_SECONDS, ...(paths ? { paths } : {}), ...(bare ? { bare: { body: bare.body.toString('base64'), headers: bare.headers } } : {}) }));
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, '_cannon.ts'), argFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout!.on('data', (b: Buffer) => (text += b.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`_cannon.ts exited ${code}`))));
  });
  const r = JSON.parse(out.trim().split('\n').pop()!) as { rps: number; errors: number; timeouts: number; non2xx: number };
  if (r.non2xx || r.errors || r.timeouts) process.stderr.write(`  warning: ${bare ? 'bare server' : url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts\n`);
  return r.rps;
}

async function measureHttp(env: Record<string, string>, someId: number, manyIds: number[]) {
  const { child, port } = await startServer(env);
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(child.pid!))), 200);
  try {
    const base = `http://127.0.0.1:${port}`;
    // [label, first URL, the URLs cycled (undefined: the first URL repeated)]
    const pages: [string, string, string[]?][] = [
      ['/search?q=危房改造 (relevance, facets)', `/search?q=${encodeURIComponent('危房改造')}`],
      ['/search?q=采购&sort=date', `/search?q=${encodeURIComponent('采购')}&sort=date`],
      ['/disclosures/:id', `/disclosures/${someId}`],
      ['/api/v1/disclosures', '/api/v1/disclosures'],
    ];
    // Two-word queries from the generator's vocabulary (30 words → 870 ordered pairs × 2 pages × 2
    // sorts = 3,480 URLs): more than both the result cache (512) and the page cache (64 MB ≈ 2,700
    // result pages) hold, cycled in order, so every request is matched, ranked and rendered.
    const words = ['采购', '公告', '危房改造', '中标', '合同', '华宇', '犁市镇', '物业服务', '工程', '结果', '验收', '招标', '公示', '补助', '浈江区', '新韶镇', '道路', '校舍', '污水', '绿化', '食材', '土地', '医疗', '鑫达', '恒通', '科技', '有限公司', '财政', '资格', '成交'];
    const pairs = words.flatMap((a) => words.filter((b) => b !== a).map((b) => `${a} ${b}`));
    const cold = pairs.flatMap((q) => [1, 2].flatMap((page) => ['relevance', 'date'].map((sort) => `/search?q=${encodeURIComponent(q)}&page=${page}&sort=${sort}`)));
    pages.push([`/search, ${cold.length.toLocaleString('en-US')} distinct query × page × sort (cache misses)`, cold[0]!, cold]);
    // More distinct notices than the public page cache holds (64 MB ≈ 9,000 pages): each request
    // renders the page from the database, as the first visitor of a notice does.
    const coldPages = manyIds.map((id) => `/disclosures/${id}`);
    // The cached row above requests the newest notice; start the cycle elsewhere (its order is kept).
    pages.push([`/disclosures/:id, ${manyIds.length.toLocaleString('en-US')} distinct notices (page-cache misses)`, coldPages[1]!, [...coldPages.slice(1), coldPages[0]!]]);
    const out: string[] = [];
    for (const [label, p, cycle] of pages) {
      const sample = await fetch(base + p);
      const body = Buffer.from(await sample.arrayBuffer());
      // The bare server replays this exact response, headers included (security headers, cookie):
      // the load generator then parses the same bytes from both, and the ratio is the app's own cost.
      const headers = [...sample.headers].filter(([k]) => !['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'x-cache'].includes(k));
      const bareRps = await cannon('', undefined, { body, headers });
      const rps = cycle ? await cannon(base, cycle) : await cannon(base + p);
      const after = await fetch(base + p);
      await after.arrayBuffer();
      process.stderr.write(`  ${label}: ${rps.toFixed(0)} req/s, next request x-cache ${after.headers.get('x-cache')}\n`);
      out.push(`| ${label} | ${(body.byteLength / 1024).toFixed(1)} KB | ${rps.toFixed(0)} | ${bareRps.toFixed(0)} | ${((rps / bareRps) * 100).toFixed(0)} % |`);
    }
    return { rows: out, peakRss: peak };
  } finally {
    clearInterval(timer);
    child.kill();
  }
}

async function runDialect(dialect: 'sqlite' | 'postgres'): Promise<string> {
  const dir = KEEP_DIR ? path.join(KEEP_DIR, dialect) : fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-search-'));
  fs.mkdirSync(dir, { recursive: true });
  const schema = KEEP_DIR ? 'bench_search_kept' : `bench_search_${process.pid}`;
  const env: Record<string, string> = { NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent', SEED_DEMO: 'false', RATE_LIMIT_PER_MINUTE: '0' };
  if (dialect === 'postgres') Object.assign(env, { DATABASE_URL: PG_URL!, DATABASE_SCHEMA: schema });
  const statsFile = path.join(dir, 'load.json');
  const opened = ms();
  const ctx = await createContext(loadConfig(env as NodeJS.ProcessEnv));
  // On a kept dataset this includes migrations added since it was loaded (a rebuild of the index).
  process.stderr.write(`search bench: ${dialect} opened and migrated in ${((ms() - opened) / 1000).toFixed(1)} s\n`);
  try {
    let stats: LoadStats | null = KEEP_DIR && fs.existsSync(statsFile) ? (JSON.parse(fs.readFileSync(statsFile, 'utf8')) as LoadStats) : null;
    if (stats && stats.n !== N) throw new Error(`${statsFile} holds ${stats.n} documents, not ${N}: remove ${dir} (and schema ${schema}) first`);
    const reused = stats !== null;
    if (!stats) {
      process.stderr.write(`search bench: loading ${N} documents into ${dialect}\n`);
      const t0 = ms();
      const l = await load(ctx, generate(N, 42), N);
      stats = { n: N, loadS: (ms() - t0) / 1000, ...l, measuredAt: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC' };
      if (KEEP_DIR) fs.writeFileSync(statsFile, JSON.stringify(stats));
    } else process.stderr.write(`search bench: reusing the ${dialect} dataset loaded ${stats.measuredAt}\n`);
    const loadS = stats.loadS;
    const l = stats;
    const size = dialect === 'sqlite' ? fs.statSync(path.join(dir, 'gongkai.sqlite')).size : Number((await sql<{ s: number }>`SELECT pg_total_relation_size('search_docs') AS s`.execute(ctx.database.db)).rows[0]!.s);
    const qm = await measureQueries(ctx);
    const ids = (await ctx.database.db.selectFrom('disclosures').select('id').orderBy('id', 'desc').limit(30_000).execute()).map((r) => r.id);
    const h = await measureHttp(env, ids[0]!, ids);
    return `### ${dialect === 'sqlite' ? 'SQLite (FTS5, bigram tokens)' : 'PostgreSQL 15 (tsvector of the same tokens, GIN)'} – ${N.toLocaleString('en-US')} disclosures

Load${reused ? ` (dataset loaded ${stats.measuredAt} and reused by this run)` : ''}: ${(N / loadS).toFixed(0)} documents/s overall (${loadS.toFixed(0)} s: disclosure rows ${(l.tableMs / 1000).toFixed(0)} s, tokenising + index writes ${(l.indexMs / 1000).toFixed(0)} s, ${dialect === 'postgres' ? 'GIN build + ANALYZE' : 'FTS5 optimize'} ${(l.finishMs / 1000).toFixed(0)} s); ${dialect === 'sqlite' ? 'database file' : 'search_docs with tsvector and indexes'} ${(size / 2 ** 30).toFixed(2)} GB.

Latency in ms, p50 / p95 of ${REPS} warm runs. "date" = newest-first top-20; "relevance" = top-20 by our BM25-style score over the newest ${RELEVANCE_WINDOW.toLocaleString('en-US')} matches; "facets" = the count and the six facets' value counts over the newest ${COUNT_CAP.toLocaleString('en-US')} + 1 matches (repository facetTally: aggregated in the database on PostgreSQL, from the FTS5 rows on SQLite); "filtered" = date top-20 with sector = housing.

| query | hits (LIKE) | date | relevance | facets/count | filtered |
|---|---:|---:|---:|---:|---:|
${qm.rows.join('\n')}

Recall / precision against a LIKE scan of the same text: ${qm.accuracy.join('; ')}.

HTTP (autocannon, 50 connections, ${HTTP_SECONDS} s each, each load generator a fresh process on the same 2 cores), next to a bare node:http server replaying the same response – status, headers and body bytes – in the same run:

Repeated URLs are served from the public page cache (ADR 0008) and the search-result cache (ADR 0007), both valid until anything public changes; the "cache misses" rows cycle through more distinct requests than the caches hold.

| page | size | req/s | bare node:http req/s | ratio |
|---|---:|---:|---:|---:|
${h.rows.join('\n')}

Peak RSS of the web process under this load: ${h.peakRss.toFixed(0)} MB.
`;
  } finally {
    if (!KEEP_DIR && dialect === 'postgres') await dropSchema(ctx.database.db, schema);
    await ctx.close();
    if (!KEEP_DIR) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<{ markdown: string }> {
  const parts = [`Documents: ${N.toLocaleString('en-US')} synthetic disclosures (bench/_search-data.ts: titles ≈ 30 and bodies ≈ 300 characters from sectors, item types, place names, company names, project codes and amounts). Design: docs/adr/0005-search.md.\n`];
  const only = process.env.BENCH_SEARCH_ONLY;
  if (only !== 'postgres') parts.push(await runDialect('sqlite'));
  if (PG_URL && only !== 'sqlite' && process.env.BENCH_SEARCH_SKIP_PG !== '1') parts.push(await runDialect('postgres'));
  else parts.push('PostgreSQL: not measured in this run (set BENCH_POSTGRES_URL).\n');
  return { markdown: parts.join('\n') };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run();
  console.log(r.markdown);
}
