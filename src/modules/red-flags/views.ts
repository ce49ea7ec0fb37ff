// HTML of the red flags: the “风险提示” section of the public project page, the office dashboard
// (/admin/red-flags) and the threshold form. Chinese UI, escaped templates, no JavaScript needed.
import type { ErrorDetail } from '../../domain/errors.ts';
import { csrfField, errorSummary, input } from '../../web/forms.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { dataTable } from '../timeliness/page.ts';
import { coverageChartSvg } from './chart.ts';
import type { Evidence, FlagResult } from './evaluate.ts';
import { FLAG_BY_CODE, FLAGS, describeThresholds, type FlagDef, type Thresholds } from './flags.ts';
import type { ProjectFlags } from './service.ts';
import type { Summary } from './summary.ts';

const DISCLAIMER = '风险提示由系统依据已公开的信息自动检测生成，仅提示值得关注的情形，不代表存在违法违规行为；如有疑问可向项目单位或政务公开办反映。';

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

function evidenceList(ev: readonly Evidence[]): SafeHtml {
  if (!ev.length) return html``;
  return html`<ul class="evidence">${ev.map((e) => html`<li>${e.label}：${e.value}${e.disclosureId ? html`（<a href="/disclosures/${e.disclosureId}">查看公告</a>）` : ''}${e.href ? html`（<a href="${e.href}">查看黑名单记录</a>）` : ''}</li>`)}</ul>`;
}

function cardinal(f: FlagDef): string {
  return f.cardinal ? `开放合同伙伴关系 Cardinal 指标 ${f.cardinal}` : '无对应 Cardinal 指标';
}

function trippedCard(r: FlagResult, th: Thresholds, level: 3 | 4 = 3): SafeHtml {
  const f = FLAG_BY_CODE.get(r.code)!;
  const heading = level === 3 ? html`<h3>${f.name}</h3>` : html`<h4>${f.name}</h4>`;
  return html`<li class="card">${heading}
<p><span class="badge late">已触发</span> ${r.reason}</p>
<dl class="meta-grid"><div><dt>定义</dt><dd>${f.definition}</dd></div><div><dt>阈值</dt><dd>${describeThresholds(f, th)}</dd></div><div><dt>依据</dt><dd>${f.legalBasis}</dd></div><div><dt>国际对照</dt><dd>${cardinal(f)}</dd></div></dl>
<p>检测依据的数据：</p>${evidenceList(r.evidence)}</li>`;
}

/** The “风险提示” section of /projects/:id. Nothing for sectors the flags do not cover. */
export function projectRiskSection(pf: ProjectFlags | null): SafeHtml {
  if (!pf) return html``;
  const tripped = pf.results.filter((r) => r.status === 'tripped');
  const clear = pf.results.filter((r) => r.status === 'clear');
  const untestable = pf.results.filter((r) => r.status === 'not_testable');
  return html`<section aria-labelledby="risk-title"><h2 id="risk-title">风险提示</h2>
<p>已检测 ${pf.tested} 项，${tripped.length ? html`触发 <strong>${tripped.length}</strong> 项，` : ''}未触发 ${clear.length} 项${untestable.length ? `；另有 ${untestable.length} 项因公开数据不足无法检测` : ''}。</p>
${tripped.length ? html`<ul class="stack">${tripped.map((r) => trippedCard(r, pf.thresholds))}</ul>` : html`<p class="empty">本项目未触发任何风险提示。</p>`}
${clear.length ? html`<details><summary>未触发的检测项（${clear.length}）</summary><ul>${clear.map((r) => html`<li>${FLAG_BY_CODE.get(r.code)!.name}：${r.reason}</li>`)}</ul></details>` : ''}
${untestable.length ? html`<details><summary>无法检测的项目（${untestable.length}）</summary><ul>${untestable.map((r) => html`<li>${FLAG_BY_CODE.get(r.code)!.name}：${r.reason}</li>`)}</ul></details>` : ''}
<p class="help">${DISCLAIMER} <a href="/api/v1/projects/${pf.project.id}/red-flags">本项目风险提示数据（JSON）</a></p>
</section>`;
}

/** /admin/red-flags: per department × per flag, coverage (table + chart), the tripped list, links to the form. */
export function dashboardContent(s: Summary, o: { canConfigure: boolean; saved?: string | undefined }): SafeHtml {
  const flags = FLAGS;
  return html`<h1>风险提示（政府采购和工程建设招投标）</h1>
${o.saved ? html`<p class="notice" role="status">已保存“${o.saved}”的阈值。</p>` : ''}
<p>共检测 ${s.projects} 个项目，其中 ${s.flaggedProjects} 个项目触发至少一项风险提示。数据来源为已公开信息（不含依法不予公开的字段）。<a href="/api/v1/red-flags">汇总数据（JSON）</a>${o.canConfigure ? html` · <a href="#thresholds">阈值设置</a>` : ''} · <a href="/admin/supervision">时效监督</a></p>
<section aria-labelledby="dept-flags"><h2 id="dept-flags">各单位触发情况（项目数）</h2>
${dataTable({ caption: '各单位 × 各风险提示触发的项目数', rows: s.departments, empty: '暂无政府采购或工程建设项目。', cols: [
    { header: '单位', cell: (r) => r.departmentName },
    { header: '项目数', cell: (r) => r.projects, num: true },
    { header: '有风险提示的项目', cell: (r) => r.flaggedProjects, num: true },
    ...flags.map((f) => ({ header: f.name, cell: (r: Summary['departments'][number]) => (r.byFlag[f.code] ? html`<strong>${r.byFlag[f.code]}</strong>` : '0'), num: true })),
  ] })}</section>
<section aria-labelledby="coverage-title"><h2 id="coverage-title">检测覆盖率</h2>
<p class="help">适用：该风险提示适用的领域的项目数；可检测：公开了检测所需数据的项目数（触发 + 未触发）；覆盖率 = 可检测 ÷ 适用。覆盖率低说明相关字段公开不足。</p>
<figure class="chart">${coverageChartSvg(s.coverage, { id: 'coverage-chart', title: '各风险提示的检测覆盖情况（项目数）' })}
<figcaption>红：触发；绿：未触发；灰：数据不足无法检测。数据见下表。</figcaption></figure>
${dataTable({ caption: '各风险提示的检测覆盖率', rows: s.coverage, empty: '无数据。', cols: [
    { header: '风险提示', cell: (r) => r.name },
    { header: 'Cardinal', cell: (r) => r.cardinal ?? '无' },
    { header: '阈值', cell: (r) => r.threshold },
    { header: '适用', cell: (r) => r.applicable, num: true },
    { header: '可检测', cell: (r) => r.testable, num: true },
    { header: '触发', cell: (r) => r.tripped, num: true },
    { header: '无法检测', cell: (r) => r.notTestable, num: true },
    { header: '覆盖率', cell: (r) => pct(r.coverage), num: true },
  ] })}</section>
<section aria-labelledby="tripped-title"><h2 id="tripped-title">触发明细（${s.tripped.length}）</h2>
${dataTable({ caption: '触发的风险提示', rows: s.tripped, empty: '没有项目触发风险提示。', cols: [
    { header: '项目', cell: (r) => html`<a href="/projects/${r.projectId}#risk-title">${r.projectTitle}</a>` },
    { header: '单位', cell: (r) => r.departmentName },
    { header: '风险提示', cell: (r) => r.name },
    { header: '说明', cell: (r) => r.reason },
  ] })}</section>
<section aria-labelledby="defs-title"><h2 id="defs-title">风险提示的定义与依据</h2>
<dl>${flags.map((f) => html`<dt>${f.name}（${f.code}）</dt><dd>${f.definition} 依据：${f.legalBasis}。${cardinal(f)}${f.cardinalNote ? `（${f.cardinalNote}）` : ''}。使用字段：${f.fields.join('、')}。</dd>`)}</dl></section>`;
}

/** The threshold forms, one per configurable flag (each posts on its own, with its own errors). */
export function thresholdForms(th: Thresholds, csrf: string, failed?: { code: string; values: Record<string, string>; errors: ErrorDetail[] }): SafeHtml {
  return html`<section aria-labelledby="thresholds"><h2 id="thresholds" tabindex="-1">阈值设置</h2>
<p class="help">阈值不得低于法定标准；每次修改都记入操作记录。</p>
${FLAGS.filter((f) => f.thresholds.length).map((f) => {
    const mine = failed?.code === f.code ? failed : undefined;
    return html`<form method="post" action="/admin/red-flags/thresholds" class="stack" aria-labelledby="th-${f.code}">${csrfField(csrf)}
<h3 id="th-${f.code}">${f.name}</h3>
${mine ? errorSummary(mine.errors) : ''}
<input type="hidden" name="code" value="${f.code}">
${f.thresholds.map((t) => input({ name: t.key, label: `${t.label}（${t.unit}）`, value: mine ? mine.values[t.key] : String(th[f.code][t.key]), errors: mine?.errors ?? [], required: true, help: `${t.min}–${t.max}${t.unit}，默认 ${t.default}${t.help ? `；${t.help}` : ''}`, attrs: html` inputmode="decimal"` }))}
<button type="submit" class="button primary">保存“${f.name}”阈值</button></form>`;
  })}</section>`;
}
