// The website-inspection signals of 国办秘函〔2019〕19号 (RULES.md §9), computed per department
// "column" so the office sees them before an inspector does. Pure.
//
// Our definition of a column (栏目): one department × one information category (信息类别, the
// six-way grouping of item types: 批准结果、项目基本信息、配置（交易）过程、中标（成交）、合同履约、
// 监管处罚) – the sections a department's disclosures are listed under. A department's columns are
// the categories of the item types in its 主动公开目录 (catalogue), plus any category it has
// published in. Kinds (19号 distinguishes 动态、要闻类 from 通知公告、政策文件类):
// - 配置（交易）过程信息 is a dynamic column: announcements follow the transactions week by week;
//   stale after 2 weeks without an update;
// - the other categories are notice/policy-type columns: stale after 6 months.
// An empty column has never published anything. 19号 fails a site with ≥ 5 stale columns, or
// ≥ 5 empty columns (≥ 10 long-unupdated); the home page must not go 2 weeks without an update.
import { addDays } from '../../calendar/index.ts';
import { CATEGORIES, CATEGORY_NAMES, type Category } from '../item-types/types.ts';

export type ColumnKind = 'dynamic' | 'notice';

export const COLUMN_KINDS: Record<Category, ColumnKind> = {
  approval: 'notice',
  project: 'notice',
  process: 'dynamic',
  award: 'notice',
  contract: 'notice',
  sanction: 'notice',
};

export const COLUMN_KIND_NAMES: Record<ColumnKind, string> = { dynamic: '动态类（超过2周未更新即为不更新）', notice: '通知公告、政策文件类（超过6个月未更新即为不更新）' };

/** 19号 thresholds. */
export const STALE_DYNAMIC_DAYS = 14;
export const STALE_NOTICE_MONTHS = 6;
export const FAIL_STALE_COLUMNS = 5;
export const FAIL_EMPTY_COLUMNS = 5;

export interface ColumnActivity {
  department_id: number;
  category: string;
  published: number;
  /** Latest publication or correction in the column (UTC timestamp). */
  last_at: string | null;
}

export interface ColumnRow {
  departmentId: number;
  departmentName: string;
  category: Category;
  categoryName: string;
  kind: ColumnKind;
  published: number;
  /** China-local date of the latest update, or null for an empty column. */
  lastUpdate: string | null;
  status: 'ok' | 'stale' | 'empty';
  /** Calendar days since the latest update. */
  daysSince: number | null;
}

export interface DepartmentSignals {
  departmentId: number;
  departmentName: string;
  columns: number;
  staleDynamic: number;
  staleNotice: number;
  empty: number;
  /** 19号 would fail this department's section of the site. */
  failStale: boolean;
  failEmpty: boolean;
}

function chinaDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Same day-of-month n months earlier, clamped to the month's end. */
export function monthsBefore(today: string, n: number): string {
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7)) - n;
  while (m < 1) {
    m += 12;
    y--;
  }
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const d = Math.min(Number(today.slice(8, 10)), last);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

export function computeColumns(
  departments: readonly { id: number; name: string }[],
  catalogue: readonly { department_id: number; category: string }[],
  activity: readonly ColumnActivity[],
  today: string,
): ColumnRow[] {
  const dynamicCutoff = addDays(today, -STALE_DYNAMIC_DAYS);
  const noticeCutoff = monthsBefore(today, STALE_NOTICE_MONTHS);
  const isCategory = (c: string): c is Category => (CATEGORIES as readonly string[]).includes(c);
  const out: ColumnRow[] = [];
  for (const d of departments) {
    const cats = new Set<Category>();
    for (const c of catalogue) if (c.department_id === d.id && isCategory(c.category)) cats.add(c.category);
    for (const a of activity) if (a.department_id === d.id && isCategory(a.category) && a.published > 0) cats.add(a.category);
    for (const category of CATEGORIES.filter((c) => cats.has(c))) {
      const a = activity.find((x) => x.department_id === d.id && x.category === category);
      const kind = COLUMN_KINDS[category];
      const lastUpdate = a?.last_at ? chinaDay(a.last_at) : null;
      const published = a?.published ?? 0;
      const cutoff = kind === 'dynamic' ? dynamicCutoff : noticeCutoff;
      const status = published === 0 || !lastUpdate ? 'empty' : lastUpdate < cutoff ? 'stale' : 'ok';
      out.push({ departmentId: d.id, departmentName: d.name, category, categoryName: CATEGORY_NAMES[category], kind, published, lastUpdate, status, daysSince: lastUpdate ? daysBetween(lastUpdate, today) : null });
    }
  }
  return out;
}

export function departmentSignals(departments: readonly { id: number; name: string }[], columns: readonly ColumnRow[]): DepartmentSignals[] {
  return departments.map((d) => {
    const mine = columns.filter((c) => c.departmentId === d.id);
    const staleDynamic = mine.filter((c) => c.status === 'stale' && c.kind === 'dynamic').length;
    const staleNotice = mine.filter((c) => c.status === 'stale' && c.kind === 'notice').length;
    const empty = mine.filter((c) => c.status === 'empty').length;
    return { departmentId: d.id, departmentName: d.name, columns: mine.length, staleDynamic, staleNotice, empty, failStale: staleDynamic + staleNotice >= FAIL_STALE_COLUMNS, failEmpty: empty >= FAIL_EMPTY_COLUMNS };
  });
}

/** The site-wide signal: no publication or correction anywhere for 2 weeks (首页栏目不更新). */
export function siteStale(latestAt: string | null, today: string): { lastUpdate: string | null; stale: boolean; daysSince: number | null } {
  const lastUpdate = latestAt ? chinaDay(latestAt) : null;
  return { lastUpdate, stale: !lastUpdate || lastUpdate < addDays(today, -STALE_DYNAMIC_DAYS), daysSince: lastUpdate ? daysBetween(lastUpdate, today) : null };
}
