// Read-only renderings of work plans: the plan itself (console and public page), the office's
// status table of a round, and the small box on the supervision dashboard.
import { html, type SafeHtml } from '../../web/html.ts';
import type { DepartmentPlanRow, roundCounts } from './service.ts';
import { STATUS_NAMES, TASK_CATEGORIES, TASK_FIELDS, type WorkPlanContent } from './state.ts';

const paragraphs = (text: string) => (text.trim() ? text.split(/\n+/).map((l) => html`<p>${l}</p>`) : html`<p class="empty">（未填写）</p>`);

/** The plan as the public and the office read it; `headingLevel` nests it under the page's h1. */
export function planBody(c: WorkPlanContent, idPrefix = 'wp'): SafeHtml {
  return html`<section aria-labelledby="${idPrefix}-s1"><h2 id="${idPrefix}-s1">一、工作现状和目标</h2><div class="body">${paragraphs(c.statusGoals)}</div></section>
<section aria-labelledby="${idPrefix}-s2"><h2 id="${idPrefix}-s2">二、主要任务和措施</h2>
${TASK_CATEGORIES.map((cat, ci) => {
    const rows = c.tasks.filter((t) => t.category === cat.key);
    if (!rows.length) return '';
    return html`<div class="table-scroll" role="region" aria-labelledby="${idPrefix}-c${ci}" tabindex="0"><table class="list"><caption id="${idPrefix}-c${ci}">（${ci + 1}）${cat.name}</caption>
<thead><tr><th scope="col">序号</th>${TASK_FIELDS.map((f) => html`<th scope="col">${f.name}</th>`)}</tr></thead>
<tbody>${rows.map((t, i) => html`<tr><td class="num">${i + 1}</td><td>${t.content}</td><td>${t.responsibleBody}</td><td>${t.channel}</td><td>${t.timeLimit}</td></tr>`)}</tbody></table></div>`;
  })}
${c.tasks.length ? '' : html`<p class="empty">（未填写）</p>`}
</section>
<section aria-labelledby="${idPrefix}-s3"><h2 id="${idPrefix}-s3">三、组织保障、监督和考核</h2><div class="body">${paragraphs(c.organisation)}</div></section>`;
}

export function statusBadge(r: Pick<DepartmentPlanRow, 'status' | 'late'>): SafeHtml {
  const cls = r.status === 'missing' ? 'late' : r.status === 'filed' || r.status === 'published' ? 'ok' : r.status === 'returned' ? 'warn' : '';
  return html`<span class="badge${cls ? ` ${cls}` : ''}">${STATUS_NAMES[r.status]}</span>${r.late ? html` <span class="badge late">逾期报送</span>` : ''}`;
}

export function countsList(c: ReturnType<typeof roundCounts>): SafeHtml {
  return html`<ul class="summary">
<li>应报送单位：<strong>${c.departments}</strong></li>
<li>已备案（含已公开）：<strong>${c.filed}</strong>，其中已公开 ${c.published}</li>
<li>待备案：<strong>${c.submitted}</strong></li>
<li>已退回修改：<strong>${c.returned}</strong></li>
<li>逾期报送：<strong>${c.late}</strong></li>
<li>逾期未报送：<strong>${c.missing}</strong></li>
<li>未报送（未到期）：<strong>${c.notStarted + c.draft}</strong></li>
</ul>`;
}

export function dateTime(iso: string | null): string {
  if (!iso) return '—';
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
