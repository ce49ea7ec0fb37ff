// Privacy detector benchmark: precision/recall per kind on the labelled corpus
// (test/fixtures/pii/generate.ts) and scan throughput in MB/s (UTF-8 bytes) on one core; then the
// same corpus as PDF, DOCX and XLSX attachments and the 200-page PDF timing (bench/_pii-files.ts).
//
//   npx tsx bench/pii.ts            prints the markdown report
//   import { run } from './pii.ts'  returns { markdown } for bench/run.ts

import { pathToFileURL } from 'node:url';
import { detect, FINDING_KINDS } from '../src/modules/privacy/detector.ts';
import type { Finding, FindingKind } from '../src/modules/privacy/detector.ts';
import { generateCorpus, CARD_FORMATS, ID_FORMATS } from '../test/fixtures/pii/generate.ts';
import type { Label, LabelledDoc } from '../test/fixtures/pii/generate.ts';
import { filesSection } from './_pii-files.ts';

const TODAY = new Date('2025-06-30T00:00:00Z');

export interface PiiBenchResult {
  markdown: string;
  perKind: Record<FindingKind, { tp: number; fp: number; fn: number; precision: number; recall: number }>;
  recallByFormat: { idNumber: Record<string, number>; bankCard: Record<string, number> };
  /** Share of notices without personal data in which nothing was reported. */
  cleanDocPrecision: number;
  cleanFalsePositives: number;
  /**
   * MB/s of UTF-8 text. `wall` is elapsed time; `cpu` divides by the process's user+system CPU time,
   * which on a busy shared machine is the fairer "one core" figure (it slightly over-counts, since
   * the garbage collector's helper threads are included).
   */
  throughputMBps: { perDocument: { wall: number; cpu: number }; singleText: { wall: number; cpu: number } };
}

const pct = (x: number): string => (Number.isNaN(x) ? 'n/a' : `${(x * 100).toFixed(2)} %`);

function key(kind: string, start: number, end: number): string {
  return `${kind}:${start}:${end}`;
}

export function evaluate(docs: readonly LabelledDoc[]): Omit<PiiBenchResult, 'markdown' | 'throughputMBps'> & {
  misses: { doc: string; label: Label }[];
  falsePositives: { doc: string; finding: Finding }[];
} {
  const counts = Object.fromEntries(FINDING_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<FindingKind, { tp: number; fp: number; fn: number }>;
  const byFormat = { idNumber: new Map<string, [number, number]>(), bankCard: new Map<string, [number, number]>() };
  const misses: { doc: string; label: Label }[] = [];
  const falsePositives: { doc: string; finding: Finding }[] = [];
  let cleanDocs = 0;
  let cleanDocsWithoutFindings = 0;
  let cleanFalsePositives = 0;
  for (const doc of docs) {
    const found = detect(doc.text, { today: TODAY });
    const labelKeys = new Set(doc.labels.map((l) => key(l.kind, l.start, l.end)));
    const foundKeys = new Set(found.map((f) => key(f.kind, f.start, f.end)));
    for (const f of found) {
      if (labelKeys.has(key(f.kind, f.start, f.end))) counts[f.kind].tp++;
      else {
        counts[f.kind].fp++;
        falsePositives.push({ doc: doc.id, finding: f });
      }
    }
    for (const l of doc.labels) {
      const hit = foundKeys.has(key(l.kind, l.start, l.end));
      if (!hit) {
        counts[l.kind].fn++;
        misses.push({ doc: doc.id, label: l });
      }
      if (l.kind === 'idNumber' || l.kind === 'bankCard') {
        const m = byFormat[l.kind];
        const [h, n] = m.get(l.format) ?? [0, 0];
        m.set(l.format, [h + (hit ? 1 : 0), n + 1]);
      }
    }
    if (!doc.hasPersonalData) {
      cleanDocs++;
      cleanFalsePositives += found.length;
      if (found.length === 0) cleanDocsWithoutFindings++;
    }
  }
  const perKind = Object.fromEntries(
    FINDING_KINDS.map((k) => {
      const c = counts[k];
      return [k, { ...c, precision: c.tp / (c.tp + c.fp), recall: c.tp / (c.tp + c.fn) }];
    }),
  ) as PiiBenchResult['perKind'];
  const rate = (m: Map<string, [number, number]>): Record<string, number> =>
    Object.fromEntries([...m.entries()].map(([f, [h, n]]) => [f, h / n]));
  return {
    perKind,
    recallByFormat: { idNumber: rate(byFormat.idNumber), bankCard: rate(byFormat.bankCard) },
    cleanDocPrecision: cleanDocsWithoutFindings / cleanDocs,
    cleanFalsePositives,
    misses,
    falsePositives,
  };
}

function measureThroughput(docs: readonly LabelledDoc[]): PiiBenchResult['throughputMBps'] & { bytes: number } {
  // About 24 MB of text: the corpus repeated, so the measurement is not dominated by timer noise.
  const joined = docs.map((d) => d.text).join('\n\n');
  const reps = Math.max(1, Math.ceil((24 * 1024 * 1024) / Buffer.byteLength(joined, 'utf8')));
  const big = Array.from({ length: reps }, () => joined).join('\n\n');
  const bytes = Buffer.byteLength(big, 'utf8');
  const texts = docs.map((d) => d.text);
  const docBytes = texts.reduce((s, t) => s + Buffer.byteLength(t, 'utf8'), 0) * reps;
  // Warm-up so the regexes and classifier are optimised before timing.
  for (let i = 0; i < 3; i++) for (const t of texts.slice(0, 200)) detect(t, { today: TODAY });
  const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
  let c0 = process.cpuUsage();
  let t0 = performance.now();
  for (let k = 0; k < reps; k++) for (const t of texts) detect(t, { today: TODAY });
  const perDocMs = performance.now() - t0;
  const perDocCpu = cpuMs(process.cpuUsage(c0));
  c0 = process.cpuUsage();
  t0 = performance.now();
  detect(big, { today: TODAY });
  const singleMs = performance.now() - t0;
  const singleCpu = cpuMs(process.cpuUsage(c0));
  const rate = (b: number, ms: number): number => b / (1024 * 1024) / (ms / 1000);
  return {
    perDocument: { wall: rate(docBytes, perDocMs), cpu: rate(docBytes, perDocCpu) },
    singleText: { wall: rate(bytes, singleMs), cpu: rate(bytes, singleCpu) },
    bytes,
  };
}

export async function run(opts: { docs?: number; seed?: number; files?: boolean } = {}): Promise<PiiBenchResult> {
  const docs = generateCorpus({ docs: opts.docs ?? 3000, seed: opts.seed ?? 20250630 });
  const ev = evaluate(docs);
  const tp = measureThroughput(docs);
  const personal = docs.filter((d) => d.hasPersonalData).length;
  const lines: string[] = [];
  lines.push('### Privacy detector (bench/pii.ts)');
  lines.push('');
  lines.push(
    `Corpus: ${docs.length} generated notices (seed ${opts.seed ?? 20250630}; ${personal} with personal data, ${docs.length - personal} procurement, bidding, property and housing-task notices without), default threshold 0.5. A finding counts only with the exact kind and span of a label.`,
  );
  lines.push('');
  lines.push('| kind | labels | true pos. | false pos. | missed | precision | recall |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|');
  for (const k of FINDING_KINDS) {
    const c = ev.perKind[k];
    lines.push(`| ${k} | ${c.tp + c.fn} | ${c.tp} | ${c.fp} | ${c.fn} | ${pct(c.precision)} | ${pct(c.recall)} |`);
  }
  lines.push('');
  lines.push('| recall by format | ' + [...ID_FORMATS].join(' | ') + ' |');
  lines.push('|---|' + ID_FORMATS.map(() => '---:').join('|') + '|');
  lines.push('| idNumber | ' + ID_FORMATS.map((f) => pct(ev.recallByFormat.idNumber[f] ?? NaN)).join(' | ') + ' |');
  lines.push('');
  lines.push('| recall by format | ' + [...CARD_FORMATS].join(' | ') + ' |');
  lines.push('|---|' + CARD_FORMATS.map(() => '---:').join('|') + '|');
  lines.push('| bankCard | ' + CARD_FORMATS.map((f) => pct(ev.recallByFormat.bankCard[f] ?? NaN)).join(' | ') + ' |');
  lines.push('');
  lines.push(
    `Notices without personal data: ${pct(ev.cleanDocPrecision)} reported nothing (${ev.cleanFalsePositives} false findings in ${docs.length - personal} notices).`,
  );
  lines.push('');
  lines.push(`Throughput on ${(tp.bytes / 1024 / 1024).toFixed(1)} MB (UTF-8) of mixed Chinese notices, one thread:`);
  lines.push('');
  lines.push('| mode | MB/s per CPU second | MB/s elapsed |');
  lines.push('|---|---:|---:|');
  lines.push(`| notice by notice | ${tp.perDocument.cpu.toFixed(1)} | ${tp.perDocument.wall.toFixed(1)} |`);
  lines.push(`| one text | ${tp.singleText.cpu.toFixed(1)} | ${tp.singleText.wall.toFixed(1)} |`);
  if (opts.files !== false) lines.push(...(await filesSection(docs)));
  return { markdown: lines.join('\n'), perKind: ev.perKind, recallByFormat: ev.recallByFormat, cleanDocPrecision: ev.cleanDocPrecision, cleanFalsePositives: ev.cleanFalsePositives, throughputMBps: { perDocument: tp.perDocument, singleText: tp.singleText } };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // npx tsx bench/pii.ts [--seed N] [--docs N] [--verbose]
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(name);
    return i > 0 && process.argv[i + 1] !== undefined ? Number(process.argv[i + 1]) : undefined;
  };
  const opts = { seed: arg('--seed') ?? 20250630, docs: arg('--docs') ?? 3000 };
  if (process.argv.includes('--verbose')) {
    const docs = generateCorpus(opts);
    const ev = evaluate(docs);
    for (const m of ev.misses.slice(0, 40)) console.log('MISS', m.doc, m.label.kind, m.label.format, JSON.stringify(m.label.value));
    for (const f of ev.falsePositives.slice(0, 40)) {
      const doc = docs.find((d) => d.id === f.doc)!;
      console.log('FP  ', f.doc, f.finding.kind, f.finding.rule, f.finding.confidence, JSON.stringify(f.finding.value), '…' + JSON.stringify(doc.text.slice(Math.max(0, f.finding.start - 30), f.finding.end + 10)));
    }
  }
  const { markdown } = await run(opts);
  console.log(markdown);
}
