// The annual report as data: figures counted by the platform + what the department wrote, in the
// six parts of 国办公开办函〔2021〕30号 (政府信息公开条例 第五十条). Pure: counting and texts.
import { RESULT_CODES, TOTAL_COLUMN, addTables3, emptyTable3, count, table3Json, totalise, type ApplicantKind, type Table3, type Table3Json, type Table3RowKey, TABLE3_ROWS } from './table3.ts';
import { CASE_KINDS, CASE_RESULTS, CASE_TOTAL_LABEL, checkInvariants, type InvariantError, type Table2, type Table4 } from './tables.ts';

export const REPORT_FORMAT = '国办公开办函〔2021〕30号';

export const PART_TITLES = [
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
] as const;

/** What the department enters: the texts of parts 一, 五, 六, table 2 rows with no item type, and corrections. */
export interface ReportInputs {
  overview?: string;
  problems?: string;
  other?: string;
  rules?: { issued: number; repealed: number; inForce: number };
  normative?: { issued: number; repealed: number; inForce: number };
  enforcement?: number;
  feesWanYuan?: string;
  /**
   * Corrections to table 3 (requests handled outside the platform, e.g. before it went live):
   * row → six signed numbers added to the applicant columns; the totals are recomputed.
   */
  table3Adjustments?: Partial<Record<Table3RowKey, number[]>>;
  adjustmentNote?: string;
}

export interface RequestRowForReport {
  applicantKind: ApplicantKind;
  receivedDate: string;
  closedDate: string | null;
  outcome: string | null;
  late: boolean;
}

/**
 * Table 3 of `year` from request rows (each received by the end of the year and not closed before
 * it): 一 received in the year, 二 received earlier; 三 closed in the year by outcome, 四 still open
 * at the end of the year. So 一 + 二 = 三（七） + 四 holds by construction for counted figures.
 */
export function countTable3(rows: readonly RequestRowForReport[], year: number): Table3 {
  const t = emptyTable3();
  const start = `${year}-01-01`;
  const end = `${year}-12-31`;
  for (const r of rows) {
    if (r.receivedDate > end || (r.closedDate !== null && r.closedDate < start)) continue;
    count(t, r.receivedDate >= start ? 'new' : 'carried', r.applicantKind);
    if (r.closedDate !== null && r.closedDate <= end && r.outcome && (RESULT_CODES as readonly string[]).includes(r.outcome)) count(t, r.outcome as Table3RowKey, r.applicantKind);
    else count(t, 'forward', r.applicantKind);
  }
  return totalise(t);
}

/** Applies the department's corrections to the six applicant columns, then recomputes the totals. */
export function applyAdjustments(t: Table3, adj: ReportInputs['table3Adjustments']): Table3 {
  if (!adj) return t;
  const out = addTables3(t, emptyTable3());
  for (const [key, vals] of Object.entries(adj)) {
    const row = out[key as Table3RowKey];
    if (!row || !Array.isArray(vals)) continue;
    for (let c = 0; c < TOTAL_COLUMN; c++) row[c]! += Number(vals[c] ?? 0) || 0;
  }
  // （七） and the 总计 column always follow the cells: a correction is made where the request is
  // counted, never in a total (which would hide an unbalanced sub-item).
  for (let c = 0; c < TOTAL_COLUMN; c++) out.total[c] = RESULT_CODES.reduce((s, code) => s + out[code][c]!, 0);
  for (const r of TABLE3_ROWS) out[r.key][TOTAL_COLUMN] = out[r.key].slice(0, TOTAL_COLUMN).reduce((s, v) => s + v, 0);
  return out;
}

export interface Table4Json {
  columns: string[];
  rows: { key: string; label: string; parent: string | null; values: number[] }[];
}

export function table4Json(t: Table4): Table4Json {
  return {
    columns: [...CASE_RESULTS.map((r) => r.label), CASE_TOTAL_LABEL],
    rows: CASE_KINDS.map((k) => ({ key: k.key, label: k.label, parent: k.parent, values: [...t[k.key]] })),
  };
}

export interface GovReport {
  kind: 'gov';
  format: typeof REPORT_FORMAT;
  year: number;
  scope: string;
  department: { code: string; name: string } | null;
  title: string;
  deadline: string;
  state: 'draft' | 'published';
  version: number;
  publishedAt: string | null;
  parts: { overview: string; problems: string; other: string };
  table2: Table2;
  table3: Table3Json;
  table4: Table4Json;
  fees: { count: number; totalFen: number };
  adjusted: boolean;
  adjustmentNote: string;
  invariants: { ok: boolean; errors: InvariantError[] };
  warnings: string[];
  /** District report: the departments summed. */
  departments?: { code: string; name: string; state: 'draft' | 'published' }[];
}

export interface Figures {
  table2: Table2;
  table3: Table3;
  table4: Table4;
  fees: { count: number; totalFen: number };
  disclosuresPublished: number;
  lateAnswers: number;
}

const yuan = (fen: number) => (fen / 100).toFixed(2).replace(/\.00$/, '');

export function defaultOverview(year: number, who: string, f: Figures): string {
  const t3 = f.table3;
  const cases = f.table4.reconsideration[4]! + f.table4.litigation_direct[4]! + f.table4.litigation_after[4]!;
  return `${year}年，${who}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，推进公共资源配置领域政府信息公开。全年在本平台主动公开信息 ${f.disclosuresPublished} 条，其中行政许可决定 ${f.table2.licences} 件、行政处罚决定 ${f.table2.penalties} 件。收到政府信息公开申请 ${t3.new[TOTAL_COLUMN]} 件，上年结转 ${t3.carried[TOTAL_COLUMN]} 件，本年度办结 ${t3.total[TOTAL_COLUMN]} 件，结转下年度继续办理 ${t3.forward[TOTAL_COLUMN]} 件。发生政府信息公开行政复议、行政诉讼案件 ${cases} 件。`;
}

export function defaultProblems(f: Figures): string {
  return `（一）存在的主要问题：${f.lateAnswers ? `本年度有 ${f.lateAnswers} 件政府信息公开申请超过法定期限答复；` : ''}（请本单位补充）。\n（二）改进情况：（请本单位补充）。`;
}

export function defaultOther(year: number, f: Figures): string {
  return `本年度依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费 ${f.fees.count} 件，共计 ${yuan(f.fees.totalFen)} 元。${year}年度公共资源配置领域政府信息公开工作情况另见本单位年度工作情况报告。`;
}

/** Assembles the report and checks its invariants. */
export function assembleReport(o: { year: number; scope: string; department: { code: string; name: string } | null; title: string; deadline: string; state: 'draft' | 'published'; version: number; publishedAt: string | null; figures: Figures; inputs: ReportInputs; who: string; previousForward?: number[] | null }): GovReport {
  const i = o.inputs;
  const t2: Table2 = {
    ...o.figures.table2,
    rules: i.rules ?? o.figures.table2.rules,
    normative: i.normative ?? o.figures.table2.normative,
    enforcement: i.enforcement ?? o.figures.table2.enforcement,
    feesWanYuan: i.feesWanYuan ?? o.figures.table2.feesWanYuan,
  };
  const adjusted = !!i.table3Adjustments && Object.values(i.table3Adjustments).some((v) => Array.isArray(v) && v.some((x) => Number(x) !== 0));
  const t3 = adjusted ? applyAdjustments(o.figures.table3, i.table3Adjustments) : o.figures.table3;
  const errors = checkInvariants({ table2: t2, table3: t3, table4: o.figures.table4 });
  const warnings: string[] = [];
  if (o.previousForward && o.previousForward.some((v, c) => v !== t3.carried[c])) {
    warnings.push(`“二、上年结转政府信息公开申请数量”（${t3.carried.join('、')}）与上年度已发布报告的“四、结转下年度继续办理”（${o.previousForward.join('、')}）不一致，请核实。`);
  }
  return {
    kind: 'gov',
    format: REPORT_FORMAT,
    year: o.year,
    scope: o.scope,
    department: o.department,
    title: o.title,
    deadline: o.deadline,
    state: o.state,
    version: o.version,
    publishedAt: o.publishedAt,
    parts: {
      overview: i.overview?.trim() || defaultOverview(o.year, o.who, o.figures),
      problems: i.problems?.trim() || defaultProblems(o.figures),
      other: i.other?.trim() || defaultOther(o.year, o.figures),
    },
    table2: t2,
    table3: table3Json(t3),
    table4: table4Json(o.figures.table4),
    fees: o.figures.fees,
    adjusted,
    adjustmentNote: i.adjustmentNote ?? '',
    invariants: { ok: errors.length === 0, errors },
    warnings,
  };
}

/** The numeric table 3 back from its JSON form (to sum published department reports). */
export function table3FromJson(j: Table3Json): Table3 {
  const t = emptyTable3();
  for (const r of j.rows) t[r.key] = [...r.values];
  return t;
}
