// Server-rendered views of disclosures shared by the portal and the console.
import { html, raw, type SafeHtml } from '../../web/html.ts';
import { chinaDate, timelinessOf, type Timeliness } from '../timeliness/due.ts';
import { displayValue, WITHHELD_LABEL, type PublicField } from './public-view.ts';
import type { GateWarning } from './guard.ts';

export function fmtDate(iso: string | null | undefined): string {
  return iso ? chinaDate(iso) : '';
}

export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

export function fieldsTable(fields: PublicField[], caption = '结构化信息'): SafeHtml {
  const shown = fields.filter((f) => f.withheld || (Array.isArray(f.value) ? f.value.length > 0 : f.value !== null));
  if (!shown.length) return html``;
  return html`<div class="table-scroll" role="region" aria-label="${caption}" tabindex="0"><table class="fields"><caption>${caption}</caption><tbody>
${shown.map((f) => html`<tr><th scope="row">${f.label}</th><td>${fieldCell(f)}</td></tr>`)}
</tbody></table></div>`;
}

function fieldCell(f: PublicField): SafeHtml {
  if (f.withheld) return html`<span class="withheld">${WITHHELD_LABEL}</span><span class="withheld-reason">（${f.withheld.reason}）</span>`;
  if (Array.isArray(f.value)) {
    const cols = f.columns ?? [];
    // Each withheld column's reason once under the table (条例 37: explain what is withheld and why).
    const reasons = new Map<string, string>();
    for (const row of f.value) for (const c of cols) if (row[c.key]?.withheld) reasons.set(`“${c.label}”${WITHHELD_LABEL}（${row[c.key]!.withheld!.reason}）`, c.label);
    return html`<div class="table-scroll" role="region" aria-label="${f.label}" tabindex="0"><table class="inner"><thead><tr>${cols.map((c) => html`<th scope="col">${c.label}</th>`)}</tr></thead><tbody>
${f.value.map((row) => html`<tr>${cols.map((c) => {
      const cell = row[c.key];
      if (!cell) return html`<td></td>`;
      if (cell.withheld) return html`<td><span class="withheld" title="${cell.withheld.reason}">${WITHHELD_LABEL}</span></td>`;
      return html`<td${c.type === 'money' ? html` class="num"` : ''}>${displayValue(c.type, cell.value)}</td>`;
    })}</tr>`)}
</tbody></table></div>${reasons.size ? html`<ul class="withheld-reasons">${[...reasons.keys()].map((r) => html`<li>${r}</li>`)}</ul>` : ''}`;
  }
  return html`<span${f.type === 'money' ? html` class="num"` : ''}>${displayValue(f.type, f.value)}</span>${f.masked ? html` <span class="badge">已脱敏</span>` : ''}`;
}

export function timelinessBadge(t: Timeliness): SafeHtml {
  switch (t.kind) {
    case 'no_rule':
      return html``;
    case 'calendar_unknown':
      return html`<span class="badge warn" title="${t.basis}">法定日历未知，无法计算期限</span>`;
    case 'pending':
      return html`<span class="badge" title="${t.basis}">应于 ${t.due} 前公开</span>`;
    case 'on_time':
      return html`<span class="badge ok" title="${t.basis}">按时公开</span>`;
    case 'late':
      return html`<span class="badge late" title="${t.basis}">逾期 ${t.workingDays} 个工作日</span>`;
  }
}

export function timelinessFor(d: { due_rule?: string | null; due_date: string | null }, publishedAt: string | null, ruleCode: string | null): Timeliness {
  return timelinessOf(ruleCode ?? d.due_rule ?? null, d.due_date, publishedAt);
}

export interface ListRow {
  id: number;
  title: string;
  state: string;
  version: number;
  first_published_at: string | null;
  item_type_name: string;
  department_name: string;
  sector: string;
}

export function disclosureList(rows: ListRow[], sectorName: (s: string) => string, opts: { showSector?: boolean } = {}): SafeHtml {
  if (!rows.length) return html`<p class="empty">暂无符合条件的公开信息。</p>`;
  return html`<ol class="disclosure-list">${rows.map(
    (r) => html`<li>
<a href="/disclosures/${r.id}">${r.title}</a>
<span class="meta">${opts.showSector ? html`<span class="tag">${sectorName(r.sector)}</span>` : ''}<span>${r.item_type_name}</span><span>${r.department_name}</span><time datetime="${fmtDate(r.first_published_at)}">${fmtDate(r.first_published_at)}</time>${r.version > 1 ? html`<span class="badge">已更正</span>` : ''}${r.state === 'withdrawn' ? html`<span class="badge late">已撤回</span>` : ''}</span>
</li>`,
  )}</ol>`;
}

export function pagination(base: string, params: URLSearchParams, pageNo: number, total: number, perPage: number): SafeHtml {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return html``;
  const link = (n: number) => {
    const p = new URLSearchParams(params);
    p.set('page', String(n));
    return `${base}?${p.toString()}`;
  };
  const nums: number[] = [];
  for (let n = Math.max(1, pageNo - 3); n <= Math.min(pages, pageNo + 3); n++) nums.push(n);
  return html`<nav class="pagination" aria-label="分页"><ul>
${pageNo > 1 ? html`<li><a href="${link(pageNo - 1)}" rel="prev">上一页</a></li>` : ''}
${nums.map((n) => (n === pageNo ? html`<li><span aria-current="page">${n}</span></li>` : html`<li><a href="${link(n)}">${n}</a></li>`))}
${pageNo < pages ? html`<li><a href="${link(pageNo + 1)}" rel="next">下一页</a></li>` : ''}
</ul><p>共 ${total} 条，第 ${pageNo}/${pages} 页</p></nav>`;
}

export function bodyHtml(h: string): SafeHtml {
  // body_html was sanitised when the version was published (web/richtext.ts).
  return raw(h);
}

/**
 * Blocking warnings of the approval gates (e.g. a party on the 黑名单, issue 8 §2), shown in the
 * approval form with the override-reason field each gate reads.
 */
export function gateWarnings(warnings: readonly GateWarning[], errors: readonly { field: string; message: string }[] = []): SafeHtml {
  return html`${warnings.map((w) => {
    const id = `fld-${w.field}`;
    const err = errors.find((e) => e.field === w.field);
    return html`<div class="notice gate-warning" role="alert"><h3>${w.title}</h3><p>${w.message}</p><ul>${w.items.map((i) => html`<li>${i}</li>`)}</ul>
<div class="form-row${err ? ' has-error' : ''}"><label for="${id}">${w.overrideLabel}</label>${err ? html`<p class="field-error" id="${id}-err">${err.message}</p>` : ''}<textarea id="${id}" name="${w.field}" rows="2" maxlength="2000"${err ? html` aria-invalid="true" aria-describedby="${id}-err"` : ''}></textarea></div></div>`;
  })}`;
}
