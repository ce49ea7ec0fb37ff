// The office's sweep page (issue 6 §6): the latest sweep of everything published, with suspected
// leaks listed for correction, and a button to run a new one. Office and admin only.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { html } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { csrfField } from '../../web/forms.ts';
import { pageUser, readForm, requireOffice, requirePrincipal, sendHtml } from '../../web/request.ts';
import { KIND_NAMES, type ScanKind } from './findings.ts';
import * as repo from './repository.ts';
import { runSweep } from './sweep.ts';

function fmt(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

export function registerPrivacyRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;

  app.get<{ Querystring: { done?: string } }>('/admin/privacy/sweep', async (req, reply) => {
    const p = requirePrincipal(req);
    requireOffice(p);
    const sweep = await repo.latestSweep(db);
    const hits = sweep ? await repo.sweepHits(db, sweep.id) : [];
    const byDisclosure = new Map<number, typeof hits>();
    for (const h of hits) byDisclosure.set(h.disclosure_id, [...(byDisclosure.get(h.disclosure_id) ?? []), h]);
    const content = html`<h1>个人信息巡检</h1>
${req.query.done ? html`<p class="notice" role="status">巡检已完成。</p>` : ''}
<p>检查所有已公开信息仍可访问的每个版本（当前版本和未屏蔽的历史版本：标题、正文、公开的结构化字段，以及附件的公开版本），列出疑似泄露的个人信息。当前版本的问题由发布单位发起更正或撤回；历史版本的问题在信息详情页“屏蔽历史版本”。已由审核人说明依据保留公开的内容不再列出。</p>
<form method="post" action="/admin/privacy/sweep">${csrfField(p.csrfToken)}<button type="submit" class="button primary">立即巡检</button></form>
${sweep
  ? html`<p role="status">最近一次巡检：${fmt(sweep.finished_at)}，检查 ${sweep.disclosures} 条信息、${sweep.attachments} 个附件，发现疑似问题 ${sweep.hits} 处，涉及 ${byDisclosure.size} 条信息。</p>
${byDisclosure.size
  ? html`<div class="table-scroll" role="region" aria-label="疑似泄露" tabindex="0"><table class="list"><caption>疑似泄露的个人信息</caption><thead><tr><th scope="col">信息</th><th scope="col">单位</th><th scope="col">版本</th><th scope="col">位置</th><th scope="col">类型</th><th scope="col">内容（已遮蔽）</th><th scope="col">置信度</th></tr></thead><tbody>
${[...byDisclosure.values()].flatMap((list) => list.map((h, i) => html`<tr>${i === 0 ? html`<td rowspan="${list.length}"><a href="/admin/disclosures/${h.disclosure_id}">${h.title}</a></td><td rowspan="${list.length}">${h.department_name}</td>` : ''}<td>第 ${h.version} 版</td><td>${h.location}</td><td>${KIND_NAMES[h.kind as ScanKind] ?? h.kind}</td><td><code>${h.preview}</code></td><td class="num">${Math.round(h.confidence * 100)}%</td></tr>`))}
</tbody></table></div>`
  : html`<p class="notice">未发现疑似泄露的个人信息。</p>`}`
  : html`<p>尚未巡检。</p>`}`;
    return sendHtml(reply, page({ title: '个人信息巡检', area: 'admin', content, user: pageUser(req), current: '/admin/privacy/sweep' }));
  });

  app.post('/admin/privacy/sweep', async (req, reply) => {
    const p = requirePrincipal(req);
    requireOffice(p);
    await readForm(req);
    await runSweep(db, { privacy: ctx.privacy, itemTypes: ctx.itemTypes }, { by: p.userId, via: 'console' });
    return reply.redirect('/admin/privacy/sweep?done=1', 303);
  });
}
