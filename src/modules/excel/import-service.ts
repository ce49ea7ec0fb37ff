// Excel import (issue 4 §3): read the workbook, check every row against the item type's field
// rules, name every problem by row, column and reason; save nothing until the whole file is clean,
// then save every record as a draft in one transaction (DisclosureService.createDraftsBulk).
import crypto from 'node:crypto';
import type { Executor } from '../../db/index.ts';
import { AppError, forbidden, type ErrorDetail } from '../../domain/errors.ts';
import { canEdit, type Principal } from '../accounts/service.ts';
import type { DisclosureService, DraftInput } from '../disclosures/service.ts';
import type { ItemType } from '../item-types/service.ts';
import { findProjectsByCodes } from '../projects/service.ts';
import { columnLetter, sheetColumns, type SheetColumn } from './columns.ts';
import { readImportSheet, type ImportIssue, type RawRecord } from './reader.ts';

export interface ImportReport {
  itemType: { code: string; name: string };
  fileName: string;
  sha256: string;
  dataRows: number;
  records: number;
  issues: ImportIssue[];
  /** Ids of the drafts written; null when nothing was saved (a check, or problems found). */
  saved: number[] | null;
}

export interface ImportRequest {
  itemType: ItemType;
  departmentId: number;
  fileName: string;
  data: Buffer;
  /** false: dry run – report only. */
  save: boolean;
}

/** Excel dates arrive as Date (UTC midnight), serial numbers or text such as 2026/3/1 or 2026年3月1日. */
export function normaliseDateCell(v: unknown): unknown {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? v : new Date(v.getTime() + 1000).toISOString().slice(0, 10);
  if (typeof v === 'number' && v > 0 && v < 2_958_466 && Number.isFinite(v)) {
    return new Date(Date.UTC(1899, 11, 30) + Math.round(v * 86_400_000)).toISOString().slice(0, 10);
  }
  if (typeof v === 'string') {
    const s = v.normalize('NFKC').trim();
    const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s);
    if (m) return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  }
  return v;
}

const sameValue = (a: unknown, b: unknown) => String(a instanceof Date ? a.getTime() : a).trim() === String(b instanceof Date ? b.getTime() : b).trim();

interface Assembled {
  input: DraftInput;
  projectCode: string | null;
  /** Sheet row of each value: `title`, `f.key` → row; `f.table.i` → row of table row i. */
  rowOf: Map<string, number>;
  firstRow: number;
}

export class ExcelImportService {
  constructor(
    private readonly db: Executor,
    private readonly disclosures: DisclosureService,
  ) {}

  async run(p: Principal, req: ImportRequest): Promise<ImportReport> {
    if (!canEdit(p, req.departmentId)) throw forbidden('只有本单位信息员可以导入信息');
    const t = req.itemType;
    const report: ImportReport = { itemType: { code: t.code, name: t.name }, fileName: req.fileName, sha256: crypto.createHash('sha256').update(req.data).digest('hex'), dataRows: 0, records: 0, issues: [], saved: null };
    const cols = sheetColumns(t.fields);
    const read = await readImportSheet(req.data, cols);
    report.dataRows = read.dataRows;
    report.records = read.records.length;
    report.issues.push(...read.issues);
    if (read.templateItemType && read.templateItemType !== t.code) {
      report.issues.unshift({ row: null, column: null, header: null, code: 'wrong_template', message: `该文件是信息类型“${read.templateItemType}”的模板，与所选信息类型“${t.name}”（${t.code}）不一致。请选择正确的信息类型，或下载“${t.name}”的模板` });
      return finish(report);
    }
    if (read.fatal) return finish(report);

    const byKey = new Map(cols.map((c) => [c.key, c]));
    const cell = (row: number, key: string, message: string, code: string): ImportIssue => {
      const c = byKey.get(key);
      const pos = read.positions.get(key);
      return { row, column: pos ? columnLetter(pos) : null, header: c?.label ?? null, message, code };
    };
    const assembled = read.records.map((r) => assemble(r, cols, byKey, req.departmentId, t.id, (i) => report.issues.push(i), cell));

    // Projects by code (or ocid): one query for the file.
    const codes = [...new Set(assembled.map((a) => a.projectCode).filter((x): x is string => !!x))];
    const projects = await findProjectsByCodes(this.db, codes);
    for (const a of assembled) {
      if (!a.projectCode) continue;
      const hits = projects.filter((p) => p.code === a.projectCode || p.ocid === a.projectCode);
      if (hits.length === 1 && hits[0]!.sector === t.sector) a.input.projectId = hits[0]!.id;
      else {
        const msg = hits.length === 0 ? `项目编号“${a.projectCode}”不存在，请先在“项目登记”中登记该项目` : hits.length > 1 ? `项目编号“${a.projectCode}”对应多个项目，请改填 ocid` : `项目“${a.projectCode}”不属于${t.sector}领域，不能挂接“${t.name}”`;
        report.issues.push(cell(a.rowOf.get('projectCode') ?? a.firstRow, 'projectCode', msg, 'unknown_project'));
      }
    }

    // The same rules as the form (DisclosureService.validateDraft), mapped back to cells. When
    // saving, createDraftsBulk validates every record itself (once) before writing anything.
    if (!report.issues.length && req.save) {
      try {
        report.saved = await this.disclosures.createDraftsBulk(p, assembled.map((a) => a.input), { source: 'xlsx', file: req.fileName, sha256: report.sha256 });
        return report;
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 400) throw e;
        for (const d of e.details) {
          const m = /^(\d+)\.(.*)$/.exec(d.field);
          const a = m ? assembled[Number(m[1])] : undefined;
          if (a) report.issues.push(locate({ ...d, field: m![2]! }, a, cell, t));
        }
        return finish(report);
      }
    }
    for (const a of assembled) {
      try {
        this.disclosures.validateDraft(a.input);
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 400) throw e;
        for (const d of e.details) report.issues.push(locate(d, a, cell, t));
      }
    }
    return finish(report);
  }
}

function finish(r: ImportReport): ImportReport {
  const colNo = (c: string | null) => (c ? c.length * 100 + c.charCodeAt(c.length - 1) : 0);
  r.issues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || colNo(a.column) - colNo(b.column));
  return r;
}

function assemble(
  r: RawRecord,
  cols: readonly SheetColumn[],
  byKey: Map<string, SheetColumn>,
  departmentId: number,
  itemTypeId: number,
  issue: (i: ImportIssue) => void,
  cell: (row: number, key: string, message: string, code: string) => ImportIssue,
): Assembled {
  // Where each value sits matters only in a record of several rows: otherwise every value is on
  // its first row (the fallback of every lookup), and 50,000 maps are garbage not worth making.
  const rowOf = new Map<string, number>();
  const single = r.rows.length === 1;
  const own: Record<string, unknown> = {};
  const tables = new Map<string, { rows: Record<string, unknown>[]; sheetRows: number[] }>();
  r.values.forEach((values, i) => {
    const row = r.rows[i]!;
    const tableRow = new Map<string, Record<string, unknown>>();
    for (const [key, raw] of values) {
      const c = byKey.get(key)!;
      let v = c.type === 'date' ? normaliseDateCell(raw) : raw;
      if ((c.type === 'idNumber' || c.type === 'creditCode') && typeof v === 'number') {
        issue(cell(row, key, `${c.label}被 Excel 存成了数字（末几位可能已丢失），请把该列设为“文本”格式后重新填写`, 'number_for_code'));
        continue;
      }
      if (c.type === 'date' && v instanceof Date) v = 'invalid';
      if (c.kind === 'cell') {
        const tk = c.table!.key;
        let tr = tableRow.get(tk);
        if (!tr) tableRow.set(tk, (tr = {}));
        tr[c.def!.key] = v;
        continue;
      }
      const k = c.key; // `projectCode` (meta) and `f.projectCode` (a field) are different columns
      if (k in own) {
        if (!sameValue(own[k], v)) issue(cell(row, key, `同一记录（记录序号 ${r.recordNo}）的各行中“${c.label}”不一致：第${rowOf.get(c.key)}行是“${String(own[k])}”。请在各行填写相同的值，或只在第一行填写`, 'inconsistent_record'));
        continue;
      }
      own[k] = v;
      if (!single) rowOf.set(c.key, row);
    }
    for (const [tk, tr] of tableRow) {
      let t = tables.get(tk);
      if (!t) tables.set(tk, (t = { rows: [], sheetRows: [] }));
      if (!single) rowOf.set(`f.${tk}.${t.rows.length}`, row);
      t.rows.push(tr);
      t.sheetRows.push(row);
    }
  });
  const fields: Record<string, unknown> = {};
  for (const c of cols) if (c.kind === 'field' && c.key in own) fields[c.def!.key] = own[c.key];
  for (const [tk, t] of tables) fields[tk] = t.rows;
  const str = (v: unknown) => (v === undefined || v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
  const formed = own.formedDate;
  return {
    input: { itemTypeId, departmentId, projectId: null, title: str(own.title), body: str(own.body), formedDate: str(formed).trim(), fields },
    projectCode: own.projectCode !== undefined ? str(own.projectCode).trim() : null,
    rowOf,
    firstRow: r.rows[0]!,
  };
}

/** Maps a validation detail (`title`, `f.key`, `f.table.i.col`) to its sheet cell. */
function locate(d: ErrorDetail, a: Assembled, cell: (row: number, key: string, message: string, code: string) => ImportIssue, t: ItemType): ImportIssue {
  const code = d.code ?? 'invalid';
  if (!d.field.startsWith('f.')) return cell(a.rowOf.get(d.field) ?? a.firstRow, d.field, d.message, code);
  const parts = d.field.slice(2).split('.');
  if (parts.length >= 3) {
    const [table, index, col] = parts as [string, string, string];
    return cell(a.rowOf.get(`f.${table}.${index}`) ?? a.firstRow, `f.${table}.${col}`, d.message, code);
  }
  const def = t.fields.find((f) => f.key === parts[0]);
  if (def?.type === 'table') {
    const firstCol = def.columns?.[0];
    return { ...cell(a.firstRow, `f.${def.key}.${firstCol?.key ?? ''}`, d.message, code), header: def.label };
  }
  return cell(a.rowOf.get(d.field) ?? a.firstRow, d.field, d.message, code);
}
