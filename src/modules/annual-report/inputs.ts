// Parsing what the department types into a report (console form fields) – every problem at once,
// in Chinese, naming the field. Pure.
import type { ErrorDetail } from '../../domain/errors.ts';
import type { ProgressInputs } from './progress.ts';
import type { ReportInputs } from './report.ts';
import { WAN_YUAN_RE } from './tables.ts';
import { APPLICANT_COLUMNS, TABLE3_ROWS, TOTAL_COLUMN, type Table3RowKey } from './table3.ts';

export const TEXT_MAX = 20_000;
const ADJ_MAX = 100_000;

type Raw = Record<string, string>;

function text(raw: Raw, key: string, label: string, errors: ErrorDetail[]): string | undefined {
  const v = (raw[key] ?? '').trim();
  if (v.length > TEXT_MAX) errors.push({ field: key, message: `${label}不能超过${TEXT_MAX}个字` });
  return v || undefined;
}

function count(raw: Raw, key: string, label: string, errors: ErrorDetail[]): number {
  const v = (raw[key] ?? '').trim();
  if (v === '') return 0;
  if (!/^\d{1,7}$/.test(v)) {
    errors.push({ field: key, message: `${label}应为非负整数` });
    return 0;
  }
  return Number(v);
}

/** Field names: overview, problems, other; rules.issued …; enforcement; feesWanYuan; adj.<row>.<col>. */
export function parseGovInputs(raw: Raw): { ok: true; value: ReportInputs } | { ok: false; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const docs = (k: 'rules' | 'normative', label: string) => ({
    issued: count(raw, `${k}.issued`, `${label}本年制发件数`, errors),
    repealed: count(raw, `${k}.repealed`, `${label}本年废止件数`, errors),
    inForce: count(raw, `${k}.inForce`, `${label}现行有效件数`, errors),
  });
  const fees = (raw.feesWanYuan ?? '').trim() || '0';
  if (!WAN_YUAN_RE.test(fees)) errors.push({ field: 'feesWanYuan', message: '行政事业性收费金额应为以万元为单位、最多4位小数的非负数' });
  const adj: Partial<Record<Table3RowKey, number[]>> = {};
  for (const r of TABLE3_ROWS) {
    if (r.key === 'total') continue;
    const vals: number[] = [];
    for (let c = 0; c < TOTAL_COLUMN; c++) {
      const key = `adj.${r.key}.${c}`;
      const v = (raw[key] ?? '').trim();
      if (v === '' || v === '0') {
        vals.push(0);
        continue;
      }
      if (!/^-?\d{1,6}$/.test(v) || Math.abs(Number(v)) > ADJ_MAX) {
        errors.push({ field: key, message: `表三“${r.label}”行“${APPLICANT_COLUMNS[c]!.label}”列的修正数应为整数（可为负数）` });
        vals.push(0);
      } else vals.push(Number(v));
    }
    if (vals.some((x) => x !== 0)) adj[r.key] = vals;
  }
  const value: ReportInputs = {
    overview: text(raw, 'overview', '“一、总体情况”', errors),
    problems: text(raw, 'problems', '“五、存在的主要问题及改进情况”', errors),
    other: text(raw, 'other', '“六、其他需要报告的事项”', errors),
    rules: docs('rules', '规章'),
    normative: docs('normative', '行政规范性文件'),
    enforcement: count(raw, 'enforcement', '行政强制本年处理决定数量', errors),
    feesWanYuan: fees,
    ...(Object.keys(adj).length ? { table3Adjustments: adj } : {}),
    adjustmentNote: text(raw, 'adjustmentNote', '修正说明', errors) ?? '',
  };
  if (Object.keys(adj).length && !value.adjustmentNote) errors.push({ field: 'adjustmentNote', message: '修正表三数据时，请说明原因（如平台上线前线下办理的申请）' });
  return errors.length ? { ok: false, errors } : { ok: true, value };
}

export function parseProgressInputs(raw: Raw): { ok: true; value: ProgressInputs } | { ok: false; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const value: ProgressInputs = { summary: text(raw, 'summary', '工作开展情况', errors), problems: text(raw, 'problems', '存在的问题', errors), plan: text(raw, 'plan', '下一年度工作计划', errors) };
  return errors.length ? { ok: false, errors } : { ok: true, value };
}
