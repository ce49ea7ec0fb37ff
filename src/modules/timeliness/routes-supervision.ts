// Console: the supervision dashboard (/admin/supervision) with its xlsx exports, and the list of
// reminders (/admin/notifications). The office and admins see every department; other staff the
// same page for their own departments. Figures are computed against the real current date.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../domain/errors.ts';
import { html } from '../../web/html.ts';
import { requirePrincipal, sendHtml } from '../../web/request.ts';
import { isOffice } from '../accounts/service.ts';
import { STATE_NAMES } from '../disclosures/state.ts';
import { trendChartSvg } from './chart.ts';
import { COLUMN_KIND_NAMES, FAIL_EMPTY_COLUMNS, FAIL_STALE_COLUMNS } from './columns.ts';
import { adminPage, dataTable } from './page.ts';
import { percent } from './supervision.ts';
import { EXPORTS, exportTable } from './supervision-export.ts';
import { notificationsList, subjectHref } from './views.ts';
import { supervisionBox } from '../work-plans/dashboard.ts';
import { feedbackDashboardBox } from '../feedback/routes.ts';

const xlsxHref = (t: string) => `/admin/supervision/export/${t}.xlsx`;
const kindName = (k: string) => (k === 'obligation' ? '待公开登记' : '未发布信息');
const stateName = (r: { kind: string; state: string }) => (r.kind === 'obligation' ? '待公开' : (STATE_NAMES[r.state as keyof typeof STATE_NAMES] ?? r.state));

export function registerSupervisionRoutes(app: FastifyInstance, ctx: AppContext) {
  const t8 = ctx.timeliness;

  app.get('/admin/supervision', async (req, reply) => {
    const p = requirePrincipal(req);
    const d = await t8.supervision.dashboard(p);
    const reminders = await t8.reminders.listFor(p, 200);
    const office = isOffice(p);
    const signalsFailing = d.signals.filter((s) => s.failStale || s.failEmpty);
    const workPlanBox = office ? await supervisionBox(ctx.database.db) : ''; // issue 8: late/missing work plans, overdue inspection findings
    const content = html`<h1>${office ? '公开时效监督（全区）' : '本单位公开时效'}</h1>
<p>统计日期：${d.today}（北京时间）。期限按法定工作日历计算（含调休上班日）。<a href="/admin/obligations">待公开信息登记</a>${office ? html` · <a href="/admin/calendar">工作日历</a>` : ''} · <a href="/admin/notifications">期限提醒</a>${office ? html` · <a href="/admin/red-flags">风险提示</a>` : ''}</p>
<ul class="summary">
<li>按时公开率：<strong>${percent(d.total.onTimeRate)}</strong>（${d.total.onTime}/${d.total.measured}）</li>
<li>当前逾期未公开：<strong>${d.total.overdueNow}</strong> 条</li>
<li>3 个工作日内到期：<strong>${d.total.dueSoon}</strong> 条</li>
${d.total.openUnknown ? html`<li>期限无法计算（日历未知）：<strong>${d.total.openUnknown}</strong> 条</li>` : ''}
${office ? html`<li>网站首页最近更新：${d.site.lastUpdate ?? '从未'}${d.site.stale ? html` <span class="badge late">超过2周未更新</span>` : ''}</li>` : ''}
</ul>
${workPlanBox}
${await feedbackDashboardBox(ctx, req)}

<section aria-labelledby="dept-title"><h2 id="dept-title">各单位公开时效</h2>
<p class="help">按时公开率 = 首次发布不晚于公开期限的条数 ÷ 已发布且期限可计算的条数；平均和最长逾期按逾期条目计算，单位为工作日；当前逾期 = 已过期限仍未发布的待公开登记和未发布信息（关联同一登记的只计一次）。</p>
${dataTable({ caption: '各单位公开时效', rows: d.departments, exportHref: xlsxHref('departments'), empty: '暂无单位。', cols: [
      { header: '单位', cell: (r) => r.departmentName },
      { header: '已发布', cell: (r) => r.published, num: true },
      { header: '按时', cell: (r) => r.onTime, num: true },
      { header: '逾期', cell: (r) => r.late, num: true },
      { header: '按时公开率', cell: (r) => percent(r.onTimeRate), num: true },
      { header: '平均逾期（工作日）', cell: (r) => r.avgDelay ?? '—', num: true },
      { header: '最长逾期（工作日）', cell: (r) => r.worstDelay ?? '—', num: true },
      { header: '当前逾期', cell: (r) => (r.overdueNow ? html`<strong class="late">${r.overdueNow}</strong>` : '0'), num: true },
      { header: '3个工作日内到期', cell: (r) => r.dueSoon, num: true },
      { header: '期限未知', cell: (r) => r.unknown + r.openUnknown, num: true },
    ] })}</section>

<section aria-labelledby="trend-h"><h2 id="trend-h">按月趋势（近12个月）</h2>
<figure class="chart">${trendChartSvg(d.trend, { id: 'trend-chart', title: `${office ? '全区' : '本单位'}近12个月按时与逾期公开条数及按时公开率`, description: d.trend.map((r) => `${r.month}：按时 ${r.onTime} 条，逾期 ${r.late} 条，按时率 ${percent(r.onTimeRate)}`).join('；') })}
<figcaption>柱：每月首次发布的按时（绿）与逾期（红）条数；线：按时公开率（右轴）。数据见下表。</figcaption></figure>
${dataTable({ caption: '按月趋势', rows: d.trend, exportHref: xlsxHref('trend'), empty: '无数据。', cols: [
      { header: '月份', cell: (r) => r.month },
      { header: '发布', cell: (r) => r.published, num: true },
      { header: '按时', cell: (r) => r.onTime, num: true },
      { header: '逾期', cell: (r) => r.late, num: true },
      { header: '按时公开率', cell: (r) => percent(r.onTimeRate), num: true },
      { header: '平均逾期（工作日）', cell: (r) => r.avgDelay ?? '—', num: true },
    ] })}</section>

<section aria-labelledby="od-title"><h2 id="od-title">当前逾期未公开（${d.overdue.length}）</h2>
${dataTable({ caption: '当前逾期未公开', rows: d.overdue, exportHref: xlsxHref('overdue'), empty: '没有逾期未公开的信息。', cols: [
      { header: '信息', cell: (r) => html`<a href="${subjectHref(r.kind, r.id)}">${r.title}</a>` },
      { header: '类别', cell: (r) => kindName(r.kind) },
      { header: '单位', cell: (r) => r.department_name },
      { header: '信息类型', cell: (r) => r.item_type_name },
      { header: '状态', cell: (r) => stateName(r) },
      { header: '公开期限', cell: (r) => r.due_date ?? '' },
      { header: '已逾期（工作日）', cell: (r) => r.workingDays ?? '日历未知', num: true },
    ] })}</section>

<section aria-labelledby="ds-title"><h2 id="ds-title">3 个工作日内到期（${d.dueSoon.length}）</h2>
${dataTable({ caption: '3个工作日内到期', rows: d.dueSoon, exportHref: xlsxHref('due-soon'), empty: '近 3 个工作日内没有到期的信息。', cols: [
      { header: '信息', cell: (r) => html`<a href="${subjectHref(r.kind, r.id)}">${r.title}</a>` },
      { header: '类别', cell: (r) => kindName(r.kind) },
      { header: '单位', cell: (r) => r.department_name },
      { header: '信息类型', cell: (r) => r.item_type_name },
      { header: '状态', cell: (r) => stateName(r) },
      { header: '公开期限', cell: (r) => r.due_date ?? '' },
    ] })}
${d.unknown.length ? html`<p>另有 ${d.unknown.length} 条期限落在工作日历未覆盖的年度，无法计算（“日历未知”）；导入新年度节假日安排后自动计算。</p>` : ''}</section>

<section aria-labelledby="col-title"><h2 id="col-title">栏目更新情况（国办秘函〔2019〕19号）</h2>
<p class="help">栏目 = 单位 × 信息类别（本单位公开目录所列信息类型的类别及已发布过的类别）。${COLUMN_KIND_NAMES.dynamic.replace('（', '栏目（')}：配置（交易）过程信息；${COLUMN_KIND_NAMES.notice.replace('（', '栏目（')}：其余类别。空白栏目：从未发布。单位不更新栏目达 ${FAIL_STALE_COLUMNS} 个、或空白栏目达 ${FAIL_EMPTY_COLUMNS} 个，按19号文件即为单项否决。</p>
${signalsFailing.length ? html`<p class="notice" role="note">按19号文件标准将被单项否决的单位：${signalsFailing.map((s) => s.departmentName).join('、')}</p>` : ''}
${dataTable({ caption: '各单位栏目信号', rows: d.signals, exportHref: xlsxHref('signals'), empty: '暂无栏目。', cols: [
      { header: '单位', cell: (r) => r.departmentName },
      { header: '栏目数', cell: (r) => r.columns, num: true },
      { header: '动态类超2周未更新', cell: (r) => r.staleDynamic, num: true },
      { header: '通知公告类超6个月未更新', cell: (r) => r.staleNotice, num: true },
      { header: '空白栏目', cell: (r) => r.empty, num: true },
      { header: '19号文件判定', cell: (r) => (r.failStale || r.failEmpty ? html`<span class="badge late">单项否决</span>` : html`<span class="badge ok">未触发</span>`) },
    ] })}
${dataTable({ caption: '栏目明细', rows: d.columns, exportHref: xlsxHref('columns'), empty: '暂无栏目。', cols: [
      { header: '单位', cell: (r) => r.departmentName },
      { header: '栏目（信息类别）', cell: (r) => r.categoryName },
      { header: '类型', cell: (r) => (r.kind === 'dynamic' ? '动态类' : '通知公告、政策文件类') },
      { header: '已发布', cell: (r) => r.published, num: true },
      { header: '最近更新', cell: (r) => r.lastUpdate ?? '—' },
      { header: '状态', cell: (r) => (r.status === 'ok' ? html`<span class="badge ok">正常</span>` : r.status === 'stale' ? html`<span class="badge late">不更新（${r.daysSince} 天）</span>` : html`<span class="badge warn">空白</span>`) },
    ] })}</section>

<section aria-labelledby="sp-title"><h2 id="sp-title">公示期不足（近12个月发布）</h2>
${dataTable({ caption: '公示期不足', rows: d.shortPeriods, exportHref: xlsxHref('short-periods'), empty: '近12个月发布的信息中没有公示期不足的。', cols: [
      { header: '信息', cell: (r) => html`<a href="/disclosures/${r.id}">${r.title}</a>` },
      { header: '单位', cell: (r) => r.departmentName },
      { header: '信息类型', cell: (r) => r.itemTypeName },
      { header: '公示期', cell: (r) => `${r.start} 至 ${r.end}` },
      { header: '实际', cell: (r) => `${r.actual} ${r.unit}`, num: true },
      { header: '规定不少于', cell: (r) => `${r.required} ${r.unit}`, num: true },
      { header: '最早可结束日', cell: (r) => r.earliestEnd },
    ] })}</section>
${notificationsList(reminders, { limit: 10 })}`;
    return sendHtml(reply, adminPage(req, office ? '公开时效监督' : '本单位公开时效', content));
  });

  app.get<{ Params: { table: string } }>('/admin/supervision/export/:table', async (req, reply) => {
    const p = requirePrincipal(req);
    const name = req.params.table.replace(/\.xlsx$/, '');
    if (!(name in EXPORTS)) throw notFound('报表');
    const d = await t8.supervision.dashboard(p);
    const { buffer, filename } = await exportTable(name as keyof typeof EXPORTS, d);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .header('cache-control', 'private, no-store')
      .send(buffer);
  });

  app.get('/admin/notifications', async (req, reply) => {
    const p = requirePrincipal(req);
    const rows = await t8.reminders.listFor(p, 500);
    const content = html`<h1>期限提醒</h1><p>到期前 3 个工作日和逾期当日，系统提醒责任单位（站内提醒并发送邮件）。以下为近 60 天的提醒。</p>${notificationsList(rows, { headingLevel: 2 })}`;
    return sendHtml(reply, adminPage(req, '期限提醒', content));
  });
}
