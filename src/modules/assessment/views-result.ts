// The ranked table of an assessment result with every score's breakdown (details/summary: works
// without JavaScript), and the 通报表扬/通报批评 lists. Shared by the console and the public page.
import { html, type SafeHtml } from '../../web/html.ts';
import { fmtPoints, type DepartmentResult, type ItemScore } from './scoring.ts';
import type { AssessmentResult } from './service.ts';

const SOURCE_NAMES: Record<ItemScore['source'], string> = { automatic: '自动计算', manual: '人工评分', third_party: '第三方评估', missing: '未录入' };

function inputsText(inputs: ItemScore['inputs']): string {
  const parts = Object.entries(inputs).map(([k, v]) => `${k}：${v ?? '—'}`);
  return parts.length ? parts.join('；') : '—';
}

function breakdown(r: DepartmentResult): SafeHtml {
  return html`<details><summary>查看${r.name}的得分明细</summary>
<table class="list"><caption class="visually-hidden">${r.name}各项得分</caption>
<thead><tr><th scope="col">指标</th><th scope="col">来源</th><th scope="col">计量数据</th><th scope="col">计算方法</th><th scope="col" class="num">得分</th></tr></thead>
<tbody>${r.items.map((i) => html`<tr><th scope="row">${i.code} ${i.name}（${fmtPoints(i.maxPoints)}分）</th><td>${SOURCE_NAMES[i.source]}</td><td>${inputsText(i.inputs)}</td><td>${i.formula}${i.note ? html`<br><small>说明：${i.note}</small>` : ''}</td><td class="num">${fmtPoints(i.points)}</td></tr>`)}</tbody>
</table></details>`;
}

export function resultTable(r: AssessmentResult): SafeHtml {
  const commend = new Set(r.lists.commend);
  const criticise = new Set(r.lists.criticise);
  return html`<div class="table-scroll" role="region" aria-label="考核得分排名" tabindex="0"><table class="list">
<caption>${r.name}：得分排名（统计截至 ${r.period.asOf}，计算于 ${r.runAt.slice(0, 10)}）</caption>
<thead><tr><th scope="col" class="num">名次</th><th scope="col">单位</th>${r.items.map((i) => html`<th scope="col" class="num">${i.name}<br><small>${fmtPoints(i.maxPoints)}分</small></th>`)}<th scope="col" class="num">总分</th><th scope="col">通报</th></tr></thead>
<tbody>${r.rows.map((row) => html`<tr><td class="num">${row.rank}</td><th scope="row">${row.name}</th>${row.items.map((i) => html`<td class="num">${fmtPoints(i.points)}${i.source === 'missing' ? html` <span class="badge late">未录入</span>` : ''}</td>`)}<td class="num"><strong>${fmtPoints(row.total)}</strong></td><td>${commend.has(row.departmentId) ? html`<span class="badge">表扬</span>` : criticise.has(row.departmentId) ? html`<span class="badge late">批评</span>` : ''}</td></tr>`)}</tbody>
</table></div>
<section aria-labelledby="bd-title"><h2 id="bd-title">得分明细</h2>
${r.rows.map(breakdown)}
</section>`;
}

export function listsSection(r: AssessmentResult): SafeHtml {
  const name = (id: number) => r.rows.find((x) => x.departmentId === id);
  const rule = (top: number, min: number | null, kind: 'commend' | 'criticise') =>
    [top > 0 ? (kind === 'commend' ? `排名前${top}名` : `排名后${top}名`) : '', min !== null ? (kind === 'commend' ? `总分不低于${fmtPoints(min)}分` : `总分低于${fmtPoints(min)}分`) : ''].filter(Boolean).join('且') || '未设置';
  const list = (ids: number[]) => (ids.length ? html`<ul>${ids.map((id) => html`<li>${name(id)?.name ?? id}（${fmtPoints(name(id)?.total ?? 0)}分）</li>`)}</ul>` : html`<p class="empty">无</p>`);
  return html`<div class="grid-2">
<section aria-labelledby="commend-title" class="card"><h2 id="commend-title">通报表扬</h2><p class="meta">规则：${rule(r.rules.commendTop, r.rules.commendMin, 'commend')}</p>${list(r.lists.commend)}</section>
<section aria-labelledby="criticise-title" class="card"><h2 id="criticise-title">通报批评</h2><p class="meta">规则：${rule(r.rules.criticiseBottom, r.rules.criticiseBelow, 'criticise')}</p>${list(r.lists.criticise)}</section>
</div>`;
}

export function definitions(r: AssessmentResult): SafeHtml {
  return html`<section aria-labelledby="def-title"><h2 id="def-title">指标与计量口径</h2>
<dl>${r.items.map((i) => {
    const m = r.measures.find((x) => x.code === i.measure);
    return html`<dt>${i.code} ${i.name}（${fmtPoints(i.maxPoints)}分，${i.kind === 'automatic' ? '自动计算' : '人工评分'}）</dt><dd>${m ? m.definition : '由政务公开办评分或采用第三方评估结果，附评分说明。'}${i.deductPerUnit ? `每项扣${fmtPoints(i.deductPerUnit)}分，扣完为止。` : ''}</dd>`;
  })}</dl>
<p class="meta">依据：国办发〔2017〕97号及本区实施方案“保障措施”——将公共资源配置领域政府信息公开工作纳入绩效考核，可引入第三方评估，对成效明显的通报表扬、对工作不力的通报批评。</p>
</section>`;
}
