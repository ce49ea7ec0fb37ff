// Assembles the supervision dashboard for a principal: the office and admins see every
// department, other staff their own departments. Every table on the page comes from here, so the
// xlsx exports carry exactly the rows the page shows.
import type { WorkingCalendar } from '../../calendar/index.ts';
import type { Db } from '../../db/index.ts';
import { isOffice, type Principal } from '../accounts/service.ts';
import { todayInChina } from '../disclosures/service.ts';
import { ITEM_TYPES } from '../item-types/catalogue-data.ts';
import { computeColumns, departmentSignals, siteStale, type ColumnRow, type DepartmentSignals } from './columns.ts';
import { tooShortPeriods } from './min-duration.ts';
import * as repo from './repository-supervision.ts';
import { classifyOpen, departmentStats, lastMonths, monthlyTrend, totalStats, type Classified, type DepartmentStats, type TrendRow } from './supervision.ts';

export interface ShortPeriodRow {
  id: number;
  title: string;
  departmentName: string;
  itemTypeName: string;
  start: string;
  end: string;
  actual: number;
  required: number;
  unit: string;
  earliestEnd: string;
}

export interface Dashboard {
  today: string;
  scope: 'all' | 'own';
  departments: DepartmentStats[];
  total: DepartmentStats;
  overdue: (Classified & { workingDays: number | null })[];
  dueSoon: Classified[];
  unknown: Classified[];
  trend: TrendRow[];
  columns: ColumnRow[];
  signals: DepartmentSignals[];
  site: ReturnType<typeof siteStale>;
  shortPeriods: ShortPeriodRow[];
}

const PERIOD_TYPES = ITEM_TYPES.filter((t) => (t.periods ?? []).length > 0).map((t) => t.code);

export class SupervisionService {
  constructor(
    private readonly db: Db,
    private readonly calendar: () => WorkingCalendar,
  ) {}

  async dashboard(p: Principal, today: string = todayInChina()): Promise<Dashboard> {
    const office = isOffice(p);
    const ids = office ? undefined : [...new Set(p.memberships.map((m) => m.departmentId))];
    return this.build(ids, today, office ? 'all' : 'own');
  }

  /** The dashboard for a set of departments (undefined = all) as of `today`. */
  async build(ids: number[] | undefined, today: string, scope: 'all' | 'own' = 'all'): Promise<Dashboard> {
    const cal = this.calendar();
    const since = new Date(Date.parse(`${today}T00:00:00+08:00`) - 366 * 86_400_000).toISOString();
    const [deptRows, published, open, catalogue, activity, latest, periodRows] = await Promise.all([
      repo.departments(this.db, ids),
      repo.publishedRows(this.db, ids),
      repo.openRows(this.db, ids),
      repo.catalogueCategories(this.db, ids),
      repo.columnActivity(this.db, ids),
      repo.latestPublication(this.db),
      repo.periodCandidates(this.db, ids, PERIOD_TYPES, since),
    ]);
    // The office itself publishes nothing of its own in most districts; show it only if it has data.
    const active = new Set([...published.map((r) => r.department_id), ...open.map((r) => r.department_id), ...catalogue.map((r) => r.department_id)]);
    const depts = deptRows.filter((d) => d.kind !== 'office' || active.has(d.id)).map((d) => ({ id: d.id, name: d.name }));
    const classified = classifyOpen(open, cal, today);
    const stats = departmentStats(depts, published, classified, cal);
    const columns = computeColumns(depts, catalogue, activity, today);
    const byDue = (a: Classified, b: Classified) => (a.due_date ?? '').localeCompare(b.due_date ?? '') || a.id - b.id;
    const overdue = classified
      .filter((r) => r.status.kind === 'overdue')
      .sort(byDue)
      .map((r) => ({ ...r, workingDays: r.status.kind === 'overdue' ? r.status.workingDays : null }));
    const shortPeriods: ShortPeriodRow[] = [];
    for (const r of periodRows) {
      for (const c of tooShortPeriods(r.item_type_code, JSON.parse(r.fields) as Record<string, unknown>, cal)) {
        shortPeriods.push({ id: r.id, title: r.title, departmentName: r.department_name, itemTypeName: r.item_type_name, start: c.start, end: c.end, actual: c.result.actual, required: c.result.required, unit: c.result.unit === 'workingDays' ? '工作日' : '日', earliestEnd: c.result.earliestEnd });
      }
    }
    return {
      today,
      scope,
      departments: stats,
      total: totalStats(stats),
      overdue,
      dueSoon: classified.filter((r) => r.status.kind === 'due_soon').sort(byDue),
      unknown: classified.filter((r) => r.status.kind === 'calendar_unknown').sort(byDue),
      trend: monthlyTrend(published, cal, lastMonths(today, 12)),
      columns,
      signals: departmentSignals(depts, columns),
      site: siteStale(latest, today),
      shortPeriods,
    };
  }
}
