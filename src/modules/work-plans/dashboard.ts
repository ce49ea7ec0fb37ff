// The small box on the office's supervision dashboard (/admin/supervision): the latest work-plan
// round's late and missing plans, and inspection findings past their rectification deadline.
import type { Executor } from '../../db/index.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { inspectionFindingStats } from '../inspections/service.ts';
import { latestRound, roundCounts, workPlanStatus } from './service.ts';

export async function supervisionBox(db: Executor): Promise<SafeHtml> {
  const round = await latestRound(db);
  const rows = round ? await workPlanStatus(db, round.id) : [];
  const c = roundCounts(rows);
  const f = await inspectionFindingStats(db, null, null, null);
  const late = rows.filter((r) => r.late || r.missing);
  return html`<section aria-labelledby="wp-box-h" class="card"><h2 id="wp-box-h">工作方案和督查检查</h2>
${round
    ? html`<p><a href="/admin/work-plans/${round.id}">${round.title}</a>（截止 ${round.due_date}）：已备案 <strong>${c.filed}</strong>/${c.departments}，待备案 ${c.submitted}，退回 ${c.returned}，逾期报送 <strong>${c.late}</strong>，逾期未报送 <strong>${c.missing}</strong>。</p>
${late.length ? html`<p>逾期单位：${late.map((r, i) => html`${i ? '、' : ''}${r.departmentName}（${r.missing ? '未报送' : '逾期报送'}）`)}</p>` : ''}`
    : html`<p>尚未开启工作方案报送。<a href="/admin/work-plans">开启报送</a></p>`}
<p><a href="/admin/inspections?status=overdue">督查检查问题</a>：共 ${f.total} 个，已销号 ${f.closed}（按期 ${f.closedOnTime}），未销号 ${f.open}，超过整改期限 <strong>${f.overdue}</strong>。</p>
</section>`;
}
