// A fast reader of one worksheet's SpreadsheetML (ECMA-376 Part 1 §18.3) for the import. ExcelJS
// writes our templates and exports; reading 50,000 rows through its streaming reader took most of
// the import's time budget (issue 4: ≥ 5,000 rows/s validated and stored), so the import scans the
// sheet XML that zip-guard has already inflated. Pure: buffers in, cell values out.
//
// Cell values: shared/inline strings → string (rich text joined), `b` → boolean, `e` → {error},
// numbers → number, or Date when the cell's number format is a date format; any cell with an
// <f> element → {formula}.

export type XmlCell = string | number | boolean | Date | { formula: string } | { error: string };

export interface XmlRow {
  number: number;
  /** Index = 1-based column number. */
  values: (XmlCell | undefined)[];
}

const ENTITY = /&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g;
function decode(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_, e: string) => {
    switch (e) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      case 'amp':
        return '&';
      default:
        return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}

/** Text of every <t> in a fragment (shared string item or inline string), phonetic runs (<rPh>) excluded. */
function textOf(fragment: string): string {
  const clean = fragment.includes('<rPh') || fragment.includes(':rPh') ? fragment.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '') : fragment;
  let out = '';
  for (const m of clean.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:\w+:)?t>/g)) out += m[1];
  return decode(out);
}

export function parseSharedStrings(xml: string | undefined): string[] {
  if (!xml) return [];
  const out: string[] = [];
  for (const m of xml.matchAll(/<(?:\w+:)?si>([\s\S]*?)<\/(?:\w+:)?si>|<(?:\w+:)?si\/>/g)) out.push(m[1] === undefined ? '' : textOf(m[1]));
  return out;
}

const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** For each cell style index (cellXfs), whether its number format shows a date. */
export function parseDateStyles(xml: string | undefined): boolean[] {
  if (!xml) return [];
  const custom = new Map<number, boolean>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b[^>]*\bnumFmtId="(\d+)"[^>]*\bformatCode="([^"]*)"/g)) {
    // A date format has d, m or y outside quoted text and [colour]/[condition] brackets.
    const code = decode(m[2]!).replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
    custom.set(Number(m[1]), /[dmy]/i.test(code) && !/^[#0.,\s%]+$/.test(code));
  }
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  const out: boolean[] = [];
  for (const m of xfs.matchAll(/<(?:\w+:)?xf\b([^>]*)/g)) {
    const id = Number(/\bnumFmtId="(\d+)"/.exec(m[1]!)?.[1] ?? 0);
    out.push(custom.get(id) ?? BUILTIN_DATE_FORMATS.has(id));
  }
  return out;
}

function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

/** Excel serial day number (1900 system; 1904 when the workbook says so) → Date (UTC). */
function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial + (date1904 ? 1462 : 0) - 25569) * 86_400_000));
}

const isDelimiter = (c: number) => c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13; // space > / tab LF CR

/** Value of attribute `name` in a start tag (`<c r="A1" t="s">`): the name must follow whitespace. */
function attrIn(tag: string, name: string): string | undefined {
  const key = `${name}="`;
  for (let i = tag.indexOf(key); i >= 0; i = tag.indexOf(key, i + 1)) {
    const before = tag.charCodeAt(i - 1);
    if (before !== 32 && before !== 9 && before !== 10 && before !== 13) continue;
    const end = tag.indexOf('"', i + key.length);
    return end < 0 ? undefined : tag.slice(i + key.length, end);
  }
  return undefined;
}

/**
 * Start of the next element `open` (e.g. `<c`) in xml[from, to), or -1; `<cols` is not `<c`.
 * Walks the `<` inside the range only: an unbounded indexOf for an absent tag would scan the
 * rest of the sheet for every cell.
 */
function nextTag(xml: string, open: string, from: number, to: number): number {
  for (let i = xml.indexOf('<', from); i >= 0 && i < to; i = xml.indexOf('<', i + 1)) if (xml.startsWith(open, i) && isDelimiter(xml.charCodeAt(i + open.length))) return i;
  return -1;
}

/** Start of the markup `s` (e.g. `<v>`, `</f>`) in xml[from, to), or -1; bounded as nextTag. */
function markupIn(xml: string, s: string, from: number, to: number): number {
  for (let i = xml.indexOf('<', from); i >= 0 && i < to; i = xml.indexOf('<', i + 1)) if (xml.startsWith(s, i)) return i;
  return -1;
}

/**
 * Rows of a worksheet in order. Empty rows are skipped; cells without `r` follow the previous one.
 * A hand-written scanner (indexOf, no regular expression per cell): the element prefix, if the
 * writer used one (`<x:row>`), is taken from <sheetData>, as every writer uses one prefix a file.
 */
export function* readSheetRows(xml: string, shared: string[], dateStyles: boolean[], date1904 = false): Generator<XmlRow> {
  const p = /<(\w+:)?sheetData\b/.exec(xml)?.[1] ?? '';
  const ROW = `<${p}row`;
  const ROW_END = `</${p}row>`;
  const C = `<${p}c`;
  const C_END = `</${p}c>`;
  const F = `<${p}f`;
  const F_END = `</${p}f>`;
  const V = `<${p}v>`;
  const V_END = `</${p}v>`;
  let lastRow = 0;
  let at = 0;
  for (;;) {
    const rs = nextTag(xml, ROW, at, xml.length);
    if (rs < 0) return;
    const rowTagEnd = xml.indexOf('>', rs);
    if (rowTagEnd < 0) return;
    const r = attrIn(xml.slice(rs, rowTagEnd), 'r');
    const number = r !== undefined && /^\d+$/.test(r) ? Number(r) : lastRow + 1;
    lastRow = number;
    if (xml.charCodeAt(rowTagEnd - 1) === 47) {
      at = rowTagEnd + 1;
      continue;
    }
    const rowEnd = xml.indexOf(ROW_END, rowTagEnd);
    if (rowEnd < 0) return;
    at = rowEnd + ROW_END.length;
    if (rowEnd === rowTagEnd + 1) continue;
    const values: (XmlCell | undefined)[] = [];
    let col = 0;
    for (let ci = rowTagEnd + 1; ; ) {
      const cs = nextTag(xml, C, ci, rowEnd);
      if (cs < 0) break;
      const ce = xml.indexOf('>', cs);
      const tag = xml.slice(cs, ce);
      const ref = attrIn(tag, 'r');
      col = ref !== undefined && ref.charCodeAt(0) >= 65 && ref.charCodeAt(0) <= 90 ? columnOf(ref) : col + 1;
      if (xml.charCodeAt(ce - 1) === 47) {
        ci = ce + 1;
        continue;
      }
      const cEnd = xml.indexOf(C_END, ce);
      if (cEnd < 0 || cEnd > rowEnd) break;
      ci = cEnd + C_END.length;
      const t = attrIn(tag, 't');
      const fs = nextTag(xml, F, ce, cEnd);
      if (fs >= 0) {
        const fe = xml.indexOf('>', fs);
        const fClose = xml.charCodeAt(fe - 1) === 47 ? -1 : markupIn(xml, F_END, fe, cEnd);
        values[col] = { formula: fClose < 0 ? '' : decode(xml.slice(fe + 1, fClose)) };
        continue;
      }
      if (t === 'inlineStr') {
        values[col] = textOf(xml.slice(ce + 1, cEnd));
        continue;
      }
      const vs = markupIn(xml, V, ce, cEnd);
      if (vs < 0) continue;
      const ve = markupIn(xml, V_END, vs + V.length, cEnd);
      if (ve < 0) continue;
      const v = xml.slice(vs + V.length, ve);
      switch (t) {
        case 's':
          values[col] = shared[Number(v)] ?? '';
          break;
        case 'str':
          values[col] = decode(v);
          break;
        case 'b':
          values[col] = v === '1' || v === 'true';
          break;
        case 'e':
          values[col] = { error: decode(v) };
          break;
        default: {
          const n = Number(v);
          const st = attrIn(tag, 's');
          values[col] = Number.isFinite(n) && st !== undefined && dateStyles[Number(st)] ? excelDate(n, date1904) : n;
        }
      }
    }
    yield { number, values };
  }
}
