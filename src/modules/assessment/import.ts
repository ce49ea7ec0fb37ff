// Reads a third-party evaluation's scores from an .xlsx (pure: buffer in, rows or issues out).
// Sheet: the first worksheet; header row 1 with 单位代码, 得分, 说明 (any order); one department per
// row. All-or-nothing: any issue and nothing is stored. Issues name the row and column letter, in
// the style of the Excel import (modules/excel/reader.ts ImportIssue).
import { columnLetter } from '../excel/columns.ts';
import type { ImportIssue } from '../excel/reader.ts';
import { parseSharedStrings, readSheetRows, type XmlCell } from '../excel/sheet-xml.ts';
import { inspectXlsx } from '../excel/zip-guard.ts';
import type { SchemeItem } from './scoring.ts';
import { checkScore } from './validate.ts';

export const IMPORT_HEADERS = { code: '单位代码', score: '得分', note: '说明' } as const;
export const MAX_IMPORT_ROWS = 500;

export interface ImportedScore {
  row: number;
  departmentId: number;
  points: number;
  note: string;
}

function text(v: XmlCell | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return 'formula' in v ? `=${v.formula}` : `#${v.error}`;
}

export function readScoreSheet(buf: Buffer, item: SchemeItem, departments: readonly { id: number; code: string }[]): { ok: true; rows: ImportedScore[] } | { ok: false; issues: ImportIssue[] } {
  const fileIssue = (code: string, message: string): ImportIssue => ({ row: null, column: null, header: null, message, code });
  const guard = inspectXlsx(buf, undefined, (n) => n === 'xl/sharedStrings.xml' || /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
  if (!guard.ok) return { ok: false, issues: [fileIssue(guard.problem.code, guard.problem.message)] };
  const sheetName = [...guard.kept.keys()].filter((k) => k.startsWith('xl/worksheets/')).sort((a, b) => Number(/(\d+)\.xml$/.exec(a)?.[1]) - Number(/(\d+)\.xml$/.exec(b)?.[1]))[0];
  if (!sheetName) return { ok: false, issues: [fileIssue('no_sheet', '工作簿中没有工作表')] };
  const shared = parseSharedStrings(guard.kept.get('xl/sharedStrings.xml')?.toString('utf8'));
  const issues: ImportIssue[] = [];
  const rows: ImportedScore[] = [];
  const byCode = new Map(departments.map((d) => [d.code.toLowerCase(), d]));
  const seen = new Map<number, number>();
  let cols: { code: number; score: number; note: number | null } | null = null;
  let dataRows = 0;
  for (const r of readSheetRows(guard.kept.get(sheetName)!.toString('utf8'), shared, [])) {
    const cells = Array.from(r.values, text);
    if (!cols) {
      const find = (h: string) => cells.findIndex((c) => c.replace(/\s/g, '') === h);
      const code = find(IMPORT_HEADERS.code);
      const score = find(IMPORT_HEADERS.score);
      const note = find(IMPORT_HEADERS.note);
      if (code < 1 || score < 1) return { ok: false, issues: [fileIssue('wrong_headers', `第${r.number}行应为表头，须包含“${IMPORT_HEADERS.code}”和“${IMPORT_HEADERS.score}”两列（“${IMPORT_HEADERS.note}”可选）；读到：${cells.filter(Boolean).map((c) => `“${c}”`).join('、') || '空行'}`)] };
      cols = { code, score, note: note >= 1 ? note : null };
      continue;
    }
    const codeText = cells[cols.code] ?? '';
    const scoreText = cells[cols.score] ?? '';
    const note = cols.note ? (cells[cols.note] ?? '') : '';
    if (!codeText && !scoreText && !note) continue;
    if (++dataRows > MAX_IMPORT_ROWS) return { ok: false, issues: [fileIssue('too_many_rows', `最多导入${MAX_IMPORT_ROWS}行`)] };
    const at = (col: number, header: string, code: string, message: string) => issues.push({ row: r.number, column: columnLetter(col), header, message, code });
    const dept = byCode.get(codeText.toLowerCase());
    if (!codeText) at(cols.code, IMPORT_HEADERS.code, 'required', '请填写单位代码');
    else if (!dept) at(cols.code, IMPORT_HEADERS.code, 'unknown_department', `未知的单位代码“${codeText.slice(0, 30)}”`);
    else if (seen.has(dept.id)) at(cols.code, IMPORT_HEADERS.code, 'duplicate', `单位“${codeText}”重复（已在第${seen.get(dept.id)}行出现）`);
    const s = checkScore(item, scoreText);
    if (!scoreText) at(cols.score, IMPORT_HEADERS.score, 'required', '请填写得分');
    else if (!s.ok) at(cols.score, IMPORT_HEADERS.score, 'out_of_range', s.message);
    if (note.length > 500 && cols.note) at(cols.note, IMPORT_HEADERS.note, 'too_long', '说明不能超过500个字');
    if (dept && !seen.has(dept.id) && s.ok) {
      seen.set(dept.id, r.number);
      rows.push({ row: r.number, departmentId: dept.id, points: s.points, note: note.slice(0, 500) });
    }
  }
  if (!cols) return { ok: false, issues: [fileIssue('empty_sheet', '工作表是空的')] };
  if (!dataRows) issues.push(fileIssue('no_rows', '表中没有数据行'));
  return issues.length ? { ok: false, issues } : { ok: true, rows };
}
