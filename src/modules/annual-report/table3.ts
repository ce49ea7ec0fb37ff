// Table 3 of the annual report (收到和处理政府信息公开申请情况), in the exact format of
// 国办公开办函〔2021〕30号 (RULES.md §3). Pure data: the row labels below are the official ones,
// character for character; the JSON export, the HTML page and the DOCX all use them.

/** The seven numeric columns: 自然人, five kinds of 法人或其他组织, 总计. */
export const APPLICANT_COLUMNS = [
  { key: 'natural', label: '自然人' },
  { key: 'business', label: '商业企业' },
  { key: 'research', label: '科研机构' },
  { key: 'nonprofit', label: '社会公益组织' },
  { key: 'legal', label: '法律服务机构' },
  { key: 'other', label: '其他' },
] as const;

export type ApplicantKind = (typeof APPLICANT_COLUMNS)[number]['key'];
export const APPLICANT_KINDS: readonly ApplicantKind[] = APPLICANT_COLUMNS.map((c) => c.key);
export const ORGANISATION_GROUP_LABEL = '法人或其他组织';
export const TOTAL_COLUMN_LABEL = '总计';
export const TABLE3_COLUMN_LABELS: readonly string[] = [...APPLICANT_COLUMNS.map((c) => c.label), TOTAL_COLUMN_LABEL];
export const TOTAL_COLUMN = 6;

export const SECTION_NEW = '一、本年新收政府信息公开申请数量';
export const SECTION_CARRIED = '二、上年结转政府信息公开申请数量';
export const SECTION_RESULTS = '三、本年度办理结果';
export const SECTION_FORWARD = '四、结转下年度继续办理';

/** Sub-items of 三、本年度办理结果: every closed request is counted in exactly one. */
export const RESULT_ITEMS = [
  { code: '1', group: '（一）予以公开', label: '（一）予以公开' },
  { code: '2', group: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）' },
  { code: '3.1', group: '（三）不予公开', label: '1.属于国家秘密' },
  { code: '3.2', group: '（三）不予公开', label: '2.其他法律行政法规禁止公开' },
  { code: '3.3', group: '（三）不予公开', label: '3.危及“三安全一稳定”' },
  { code: '3.4', group: '（三）不予公开', label: '4.保护第三方合法权益' },
  { code: '3.5', group: '（三）不予公开', label: '5.属于三类内部事务信息' },
  { code: '3.6', group: '（三）不予公开', label: '6.属于四类过程性信息' },
  { code: '3.7', group: '（三）不予公开', label: '7.属于行政执法案卷' },
  { code: '3.8', group: '（三）不予公开', label: '8.属于行政查询事项' },
  { code: '4.1', group: '（四）无法提供', label: '1.本机关不掌握相关政府信息' },
  { code: '4.2', group: '（四）无法提供', label: '2.没有现成信息需要另行制作' },
  { code: '4.3', group: '（四）无法提供', label: '3.补正后申请内容仍不明确' },
  { code: '5.1', group: '（五）不予处理', label: '1.信访举报投诉类申请' },
  { code: '5.2', group: '（五）不予处理', label: '2.重复申请' },
  { code: '5.3', group: '（五）不予处理', label: '3.要求提供公开出版物' },
  { code: '5.4', group: '（五）不予处理', label: '4.无正当理由大量反复申请' },
  { code: '5.5', group: '（五）不予处理', label: '5.要求行政机关确认或重新出具已获取信息' },
  { code: '6.1', group: '（六）其他处理', label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请' },
  { code: '6.2', group: '（六）其他处理', label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请' },
  { code: '6.3', group: '（六）其他处理', label: '3.其他' },
] as const;

export type ResultItem = (typeof RESULT_ITEMS)[number]['code'];
export const RESULT_CODES: readonly ResultItem[] = RESULT_ITEMS.map((r) => r.code);
export const RESULTS_TOTAL_LABEL = '（七）总计';

export function isResultItem(s: unknown): s is ResultItem {
  return typeof s === 'string' && (RESULT_CODES as readonly string[]).includes(s);
}

export function resultItem(code: ResultItem) {
  return RESULT_ITEMS.find((r) => r.code === code)!;
}

/** Full human label of a sub-item, e.g. “（三）不予公开 4.保护第三方合法权益”. */
export function resultLabel(code: ResultItem): string {
  const r = resultItem(code);
  return r.group === r.label ? r.label : `${r.group} ${r.label}`;
}

/** Row keys of the numeric matrix: new, carried, each result item, total, forward. */
export type Table3RowKey = 'new' | 'carried' | ResultItem | 'total' | 'forward';

export interface Table3RowDef {
  key: Table3RowKey;
  /** The exact label of the row's own line in the official table. */
  label: string;
  /** The enclosing lines: 三、本年度办理结果 and, for numbered sub-items, e.g. （三）不予公开. */
  section: string | null;
  group: string | null;
}

export const TABLE3_ROWS: readonly Table3RowDef[] = [
  { key: 'new', label: SECTION_NEW, section: null, group: null },
  { key: 'carried', label: SECTION_CARRIED, section: null, group: null },
  ...RESULT_ITEMS.map((r) => ({ key: r.code as Table3RowKey, label: r.label, section: SECTION_RESULTS, group: r.group === r.label ? null : r.group })),
  { key: 'total', label: RESULTS_TOTAL_LABEL, section: SECTION_RESULTS, group: null },
  { key: 'forward', label: SECTION_FORWARD, section: null, group: null },
];

/** The numeric matrix: row key → 7 numbers (six applicant kinds, then 总计). */
export type Table3 = Record<Table3RowKey, number[]>;

export function emptyTable3(): Table3 {
  const t = {} as Table3;
  for (const r of TABLE3_ROWS) t[r.key] = [0, 0, 0, 0, 0, 0, 0];
  return t;
}

/** Adds one request to a row under its applicant kind (the 总计 column is recomputed by `totalise`). */
export function count(t: Table3, row: Table3RowKey, kind: ApplicantKind, n = 1): void {
  t[row][APPLICANT_KINDS.indexOf(kind)]! += n;
}

/** Fills （七）总计 from the sub-items and the 总计 column from the six others. */
export function totalise(t: Table3): Table3 {
  for (let c = 0; c < TOTAL_COLUMN; c++) t.total[c] = RESULT_CODES.reduce((s, code) => s + t[code][c]!, 0);
  for (const r of TABLE3_ROWS) t[r.key][TOTAL_COLUMN] = t[r.key].slice(0, TOTAL_COLUMN).reduce((s, v) => s + v, 0);
  return t;
}

export function addTables3(a: Table3, b: Table3): Table3 {
  const out = emptyTable3();
  for (const r of TABLE3_ROWS) for (let c = 0; c <= TOTAL_COLUMN; c++) out[r.key][c] = a[r.key][c]! + b[r.key][c]!;
  return out;
}

/** The JSON form required by the CLI: rows × columns with the exact Chinese row labels. */
export interface Table3Json {
  columns: string[];
  columnGroups: { label: string; columns: string[] }[];
  rows: { key: Table3RowKey; label: string; section: string | null; group: string | null; values: number[] }[];
}

export function table3Json(t: Table3): Table3Json {
  return {
    columns: [...TABLE3_COLUMN_LABELS],
    columnGroups: [{ label: ORGANISATION_GROUP_LABEL, columns: APPLICANT_COLUMNS.slice(1).map((c) => c.label) }],
    rows: TABLE3_ROWS.map((r) => ({ key: r.key, label: r.label, section: r.section, group: r.group, values: [...t[r.key]] })),
  };
}
