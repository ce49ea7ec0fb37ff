// Bridges the pure calendar to disclosures: a due date per item type's deadline rule, "calendar
// unknown" instead of a guess when the period runs past the loaded official calendar (RULES.md §10).
import { CalendarUnknownError, computeDue, describeRule, findRule, lateness, loadBundledCalendar, type WorkingCalendar } from '../../calendar/index.ts';
import type { DueComputer, DueResult } from '../disclosures/service.ts';

let bundled: WorkingCalendar | null = null;
export function defaultCalendar(): WorkingCalendar {
  bundled ??= loadBundledCalendar();
  return bundled;
}

export function createDueComputer(cal: WorkingCalendar = defaultCalendar()): DueComputer {
  return (ruleCode: string, start: string): DueResult => {
    const rule = findRule(ruleCode);
    if (!rule || rule.kind === 'minDuration') return { dueDate: null, status: 'no_rule' };
    try {
      return { dueDate: computeDue(rule, start, cal).due, status: 'ok' };
    } catch (e) {
      if (e instanceof CalendarUnknownError) return { dueDate: null, status: 'calendar_unknown' };
      throw e;
    }
  };
}

export type Timeliness =
  | { kind: 'no_rule' }
  | { kind: 'calendar_unknown'; basis: string }
  | { kind: 'pending'; due: string; basis: string }
  | { kind: 'on_time'; due: string; basis: string }
  | { kind: 'late'; due: string; basis: string; workingDays: number };

/** China-local date of a UTC timestamp. */
export function chinaDate(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

export function timelinessOf(ruleCode: string | null, due: string | null, publishedAt: string | null, cal: WorkingCalendar = defaultCalendar()): Timeliness {
  const rule = ruleCode ? findRule(ruleCode) : undefined;
  if (!rule || rule.kind === 'minDuration') return { kind: 'no_rule' };
  const basis = describeRule(rule);
  if (!due) return { kind: 'calendar_unknown', basis };
  if (!publishedAt) return { kind: 'pending', due, basis };
  try {
    const n = lateness(due, chinaDate(publishedAt), cal);
    return n > 0 ? { kind: 'late', due, basis, workingDays: n } : { kind: 'on_time', due, basis };
  } catch (e) {
    if (e instanceof CalendarUnknownError) return { kind: 'calendar_unknown', basis };
    throw e;
  }
}
