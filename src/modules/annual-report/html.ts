// The annual reports as accessible HTML: one <h1>, the six parts as <h2>, each table captioned,
// column headers with scope (colgroup for 法人或其他组织), row headers with scope="row".
import { html, type SafeHtml } from '../../web/html.ts';
import { PROGRESS_PART_TITLES, type ProgressReport } from './progress.ts';
import { PART_TITLES, type GovReport } from './report.ts';
import { TABLE2_LABELS as L } from './tables.ts';
import { APPLICANT_COLUMNS, ORGANISATION_GROUP_LABEL, SECTION_RESULTS, TOTAL_COLUMN_LABEL } from './table3.ts';
import type { AnyReport } from './service.ts';

const paras = (text: string) => text.split(/\n+/).filter((l) => l.trim()).map((l) => html`<p>${l.trim()}</p>`);

function table2(r: GovReport): SafeHtml {
  const t = r.table2;
  return html`<div class="table-scroll" role="region" aria-labelledby="t2-cap" tabindex="0"><table class="report-table">
<caption id="t2-cap">表二 主动公开政府信息情况</caption>
<tbody>
<tr><th scope="colgroup" colspan="4">${L.item1}</th></tr>
<tr><th scope="col">${L.content}</th><th scope="col">${L.issued}</th><th scope="col">${L.repealed}</th><th scope="col">${L.inForce}</th></tr>
<tr><th scope="row">${L.rules}</th><td class="num">${t.rules.issued}</td><td class="num">${t.rules.repealed}</td><td class="num">${t.rules.inForce}</td></tr>
<tr><th scope="row">${L.normative}</th><td class="num">${t.normative.issued}</td><td class="num">${t.normative.repealed}</td><td class="num">${t.normative.inForce}</td></tr>
<tr><th scope="colgroup" colspan="4">${L.item5}</th></tr>
<tr><th scope="col">${L.content}</th><th scope="col" colspan="3">${L.decisions}</th></tr>
<tr><th scope="row">${L.licences}</th><td class="num" colspan="3">${t.licences}</td></tr>
<tr><th scope="colgroup" colspan="4">${L.item6}</th></tr>
<tr><th scope="col">${L.content}</th><th scope="col" colspan="3">${L.decisions}</th></tr>
<tr><th scope="row">${L.penalties}</th><td class="num" colspan="3">${t.penalties}</td></tr>
<tr><th scope="row">${L.enforcement}</th><td class="num" colspan="3">${t.enforcement}</td></tr>
<tr><th scope="colgroup" colspan="4">${L.item8}</th></tr>
<tr><th scope="col">${L.content}</th><th scope="col" colspan="3">${L.feeAmount}</th></tr>
<tr><th scope="row">${L.fees}</th><td class="num" colspan="3">${t.feesWanYuan}</td></tr>
</tbody></table></div>`;
}

function table3(r: GovReport): SafeHtml {
  let inResults = false;
  const rows = r.table3.rows.map((row) => {
    const head = !inResults && row.section === SECTION_RESULTS ? ((inResults = true), html`<tr><th scope="rowgroup" colspan="9">${SECTION_RESULTS}</th></tr>`) : '';
    const label = row.group ? html`<th scope="row">${row.group}</th><th scope="row">${row.label}</th>` : html`<th scope="row" colspan="2">${row.label}</th>`;
    return html`${head}<tr>${label}${row.values.map((v) => html`<td class="num">${v}</td>`)}</tr>`;
  });
  return html`<div class="table-scroll" role="region" aria-labelledby="t3-cap" tabindex="0"><table class="report-table">
<caption id="t3-cap">表三 收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</caption>
<thead>
<tr><td colspan="2" rowspan="3"></td><th scope="colgroup" colspan="7">申请人情况</th></tr>
<tr><th scope="col" rowspan="2">${APPLICANT_COLUMNS[0].label}</th><th scope="colgroup" colspan="5">${ORGANISATION_GROUP_LABEL}</th><th scope="col" rowspan="2">${TOTAL_COLUMN_LABEL}</th></tr>
<tr>${APPLICANT_COLUMNS.slice(1).map((x) => html`<th scope="col">${x.label}</th>`)}</tr>
</thead>
<tbody>${rows}</tbody></table></div>`;
}

function table4(r: GovReport): SafeHtml {
  const [recon, direct, after] = r.table4.rows;
  const cols = r.table4.columns;
  return html`<div class="table-scroll" role="region" aria-labelledby="t4-cap" tabindex="0"><table class="report-table">
<caption id="t4-cap">表四 政府信息公开行政复议、行政诉讼情况</caption>
<thead>
<tr><th scope="colgroup" colspan="5" rowspan="2">行政复议</th><th scope="colgroup" colspan="10">行政诉讼</th></tr>
<tr><th scope="colgroup" colspan="5">${direct!.label}</th><th scope="colgroup" colspan="5">${after!.label}</th></tr>
<tr>${[...cols, ...cols, ...cols].map((x) => html`<th scope="col">${x}</th>`)}</tr>
</thead>
<tbody><tr>${[...recon!.values, ...direct!.values, ...after!.values].map((v) => html`<td class="num">${v}</td>`)}</tr></tbody></table></div>`;
}

export function govReportHtml(r: GovReport, o: { docxHref?: string; preview?: boolean } = {}): SafeHtml {
  return html`<article class="annual-report">
<h1>${r.title}</h1>
<p class="meta">${o.preview || r.state !== 'published' ? html`<strong>草稿预览（未发布）</strong>　` : html`发布日期：${r.publishedAt?.slice(0, 10) ?? ''}　`}格式依据：${r.format}　法定公布期限：${r.deadline} 前${o.docxHref ? html`　<a href="${o.docxHref}">下载 Word 文档（DOCX）</a>` : ''}</p>
${r.invariants.ok ? '' : html`<div class="error-summary" role="alert"><h2>数据勾稽关系不符，报告不能发布</h2><ul>${r.invariants.errors.map((e) => html`<li>${e.message}</li>`)}</ul></div>`}
${r.warnings.length ? html`<div class="notice"><ul>${r.warnings.map((w) => html`<li>${w}</li>`)}</ul></div>` : ''}
<section aria-labelledby="p1"><h2 id="p1">${PART_TITLES[0]}</h2>${paras(r.parts.overview)}</section>
<section aria-labelledby="p2"><h2 id="p2">${PART_TITLES[1]}</h2>${table2(r)}</section>
<section aria-labelledby="p3"><h2 id="p3">${PART_TITLES[2]}</h2>${table3(r)}${r.adjusted ? html`<p class="help">注：表中数据已由本机关修正：${r.adjustmentNote}</p>` : ''}</section>
<section aria-labelledby="p4"><h2 id="p4">${PART_TITLES[3]}</h2>${table4(r)}</section>
<section aria-labelledby="p5"><h2 id="p5">${PART_TITLES[4]}</h2>${paras(r.parts.problems)}</section>
<section aria-labelledby="p6"><h2 id="p6">${PART_TITLES[5]}</h2>${paras(r.parts.other)}</section>
${r.departments ? html`<section aria-labelledby="p7"><h2 id="p7">汇总的单位</h2><ul>${r.departments.map((d) => html`<li>${d.name}（${d.state === 'published' ? '已发布' : '未发布，按当前数据汇总'}）</li>`)}</ul></section>` : ''}
</article>`;
}

export function progressReportHtml(r: ProgressReport, o: { docxHref?: string; preview?: boolean } = {}): SafeHtml {
  const t = r.timeliness;
  return html`<article class="annual-report">
<h1>${r.title}</h1>
<p class="meta">${o.preview || r.state !== 'published' ? html`<strong>草稿预览（未发布）</strong>　` : html`发布日期：${r.publishedAt?.slice(0, 10) ?? ''}　`}报送期限：${r.deadline} 前${o.docxHref ? html`　<a href="${o.docxHref}">下载 Word 文档（DOCX）</a>` : ''}</p>
<section aria-labelledby="q1"><h2 id="q1">${PROGRESS_PART_TITLES[0]}</h2>${paras(r.parts.summary)}</section>
<section aria-labelledby="q2"><h2 id="q2">${PROGRESS_PART_TITLES[1]}</h2>
<table class="report-table"><caption>各领域本年主动公开信息</caption><thead><tr><th scope="col">领域</th><th scope="col">公开信息（条）</th></tr></thead><tbody>${r.sectors.map((s) => html`<tr><th scope="row">${s.name}</th><td class="num">${s.published}</td></tr>`)}</tbody></table>
${r.byDepartment ? html`<table class="report-table"><caption>各单位本年主动公开信息</caption><thead><tr><th scope="col">单位</th><th scope="col">公开信息（条）</th></tr></thead><tbody>${r.byDepartment.map((d) => html`<tr><th scope="row">${d.name}</th><td class="num">${d.published}</td></tr>`)}</tbody></table>` : ''}</section>
<section aria-labelledby="q3"><h2 id="q3">${PROGRESS_PART_TITLES[2]}</h2>
<table class="report-table"><caption>本年公开时效</caption><thead><tr><th scope="col">发布</th><th scope="col">按时</th><th scope="col">逾期</th><th scope="col">按时公开率</th></tr></thead><tbody><tr><td class="num">${t.published}</td><td class="num">${t.onTime}</td><td class="num">${t.late}</td><td class="num">${t.onTimeRate === null ? '—' : `${t.onTimeRate}%`}</td></tr></tbody></table></section>
<section aria-labelledby="q4"><h2 id="q4">${PROGRESS_PART_TITLES[3]}</h2>${paras(r.parts.problems)}</section>
<section aria-labelledby="q5"><h2 id="q5">${PROGRESS_PART_TITLES[4]}</h2>${paras(r.parts.plan)}</section>
</article>`;
}

export function reportHtml(r: AnyReport, o: { docxHref?: string; preview?: boolean } = {}): SafeHtml {
  return r.kind === 'gov' ? govReportHtml(r, o) : progressReportHtml(r, o);
}
