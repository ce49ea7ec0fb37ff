// Minimum publication periods (公示期、公告期、披露期 ≥ N): each item type declares its periods as a
// pair of its own date fields and a minDuration rule (item-types/catalogue-data.ts `periods`); a
// period shorter than the rule is flagged on the disclosure. Pure: the calendar is passed in.
// E.g. 《招标投标法实施条例》第五十四条: 中标候选人公示期不得少于3日.
import { CalendarUnknownError, checkMinDuration, describeRule, findRule, isIsoDate, type MinDurationResult, type WorkingCalendar } from '../../calendar/index.ts';
import { ITEM_TYPES } from '../item-types/catalogue-data.ts';
import type { PeriodDef } from '../item-types/types.ts';

type Head = { rule: string; label: string; basis: string; from: string; to: string };
export type TooShort = Head & { status: 'too_short'; start: string; end: string; result: MinDurationResult };
export type PeriodCheck =
  | TooShort
  | (Head & { status: 'ok'; start: string; end: string; result: MinDurationResult })
  | { status: 'calendar_unknown'; rule: string; label: string; basis: string; from: string; to: string; start: string; end: string; message: string }
  | { status: 'incomplete'; rule: string; label: string; basis: string; from: string; to: string };

const PERIODS: ReadonlyMap<string, readonly PeriodDef[]> = new Map(ITEM_TYPES.map((t) => [t.code, t.periods ?? []]));

/** The periods an item type declares (empty when it has none). */
export function periodsOf(itemTypeCode: string): readonly PeriodDef[] {
  return PERIODS.get(itemTypeCode) ?? [];
}

/**
 * Checks every declared period of a disclosure's fields against its minimum-duration rule. A
 * period with a missing or malformed date is `incomplete` (the field validation reports it); one
 * outside the known calendar is `calendar_unknown`, never guessed.
 */
export function checkPeriods(itemTypeCode: string, fields: Record<string, unknown>, cal: WorkingCalendar): PeriodCheck[] {
  const out: PeriodCheck[] = [];
  for (const p of periodsOf(itemTypeCode)) {
    const rule = findRule(p.rule);
    if (!rule || rule.kind !== 'minDuration') continue;
    const head = { rule: rule.code, label: rule.label, basis: describeRule(rule), from: p.from, to: p.to };
    const start = fields[p.from];
    const end = fields[p.to];
    if (!isIsoDate(start) || !isIsoDate(end)) {
      out.push({ status: 'incomplete', ...head });
      continue;
    }
    try {
      const result = checkMinDuration(rule, start, end, cal);
      out.push(result.ok ? { status: 'ok', ...head, start, end, result } : { status: 'too_short', ...head, start, end, result });
    } catch (e) {
      if (!(e instanceof CalendarUnknownError)) throw e;
      out.push({ status: 'calendar_unknown', ...head, start, end, message: e.message });
    }
  }
  return out;
}

/** Only the periods that are too short. */
export function tooShortPeriods(itemTypeCode: string, fields: Record<string, unknown>, cal: WorkingCalendar) {
  return checkPeriods(itemTypeCode, fields, cal).filter((c): c is TooShort => c.status === 'too_short');
}

const UNIT: Record<string, string> = { workingDays: '个工作日', calendarDays: '日' };

/** A Chinese sentence for a flagged period, e.g. “公示期 2026-03-01 至 2026-03-03 仅 2 日，少于规定的 3 日…”. */
export function describeCheck(c: PeriodCheck): string {
  switch (c.status) {
    case 'too_short':
      return `${c.start} 至 ${c.end} 仅 ${c.result.actual}${UNIT[c.result.unit]}，少于规定的 ${c.result.required}${UNIT[c.result.unit]}（应不早于 ${c.result.earliestEnd} 结束；${c.basis}）`;
    case 'ok':
      return `${c.start} 至 ${c.end} 共 ${c.result.actual}${UNIT[c.result.unit]}，符合“${c.label}”`;
    case 'calendar_unknown':
      return `${c.start} 至 ${c.end}：工作日历未覆盖，无法判断是否满足“${c.label}”`;
    case 'incomplete':
      return `未填写完整的起止日期，无法检查“${c.label}”`;
  }
}
