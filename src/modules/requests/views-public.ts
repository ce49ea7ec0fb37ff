// Public pages of 依申请公开: the request form, the receipt with the tracking code, the tracking
// form and the status page. All work without JavaScript.
import type { Department } from '../../db/schema.ts';
import type { ErrorDetail } from '../../domain/errors.ts';
import { csrfField, errorSummary, input, select, textarea } from '../../web/forms.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { APPLICANT_KINDS } from '../annual-report/table3.ts';
import { answerType } from './answer-types.ts';
import { ANSWER_WORKING_DAYS, REQUEST_STATE_NAMES, type ClockResult } from './clock.ts';
import { APPLICANT_KIND_NAMES, DELIVERY_FORMS, DELIVERY_METHODS, ID_TYPES, LIMITS, ORG_ID_TYPES, PERSON_ID_TYPES } from './validation.ts';

type Values = Record<string, string>;

/** The applicant fields shared by the public form and the staff registration form. */
export function applicantFields(v: Values, errors: readonly ErrorDetail[]): SafeHtml {
  const o = (name: string) => ({ name, value: v[name], errors });
  return html`<fieldset><legend>申请人信息</legend>
${select({ ...o('applicantKind'), label: '申请人类型', required: true, placeholder: '请选择', options: APPLICANT_KINDS.map((k) => [k, APPLICANT_KIND_NAMES[k]] as const) })}
${input({ ...o('applicantName'), label: '姓名或单位名称', required: true, maxLength: LIMITS.name })}
${select({ ...o('idType'), label: '身份证件或证照类型', required: true, placeholder: '请选择', help: '自然人选择身份证件；法人或其他组织选择统一社会信用代码或其他证照。', options: [...PERSON_ID_TYPES, ...ORG_ID_TYPES].map((k) => [k, ID_TYPES[k]] as const) })}
${input({ ...o('idNumber'), label: '证件号码', required: true, maxLength: LIMITS.idNumber, help: '居民身份证号码和统一社会信用代码将按国家标准核验校验码。' })}
${input({ ...o('contactPerson'), label: '联系人（法人或其他组织填写）', maxLength: LIMITS.contactPerson })}
${input({ ...o('phone'), label: '联系电话', type: 'tel', maxLength: LIMITS.phone, help: '联系电话和电子邮箱至少填写一项；查询办理进度时需要输入其中之一。' })}
${input({ ...o('email'), label: '电子邮箱', type: 'email', maxLength: LIMITS.email })}
${input({ ...o('address'), label: '通信地址', maxLength: LIMITS.address, help: '选择邮寄时必填。' })}
${input({ ...o('postcode'), label: '邮政编码', maxLength: 6 })}
</fieldset>
<fieldset><legend>所需信息</legend>
${textarea({ ...o('description'), label: '所需政府信息的名称、文号或者便于查询的其他特征性描述', required: true, maxLength: LIMITS.description, rows: 8, help: `依据《政府信息公开条例》第二十九条。不超过${LIMITS.description}字；内容较多时请分项申请。` })}
${select({ ...o('deliveryForm'), label: '信息的提供形式', required: true, placeholder: '请选择', options: Object.entries(DELIVERY_FORMS) })}
${select({ ...o('deliveryMethod'), label: '获取信息的方式', required: true, placeholder: '请选择', help: '电子文档：电子邮件、在本平台查询下载或当面领取；纸质文本：邮寄或当面领取。', options: Object.entries(DELIVERY_METHODS) })}
</fieldset>`;
}

export function departmentSelect(v: Values, errors: readonly ErrorDetail[], depts: readonly Department[], allowUnsure: boolean): SafeHtml {
  const options: (readonly [string, string])[] = [...(allowUnsure ? [['unsure', '不确定，由区政务公开办转交'] as const] : []), ...depts.map((d) => [d.code, d.name] as const)];
  return select({ name: 'department', label: '受理机关', value: v.department ?? (allowUnsure ? 'unsure' : ''), errors, required: true, options, help: '不确定信息由哪个机关掌握时，可以选择由区政务公开办转交。' });
}

export function requestForm(csrf: string, depts: readonly Department[], v: Values = {}, errors: readonly ErrorDetail[] = []): SafeHtml {
  return html`<h1>政府信息公开申请</h1>
<p>依据《中华人民共和国政府信息公开条例》，公民、法人或者其他组织可以向行政机关申请获取政府信息。提交后您将获得一个<strong>查询码</strong>，凭查询码和联系方式可随时查询办理进度和答复期限。</p>
${errorSummary(errors)}
<form method="post" action="/requests/new" novalidate>
${csrfField(csrf)}
<div hidden><label for="fld-website">请勿填写此项</label><input id="fld-website" name="website" type="text" value="" autocomplete="off" tabindex="-1"></div>
${applicantFields(v, errors)}
<fieldset><legend>受理机关</legend>${departmentSelect(v, errors, depts, true)}</fieldset>
<p class="help">您提交的个人信息仅用于办理本申请，只有受理机关的工作人员可以查看。</p>
<button type="submit" class="button primary">提交申请</button>
</form>`;
}

export function receiptPage(o: { code: string; refNo: string; departmentName: string | null; online: boolean }): SafeHtml {
  return html`<h1>申请已提交</h1>
<div class="card" role="status">
<p>申请编号：<strong>${o.refNo}</strong></p>
<p>查询码：<strong class="tracking-code">${o.code}</strong></p>
<p><strong>请立即抄写或打印保存查询码。</strong>为保护您的信息，本平台不保存查询码原文，遗失后无法找回。</p>
</div>
<p>受理机关：${o.departmentName ?? '由区政务公开办确定并转交'}</p>
${o.online
    ? html`<p>依据《政府信息公开条例》第三十一条，通过互联网提交的申请，以双方确认之日为收到申请之日。受理机关确认收到后，将自收到申请之日起${ANSWER_WORKING_DAYS}个工作日内答复；答复期限在查询页面显示。</p>`
    : html`<p>答复期限自收到申请之日起计算，为${ANSWER_WORKING_DAYS}个工作日（法定节假日不计，调休上班日计入）。</p>`}
<p><a class="button" href="/requests/track">查询办理进度</a></p>`;
}

export function trackForm(csrf: string, v: Values = {}, errors: readonly ErrorDetail[] = [], message?: string): SafeHtml {
  return html`<h1>查询申请办理进度</h1>
${message ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>未找到申请</h2><p>${message}</p></div>` : errorSummary(errors)}
<form method="post" action="/requests/track">
${csrfField(csrf)}
${input({ name: 'code', label: '查询码', value: v.code, errors, required: true, maxLength: 40, help: '回执上的20位查询码，如 ABCD-EFGH-JKMN-PQRS-TVWX。', attrs: html` autocomplete="off"` })}
${input({ name: 'contact', label: '联系电话或电子邮箱', value: v.contact, errors, required: true, maxLength: 100, help: '提交申请时填写的联系电话或电子邮箱。' })}
<button type="submit" class="button primary">查询</button>
</form>`;
}

function dueLine(c: ClockResult): SafeHtml {
  switch (c.dueStatus) {
    case 'not_started':
      return html`等待受理机关确认收到申请，确认后开始计算答复期限`;
    case 'running':
      return html`<strong>${c.dueDate}</strong>（${c.allowedWorkingDays}个工作日${c.creditedWorkingDays ? html`，另有 ${c.creditedWorkingDays} 个工作日依法不计入` : ''}）`;
    case 'paused':
      return html`暂停计算（${c.pauseReasons.includes('fee') && c.pauseReasons.length === 1 ? '待缴纳信息处理费' : '征求第三方或其他机关意见'}，自 ${c.pausedSince}）`;
    case 'waiting':
      return html`待您补正，补正期限至 ${c.clarification.until}；收到补正后的申请之日起重新计算`;
    case 'calendar_unknown':
      return html`工作日历尚未覆盖相关年份，答复期限待国务院办公厅公布节假日安排后确定`;
    case 'closed':
      return html`已办结（${c.closedDate}）${c.dueAtClose ? html`，答复期限为 ${c.dueAtClose}` : ''}`;
  }
}

export interface TrackedFile {
  id: number;
  filename: string;
  purpose: string;
  size: number;
}

export function statusPage(o: { refNo: string; departmentName: string | null; submittedDate: string; clock: ClockResult; files: TrackedFile[]; code: string; contact: string; csrf: string }): SafeHtml {
  const c = o.clock;
  const answer = c.answerType ? answerType(c.answerType) : undefined;
  return html`<h1>申请 ${o.refNo} 的办理情况</h1>
<dl class="meta-grid">
<div><dt>状态</dt><dd>${REQUEST_STATE_NAMES[c.state]}</dd></div>
<div><dt>受理机关</dt><dd>${o.departmentName ?? '区政务公开办（待转交）'}</dd></div>
<div><dt>提交日期</dt><dd>${o.submittedDate}</dd></div>
<div><dt>收到申请日期</dt><dd>${c.receivedDate ?? '待确认'}</dd></div>
<div><dt>答复期限</dt><dd>${dueLine(c)}</dd></div>
${answer ? html`<div><dt>答复结果</dt><dd>${answer.label}</dd></div>` : ''}
</dl>
<section aria-labelledby="hist"><h2 id="hist">办理经过与期限变化</h2>
<p class="help">期限按国务院办公厅公布的节假日安排计算：法定节假日不计，调休上班日计入；依据《民法典》第二百零一条，开始的当日不计入。</p>
<ol class="timeline">${c.timeline.map((t) => html`<li><span class="stage">${t.date}</span><div><p>${t.text}</p><p class="help">依据：${t.basis}</p></div></li>`)}</ol>
</section>
${o.files.length ? html`<section aria-labelledby="files"><h2 id="files">答复文书和信息</h2><ul>${o.files.map((f) => html`<li><form method="post" action="/requests/track/file">${csrfField(o.csrf)}<input type="hidden" name="code" value="${o.code}"><input type="hidden" name="contact" value="${o.contact}"><input type="hidden" name="fileId" value="${f.id}"><button type="submit" class="link-button">下载 ${f.filename}</button>（${f.purpose === 'letter' ? '答复书' : '所提供的信息'}，${Math.max(1, Math.round(f.size / 1024))} KB）</form></li>`)}</ul></section>` : ''}
<p><a href="/requests/track">查询其他申请</a></p>`;
}
