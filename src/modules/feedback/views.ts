// Views of public feedback: the "对此信息有疑问" section under a disclosure or project (answered
// public messages + the form), the standalone form page (errors), the receipt, and the console.
import type { ErrorDetail } from '../../domain/errors.ts';
import { csrfField, errorSummary, fieldId, input, textarea } from '../../web/forms.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { FEEDBACK_LIMITS, STATUS_NAMES, type FeedbackStatus } from './rules.ts';

export interface FormValues {
  name: string;
  contact: string;
  wantsReply: boolean;
  message: string;
  visibility: string;
}

const EMPTY: FormValues = { name: '', contact: '', wantsReply: false, message: '', visibility: 'public' };

export function feedbackForm(o: { kind: string; id: number; csrf: string; values?: FormValues; errors?: readonly ErrorDetail[]; replyDays: number }): SafeHtml {
  const v = o.values ?? EMPTY;
  const errors = o.errors ?? [];
  const visErr = errors.find((e) => e.field === 'visibility');
  return html`<form method="post" action="/feedback" novalidate class="feedback-form">
${csrfField(o.csrf)}<input type="hidden" name="kind" value="${o.kind}"><input type="hidden" name="id" value="${o.id}">
<div hidden><label for="fld-website">请勿填写此项</label><input id="fld-website" name="website" type="text" value="" autocomplete="off" tabindex="-1"></div>
${textarea({ name: 'message', label: '您的疑问或意见', value: v.message, errors, required: true, maxLength: FEEDBACK_LIMITS.message, rows: 5, help: `请勿填写身份证号码、银行账号等个人信息。${FEEDBACK_LIMITS.message}字以内。` })}
${input({ name: 'name', label: '姓名或称呼（选填，不公开）', value: v.name, errors, maxLength: FEEDBACK_LIMITS.name })}
${input({ name: 'contact', label: '电子邮箱或电话（需要单独答复时必填，不公开）', value: v.contact, errors, maxLength: FEEDBACK_LIMITS.contact })}
<div class="form-row"><input id="fld-wantsReply" name="wantsReply" type="checkbox" value="1"${v.wantsReply ? html` checked` : ''}> <label for="fld-wantsReply">需要工作人员通过上述联系方式单独答复</label></div>
<fieldset class="form-row${visErr ? ' has-error' : ''}"${visErr ? html` aria-describedby="${fieldId('visibility')}-err"` : ''}><legend>答复是否公开</legend>
${visErr ? html`<p class="field-error" id="${fieldId('visibility')}-err">${visErr.message}</p>` : ''}
<p><input id="${fieldId('visibility')}" name="visibility" type="radio" value="public"${v.visibility === 'public' ? html` checked` : ''}> <label for="${fieldId('visibility')}">公开：留言（已去除个人信息）和答复显示在本页</label></p>
<p><input id="fld-visibility-private" name="visibility" type="radio" value="private"${v.visibility === 'private' ? html` checked` : ''}> <label for="fld-visibility-private">不公开：仅责任单位可见</label></p>
</fieldset>
<p class="help">责任单位应在${o.replyDays}个工作日内答复（按国务院办公厅公布的节假日安排计算）。</p>
<p><button type="submit">提交留言</button></p>
</form>`;
}

export function publicSection(o: { kind: string; id: number; csrf: string; replyDays: number; items: { id: number; message: string; answer: string; submittedDate: string; answeredDate: string | null; departmentName: string }[] }): SafeHtml {
  return html`<section aria-labelledby="fb-title" class="feedback"><h2 id="fb-title">公众留言与答复</h2>
${o.items.length
  ? html`<ol class="history">${o.items.map((f) => html`<li id="feedback-${f.id}"><p><strong>网友留言</strong>（${f.submittedDate}）：${f.message}</p><p><strong>${f.departmentName}答复</strong>（${f.answeredDate ?? ''}）：${f.answer}</p></li>`)}</ol>`
  : html`<p class="empty">暂无公开的留言答复。</p>`}
<details><summary>对此信息有疑问？</summary>
${feedbackForm({ kind: o.kind, id: o.id, csrf: o.csrf, replyDays: o.replyDays })}
</details>
</section>`;
}

export function formPage(o: { kind: string; id: number; title: string; url: string; csrf: string; values: FormValues; errors: readonly ErrorDetail[]; replyDays: number }): SafeHtml {
  return html`<h1>对此信息有疑问</h1>
<p>关于：<a href="${o.url}">${o.title}</a></p>
${errorSummary(o.errors)}
${feedbackForm(o)}`;
}

export function receiptPage(o: { title: string; url: string; dueDate: string | null; publicRequested: boolean }): SafeHtml {
  return html`<h1>留言已提交</h1>
<p>您关于“<a href="${o.url}">${o.title}</a>”的留言已转交责任单位。</p>
<p>${o.dueDate ? `责任单位应于 ${o.dueDate} 前答复。` : '责任单位将尽快答复。'}${o.publicRequested ? '答复后，留言（已去除个人信息）和答复将显示在该页面。' : '您选择了不公开，答复不会显示在页面上。'}</p>
<p><a href="${o.url}">返回信息页面</a></p>`;
}

export function statusBadge(s: FeedbackStatus): SafeHtml {
  const late = s.kind === 'overdue' || s.kind === 'stale' || (s.kind === 'answered' && s.late);
  return html`<span class="badge${late ? ' late' : ''}">${STATUS_NAMES[s.kind]}${s.kind === 'answered' && s.late ? '（逾期答复）' : ''}</span>`;
}
