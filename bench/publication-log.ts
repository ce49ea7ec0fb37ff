// Publication log on SQLite, through the real repository (src/modules/publication-log/repository.ts):
// append 1,000,000 leaves in batched transactions, then inclusion and consistency proofs read from
// the database at that size, and the cost of one single-leaf append transaction (what a publication
// pays). Targets (issue 9): append ≥ 20,000 leaves/s; proof p95 ≤ 5 ms at 1,000,000 leaves.
// Run alone: `npx tsx bench/publication-log.ts` (BENCH_LOG_LEAVES=100000 for a quick run).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../src/db/index.ts';
import { progressBar } from '../src/cli/progress.ts';
import { encodeLeaf, type PublicationLeaf } from '../src/modules/publication-log/leaf.ts';
import { leafHash, verifyConsistency, verifyInclusion } from '../src/modules/publication-log/merkle.ts';
import * as repo from '../src/modules/publication-log/repository.ts';

const N = Number(process.env.BENCH_LOG_LEAVES ?? 1_000_000);
const BATCH = 10_000;
const SAMPLES = 2_000;
const SINGLE = 500;

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function stats(t: number[]): { p50: number; p95: number; p99: number; max: number; mean: number } {
  const s = [...t].sort((a, b) => a - b);
  const q = (x: number) => s[Math.min(s.length - 1, Math.floor(x * s.length))]!;
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s[s.length - 1]!, mean: s.reduce((a, b) => a + b, 0) / s.length };
}

/** Deterministic PRNG (mulberry32) so runs sample the same leaves. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function leafFor(i: number): PublicationLeaf {
  return {
    disclosureId: 1 + Math.floor(i / 2),
    version: 1 + (i % 2),
    event: i % 2 === 0 ? 'publish' : 'correct',
    time: new Date(Date.UTC(2024, 0, 1) + i * 30_000).toISOString().slice(0, 19) + 'Z',
    department: `dept-${i % 40}`,
    contentHash: i.toString(16).padStart(8, '0').repeat(8),
  };
}

const ms = (x: number) => x.toFixed(3);
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

export async function run(): Promise<{ markdown: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-log-'));
  const file = path.join(dir, 'log.sqlite');
  const h = await openDatabase({ dialect: 'sqlite', databaseUrl: `sqlite:${file}`, sqliteFile: file, databaseSchema: undefined });
  const db = h.db;
  try {
    // 1. Bulk append.
    const bar = progressBar(`公开记录：追加 ${N.toLocaleString('en')} 条`);
    const load0 = os.loadavg()[0]!;
    const cpu0 = process.cpuUsage();
    const t0 = now();
    const tenths: number[] = [];
    for (let start = 0; start < N; start += BATCH) {
      const leaves: PublicationLeaf[] = [];
      for (let i = start; i < Math.min(N, start + BATCH); i++) leaves.push(leafFor(i));
      await db.transaction().execute(async (trx) => {
        await repo.lockForAppend(trx, 'sqlite');
        await repo.appendLeaves(trx, 'sqlite', leaves);
      });
      bar.update(Math.min(N, start + BATCH), N);
      if ((start + BATCH) % (N / 10) === 0) tenths.push(now());
    }
    bar.done();
    const appendSecs = (now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const appendCpuSecs = (cpu.user + cpu.system) / 1e6;
    const load1 = os.loadavg()[0]!;
    const rate = N / appendSecs;
    // Throughput of the first and the last tenth: does appending slow down as the tables grow?
    const firstTenth = tenths.length >= 1 ? N / 10 / ((tenths[0]! - t0) / 1000) : NaN;
    const lastTenth = tenths.length >= 10 ? N / 10 / ((tenths[9]! - tenths[8]!) / 1000) : NaN;
    const size = await repo.treeSize(db);
    if (size !== N) throw new Error(`expected ${N} leaves, have ${size}`);
    const root = await repo.rootAt(db, N);

    // 2. Inclusion proofs from the database at N leaves (each verified – a wrong proof would be fast too).
    const r = rng(9);
    const inc: number[] = [];
    let cpuMark = process.cpuUsage();
    for (let k = 0; k < SAMPLES; k++) {
      const i = Math.floor(r() * N);
      const s = now();
      const p = await repo.inclusionProof(db, i, N);
      inc.push(now() - s);
      if (k % 100 === 0 && !verifyInclusion(i, N, leafHash(encodeLeaf(leafFor(i))), p.proof, root)) throw new Error(`inclusion proof for ${i} does not verify`);
    }

    const incCpu = cpuMs(process.cpuUsage(cpuMark)) / SAMPLES;
    // 3. Consistency proofs from a random earlier size to N.
    const con: number[] = [];
    cpuMark = process.cpuUsage();
    for (let k = 0; k < SAMPLES; k++) {
      const m = 1 + Math.floor(r() * (N - 1));
      const s = now();
      const p = await repo.consistencyProof(db, m, N);
      con.push(now() - s);
      if (k % 100 === 0 && !verifyConsistency(m, N, p.proof, p.oldRoot, root)) throw new Error(`consistency proof ${m} → ${N} does not verify`);
    }

    const conCpu = cpuMs(process.cpuUsage(cpuMark)) / SAMPLES;
    // 4. One publication's share: a single-leaf append in its own transaction at ≥ N leaves.
    const single: number[] = [];
    for (let k = 0; k < SINGLE; k++) {
      const leaf = leafFor(N + k);
      const s = now();
      await db.transaction().execute(async (trx) => {
        await repo.lockForAppend(trx, 'sqlite');
        await repo.appendLeaves(trx, 'sqlite', [leaf]);
      });
      single.push(now() - s);
    }

    const bytes = fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
    const si = stats(inc);
    const sc = stats(con);
    const ss = stats(single);
    const ok = (v: boolean) => (v ? 'met' : '**missed**');
    const markdown = `Publication log on SQLite (WAL, synchronous=NORMAL) through the real repository: leaves and their
complete Merkle nodes (one leaf row with its hash, ≈ 1 node row per leaf) inserted in transactions of ${BATCH.toLocaleString('en')} leaves; proofs read the
O(log n) node rows they need in one primary-key query and are checked against the root.

| measure | figure | target |
|---|---|---|
| append ${N.toLocaleString('en')} leaves (wall clock) | ${appendSecs.toFixed(1)} s = **${Math.round(rate).toLocaleString('en')} leaves/s** (first tenth ${Math.round(firstTenth).toLocaleString('en')}/s, last tenth ${Math.round(lastTenth).toLocaleString('en')}/s) | ≥ 20,000/s: ${ok(rate >= 20_000)} |
| the same, CPU time of this process (user + system) | ${appendCpuSecs.toFixed(1)} s = ${Math.round(N / appendCpuSecs).toLocaleString('en')} leaves per CPU-second | – |
| inclusion proof at ${N.toLocaleString('en')} leaves (${SAMPLES} random leaves) | p50 ${ms(si.p50)} ms, **p95 ${ms(si.p95)} ms**, p99 ${ms(si.p99)} ms, max ${ms(si.max)} ms, mean ${ms(si.mean)} ms; CPU ${ms(incCpu)} ms per proof | p95 ≤ 5 ms: ${ok(si.p95 <= 5)} |
| consistency proof m → ${N.toLocaleString('en')} (${SAMPLES} random m) | p50 ${ms(sc.p50)} ms, **p95 ${ms(sc.p95)} ms**, p99 ${ms(sc.p99)} ms, max ${ms(sc.max)} ms, mean ${ms(sc.mean)} ms; CPU ${ms(conCpu)} ms per proof | p95 ≤ 5 ms: ${ok(sc.p95 <= 5)} |
| one publication's append (single-leaf transaction, ${SINGLE} samples) | p50 ${ms(ss.p50)} ms, p95 ${ms(ss.p95)} ms | – |
| database size (leaves, nodes, indexes) | ${(bytes / 2 ** 20).toFixed(0)} MiB (${Math.round(bytes / N)} bytes per leaf) | – |

Machine load (1-minute average) during the append: ${load0.toFixed(1)} at the start, ${load1.toFixed(1)} at the end, on ${os.cpus().length} CPUs –
wall-clock figures above ${Math.max(load0, load1) > os.cpus().length ? 'were measured while other work competed for the CPUs; the CPU-time line is the fairer figure' : 'were measured on an otherwise idle machine'}.
`;
    return { markdown };
  } finally {
    await h.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await run();
  console.log(r.markdown);
}
