// The xlsx layout of an item type, shared by the template, the import and the export. Pure: no I/O.
//
// One sheet “数据”, one header row. Columns, left to right:
//   记录序号 | 标题 | 信息形成（变更）日期 | 所属项目编号 | 正文 | each scalar field | each table column
// A record (one disclosure) whose tables have several rows takes several sheet rows with the same
// 记录序号: row n of the record carries row n of every table; the record's own columns are repeated
// on every row (or left blank after the first). A table cell header reads “表格名·列名”.
import type { FieldDef, FieldType } from '../item-types/types.ts';

export type ColumnKind = 'record' | 'meta' | 'field' | 'cell';
export type MetaKey = 'title' | 'formedDate' | 'projectCode' | 'body';

export interface SheetColumn {
  /** Stable key written into the header note: `_record`, `title`, `f.<key>`, `f.<table>.<column>`. */
  key: string;
  kind: ColumnKind;
  /** Chinese header without the required mark. */
  label: string;
  required: boolean;
  type: FieldType;
  def?: FieldDef;
  /** For table cells: the table field. */
  table?: FieldDef;
  meta?: MetaKey;
  help: string;
}

export const DATA_SHEET = '数据';
export const GUIDE_SHEET = '填写说明';
export const OPTIONS_SHEET = '选项';
export const META_SHEET = '_gongkai';
export const TEMPLATE_MARK = 'gongkai-template';
export const TEMPLATE_VERSION = '1';
export const RECORD_HEADER = '记录序号';
/** Most rows one import may hold (the whole file is validated, then saved in one transaction). */
export const MAX_IMPORT_ROWS = 100_000;

const META: readonly { key: MetaKey; label: string; type: FieldType; required: boolean; help: string }[] = [
  { key: 'title', label: '标题', type: 'text', required: true, help: '公开信息的标题，最多200字。' },
  { key: 'formedDate', label: '信息形成（变更）日期', type: 'date', required: true, help: '信息形成或变更之日，公开时限由此起算；格式 YYYY-MM-DD，不能晚于今天。' },
  { key: 'projectCode', label: '所属项目编号', type: 'text', required: false, help: '本信息所属项目的项目编号（或 ocid），须是已登记的项目；不属于项目的留空。' },
  { key: 'body', label: '正文', type: 'textarea', required: false, help: '正文（可使用 Markdown），可留空。' },
];

export const TYPE_NAMES: Record<FieldType, string> = {
  text: '文本',
  textarea: '多行文本',
  integer: '整数',
  money: '金额（元）',
  decimal: '数字',
  date: '日期',
  enum: '选项',
  boolean: '是/否',
  creditCode: '统一社会信用代码',
  idNumber: '居民身份证号码',
  investmentCode: '投资项目代码',
  phone: '电话号码',
  url: '网址',
  table: '表格',
};

/** How to fill a value of this type (instructions sheet, header notes). */
export function formatHint(def: Pick<FieldDef, 'type' | 'options' | 'maxLength' | 'min' | 'max'>): string {
  switch (def.type) {
    case 'text':
      return `单行文本${def.maxLength ? `，最多${def.maxLength}字` : ''}`;
    case 'textarea':
      return `文本，可换行${def.maxLength ? `，最多${def.maxLength}字` : ''}`;
    case 'integer':
      return `整数${def.min !== undefined ? `，不小于${def.min}` : ''}${def.max !== undefined ? `，不大于${def.max}` : ''}`;
    case 'money':
      return `金额，单位元，最多两位小数，如 1234.56${(def.min ?? 0) < 0 ? '（可为负数）' : ''}`;
    case 'decimal':
      return `数字，最多6位小数${def.min !== undefined ? `，不小于${def.min}` : ''}${def.max !== undefined ? `，不大于${def.max}` : ''}`;
    case 'date':
      return '日期，格式 YYYY-MM-DD（如 2026-03-01），或 Excel 日期单元格';
    case 'enum':
      return `从下拉列表选择：${(def.options ?? []).join('、')}`;
    case 'boolean':
      return '从下拉列表选择“是”或“否”';
    case 'creditCode':
      return '18位统一社会信用代码（校验位会被检查）；单元格须为文本格式';
    case 'idNumber':
      return '18位居民身份证号码（校验位会被检查）；单元格须为文本格式；属于个人信息，公开时脱敏';
    case 'investmentCode':
      return '投资项目代码，如 2025-440204-48-01-012345';
    case 'phone':
      return '电话号码，如 0751-8888888 或 13800138000';
    case 'url':
      return '以 http:// 或 https:// 开头的网址';
    case 'table':
      return '表格';
  }
}

function fieldHelp(def: FieldDef): string {
  const parts = [formatHint(def)];
  if (def.help) parts.push(def.help);
  if (def.personal) parts.push('个人信息：公开时脱敏');
  if (def.confidential) {
    parts.push(def.confidential.until === 'always' ? `不对外公开（${def.confidential.basis}）` : `中标结果公布前不公开（${def.confidential.basis}）`);
  }
  return parts.join('；');
}

/** The columns of an item type's sheet, in order. Header labels are unique (checked). */
export function sheetColumns(fields: readonly FieldDef[]): SheetColumn[] {
  const cols: SheetColumn[] = [
    { key: '_record', kind: 'record', label: RECORD_HEADER, required: false, type: 'integer', help: '同一条信息占多行（表格有多行）时，各行填写相同的记录序号；每条信息一个序号，如 1、2、3。' },
    ...META.map((m) => ({ key: m.key, kind: 'meta' as const, label: m.label, required: m.required, type: m.type, meta: m.key, help: m.help })),
  ];
  for (const def of fields) {
    if (def.type === 'table') continue;
    cols.push({ key: `f.${def.key}`, kind: 'field', label: def.label, required: !!def.required, type: def.type, def, help: fieldHelp(def) });
  }
  for (const table of fields) {
    if (table.type !== 'table') continue;
    for (const c of table.columns ?? []) {
      cols.push({
        key: `f.${table.key}.${c.key}`,
        kind: 'cell',
        label: `${table.label}·${c.label}`,
        required: !!c.required,
        type: c.type,
        def: c,
        table,
        help: `${table.required ? '表格至少一行；' : ''}${c.required ? '填写该表格的行时必填；' : ''}${fieldHelp(c)}`,
      });
    }
  }
  // Two fields with one label would make the header ambiguous: disambiguate by key.
  const seen = new Map<string, number>();
  for (const c of cols) seen.set(c.label, (seen.get(c.label) ?? 0) + 1);
  for (const c of cols) if ((seen.get(c.label) ?? 0) > 1) c.label = `${c.label}（${c.key}）`;
  return cols;
}

/** Header text as written in the sheet: required columns start with “*”. */
export function headerText(c: SheetColumn): string {
  return c.required ? `*${c.label}` : c.label;
}

/** Header text as read back: tolerant of a dropped “*”, spaces, full-width characters and “（必填）”. */
export function normaliseHeader(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/^\*+/, '')
    .replace(/\(必填\)$/, '')
    .replace(/[·•・]/g, '·');
}

/** 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Records ↔ rows

export interface SheetRecord {
  title: string;
  formedDate: string;
  projectCode: string | null;
  body: string;
  fields: Record<string, unknown>;
}

/**
 * Flattens a record into sheet rows (values keyed by column key). Row count is the longest table,
 * at least one; the record's own columns are repeated on every row so each row reads on its own.
 */
export function recordToRows(cols: readonly SheetColumn[], recordNo: number, r: SheetRecord): Record<string, unknown>[] {
  const tables = cols.filter((c) => c.kind === 'cell').map((c) => c.table!.key);
  let n = 1;
  for (const t of new Set(tables)) {
    const v = r.fields[t];
    if (Array.isArray(v)) n = Math.max(n, v.length);
  }
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const row: Record<string, unknown> = {};
    for (const c of cols) {
      if (c.kind === 'record') row[c.key] = recordNo;
      else if (c.kind === 'meta') row[c.key] = c.meta === 'projectCode' ? (r.projectCode ?? null) : r[c.meta!];
      else if (c.kind === 'field') row[c.key] = r.fields[c.def!.key] ?? null;
      else {
        const list = r.fields[c.table!.key];
        const tr = Array.isArray(list) ? (list[i] as Record<string, unknown> | undefined) : undefined;
        row[c.key] = tr?.[c.def!.key] ?? null;
      }
    }
    rows.push(row);
  }
  return rows;
}

/**
 * Columns an export adds after the template's own (where the record was published). The import
 * ignores them, so an exported file goes straight back in as a template (round trip).
 */
export const EXPORT_ONLY_HEADERS = ['信息编号', '公开链接', '首次发布时间', '版本'] as const;

/** Excel number format of a column: text columns are “@” so codes keep leading zeros and all 18 digits. */
export function numFmtFor(type: FieldType): string {
  switch (type) {
    case 'money':
      return '#,##0.00';
    case 'decimal':
      return 'General';
    case 'integer':
      return '0';
    case 'date':
      return 'yyyy-mm-dd';
    case 'boolean':
    case 'enum':
      return 'General';
    default:
      return '@';
  }
}

const SAFE_NUMBER = /^-?\d{1,15}(\.\d+)?$/;

/**
 * A stored canonical value as an Excel cell value: amounts and decimals as numbers when a double
 * holds them exactly (≤ 15 significant digits), otherwise as text; dates as dates; 是/否 for booleans.
 */
export function toCellValue(type: FieldType, v: unknown): string | number | Date | null {
  if (v === null || v === undefined || v === '') return null;
  switch (type) {
    case 'money':
    case 'decimal': {
      const s = String(v);
      return SAFE_NUMBER.test(s) && s.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length <= 15 ? Number(s) : s;
    }
    case 'integer':
      return typeof v === 'number' ? v : Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
    case 'date': {
      const m = typeof v === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) : null;
      return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : String(v);
    }
    case 'boolean':
      return v === true ? '是' : v === false ? '否' : String(v);
    default:
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}
