// Console pages of the 黑名单: the department's list, the entry form (error summary, typed values
// kept), and one entry with its actions (publish, credit repair, revocation), documents and history.
import type { ErrorDetail } from '../../domain/errors.ts';
import type { EventRow } from '../../db/schema.ts';
import { csrfField, errorFor, errorSummary, fieldId, input, select, textarea } from '../../web/forms.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { fmtDateTime } from '../disclosures/views.ts';
import { maskIdNumber } from '../privacy/masking.ts';
import type { EntryRow } from './repository.ts';
import { fmtMonths, SEVERITIES, STATUS_NAMES, SUBJECT_KIND_NAMES } from './rules.ts';
import { EVENT_NAMES } from './views.ts';

export type FormValues = Record<string, string>;

const statusBadge = (s: string) => html`<span class="badge${s === 'active' ? ' late' : s === 'draft' ? ' warn' : ''}">${STATUS_NAMES[s] ?? s}</span>`;

export function staffList(rows: EntryRow[], status: string | undefined, canCreate: boolean, notice: string | null): SafeHtml {
  return html`<h1>黑名单管理</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
${canCreate ? html`<p><a class="button primary" href="/admin/blacklist/new">录入黑名单</a></p>` : ''}
<nav class="chips" aria-label="按状态筛选"><a href="/admin/blacklist"${!status ? html` aria-current="page"` : ''}>全部</a>${Object.entries(STATUS_NAMES).map(([k, v]) => html`<a href="/admin/blacklist?status=${k}"${k === status ? html` aria-current="page"` : ''}>${v}</a>`)}</nav>
${rows.length
  ? html`<div class="table-scroll" role="region" aria-label="黑名单记录" tabindex="0"><table class="list"><caption>黑名单记录</caption>
<thead><tr><th scope="col">当事人</th><th scope="col">决定单位</th><th scope="col">决定文书号</th><th scope="col">严重程度</th><th scope="col">公示期</th><th scope="col">状态</th><th scope="col">更新时间</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td><a href="/admin/blacklist/${r.id}">${r.name}</a></td><td>${r.department_name}</td><td>${r.decision_no}</td><td>${SEVERITIES.find((s) => s.code === r.severity)?.label ?? r.severity}</td><td>${r.start_date} 至 ${r.end_date}</td><td>${statusBadge(r.status)}</td><td>${fmtDateTime(r.updated_at)}</td></tr>`)}</tbody></table></div>`
  : html`<p class="empty">暂无记录。</p>`}`;
}

const SEVERITY_HELP = SEVERITIES.map((s) => `${s.label}：${fmtMonths(s.minMonths)}至${fmtMonths(s.maxMonths)}`).join('；');

export function entryForm(o: {
  action: string;
  csrf: string;
  values: FormValues;
  errors: readonly ErrorDetail[];
  departments: { id: number; name: string }[] | null;
  departmentName: string | null;
  sectors: { code: string; name: string }[];
  withDocument: boolean;
  maxUploadMb: number;
}): SafeHtml {
  const v = o.values;
  const e = o.errors;
  const docErr = errorFor(e, 'document');
  return html`${errorSummary(e)}
<form method="post" action="${o.action}" enctype="multipart/form-data" class="stack" novalidate>
${csrfField(o.csrf)}
${o.departments
  ? select({ name: 'departmentId', label: '决定单位（谁制作谁公开）', value: v.departmentId, errors: e, required: true, options: o.departments.map((d) => [String(d.id), d.name] as const) })
  : html`<p>决定单位：${o.departmentName ?? ''}</p>`}
<fieldset><legend>当事人</legend>
${select({ name: 'subjectKind', label: '当事人类型', value: v.subjectKind ?? 'company', errors: e, required: true, options: Object.entries(SUBJECT_KIND_NAMES) })}
${input({ name: 'name', label: '当事人名称或姓名', value: v.name, errors: e, required: true, maxLength: 200 })}
${input({ name: 'creditCode', label: '统一社会信用代码', value: v.creditCode, errors: e, help: '法人及非法人组织必填；18位，系统按 GB 32100 校验。', maxLength: 30 })}
${input({ name: 'idNumber', label: '身份证号码（自然人）', value: v.idNumber, errors: e, help: '仅自然人填写；对外公开时只显示前2位和后3位。', maxLength: 30 })}
</fieldset>
<fieldset><legend>认定情况</legend>
${textarea({ name: 'conduct', label: '失信行为', value: v.conduct, errors: e, required: true, rows: 4, maxLength: 5000 })}
${textarea({ name: 'legalBasis', label: '认定依据', value: v.legalBasis, errors: e, required: true, rows: 2, maxLength: 1000 })}
${input({ name: 'decisionNo', label: '决定文书号', value: v.decisionNo, errors: e, required: true, maxLength: 100, help: '如“浈财采处〔2026〕3号”。同一当事人的同一文书号只能录入一次。' })}
${input({ name: 'decisionDate', label: '决定日期', type: 'date', value: v.decisionDate, errors: e, required: true })}
${select({ name: 'sector', label: '领域', value: v.sector, errors: e, required: true, placeholder: '请选择领域', options: o.sectors.map((s) => [s.code, s.name] as const) })}
${select({ name: 'severity', label: '严重程度', value: v.severity, errors: e, required: true, placeholder: '请选择严重程度', help: `公示期（自决定日期起算，不超过上限）：${SEVERITY_HELP}。禁止参加政府采购活动只适用于政府采购领域。`, options: SEVERITIES.map((s) => [s.code, s.label] as const) })}
${input({ name: 'startDate', label: '公示开始日期', type: 'date', value: v.startDate, errors: e, required: true })}
${input({ name: 'endDate', label: '公示截止日期（含当日）', type: 'date', value: v.endDate, errors: e, required: true })}
${input({ name: 'disclosureId', label: '相关公开信息编号（可选）', value: v.disclosureId, errors: e, maxLength: 10, help: '已发布的不良行为记录、违法违规处理决定、信用信息或行政处罚信息的编号（其网址 /disclosures/ 后的数字）。' })}
</fieldset>
${o.withDocument
  ? html`<div class="form-row${docErr ? ' has-error' : ''}"><label for="${fieldId('document')}">决定文书（可选，PDF、DOCX、JPEG、PNG，不超过 ${o.maxUploadMb} MB）</label>${docErr ? html`<p class="field-error" id="${fieldId('document')}-err">${docErr.message}</p>` : ''}<input id="${fieldId('document')}" name="document" type="file"${docErr ? html` aria-invalid="true" aria-describedby="${fieldId('document')}-err"` : ''}></div>`
  : ''}
<button type="submit" class="button primary">保存草稿</button>
</form>`;
}

export function entryToValues(r: EntryRow): FormValues {
  return {
    departmentId: String(r.department_id), subjectKind: r.subject_kind, name: r.name, creditCode: r.credit_code ?? '', idNumber: r.id_number ?? '',
    conduct: r.conduct, legalBasis: r.legal_basis, decisionNo: r.decision_no, decisionDate: r.decision_date, sector: r.sector, severity: r.severity,
    startDate: r.start_date, endDate: r.end_date, disclosureId: r.disclosure_id ? String(r.disclosure_id) : '',
  };
}

function closeForm(id: number, csrf: string, action: 'repair' | 'revoke', errors: readonly ErrorDetail[], maxUploadMb: number, open: boolean): SafeHtml {
  const label = action === 'repair' ? '信用修复' : '撤销决定';
  const prefix = `${action}-`;
  const errs = open ? errors.map((x) => ({ ...x, field: prefix + x.field })) : [];
  const docErr = errorFor(errs, `${prefix}document`);
  return html`<form method="post" action="/admin/blacklist/${id}/${action}" enctype="multipart/form-data" class="inline-action">
${csrfField(csrf)}
<h3>${label}</h3>
${textarea({ name: `${prefix}reason`, label: `${label}理由（将公开显示）`, errors: errs, required: true, rows: 2, maxLength: 2000 })}
<div class="form-row${docErr ? ' has-error' : ''}"><label for="${fieldId(`${prefix}document`)}">${action === 'repair' ? '信用修复决定书或证明材料' : '撤销决定书'}（PDF、DOCX、JPEG、PNG，不超过 ${maxUploadMb} MB）<span class="req" aria-hidden="true">*</span></label>${docErr ? html`<p class="field-error" id="${fieldId(`${prefix}document`)}-err">${docErr.message}</p>` : ''}<input id="${fieldId(`${prefix}document`)}" name="document" type="file" required${docErr ? html` aria-invalid="true" aria-describedby="${fieldId(`${prefix}document`)}-err"` : ''}></div>
<button type="submit" class="button${action === 'revoke' ? ' danger' : ''}">${label}</button>
</form>`;
}

export function staffDetail(o: {
  entry: EntryRow;
  events: (EventRow & { actor_name: string | null })[];
  documents: { id: number; kind: string; filename: string; created_at: string }[];
  csrf: string;
  canEdit: boolean;
  canReview: boolean;
  selfAuthored: boolean;
  errors: readonly ErrorDetail[];
  errorsFor: 'publish' | 'repair' | 'revoke' | null;
  notice: string | null;
  sectorName: string;
  repairFrom: string;
  maxUploadMb: number;
}): SafeHtml {
  const e = o.entry;
  const actions: SafeHtml[] = [];
  if (o.canEdit && e.status === 'draft') actions.push(html`<p><a class="button" href="/admin/blacklist/${e.id}/edit">修改草稿</a></p>`);
  if (o.canReview && e.status === 'draft') {
    actions.push(o.selfAuthored
      ? html`<p class="notice">您录入或修改了本记录，不能自行发布，请由本单位其他审核人审核发布。</p>`
      : html`<form method="post" action="/admin/blacklist/${e.id}/publish" class="inline-action">${csrfField(o.csrf)}<button type="submit" id="fld-publish" class="button primary">审核通过并发布公示</button></form>`);
  }
  if (o.canReview && e.status === 'active') actions.push(html`<p>最短公示期满后（${o.repairFrom} 起）可办理信用修复。</p>`, closeForm(e.id, o.csrf, 'repair', o.errors, o.maxUploadMb, o.errorsFor === 'repair'));
  if (o.canReview && (e.status === 'active' || e.status === 'expired' || e.status === 'repaired')) actions.push(closeForm(e.id, o.csrf, 'revoke', o.errors, o.maxUploadMb, o.errorsFor === 'revoke'));
  const summaryErrors = o.errorsFor && o.errorsFor !== 'publish' ? o.errors.map((x) => ({ ...x, field: `${o.errorsFor}-${x.field}` })) : o.errors.map((x) => ({ ...x, field: 'publish' }));
  return html`<h1>${e.name}</h1>
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
${errorSummary(summaryErrors)}
<dl class="meta-grid">
<div><dt>状态</dt><dd>${statusBadge(e.status)}${e.status !== 'draft' ? html` · <a href="/blacklist/${e.id}">查看公开页面</a>` : ''}</dd></div>
<div><dt>当事人类型</dt><dd>${SUBJECT_KIND_NAMES[e.subject_kind] ?? e.subject_kind}</dd></div>
${e.credit_code ? html`<div><dt>统一社会信用代码</dt><dd>${e.credit_code}</dd></div>` : ''}
${e.id_number ? html`<div><dt>身份证号码</dt><dd>${e.id_number}（公开时显示为 ${maskIdNumber(e.id_number)}）</dd></div>` : ''}
<div><dt>决定单位</dt><dd>${e.department_name}</dd></div>
<div><dt>决定文书号</dt><dd>${e.decision_no}</dd></div>
<div><dt>决定日期</dt><dd>${e.decision_date}</dd></div>
<div><dt>领域</dt><dd>${o.sectorName}</dd></div>
<div><dt>严重程度</dt><dd>${SEVERITIES.find((s) => s.code === e.severity)?.label ?? e.severity}</dd></div>
<div><dt>公示期</dt><dd>${e.start_date} 至 ${e.end_date}</dd></div>
${e.disclosure_id ? html`<div><dt>相关公开信息</dt><dd><a href="/admin/disclosures/${e.disclosure_id}">信息 ${e.disclosure_id}</a></dd></div>` : ''}
${e.close_reason ? html`<div><dt>移出理由</dt><dd>${e.close_reason}（${e.closed_on ?? ''}）</dd></div>` : ''}
</dl>
<section aria-labelledby="conduct-title"><h2 id="conduct-title">失信行为与认定依据</h2><p>${e.conduct}</p><p>依据：${e.legal_basis}</p></section>
<section class="actions-panel" aria-labelledby="act-title"><h2 id="act-title" tabindex="-1">操作</h2>${actions.length ? actions : html`<p>当前没有您可以执行的操作。</p>`}</section>
<section aria-labelledby="doc-title"><h2 id="doc-title">文书</h2>${o.documents.length ? html`<ul>${o.documents.map((d) => html`<li><a href="/admin/blacklist/${e.id}/documents/${d.id}">${d.filename}</a>（${d.kind === 'decision' ? '决定文书' : d.kind === 'repair' ? '信用修复' : '撤销'}，${fmtDateTime(d.created_at)}）</li>`)}</ul>` : html`<p>暂无。</p>`}</section>
<section aria-labelledby="h-title"><h2 id="h-title">操作记录</h2><ol class="history">${o.events.map((x) => html`<li><time datetime="${x.at}">${fmtDateTime(x.at)}</time> ${x.actor_name ?? '系统'} · ${EVENT_NAMES[x.action] ?? x.action}${x.reason ? `：${x.reason}` : ''}</li>`)}</ol></section>`;
}
