// Detection over the shapes text comes in: one text with lines, or a table row of cells (a
// spreadsheet row, a structured table field). Pure. Rows are detected as one tab-separated line,
// so the detector's "this row names a person" context works (a 低保 cell next to a name), and each
// finding is mapped back to its cell.
import { detect, type DetectOptions, type Finding } from './detector.ts';
import { fingerprint, lineIndex, previewOf, type FileFinding, type Location } from './findings.ts';
import { maskValue } from './masking.ts';

export type ScanOptions = Pick<DetectOptions, 'minConfidence' | 'today'>;

export function toFileFinding(f: Finding, location: Location): FileFinding {
  return { kind: f.kind, rule: f.rule, confidence: f.confidence, location, preview: previewOf(f.kind, f.value, maskValue), fingerprint: fingerprint(f.kind, f.value) };
}

/** Findings of one text, each located by its line (1-based) under `base`. */
export function scanLines(text: string, base: Location, opts: ScanOptions = {}): FileFinding[] {
  if (!text) return [];
  const found = detect(text, opts);
  if (!found.length) return [];
  const lineOf = lineIndex(text);
  return found.map((f) => toFileFinding(f, { ...base, line: lineOf(f.start) }));
}

/** A finding inside one cell: offsets relative to the cell's text. */
export interface CellHit {
  cell: number;
  finding: Finding;
}

/**
 * Detects over cells joined by tabs and maps each finding to its cell (offsets made relative to the
 * cell). A finding cannot cross a tab (the detector groups digits only across spaces and hyphens).
 */
export function scanRow(cells: readonly string[], opts: ScanOptions = {}): CellHit[] {
  // One space per tab or line break: lengths, and so offsets, stay those of the original cell.
  const clean = cells.map((c) => c.replace(/[\t\r\n]/g, ' '));
  if (!clean.some((c) => c.length >= 2)) return [];
  const starts: number[] = [];
  let pos = 0;
  for (const c of clean) {
    starts.push(pos);
    pos += c.length + 1;
  }
  const line = clean.join('\t');
  const out: CellHit[] = [];
  for (const f of detect(line, opts)) {
    let i = starts.length - 1;
    while (i > 0 && starts[i]! > f.start) i--;
    const s = starts[i]!;
    const end = Math.min(f.end, s + clean[i]!.length);
    if (end <= f.start) continue;
    const value = cells[i]!.slice(f.start - s, end - s);
    out.push({ cell: i, finding: { ...f, start: f.start - s, end: end - s, value } });
  }
  return out;
}

/** Decodes a text file: UTF-8 (with or without BOM), else GB18030 – the two encodings Chinese offices produce. */
export function decodeText(buf: Buffer): string {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

/**
 * Findings of PDF text whose visual lines may have been wrapped by the layout (cont[i]: line i
 * reaches the right margin and continues on line i + 1, possibly on the next page). It is read
 * twice: line by line (a table row stays a row), and with wrapped lines joined without a
 * separator – an ID number broken over two lines is still found. A joined reading's finding that
 * crosses a join replaces the line reading's findings of the same kind it overlaps (those saw only
 * a fragment); one the line reading missed entirely is added (the joined sentence gave context). `locate` gives line i's location.
 */
const DIGIT_END = /[0-9０-９Xx]$/;
const DIGIT_START = /^[0-9０-９]/;

export function scanReflowed(lines: readonly string[], cont: readonly boolean[], locate: (i: number) => Location, opts: ScanOptions = {}): FileFinding[] {
  const startsNl: number[] = [];
  const startsC: number[] = [];
  let nl = '';
  let joined = '';
  lines.forEach((l, i) => {
    startsNl.push(nl.length);
    startsC.push(joined.length);
    nl += l + '\n';
    joined += l + (cont[i] ? '' : '\n');
  });
  const lineOf = (starts: number[], o: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const byLine = detect(nl, opts).map((f) => {
    const i = lineOf(startsNl, f.start);
    const c = startsC[i]! + (f.start - startsNl[i]!);
    return { f, i, c0: c, c1: c + (f.end - f.start) };
  });
  const joins = lines.map((_, i) => (cont[i] && i + 1 < lines.length ? startsC[i + 1]! : -1)).filter((x) => x >= 0);
  const dropped = new Set<number>();
  const added: { f: Finding; i: number }[] = [];
  if (joins.length) {
    for (const f of detect(joined, opts)) {
      const overlapping = byLine.flatMap((b, k) => (b.f.kind === f.kind && b.c0 < f.end && f.start < b.c1 ? [k] : []));
      const crosses = joins.some((j) => f.start < j && j < f.end);
      // Not crossing a join but found only here: the joined sentence gave the context (低保 next to a name).
      if (!crosses && overlapping.length) continue;
      for (const k of overlapping) dropped.add(k);
      added.push({ f, i: lineOf(startsC, f.start) });
    }
  }
  // A break between two digits may also have eaten a space (`4402 2919` | `9206 …` wrapped at the
  // space): a third reading joins such breaks with one space and adds only values not yet found.
  const spaced = lines.map((l, i) => cont[i] && DIGIT_END.test(l) && DIGIT_START.test(lines[i + 1] ?? ''));
  if (spaced.some(Boolean)) {
    const have = new Set([...byLine.filter((_, k) => !dropped.has(k)).map((b) => `${b.f.kind}|${fingerprint(b.f.kind, b.f.value)}`), ...added.map((a) => `${a.f.kind}|${fingerprint(a.f.kind, a.f.value)}`)]);
    const startsS: number[] = [];
    let text = '';
    lines.forEach((l, i) => {
      startsS.push(text.length);
      text += l + (cont[i] ? (spaced[i] ? ' ' : '') : '\n');
    });
    const joinsS = lines.map((_, i) => (spaced[i] && i + 1 < lines.length ? startsS[i + 1]! : -1)).filter((x) => x >= 0);
    for (const f of detect(text, opts)) {
      if (!joinsS.some((j) => f.start < j && j < f.end)) continue;
      const key = `${f.kind}|${fingerprint(f.kind, f.value)}`;
      if (have.has(key)) continue;
      have.add(key);
      added.push({ f, i: lineOf(startsS, f.start) });
    }
  }
  return [...byLine.filter((_, k) => !dropped.has(k)).map((b) => ({ f: b.f, i: b.i })), ...added]
    .sort((a, b) => a.i - b.i)
    .map(({ f, i }) => toFileFinding(f, locate(i)));
}

export interface GridHit {
  row: number;
  cell: number;
  finding: Finding;
}

/**
 * Detects over a whole grid (a sheet: rows as lines, cells joined by tabs), so context spanning
 * rows works as in text – an organisation's contact block above a phone number – and maps each
 * finding back to its row and cell (offsets relative to the cell's original text).
 */
export function scanGrid(rows: readonly (readonly string[])[], opts: ScanOptions = {}): GridHit[] {
  let text = '';
  const cellStarts: { row: number; cell: number; start: number; len: number }[] = [];
  rows.forEach((cells, r) => {
    cells.forEach((c, i) => {
      if (i > 0) text += '\t';
      cellStarts.push({ row: r, cell: i, start: text.length, len: c.length });
      text += c.replace(/[\t\r\n]/g, ' ');
    });
    text += '\n';
  });
  const out: GridHit[] = [];
  for (const f of detect(text, opts)) {
    let lo = 0;
    let hi = cellStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cellStarts[mid]!.start <= f.start) lo = mid;
      else hi = mid - 1;
    }
    const c = cellStarts[lo]!;
    const end = Math.min(f.end, c.start + c.len);
    if (end <= f.start) continue;
    const original = rows[c.row]![c.cell]!;
    out.push({ row: c.row, cell: c.cell, finding: { ...f, start: f.start - c.start, end: end - c.start, value: original.slice(f.start - c.start, end - c.start) } });
  }
  return out;
}
