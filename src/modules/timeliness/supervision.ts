// The office's timeliness figures, computed from plain rows (pure; the calendar and "today" are
// passed in, so the numbers are testable on a controlled dataset).
//
// Definitions (shown on the dashboard):
// - on-time rate: published items whose due date is known and that were first published on or
//   before it, divided by all published items with a known due date;
// - delay: working days late (deadline-rules.lateness: a publication on a rest day after the due
//   date counts as the next working day); average and worst are over the late items only;
// - overdue now: open obligations and unpublished disclosures (drafts, submitted, returned,
//   approved, corrections being drafted) whose due date is before today; a disclosure linked to an
//   open obligation is counted once, as the obligation;
// - due soon: open items due today or within the next 3 working days.
import { CalendarUnknownError, addDays, lateness, type WorkingCalendar } from '../../calendar/index.ts';
import { chinaDate, hasDueRule, openStatusOf } from './due.ts';

export interface DepartmentRef {
  id: number;
  name: string;
}

export interface PublishedRow {
  department_id: number;
  due_date: string | null;
  due_rule: string | null;
  first_published_at: string;
}

export interface OpenRow {
  kind: 'obligation' | 'disclosure';
  id: number;
  title: string;
  department_id: number;
  department_name: string;
  item_type_name: string;
  due_date: string | null;
  due_rule: string | null;
  state: string;
}

export interface DepartmentStats {
  departmentId: number;
  departmentName: string;
  published: number;
  /** Published with a known due date (the denominator of the on-time rate). */
  measured: number;
  onTime: number;
  late: number;
  /** Published items whose due date is unknown (calendar unknown when drafted). */
  unknown: number;
  /** 0–1, or null with nothing measured. */
  onTimeRate: number | null;
  /** Mean working days late over the late items, one decimal; null with none late. */
  avgDelay: number | null;
  worstDelay: number | null;
  overdueNow: number;
  dueSoon: number;
  /** Open items whose due date is unknown, or whose status cannot be told (calendar unknown). */
  openUnknown: number;
}

export type Classified = OpenRow & { status: ReturnType<typeof openStatusOf> };

/** Working days late for one published row; null if it has no rule or the calendar cannot tell. */
export function delayOf(r: PublishedRow, cal: WorkingCalendar): number | null {
  if (!hasDueRule(r.due_rule) || !r.due_date) return null;
  try {
    return lateness(r.due_date, chinaDate(r.first_published_at), cal);
  } catch (e) {
    if (e instanceof CalendarUnknownError) return null;
    throw e;
  }
}

export function classifyOpen(rows: readonly OpenRow[], cal: WorkingCalendar, today: string): Classified[] {
  return rows.map((r) => ({ ...r, status: openStatusOf(r.due_rule, r.due_date, today, cal) }));
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function departmentStats(depts: readonly DepartmentRef[], published: readonly PublishedRow[], open: readonly Classified[], cal: WorkingCalendar): DepartmentStats[] {
  const by = new Map<number, DepartmentStats & { delaySum: number }>();
  for (const d of depts) {
    by.set(d.id, { departmentId: d.id, departmentName: d.name, published: 0, measured: 0, onTime: 0, late: 0, unknown: 0, onTimeRate: null, avgDelay: null, worstDelay: null, overdueNow: 0, dueSoon: 0, openUnknown: 0, delaySum: 0 });
  }
  for (const r of published) {
    const s = by.get(r.department_id);
    if (!s) continue;
    s.published++;
    if (!hasDueRule(r.due_rule)) continue;
    const delay = delayOf(r, cal);
    if (delay === null) {
      s.unknown++;
      continue;
    }
    s.measured++;
    if (delay > 0) {
      s.late++;
      s.delaySum += delay;
      s.worstDelay = Math.max(s.worstDelay ?? 0, delay);
    } else s.onTime++;
  }
  for (const r of open) {
    const s = by.get(r.department_id);
    if (!s) continue;
    if (r.status.kind === 'overdue') s.overdueNow++;
    else if (r.status.kind === 'due_soon') s.dueSoon++;
    else if (r.status.kind === 'calendar_unknown') s.openUnknown++;
  }
  return [...by.values()].map(({ delaySum, ...s }) => ({
    ...s,
    onTimeRate: s.measured ? s.onTime / s.measured : null,
    avgDelay: s.late ? round1(delaySum / s.late) : null,
  }));
}

/** Totals over departments (same definitions). */
export function totalStats(rows: readonly DepartmentStats[]): DepartmentStats {
  const t = rows.reduce(
    (a, r) => ({ ...a, published: a.published + r.published, measured: a.measured + r.measured, onTime: a.onTime + r.onTime, late: a.late + r.late, unknown: a.unknown + r.unknown, overdueNow: a.overdueNow + r.overdueNow, dueSoon: a.dueSoon + r.dueSoon, openUnknown: a.openUnknown + r.openUnknown, delaySum: a.delaySum + (r.avgDelay ?? 0) * r.late, worst: Math.max(a.worst, r.worstDelay ?? 0) }),
    { published: 0, measured: 0, onTime: 0, late: 0, unknown: 0, overdueNow: 0, dueSoon: 0, openUnknown: 0, delaySum: 0, worst: 0 },
  );
  return {
    departmentId: 0,
    departmentName: '合计',
    published: t.published,
    measured: t.measured,
    onTime: t.onTime,
    late: t.late,
    unknown: t.unknown,
    onTimeRate: t.measured ? t.onTime / t.measured : null,
    avgDelay: t.late ? round1(t.delaySum / t.late) : null,
    worstDelay: t.late ? t.worst : null,
    overdueNow: t.overdueNow,
    dueSoon: t.dueSoon,
    openUnknown: t.openUnknown,
  };
}

export interface TrendRow {
  month: string; // YYYY-MM
  published: number;
  onTime: number;
  late: number;
  unknown: number;
  onTimeRate: number | null;
  avgDelay: number | null;
}

/** The n months ending with today's, oldest first ('YYYY-MM'). */
export function lastMonths(today: string, n: number): string[] {
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7));
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    out.unshift(`${y}-${String(m).padStart(2, '0')}`);
    m--;
    if (m === 0) {
      m = 12;
      y--;
    }
  }
  return out;
}

/** Per month of first publication (China time): how many were published, on time, late. */
export function monthlyTrend(published: readonly PublishedRow[], cal: WorkingCalendar, months: readonly string[]): TrendRow[] {
  const by = new Map(months.map((m) => [m, { month: m, published: 0, onTime: 0, late: 0, unknown: 0, delaySum: 0 }]));
  for (const r of published) {
    const row = by.get(chinaDate(r.first_published_at).slice(0, 7));
    if (!row) continue;
    row.published++;
    if (!hasDueRule(r.due_rule)) continue;
    const delay = delayOf(r, cal);
    if (delay === null) row.unknown++;
    else if (delay > 0) {
      row.late++;
      row.delaySum += delay;
    } else row.onTime++;
  }
  return [...by.values()].map(({ delaySum, ...r }) => ({ ...r, onTimeRate: r.onTime + r.late ? r.onTime / (r.onTime + r.late) : null, avgDelay: r.late ? round1(delaySum / r.late) : null }));
}

/** "today − n days" for staleness checks (calendar days; no working-day rule applies here). */
export function daysBefore(today: string, n: number): string {
  return addDays(today, -n);
}

/** Percent text for a rate, e.g. 0.8333 → "83.3%". */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}
