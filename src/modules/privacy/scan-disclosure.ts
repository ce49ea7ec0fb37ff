// Findings in a disclosure's own text: title, body (by line) and every structured field, table
// cells row by row. Pure. Fields the item type marks personal (or of type idNumber) are masked in
// every public output by publicFields (public-view.ts), fields confidential "always" are withheld,
// and fields a reviewer withheld (WITHHELD_KEY) too: their findings are resolved automatically.
import type { Finding } from './detector.ts';
import type { FieldDef } from '../item-types/types.ts';
import { WITHHELD_KEY } from './checklist.ts';
import { lineIndex, type FileFinding, type Location } from './findings.ts';
import { scanRow, toFileFinding, type ScanOptions } from './scan-core.ts';
import { detect as detectText } from './detector.ts';

export type TextSource = 'title' | 'body' | 'field';

export interface TextFinding extends FileFinding {
  source: TextSource;
  /** '' for title and body, the field path otherwise (`remarks`, `households.2.note`). */
  path: string;
  /** Set when public output already hides the value. */
  auto?: { resolution: 'personal-field' | 'confidential-field' | 'withheld'; basis: string };
  /** Whether one click may mask it in the working copy (title, body, text fields). */
  maskable: boolean;
  /** The detector's finding, offsets into the source text. Never stored. */
  raw: Finding;
}

export interface WorkingCopy {
  title: string;
  body: string;
  fields: Record<string, unknown>;
}

function valueText(v: unknown): string {
  if (v === null || v === undefined || typeof v === 'boolean') return '';
  if (typeof v === 'number') return Number.isSafeInteger(v) ? String(v) : '';
  return typeof v === 'string' ? v : '';
}

function autoFor(def: FieldDef, path: string, withheld: Record<string, string>): TextFinding['auto'] {
  if (withheld[path]) return { resolution: 'withheld', basis: withheld[path]! };
  if (def.confidential?.until === 'always') return { resolution: 'confidential-field', basis: def.confidential.basis };
  if (def.personal || def.type === 'idNumber') return { resolution: 'personal-field', basis: '个人信息字段，公开时按规则自动脱敏' };
  return undefined;
}

const MASKABLE_TYPES = new Set<FieldDef['type']>(['text', 'textarea']);

/**
 * Detector results by text, shared by the drafts of one bulk import: the same supplier, purchaser
 * or amount recurs on thousands of rows, and detect is pure for a fixed `opts.today`.
 */
export type DetectMemo = Map<string, Finding[]>;

export function scanWorkingCopy(defs: readonly FieldDef[], wc: WorkingCopy, opts: ScanOptions = {}, memo?: DetectMemo): TextFinding[] {
  const detect = memo ? (text: string, o: ScanOptions) => memo.get(text) ?? memo.set(text, detectText(text, o)).get(text)! : detectText;
  const out: TextFinding[] = [];
  const push = (source: TextSource, path: string, f: Finding, location: Location, maskable: boolean, auto?: TextFinding['auto']) =>
    out.push({ ...toFileFinding(f, location), source, path, maskable, raw: f, ...(auto ? { auto } : {}) });

  for (const f of detect(wc.title, opts)) push('title', '', f, { part: '标题' }, true);
  const lineOf = lineIndex(wc.body);
  for (const f of detect(wc.body, opts)) push('body', '', f, { part: '正文', line: lineOf(f.start) }, true);

  const withheld = (wc.fields[WITHHELD_KEY] ?? {}) as Record<string, string>;
  for (const def of defs) {
    const v = wc.fields[def.key];
    if (def.type === 'table') {
      const cols = def.columns ?? [];
      const rows = Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
      rows.forEach((row, i) => {
        const cells = cols.map((c) => valueText(row?.[c.key]));
        for (const h of scanRow(cells, opts)) {
          const c = cols[h.cell]!;
          const path = `${def.key}.${i}.${c.key}`;
          push('field', path, h.finding, { part: '结构化信息', label: `${def.label}第${i + 1}行·${c.label}`, field: path }, MASKABLE_TYPES.has(c.type), autoFor(c, path, withheld));
        }
      });
      continue;
    }
    const text = valueText(v);
    if (!text) continue;
    const fl = lineIndex(text);
    for (const f of detect(text, opts)) {
      const multi = text.includes('\n');
      push('field', def.key, f, { part: '结构化信息', label: def.label, field: def.key, ...(multi ? { line: fl(f.start) } : {}) }, MASKABLE_TYPES.has(def.type), autoFor(def, def.key, withheld));
    }
  }
  return out;
}

/** The text of one source of a working copy (title, body, or the field at `path`). */
export function sourceText(wc: WorkingCopy, source: TextSource, path: string): string | undefined {
  if (source === 'title') return wc.title;
  if (source === 'body') return wc.body;
  const [key, row, col] = path.split('.');
  const v = wc.fields[key!];
  if (row === undefined) return typeof v === 'string' ? v : undefined;
  const r = Array.isArray(v) ? (v as Record<string, unknown>[])[Number(row)] : undefined;
  const cell = r?.[col!];
  return typeof cell === 'string' ? cell : undefined;
}

/** A copy of the working copy with one source's text replaced. */
export function withSourceText(wc: WorkingCopy, source: TextSource, path: string, text: string): WorkingCopy {
  if (source === 'title') return { ...wc, title: text };
  if (source === 'body') return { ...wc, body: text };
  const fields = structuredClone(wc.fields);
  const [key, row, col] = path.split('.');
  if (row === undefined) fields[key!] = text;
  else ((fields[key!] as Record<string, unknown>[])[Number(row)]!)[col!] = text;
  return { ...wc, fields };
}
