// Console views of annual reports: which reports are due and overdue, and the page where a
// department writes parts 一/五/六, enters table 2 rows without an item type and corrects table 3.
import type { ErrorDetail } from '../../domain/errors.ts';
import { csrfField, errorSummary, textarea } from '../../web/forms.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { ProgressReport } from './progress.ts';
import type { GovReport } from './report.ts';
import type { AnyReport, AnnualReportService } from './service.ts';
import { TABLE2_LABELS as L } from './tables.ts';
import { APPLICANT_COLUMNS, TABLE3_ROWS } from './table3.ts';

type StatusRow = Awaited<ReturnType<AnnualReportService['status']>>[number];
const KIND_NAMES = { gov: '政府信息公开工作年度报告', progress: '公共资源配置领域信息公开工作情况报告' } as const;
const STATE_NAMES = { missing: '未编写', draft: '草稿', published: '已发布' } as const;

export function statusPage(year: number, rows: StatusRow[], today: string): SafeHtml {
  const overdue = rows.filter((r) => r.overdue);
  return html`<h1>${year}年度报告报送情况</h1>
<form method="get" action="/admin/annual-reports" class="filters"><div class="filter-row"><label for="ar-year">年度</label><input id="ar-year" name="year" type="number" value="${year}"></div><div class="filter-row"><button class="button" type="submit">查看</button></div></form>
<p>依据《政府信息公开条例》第四十九条：各部门于每年1月31日前公布上一年度政府信息公开工作年度报告，区人民政府于3月31日前公布；公共资源配置领域信息公开工作情况于2月底前报送（本区实施方案）。统计日期：${today}。</p>
<p><strong>逾期未发布：${overdue.length}</strong> 份。</p>
<div class="table-scroll" role="region" aria-label="年度报告报送情况" tabindex="0"><table class="list"><caption>${year}年度报告</caption>
<thead><tr><th scope="col">单位</th><th scope="col">报告</th><th scope="col">期限</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td>${r.name}</td><td>${KIND_NAMES[r.kind]}</td><td>${r.deadline}</td><td>${STATE_NAMES[r.state]}${r.publishedAt ? `（${r.publishedAt.slice(0, 10)}）` : ''}${r.overdue ? html` <span class="badge late">逾期</span>` : ''}</td><td><a href="/admin/annual-reports/${r.scope}/${year}/${r.kind}">${r.state === 'published' ? '查看' : '编写'}</a></td></tr>`)}</tbody></table></div>`;
}

const num = (id: string, name: string, label: string, value: unknown, errors: readonly ErrorDetail[], signed = false) => {
  const err = errors.find((e) => e.field === name);
  return html`<label for="${id}" class="visually-hidden">${label}</label><input id="${id}" name="${name}" type="text" inputmode="numeric" size="6" value="${String(value ?? (signed ? '' : '0'))}"${err ? html` aria-invalid="true"` : ''}>`;
};

function govFields(r: GovReport, inputs: Record<string, unknown>, raw: Record<string, string> | undefined, errors: readonly ErrorDetail[]): SafeHtml {
  const get = (path: string, dflt: unknown) => raw?.[path] ?? path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), inputs) ?? dflt;
  const adj = (inputs.table3Adjustments ?? {}) as Record<string, number[]>;
  const docRow = (k: 'rules' | 'normative', label: string) => html`<tr><th scope="row">${label}</th>${(['issued', 'repealed', 'inForce'] as const).map((c) => html`<td>${num(`fld-${k}-${c}`, `${k}.${c}`, `${label}${L[c]}`, get(`${k}.${c}`, r.table2[k][c]), errors)}</td>`)}</tr>`;
  return html`<fieldset><legend>正文（留空则使用系统根据数据生成的文字）</legend>
${textarea({ name: 'overview', label: '一、总体情况', value: raw?.overview ?? (inputs.overview as string | undefined) ?? r.parts.overview, errors, rows: 6 })}
${textarea({ name: 'problems', label: '五、存在的主要问题及改进情况', value: raw?.problems ?? (inputs.problems as string | undefined) ?? r.parts.problems, errors, rows: 5 })}
${textarea({ name: 'other', label: '六、其他需要报告的事项（含收取信息处理费情况）', value: raw?.other ?? (inputs.other as string | undefined) ?? r.parts.other, errors, rows: 4 })}
</fieldset>
<fieldset><legend>二、主动公开政府信息情况（本平台无对应信息类型的项目，由本单位填写）</legend>
<table class="list"><caption>${L.item1}</caption><thead><tr><th scope="col">${L.content}</th><th scope="col">${L.issued}</th><th scope="col">${L.repealed}</th><th scope="col">${L.inForce}</th></tr></thead>
<tbody>${docRow('rules', L.rules)}${docRow('normative', L.normative)}</tbody></table>
<p>${L.licences}：${r.table2.licences}，${L.penalties}：${r.table2.penalties}（根据本平台已发布的“双公示”信息自动统计）。</p>
<div class="form-row"><label for="fld-enforcement">${L.enforcement}${L.decisions}</label><input id="fld-enforcement" name="enforcement" type="text" inputmode="numeric" value="${String(get('enforcement', r.table2.enforcement))}"></div>
<div class="form-row"><label for="fld-feesWanYuan">${L.fees}${L.feeAmount}</label><input id="fld-feesWanYuan" name="feesWanYuan" type="text" inputmode="decimal" value="${String(get('feesWanYuan', r.table2.feesWanYuan))}"></div>
</fieldset>
<fieldset><legend>三、表三数据修正（仅用于平台外办理的申请；填写增减数，可为负数）</legend>
<div class="table-scroll" role="region" aria-label="表三修正" tabindex="0"><table class="list"><caption>表三修正数（总计列与（七）总计自动计算）</caption>
<thead><tr><th scope="col">项目</th>${APPLICANT_COLUMNS.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead>
<tbody>${TABLE3_ROWS.filter((x) => x.key !== 'total').map((row) => html`<tr><th scope="row">${row.group ? `${row.group} ` : ''}${row.label}</th>${APPLICANT_COLUMNS.map((c, i) => html`<td>${num(`adj-${row.key.replace('.', '-')}-${i}`, `adj.${row.key}.${i}`, `${row.label}${c.label}修正数`, raw?.[`adj.${row.key}.${i}`] ?? (adj[row.key]?.[i] || ''), errors, true)}</td>`)}</tr>`)}</tbody></table></div>
${textarea({ name: 'adjustmentNote', label: '修正说明（有修正时必填，将随报告公开）', value: raw?.adjustmentNote ?? (inputs.adjustmentNote as string | undefined) ?? '', errors, rows: 2 })}
</fieldset>`;
}

function progressFields(r: ProgressReport, raw: Record<string, string> | undefined, errors: readonly ErrorDetail[]): SafeHtml {
  return html`<fieldset><legend>报告正文（留空则使用系统生成的文字）</legend>
${textarea({ name: 'summary', label: '一、工作开展情况', value: raw?.summary ?? r.parts.summary, errors, rows: 6 })}
${textarea({ name: 'problems', label: '四、存在的问题', value: raw?.problems ?? r.parts.problems, errors, rows: 4 })}
${textarea({ name: 'plan', label: '五、下一年度工作计划', value: raw?.plan ?? r.parts.plan, errors, rows: 4 })}
</fieldset>`;
}

export function editPage(o: { report: AnyReport; inputs: Record<string, unknown>; raw?: Record<string, string> | undefined; errors: ErrorDetail[]; csrf: string; canPublish: boolean }): SafeHtml {
  const r = o.report;
  const base = `/admin/annual-reports/${r.scope}/${r.year}/${r.kind}`;
  const published = r.state === 'published';
  const invariantErrors = r.kind === 'gov' ? r.invariants.errors : [];
  return html`<h1>${r.title}</h1>
<p>期限：${r.deadline} 前　状态：${published ? `已发布（${r.publishedAt?.slice(0, 10) ?? ''}）` : '草稿'}　<a href="${base}/preview">预览全文</a>　<a href="${base}/docx">下载 DOCX 草稿</a></p>
${errorSummary(o.errors)}
${invariantErrors.length ? html`<div class="error-summary" role="alert"><h2>数据勾稽关系不符（${invariantErrors.length} 处），报告不能发布</h2><ul>${invariantErrors.map((e) => html`<li>${e.message}</li>`)}</ul></div>` : ''}
${r.kind === 'gov' && r.warnings.length ? html`<div class="notice"><ul>${r.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>` : ''}
${published
    ? html`<p>报告已发布，内容已固定。</p>`
    : html`<form method="post" action="${base}">${csrfField(o.csrf)}
${r.kind === 'gov' ? govFields(r, o.inputs, o.raw, o.errors) : progressFields(r, o.raw, o.errors)}
<button type="submit" class="button">保存</button></form>
${o.canPublish ? html`<form method="post" action="${base}/publish" class="card"><h2>发布</h2>${csrfField(o.csrf)}<p>发布前系统按国办公开办函〔2021〕30号核对表三、表四的勾稽关系；发布后数据固定并公开网页版和 Word 版。</p><button type="submit" class="button primary">核对并发布</button></form>` : html`<p class="help">报告由本单位审核人发布。</p>`}`}`;
}
