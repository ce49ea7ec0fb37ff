// Inspections in the console (/admin/inspections…) and the API (/api/v1/inspections). Department
// staff see their own department's inspections only; another department's is 404.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError, type ErrorDetail } from '../../domain/errors.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { first, pageUser, parseId, readForm, requirePrincipal, requireOffice, sendHtml, type FormFields } from '../../web/request.ts';
import { isOffice } from '../accounts/service.ts';
import { listDepartments } from '../departments/service.ts';
import { todayInChina } from '../disclosures/service.ts';
import { registerInspectionApi } from './api.ts';
import * as svc from './service.ts';
import { KINDS } from './state.ts';
import { NEW_FINDING_BLOCKS, inspectionDetail, newInspectionForm, scopeNames } from './views.ts';

const adminPage = (req: FastifyRequest, title: string, content: SafeHtml, hasErrors = false) => page({ title, area: 'admin', content, user: pageUser(req), current: '/admin/inspections', hasErrors });

const all = (fields: FormFields, name: string): string[] => {
  const v = fields[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

export function registerInspectionRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;
  const inspectedDepartments = async () => (await listDepartments(db)).filter((d) => d.kind !== 'office');

  app.get('/admin/inspections', async (req, reply) => {
    const p = requirePrincipal(req);
    const q = req.query as Record<string, string | undefined>;
    const office = isOffice(p);
    const depts = office ? await inspectedDepartments() : [];
    const f = {
      departmentId: q.department && /^\d{1,10}$/.test(q.department) ? Number(q.department) : undefined,
      kind: q.kind && Object.hasOwn(KINDS, q.kind) ? q.kind : undefined,
      status: ['open', 'closed', 'overdue'].includes(q.status ?? '') ? q.status : undefined,
      from: q.from && isIsoDate(q.from) ? q.from : undefined,
      to: q.to && isIsoDate(q.to) ? q.to : undefined,
    };
    const rows = await svc.listInspectionsFor(db, p, f);
    const opt = (v: string | undefined, value: string, label: string) => html`<option value="${value}"${v === value ? html` selected` : ''}>${label}</option>`;
    const content = html`<h1>${office ? '督查检查' : '本单位督查检查'}</h1>
<p>政务公开办对各单位信息公开、公开时效和交易平台数据报送情况开展定期检查和不定期抽查；被检查单位逐项答复整改情况，政务公开办确认销号。</p>
${office ? html`<p><a class="button primary" href="/admin/inspections/new">登记督查检查</a></p>` : ''}
<form method="get" action="/admin/inspections" class="filters">
${office ? html`<div class="filter-row"><label for="f-dept">单位</label><select id="f-dept" name="department"><option value="">全部</option>${depts.map((d) => opt(q.department, String(d.id), d.name))}</select></div>` : ''}
<div class="filter-row"><label for="f-kind">检查方式</label><select id="f-kind" name="kind"><option value="">全部</option>${Object.entries(KINDS).map(([k, l]) => opt(q.kind, k, l))}</select></div>
<div class="filter-row"><label for="f-status">问题状态</label><select id="f-status" name="status"><option value="">全部</option>${opt(q.status, 'open', '有未销号问题')}${opt(q.status, 'overdue', '有超期未整改问题')}${opt(q.status, 'closed', '已全部销号')}</select></div>
<div class="filter-row"><label for="f-from">检查日期自</label><input id="f-from" name="from" type="date" value="${f.from ?? ''}"></div>
<div class="filter-row"><label for="f-to">至</label><input id="f-to" name="to" type="date" value="${f.to ?? ''}"></div>
<div class="filter-row"><button class="button" type="submit">筛选</button></div></form>
${rows.length ? html`<div class="table-scroll" role="region" aria-label="督查检查列表（表格）" tabindex="0"><table class="list"><caption>督查检查（${rows.length}）</caption><thead><tr><th scope="col">检查日期</th><th scope="col">单位</th><th scope="col">方式</th><th scope="col">检查内容</th><th scope="col">问题</th><th scope="col">未销号</th><th scope="col">超期</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td><a href="/admin/inspections/${r.id}">${r.inspection_date}</a></td><td>${r.department_name}</td><td>${KINDS[r.kind]}</td><td>${scopeNames(r.scope)}</td><td class="num">${r.findings}</td><td class="num">${r.openFindings}</td><td class="num">${r.overdueFindings ? html`<strong class="late">${r.overdueFindings}</strong>` : '0'}</td></tr>`)}
</tbody></table></div>` : html`<p class="empty">没有符合条件的督查检查。</p>`}`;
    return sendHtml(reply, adminPage(req, '督查检查', content));
  });

  const newPage = async (req: FastifyRequest, v: Record<string, string> = {}, scope: string[] = [], findings: Record<string, string>[] = [], errors: ErrorDetail[] = []) => {
    const p = requirePrincipal(req);
    requireOffice(p);
    const content = newInspectionForm({ p, departments: await inspectedDepartments(), v, scope, findings, errors, today: todayInChina() });
    return adminPage(req, '登记督查检查', content, errors.length > 0);
  };

  app.get('/admin/inspections/new', async (req, reply) => sendHtml(reply, await newPage(req)));

  app.post('/admin/inspections', async (req, reply) => {
    const p = requirePrincipal(req);
    requireOffice(p);
    const { fields } = await readForm(req);
    const v = Object.fromEntries(['department', 'kind', 'inspectionDate', 'inspectors', 'summary'].map((k) => [k, first(fields, k)])) as Record<string, string>;
    const scope = all(fields, 'scope[]');
    const findings = Array.from({ length: NEW_FINDING_BLOCKS }, (_, i) => ({ description: first(fields, `findings.${i}.description`), evidence: first(fields, `findings.${i}.evidence`), deadline: first(fields, `findings.${i}.deadline`) }));
    try {
      const id = await svc.createInspection(db, p, { department: v.department ?? '', kind: v.kind ?? '', scope, inspectionDate: v.inspectionDate ?? '', inspectors: v.inspectors ?? '', summary: v.summary ?? '' }, findings);
      return reply.redirect(`/admin/inspections/${id}`, 303);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return sendHtml(reply, await newPage(req, v, scope, findings, e.details), 400);
      throw e;
    }
  });

  const detailPage = async (req: FastifyRequest, rawId: string, o: { errors?: ErrorDetail[]; values?: Record<string, string>; notice?: string } = {}) => {
    const p = requirePrincipal(req);
    const d = await svc.getInspection(db, p, parseId(rawId, '督查检查'));
    const content = inspectionDetail({ p, inspection: d.inspection, findings: d.findings, answers: d.answers, errors: o.errors ?? [], values: o.values ?? {}, today: todayInChina(), ...(o.notice ? { notice: o.notice } : {}) });
    return adminPage(req, `${d.inspection.department_name}督查检查`, content, (o.errors?.length ?? 0) > 0);
  };

  type IdParams = { Params: { id: string } };
  type FindingParams = { Params: { id: string; fid: string } };

  app.get<IdParams>('/admin/inspections/:id', async (req, reply) => sendHtml(reply, await detailPage(req, req.params.id)));

  app.post<IdParams>('/admin/inspections/:id/findings', async (req, reply) => {
    const p = requirePrincipal(req);
    const id = parseId(req.params.id, '督查检查');
    await svc.getInspection(db, p, id);
    const { fields, files } = await readForm(req);
    const v = { description: first(fields, 'description'), evidence: first(fields, 'evidence'), deadline: first(fields, 'deadline') };
    try {
      await svc.addFinding(db, ctx.blobs, p, id, v, files);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return sendHtml(reply, await detailPage(req, req.params.id, { errors: e.details, values: v }), 400);
      throw e;
    }
    return reply.redirect(`/admin/inspections/${id}`, 303);
  });

  /** Finding-level forms name their fields `f<id>.<field>` so several can share the page. */
  const findingAction = (name: 'answer' | 'close' | 'reopen', keys: string[], run: (p: ReturnType<typeof requirePrincipal>, fid: number, v: Record<string, string>) => Promise<void>, notice: string) =>
    app.post<FindingParams>(`/admin/inspections/:id/findings/:fid/${name}`, async (req, reply) => {
      const p = requirePrincipal(req);
      const fid = parseId(req.params.fid, '问题');
      const { fields } = await readForm(req);
      const v = Object.fromEntries(keys.map((k) => [k, first(fields, `f${fid}.${k}`)]));
      try {
        await run(p, fid, v);
      } catch (e) {
        if (e instanceof AppError && e.status === 400) {
          const errors = e.details.map((d) => ({ ...d, field: `f${fid}.${d.field}` }));
          const values = Object.fromEntries(keys.map((k) => [`f${fid}.${k}`, v[k] ?? '']));
          return sendHtml(reply, await detailPage(req, req.params.id, { errors, values }), 400);
        }
        throw e;
      }
      return sendHtml(reply, await detailPage(req, req.params.id, { notice }));
    });

  findingAction('answer', ['body', 'answerDate'], (p, fid, v) => svc.answerFinding(db, p, fid, { body: v.body ?? '', answerDate: v.answerDate ?? '' }), '整改情况已答复。');
  findingAction('close', ['note'], (p, fid, v) => svc.closeFinding(db, p, fid, v.note ?? ''), '问题已销号。');
  findingAction('reopen', ['reason'], (p, fid, v) => svc.reopenFinding(db, p, fid, v.reason ?? ''), '问题已重新打开，请单位继续整改。');

  app.get<FindingParams>('/admin/inspections/:id/findings/:fid/attachment', async (req, reply) => {
    const p = requirePrincipal(req);
    const a = await svc.findingAttachment(db, p, parseId(req.params.id, '督查检查'), parseId(req.params.fid, '问题'));
    return reply
      .header('content-type', a.mime)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
      .header('cache-control', 'private, no-store')
      .send(await ctx.blobs.read(a.sha256));
  });

  registerInspectionApi(app, ctx);
}

/** The public summary on a department page: inspections whose findings are all rectified. */
export async function departmentInspectionsSection(ctx: AppContext, departmentId: number): Promise<SafeHtml> {
  const rows = await svc.closedInspectionsOf(ctx.database.db, departmentId);
  return html`<section aria-labelledby="insp-title"><h2 id="insp-title">督查检查整改情况</h2>
${rows.length ? html`<ul>${rows.map((r) => html`<li>${r.inspection_date} ${KINDS[r.kind]}（${scopeNames(r.scope)}）：${r.findingCount ? `发现问题 ${r.findingCount} 个，已全部整改销号` : '未发现问题'}</li>`)}</ul>` : html`<p class="empty">暂无已完成整改的督查检查。</p>`}
</section>`;
}
