// Tables 2 and 4 of the annual report (国办公开办函〔2021〕30号, RULES.md §3) and the checks a
// report must pass before it is published. Pure.
import {
  RESULT_CODES,
  TABLE3_COLUMN_LABELS,
  TABLE3_ROWS,
  TOTAL_COLUMN,
  RESULTS_TOTAL_LABEL,
  SECTION_CARRIED,
  SECTION_FORWARD,
  SECTION_NEW,
  type Table3,
} from './table3.ts';

// ---- Table 2: 主动公开政府信息情况 (by item of 条例 第二十条) ----

export interface DocCounts {
  issued: number;
  repealed: number;
  inForce: number;
}

export interface Table2 {
  /** 第二十条第（一）项 规章 — entered by the department (no item type records them). */
  rules: DocCounts;
  /** 第二十条第（一）项 行政规范性文件 — entered by the department. */
  normative: DocCounts;
  /** 第二十条第（五）项 行政许可 本年处理决定数量 — counted from published 双公示 licences. */
  licences: number;
  /** 第二十条第（六）项 行政处罚 — counted from published 双公示 penalties. */
  penalties: number;
  /** 第二十条第（六）项 行政强制 — entered by the department. */
  enforcement: number;
  /** 第二十条第（八）项 行政事业性收费 本年收费金额（单位：万元）, a decimal string — entered. */
  feesWanYuan: string;
}

export const TABLE2_LABELS = {
  item1: '第二十条第（一）项',
  item5: '第二十条第（五）项',
  item6: '第二十条第（六）项',
  item8: '第二十条第（八）项',
  content: '信息内容',
  issued: '本年制发件数',
  repealed: '本年废止件数',
  inForce: '现行有效件数',
  decisions: '本年处理决定数量',
  feeAmount: '本年收费金额（单位：万元）',
  rules: '规章',
  normative: '行政规范性文件',
  licences: '行政许可',
  penalties: '行政处罚',
  enforcement: '行政强制',
  fees: '行政事业性收费',
} as const;

export function emptyTable2(): Table2 {
  return { rules: { issued: 0, repealed: 0, inForce: 0 }, normative: { issued: 0, repealed: 0, inForce: 0 }, licences: 0, penalties: 0, enforcement: 0, feesWanYuan: '0' };
}

/** Up to 4 decimals: 万元 to the yuan… and a bit; no sign, no exponent. */
export const WAN_YUAN_RE = /^\d{1,9}(\.\d{1,4})?$/;

export function addWanYuan(a: string, b: string): string {
  // Sum in units of 0.0001 万元 (= 1 yuan) to stay exact.
  const toUnits = (s: string) => {
    const [i, f = ''] = s.split('.');
    return Number(i) * 10000 + Number((f + '0000').slice(0, 4));
  };
  const u = toUnits(a) + toUnits(b);
  const frac = String(u % 10000).padStart(4, '0').replace(/0+$/, '');
  return `${Math.floor(u / 10000)}${frac ? '.' + frac : ''}`;
}

export function addTables2(a: Table2, b: Table2): Table2 {
  const dc = (x: DocCounts, y: DocCounts): DocCounts => ({ issued: x.issued + y.issued, repealed: x.repealed + y.repealed, inForce: x.inForce + y.inForce });
  return { rules: dc(a.rules, b.rules), normative: dc(a.normative, b.normative), licences: a.licences + b.licences, penalties: a.penalties + b.penalties, enforcement: a.enforcement + b.enforcement, feesWanYuan: addWanYuan(a.feesWanYuan, b.feesWanYuan) };
}

// ---- Table 4: 政府信息公开行政复议、行政诉讼情况 (15 cells) ----

export const CASE_KINDS = [
  { key: 'reconsideration', label: '行政复议', parent: null },
  { key: 'litigation_direct', label: '未经复议直接起诉', parent: '行政诉讼' },
  { key: 'litigation_after', label: '复议后起诉', parent: '行政诉讼' },
] as const;
export type CaseKind = (typeof CASE_KINDS)[number]['key'];

export const CASE_RESULTS = [
  { key: 'upheld', label: '结果维持' },
  { key: 'corrected', label: '结果纠正' },
  { key: 'other', label: '其他结果' },
  { key: 'pending', label: '尚未审结' },
] as const;
export type CaseResult = (typeof CASE_RESULTS)[number]['key'];
export const CASE_TOTAL_LABEL = '总计';

/** kind → [维持, 纠正, 其他, 尚未审结, 总计]. */
export type Table4 = Record<CaseKind, number[]>;

export function emptyTable4(): Table4 {
  return { reconsideration: [0, 0, 0, 0, 0], litigation_direct: [0, 0, 0, 0, 0], litigation_after: [0, 0, 0, 0, 0] };
}

export function totaliseTable4(t: Table4): Table4 {
  for (const k of CASE_KINDS) t[k.key][4] = t[k.key].slice(0, 4).reduce((s, v) => s + v, 0);
  return t;
}

export function addTables4(a: Table4, b: Table4): Table4 {
  const out = emptyTable4();
  for (const k of CASE_KINDS) for (let i = 0; i < 5; i++) out[k.key][i] = a[k.key][i]! + b[k.key][i]!;
  return out;
}

// ---- Invariants ----

export interface InvariantError {
  table: 2 | 3 | 4;
  row: string;
  column: string;
  message: string;
}

const isCount = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/**
 * The checks of RULES.md §3, per column of table 3: 一 + 二 = 三（七） + 四; （七） = the sum of all
 * sub-items of （一）–（六）; the 总计 column = the sum of the six others. Table 4: each 总计 is the sum
 * of its four results. Every cell a non-negative whole number. Each error names the table, row and
 * column in Chinese, so the department knows what to fix.
 */
export function checkInvariants(t: { table2: Table2; table3: Table3; table4: Table4 }): InvariantError[] {
  const errors: InvariantError[] = [];
  const t2 = t.table2;
  const L = TABLE2_LABELS;
  const cells2: [string, string, unknown][] = [
    [L.rules, L.issued, t2.rules.issued], [L.rules, L.repealed, t2.rules.repealed], [L.rules, L.inForce, t2.rules.inForce],
    [L.normative, L.issued, t2.normative.issued], [L.normative, L.repealed, t2.normative.repealed], [L.normative, L.inForce, t2.normative.inForce],
    [L.licences, L.decisions, t2.licences], [L.penalties, L.decisions, t2.penalties], [L.enforcement, L.decisions, t2.enforcement],
  ];
  for (const [row, col, v] of cells2) if (!isCount(v)) errors.push({ table: 2, row, column: col, message: `表二“${row}”行“${col}”：应为非负整数，实为 ${String(v)}` });
  if (typeof t2.feesWanYuan !== 'string' || !WAN_YUAN_RE.test(t2.feesWanYuan)) errors.push({ table: 2, row: L.fees, column: L.feeAmount, message: `表二“${L.fees}”行“${L.feeAmount}”：应为不超过4位小数的非负数，实为 ${String(t2.feesWanYuan)}` });

  const t3 = t.table3;
  for (const r of TABLE3_ROWS) {
    const vals = t3[r.key];
    for (let c = 0; c <= TOTAL_COLUMN; c++) {
      if (!isCount(vals?.[c])) errors.push({ table: 3, row: r.label, column: TABLE3_COLUMN_LABELS[c]!, message: `表三“${r.label}”行“${TABLE3_COLUMN_LABELS[c]}”列：应为非负整数，实为 ${String(vals?.[c])}` });
    }
  }
  if (errors.some((e) => e.table === 3)) return errors;
  for (let c = 0; c <= TOTAL_COLUMN; c++) {
    const col = TABLE3_COLUMN_LABELS[c]!;
    const sum = RESULT_CODES.reduce((s, code) => s + t3[code][c]!, 0);
    if (t3.total[c] !== sum) errors.push({ table: 3, row: RESULTS_TOTAL_LABEL, column: col, message: `表三“${RESULTS_TOTAL_LABEL}”行“${col}”列：应等于（一）至（六）各项之和 ${sum}，实为 ${t3.total[c]}` });
    const left = t3.new[c]! + t3.carried[c]!;
    const right = t3.total[c]! + t3.forward[c]!;
    if (left !== right) {
      errors.push({ table: 3, row: SECTION_FORWARD, column: col, message: `表三“${col}”列：“${SECTION_NEW}”（${t3.new[c]}）与“${SECTION_CARRIED}”（${t3.carried[c]}）之和 ${left}，应等于“${RESULTS_TOTAL_LABEL}”（${t3.total[c]}）与“${SECTION_FORWARD}”（${t3.forward[c]}）之和 ${right}` });
    }
  }
  for (const r of TABLE3_ROWS) {
    const vals = t3[r.key];
    const sum = vals.slice(0, TOTAL_COLUMN).reduce((s, v) => s + v, 0);
    if (vals[TOTAL_COLUMN] !== sum) errors.push({ table: 3, row: r.label, column: '总计', message: `表三“${r.label}”行“总计”列：应等于自然人及法人或其他组织各列之和 ${sum}，实为 ${vals[TOTAL_COLUMN]}` });
  }

  for (const k of CASE_KINDS) {
    const vals = t.table4[k.key];
    const rowLabel = k.parent ? `${k.parent}·${k.label}` : k.label;
    for (let i = 0; i < 5; i++) {
      const colLabel = i < 4 ? CASE_RESULTS[i]!.label : CASE_TOTAL_LABEL;
      if (!isCount(vals?.[i])) errors.push({ table: 4, row: rowLabel, column: colLabel, message: `表四“${rowLabel}”“${colLabel}”：应为非负整数，实为 ${String(vals?.[i])}` });
    }
    if (vals && vals.slice(0, 4).every(isCount)) {
      const sum = vals.slice(0, 4).reduce((s, v) => s + v, 0);
      if (vals[4] !== sum) errors.push({ table: 4, row: rowLabel, column: CASE_TOTAL_LABEL, message: `表四“${rowLabel}”“${CASE_TOTAL_LABEL}”：应等于结果维持、结果纠正、其他结果、尚未审结之和 ${sum}，实为 ${vals[4]}` });
    }
  }
  return errors;
}
