// Console routes of the 黑名单: list, new/edit (multipart, CSRF via readForm, errors re-render the
// form with what was typed), publish, credit repair, revocation, document download.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError, forbidden, type ErrorDetail } from '../../domain/errors.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { first, pageUser, parseId, readForm, requirePrincipal, sendHtml, type FormFields } from '../../web/request.ts';
import { canEdit, canReview, editableDepartments } from '../accounts/service.ts';
import { contentDisposition } from '../attachments/sniff.ts';
import type { EntryInput } from './service.ts';
import { repairEligibleFrom, STATUS_NAMES } from './rules.ts';
import { entryForm, entryToValues, staffDetail, staffList, type FormValues } from './views-admin.ts';

const FORM_KEYS = ['departmentId', 'subjectKind', 'name', 'creditCode', 'idNumber', 'conduct', 'legalBasis', 'decisionNo', 'decisionDate', 'sector', 'severity', 'startDate', 'endDate', 'disclosureId'] as const;
const FORM_ERRORS = [400, 409, 413, 415];

function valuesOf(fields: FormFields): FormValues {
  return Object.fromEntries(FORM_KEYS.map((k) => [k, first(fields, k)]));
}

function inputOf(v: FormValues): Omit<EntryInput, 'departmentId'> {
  return { subjectKind: v.subjectKind ?? '', name: v.name ?? '', creditCode: v.creditCode ?? '', idNumber: v.idNumber ?? '', conduct: v.conduct ?? '', legalBasis: v.legalBasis ?? '', decisionNo: v.decisionNo ?? '', decisionDate: v.decisionDate ?? '', sector: v.sector ?? '', severity: v.severity ?? '', startDate: v.startDate ?? '', endDate: v.endDate ?? '', disclosureId: v.disclosureId ?? '' };
}

const DONE: Record<string, string> = { saved: '草稿已保存，请由本单位其他审核人审核发布。', published: '已发布，公众现在可以在黑名单中看到。', repair: '已办理信用修复，该记录已移出当前公示名单。', revoke: '已撤销，该记录已移出当前公示名单。' };

export function registerBlacklistAdminRoutes(app: FastifyInstance, ctx: AppContext) {
  const svc = ctx.blacklist;
  const reg = ctx.itemTypes;
  const maxUploadMb = Math.round(ctx.config.maxUploadBytes / 1024 / 1024);
  const adminPage = (req: FastifyRequest, title: string, content: SafeHtml, hasErrors = false) => page({ title, area: 'admin', content, user: pageUser(req), hasErrors, current: '/admin/blacklist' });

  app.get<{ Querystring: { status?: string; done?: string } }>('/admin/blacklist', async (req, reply) => {
    const p = requirePrincipal(req);
    const status = req.query.status && req.query.status in STATUS_NAMES ? req.query.status : undefined;
    const rows = await svc.staffList(p, status);
    return sendHtml(reply, adminPage(req, '黑名单管理', staffList(rows, status, editableDepartments(p).length > 0, null)));
  });

  const newForm = (req: FastifyRequest, reply: FastifyReply, values: FormValues, errors: readonly ErrorDetail[], status: number) => {
    const p = requirePrincipal(req);
    const depts = [...new Map(editableDepartments(p).map((m) => [m.departmentId, { id: m.departmentId, name: m.departmentName }])).values()];
    if (!depts.length) throw forbidden('只有信息员可以录入黑名单');
    const content = html`<h1>录入黑名单</h1>${entryForm({ action: '/admin/blacklist', csrf: p.csrfToken, values, errors, departments: depts, departmentName: null, sectors: reg.sectors, withDocument: true, maxUploadMb })}`;
    return sendHtml(reply, adminPage(req, '录入黑名单', content, errors.length > 0), status);
  };

  app.get('/admin/blacklist/new', async (req, reply) => newForm(req, reply, { subjectKind: 'company' }, [], 200));

  app.post('/admin/blacklist', async (req, reply) => {
    const p = requirePrincipal(req);
    const { fields, files } = await readForm(req);
    const values = valuesOf(fields);
    const departmentId = Number(values.departmentId);
    if (!Number.isInteger(departmentId) || !canEdit(p, departmentId)) throw forbidden('只有作出决定的单位的信息员可以录入黑名单');
    try {
      const id = await svc.createDraft(p, { ...inputOf(values), departmentId }, files);
      return reply.redirect(`/admin/blacklist/${id}?done=saved`, 303);
    } catch (e) {
      if (e instanceof AppError && FORM_ERRORS.includes(e.status)) return newForm(req, reply, values, e.details.length ? e.details : [{ field: 'name', message: e.message }], e.status);
      throw e;
    }
  });

  const detail = async (req: FastifyRequest, reply: FastifyReply, id: number, errors: readonly ErrorDetail[] = [], errorsFor: 'publish' | 'repair' | 'revoke' | null = null, status = 200) => {
    const p = requirePrincipal(req);
    const { entry, events, documents, authors } = await svc.getForStaff(p, id);
    const done = (req.query as Record<string, string | undefined>).done;
    const content = staffDetail({
      entry, events, documents, csrf: p.csrfToken, canEdit: canEdit(p, entry.department_id), canReview: canReview(p, entry.department_id), selfAuthored: authors.includes(p.userId),
      errors, errorsFor, notice: done && DONE[done] ? DONE[done] : null, sectorName: reg.sectorName(entry.sector), repairFrom: repairEligibleFrom(entry.severity, entry.decision_date), maxUploadMb,
    });
    return sendHtml(reply, adminPage(req, `黑名单：${entry.name}`, content, errors.length > 0), status);
  };

  app.get<{ Params: { id: string } }>('/admin/blacklist/:id', async (req, reply) => detail(req, reply, parseId(req.params.id, '黑名单记录')));

  const editForm = async (req: FastifyRequest, reply: FastifyReply, id: number, values: FormValues | null, errors: readonly ErrorDetail[], status: number) => {
    const p = requirePrincipal(req);
    const { entry } = await svc.getForStaff(p, id);
    if (!canEdit(p, entry.department_id)) throw forbidden('只有本单位信息员可以修改');
    const content = html`<h1>修改黑名单草稿：${entry.name}</h1>${entryForm({ action: `/admin/blacklist/${id}/edit`, csrf: p.csrfToken, values: values ?? entryToValues(entry), errors, departments: null, departmentName: entry.department_name, sectors: reg.sectors, withDocument: false, maxUploadMb })}`;
    return sendHtml(reply, adminPage(req, `修改：${entry.name}`, content, errors.length > 0), status);
  };

  app.get<{ Params: { id: string } }>('/admin/blacklist/:id/edit', async (req, reply) => editForm(req, reply, parseId(req.params.id, '黑名单记录'), null, [], 200));

  app.post<{ Params: { id: string } }>('/admin/blacklist/:id/edit', async (req, reply) => {
    const p = requirePrincipal(req);
    const id = parseId(req.params.id, '黑名单记录');
    const { fields } = await readForm(req);
    const values = valuesOf(fields);
    try {
      await svc.updateDraft(p, id, inputOf(values));
      return reply.redirect(`/admin/blacklist/${id}?done=saved`, 303);
    } catch (e) {
      if (e instanceof AppError && FORM_ERRORS.includes(e.status)) return editForm(req, reply, id, values, e.details.length ? e.details : [{ field: 'name', message: e.message }], e.status);
      throw e;
    }
  });

  app.post<{ Params: { id: string } }>('/admin/blacklist/:id/publish', async (req, reply) => {
    const p = requirePrincipal(req);
    const id = parseId(req.params.id, '黑名单记录');
    await readForm(req);
    try {
      await svc.publish(p, id);
    } catch (e) {
      if (e instanceof AppError && e.status === 409) return detail(req, reply, id, e.details.length ? e.details : [{ field: 'publish', message: e.message }], 'publish', 409);
      throw e;
    }
    return reply.redirect(`/admin/blacklist/${id}?done=published`, 303);
  });

  for (const action of ['repair', 'revoke'] as const) {
    app.post<{ Params: { id: string } }>(`/admin/blacklist/:id/${action}`, async (req, reply) => {
      const p = requirePrincipal(req);
      const id = parseId(req.params.id, '黑名单记录');
      const { fields, files } = await readForm(req);
      try {
        await svc[action](p, id, first(fields, `${action}-reason`), files);
      } catch (e) {
        if (e instanceof AppError && FORM_ERRORS.includes(e.status)) return detail(req, reply, id, e.details.length ? e.details : [{ field: 'reason', message: e.message }], action, e.status);
        throw e;
      }
      return reply.redirect(`/admin/blacklist/${id}?done=${action}`, 303);
    });
  }

  app.get<{ Params: { id: string; doc: string } }>('/admin/blacklist/:id/documents/:doc', async (req, reply) => {
    const p = requirePrincipal(req);
    const d = await svc.staffDocument(p, parseId(req.params.id, '黑名单记录'), parseId(req.params.doc, '文件'));
    return reply.type(d.mime).header('content-disposition', contentDisposition(d.filename, 'attachment')).header('cache-control', 'private, no-store').send(await ctx.blobs.read(d.sha256));
  });
}
