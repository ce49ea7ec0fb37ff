// Reads an uploaded import workbook into raw records, naming every problem by row, column letter
// and header. The file is checked (and inflated) by zip-guard first; the data sheet's XML is then
// scanned by sheet-xml.ts (see there why not ExcelJS's reader); merged cells come from the same XML.
import { parseDateStyles, parseSharedStrings, readSheetRows } from './sheet-xml.ts';
import { columnLetter, DATA_SHEET, EXPORT_ONLY_HEADERS, MAX_IMPORT_ROWS, META_SHEET, normaliseHeader, TEMPLATE_MARK, type SheetColumn } from './columns.ts';
import { inspectXlsx } from './zip-guard.ts';

export interface ImportIssue {
  /** Sheet row (1-based), null for file-level problems. */
  row: number | null;
  /** Excel column letter, e.g. "F". */
  column: string | null;
  header: string | null;
  message: string;
  code: string;
}

export interface RawRecord {
  recordNo: string;
  /** Sheet rows of this record, in order. */
  rows: number[];
  /** One map per row: column key → cell value (string, number, boolean or Date), blanks absent. */
  values: Map<string, unknown>[];
}

export interface SheetRead {
  templateItemType: string | null;
  /** Column key → sheet column number (1-based). */
  positions: Map<string, number>;
  records: RawRecord[];
  issues: ImportIssue[];
  dataRows: number;
  /** True when nothing row-level could be read (wrong file, wrong sheet, wrong headers). */
  fatal: boolean;
}

const fileIssue = (code: string, message: string): ImportIssue => ({ row: null, column: null, header: null, message, code });

function attr(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
}

function xmlText(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Sheet names and their XML part paths from workbook.xml and its relationships. */
function sheetParts(kept: Map<string, Buffer>): { name: string; path: string }[] {
  const wb = kept.get('xl/workbook.xml')?.toString('utf8') ?? '';
  const rels = kept.get('xl/_rels/workbook.xml.rels')?.toString('utf8') ?? '';
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const out: { name: string; path: string }[] = [];
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const name = attr(m[0], 'name');
    const rid = attr(m[0], 'r:id');
    if (name) out.push({ name: xmlText(name), path: (rid && targets.get(rid)) ?? '' });
  }
  return out;
}

/** `<mergeCell ref="B3:C4"/>` ranges of a sheet: the section sits at the end of the sheet XML. */
function mergedRanges(xml: Buffer | undefined): string[] {
  if (!xml) return [];
  const at = xml.lastIndexOf('<mergeCells');
  if (at < 0) return [];
  const tail = xml.subarray(at).toString('utf8');
  return [...tail.matchAll(/<mergeCell\b[^>]*\bref="([A-Z]+\d+(?::[A-Z]+\d+)?)"/g)].map((m) => m[1]!);
}

type Cell = string | number | boolean | Date | null | { formula?: string; sharedFormula?: string; result?: unknown; error?: string; richText?: { text: string }[]; text?: string; hyperlink?: string };

function cellText(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && !(v instanceof Date)) {
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (typeof v.text === 'string') return v.text;
  }
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
}

export interface ReadOptions {
  maxRows?: number;
}

/**
 * Reads the “数据” sheet against the expected columns. Header problems (missing, unknown, doubled)
 * are fatal: rows cannot be interpreted. Cell problems (formulas, errors, merged cells) are listed
 * and the cell is treated as blank so that the rest of the row is still checked.
 */
export async function readImportSheet(buf: Buffer, columns: readonly SheetColumn[], opts: ReadOptions = {}): Promise<SheetRead> {
  const maxRows = opts.maxRows ?? MAX_IMPORT_ROWS;
  const result: SheetRead = { templateItemType: null, positions: new Map(), records: [], issues: [], dataRows: 0, fatal: true };
  const guard = inspectXlsx(buf, undefined, (n) => ['xl/workbook.xml', 'docProps/core.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'].includes(n) || /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
  if (!guard.ok) {
    result.issues.push(fileIssue(guard.problem.code, guard.problem.message));
    return result;
  }
  // The template's item type: core properties (subject = mark, keywords = code), kept by Excel on save.
  const core = guard.kept.get('docProps/core.xml')?.toString('utf8') ?? '';
  if (/<dc:subject>\s*gongkai-template\s*<\/dc:subject>/.test(core)) result.templateItemType = /<cp:keywords>([^<]+)<\/cp:keywords>/.exec(core)?.[1]?.trim() ?? null;
  const sheets = sheetParts(guard.kept);
  const data = sheets.find((s) => s.name.trim() === DATA_SHEET);
  if (!data) {
    result.issues.push(fileIssue('wrong_sheet', `找不到工作表“${DATA_SHEET}”。文件中的工作表：${sheets.map((s) => `“${s.name}”`).join('、') || '无'}。请使用本系统下载的导入模板，在“${DATA_SHEET}”工作表中填写`));
    return result;
  }
  const merges = mergedRanges(guard.kept.get(data.path));

  const byHeader = new Map(columns.map((c) => [normaliseHeader(c.label), c]));
  const headerOf = new Map<number, string>();
  const colAt = new Map<number, SheetColumn>();
  const rowsByRecord = new Map<string, RawRecord>();
  let headerRead = false;
  let autoNo = 0;

  const sheetXml = guard.kept.get(data.path);
  if (!sheetXml) {
    result.issues.push(fileIssue('corrupt_xlsx', `工作表“${DATA_SHEET}”的内容缺失，文件可能已损坏，请在 Excel 中重新保存后上传`));
    return result;
  }
  const metaSheet = sheets.find((x) => x.name === META_SHEET);
  try {
    const shared = parseSharedStrings(guard.kept.get('xl/sharedStrings.xml')?.toString('utf8'));
    const dateStyles = parseDateStyles(guard.kept.get('xl/styles.xml')?.toString('utf8'));
    const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(1|true)"/.test(guard.kept.get('xl/workbook.xml')?.toString('utf8') ?? '');
    const metaXml = metaSheet ? guard.kept.get(metaSheet.path) : undefined;
    if (!result.templateItemType && metaXml) {
      const meta = new Map<string, string>();
      for (const row of readSheetRows(metaXml.toString('utf8'), shared, dateStyles, date1904)) meta.set(cellText(row.values[1] as Cell), cellText(row.values[2] as Cell));
      if (meta.get(TEMPLATE_MARK) !== undefined) result.templateItemType = meta.get('itemType') ?? null;
    }
    for (const row of readSheetRows(sheetXml.toString('utf8'), shared, dateStyles, date1904)) {
      const values = row.values as Cell[];
      if (!headerRead) {
        if (row.number !== 1) {
          result.issues.push(fileIssue('wrong_template', `“${DATA_SHEET}”工作表第1行应为列标题（模板的表头），但第1行是空的`));
          return result;
        }
        headerRead = true;
        if (!checkHeader(values, columns, byHeader, headerOf, colAt, result)) return result;
        continue;
      }
      if (result.dataRows >= maxRows) {
        result.issues.push(fileIssue('too_many_rows', `数据超过 ${maxRows} 行，请分成多个文件导入`));
        return result;
      }
      const map = new Map<string, unknown>();
      for (let i = 1; i < values.length; i++) {
        const v = values[i];
        if (v === undefined || v === null || v === '') continue;
        const col = colAt.get(i);
        if (!col && ignored(headerOf.get(i))) continue;
        if (!col) {
          result.issues.push({ row: row.number, column: columnLetter(i), header: null, message: '该列没有列标题，不属于模板，请删除该单元格的内容', code: 'cell_outside_template' });
          continue;
        }
        const here = { row: row.number, column: columnLetter(i), header: headerOf.get(i) ?? null };
        if (typeof v === 'object' && !(v instanceof Date)) {
          if ('formula' in v) {
            result.issues.push({ ...here, message: '单元格含有公式，请复制后“选择性粘贴为数值”再导入', code: 'formula' });
            continue;
          }
          if ('error' in v) {
            result.issues.push({ ...here, message: `单元格是错误值 ${v.error ?? ''}，请填写有效的值`, code: 'cell_error' });
            continue;
          }
        }
        const value = typeof v === 'object' && !(v instanceof Date) ? cellText(v) : v;
        if (typeof value === 'string' && value.trim() === '') continue;
        map.set(col.key, value);
      }
      if (map.size === 0) continue; // a blank row
      result.dataRows++;
      const rawNo = map.get('_record');
      map.delete('_record');
      const recordNo = rawNo === undefined ? `#auto-${++autoNo}` : String(rawNo instanceof Date ? rawNo.toISOString() : rawNo).trim();
      let rec = rowsByRecord.get(recordNo);
      if (!rec) rowsByRecord.set(recordNo, (rec = { recordNo, rows: [], values: [] }));
      rec.rows.push(row.number);
      rec.values.push(map);
    }
  } catch (e) {
    result.issues.push(fileIssue('corrupt_xlsx', `无法读取工作簿：${e instanceof Error ? e.message.slice(0, 200) : '格式错误'}。请在 Excel 中重新保存后上传`));
    return result;
  }
  if (!headerRead) {
    result.issues.push(fileIssue('wrong_template', `“${DATA_SHEET}”工作表是空的：缺少列标题和数据`));
    return result;
  }
  result.fatal = false;
  for (const [k, c] of colAt) result.positions.set(c.key, k);
  for (const ref of merges) {
    const m = /^([A-Z]+)(\d+)/.exec(ref)!;
    const colNo = letterToNumber(m[1]!);
    result.issues.push({ row: Number(m[2]), column: m[1]!, header: headerOf.get(colNo) ?? null, message: `单元格 ${ref} 是合并单元格，请取消合并，并在每个单元格中分别填写值`, code: 'merged_cells' });
  }
  result.records = [...rowsByRecord.values()];
  if (result.dataRows === 0 && !result.issues.length) result.issues.push(fileIssue('no_rows', `“${DATA_SHEET}”工作表中没有数据行`));
  return result;
}

const ignored = (h: string | undefined) => h !== undefined && (EXPORT_ONLY_HEADERS as readonly string[]).includes(normaliseHeader(h));

export function letterToNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function checkHeader(values: Cell[], columns: readonly SheetColumn[], byHeader: Map<string, SheetColumn>, headerOf: Map<number, string>, colAt: Map<number, SheetColumn>, result: SheetRead): boolean {
  const found = new Set<string>();
  let bad = false;
  for (let i = 1; i < values.length; i++) {
    const v = values[i];
    if (v === undefined || v === null) continue;
    if (typeof v === 'object' && !(v instanceof Date) && ('formula' in v || 'sharedFormula' in v)) {
      result.issues.push({ row: 1, column: columnLetter(i), header: null, message: '列标题不能是公式', code: 'formula' });
      bad = true;
      continue;
    }
    const text = cellText(v).trim();
    if (!text) continue;
    headerOf.set(i, text);
    if ((EXPORT_ONLY_HEADERS as readonly string[]).includes(normaliseHeader(text))) continue; // written by an export: ignored
    const col = byHeader.get(normaliseHeader(text));
    if (!col) {
      result.issues.push({ row: 1, column: columnLetter(i), header: text, message: `列标题“${text}”不属于该信息类型的模板（可能选错了模板或信息类型）`, code: 'unknown_header' });
      bad = true;
      continue;
    }
    if (found.has(col.key)) {
      result.issues.push({ row: 1, column: columnLetter(i), header: text, message: `列标题“${text}”重复出现`, code: 'duplicate_header' });
      bad = true;
      continue;
    }
    found.add(col.key);
    colAt.set(i, col);
  }
  const missing = columns.filter((c) => !found.has(c.key));
  if (missing.length) {
    result.issues.push({ row: 1, column: null, header: null, message: `缺少模板中的列：${missing.map((c) => `“${c.label}”`).join('、')}。请使用本系统为该信息类型下载的最新模板`, code: 'missing_header' });
    bad = true;
  }
  return !bad;
}
