// Bridges the pure calendar to disclosures: a due date per item type's deadline rule, "calendar
// unknown" instead of a guess when the period runs past the loaded official calendar (RULES.md §10).
//
// The calendar of this process lives in the database (calendar-service.ts) and can change while the
// process runs (an import of next year's notice). CalendarService.open/refresh/apply register the
// current calendar here with setProcessCalendar, so that pure helpers called without a calendar –
// timelinessOf from the portal and console views – use the same calendar as the due dates.
import { CalendarUnknownError, computeDue, describeRule, findRule, lateness, loadBundledCalendar, type WorkingCalendar } from '../../calendar/index.ts';
import type { DueComputer, DueResult } from '../disclosures/service.ts';

let bundled: WorkingCalendar | null = null;
let processCalendar: WorkingCalendar | null = null;

/** The calendar of this process: the database's once loaded, the bundled CSV before that. */
export function defaultCalendar(): WorkingCalendar {
  if (processCalendar) return processCalendar;
  bundled ??= loadBundledCalendar();
  return bundled;
}

/** Called by CalendarService whenever it loads or changes the calendar. */
export function setProcessCalendar(cal: WorkingCalendar): void {
  processCalendar = cal;
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

/** Whether a rule produces a due date at all (minimum-duration rules and unknown codes do not). */
export function hasDueRule(ruleCode: string | null | undefined): boolean {
  const rule = ruleCode ? findRule(ruleCode) : undefined;
  return !!rule && rule.kind !== 'minDuration';
}

/** Where an item that is not yet published stands today. */
export type OpenStatus =
  | { kind: 'no_rule' }
  | { kind: 'calendar_unknown' }
  /** workingDays: null when today lies outside the known calendar (overdue all the same). */
  | { kind: 'overdue'; due: string; workingDays: number | null }
  | { kind: 'due_soon'; due: string }
  | { kind: 'pending'; due: string };

/** Working days within which an open item counts as "due soon" (and is reminded of). */
export const DUE_SOON_WORKING_DAYS = 3;

/**
 * The status of an open (unpublished) item on `today`. Overdue by N working days counts like
 * lateness: as if it were published today. "Due soon": at most 3 working days after today up to
 * and including the due date. If today lies outside the known calendar, a passed due date is still
 * overdue (by an unknown number of working days) and a future one is simply pending.
 */
export function openStatusOf(ruleCode: string | null, due: string | null, today: string, cal: WorkingCalendar = defaultCalendar()): OpenStatus {
  if (!hasDueRule(ruleCode)) return { kind: 'no_rule' };
  if (!due) return { kind: 'calendar_unknown' };
  try {
    if (due < today) return { kind: 'overdue', due, workingDays: lateness(due, today, cal) };
    // Working days after today up to and including the due date: 0 (due today) … 3 is "soon".
    return cal.workingDaysBetween(today, due) <= DUE_SOON_WORKING_DAYS ? { kind: 'due_soon', due } : { kind: 'pending', due };
  } catch (e) {
    if (!(e instanceof CalendarUnknownError)) throw e;
    // A passed due date is missed whatever the calendar says; only the count of days is unknown.
    return due < today ? { kind: 'overdue', due, workingDays: null } : { kind: 'pending', due };
  }
}
