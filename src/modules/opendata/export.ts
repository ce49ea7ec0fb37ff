// Daily bulk files: every public disclosure (withdrawn ones as tombstones) as JSON Lines and as CSV
// (UTF-8 with BOM so spreadsheet programs read Chinese), streamed to disk page by page with their
// SHA-256 computed on the way, then published atomically (write to *.part, rename) with a
// SHA256SUMS file and a manifest. The content is the API's public JSON (disclosures/public-json.ts).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { AppContext } from '../../context.ts';
import { toPublicJsonList, type PublicDisclosureJson } from '../disclosures/public-json.ts';
import { todayInChina } from '../disclosures/service.ts';

export const KEEP_DAYS = 7;

export interface BulkFile {
  name: string;
  format: 'jsonl' | 'csv';
  mediaType: string;
  bytes: number;
  sha256: string;
  records: number;
}

export interface BulkManifest {
  date: string;
  generatedAt: string;
  licence: string;
  files: BulkFile[];
}

export function exportRoot(dataDir: string): string {
  return path.join(dataDir, 'opendata');
}

const CSV_COLUMNS: [string, (d: PublicDisclosureJson) => unknown][] = [
  ['id', (d) => d.id],
  ['url', (d) => d.url],
  ['title', (d) => d.title],
  ['state', (d) => d.state],
  ['version', (d) => d.version],
  ['sector', (d) => d.sector],
  ['item_type_code', (d) => d.itemType.code],
  ['item_type_name', (d) => d.itemType.name],
  ['department_code', (d) => d.department.code],
  ['department_name', (d) => d.department.name],
  ['project_ocid', (d) => d.project?.ocid ?? ''],
  ['project_code', (d) => d.project?.code ?? ''],
  ['formed_date', (d) => d.formedDate],
  ['due_date', (d) => d.dueDate ?? ''],
  ['first_published_at', (d) => d.firstPublishedAt ?? ''],
  ['last_published_at', (d) => d.lastPublishedAt ?? ''],
  ['fields_json', (d) => JSON.stringify(d.fields)],
  ['withheld_json', (d) => JSON.stringify(d.withheld)],
];

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+@\t\r]/.test(s) || /^-[^\d]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

class HashingWriter {
  private out: fs.WriteStream;
  private hash = crypto.createHash('sha256');
  bytes = 0;
  constructor(readonly file: string) {
    this.out = fs.createWriteStream(file);
  }
  async write(s: string): Promise<void> {
    const b = Buffer.from(s, 'utf8');
    this.hash.update(b);
    this.bytes += b.length;
    if (!this.out.write(b)) await once(this.out, 'drain');
  }
  async close(): Promise<string> {
    this.out.end();
    await once(this.out, 'finish');
    return this.hash.digest('hex');
  }
}

/** Writes today's files (China date) unless `force`; returns the manifest. */
export async function runBulkExport(ctx: Pick<AppContext, 'config' | 'database' | 'itemTypes' | 'disclosures'>, opts: { date?: string; onProgress?: (done: number, total: number) => void } = {}): Promise<BulkManifest> {
  const date = opts.date ?? todayInChina();
  const root = exportRoot(ctx.config.dataDir);
  const dir = path.join(root, date);
  fs.mkdirSync(dir, { recursive: true });
  const base = `gongkai-disclosures-${date}`;
  const jsonl = new HashingWriter(path.join(dir, `${base}.jsonl.part`));
  const csv = new HashingWriter(path.join(dir, `${base}.csv.part`));
  await csv.write('\ufeff' + CSV_COLUMNS.map(([h]) => h).join(',') + '\r\n');
  const total = await ctx.disclosures.countPublic({ includeWithdrawn: true });
  let cursor: { at: string; id: number } | null = null;
  let n = 0;
  for (;;) {
    const rows = await ctx.disclosures.listPublicAfter({ includeWithdrawn: true }, 500, cursor);
    if (!rows.length) break;
    const docs = await toPublicJsonList(ctx.database.db, ctx.itemTypes, ctx.config.baseUrl, rows);
    let j = '';
    let c = '';
    for (const d of docs) {
      j += JSON.stringify(d) + '\n';
      c += CSV_COLUMNS.map(([, get]) => csvCell(get(d))).join(',') + '\r\n';
    }
    await jsonl.write(j);
    await csv.write(c);
    n += docs.length;
    opts.onProgress?.(n, total);
    const last = rows[rows.length - 1]!;
    cursor = { at: last.first_published_at!, id: last.id };
  }
  const files: BulkFile[] = [];
  for (const [w, format, mediaType] of [
    [jsonl, 'jsonl', 'application/x-ndjson'],
    [csv, 'csv', 'text/csv; charset=utf-8'],
  ] as const) {
    const sha256 = await w.close();
    const name = path.basename(w.file, '.part');
    fs.renameSync(w.file, path.join(dir, name));
    files.push({ name, format, mediaType, bytes: w.bytes, sha256, records: n });
  }
  const manifest: BulkManifest = { date, generatedAt: new Date().toISOString(), licence: 'CC BY 4.0', files };
  fs.writeFileSync(path.join(dir, 'SHA256SUMS'), files.map((f) => `${f.sha256}  ${f.name}\n`).join(''));
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  pruneOld(root, KEEP_DAYS);
  return manifest;
}

function pruneOld(root: string, keep: number): void {
  const days = fs.readdirSync(root).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
  for (const d of days.slice(0, Math.max(0, days.length - keep))) fs.rmSync(path.join(root, d), { recursive: true, force: true });
}

/** Published exports, newest first (only directories with a manifest: a run in progress is invisible). */
export function listBulkExports(dataDir: string): BulkManifest[] {
  const root = exportRoot(dataDir);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && fs.existsSync(path.join(root, d, 'manifest.json')))
    .sort()
    .reverse()
    .map((d) => JSON.parse(fs.readFileSync(path.join(root, d, 'manifest.json'), 'utf8')) as BulkManifest);
}

/** Absolute path of a published file, or null (names are validated: no traversal). */
export function bulkFilePath(dataDir: string, date: string, name: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^[A-Za-z0-9._-]{1,120}$/.test(name) || name.endsWith('.part') || name.startsWith('.')) return null;
  const p = path.join(exportRoot(dataDir), date, name);
  return fs.existsSync(p) && fs.statSync(p).isFile() ? p : null;
}
