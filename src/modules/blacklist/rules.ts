// The 黑名单 rules as data and pure functions (no I/O): publication periods by severity, credit
// repair eligibility, what "current" means on a date, and the name normalisation the
// cross-checks match on.
//
// RULES.md §8 – 信用修复管理办法 (in force 2026-04-01), quoted:
//   "Minor: normally not published (at most 3 months); ordinary: 3 months to 1 year; serious: 1 to
//    3 years, from the decision date; published no longer than the maximum; credit repair may be
//    applied for after the minimum."
// 《政府采购法》第七十七条: a supplier's serious violation bars it from government procurement
//   "一至三年内" (for one to three years) – the procurement bar.
// Minor conduct is normally not published at all, so it is not a severity one can list here.
import type { BlacklistSeverity } from '../../db/schema.ts';

export interface SeverityRule {
  code: BlacklistSeverity;
  label: string;
  minMonths: number;
  maxMonths: number;
  basis: string;
  /** Only valid in this sector (the procurement bar is a procurement sanction). */
  sector?: string;
}

export const SEVERITIES: readonly SeverityRule[] = [
  { code: 'ordinary', label: '一般失信', minMonths: 3, maxMonths: 12, basis: '《信用修复管理办法》：一般失信信息公示期为三个月至一年' },
  { code: 'serious', label: '严重失信', minMonths: 12, maxMonths: 36, basis: '《信用修复管理办法》：严重失信信息公示期为一年至三年，自认定之日起计算' },
  { code: 'procurement-bar', label: '禁止参加政府采购活动', minMonths: 12, maxMonths: 36, basis: '《政府采购法》第七十七条：一至三年内禁止参加政府采购活动', sector: 'procurement' },
];

export function severityRule(code: string): SeverityRule | undefined {
  return SEVERITIES.find((s) => s.code === code);
}

export const STATUS_NAMES: Record<string, string> = { draft: '草稿', active: '公示中', expired: '已到期', repaired: '已信用修复', revoked: '已撤销' };
export const SUBJECT_KIND_NAMES: Record<string, string> = { company: '法人及非法人组织', person: '自然人' };

// ---- dates (ISO 'YYYY-MM-DD', China local) ----

function parts(iso: string): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

/** Adds calendar months; the 31st of a shorter month is clamped to its last day (2026-01-31 + 1 → 2026-02-28). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = parts(iso);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function addDays(iso: string, days: number): string {
  const t = Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export interface PeriodProblem {
  field: 'startDate' | 'endDate' | 'severity' | 'sector';
  code: 'end_before_start' | 'start_before_decision' | 'period_too_short' | 'period_too_long' | 'severity_sector';
  message: string;
}

/**
 * Checks a publication period against its severity (RULES.md §8). The maximum counts from the
 * decision date ("from the decision date; published no longer than the maximum"); the minimum
 * counts from the start, allowing the period to end on the eve of the anniversary (a period
 * 2026-01-01 … 2026-03-31 is three months).
 */
export function checkPeriod(p: { severity: string; sector: string; decisionDate: string; startDate: string; endDate: string }): PeriodProblem[] {
  const rule = severityRule(p.severity);
  const out: PeriodProblem[] = [];
  if (!rule) return [{ field: 'severity', code: 'severity_sector', message: '请选择失信严重程度' }];
  if (rule.sector && rule.sector !== p.sector) out.push({ field: 'sector', code: 'severity_sector', message: `“${rule.label}”只适用于政府采购领域` });
  if (p.endDate < p.startDate) {
    out.push({ field: 'endDate', code: 'end_before_start', message: '公示截止日期不能早于公示开始日期' });
    return out;
  }
  if (p.startDate < p.decisionDate) out.push({ field: 'startDate', code: 'start_before_decision', message: '公示开始日期不能早于决定日期' });
  const maxEnd = addMonths(p.decisionDate, rule.maxMonths);
  if (p.endDate > maxEnd) {
    out.push({ field: 'endDate', code: 'period_too_long', message: `${rule.label}的公示期最长${fmtMonths(rule.maxMonths)}（自决定日期起算），截止日期不能晚于 ${maxEnd}` });
  }
  const minEnd = addDays(addMonths(p.startDate, rule.minMonths), -1);
  if (p.endDate < minEnd) {
    out.push({ field: 'endDate', code: 'period_too_short', message: `${rule.label}的公示期不少于${fmtMonths(rule.minMonths)}，截止日期不能早于 ${minEnd}` });
  }
  return out;
}

export function fmtMonths(n: number): string {
  return n % 12 === 0 ? `${n / 12}年` : `${n}个月`;
}

/** The first day a credit repair may be applied for: the minimum period after the decision (RULES.md §8). */
export function repairEligibleFrom(severity: string, decisionDate: string): string {
  const rule = severityRule(severity);
  return addMonths(decisionDate, rule?.minMonths ?? 0);
}

/**
 * Was the entry in force on `onDate`? The end date is the last day of publication (inclusive):
 * from the next day it is history even if the expiry job has not run yet. A revoked entry never
 * was (it was wrongly listed); a repaired one was until the day of its repair.
 */
export function inForceOn(e: { status: string; start_date: string; end_date: string; closed_on: string | null }, onDate: string): boolean {
  if (e.status === 'draft' || e.status === 'revoked') return false;
  if (onDate < e.start_date || onDate > e.end_date) return false;
  if (e.status === 'repaired' && e.closed_on !== null && onDate >= e.closed_on) return false;
  return true;
}

/** On the public current list: active and not past its end date. */
export function isCurrent(e: { status: string; end_date: string }, today: string): boolean {
  return e.status === 'active' && e.end_date >= today;
}

// ---- names ----

/**
 * The form names are compared in: no whitespace, full-width ASCII folded to half-width, Chinese
 * brackets to ASCII ones, upper case, and the 有限责任公司 / 有限公司 variants made one.
 * "广东 丹霞建设工程有限责任公司（韶关分公司）" and "广东丹霞建设工程有限公司(韶关分公司)" are one name.
 */
export function normaliseName(raw: string): string {
  return raw
    .normalize('NFKC') // full-width ASCII and ideographic space → half-width
    .replace(/[\s\u3000\u200b]/g, '')
    .replace(/[（〔【［]/g, '(')
    .replace(/[）〕】］]/g, ')')
    .toUpperCase()
    .replace(/有限责任公司/g, '有限公司')
    .replace(/股份有限公司/g, '股份公司');
}

/** Identifies a subject across entries: credit code, else ID number, else normalised name. */
export function subjectKey(s: { creditCode: string | null; idNumber: string | null; name: string }): string {
  if (s.creditCode) return `usci:${s.creditCode}`;
  if (s.idNumber) return `id:${s.idNumber}`;
  return `name:${normaliseName(s.name)}`;
}
