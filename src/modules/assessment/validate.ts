// Validation of a scoring scheme and of scores (pure). Field names match the console form
// (`items.N.code` …), so errors land next to the right control.
import type { ErrorDetail } from '../../domain/errors.ts';
import { MEASURES, MEASURE_CODES, fmtPoints, x100, type MeasureCode, type SchemeItem } from './scoring.ts';

export const MAX_ITEMS = 12;

export interface SchemeInput {
  name: string;
  year: string;
  items: { code: string; name: string; maxPoints: string; kind: string; measure: string; deductPerUnit: string }[];
  commendTop: string;
  commendMin: string;
  criticiseBottom: string;
  criticiseBelow: string;
}

export interface SchemeValue {
  name: string;
  year: number;
  items: SchemeItem[];
  commendTop: number;
  commendMin: number | null;
  criticiseBottom: number;
  criticiseBelow: number | null;
}

const POINTS = /^\d{1,3}(\.\d{1,2})?$/;
const CODE = /^[A-Za-z0-9_-]{1,20}$/;

/** A score text: a number of points with at most two decimals. */
export function parsePoints(s: string): number | null {
  const t = s.trim();
  return POINTS.test(t) ? Number(t) : null;
}

export function validateScheme(input: SchemeInput, currentYear: number): { ok: true; value: SchemeValue } | { ok: false; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const name = input.name.trim();
  if (!name) errors.push({ field: 'name', message: '请填写考核名称', code: 'required' });
  else if (name.length > 100) errors.push({ field: 'name', message: '考核名称不能超过100个字', code: 'too_long' });
  const year = /^\d{4}$/.test(input.year.trim()) ? Number(input.year.trim()) : NaN;
  if (!Number.isInteger(year) || year < 2018 || year > currentYear) errors.push({ field: 'year', message: `考核年度应为2018至${currentYear}之间的年份`, code: 'invalid' });

  const items: SchemeItem[] = [];
  const seen = new Set<string>();
  input.items.forEach((raw, i) => {
    const blank = !raw.code.trim() && !raw.name.trim() && !raw.maxPoints.trim();
    if (blank) return;
    const f = (k: string) => `items.${i}.${k}`;
    const n = i + 1;
    const code = raw.code.trim();
    if (!CODE.test(code)) errors.push({ field: f('code'), message: `第${n}项：编号只能由1至20位字母、数字、下划线或连字符组成`, code: 'invalid' });
    else if (seen.has(code.toLowerCase())) errors.push({ field: f('code'), message: `第${n}项：编号“${code}”重复`, code: 'duplicate' });
    seen.add(code.toLowerCase());
    const itemName = raw.name.trim();
    if (!itemName) errors.push({ field: f('name'), message: `第${n}项：请填写指标名称`, code: 'required' });
    else if (itemName.length > 60) errors.push({ field: f('name'), message: `第${n}项：指标名称不能超过60个字`, code: 'too_long' });
    const max = parsePoints(raw.maxPoints);
    if (max === null || max <= 0 || max > 100) errors.push({ field: f('maxPoints'), message: `第${n}项：分值应为大于0、不超过100的数（最多两位小数）`, code: 'invalid' });
    const kind = raw.kind === 'automatic' || raw.kind === 'manual' ? raw.kind : null;
    if (!kind) errors.push({ field: f('kind'), message: `第${n}项：请选择评分方式`, code: 'required' });
    let measure: MeasureCode | undefined;
    let deductPerUnit: number | undefined;
    if (kind === 'automatic') {
      if (!(MEASURE_CODES as string[]).includes(raw.measure)) errors.push({ field: f('measure'), message: `第${n}项：自动评分指标须选择计量口径`, code: 'required' });
      else {
        measure = raw.measure as MeasureCode;
        if (MEASURES[measure].unit === 'count') {
          const per = raw.deductPerUnit.trim() ? parsePoints(raw.deductPerUnit) : 1;
          if (per === null || per <= 0) errors.push({ field: f('deductPerUnit'), message: `第${n}项：每项扣分应为大于0的数（最多两位小数）`, code: 'invalid' });
          else deductPerUnit = per;
        }
      }
    }
    if (max !== null && kind) items.push({ code, name: itemName, maxPoints: max, kind, ...(measure ? { measure } : {}), ...(deductPerUnit !== undefined ? { deductPerUnit } : {}) });
  });
  if (!input.items.some((r) => r.code.trim() || r.name.trim() || r.maxPoints.trim())) errors.push({ field: 'items.0.code', message: '至少设置一项考核指标', code: 'required' });
  const sum = items.reduce((s, it) => s + x100(it.maxPoints), 0);
  if (items.length && !errors.some((e) => e.field.endsWith('maxPoints')) && sum !== 10000) {
    errors.push({ field: 'items.0.maxPoints', message: `各项分值（权重）之和应为100分，当前为${fmtPoints(sum / 100)}分`, code: 'weights_sum' });
  }

  const int = (field: string, s: string, label: string) => {
    const t = s.trim();
    if (!t) return 0;
    if (!/^\d{1,3}$/.test(t)) {
      errors.push({ field, message: `${label}应为0或正整数`, code: 'invalid' });
      return 0;
    }
    return Number(t);
  };
  const threshold = (field: string, s: string, label: string) => {
    if (!s.trim()) return null;
    const p = parsePoints(s);
    if (p === null || p > 100) {
      errors.push({ field, message: `${label}应为0至100之间的分数（最多两位小数）`, code: 'invalid' });
      return null;
    }
    return p;
  };
  const value: SchemeValue = {
    name,
    year,
    items,
    commendTop: int('commendTop', input.commendTop, '通报表扬名额'),
    commendMin: threshold('commendMin', input.commendMin, '通报表扬分数线'),
    criticiseBottom: int('criticiseBottom', input.criticiseBottom, '通报批评名额'),
    criticiseBelow: threshold('criticiseBelow', input.criticiseBelow, '通报批评分数线'),
  };
  return errors.length ? { ok: false, errors } : { ok: true, value };
}

/** A manual or imported score for an item: within 0 … the item's points, at most two decimals. */
export function checkScore(item: SchemeItem, raw: string): { ok: true; points: number } | { ok: false; message: string } {
  const p = parsePoints(raw);
  if (p === null) return { ok: false, message: `“${item.name}”的得分应为数字（最多两位小数），收到“${raw.trim().slice(0, 20)}”` };
  if (x100(p) > x100(item.maxPoints)) return { ok: false, message: `“${item.name}”的得分${fmtPoints(p)}超出该项分值${fmtPoints(item.maxPoints)}分` };
  return { ok: true, points: p };
}

/** A default scheme for a year (the office edits it before saving). */
export function defaultItems(): SchemeInput['items'] {
  return [
    { code: 'A1', name: '主动公开按时率', maxPoints: '25', kind: 'automatic', measure: 'on_time_rate', deductPerUnit: '' },
    { code: 'A2', name: '逾期未公开事项', maxPoints: '10', kind: 'automatic', measure: 'overdue_count', deductPerUnit: '2' },
    { code: 'A3', name: '公开目录完整性', maxPoints: '10', kind: 'automatic', measure: 'catalogue_completeness', deductPerUnit: '' },
    { code: 'A4', name: '依申请公开按期答复', maxPoints: '15', kind: 'automatic', measure: 'requests_on_time', deductPerUnit: '' },
    { code: 'A5', name: '年度报告按时发布', maxPoints: '5', kind: 'automatic', measure: 'annual_report_on_time', deductPerUnit: '' },
    { code: 'A6', name: '督查问题整改', maxPoints: '5', kind: 'automatic', measure: 'inspection_findings_closed', deductPerUnit: '' },
    { code: 'B1', name: '工作机制与保障', maxPoints: '10', kind: 'manual', measure: '', deductPerUnit: '' },
    { code: 'C1', name: '第三方评估', maxPoints: '20', kind: 'manual', measure: '', deductPerUnit: '' },
  ];
}
