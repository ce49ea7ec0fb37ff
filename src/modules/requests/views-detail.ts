// The department's page for one request: who asked what, the clock with its history, and the
// forms for the next steps (each names its article of the 条例).
import type { ErrorDetail } from '../../domain/errors.ts';
import { csrfField, errorSummary, input, select, textarea } from '../../web/forms.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { resultLabel, type ResultItem } from '../annual-report/table3.ts';
import { ANSWER_TYPES, REFUSAL_REASONS, answerType } from './answer-types.ts';
import { CONSULT_PARTY_NAMES, EXTENSION_MAX_WORKING_DAYS, FEE_PAY_WORKING_DAYS, REQUEST_STATE_NAMES, THIRD_PARTY_WORKING_DAYS, type ClockResult } from './clock.ts';
import { FEE_SCHEME_NAMES, formatFen } from './fees.ts';
import { ACK_BASES, blocksSending, describeScan, type PrivacyReport } from './privacy-guard.ts';
import { CHANNEL_NAMES } from './receipt.ts';
import type { RequestService } from './service.ts';
import { APPLICANT_KIND_NAMES, DELIVERY_FORMS, DELIVERY_METHODS, ID_TYPES, type IdType } from './validation.ts';

export type Detail = Awaited<ReturnType<RequestService['detail']>>;

export interface DetailExtras {
  csrf: string;
  today: string;
  isReviewer: boolean;
  nthInMonth: number;
  clarifyUntil: string | null;
  remaining: number | null;
  errors: ErrorDetail[];
  message?: string;
  values?: Record<string, string>;
}

const stepForm = (id: number, csrf: string, kind: string, title: string, body: SafeHtml, button: string, basis: string) => html`<form method="post" action="/admin/requests/${id}/step" class="card">
<h3>${title}</h3>${csrfField(csrf)}<input type="hidden" name="kind" value="${kind}">${body}
<p class="help">依据：${basis}</p><button type="submit" class="button">${button}</button></form>`;

// Several small forms share field names (date, note …): ids are scoped by form so each label
// points at its own control.
function dateField(name: string, label: string, today: string, prefix: string): SafeHtml {
  return html`<div class="form-row"><label for="${prefix}-${name}">${label}</label><input id="${prefix}-${name}" name="${name}" type="date" value="${today}" required></div>`;
}

function textField(prefix: string, name: string, label: string, o: { value?: string; type?: string; required?: boolean; help?: string } = {}): SafeHtml {
  const id = `${prefix}-${name}`;
  return html`<div class="form-row"><label for="${id}">${label}</label>${o.help ? html`<p class="help" id="${id}-help">${o.help}</p>` : ''}<input id="${id}" name="${name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.required ? html` required` : ''}${o.help ? html` aria-describedby="${id}-help"` : ''}></div>`;
}

function areaField(prefix: string, name: string, label: string): SafeHtml {
  return html`<div class="form-row"><label for="${prefix}-${name}">${label}</label><textarea id="${prefix}-${name}" name="${name}" rows="2" maxlength="1000"></textarea></div>`;
}

function selectField(prefix: string, name: string, label: string, options: readonly (readonly [string, string])[], placeholder?: string): SafeHtml {
  return html`<div class="form-row"><label for="${prefix}-${name}">${label}</label><select id="${prefix}-${name}" name="${name}" required>${placeholder !== undefined ? html`<option value="">${placeholder}</option>` : ''}${options.map(([v, l]) => html`<option value="${v}">${l}</option>`)}</select></div>`;
}

function clockSummary(c: ClockResult, remaining: number | null): SafeHtml {
  return html`<dl class="meta-grid">
<div><dt>状态</dt><dd>${REQUEST_STATE_NAMES[c.state]}</dd></div>
<div><dt>收到申请之日</dt><dd>${c.receivedDate ?? '待确认'}</dd></div>
<div><dt>期限起算日</dt><dd>${c.periodStart ?? '—'}</dd></div>
<div><dt>答复期限</dt><dd>${c.dueDate ?? (c.dueStatus === 'closed' ? `${c.dueAtClose ?? '—'}（已办结${c.late ? '，超期' : ''}）` : c.dueStatus === 'paused' ? `暂停计时（剩余 ${remaining ?? '—'} 个工作日）` : c.dueStatus === 'waiting' ? `待补正（至 ${c.clarification.until}）` : c.dueStatus === 'calendar_unknown' ? '工作日历未覆盖，暂无法计算' : '—')}</dd></div>
<div><dt>可用工作日</dt><dd>${c.allowedWorkingDays}${c.creditedWorkingDays ? `（另有 ${c.creditedWorkingDays} 个工作日不计入）` : ''}</dd></div>
${c.clarification.noticeBy ? html`<div><dt>补正告知期限（条例第三十条）</dt><dd>${c.clarification.noticeBy}${c.clarification.date ? `（已于 ${c.clarification.date} 告知）` : ''}</dd></div>` : ''}
${c.extension ? html`<div><dt>延长</dt><dd>${c.extension.days} 个工作日，${c.extension.approver} 同意（${c.extension.date}）</dd></div>` : ''}
${c.fee ? html`<div><dt>信息处理费</dt><dd>${formatFen(c.fee.amountFen)}（${FEE_SCHEME_NAMES[c.fee.scheme]}），${c.fee.paid ? `已于 ${c.fee.paid} 缴纳` : `应于 ${c.fee.payBy ?? '—'} 前缴纳`}</dd></div>` : ''}
${c.outcome ? html`<div><dt>年报计入</dt><dd>表三 ${resultLabel(c.outcome)}</dd></div>` : ''}
</dl>`;
}

function stepForms(d: Detail, x: DetailExtras): SafeHtml[] {
  const c = d.clock;
  const id = d.request.id;
  const out: SafeHtml[] = [];
  if (c.state === 'submitted') {
    out.push(html`<form method="post" action="/admin/requests/${id}/confirm" class="card"><h3>确认收到申请</h3>${csrfField(x.csrf)}${dateField('date', '确认之日', x.today, 'confirm')}<p class="help">依据：条例第三十一条第（三）项，通过互联网提交的，以双方确认之日为收到申请之日；自次日起计算答复期限。</p><button type="submit" class="button primary">确认收到</button></form>`);
    return out;
  }
  const running = ['in_progress', 'consulting', 'fee_pending'].includes(c.state);
  if (c.state === 'in_progress' && !c.clarification.date && !c.extension && c.clarification.noticeBy && x.today <= c.clarification.noticeBy) {
    out.push(stepForm(id, x.csrf, 'clarify', '一次性告知补正', html`${dateField('date', '告知日期', x.today, 'clarify')}${textField('clarify', 'until', '补正期限（截止日期）', { type: 'date', value: x.clarifyUntil ?? '', required: true, help: '合理的补正期限由本机关确定；默认为15个工作日。' })}${areaField('clarify', 'note', '需要补正的事项')}`, '发出补正通知', `条例第三十条：自收到申请之日起7个工作日内（${c.clarification.noticeBy}前）一次性告知；答复期限自收到补正后的申请之日起重新计算`));
  }
  if (c.state === 'clarification') {
    out.push(stepForm(id, x.csrf, 'clarified', '收到补正后的申请', dateField('date', '收到补正之日', x.today, 'clarified'), '登记补正，重新计时', '条例第三十条'));
    out.push(stepForm(id, x.csrf, 'clarify_lapsed', '逾期未补正', dateField('date', '认定日期（补正期限届满后）', x.today, 'lapsed'), '视为放弃申请', '条例第三十条：申请人无正当理由逾期不补正的，视为放弃申请（年报表三（六）1）'));
  }
  if (running) {
    out.push(stepForm(id, x.csrf, 'consult', '征求第三方或其他机关意见', html`${selectField('consult', 'party', '征求对象', Object.entries(CONSULT_PARTY_NAMES))}${textField('consult', 'name', '名称')}${dateField('date', '发出征求意见书之日', x.today, 'consult')}`, '开始征求意见（暂停计时）', `条例第三十二条、第三十三条第二款：第三方应自收到征求意见书之日起${THIRD_PARTY_WORKING_DAYS}个工作日内提出意见；征求意见时间不计入答复期限`));
    for (const k of c.consultations.filter((k) => !k.ended)) {
      out.push(stepForm(id, x.csrf, 'consulted', `收到${CONSULT_PARTY_NAMES[k.party]}${k.name ? `（${k.name}）` : ''}意见`, html`<input type="hidden" name="consultId" value="${k.id}">${dateField('date', '收到意见之日（或第三方逾期未答复的次日）', x.today, `consulted-${k.id}`)}`, '登记意见，恢复计时', `条例第三十二条${k.replyDue ? `：第三方答复期限 ${k.replyDue}` : ''}`));
    }
    if (!c.extension && x.isReviewer) {
      out.push(stepForm(id, x.csrf, 'extend', '延长答复期限', html`${textField('extend', 'days', `延长工作日数（1–${EXTENSION_MAX_WORKING_DAYS}）`, { type: 'number', value: String(EXTENSION_MAX_WORKING_DAYS), required: true })}${textField('extend', 'approver', '同意延长的政府信息公开工作机构负责人', { required: true })}${dateField('date', '决定日期', x.today, 'extend')}${areaField('extend', 'note', '延长理由')}`, '延长并告知申请人', '条例第三十三条：经政府信息公开工作机构负责人同意并告知申请人，延长最长不超过20个工作日；只能延长一次'));
    }
    if (!c.fee) {
      out.push(stepForm(id, x.csrf, 'fee_notice', '发出信息处理费收费通知', html`${selectField('fee', 'scheme', '计收方式', Object.entries(FEE_SCHEME_NAMES))}${textField('fee', 'quantity', '数量（按件：本月第几件申请；按量：页数）', { type: 'number', value: String(x.nthInMonth), required: true, help: `该申请人本月向本单位提交的第 ${x.nthInMonth} 件申请。金额按国办函〔2020〕109号自动计算。` })}${dateField('date', '通知日期', x.today, 'fee')}`, '计算金额并发出通知', `条例第四十二条；国办函〔2020〕109号：申请人应在${FEE_PAY_WORKING_DAYS}个工作日内缴费，逾期视为放弃（年报表三（六）2）`));
    } else if (!c.fee.paid) {
      out.push(stepForm(id, x.csrf, 'fee_paid', '申请人已缴费', dateField('date', '缴费日期', x.today, 'paid'), '登记缴费，恢复计时', '国办函〔2020〕109号'));
      out.push(stepForm(id, x.csrf, 'fee_lapsed', '逾期未缴费', dateField('date', `认定日期（${c.fee.payBy ?? ''}之后）`, x.today, 'fee-lapsed'), '不再处理该申请', '条例第四十二条；国办函〔2020〕109号（年报表三（六）2）'));
    }
  }
  if (running || c.state === 'clarification') {
    out.push(stepForm(id, x.csrf, 'withdraw', '申请人撤回申请', html`${dateField('date', '撤回日期', x.today, 'withdraw')}${areaField('withdraw', 'note', '说明')}`, '登记撤回', '年报表三（六）3 其他'));
  }
  return out;
}

function answerSection(d: Detail, x: DetailExtras): SafeHtml {
  const a = d.answer;
  const running = ['in_progress', 'consulting', 'fee_pending'].includes(d.clock.state);
  if (a?.state === 'sent') return html`<p>已于 ${a.sent_date} 答复：${answerType(a.answer_type)?.label ?? a.answer_type}（年报表三 ${resultLabel(a.result as ResultItem)}）。</p>`;
  if (d.request.state === 'answered' && d.request.answer_type) return html`<p>已于 ${d.request.closed_date} 答复：${answerType(d.request.answer_type)?.label ?? d.request.answer_type}。</p>`;
  if (!running) return html`<p class="help">办理中的申请才能拟定答复${d.clock.state === 'clarification' ? '（当前待申请人补正）' : ''}。</p>`;
  const v = x.values ?? {};
  const val = (k: string, dflt: string) => v[k] ?? dflt;
  const report = a ? (JSON.parse(a.privacy) as PrivacyReport) : null;
  const answerFiles = d.files.filter((f) => f.purpose === 'answer');
  return html`<form method="post" action="/admin/requests/${d.request.id}/answer" enctype="multipart/form-data" class="card">
<h3>拟定答复</h3>${csrfField(x.csrf)}
${select({ name: 'answerType', label: '答复类型', value: val('answerType', a?.answer_type ?? ''), errors: x.errors, required: true, placeholder: '请选择', options: ANSWER_TYPES.map((t) => [t.code, `${t.label}（${t.basis}；计入年报表三${t.result === 'byReason' ? '（三）1–8' : resultLabel(t.result)}${t.unverified ? '，对应关系待核实' : ''}）`] as const) })}
${select({ name: 'reason', label: '不予公开的理由（不予公开、部分公开时选择）', value: val('reason', a?.reason ?? ''), errors: x.errors, placeholder: '（不适用）', options: REFUSAL_REASONS.map((r) => [r.code, `${r.label}（${r.basis}）`] as const) })}
${input({ name: 'where', label: '获取方式和途径（已主动公开、其他法定途径、公开出版物时必填）', value: val('where', a?.where_text ?? ''), errors: x.errors, maxLength: 2000 })}
${input({ name: 'agency', label: '负责公开的机关及联系方式（不属于本机关负责公开时必填）', value: val('agency', a?.agency_text ?? ''), errors: x.errors, maxLength: 2000 })}
${textarea({ name: 'body', label: '答复说明（写入答复书）', value: val('body', a?.body ?? ''), errors: x.errors, rows: 6 })}
<div class="form-row"><label for="fld-files">提供的信息（PDF、DOCX、XLSX、JPEG、PNG）</label><input id="fld-files" name="files" type="file" multiple></div>
${answerFiles.length ? html`<fieldset><legend>已上传的文件（勾选以删除）</legend>${answerFiles.map((f) => html`<div><input type="checkbox" id="rm-${f.id}" name="removeFile" value="${f.id}"> <label for="rm-${f.id}">${f.filename}</label></div>`)}</fieldset>` : ''}
<p class="help">保存时系统自动检查答复说明和文件中的个人信息（身份证号码、手机号码、住址等），发现后须处理才能发送。</p>
<button type="submit" class="button">保存答复并检查个人信息</button></form>
${report ? html`<div class="card"><h3>个人信息检查结果</h3><ul>${report.scans.map((s) => html`<li>${describeScan(s)}</li>`)}</ul>
${report.ack ? html`<p>已由 ${report.ack.byName} 于 ${report.ack.at.slice(0, 10)} 确认：${ACK_BASES[report.ack.basis]}${report.ack.note ? `（${report.ack.note}）` : ''}</p>` : ''}
${blocksSending(report) ? html`<p><strong>发现个人信息或无法自动检查的文件，处理前不能发送答复。</strong>请上传已遮盖的文件替换原文件，或登记可以提供的依据：</p>
<form method="post" action="/admin/requests/${d.request.id}/answer/ack">${csrfField(x.csrf)}${selectField('ack', 'basis', '可以提供的依据', Object.entries(ACK_BASES), '请选择')}${areaField('ack', 'note', '说明')}<button type="submit" class="button">登记依据</button></form>` : ''}
${!blocksSending(report) ? html`<form method="post" action="/admin/requests/${d.request.id}/answer/send">${csrfField(x.csrf)}${dateField('date', '答复日期', x.today, 'send')}<button type="submit" class="button primary">生成答复书并答复</button></form>` : ''}</div>` : ''}`;
}

export function detailPage(d: Detail, x: DetailExtras): SafeHtml {
  const r = d.request;
  const c = d.clock;
  return html`<h1>申请 ${r.ref_no}</h1>
${x.message ? html`<p class="notice" role="status">${x.message}</p>` : ''}
${errorSummary(x.errors)}
<section aria-labelledby="who"><h2 id="who">申请人和申请内容</h2>
<dl class="meta-grid">
<div><dt>申请人类型</dt><dd>${APPLICANT_KIND_NAMES[r.applicant_kind]}</dd></div>
<div><dt>姓名或名称</dt><dd>${r.applicant_name}</dd></div>
<div><dt>${ID_TYPES[r.id_type as IdType] ?? r.id_type}</dt><dd>${r.id_number}</dd></div>
${r.contact_person ? html`<div><dt>联系人</dt><dd>${r.contact_person}</dd></div>` : ''}
<div><dt>联系电话</dt><dd>${r.phone ?? '—'}</dd></div>
<div><dt>电子邮箱</dt><dd>${r.email ?? '—'}</dd></div>
<div><dt>通信地址</dt><dd>${r.address ?? '—'}${r.postcode ? `（${r.postcode}）` : ''}</dd></div>
<div><dt>提供形式和获取方式</dt><dd>${DELIVERY_FORMS[r.delivery_form]}，${DELIVERY_METHODS[r.delivery_method]}</dd></div>
<div><dt>提交方式</dt><dd>${CHANNEL_NAMES[r.channel]}（${r.submitted_date}）</dd></div>
<div><dt>受理机关</dt><dd>${d.department?.name ?? '—'}</dd></div>
</dl>
<h3>所需信息</h3><p class="body">${r.description}</p></section>
<section aria-labelledby="clock"><h2 id="clock">答复期限</h2>${clockSummary(c, x.remaining)}
<h3>办理经过与期限变化</h3><ol class="timeline">${c.timeline.map((t) => html`<li><span class="stage">${t.date}</span><div><p>${t.text}</p><p class="help">${t.due ? `此后答复期限：${t.due}；` : ''}依据：${t.basis}</p></div></li>`)}</ol></section>
<section aria-labelledby="steps"><h2 id="steps">办理</h2>${stepForms(d, x)}</section>
<section aria-labelledby="ans"><h2 id="ans">答复</h2>${answerSection(d, x)}</section>
<section aria-labelledby="files"><h2 id="files">文件</h2>${d.files.length ? html`<ul>${d.files.map((f) => html`<li><a href="/admin/requests/${r.id}/files/${f.id}">${f.filename}</a>（${f.purpose === 'letter' ? '答复书' : f.purpose === 'answer' ? '提供的信息' : '申请材料'}）</li>`)}</ul>` : html`<p class="empty">暂无文件。</p>`}</section>
<section aria-labelledby="log"><h2 id="log">操作记录</h2><ul>${d.events.map((e) => html`<li>${e.at.slice(0, 16).replace('T', ' ')} UTC · ${e.actor_name ?? '申请人/系统'} · ${e.action}${e.reason ? `：${e.reason}` : ''}</li>`)}</ul></section>`;
}
