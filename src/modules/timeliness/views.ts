// Views of the timeliness module that other pages embed: the minimum-period flag for a disclosure
// (public page and console), the status of an open deadline, and the reminder list.
import type { WorkingCalendar } from '../../calendar/index.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { defaultCalendar, type OpenStatus } from './due.ts';
import { checkPeriods, describeCheck } from './min-duration.ts';

/**
 * The flag shown on a disclosure whose publicity/announcement period is shorter than its item
 * type's minimum (e.g. 中标候选人公示期不得少于3日), or cannot be checked because the period lies
 * outside the known calendar. Empty when every period is long enough or the type has none.
 * `fields` are the version's raw fields (JSON.parse(v.fields)); only the period dates are read.
 */
export function minDurationNotice(itemTypeCode: string, fields: Record<string, unknown>, cal: WorkingCalendar = defaultCalendar()): SafeHtml {
  const checks = checkPeriods(itemTypeCode, fields, cal).filter((c) => c.status === 'too_short' || c.status === 'calendar_unknown');
  if (!checks.length) return html``;
  return html`<div class="notice period-flag" role="note">${checks.map((c) =>
    c.status === 'too_short'
      ? html`<p><span class="badge late">公示期不足</span> ${describeCheck(c)}</p>`
      : html`<p><span class="badge warn">公示期无法核对</span> ${describeCheck(c)}</p>`,
  )}</div>`;
}

export function openStatusBadge(s: OpenStatus): SafeHtml {
  switch (s.kind) {
    case 'no_rule':
      return html``;
    case 'calendar_unknown':
      return html`<span class="badge warn">法定日历未知，无法计算期限</span>`;
    case 'overdue':
      return s.workingDays === null ? html`<span class="badge late">已逾期（工作日数因日历未知无法计算）</span>` : html`<span class="badge late">已逾期 ${s.workingDays} 个工作日</span>`;
    case 'due_soon':
      return html`<span class="badge warn">即将到期（${s.due}）</span>`;
    case 'pending':
      return html`<span class="badge">应于 ${s.due} 前公开</span>`;
  }
}

export interface ReminderRow {
  id: number;
  subject: string;
  subject_id: number;
  kind: string;
  due_date: string;
  title: string;
  created_at: string;
  status: string;
  department_name: string;
}

const KIND_NAMES: Record<string, string> = { due_soon: '即将到期', overdue: '已逾期' };
const STATUS_NAMES: Record<string, string> = { pending: '待发送', sent: '已发邮件', failed: '邮件发送失败', logged: '未配置邮件服务，仅站内提醒', no_recipients: '无收件邮箱，仅站内提醒' };

export function subjectHref(subject: string, id: number): string {
  return subject === 'obligation' ? `/admin/obligations/${id}` : `/admin/disclosures/${id}`;
}

function fmt(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

/** The notification list (console): one line per reminder, newest first. */
export function notificationsList(rows: readonly ReminderRow[], opts: { headingLevel?: 2 | 3; limit?: number } = {}): SafeHtml {
  const shown = rows.slice(0, opts.limit ?? rows.length);
  const h = opts.headingLevel === 3 ? 'h3' : 'h2';
  return html`<section aria-labelledby="notif-title"><${h} id="notif-title">期限提醒（${rows.length}）</${h}>
${shown.length
  ? html`<ul class="notifications">${shown.map((r) => html`<li><span class="badge ${r.kind === 'overdue' ? 'late' : 'warn'}">${KIND_NAMES[r.kind] ?? r.kind}</span> <a href="${subjectHref(r.subject, r.subject_id)}">${r.title}</a>（${r.department_name}，期限 ${r.due_date}）<span class="meta"> ${fmt(r.created_at)} · ${STATUS_NAMES[r.status] ?? r.status}</span></li>`)}</ul>
${rows.length > shown.length ? html`<p><a href="/admin/notifications">查看全部提醒</a></p>` : ''}`
  : html`<p class="empty">近期没有期限提醒。</p>`}
</section>`;
}
