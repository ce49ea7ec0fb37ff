// Exports a dashboard table as an .xlsx workbook (ExcelJS 4.4; SheetJS is avoided, see STACK.md).
// Headers are the Chinese column titles of the page; numbers stay numbers so they can be summed.
import ExcelJS from 'exceljs';

export interface XlsxColumn<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | null;
  /** Excel number format, e.g. '0.0%' for rates stored as fractions. */
  numFmt?: string;
}

export interface XlsxTable<T> {
  sheet: string;
  /** Shown in the first row above the header (what, when, definition). */
  title: string;
  columns: XlsxColumn<T>[];
  rows: readonly T[];
}

/** The first row holds the title, the second the headers, data from the third. */
export const XLSX_HEADER_ROW = 2;

export async function tableToXlsx<T>(t: XlsxTable<T>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'gongkai';
  wb.created = new Date();
  // Excel limits sheet names to 31 characters and forbids []:*?/\.
  const ws = wb.addWorksheet(t.sheet.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31));
  ws.addRow([t.title]).font = { bold: true };
  const header = ws.addRow(t.columns.map((c) => c.header));
  header.font = { bold: true };
  for (const r of t.rows) ws.addRow(t.columns.map((c) => c.value(r)));
  t.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = c.width ?? Math.max(10, Math.min(40, c.header.length * 2 + 4));
    if (c.numFmt) col.numFmt = c.numFmt;
  });
  ws.views = [{ state: 'frozen', ySplit: XLSX_HEADER_ROW }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
