// Console views of inspections: the new-inspection form, the detail page with findings, answers
// and the forms for each role.
import type { ErrorDetail } from '../../domain/errors.ts';
import { csrfField, errorFor, errorSummary, fieldId, input, select, textarea } from '../../web/forms.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { Principal } from '../accounts/service.ts';
import { isOffice } from '../accounts/service.ts';
import type { AnswerRow, FindingRow, InspectionRow } from './service.ts';
import { canAnswer } from './service.ts';
import { KINDS, SCOPES, STATUS_NAMES, isOverdue, type InspectionScope } from './state.ts';

export const NEW_FINDING_BLOCKS = 3;

export const scopeNames = (json: string) => (JSON.parse(json) as InspectionScope[]).map((s) => SCOPES[s] ?? s).join('、');

export function dateTime(iso: string | null): string {
  if (!iso) return '—';
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function findingBadge(f: FindingRow, today: string): SafeHtml {
  const cls = f.status === 'closed' ? 'ok' : f.status === 'answered' ? 'warn' : '';
  return html`<span class="badge${cls ? ` ${cls}` : ''}">${STATUS_NAMES[f.status]}</span>${isOverdue(f, today) ? html` <span class="badge late">已超整改期限</span>` : ''}`;
}

/** Scope checkboxes as a group; the first box carries the id the error summary links to. */
function scopeBoxes(selected: string[], errors: readonly ErrorDetail[]): SafeHtml {
  const err = errorFor(errors, 'scope');
  return html`<fieldset class="form-row${err ? ' has-error' : ''}"><legend>检查内容<span class="req" aria-hidden="true">*</span><span class="visually-hidden">（必填）</span></legend>
${err ? html`<p class="field-error">${err.message}</p>` : ''}
${Object.entries(SCOPES).map(([k, name], i) => html`<label class="inline-action"><input type="checkbox" name="scope[]" value="${k}"${i === 0 ? html` id="${fieldId('scope')}"` : ''}${selected.includes(k) ? html` checked` : ''}> ${name}</label> `)}
</fieldset>`;
}

export function newInspectionForm(o: { p: Principal; departments: { id: number; name: string }[]; v: Record<string, string>; scope: string[]; findings: Record<string, string>[]; errors: ErrorDetail[]; today: string }): SafeHtml {
  const { v, errors } = o;
  return html`<h1>登记督查检查</h1>
${errorSummary(errors)}
<form method="post" action="/admin/inspections">${csrfField(o.p.csrfToken)}
<fieldset><legend>检查情况</legend>
${select({ name: 'department', label: '被检查单位', value: v.department, errors, required: true, placeholder: '请选择', options: o.departments.map((d) => [String(d.id), d.name] as const) })}
${select({ name: 'kind', label: '检查方式', value: v.kind, errors, required: true, placeholder: '请选择', options: Object.entries(KINDS) })}
${scopeBoxes(o.scope, errors)}
${input({ name: 'inspectionDate', label: '检查日期', type: 'date', value: v.inspectionDate ?? o.today, errors, required: true })}
${input({ name: 'inspectors', label: '检查人员', value: v.inspectors, errors, required: true, maxLength: 200 })}
${textarea({ name: 'summary', label: '检查情况概述', value: v.summary, errors, required: true, rows: 5 })}
</fieldset>
${Array.from({ length: NEW_FINDING_BLOCKS }, (_, i) => {
    const f = o.findings[i] ?? {};
    const n = (k: string) => `findings.${i}.${k}`;
    return html`<fieldset><legend>发现的问题 ${i + 1}（可选）</legend>
${textarea({ name: n('description'), label: '问题描述', value: f.description, errors, rows: 3 })}
${textarea({ name: n('evidence'), label: '证据链接（每行一个 http(s) 网址）', value: f.evidence, errors, rows: 2 })}
${input({ name: n('deadline'), label: '整改期限', type: 'date', value: f.deadline, errors, help: '不能早于检查日期。' })}
</fieldset>`;
  })}
<p class="help">附件（截图、扫描件）可在登记后逐个问题上传。</p>
<button type="submit" class="button primary">登记</button></form>`;
}

function findingForms(p: Principal, insp: InspectionRow, f: FindingRow, errors: readonly ErrorDetail[], values: Record<string, string>, today: string): SafeHtml {
  const base = `/admin/inspections/${insp.id}/findings/${f.id}`;
  const n = (k: string) => `f${f.id}.${k}`;
  const parts: SafeHtml[] = [];
  if (canAnswer(p, insp.department_id) && f.status !== 'closed') {
    parts.push(html`<form method="post" action="${base}/answer" class="card">${csrfField(p.csrfToken)}<h4>${f.status === 'answered' ? '补充整改情况' : '答复整改情况'}</h4>
${textarea({ name: n('body'), label: '整改情况', value: values[n('body')], errors, required: true, rows: 3 })}
${input({ name: n('answerDate'), label: '答复日期', type: 'date', value: values[n('answerDate')] ?? today, errors, required: true })}
<button type="submit" class="button primary">提交答复</button></form>`);
  }
  if (isOffice(p) && f.status !== 'closed') {
    parts.push(html`<form method="post" action="${base}/close" class="card">${csrfField(p.csrfToken)}<h4>确认整改销号</h4>
${input({ name: n('note'), label: '说明（可选）', value: values[n('note')], errors, maxLength: 2000 })}
<button type="submit" class="button">销号</button></form>`);
  }
  if (isOffice(p) && f.status !== 'open') {
    parts.push(html`<form method="post" action="${base}/reopen" class="card">${csrfField(p.csrfToken)}<h4>整改未通过，重新打开</h4>
${input({ name: n('reason'), label: '原因', value: values[n('reason')], errors, required: true, maxLength: 2000 })}
<button type="submit" class="button">重新打开</button></form>`);
  }
  return html`${parts}`;
}

export function inspectionDetail(o: { p: Principal; inspection: InspectionRow; findings: FindingRow[]; answers: AnswerRow[]; errors: ErrorDetail[]; values: Record<string, string>; today: string; notice?: string }): SafeHtml {
  const { p, inspection: insp, errors, values, today } = o;
  return html`<h1>${insp.department_name}${KINDS[insp.kind]}（${insp.inspection_date}）</h1>
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
${errorSummary(errors)}
<dl class="meta-grid"><div><dt>被检查单位</dt><dd>${insp.department_name}</dd></div><div><dt>检查方式</dt><dd>${KINDS[insp.kind]}</dd></div><div><dt>检查内容</dt><dd>${scopeNames(insp.scope)}</dd></div><div><dt>检查日期</dt><dd>${insp.inspection_date}</dd></div><div><dt>检查人员</dt><dd>${insp.inspectors}</dd></div><div><dt>登记时间</dt><dd>${dateTime(insp.created_at)}</dd></div></dl>
<section aria-labelledby="sum-h"><h2 id="sum-h">检查情况概述</h2><div class="body">${insp.summary.split(/\n+/).map((l) => html`<p>${l}</p>`)}</div></section>
<section aria-labelledby="fnd-h"><h2 id="fnd-h">发现的问题（${o.findings.length}）</h2>
${o.findings.length ? '' : html`<p class="empty">本次检查未发现问题。</p>`}
${o.findings.map((f) => {
    const ev = JSON.parse(f.evidence) as string[];
    const answers = o.answers.filter((a) => a.finding_id === f.id);
    return html`<article class="card" aria-labelledby="f-${f.id}-h"><h3 id="f-${f.id}-h">问题 ${f.seq}　${findingBadge(f, today)}</h3>
<p>${f.description}</p>
<dl class="meta-grid"><div><dt>整改期限</dt><dd>${f.deadline}</dd></div>${f.closed_date ? html`<div><dt>销号日期</dt><dd>${f.closed_date}</dd></div>` : ''}</dl>
${ev.length ? html`<p>证据：</p><ul>${ev.map((u) => html`<li><a href="${u}" rel="noopener noreferrer nofollow">${u}</a></li>`)}</ul>` : ''}
${f.attachment_sha256 ? html`<p>附件：<a href="/admin/inspections/${insp.id}/findings/${f.id}/attachment">${f.attachment_filename ?? '附件'}</a></p>` : ''}
${answers.length ? html`<h4>单位答复</h4><ol class="history">${answers.map((a) => html`<li>${a.answer_date} ${a.answered_by_name ?? ''}：${a.body}</li>`)}</ol>` : ''}
${findingForms(p, insp, f, errors, values, today)}
</article>`;
  })}
</section>
${isOffice(p) ? html`<form method="post" action="/admin/inspections/${insp.id}/findings" enctype="multipart/form-data" class="card"><h2>添加问题</h2>${csrfField(p.csrfToken)}
${textarea({ name: 'description', label: '问题描述', value: values.description, errors, required: true, rows: 3 })}
${textarea({ name: 'evidence', label: '证据链接（每行一个 http(s) 网址）', value: values.evidence, errors, rows: 2 })}
${input({ name: 'deadline', label: '整改期限', type: 'date', value: values.deadline, errors, required: true, help: `不能早于检查日期（${insp.inspection_date}）。` })}
${input({ name: 'attachment', label: '附件（可选，PDF、DOCX、XLSX、JPEG 或 PNG，不超过 10 MB）', type: 'file', errors })}
<button type="submit" class="button primary">添加</button></form>` : ''}
<p><a href="/admin/inspections">返回督查检查列表</a></p>`;
}
