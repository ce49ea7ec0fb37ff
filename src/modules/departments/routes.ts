// Department pages: the 主动公开目录 (catalogue) and the 信息公开指南 (guide), public (条例 12);
// the catalogue is maintained by the department in the console.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import { findRule, describeRule } from '../../calendar/index.ts';
import { html } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { csrfField, errorSummary } from '../../web/forms.ts';
import { renderMarkdown } from '../../web/richtext.ts';
import { first, pageUser, readForm, requirePrincipal, sendHtml } from '../../web/request.ts';
import { canEdit, canReview } from '../accounts/service.ts';
import { listEntries, saveEntry, validateEntry, type EntryInput } from '../catalogue/service.ts';
import { disclosureList } from '../disclosures/views.ts';
import { CATEGORY_NAMES, type Category } from '../item-types/types.ts';
import { DEPARTMENT_KIND_NAMES, findDepartmentByCode, findDepartmentById, listDepartments } from './service.ts';
import { raw } from '../../web/html.ts';
import type { ErrorDetail } from '../../domain/errors.ts';
import { departmentWorkPlansSection } from '../work-plans/routes.ts';
import { departmentInspectionsSection } from '../inspections/routes.ts';

export function registerDepartmentRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;
  const reg = ctx.itemTypes;

  app.get('/departments', { config: { pageCache: true } }, async (req, reply) => {
    const deps = await listDepartments(db);
    const groups = (['office', 'bureau', 'town'] as const).map((k) => ({ k, list: deps.filter((d) => d.kind === k) }));
    const content = html`<h1>政府信息公开目录与指南</h1>
<p>各单位按照“谁批准谁公开、谁实施谁公开、谁制作谁公开”的原则，编制本单位公共资源配置领域主动公开目录清单。</p>
${groups.map((g) => html`<section aria-labelledby="g-${g.k}"><h2 id="g-${g.k}">${DEPARTMENT_KIND_NAMES[g.k]}</h2><ul class="dept-list">${g.list.map((d) => html`<li><a href="/departments/${d.code}">${d.name}</a></li>`)}</ul></section>`)}`;
    return sendHtml(reply, page({ title: '公开目录', content, user: pageUser(req), current: '/departments' }));
  });

  app.get<{ Params: { code: string } }>('/departments/:code', { config: { pageCache: true } }, async (req, reply) => {
    const d = await findDepartmentByCode(db, req.params.code);
    if (!d) throw notFound('单位');
    const [entries, latest] = await Promise.all([listEntries(db, d.id), ctx.disclosures.listPublicPage({ departmentId: d.id }, 10, 0)]);
    const planAndInspections = [await departmentWorkPlansSection(ctx, d.id), await departmentInspectionsSection(ctx, d.id)]; // issue 8: 工作方案, 督查检查整改
    const content = html`<h1>${d.name}</h1>
<dl class="meta-grid"><div><dt>类型</dt><dd>${DEPARTMENT_KIND_NAMES[d.kind]}</dd></div>${d.credit_code ? html`<div><dt>统一社会信用代码</dt><dd>${d.credit_code}</dd></div>` : ''}${d.address ? html`<div><dt>地址</dt><dd>${d.address}</dd></div>` : ''}${d.phone ? html`<div><dt>咨询电话</dt><dd>${d.phone}</dd></div>` : ''}</dl>
<section aria-labelledby="cat-title"><h2 id="cat-title">主动公开目录清单</h2>
${entries.length ? html`<div class="table-scroll" role="region" aria-labelledby="cat-title" tabindex="0"><table class="catalogue"><thead><tr><th scope="col">领域</th><th scope="col">事项</th><th scope="col">公开内容</th><th scope="col">公开时限</th><th scope="col">公开方式</th><th scope="col">责任主体</th><th scope="col">监督渠道</th></tr></thead><tbody>
${entries.map((e) => html`<tr><td>${reg.sectorName(e.sector)}</td><td>${e.item_type_name}<br><small>${CATEGORY_NAMES[e.category as Category] ?? ''}</small></td><td>${e.content}</td><td>${e.time_limit}</td><td>${e.channel}</td><td>${e.responsible_body}</td><td>${e.supervision_channel}</td></tr>`)}
</tbody></table></div>` : html`<p class="empty">本单位尚未编制公开目录。</p>`}
</section>
<section aria-labelledby="guide-title"><h2 id="guide-title">政府信息公开指南</h2><div class="body">${raw(renderMarkdown(d.guide || '暂无。'))}</div></section>
<section aria-labelledby="ar-title"><h2 id="ar-title">政府信息公开工作年度报告</h2><p><a href="/departments/${d.code}/annual-reports">查看${d.short_name}历年年度报告</a>（条例 第四十九条、第五十条：每年1月31日前公布上一年度报告）</p></section>
<section aria-labelledby="latest-title"><h2 id="latest-title">最近公开的信息</h2>${disclosureList(latest, (c) => reg.sectorName(c), { showSector: true })}</section>
${planAndInspections}`;
    return sendHtml(reply, page({ title: d.name, content, user: pageUser(req), current: '/departments' }));
  });

  // ---- console: the department maintains its catalogue ----
  const catalogueForm = async (req: Parameters<typeof pageUser>[0], departmentId: number, submitted?: Record<string, EntryInput>, errors: ErrorDetail[] = [], saved = false) => {
    const p = requirePrincipal(req);
    const dept = await findDepartmentById(db, departmentId);
    if (!dept) throw notFound('单位');
    const entries = await listEntries(db, departmentId);
    const byType = new Map(entries.map((e) => [e.item_type_code, e]));
    const editable = p.memberships.filter((m) => m.role === 'editor' || m.role === 'reviewer');
    const content = html`<h1>${dept.short_name}主动公开目录</h1>
${editable.length > 1 ? html`<form method="get" action="/admin/catalogue" class="filters"><div class="filter-row"><label for="c-dept">单位</label><select id="c-dept" name="department">${[...new Map(editable.map((m) => [m.departmentId, m])).values()].map((m) => html`<option value="${m.departmentId}"${m.departmentId === departmentId ? html` selected` : ''}>${m.departmentName}</option>`)}</select></div><div class="filter-row"><button class="button" type="submit">切换</button></div></form>` : ''}
${saved ? html`<p class="notice" role="status">目录已保存并公开。</p>` : ''}
${errorSummary(errors)}
<p class="help">每个事项填写公开内容、时限、方式、责任主体和监督渠道（留空的事项不列入目录）。保存后即在<a href="/departments/${dept.code}">单位页面</a>公开。</p>
<form method="post" action="/admin/catalogue?department=${departmentId}">
${csrfField(p.csrfToken)}
${reg.sectors.map((s) => html`<fieldset class="catalogue-sector"><legend>${s.name}</legend>
${reg.ofSector(s.code).map((t) => {
      const e = submitted?.[t.code] ?? (byType.get(t.code) ? { content: byType.get(t.code)!.content, timeLimit: byType.get(t.code)!.time_limit, channel: byType.get(t.code)!.channel, responsibleBody: byType.get(t.code)!.responsible_body, supervisionChannel: byType.get(t.code)!.supervision_channel } : undefined);
      const rule = findRule(t.deadlineRule);
      const cell = (k: keyof EntryInput, label: string, hint: string) => {
        const name = `${t.code}.${k}`;
        const err = errors.find((x) => x.field === name);
        return html`<div class="form-row${err ? ' has-error' : ''}"><label for="fld-${name.replace(/[^A-Za-z0-9_-]/g, '-')}">${label}</label>${err ? html`<p class="field-error">${err.message}</p>` : ''} <input type="text" id="fld-${name.replace(/[^A-Za-z0-9_-]/g, '-')}" name="${name}" value="${e?.[k] ?? ''}" placeholder="${hint}"></div>`;
      };
      return html`<details${e ? html` open` : ''}><summary>${t.name}${e ? '' : '（未列入）'}</summary><div class="grid-2">
${cell('content', '公开内容', t.description.slice(0, 60))}
${cell('timeLimit', '公开时限', rule ? describeRule(rule) : '')}
${cell('channel', '公开方式', t.channels.join('、'))}
${cell('responsibleBody', '责任主体', dept.name)}
${cell('supervisionChannel', '监督渠道', '区政务公开办，电话 0751-xxxxxxx')}
</div></details>`;
    })}
</fieldset>`)}
<button type="submit" class="button primary">保存目录</button>
</form>`;
    return page({ title: '公开目录维护', area: 'admin', content, user: pageUser(req), current: '/admin/catalogue' });
  };

  const pickDepartment = (req: { principal: ReturnType<typeof requirePrincipal> | null; query: unknown }) => {
    const p = requirePrincipal(req as Parameters<typeof requirePrincipal>[0]);
    const q = req.query as Record<string, string | undefined>;
    const mine = p.memberships.filter((m) => m.role === 'editor' || m.role === 'reviewer');
    const wanted = q.department ? Number(q.department) : mine[0]?.departmentId;
    if (!wanted || !(canEdit(p, wanted) || canReview(p, wanted))) throw new AppError(403, 'forbidden', '只能维护本单位的公开目录');
    return wanted;
  };

  app.get('/admin/catalogue', async (req, reply) => sendHtml(reply, await catalogueForm(req, pickDepartment(req))));

  app.post('/admin/catalogue', async (req, reply) => {
    const departmentId = pickDepartment(req);
    const p = requirePrincipal(req);
    const { fields } = await readForm(req);
    const submitted: Record<string, EntryInput> = {};
    const errors: ErrorDetail[] = [];
    for (const t of reg.active()) {
      const e: EntryInput = {
        content: first(fields, `${t.code}.content`),
        timeLimit: first(fields, `${t.code}.timeLimit`),
        channel: first(fields, `${t.code}.channel`),
        responsibleBody: first(fields, `${t.code}.responsibleBody`),
        supervisionChannel: first(fields, `${t.code}.supervisionChannel`),
      };
      if (Object.values(e).every((v) => !v.trim())) continue;
      submitted[t.code] = e;
      for (const err of validateEntry(e, `${t.code}.`)) errors.push({ ...err, message: `${t.name}：${err.message}` });
    }
    if (errors.length) return sendHtml(reply, await catalogueForm(req, departmentId, submitted, errors), 400);
    for (const [code, e] of Object.entries(submitted)) await saveEntry(db, p, departmentId, reg.byCodeOrUndefined(code)!.id, e);
    return sendHtml(reply, await catalogueForm(req, departmentId, undefined, [], true));
  });
}
