// Page helpers shared by the timeliness console routes.
import type { FastifyRequest } from 'fastify';
import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { pageUser } from '../../web/request.ts';

export function adminPage(req: FastifyRequest, title: string, content: SafeHtml, current = '/admin/supervision'): SafeHtml {
  return page({ title, area: 'admin', content, user: pageUser(req), current });
}

export interface Col<T> {
  header: string;
  cell: (row: T) => SafeHtml | string | number;
  num?: boolean;
}

/** A captioned, scrollable table with an optional xlsx download link. */
export function dataTable<T>(o: { caption: string; cols: Col<T>[]; rows: readonly T[]; empty: string; exportHref?: string }): SafeHtml {
  const link = o.exportHref ? html`<p class="export"><a href="${o.exportHref}" download>下载 Excel（xlsx）：${o.caption}</a></p>` : html``;
  if (!o.rows.length) return html`<p class="empty">${o.empty}</p>`;
  return html`<div class="table-scroll" role="region" aria-label="${o.caption}（表格）" tabindex="0"><table class="list"><caption>${o.caption}</caption>
<thead><tr>${o.cols.map((c) => html`<th scope="col">${c.header}</th>`)}</tr></thead>
<tbody>${o.rows.map((r) => html`<tr>${o.cols.map((c) => html`<td${c.num ? html` class="num"` : ''}>${c.cell(r)}</td>`)}</tr>`)}</tbody></table></div>${link}`;
}
