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

/** Rows of a worksheet in order. Empty rows are skipped; cells without `r` follow the previous one. */
export function* readSheetRows(xml: string, shared: string[], dateStyles: boolean[], date1904 = false): Generator<XmlRow> {
  const rowRe = /<(?:\w+:)?row\b([^>]*?)(\/>|>([\s\S]*?)<\/(?:\w+:)?row>)/g;
  const cellRe = /<(?:\w+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:\w+:)?c>)/g;
  let lastRow = 0;
  for (const rm of xml.matchAll(rowRe)) {
    const rAttr = /\br="(\d+)"/.exec(rm[1]!);
    const number = rAttr ? Number(rAttr[1]) : lastRow + 1;
    lastRow = number;
    const body = rm[3];
    if (!body) continue;
    const values: (XmlCell | undefined)[] = [];
    let col = 0;
    for (const cm of body.matchAll(cellRe)) {
      const attrs = cm[1]!;
      const ref = /\br="([A-Z]+)\d*"/.exec(attrs);
      col = ref ? columnOf(ref[1]!) : col + 1;
      const inner = cm[2];
      if (inner === undefined) continue;
      const t = /\bt="(\w+)"/.exec(attrs)?.[1];
      const f = /<(?:\w+:)?f\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?f>)/.exec(inner);
      if (f) {
        values[col] = { formula: decode(f[1] ?? '') };
        continue;
      }
      if (t === 'inlineStr') {
        values[col] = textOf(inner);
        continue;
      }
      const v = /<(?:\w+:)?v>([\s\S]*?)<\/(?:\w+:)?v>/.exec(inner)?.[1];
      if (v === undefined) continue;
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
          const s = /\bs="(\d+)"/.exec(attrs)?.[1];
          values[col] = Number.isFinite(n) && s !== undefined && dateStyles[Number(s)] ? excelDate(n, date1904) : n;
        }
      }
    }
    yield { number, values };
  }
}
