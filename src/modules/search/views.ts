// The /search page: form, sort toggle, facet links with counts, highlighted results, pagination.
// Works without JavaScript; every link carries the full state in its query string.
import { html, raw, type SafeHtml } from '../../web/html.ts';
import { fmtDate } from '../disclosures/views.ts';
import type { FacetName, SearchResult } from './service.ts';

export interface SearchPageState {
  q: string;
  sort: 'relevance' | 'date' | undefined;
  filters: Partial<Record<FacetName | 'project', string>>;
  page: number;
}

export const FACET_LABELS: Record<FacetName, string> = { kind: '类别', sector: '领域', itemType: '信息类型', department: '发布单位', year: '年份', stage: '项目阶段' };
const FACET_ORDER: FacetName[] = ['sector', 'itemType', 'department', 'year', 'stage', 'kind'];

export function searchUrl(s: SearchPageState, change: Partial<SearchPageState> & { filters?: SearchPageState['filters'] } = {}, base = '/search'): string {
  const next = { ...s, ...change, filters: change.filters ?? s.filters };
  const p = new URLSearchParams();
  if (next.q) p.set('q', next.q);
  for (const [k, v] of Object.entries(next.filters)) if (v) p.set(k, v);
  if (next.sort) p.set('sort', next.sort);
  if (next.page > 1) p.set('page', String(next.page));
  const qs = p.toString();
  return qs ? `${base}?${qs}` : base;
}

function facetBlock(name: FacetName, r: Extract<SearchResult, { ok: true }>, s: SearchPageState): SafeHtml {
  const values = r.facets?.[name] ?? [];
  const selected = s.filters[name];
  if (!values.length && !selected) return html``;
  return html`<section class="facet" aria-labelledby="facet-${name}"><h3 id="facet-${name}">${FACET_LABELS[name]}</h3><ul>
${selected ? html`<li><a href="${searchUrl(s, { page: 1, filters: { ...s.filters, [name]: undefined } })}">× 取消“${values.find((v) => v.value === selected)?.label ?? selected}”</a></li>` : ''}
${values.slice(0, 12).map((v) =>
  v.value === selected
    ? html`<li><strong aria-current="true">${v.label}</strong> <span class="count">${v.count}</span></li>`
    : html`<li><a href="${searchUrl(s, { page: 1, filters: { ...s.filters, [name]: v.value } })}">${v.label}</a> <span class="count">${v.count}</span></li>`,
)}
</ul></section>`;
}

function pager(r: Extract<SearchResult, { ok: true }>, s: SearchPageState): SafeHtml {
  const last = r.lastPage;
  if (last <= 1) return html``;
  const pages = [...new Set([1, s.page - 2, s.page - 1, s.page, s.page + 1, s.page + 2, last])].filter((n) => n >= 1 && n <= last).sort((a, b) => a - b);
  return html`<nav class="pagination" aria-label="分页"><ul>
${s.page > 1 ? html`<li><a href="${searchUrl(s, { page: s.page - 1 })}" rel="prev">上一页</a></li>` : ''}
${pages.map((n) => (n === s.page ? html`<li><span aria-current="page">${n}</span></li>` : html`<li><a href="${searchUrl(s, { page: n })}">${n}</a></li>`))}
${s.page < last ? html`<li><a href="${searchUrl(s, { page: s.page + 1 })}" rel="next">下一页</a></li>` : ''}
</ul></nav>`;
}

export function searchPage(s: SearchPageState, r: SearchResult | null): SafeHtml {
  const searching = s.q.trim() !== '';
  const hiddenFilters = Object.entries(s.filters).filter(([, v]) => v);
  const form = html`<form method="get" action="/search" role="search" class="search-form">
<label for="s-q">搜索词</label>
<input id="s-q" name="q" type="search" value="${s.q}" maxlength="200" aria-describedby="s-help">
${hiddenFilters.map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
<button type="submit" class="button primary">搜索</button>
<p id="s-help" class="help">按原文精确匹配：输入词语、公司名称、项目编号或一句话均可；多个词用空格分隔，须同时出现。</p>
</form>`;
  if (!r) {
    return html`<h1>搜索公开信息</h1>${form}<p>请输入搜索词，例如：危房改造、采购、中标结果、项目编号；或按领域浏览：<a href="${searchUrl({ ...s, q: '' }, { filters: { sector: 'housing' } })}">住房保障</a>、<a href="${searchUrl({ ...s, q: '' }, { filters: { sector: 'procurement' } })}">政府采购</a>。</p>`;
  }
  if (!r.ok) {
    return html`<h1>搜索公开信息</h1>${form}<div class="error-summary" role="alert"><h2>无法完成搜索</h2><p>${r.message}</p></div>`;
  }
  const totalText = r.totalIsLowerBound ? `超过 ${r.total.toLocaleString('en-US')} 条` : `共 ${r.total} 条`;
  const sortToggle = searching
    ? html`<p class="sort-toggle">排序：${r.sort === 'relevance' ? html`<strong aria-current="true">按相关度</strong>` : html`<a href="${searchUrl(s, { sort: 'relevance', page: 1 })}">按相关度</a>`} | ${r.sort === 'date' ? html`<strong aria-current="true">按发布时间</strong>` : html`<a href="${searchUrl(s, { sort: 'date', page: 1 })}">按发布时间</a>`}</p>`
    : '';
  const subscribeParams = new URLSearchParams({ kind: 'search', q: s.q, ...Object.fromEntries(hiddenFilters) });
  return html`<h1>${searching ? html`“${s.q}”的搜索结果` : '浏览公开信息'}</h1>
${form}
<div class="search-layout">
<aside class="facets" aria-label="筛选">
<h2>筛选${r.facetsApproximate ? html`<span class="approx">（按最新 ${r.total.toLocaleString('en-US')} 条结果统计，近似）</span>` : ''}</h2>
${FACET_ORDER.map((n) => facetBlock(n, r, s))}
</aside>
<section class="results" aria-labelledby="results-title">
<h2 id="results-title" class="visually-hidden">结果列表</h2>
<p class="result-count" role="status">${totalText}，用时 ${r.tookMs} 毫秒${r.relevanceWindow ? html`；相关度排序在最新 ${r.relevanceWindow.toLocaleString('en-US')} 条匹配结果中计算` : ''}</p>
${sortToggle}
<p class="subscribe-links"><a href="/feeds/search.atom?${new URLSearchParams({ q: s.q, ...Object.fromEntries(hiddenFilters) }).toString()}">订阅此搜索的 Atom 源</a> · <a href="/subscriptions/new?${subscribeParams.toString()}">邮件订阅此搜索</a></p>
${r.hits.length
  ? html`<ol class="search-hits" start="${(r.page - 1) * r.perPage + 1}">${r.hits.map(
      (h) => html`<li class="hit${h.state === 'withdrawn' ? ' withdrawn' : ''}">
<h3><a href="${h.url}">${raw(h.titleHtml)}</a>${h.state === 'withdrawn' ? html` <span class="badge late">${h.kind === 'blacklist' ? '已移出公示' : '已撤回'}</span>` : ''}</h3>
<p class="snippet">${raw(h.snippetHtml)}</p>
<p class="meta"><span>${h.kindName}</span>${h.sectorName ? html`<span>${h.sectorName}</span>` : ''}${h.itemTypeName ? html`<span>${h.itemTypeName}</span>` : ''}${h.departmentName ? html`<span>${h.departmentName}</span>` : ''}<span>发布 <time datetime="${h.publishedAt}">${fmtDate(h.publishedAt)}</time></span></p>
</li>`,
    )}</ol>`
  : html`<p class="empty">没有找到符合条件的信息。请检查错别字，或减少关键词、取消筛选条件。</p>`}
${pager(r, s)}
</section>
</div>`;
}
