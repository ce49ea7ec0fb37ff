// Console views of the assessment: the list, the scheme form, one assessment's page (actions,
// ranked table with breakdowns) and the manual-score grid.
import type { ErrorDetail } from '../../domain/errors.ts';
import type { ImportIssue } from '../excel/reader.ts';
import { csrfField, errorSummary, fieldId, input, select } from '../../web/forms.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { IMPORT_HEADERS } from './import.ts';
import { MEASURES, MEASURE_CODES, fmtPoints, type SchemeItem } from './scoring.ts';
import type { AssessmentResult, AssessmentRow } from './service.ts';
import { MAX_ITEMS, type SchemeInput } from './validate.ts';
import { definitions, listsSection, resultTable } from './views-result.ts';

const STATE_NAMES = { draft: '草稿（未发布）', published: '已发布' } as const;

export function listPage(rows: readonly AssessmentRow[]): SafeHtml {
  return html`<h1>考核评估</h1>
<p>政务公开办配置评分方案（指标、分值、计量口径），系统按各单位的公开时效、目录、依申请公开、年度报告等数据自动评分，人工评分项和第三方评估结果可录入或导入；计算结果存档后发布，发布后不再随数据变化。</p>
<p><a class="button" href="/admin/assessment/new">新建考核</a></p>
${rows.length
  ? html`<table class="list"><thead><tr><th scope="col">考核名称</th><th scope="col">年度</th><th scope="col">状态</th><th scope="col">更新时间</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td><a href="/admin/assessment/${r.id}">${r.name}</a></td><td>${r.year}</td><td>${STATE_NAMES[r.state]}</td><td>${r.updated_at.slice(0, 10)}</td></tr>`)}
</tbody></table>`
  : html`<p class="empty">尚未建立考核。</p>`}`;
}

export function schemeInputOf(row: AssessmentRow): SchemeInput {
  const items = JSON.parse(row.items) as SchemeItem[];
  return {
    name: row.name,
    year: String(row.year),
    items: items.map((i) => ({ code: i.code, name: i.name, maxPoints: fmtPoints(i.maxPoints), kind: i.kind, measure: i.measure ?? '', deductPerUnit: i.deductPerUnit ? fmtPoints(i.deductPerUnit) : '' })),
    commendTop: String(row.commend_top || ''),
    commendMin: row.commend_min_x100 === null ? '' : fmtPoints(row.commend_min_x100 / 100),
    criticiseBottom: String(row.criticise_bottom || ''),
    criticiseBelow: row.criticise_below_x100 === null ? '' : fmtPoints(row.criticise_below_x100 / 100),
  };
}

const err = (errors: readonly ErrorDetail[], f: string) => errors.find((e) => e.field === f);

function cell(name: string, value: string, label: string, errors: readonly ErrorDetail[], size = 8): SafeHtml {
  const e = err(errors, name);
  return html`<td><label class="visually-hidden" for="${fieldId(name)}">${label}</label><input id="${fieldId(name)}" name="${name}" type="text" value="${value}" size="${size}"${e ? html` aria-invalid="true" aria-describedby="${fieldId(name)}-err"` : ''}>${e ? html`<span class="field-error" id="${fieldId(name)}-err">${e.message}</span>` : ''}</td>`;
}

function choice(name: string, value: string, label: string, options: readonly (readonly [string, string])[], errors: readonly ErrorDetail[]): SafeHtml {
  const e = err(errors, name);
  return html`<td><label class="visually-hidden" for="${fieldId(name)}">${label}</label><select id="${fieldId(name)}" name="${name}"${e ? html` aria-invalid="true" aria-describedby="${fieldId(name)}-err"` : ''}>${options.map(([v, l]) => html`<option value="${v}"${v === value ? html` selected` : ''}>${l}</option>`)}</select>${e ? html`<span class="field-error" id="${fieldId(name)}-err">${e.message}</span>` : ''}</td>`;
}

export function schemeForm(o: { action: string; csrf: string; values: SchemeInput; errors?: readonly ErrorDetail[]; title: string }): SafeHtml {
  const errors = o.errors ?? [];
  const rows = [...o.values.items];
  while (rows.length < MAX_ITEMS) rows.push({ code: '', name: '', maxPoints: '', kind: 'manual', measure: '', deductPerUnit: '' });
  const measures = [['', '（人工评分项不选）'] as const, ...MEASURE_CODES.map((c) => [c, MEASURES[c].name] as const)];
  return html`<h1>${o.title}</h1>
${errorSummary(errors)}
<form method="post" action="${o.action}" novalidate>
${csrfField(o.csrf)}
${input({ name: 'name', label: '考核名称', value: o.values.name, errors, required: true, maxLength: 100 })}
${input({ name: 'year', label: '考核年度', value: o.values.year, errors, required: true, help: '考核期为该年1月1日至12月31日', attrs: html` inputmode="numeric"` })}
<fieldset><legend>考核指标（各项分值之和须为100分；空行不计）</legend>
<div class="table-scroll" role="region" aria-label="考核指标" tabindex="0"><table class="edit-table"><thead><tr><th scope="col">序号</th><th scope="col">编号</th><th scope="col">指标名称</th><th scope="col">分值</th><th scope="col">评分方式</th><th scope="col">计量口径（自动评分）</th><th scope="col">每项扣分（计数类）</th></tr></thead><tbody>
${rows.map((r, i) => html`<tr><td>${i + 1}</td>
${cell(`items.${i}.code`, r.code, `第${i + 1}项编号`, errors, 6)}
${cell(`items.${i}.name`, r.name, `第${i + 1}项指标名称`, errors, 16)}
${cell(`items.${i}.maxPoints`, r.maxPoints, `第${i + 1}项分值`, errors, 5)}
${choice(`items.${i}.kind`, r.kind, `第${i + 1}项评分方式`, [['automatic', '自动计算'], ['manual', '人工评分/第三方']], errors)}
${choice(`items.${i}.measure`, r.measure, `第${i + 1}项计量口径`, measures, errors)}
${cell(`items.${i}.deductPerUnit`, r.deductPerUnit, `第${i + 1}项每项扣分`, errors, 4)}</tr>`)}
</tbody></table></div></fieldset>
<fieldset><legend>通报表扬与通报批评（名额与分数线同时设置时须同时满足）</legend>
<div class="grid-2">
${input({ name: 'commendTop', label: '通报表扬：排名前几名', value: o.values.commendTop, errors, attrs: html` inputmode="numeric"` })}
${input({ name: 'commendMin', label: '通报表扬：总分不低于', value: o.values.commendMin, errors, attrs: html` inputmode="decimal"` })}
${input({ name: 'criticiseBottom', label: '通报批评：排名后几名', value: o.values.criticiseBottom, errors, attrs: html` inputmode="numeric"` })}
${input({ name: 'criticiseBelow', label: '通报批评：总分低于', value: o.values.criticiseBelow, errors, attrs: html` inputmode="decimal"` })}
</div></fieldset>
<p><button type="submit">保存评分方案</button></p>
</form>`;
}

const NOTICES: Record<string, string> = { created: '考核已建立，请录入人工评分后计算得分', saved: '评分方案已保存', scores: '得分已保存', run: '已重新计算得分并存档', published: '考核结果已发布', imported: '第三方评估得分已导入' };

export function detailPage(o: { row: AssessmentRow; items: SchemeItem[]; result: AssessmentResult | null; csrf: string; notice?: string | undefined; importIssues?: readonly ImportIssue[]; error?: string | undefined }): SafeHtml {
  const { row } = o;
  const draft = row.state === 'draft';
  const manual = o.items.filter((i) => i.kind === 'manual');
  return html`<h1>${row.name}</h1>
${o.notice && NOTICES[o.notice] ? html`<p class="notice" role="status">${NOTICES[o.notice]}</p>` : ''}
${o.error ? html`<div class="error-summary" role="alert"><p>${o.error}</p></div>` : ''}
<dl class="meta-grid"><div><dt>考核期</dt><dd>${row.period_from} 至 ${row.period_to}</dd></div><div><dt>状态</dt><dd>${STATE_NAMES[row.state]}${row.published_at ? `（${row.published_at.slice(0, 10)}发布）` : ''}</dd></div><div><dt>指标</dt><dd>${o.items.map((i) => `${i.name}${fmtPoints(i.maxPoints)}分`).join('、')}</dd></div></dl>
<div class="actions">
${draft ? html`<a class="button" href="/admin/assessment/${row.id}/edit">修改评分方案</a>
${manual.length ? html`<a class="button" href="/admin/assessment/${row.id}/scores">录入人工评分</a>` : ''}
<form method="post" action="/admin/assessment/${row.id}/run" class="inline-action">${csrfField(o.csrf)}<button type="submit">计算得分</button></form>
${o.result ? html`<form method="post" action="/admin/assessment/${row.id}/publish" class="inline-action">${csrfField(o.csrf)}<button type="submit">发布考核结果</button></form>` : ''}` : html`<a class="button" href="/assessments/${row.id}">查看公开页面</a>`}
${o.result ? html`<a class="button" href="/admin/assessment/${row.id}/export.xlsx">导出Excel</a>` : ''}
</div>
${draft && manual.length
  ? html`<section aria-labelledby="import-title" class="card"><h2 id="import-title">导入第三方评估得分</h2>
<p>上传 .xlsx：第一个工作表第1行为表头“${IMPORT_HEADERS.code}”“${IMPORT_HEADERS.score}”“${IMPORT_HEADERS.note}”，每行一个单位。任何一行有误则整份不导入。</p>
${o.importIssues?.length ? html`<div class="error-summary" role="alert" tabindex="-1"><h3>未导入：共${o.importIssues.length}处问题</h3><ul>${o.importIssues.map((i) => html`<li>${i.row ? `第${i.row}行` : ''}${i.column ? `${i.column}列（${i.header}）` : ''}${i.row || i.column ? '：' : ''}${i.message}</li>`)}</ul></div>` : ''}
<form method="post" action="/admin/assessment/${row.id}/import" enctype="multipart/form-data">${csrfField(o.csrf)}
${select({ name: 'item', label: '导入到指标', options: manual.map((i) => [i.code, `${i.code} ${i.name}（${fmtPoints(i.maxPoints)}分）`] as const), value: manual.find((i) => /第三方/.test(i.name))?.code ?? manual[0]!.code })}
<div class="form-row"><label for="fld-file">评估结果文件（.xlsx）</label><input id="fld-file" name="file" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required></div>
<p><button type="submit">导入</button></p></form></section>`
  : ''}
${o.result ? html`${listsSection(o.result)}${resultTable(o.result)}${definitions(o.result)}` : html`<p class="empty">尚未计算得分。录入人工评分后点击“计算得分”。</p>`}`;
}

export function scoresPage(o: { row: AssessmentRow; items: SchemeItem[]; departments: readonly { id: number; name: string }[]; values: Map<string, { score: string; note: string }>; csrf: string; errors?: readonly ErrorDetail[] }): SafeHtml {
  const errors = o.errors ?? [];
  const manual = o.items.filter((i) => i.kind === 'manual');
  return html`<h1>录入人工评分：${o.row.name}</h1>
${errorSummary(errors)}
<p>得分不得超过该项分值，最多两位小数；请在说明中写明评分理由。留空的单元格保持原值。</p>
<form method="post" action="/admin/assessment/${o.row.id}/scores" novalidate>${csrfField(o.csrf)}
<div class="table-scroll" role="region" aria-label="人工评分" tabindex="0"><table class="edit-table"><thead><tr><th scope="col">单位</th>${manual.map((i) => html`<th scope="col">${i.name}（${fmtPoints(i.maxPoints)}分）</th><th scope="col">评分说明</th>`)}</tr></thead><tbody>
${o.departments.map((d) => html`<tr><th scope="row">${d.name}</th>${manual.map((i) => {
    const k = `${d.id}.${i.code}`;
    const v = o.values.get(k) ?? { score: '', note: '' };
    return html`${cell(`score.${k}`, v.score, `${d.name}${i.name}得分`, errors, 5)}${cell(`note.${k}`, v.note, `${d.name}${i.name}评分说明`, errors, 24)}`;
  })}</tr>`)}
</tbody></table></div>
<p><button type="submit">保存得分</button> <a href="/admin/assessment/${o.row.id}">返回</a></p>
</form>`;
}
