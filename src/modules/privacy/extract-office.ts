// Text of DOCX (paragraphs; table rows as tab-separated lines) and XLSX (cell by cell, through
// ExcelJS 4.4), and the masked rendition of an XLSX. Every package passes the bounded zip checks
// (domain/zip.ts, with this module's limits and wording below) before any parser inflates it.
import ExcelJS from 'exceljs';
import { readEntry, verifyAllEntries, zipDirectory, ZipError, type ZipEntry, type ZipLimits, type ZipMessages, type ZipReadOptions } from '../../domain/zip.ts';
import { REMOVED, maskAddress, maskField, maskIdNumber, maskName, maskText } from './masking.ts';
import { scanGrid, type CellHit, type ScanOptions } from './scan-core.ts';

const ZIP_LIMITS: ZipLimits = { maxEntries: 5000, maxTotalBytes: 200 * 1024 * 1024, maxEntryBytes: 100 * 1024 * 1024, maxRatio: 200 };

const zipMessages: ZipMessages = (code, d, limits) => {
  switch (code) {
    case 'ole_container':
      return '文件已加密（设置了打开密码）或是旧版 Office 97–2003 格式，无法自动检查';
    case 'not_zip':
      return '文件不是有效的 Office 文档（不是 ZIP 包）';
    case 'no_directory':
      return '文件已损坏或不完整（找不到压缩包目录）';
    case 'zip64':
      return '文件使用 ZIP64 超大格式，超出自动检查的上限';
    case 'too_many_entries':
      return `文件包含 ${d.count} 个压缩条目，超过上限 ${limits.maxEntries}，疑似“压缩炸弹”`;
    case 'bad_directory':
      return '文件已损坏（压缩包目录位置不正确）';
    case 'bad_directory_entry':
      return '文件已损坏（压缩包目录条目不正确）';
    case 'encrypted':
      return '文件已加密（设置了密码），无法自动检查';
    case 'unsupported_method':
      return `文件使用了不支持的压缩方式（${d.method}）`;
    case 'entry_too_large':
      return `条目“${d.name}”解压后 ${Math.round((d.size ?? 0) / 1048576)} MB，超过上限，疑似“压缩炸弹”`;
    case 'total_too_large':
      return `文件解压后超过 ${Math.round(limits.maxTotalBytes / 1048576)} MB，疑似“压缩炸弹”`;
    case 'ratio_too_high':
      return `条目“${d.name}”的压缩比异常（${Math.round(d.ratio ?? 0)}:1），疑似“压缩炸弹”`;
    case 'bad_local_header':
      return `文件已损坏（条目“${d.name}”位置不正确）`;
    case 'truncated_entry':
      return `文件已损坏（条目“${d.name}”不完整）`;
    case 'size_mismatch':
      return `文件已损坏（条目“${d.name}”大小不符）`;
    case 'inflates_beyond_declared':
      return `条目“${d.name}”解压后大于其声明的大小，疑似“压缩炸弹”`;
    case 'inflate_failed':
      return `文件已损坏（条目“${d.name}”无法解压）`;
  }
};

const ZIP: ZipReadOptions = { limits: ZIP_LIMITS, messages: zipMessages };

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, g: string) => {
    try {
      if (g.startsWith('#x')) return String.fromCodePoint(parseInt(g.slice(2), 16));
      if (g.startsWith('#')) return String.fromCodePoint(Number(g.slice(1)));
    } catch {
      return m;
    }
    return XML_ENTITIES[g] ?? m;
  });
}

function paragraphText(xml: string): string {
  let s = '';
  for (const m of xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:(tab|br|cr)\/>/g)) s += m[1] !== undefined ? decodeXml(m[1]) : m[2] === 'tab' ? '\t' : ' ';
  return s;
}

/**
 * WordprocessingML → lines: one per paragraph, one per table row (cells joined by tabs, a cell's
 * paragraphs by spaces). Nested tables are flattened into their cell.
 */
export function docxXmlLines(xml: string): string[] {
  const lines: string[] = [];
  // Tables first cut out, so their paragraphs are not also counted as body paragraphs.
  const parts = xml.split(/(<w:tbl>[^]*?<\/w:tbl>)/);
  for (const part of parts) {
    if (part.startsWith('<w:tbl>')) {
      for (const row of part.split(/<\/w:tr>/)) {
        const cells = row.split(/<\/w:tc>/).slice(0, -1).map((c) => c.split(/<\/w:p>/).map(paragraphText).filter(Boolean).join(' '));
        if (cells.some((c) => c.trim())) lines.push(cells.join('\t'));
      }
    } else {
      for (const p of part.split(/<\/w:p>/)) {
        const t = paragraphText(p);
        if (t.trim()) lines.push(t);
      }
    }
  }
  return lines;
}

export interface DocxText {
  /** Numbered lines of the main document, then headers, footers and notes. */
  lines: string[];
  /** Embedded pictures over 100 KB: their text cannot be read. */
  largeImages: number;
}

export function extractDocxText(buf: Buffer): DocxText {
  const entries = zipDirectory(buf, ZIP);
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('word/document.xml')) throw new ZipError('invalid_package', 'DOCX 文件结构不完整（缺少 word/document.xml）');
  const order = (e: ZipEntry) => (e.name === 'word/document.xml' ? 0 : 1);
  const parts = entries.filter((e) => /^word\/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/.test(e.name)).sort((a, b) => order(a) - order(b));
  const lines: string[] = [];
  for (const e of parts) lines.push(...docxXmlLines(readEntry(buf, e, ZIP).toString('utf8')));
  const largeImages = entries.filter((e) => e.name.startsWith('word/media/') && e.size > 100 * 1024).length;
  return { lines, largeImages };
}

// ---- XLSX ----

export interface XlsxLimits {
  maxCells: number;
}
export const DEFAULT_XLSX_LIMITS: XlsxLimits = { maxCells: 500_000 };

function cellText(v: ExcelJS.CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  // An 18-digit number stored as a number has lost its last digits already; 15-digit ones fit.
  if (typeof v === 'number') return Number.isSafeInteger(v) ? String(v) : '';
  if (typeof v === 'boolean' || v instanceof Date) return '';
  if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
  if ('text' in v && typeof v.text === 'string') return v.text;
  if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
  return '';
}

export interface XlsxRow {
  sheet: string;
  row: number;
  cells: { address: string; col: number; text: string }[];
}

export interface XlsxScan {
  workbook: ExcelJS.Workbook;
  rows: { row: XlsxRow; hits: CellHit[] }[];
  cells: number;
  truncated?: string;
}

/** Loads a workbook after the zip checks and detects row by row (bounded by maxCells). */
export async function scanXlsx(buf: Buffer, opts: ScanOptions = {}, limits: XlsxLimits = DEFAULT_XLSX_LIMITS): Promise<XlsxScan> {
  const entries = zipDirectory(buf, ZIP);
  if (!entries.some((e) => e.name === 'xl/workbook.xml')) throw new ZipError('invalid_package', 'XLSX 文件结构不完整（缺少 xl/workbook.xml）');
  verifyAllEntries(buf, entries, ZIP);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch (e) {
    throw new ZipError('invalid_package', `XLSX 文件无法解析（${(e as Error).message.slice(0, 80)}）`);
  }
  const rows: XlsxScan['rows'] = [];
  let cells = 0;
  let truncated: string | undefined;
  for (const ws of wb.worksheets) {
    if (truncated) break;
    const sheetRows: XlsxRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      if (truncated) return;
      const r: XlsxRow = { sheet: ws.name, row: rowNumber, cells: [] };
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        r.cells.push({ address: cell.address, col, text: cellText(cell.value) });
      });
      cells += r.cells.length;
      if (cells > limits.maxCells) {
        truncated = `工作表“${ws.name}”第${rowNumber}行起超过 ${limits.maxCells} 个单元格的上限，其余未检查`;
        return;
      }
      sheetRows.push(r);
    });
    // One detection per sheet (rows as lines), so context that spans rows works as in text.
    const hits = scanGrid(sheetRows.map((r) => r.cells.map((c) => c.text)), opts);
    const byRow = new Map<number, CellHit[]>();
    for (const h of hits) byRow.set(h.row, [...(byRow.get(h.row) ?? []), { cell: h.cell, finding: h.finding }]);
    sheetRows.forEach((r, i) => rows.push({ row: r, hits: byRow.get(i) ?? [] }));
  }
  return { workbook: wb, rows, cells, ...(truncated ? { truncated } : {}) };
}

// Column headers that say what a column holds: a beneficiary list's name column is masked even
// though names are not detected in free text (MASK_RULES / NAME_MASK_RULE).
const HEADER_RULES: [RegExp, (v: string) => string][] = [
  [/身份证|证件号/, (v) => maskIdNumber(v)],
  [/银行|账号|卡号|账户/, () => REMOVED],
  [/电话|手机|联系方式/, (v) => maskField('phone', v)],
  [/住址|家庭地址|居住地/, (v) => maskAddress(v)],
  [/姓名|户主|申请人|户名|联系人|收款人/, (v) => (/^[\u4e00-\u9fff·]{2,8}$/.test(v.trim()) ? maskName(v) : v)],
];

/**
 * The masked rendition: every detected value masked in its cell, and whole columns masked by their
 * header (姓名/户主 → 张**, 身份证号 → 44**…123, 银行账号 → removed). Formulas in masked cells
 * are replaced by their masked value. Returns the new file.
 */
export async function maskedXlsx(scan: XlsxScan): Promise<Buffer> {
  // The header of a sheet: its first row with a recognised column title.
  const headers = new Map<string, { row: number; rules: Map<number, (v: string) => string> }>();
  for (const { row } of scan.rows) {
    if (headers.has(row.sheet)) continue;
    const rules = new Map<number, (v: string) => string>();
    for (const c of row.cells) {
      const rule = HEADER_RULES.find(([re]) => re.test(c.text) && c.text.length <= 20);
      if (rule) rules.set(c.col, rule[1]);
    }
    if (rules.size) headers.set(row.sheet, { row: row.row, rules });
  }
  for (const { row, hits } of scan.rows) {
    const ws = scan.workbook.getWorksheet(row.sheet);
    if (!ws) continue;
    const header = headers.get(row.sheet);
    row.cells.forEach((c, i) => {
      const own = hits.filter((h) => h.cell === i).map((h) => h.finding);
      // A column rule applies to the original value; what it leaves unchanged is masked finding by finding.
      const byHeader = header && row.row > header.row && c.text.trim() ? header.rules.get(c.col) : undefined;
      let text = byHeader ? byHeader(c.text) : c.text;
      if (text === c.text && own.length) text = maskText(c.text, own);
      if (text !== c.text) ws.getCell(c.address).value = text;
    });
  }
  scan.workbook.creator = 'gongkai';
  const out = await scan.workbook.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
