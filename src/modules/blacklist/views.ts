// Public 黑名单 pages: the searchable list (current or history) and one entry with its history.
// Everything shown comes through public-view.ts (ID numbers masked).
import { html, type SafeHtml } from '../../web/html.ts';
import { pagination, fmtDateTime } from '../disclosures/views.ts';
import type { EventRow } from '../../db/schema.ts';
import type { PublicEntry } from './public-view.ts';
import { SEVERITIES } from './rules.ts';

export const EVENT_NAMES: Record<string, string> = { create: '录入草稿', update: '修改草稿', attach: '上传决定文书', publish: '发布公示', expire: '公示期满，移出公示', repair: '信用修复，移出公示', revoke: '决定撤销，移出公示' };

export interface ListFilters {
  q: string;
  sector: string;
  severity: string;
  department: string;
  view: 'current' | 'history';
}

function badge(e: PublicEntry): SafeHtml {
  const cls = e.status === 'active' ? 'late' : e.status === 'repaired' ? 'ok' : '';
  return html`<span class="badge ${cls}">${e.statusName}</span>`;
}

export function subjectId(e: PublicEntry): string {
  return e.subject.creditCode ?? (e.subject.idNumberMasked ? `身份证号码 ${e.subject.idNumberMasked}` : '—');
}

export function listPage(o: {
  entries: PublicEntry[];
  total: number;
  pageNo: number;
  perPage: number;
  filters: ListFilters;
  sectors: { code: string; name: string }[];
  departments: { code: string; short_name: string }[];
  sectorName: (s: string) => string;
}): SafeHtml {
  const f = o.filters;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v && !(k === 'view' && v === 'current')) params.set(k, v);
  const opt = (value: string, label: string, current: string) => html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`;
  return html`<h1>黑名单</h1>
<p class="lead">本区各单位依法认定并公示的失信主体名单。公示期满、信用修复或决定撤销后自动移出当前名单，保留在历史记录中。依据《信用修复管理办法》：一般失信信息公示三个月至一年，严重失信信息公示一年至三年；《政府采购法》第七十七条：一至三年内禁止参加政府采购活动。自然人身份证号码已脱敏。</p>
<nav class="chips" aria-label="名单范围"><a href="/blacklist"${f.view === 'current' ? html` aria-current="page"` : ''}>当前公示</a><a href="/blacklist?view=history"${f.view === 'history' ? html` aria-current="page"` : ''}>历史记录</a></nav>
<form class="filters" method="get" action="/blacklist" role="search" aria-label="查询黑名单">
<input type="hidden" name="view" value="${f.view}">
<div class="filter-row"><label for="bl-q">名称或统一社会信用代码</label><input id="bl-q" name="q" type="search" value="${f.q}" maxlength="100"></div>
<div class="filter-row"><label for="bl-sector">领域</label><select id="bl-sector" name="sector">${opt('', '全部领域', f.sector)}${o.sectors.map((s) => opt(s.code, s.name, f.sector))}</select></div>
<div class="filter-row"><label for="bl-severity">严重程度</label><select id="bl-severity" name="severity">${opt('', '全部', f.severity)}${SEVERITIES.map((s) => opt(s.code, s.label, f.severity))}</select></div>
<div class="filter-row"><label for="bl-department">决定单位</label><select id="bl-department" name="department">${opt('', '全部单位', f.department)}${o.departments.map((d) => opt(d.code, d.short_name, f.department))}</select></div>
<div class="filter-row"><button type="submit" class="button">查询</button> <a href="/blacklist${f.view === 'history' ? '?view=history' : ''}">清除</a></div>
</form>
<p class="result-count" role="status">${f.view === 'current' ? '当前公示' : '历史记录'}共 ${o.total} 条</p>
${o.entries.length
  ? html`<div class="table-scroll" role="region" aria-label="黑名单列表" tabindex="0"><table class="list"><caption>${f.view === 'current' ? '当前公示的黑名单' : '黑名单历史记录'}</caption>
<thead><tr><th scope="col">当事人</th><th scope="col">统一社会信用代码／身份证号码</th><th scope="col">领域</th><th scope="col">严重程度</th><th scope="col">决定单位</th><th scope="col">决定文书号</th><th scope="col">公示期</th><th scope="col">状态</th></tr></thead>
<tbody>${o.entries.map((e) => html`<tr><td><a href="/blacklist/${e.id}">${e.subject.name}</a></td><td>${subjectId(e)}</td><td>${o.sectorName(e.sector)}</td><td>${e.severity.name}</td><td>${e.department.name}</td><td>${e.decision.number}</td><td>${e.period.start} 至 ${e.period.end}</td><td>${badge(e)}</td></tr>`)}</tbody></table></div>`
  : html`<p class="empty">没有符合条件的记录。</p>`}
${pagination('/blacklist', params, o.pageNo, o.total, o.perPage)}`;
}

export function detailPage(e: PublicEntry, events: EventRow[], sectorName: string, disclosureTitle: string | null): SafeHtml {
  return html`<article class="blacklist-entry">
<p class="breadcrumb"><a href="/blacklist">黑名单</a> › ${e.current ? '当前公示' : '历史记录'}</p>
<h1>${e.subject.name}</h1>
${e.current ? '' : html`<p class="notice" role="note">本记录${e.statusName}${e.closedOn ? `（${e.closedOn}）` : ''}，已移出当前公示名单，仅作为历史记录保留。</p>`}
<dl class="meta-grid">
<div><dt>当事人类型</dt><dd>${e.subject.kindName}</dd></div>
${e.subject.creditCode ? html`<div><dt>统一社会信用代码</dt><dd>${e.subject.creditCode}</dd></div>` : ''}
${e.subject.idNumberMasked ? html`<div><dt>身份证号码（已脱敏）</dt><dd>${e.subject.idNumberMasked}</dd></div>` : ''}
<div><dt>领域</dt><dd>${sectorName}</dd></div>
<div><dt>严重程度</dt><dd>${e.severity.name}</dd></div>
<div><dt>状态</dt><dd>${badge(e)}</dd></div>
<div><dt>决定单位</dt><dd><a href="/departments/${e.department.code}">${e.department.name}</a></dd></div>
<div><dt>决定文书号</dt><dd>${e.decision.number}</dd></div>
<div><dt>决定日期</dt><dd>${e.decision.date}</dd></div>
<div><dt>公示期</dt><dd>${e.period.start} 至 ${e.period.end}</dd></div>
${e.disclosure ? html`<div><dt>相关公开信息</dt><dd><a href="/disclosures/${e.disclosure.id}">${disclosureTitle ?? `信息 ${e.disclosure.id}`}</a></dd></div>` : ''}
</dl>
<section aria-labelledby="conduct-title"><h2 id="conduct-title">失信行为</h2><p>${e.conduct}</p></section>
<section aria-labelledby="basis-title"><h2 id="basis-title">认定依据</h2><p>${e.legalBasis}</p></section>
${e.closeReason ? html`<section aria-labelledby="close-title"><h2 id="close-title">${e.status === 'repaired' ? '信用修复' : '撤销'}说明</h2><p>${e.closeReason}</p></section>` : ''}
<section aria-labelledby="hist-title"><h2 id="hist-title">公示记录</h2>
<ol class="history">${events.map((x) => html`<li><time datetime="${x.at}">${fmtDateTime(x.at)}</time> ${EVENT_NAMES[x.action] ?? x.action}${x.reason ? `：${x.reason}` : ''}</li>`)}
${e.status === 'expired' && !events.some((x) => x.action === 'expire') ? html`<li>${e.period.end} 公示期满</li>` : ''}</ol>
</section>
<p class="meta"><a href="/api/v1/blacklist/${e.id}">以 JSON 格式获取本记录</a></p>
</article>`;
}
