// Projects: the public lifecycle page (approval → … → performance) and the console's project register.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError, forbidden, type ErrorDetail } from '../../domain/errors.ts';
import { html } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { csrfField, errorSummary, input, select } from '../../web/forms.ts';
import { first, pageUser, parseId, readForm, requirePrincipal, sendHtml } from '../../web/request.ts';
import { canEdit, isOffice } from '../accounts/service.ts';
import { fmtDate, timelinessBadge } from '../disclosures/views.ts';
import { createProject, getProject, listProjects, projectLifecycle } from './service.ts';
import { projectRiskSection } from '../red-flags/views.ts';
import { feedbackSection } from '../feedback/routes.ts';
import { projectDownloads } from '../excel/views.ts';

export function registerProjectRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;
  const reg = ctx.itemTypes;

  app.get<{ Querystring: { sector?: string } }>('/projects', { config: { pageCache: true } }, async (req, reply) => {
    const sector = reg.sectors.find((s) => s.code === req.query.sector)?.code;
    const rows = await listProjects(db, { ...(sector ? { sector } : {}), limit: 500 });
    const content = html`<h1>项目全流程信息</h1>
<p>每个项目汇集审批、招标、评标、中标、合同及履约各环节由不同单位公开的信息。</p>
<nav aria-label="按领域筛选" class="chips"><a href="/projects"${!sector ? html` aria-current="page"` : ''}>全部</a>${reg.sectors.filter((s) => s.code !== 'general').map((s) => html`<a href="/projects?sector=${s.code}"${s.code === sector ? html` aria-current="page"` : ''}>${s.name}</a>`)}</nav>
${rows.length ? html`<div class="table-scroll" role="region" aria-label="项目列表" tabindex="0"><table class="list"><thead><tr><th scope="col">项目名称</th><th scope="col">项目编号</th><th scope="col">领域</th><th scope="col">牵头单位</th></tr></thead><tbody>
${rows.map((p) => html`<tr><td><a href="/projects/${p.id}">${p.title}</a></td><td>${p.code}</td><td>${reg.sectorName(p.sector)}</td><td>${p.department_name}</td></tr>`)}
</tbody></table></div>` : html`<p class="empty">暂无项目。</p>`}`;
    return sendHtml(reply, page({ title: '项目', content, user: pageUser(req), current: '/projects' }));
  });

  app.get<{ Params: { id: string } }>('/projects/:id', { config: { pageCache: true } }, async (req, reply) => {
    const p = await getProject(db, parseId(req.params.id, '项目'));
    const stages = await projectLifecycle(db, p.id, reg.ofSector(p.sector).map((t) => t.stage));
    const content = html`<h1>${p.title}</h1>
<dl class="meta-grid"><div><dt>项目编号</dt><dd>${p.code}</dd></div><div><dt>领域</dt><dd>${reg.sectorName(p.sector)}</dd></div><div><dt>牵头单位</dt><dd><a href="/departments/${p.department_code}">${p.department_name}</a></dd></div>${p.investment_code ? html`<div><dt>投资项目代码</dt><dd>${p.investment_code}</dd></div>` : ''}<div><dt>开放合同数据标识（ocid）</dt><dd><code>${p.ocid}</code></dd></div></dl>
${['procurement', 'construction'].includes(p.sector) ? html`<p><a href="/api/v1/ocds/records/${encodeURIComponent(p.ocid)}">下载本项目的开放合同数据（OCDS 记录包，JSON）</a></p>` : ''}
${projectDownloads(p)}
<section aria-labelledby="tl-title"><h2 id="tl-title">全流程时间线</h2>
${stages.length ? html`<ol class="timeline">${stages.map((st) => html`<li class="stage-${st.stage}${st.steps.length ? '' : ' not-reached'}"><span class="stage">${st.name}</span>
<div>${st.steps.length
      ? st.steps.map((s) => html`<p><a href="/disclosures/${s.id}">${s.title}</a>${s.state === 'withdrawn' ? html` <span class="badge late">已撤回</span>` : ''}</p>
<p class="meta"><span>${s.department_name}</span><span>${s.item_type_name}</span><span>形成 ${s.formed_date}</span><span>发布 ${fmtDate(s.first_published_at)}</span>${'due' in s.clock ? html`<span>应于 ${s.clock.due} 前公开</span>` : ''}${timelinessBadge(s.clock)}</p>`)
      : html`<p class="empty">尚未公开</p>`}</div></li>`)}</ol>` : html`<p class="empty">该项目尚无公开信息。</p>`}
</section>
${projectRiskSection(await ctx.redFlags.forProject(p.id))}
${await feedbackSection(ctx, req, 'project', p.id)}`;
    return sendHtml(reply, page({ title: p.title, content, user: pageUser(req), current: '/projects' }));
  });

  // ---- console ----
  const form = (req: Parameters<typeof pageUser>[0], values: Record<string, string> = {}, errors: ErrorDetail[] = []) => {
    const pr = requirePrincipal(req);
    const depts = [...new Map(pr.memberships.filter((m) => m.role === 'editor').map((m) => [m.departmentId, m])).values()];
    return html`<section aria-labelledby="new-project"><h2 id="new-project">登记新项目</h2>
${errorSummary(errors)}
${depts.length ? html`<form method="post" action="/admin/projects" class="stack">${csrfField(pr.csrfToken)}
${input({ name: 'code', label: '项目编号', value: values.code, errors, required: true, help: '字母、数字和连字符，例如 ZJCG-2026-015' })}
${input({ name: 'title', label: '项目名称', value: values.title, errors, required: true, maxLength: 200 })}
${select({ name: 'sector', label: '领域', value: values.sector, errors, required: true, options: reg.sectors.filter((s) => s.code !== 'general').map((s) => [s.code, s.name] as const) })}
${select({ name: 'departmentId', label: '牵头单位', value: values.departmentId, errors, required: true, options: depts.map((m) => [String(m.departmentId), m.departmentName] as const) })}
${input({ name: 'investmentCode', label: '投资项目代码（工程建设项目填写）', value: values.investmentCode, errors, help: '如 2025-440204-48-01-012345' })}
<button type="submit" class="button primary">登记项目</button></form>` : html`<p>只有信息员可以登记项目。</p>`}</section>`;
  };

  const listPage = async (req: Parameters<typeof pageUser>[0], values?: Record<string, string>, errors: ErrorDetail[] = []) => {
    const pr = requirePrincipal(req);
    const rows = await listProjects(db, isOffice(pr) ? { limit: 500 } : { departmentIds: pr.memberships.map((m) => m.departmentId), limit: 500 });
    return page({
      title: '项目登记',
      area: 'admin',
      user: pageUser(req),
      current: '/admin/projects',
      content: html`<h1>项目登记</h1>
${form(req, values, errors)}
<section aria-labelledby="proj-list"><h2 id="proj-list">项目</h2>
<table class="list"><thead><tr><th scope="col">项目名称</th><th scope="col">编号</th><th scope="col">领域</th><th scope="col">牵头单位</th></tr></thead><tbody>
${rows.map((p) => html`<tr><td><a href="/projects/${p.id}">${p.title}</a></td><td>${p.code}</td><td>${reg.sectorName(p.sector)}</td><td>${p.department_name}</td></tr>`)}
</tbody></table></section>`,
    });
  };

  app.get('/admin/projects', async (req, reply) => sendHtml(reply, await listPage(req)));

  app.post('/admin/projects', async (req, reply) => {
    const pr = requirePrincipal(req);
    const { fields } = await readForm(req);
    const values = Object.fromEntries(['code', 'title', 'sector', 'departmentId', 'investmentCode'].map((k) => [k, first(fields, k)]));
    const departmentId = Number(values.departmentId);
    try {
      if (!canEdit(pr, departmentId)) throw forbidden('只能为本单位登记项目');
      if (!reg.sectors.some((s) => s.code === values.sector)) throw new AppError(400, 'validation_failed', '请选择领域', [{ field: 'sector', message: '请选择领域' }]);
      const id = await db.transaction().execute((trx) => createProject(trx, { code: values.code!, title: values.title!, sector: values.sector!, departmentId, investmentCode: values.investmentCode ?? null }, ctx.config.ocidPrefix, pr.userId));
      return reply.redirect(`/projects/${id}`, 303);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return sendHtml(reply, await listPage(req, values, e.details), 400);
      throw e;
    }
  });
}
