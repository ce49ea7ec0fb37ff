// Console views of public feedback: the department-scoped list with the 19号 3-month flag, one
// message with its answer form, and the office dashboard box.
import type { ErrorDetail } from '../../domain/errors.ts';
import { csrfField, errorSummary, textarea, input } from '../../web/forms.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { STALE_MONTHS, type FeedbackStatus } from './rules.ts';
import { statusBadge } from './views.ts';

const TARGET_NAMES = { disclosure: '公开信息', project: '项目' } as const;
const targetUrl = (kind: 'disclosure' | 'project', id: number) => (kind === 'disclosure' ? `/disclosures/${id}` : `/projects/${id}`);

interface ListRow {
  id: number;
  target_kind: 'disclosure' | 'project';
  target_id: number;
  department_name: string;
  message: string;
  submitted_date: string;
  due_date: string | null;
  answered_date: string | null;
  public_requested: number;
  staff_private: number;
  status: FeedbackStatus;
}

export function listPage(o: { rows: readonly ListRow[]; overview: { pending: number; overdue: number; stale: number; dueSoon: number; answeredLate: number }; filter: string; office: boolean; replyDays: number }): SafeHtml {
  const chip = (f: string, label: string) => html`<a href="/admin/feedback${f ? `?show=${f}` : ''}"${o.filter === f ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<h1>公众留言</h1>
<p>公众在公开信息和项目页面提交的疑问和意见，由责任单位在${o.replyDays}个工作日内答复${o.office ? '（政务公开办可查看全部单位）' : ''}。按《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号），一年内有留言超过${STALE_MONTHS}个月未答复的，网站检查直接判为不合格。</p>
<ul class="tile-count">
<li>待答复 <strong>${o.overview.pending}</strong></li>
<li>即将到期 <strong>${o.overview.dueSoon}</strong></li>
<li>已逾期 <strong>${o.overview.overdue}</strong></li>
<li>超过${STALE_MONTHS}个月未答复 <strong>${o.overview.stale}</strong></li>
<li>近一年超过${STALE_MONTHS}个月才答复 <strong>${o.overview.answeredLate}</strong></li>
</ul>
${o.overview.stale ? html`<p class="notice" role="alert">有 ${o.overview.stale} 条留言超过${STALE_MONTHS}个月未答复，请立即处理。</p>` : ''}
<nav aria-label="按状态筛选" class="chips">${chip('', '全部')}${chip('pending', '待答复')}${chip('answered', '已答复')}</nav>
${o.rows.length
  ? html`<div class="table-scroll" role="region" aria-label="留言列表" tabindex="0"><table class="list"><thead><tr><th scope="col">编号</th><th scope="col">留言</th><th scope="col">关于</th><th scope="col">责任单位</th><th scope="col">收到</th><th scope="col">答复期限</th><th scope="col">状态</th><th scope="col">公开</th></tr></thead><tbody>
${o.rows.map((r) => html`<tr><td><a href="/admin/feedback/${r.id}">#${r.id}</a></td><td>${r.message.length > 40 ? `${r.message.slice(0, 40)}…` : r.message}</td><td><a href="${targetUrl(r.target_kind, r.target_id)}">${TARGET_NAMES[r.target_kind]} ${r.target_id}</a></td><td>${r.department_name}</td><td>${r.submitted_date}</td><td>${r.due_date ?? '—'}</td><td>${statusBadge(r.status)}</td><td>${r.public_requested && !r.staff_private ? '公开' : '不公开'}</td></tr>`)}
</tbody></table></div>`
  : html`<p class="empty">没有留言。</p>`}`;
}

export interface DetailRow {
  id: number;
  target_kind: 'disclosure' | 'project';
  target_id: number;
  department_name: string;
  name: string;
  contact: string;
  wants_reply: number;
  message: string;
  maskedMessage: string;
  public_requested: number;
  staff_private: number;
  state: string;
  submitted_date: string;
  reply_days: number;
  due_date: string | null;
  answer: string | null;
  answered_date: string | null;
  answered_by_name: string | null;
  status: FeedbackStatus;
  public: boolean;
}

export function detailPage(o: { r: DetailRow; csrf: string; errors?: readonly ErrorDetail[]; answer?: string; notice?: string | undefined }): SafeHtml {
  const { r } = o;
  const errors = o.errors ?? [];
  return html`<h1>留言 #${r.id}</h1>
${o.notice === 'answered' ? html`<p class="notice" role="status">已答复。</p>` : o.notice === 'visibility' ? html`<p class="notice" role="status">公开设置已更新。</p>` : ''}
${errorSummary(errors)}
<dl class="meta-grid">
<div><dt>关于</dt><dd><a href="${targetUrl(r.target_kind, r.target_id)}">${TARGET_NAMES[r.target_kind]} ${r.target_id}</a></dd></div>
<div><dt>责任单位</dt><dd>${r.department_name}</dd></div>
<div><dt>收到日期</dt><dd>${r.submitted_date}</dd></div>
<div><dt>答复期限</dt><dd>${r.due_date ? `${r.due_date}（${r.reply_days}个工作日）` : '超出已知日历，无法计算'}</dd></div>
<div><dt>状态</dt><dd>${statusBadge(r.status)}</dd></div>
<div><dt>留言人</dt><dd>${r.name || '未留姓名'}；${r.contact || '未留联系方式'}${r.wants_reply ? '（要求单独答复）' : ''}<br><small>姓名和联系方式仅供答复使用，任何情况下不公开。</small></dd></div>
<div><dt>公开</dt><dd>${r.public_requested ? (r.staff_private ? '留言人同意公开，工作人员设为不公开' : '公开（答复后显示在页面上）') : '留言人选择不公开'}</dd></div>
</dl>
<section aria-labelledby="msg-title"><h2 id="msg-title">留言内容</h2><p>${r.message}</p>
${r.public_requested && r.maskedMessage !== r.message ? html`<p class="meta">公开显示时将去除个人信息：${r.maskedMessage}</p>` : ''}</section>
${r.state === 'answered'
  ? html`<section aria-labelledby="ans-title"><h2 id="ans-title">答复</h2><p>${r.answer ?? ''}</p><p class="meta">${r.answered_by_name ?? ''} 于 ${r.answered_date ?? ''} 答复</p></section>`
  : html`<form method="post" action="/admin/feedback/${r.id}/answer" novalidate>${csrfField(o.csrf)}
${textarea({ name: 'answer', label: '答复内容', value: o.answer ?? '', errors, required: true, rows: 6, help: r.public_requested ? '答复将与去除个人信息后的留言一起公开，请勿写入个人信息。' : '留言人选择不公开，答复不会显示在页面上。' })}
${r.public_requested ? html`<div class="form-row"><input id="fld-private" name="private" type="checkbox" value="1"> <label for="fld-private">不公开此答复（例如涉及个人隐私）</label></div>` : ''}
<p><button type="submit">提交答复</button></p></form>`}
${r.public_requested
  ? html`<form method="post" action="/admin/feedback/${r.id}/visibility" novalidate class="card">${csrfField(o.csrf)}
<input type="hidden" name="private" value="${r.staff_private ? '0' : '1'}">
${r.staff_private ? '' : input({ name: 'reason', label: '不公开的理由', errors })}
<p><button type="submit">${r.staff_private ? '恢复公开' : '设为不公开'}</button></p></form>`
  : ''}`;
}

/** The office dashboard box (/admin/supervision). */
export function dashboardBox(o: { pending: number; overdue: number; stale: number; answeredLate: number; staleRows: readonly { id: number; department_name: string; submitted_date: string }[] }): SafeHtml {
  return html`<section aria-labelledby="fb-box-title" class="card"><h2 id="fb-box-title">公众留言答复</h2>
<p>待答复 ${o.pending} 条，其中已逾期 ${o.overdue} 条，超过${STALE_MONTHS}个月未答复 ${o.stale} 条${o.answeredLate ? `；近一年另有 ${o.answeredLate} 条超过${STALE_MONTHS}个月才答复` : ''}（国办秘函〔2019〕19号：一年内有超过3个月未答复的留言，网站检查直接不合格）。</p>
${o.staleRows.length ? html`<ul>${o.staleRows.slice(0, 10).map((r) => html`<li><a href="/admin/feedback/${r.id}">留言 #${r.id}</a>：${r.department_name}，${r.submitted_date} 收到</li>`)}</ul>` : ''}
<p><a href="/admin/feedback">处理留言</a></p></section>`;
}
