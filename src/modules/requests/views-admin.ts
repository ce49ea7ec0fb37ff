// Console lists of requests: the department's own (full), the office's overview (deadlines and
// counts, never the applicant), the routing queue (description masked) and reminders.
import type { Department } from '../../db/schema.ts';
import type { ErrorDetail } from '../../domain/errors.ts';
import { csrfField, errorSummary, input, select } from '../../web/forms.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { answerType } from './answer-types.ts';
import { REQUEST_STATE_NAMES, type RequestState } from './clock.ts';
import { CHANNEL_NAMES, CHANNELS, RECEIPT_DATE_FIELD } from './receipt.ts';
import { applicantFields, departmentSelect } from './views-public.ts';

const stateName = (s: string) => REQUEST_STATE_NAMES[s as RequestState] ?? s;

export function dueBadge(r: { state: string; due_date: string | null; due_status: string; late: number }, today: string): SafeHtml {
  if (r.state === 'answered' || r.state === 'closed') return r.late ? html`<span class="badge late">超期办结</span>` : html`<span class="badge ok">按期办结</span>`;
  if (r.due_status === 'paused') return html`<span class="badge">暂停计时</span>`;
  if (r.due_status === 'waiting') return html`<span class="badge">待补正</span>`;
  if (r.due_status === 'calendar_unknown') return html`<span class="badge warn">期限待定</span>`;
  if (!r.due_date) return html`<span class="badge warn">待确认收到</span>`;
  return r.due_date < today ? html`<span class="badge late">已逾期</span>` : html`<span class="badge ok">办理中</span>`;
}

interface StaffRow {
  id: number;
  ref_no: string;
  applicant_name: string;
  department_name: string | null;
  submitted_date: string;
  received_date: string | null;
  state: string;
  due_date: string | null;
  due_status: string;
  late: number;
  answer_type: string | null;
}

export function staffList(rows: readonly StaffRow[], today: string): SafeHtml {
  if (!rows.length) return html`<p class="empty">暂无申请。</p>`;
  return html`<div class="table-scroll" role="region" aria-label="本单位收到的申请" tabindex="0"><table class="list"><caption>本单位收到的政府信息公开申请</caption>
<thead><tr><th scope="col">申请编号</th><th scope="col">申请人</th><th scope="col">单位</th><th scope="col">收到日期</th><th scope="col">状态</th><th scope="col">答复期限</th><th scope="col">时效</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td><a href="/admin/requests/${r.id}">${r.ref_no}</a></td><td>${r.applicant_name}</td><td>${r.department_name ?? ''}</td><td>${r.received_date ?? html`待确认（${r.submitted_date}提交）`}</td><td>${stateName(r.state)}${r.answer_type ? html`：${answerType(r.answer_type)?.label ?? ''}` : ''}</td><td>${r.due_date ?? '—'}</td><td>${dueBadge(r, today)}</td></tr>`)}</tbody></table></div>`;
}

export function officeOverview(o: {
  deadlines: { id: number; ref_no: string; state: string; due_date: string | null; due_status: string; received_date: string | null; submitted_date: string; late: number; department_name: string | null }[];
  counts: { department_name: string | null; state: string; late: number; n: number }[];
  today: string;
}): SafeHtml {
  const depts = [...new Set(o.counts.map((c) => c.department_name ?? '（待转交）'))];
  const states = Object.keys(REQUEST_STATE_NAMES);
  const n = (d: string, s: string) => o.counts.filter((c) => (c.department_name ?? '（待转交）') === d && c.state === s).reduce((t, c) => t + Number(c.n), 0);
  const late = (d: string) => o.counts.filter((c) => (c.department_name ?? '（待转交）') === d && c.late).reduce((t, c) => t + Number(c.n), 0);
  const overdue = o.deadlines.filter((r) => r.due_status === 'running' && r.due_date && r.due_date < o.today);
  return html`<section aria-labelledby="ov-stats"><h2 id="ov-stats">各单位申请办理情况</h2>
<p class="help">政务公开办只看统计和期限，不显示申请人身份和申请内容（申请由受理机关办理）。</p>
${depts.length ? html`<div class="table-scroll" role="region" aria-label="按单位和状态统计" tabindex="0"><table class="list"><caption>按单位和状态统计（件）</caption>
<thead><tr><th scope="col">单位</th>${states.map((s) => html`<th scope="col">${stateName(s)}</th>`)}<th scope="col">其中超期办结</th></tr></thead>
<tbody>${depts.map((d) => html`<tr><th scope="row">${d}</th>${states.map((s) => html`<td class="num">${n(d, s)}</td>`)}<td class="num">${late(d)}</td></tr>`)}</tbody></table></div>` : html`<p class="empty">暂无申请。</p>`}
</section>
<section aria-labelledby="ov-due"><h2 id="ov-due">办理中的申请期限（${o.deadlines.length}，其中逾期 ${overdue.length}）</h2>
${o.deadlines.length ? html`<div class="table-scroll" role="region" aria-label="办理中申请的答复期限" tabindex="0"><table class="list"><caption>办理中申请的答复期限</caption>
<thead><tr><th scope="col">申请编号</th><th scope="col">受理机关</th><th scope="col">收到日期</th><th scope="col">状态</th><th scope="col">答复期限</th><th scope="col">时效</th></tr></thead>
<tbody>${o.deadlines.map((r) => html`<tr><td>${r.ref_no}</td><td>${r.department_name ?? '待转交'}</td><td>${r.received_date ?? `待确认（${r.submitted_date}提交）`}</td><td>${stateName(r.state)}</td><td>${r.due_date ?? '—'}</td><td>${dueBadge(r, o.today)}</td></tr>`)}</tbody></table></div>` : html`<p class="empty">没有办理中的申请。</p>`}
</section>`;
}

export function routingQueue(rows: { id: number; ref_no: string; submitted_date: string; description: string }[], depts: readonly Department[], csrf: string): SafeHtml {
  return html`<section aria-labelledby="route-h"><h2 id="route-h">待转交的申请（${rows.length}）</h2>
<p class="help">申请人选择了“不确定受理机关”。以下仅显示申请内容（个人信息已遮盖），请转交掌握该信息的机关。</p>
${rows.length ? html`<ul class="plain">${rows.map((r) => html`<li class="card"><p><strong>${r.ref_no}</strong>（${r.submitted_date}提交）</p><p>${r.description}</p>
<form method="post" action="/admin/requests/${r.id}/route" class="actions-panel">${csrfField(csrf)}${select({ name: 'department', label: `转交 ${r.ref_no} 至`, required: true, placeholder: '请选择受理机关', options: depts.map((d) => [String(d.id), d.name] as const) })}<button type="submit" class="button">转交</button></form></li>`)}</ul>` : html`<p class="empty">没有待转交的申请。</p>`}
</section>`;
}

export function remindersList(rows: { kind: string; due_date: string; status: string; created_at: string; subject_line: string; request_id: number; ref_no: string }[], linkable: (id: number) => boolean): SafeHtml {
  if (!rows.length) return html`<p class="empty">暂无期限提醒。</p>`;
  return html`<ul>${rows.map((r) => html`<li>${r.created_at.slice(0, 10)} ${linkable(r.request_id) ? html`<a href="/admin/requests/${r.request_id}">${r.subject_line}</a>` : r.subject_line}（${r.status === 'sent' ? '已发邮件' : r.status === 'logged' ? '已记录（未配置邮件）' : r.status === 'no_recipients' ? '无收件人邮箱' : r.status === 'failed' ? '邮件发送失败' : '待发送'}）</li>`)}</ul>`;
}

export function registerForm(csrf: string, depts: readonly Department[], allowUnsure: boolean, today: string, v: Record<string, string> = {}, errors: readonly ErrorDetail[] = []): SafeHtml {
  const channels = CHANNELS.filter((c) => c !== 'online');
  return html`<h1>登记政府信息公开申请</h1>
<p>登记以当面、邮寄、传真或电子邮件方式收到的申请。收到申请之日按《政府信息公开条例》第三十一条确定：</p>
<ul>${channels.map((c) => html`<li>${CHANNEL_NAMES[c]}：${RECEIPT_DATE_FIELD[c].basis}</li>`)}</ul>
${errorSummary(errors)}
<form method="post" action="/admin/requests">
${csrfField(csrf)}
<fieldset><legend>收件情况</legend>
${departmentSelect(v, errors, depts, allowUnsure)}
${select({ name: 'channel', label: '提交方式', value: v.channel, errors, required: true, placeholder: '请选择', options: channels.map((c) => [c, CHANNEL_NAMES[c]] as const) })}
${input({ name: 'submittedDate', label: '申请人提交（寄出、发送）日期', type: 'date', value: v.submittedDate, errors, help: '不清楚时可留空。' })}
${input({ name: 'receivedDate', label: '收到申请之日（当面提交之日 / 签收之日 / 确认之日）', type: 'date', value: v.receivedDate ?? today, errors, required: true })}
</fieldset>
${applicantFields(v, errors)}
<button type="submit" class="button primary">登记并开始计时</button>
</form>`;
}
