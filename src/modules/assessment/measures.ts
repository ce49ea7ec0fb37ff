// The automatic measures of the assessment, gathered from the other modules' services (never
// their repositories): timeliness (supervision dashboard), catalogue, requests, annual report and,
// when present, inspections. Each returns its inputs so the breakdown shows how a score came about.
import type { Executor } from '../../db/index.ts';
import { listEntries } from '../catalogue/service.ts';
import { inspectionFindingStats } from '../inspections/service.ts';
import type { SupervisionService } from '../timeliness/supervision-service.ts';
import { chinaDate } from '../timeliness/due.ts';
import type { MeasureCode, MeasureValue } from './scoring.ts';

/** The narrow slices of other services the measures need (the seed passes transaction-bound ones). */
export interface MeasureDeps {
  db: Executor;
  supervision: Pick<SupervisionService, 'build'>;
  requests: { reportRows(departmentId: number, year: number): Promise<{ closedDate: string | null; late: boolean }[]> };
  annualReports: { status(p: null, year: number, today?: string): Promise<{ scope: string; kind: 'gov' | 'progress'; deadline: string; state: string; publishedAt: string | null }[]> };
  /** Overrides inspections/service.ts `inspectionFindingStats` (tests). */
  inspections?: (departmentId: number, from: string, to: string) => Promise<{ total: number; closed: number } & Record<string, unknown>>;
}

export interface Period {
  year: number;
  from: string;
  to: string;
  /** The day the figures are taken: the period end, or today if the period has not ended. */
  asOf: string;
}

const ENTRY_FIELDS = ['content', 'time_limit', 'channel', 'responsible_body', 'supervision_channel'] as const;

export async function measureDepartments(
  deps: MeasureDeps,
  departments: readonly { id: number; code: string }[],
  period: Period,
  wanted: ReadonlySet<MeasureCode>,
): Promise<Map<number, Map<MeasureCode, MeasureValue>>> {
  const out = new Map<number, Map<MeasureCode, MeasureValue>>();
  // The annual report due in this period is the previous year's (条例 第四十九条: by 31 January).
  const reports = wanted.has('annual_report_on_time') ? await deps.annualReports.status(null, period.year - 1, period.asOf) : [];
  for (const d of departments) {
    const m = new Map<MeasureCode, MeasureValue>();
    out.set(d.id, m);
    if (wanted.has('on_time_rate') || wanted.has('overdue_count')) {
      const dash = await deps.supervision.build([d.id], period.asOf, 'own');
      const months = dash.trend.filter((t) => t.month >= period.from.slice(0, 7) && t.month <= period.to.slice(0, 7));
      const onTime = months.reduce((n, t) => n + t.onTime, 0);
      const late = months.reduce((n, t) => n + t.late, 0);
      const unknown = months.reduce((n, t) => n + t.unknown, 0);
      m.set('on_time_rate', { value: onTime + late ? onTime / (onTime + late) : null, inputs: { 按时发布: onTime, 逾期发布: late, 时限未知: unknown } });
      const s = dash.departments.find((x) => x.departmentId === d.id);
      m.set('overdue_count', { value: s?.overdueNow ?? 0, inputs: { 逾期未公开: s?.overdueNow ?? 0, 统计日: period.asOf } });
    }
    if (wanted.has('catalogue_completeness')) {
      const entries = await listEntries(deps.db, d.id);
      const complete = entries.filter((e) => ENTRY_FIELDS.every((k) => String(e[k] ?? '').trim() !== '')).length;
      m.set('catalogue_completeness', { value: entries.length ? complete / entries.length : 0, inputs: { 目录条目: entries.length, 要素齐全: complete } });
    }
    if (wanted.has('requests_on_time')) {
      const rows = (await deps.requests.reportRows(d.id, period.year)).filter((r) => r.closedDate !== null && r.closedDate >= period.from && r.closedDate <= period.to);
      const late = rows.filter((r) => r.late).length;
      m.set('requests_on_time', { value: rows.length ? (rows.length - late) / rows.length : null, inputs: { 办结: rows.length, 逾期答复: late } });
    }
    if (wanted.has('annual_report_on_time')) {
      const r = reports.find((x) => x.scope === d.code && x.kind === 'gov');
      const published = r?.publishedAt ? chinaDate(r.publishedAt) : null;
      const deadline = r?.deadline ?? `${period.year}-01-31`;
      const value = published ? (published <= deadline ? 1 : 0) : period.asOf > deadline ? 0 : null;
      m.set('annual_report_on_time', { value, inputs: { 报告年度: period.year - 1, 截止日期: deadline, 发布日期: published ?? '未发布' } });
    }
    if (wanted.has('inspection_findings_closed')) {
      const s = deps.inspections ? await deps.inspections(d.id, period.from, period.to) : await inspectionFindingStats(deps.db, d.id, period.from, period.to, period.asOf);
      m.set('inspection_findings_closed', { value: s.total ? s.closed / s.total : null, inputs: { 发现问题: s.total, 已整改: s.closed } });
    }
  }
  return out;
}
