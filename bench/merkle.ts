// Publication-log Merkle benchmark: 1,000,000-leaf log in MemoryTreeStore.
// Targets (brief): append ≥ 20,000 leaves/s; inclusion proof p95 ≤ 5 ms at 1,000,000 leaves.
// Run alone: `npx tsx bench/merkle.ts`; or import { run } from a bench runner.

import { pathToFileURL } from 'node:url';
import {
  MemoryTreeStore,
  MerkleAppender,
  consistencyProof,
  consistencyProofPlan,
  inclusionProof,
  inclusionProofPlan,
  leafHash,
  planNodeIds,
  verifyConsistency,
  verifyInclusion,
} from '../src/modules/publication-log/merkle.ts';
import { encodeLeaf, type PublicationLeaf } from '../src/modules/publication-log/leaf.ts';

const N = 1_000_000;
const SAMPLES = 10_000;

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6; // ms
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
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
    disclosureId: 100_000 + i,
    version: 1 + (i % 3),
    event: i % 50 === 0 ? 'correct' : 'publish',
    time: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().slice(0, 19) + 'Z',
    department: `dept-${i % 40}`,
    contentHash: (i.toString(16).padStart(8, '0')).repeat(8),
  };
}

function timed(samples: number, fn: (k: number) => void): { p50: number; p95: number; p99: number; max: number; mean: number } {
  const t: number[] = new Array<number>(samples);
  for (let k = 0; k < samples; k++) {
    const s = now();
    fn(k);
    t[k] = now() - s;
  }
  const mean = t.reduce((a, b) => a + b, 0) / samples;
  t.sort((a, b) => a - b);
  return { p50: quantile(t, 0.5), p95: quantile(t, 0.95), p99: quantile(t, 0.99), max: t[t.length - 1]!, mean };
}

const fmtMs = (x: number) => (x < 0.1 ? x.toFixed(4) : x.toFixed(3));
const fmtInt = (x: number) => Math.round(x).toLocaleString('en-US');

export async function run(): Promise<{ markdown: string }> {
  const rows: string[][] = [];

  // 1. Full append path: canonical leaf encoding + RFC 6962 leaf hash + store append (all nodes kept).
  //    Leaf hashes are also copied into one flat array (not 1M Buffer objects, which would make the
  //    figures measure the garbage collector) for the rows below and for verification.
  const flat = new Uint8Array(N * 32);
  const hashAt = (i: number) => flat.subarray(i * 32, i * 32 + 32);
  const store = new MemoryTreeStore();
  let s = now();
  for (let i = 0; i < N; i++) {
    const h = leafHash(encodeLeaf(leafFor(i)));
    flat.set(h, i * 32);
    store.append(h);
  }
  let ms = now() - s;
  rows.push(['append: encodeLeaf + leafHash + MemoryTreeStore.append', `${fmtInt(N)} leaves`, `${fmtInt(N / (ms / 1000))} leaves/s`, `${(ms / 1000).toFixed(2)} s total`]);

  // 2. Tree work alone, with pre-hashed leaves: a second store, and the O(log n) frontier appender
  //    (what the DB-backed log keeps in memory).
  {
    const store2 = new MemoryTreeStore();
    s = now();
    for (let i = 0; i < N; i++) store2.append(hashAt(i));
    ms = now() - s;
    rows.push(['append: MemoryTreeStore.append (pre-hashed)', `${fmtInt(N)} leaves`, `${fmtInt(N / (ms / 1000))} leaves/s`, `${(ms / 1000).toFixed(2)} s total`]);
    if (!store2.root().equals(store.root())) throw new Error('bench: roots disagree');
  }
  const app = new MerkleAppender();
  s = now();
  for (let i = 0; i < N; i++) app.appendWithNodes(hashAt(i));
  const appRoot = app.root();
  ms = now() - s;
  rows.push(['append: MerkleAppender.appendWithNodes (O(log n) state, pre-hashed)', `${fmtInt(N)} leaves`, `${fmtInt(N / (ms / 1000))} leaves/s`, `${(ms / 1000).toFixed(2)} s total`]);
  if (!appRoot.equals(store.root())) throw new Error('bench: roots disagree');

  const root = store.root();
  const rand = rng(6962);

  // 3. Inclusion proofs for random leaves in the 1M tree (warm up first).
  const idx = Array.from({ length: SAMPLES }, () => Math.floor(rand() * N));
  for (let k = 0; k < 1000; k++) inclusionProof(idx[k]!, N, store);
  const proofs: Buffer[][] = new Array<Buffer[]>(SAMPLES);
  const inc = timed(SAMPLES, (k) => {
    proofs[k] = inclusionProof(idx[k]!, N, store);
  });
  const incVerify = timed(SAMPLES, (k) => {
    if (!verifyInclusion(idx[k]!, N, hashAt(idx[k]!), proofs[k]!, root)) throw new Error('bench: inclusion proof failed');
  });
  const incNodes = idx.map((i) => planNodeIds(inclusionProofPlan(i, N)).length);
  rows.push([`inclusion proof, random leaf, n = ${fmtInt(N)}`, `p50 ${fmtMs(inc.p50)} ms`, `p95 ${fmtMs(inc.p95)} ms`, `p99 ${fmtMs(inc.p99)} / max ${fmtMs(inc.max)} ms`]);
  rows.push(['inclusion proof verification', `p50 ${fmtMs(incVerify.p50)} ms`, `p95 ${fmtMs(incVerify.p95)} ms`, `p99 ${fmtMs(incVerify.p99)} / max ${fmtMs(incVerify.max)} ms`]);

  // 4. Consistency proofs from a random earlier size m to n = 1M.
  const ms1 = Array.from({ length: SAMPLES }, () => 1 + Math.floor(rand() * (N - 1)));
  const oldRoots = ms1.map((m) => store.rootAt(m));
  for (let k = 0; k < 1000; k++) consistencyProof(ms1[k]!, N, store);
  const cproofs: Buffer[][] = new Array<Buffer[]>(SAMPLES);
  const con = timed(SAMPLES, (k) => {
    cproofs[k] = consistencyProof(ms1[k]!, N, store);
  });
  const conVerify = timed(SAMPLES, (k) => {
    if (!verifyConsistency(ms1[k]!, N, cproofs[k]!, oldRoots[k]!, root)) throw new Error('bench: consistency proof failed');
  });
  const conNodes = ms1.map((m) => planNodeIds(consistencyProofPlan(m, N)).length);
  rows.push([`consistency proof, random m → n = ${fmtInt(N)}`, `p50 ${fmtMs(con.p50)} ms`, `p95 ${fmtMs(con.p95)} ms`, `p99 ${fmtMs(con.p99)} / max ${fmtMs(con.max)} ms`]);
  rows.push(['consistency proof verification', `p50 ${fmtMs(conVerify.p50)} ms`, `p95 ${fmtMs(conVerify.p95)} ms`, `p99 ${fmtMs(conVerify.p99)} / max ${fmtMs(conVerify.max)} ms`]);

  const rootAt = timed(SAMPLES, (k) => store.rootAt(ms1[k]!));
  rows.push(['root of an earlier size (rootAt)', `p50 ${fmtMs(rootAt.p50)} ms`, `p95 ${fmtMs(rootAt.p95)} ms`, `max ${fmtMs(rootAt.max)} ms`]);

  const maxOf = (a: number[]) => a.reduce((x, y) => Math.max(x, y), 0);
  const meanOf = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  rows.push([
    'stored nodes read per proof (= DB rows per proof)',
    `inclusion mean ${meanOf(incNodes).toFixed(1)}, max ${maxOf(incNodes)}`,
    `consistency mean ${meanOf(conNodes).toFixed(1)}, max ${maxOf(conNodes)}`,
    `proof length ≤ ${Math.ceil(Math.log2(N))} hashes`,
  ]);
  const mem = process.memoryUsage();
  rows.push(['memory after build (store + flat leaf-hash copy)', `rss ${(mem.rss / 2 ** 20).toFixed(0)} MB`, `arrayBuffers ${(mem.arrayBuffers / 2 ** 20).toFixed(0)} MB`, `heapUsed ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB`]);

  const markdown = [
    `### Publication log Merkle tree (MemoryTreeStore, ${fmtInt(N)} leaves, ${fmtInt(SAMPLES)} samples per latency row, Node ${process.version})`,
    '',
    '| measure | | | |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    'Targets: append ≥ 20,000 leaves/s; inclusion proof p95 ≤ 5 ms at 1,000,000 leaves.',
  ].join('\n');
  return { markdown };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { markdown } = await run();
  console.log(markdown);
}
