// Streamed exports of public lists to xlsx and CSV (issue 4 §3). Rows are read page by page
// (keyset) and written as they come, so memory stays flat however long the list. Content comes
// only through public-json (withheld fields absent, personal ones masked).
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Db } from '../../db/index.ts';
import type { DisclosureService } from '../disclosures/service.ts';
import { toPublicJsonList, type PublicDisclosureJson } from '../disclosures/public-json.ts';
import { WITHHELD_LABEL } from '../disclosures/public-view.ts';
import type { ItemType, ItemTypeRegistry } from '../item-types/service.ts';
import { DATA_SHEET, EXPORT_ONLY_HEADERS, headerText, META_SHEET, recordToRows, sheetColumns, TEMPLATE_MARK, TEMPLATE_VERSION, toCellValue, type SheetColumn } from './columns.ts';
import { BOM, csvLine } from './csv.ts';
import { currentBodies } from './repository.ts';
import { DATA_VIEWS, setUpDataSheet } from './template.ts';

export type ExportFormat = 'xlsx' | 'csv';
export type ListFilter = Parameters<DisclosureService['listPublicAfter']>[0];

export interface ExportDeps {
  db: Db;
  disclosures: DisclosureService;
  itemTypes: ItemTypeRegistry;
  baseUrl: string;
}

const PAGE = 500;

const GENERIC_HEADERS = ['信息编号', '标题', '领域', '信息类型', '发布单位', '所属项目编号', '所属项目', '信息形成日期', '首次发布时间', '最近发布时间', '版本', '状态', '公开链接'] as const;

/** UTC timestamp as China time text, “2026-11-26 10:00”. */
function chinaTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

/** A sink for rows: xlsx (streaming workbook writer) or CSV text, both with backpressure. */
interface RowSink {
  header(cells: readonly string[]): Promise<void>;
  row(cells: readonly unknown[]): Promise<void>;
  end(): Promise<void>;
}

function write(out: Writable, s: string): Promise<void> {
  return out.write(s) ? Promise.resolve() : new Promise((resolve) => out.once('drain', resolve));
}

function csvSink(out: Writable): RowSink {
  return {
    header: (cells) => write(out, BOM + csvLine(cells)),
    row: (cells) => write(out, csvLine(cells.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c)))),
    end: () => new Promise((resolve) => out.end(resolve)),
  };
}

function xlsxSink(out: Writable, opts: { cols?: readonly SheetColumn[]; itemType?: ItemType; sheetName: string }): RowSink {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'gongkai';
  if (opts.itemType) {
    // The import recognises the item type of an exported file by these core properties.
    const props = wb as unknown as { subject: string; keywords: string };
    props.subject = TEMPLATE_MARK;
    props.keywords = opts.itemType.code;
  }
  const ws = wb.addWorksheet(opts.sheetName, { views: opts.cols ? DATA_VIEWS : [{ state: 'frozen', ySplit: 1 }] });
  let rows = 0;
  return {
    async header(cells) {
      if (opts.cols) setUpDataSheet(ws, opts.cols, { notes: false, extraHeaders: EXPORT_ONLY_HEADERS });
      else {
        ws.columns = cells.map((h) => ({ key: h, width: h === '标题' || h === '所属项目' ? 40 : h === '公开链接' ? 36 : 16 }));
        const r = ws.getRow(1);
        cells.forEach((h, i) => {
          r.getCell(i + 1).value = h;
          r.getCell(i + 1).font = { bold: true };
        });
      }
      ws.getRow(1).commit();
    },
    async row(cells) {
      ws.addRow([...cells]).commit();
      // Let the zip stream drain every so often: the writer itself does not wait.
      if (++rows % 200 === 0 && out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve));
    },
    async end() {
      ws.commit();
      if (opts.itemType) {
        const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
        meta.addRow([TEMPLATE_MARK, TEMPLATE_VERSION]).commit();
        meta.addRow(['itemType', opts.itemType.code]).commit();
        meta.commit();
      }
      await wb.commit();
    },
  };
}

/** Public field values with withheld fields and cells written as 依法不予公开. */
function withWithheld(d: PublicDisclosureJson): Record<string, unknown> {
  const values: Record<string, unknown> = structuredClone(d.fields);
  for (const w of d.withheld) {
    const [key, index, col] = w.field.split('.');
    if (index === undefined) values[key!] = WITHHELD_LABEL;
    else {
      const rows = values[key!];
      if (Array.isArray(rows) && rows[Number(index)] && col) (rows[Number(index)] as Record<string, unknown>)[col] = WITHHELD_LABEL;
    }
  }
  return values;
}

/**
 * Writes a public list. With an item type the layout is that type's import template (so the file
 * can be imported again) plus the export-only columns; without one, one generic row per disclosure.
 */
export async function exportList(out: Writable, format: ExportFormat, deps: ExportDeps, filter: ListFilter, itemType?: ItemType): Promise<number> {
  const cols = itemType ? sheetColumns(itemType.fields) : undefined;
  const sink = format === 'csv' ? csvSink(out) : xlsxSink(out, { sheetName: itemType ? DATA_SHEET : '公开信息', ...(cols ? { cols } : {}), ...(itemType ? { itemType } : {}) });
  await sink.header(cols ? [...cols.map(headerText), ...EXPORT_ONLY_HEADERS] : GENERIC_HEADERS);
  let cursor: { at: string; id: number } | null = null;
  let count = 0;
  for (;;) {
    const rows = await deps.disclosures.listPublicAfter(filter, PAGE, cursor);
    if (!rows.length) break;
    const json = await toPublicJsonList(deps.db, deps.itemTypes, deps.baseUrl, rows);
    const bodies = cols ? await currentBodies(deps.db, rows.map((r) => r.id)) : new Map<number, string>();
    for (const d of json) {
      count++;
      const extra = [d.id, d.url, chinaTime(d.firstPublishedAt), d.version];
      if (!cols) {
        await sink.row([d.id, d.title, deps.itemTypes.sectorName(d.sector), d.itemType.name, d.department.name, d.project?.code ?? '', d.project?.title ?? '', d.formedDate, chinaTime(d.firstPublishedAt), chinaTime(d.lastPublishedAt), d.version, d.state === 'withdrawn' ? '已撤回' : '已发布', d.url]);
        continue;
      }
      const fields = withWithheld(d);
      const record = { title: d.title, formedDate: d.formedDate, projectCode: d.project?.code ?? null, body: bodies.get(d.id) ?? '', fields };
      for (const r of recordToRows(cols, count, record)) {
        await sink.row([...cols.map((c) => (r[c.key] === WITHHELD_LABEL ? WITHHELD_LABEL : c.kind === 'record' ? r[c.key] : toCellValue(c.type, r[c.key]))), ...extra]);
      }
    }
    const last = rows[rows.length - 1]!;
    cursor = { at: last.first_published_at!, id: last.id };
    if (rows.length < PAGE) break;
  }
  await sink.end();
  return count;
}

/** A generic table (project list and other lists of other modules) to xlsx or CSV. */
export async function exportTable(out: Writable, format: ExportFormat, sheetName: string, headers: readonly string[], rows: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>): Promise<void> {
  const sink = format === 'csv' ? csvSink(out) : xlsxSink(out, { sheetName });
  await sink.header(headers);
  for await (const r of rows) await sink.row(r);
  await sink.end();
}

