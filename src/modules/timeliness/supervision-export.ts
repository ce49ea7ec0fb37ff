// The dashboard's tables as xlsx: the same rows the page shows, with numbers kept numeric.
import type { Dashboard } from './supervision-service.ts';
import { tableToXlsx, type XlsxTable } from './xlsx.ts';

const kindName = (k: string) => (k === 'obligation' ? '待公开登记' : '未发布信息');

function tables(d: Dashboard) {
  const when = `统计日期 ${d.today}（${d.scope === 'all' ? '全区' : '本单位'}）`;
  return {
    departments: {
      sheet: '各单位公开时效',
      title: `各单位公开时效 · ${when} · 按时公开率=按时条数÷期限可计算的已发布条数；逾期单位为工作日`,
      rows: d.departments,
      columns: [
        { header: '单位', value: (r) => r.departmentName, width: 20 },
        { header: '已发布', value: (r) => r.published },
        { header: '按时', value: (r) => r.onTime },
        { header: '逾期', value: (r) => r.late },
        { header: '按时公开率', value: (r) => r.onTimeRate, numFmt: '0.0%' },
        { header: '平均逾期（工作日）', value: (r) => r.avgDelay },
        { header: '最长逾期（工作日）', value: (r) => r.worstDelay },
        { header: '当前逾期', value: (r) => r.overdueNow },
        { header: '3个工作日内到期', value: (r) => r.dueSoon },
        { header: '期限未知', value: (r) => r.unknown + r.openUnknown },
      ],
    } satisfies XlsxTable<Dashboard['departments'][number]>,
    trend: {
      sheet: '按月趋势',
      title: `按月趋势 · ${when}`,
      rows: d.trend,
      columns: [
        { header: '月份', value: (r) => r.month },
        { header: '发布', value: (r) => r.published },
        { header: '按时', value: (r) => r.onTime },
        { header: '逾期', value: (r) => r.late },
        { header: '按时公开率', value: (r) => r.onTimeRate, numFmt: '0.0%' },
        { header: '平均逾期（工作日）', value: (r) => r.avgDelay },
      ],
    } satisfies XlsxTable<Dashboard['trend'][number]>,
    overdue: {
      sheet: '当前逾期未公开',
      title: `当前逾期未公开 · ${when}`,
      rows: d.overdue,
      columns: [
        { header: '信息', value: (r) => r.title, width: 40 },
        { header: '类别', value: (r) => kindName(r.kind) },
        { header: '编号', value: (r) => r.id },
        { header: '单位', value: (r) => r.department_name, width: 20 },
        { header: '信息类型', value: (r) => r.item_type_name, width: 24 },
        { header: '公开期限', value: (r) => r.due_date },
        { header: '已逾期（工作日）', value: (r) => r.workingDays },
      ],
    } satisfies XlsxTable<Dashboard['overdue'][number]>,
    'due-soon': {
      sheet: '3个工作日内到期',
      title: `3个工作日内到期 · ${when}`,
      rows: d.dueSoon,
      columns: [
        { header: '信息', value: (r) => r.title, width: 40 },
        { header: '类别', value: (r) => kindName(r.kind) },
        { header: '编号', value: (r) => r.id },
        { header: '单位', value: (r) => r.department_name, width: 20 },
        { header: '信息类型', value: (r) => r.item_type_name, width: 24 },
        { header: '公开期限', value: (r) => r.due_date },
      ],
    } satisfies XlsxTable<Dashboard['dueSoon'][number]>,
    signals: {
      sheet: '栏目信号',
      title: `各单位栏目信号（国办秘函〔2019〕19号） · ${when}`,
      rows: d.signals,
      columns: [
        { header: '单位', value: (r) => r.departmentName, width: 20 },
        { header: '栏目数', value: (r) => r.columns },
        { header: '动态类超2周未更新', value: (r) => r.staleDynamic },
        { header: '通知公告类超6个月未更新', value: (r) => r.staleNotice },
        { header: '空白栏目', value: (r) => r.empty },
        { header: '19号文件判定', value: (r) => (r.failStale || r.failEmpty ? '单项否决' : '未触发') },
      ],
    } satisfies XlsxTable<Dashboard['signals'][number]>,
    columns: {
      sheet: '栏目明细',
      title: `栏目明细 · ${when}`,
      rows: d.columns,
      columns: [
        { header: '单位', value: (r) => r.departmentName, width: 20 },
        { header: '栏目（信息类别）', value: (r) => r.categoryName, width: 22 },
        { header: '类型', value: (r) => (r.kind === 'dynamic' ? '动态类' : '通知公告、政策文件类') },
        { header: '已发布', value: (r) => r.published },
        { header: '最近更新', value: (r) => r.lastUpdate },
        { header: '状态', value: (r) => ({ ok: '正常', stale: '不更新', empty: '空白' })[r.status] },
      ],
    } satisfies XlsxTable<Dashboard['columns'][number]>,
    'short-periods': {
      sheet: '公示期不足',
      title: `公示期不足（近12个月发布） · ${when}`,
      rows: d.shortPeriods,
      columns: [
        { header: '信息', value: (r) => r.title, width: 40 },
        { header: '编号', value: (r) => r.id },
        { header: '单位', value: (r) => r.departmentName, width: 20 },
        { header: '信息类型', value: (r) => r.itemTypeName, width: 20 },
        { header: '开始', value: (r) => r.start },
        { header: '结束', value: (r) => r.end },
        { header: '实际', value: (r) => r.actual },
        { header: '规定不少于', value: (r) => r.required },
        { header: '单位（日/工作日）', value: (r) => r.unit },
        { header: '最早可结束日', value: (r) => r.earliestEnd },
      ],
    } satisfies XlsxTable<Dashboard['shortPeriods'][number]>,
  };
}

export const EXPORTS = { departments: 1, trend: 1, overdue: 1, 'due-soon': 1, signals: 1, columns: 1, 'short-periods': 1 } as const;

export async function exportTable(name: keyof typeof EXPORTS, d: Dashboard): Promise<{ buffer: Buffer; filename: string }> {
  const t = tables(d)[name] as XlsxTable<unknown>;
  return { buffer: await tableToXlsx(t), filename: `${t.sheet}-${d.today}.xlsx` };
}
