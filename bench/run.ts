// `npm run bench [-- name …]`: runs the benchmarks and writes their figures to docs/PERFORMANCE.md.
// Each bench/<name>.ts exports `run(): Promise<{ markdown: string }>`. Sections of benchmarks not
// run this time are kept from the previous file, so one benchmark can be re-run alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'docs', 'PERFORMANCE.md');

const all = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3))
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : all;
for (const n of names) if (!all.includes(n)) throw new Error(`unknown benchmark "${n}" (have: ${all.join(', ')})`);

const previous = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
const sections = new Map<string, string>();
for (const m of previous.matchAll(/<!-- bench:([\w-]+) -->\n([\s\S]*?)<!-- \/bench:\1 -->/g)) sections.set(m[1]!, m[2]!);

// Written after every benchmark, so a later failure (or Ctrl-C) never loses earlier figures.
function write(): void {
  // Another `npm run bench` may have written sections meanwhile: keep theirs, overwrite only ours.
  if (fs.existsSync(out)) {
    for (const m of fs.readFileSync(out, 'utf8').matchAll(/<!-- bench:([\w-]+) -->\n([\s\S]*?)<!-- \/bench:\1 -->/g)) if (!ran.has(m[1]!)) sections.set(m[1]!, m[2]!);
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const header = `# Performance

Figures measured on this project's machine kind by \`npm run bench\` (bench/*.ts), never asserted in
unit tests. Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}.
Re-run one benchmark with \`npm run bench -- <name>\`.

`;
  const body = [...sections.keys()].sort().map((k) => `<!-- bench:${k} -->\n${sections.get(k)}<!-- /bench:${k} -->\n`).join('\n');
  fs.writeFileSync(out, header + body);
}

const failed: string[] = [];
const ran = new Set<string>();
for (const [i, n] of names.entries()) {
  process.stderr.write(`\n[${i + 1}/${names.length}] bench/${n}.ts\n`);
  const mod = (await import(pathToFileURL(path.join(here, `${n}.ts`)).href)) as { run?: () => Promise<{ markdown: string }> };
  if (typeof mod.run !== 'function') throw new Error(`bench/${n}.ts does not export run()`);
  const started = Date.now();
  // The 1-minute load average at the start tells a reader whether the machine was otherwise idle
  // (≈ 0) or shared (≥ 1 on these 2 cores): shared runs understate throughput and inflate tails.
  const load = os.loadavg()[0]!;
  let r: { markdown: string };
  try {
    r = await mod.run();
  } catch (e) {
    failed.push(n);
    process.stderr.write(`bench/${n}.ts failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    continue;
  }
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const shared = load >= 1 ? ' – the machine was shared with other work, so throughput is understated' : '';
  ran.add(n);
  sections.set(n, `## ${n}\n\n_Measured ${when} UTC in ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${load.toFixed(1)} at start${shared}._\n\n${r.markdown.trim()}\n\n`);
  process.stdout.write(`${sections.get(n)}\n`);
  write();
}


process.stderr.write(`\nwrote ${path.relative(process.cwd(), out)}${failed.length ? `; failed: ${failed.join(', ')}` : ''}\n`);
if (failed.length) process.exitCode = 1;
