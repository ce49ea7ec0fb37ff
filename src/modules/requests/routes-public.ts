// Public routes of 依申请公开 (no login): /requests/new, /requests/track.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError, type ErrorDetail } from '../../domain/errors.ts';
import { listDepartments } from '../departments/service.ts';
import { page } from '../../web/layout.ts';
import type { SafeHtml } from '../../web/html.ts';
import { csrfTokenFor, first, pageUser, readForm, sendHtml, type FormFields } from '../../web/request.ts';
import { findDepartmentById } from '../departments/service.ts';
import { receiptPage, requestForm, statusPage, trackForm } from './views-public.ts';

const FIELDS = ['applicantKind', 'applicantName', 'idType', 'idNumber', 'contactPerson', 'phone', 'email', 'address', 'postcode', 'description', 'deliveryForm', 'deliveryMethod', 'department'];

export function valuesOf(fields: FormFields, names: readonly string[] = FIELDS): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, first(fields, n)]));
}

function portal(req: FastifyRequest, reply: FastifyReply, title: string, content: SafeHtml, status = 200) {
  return sendHtml(reply, page({ title, content, user: pageUser(req), current: '/requests/new' }), status);
}

export function registerRequestPublicRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;
  const svc = ctx.requests.service;
  const answers = ctx.requests.answers;

  app.get('/requests/new', async (req, reply) => portal(req, reply, '政府信息公开申请', requestForm(csrfTokenFor(req), await listDepartments(db))));

  app.post('/requests/new', async (req, reply) => {
    const { fields } = await readForm(req);
    const v = valuesOf(fields);
    try {
      const r = await svc.fileOnline(v, req.ip, first(fields, 'website'));
      return portal(req, reply, '申请已提交', receiptPage({ ...r, online: true }));
    } catch (e) {
      if (e instanceof AppError && e.status === 400 && e.details.length) {
        return portal(req, reply, '政府信息公开申请', requestForm(csrfTokenFor(req), await listDepartments(db), v, e.details), 400);
      }
      throw e;
    }
  });

  app.get('/requests/track', async (req, reply) => portal(req, reply, '查询申请办理进度', trackForm(csrfTokenFor(req))));

  app.post('/requests/track', async (req, reply) => {
    const { fields } = await readForm(req);
    const code = first(fields, 'code').slice(0, 100);
    const contact = first(fields, 'contact').slice(0, 200);
    const errors: ErrorDetail[] = [];
    if (!code.trim()) errors.push({ field: 'code', message: '请填写查询码' });
    if (!contact.trim()) errors.push({ field: 'contact', message: '请填写联系电话或电子邮箱' });
    if (errors.length) return portal(req, reply, '查询申请办理进度', trackForm(csrfTokenFor(req), { code, contact }, errors), 400);
    let row;
    try {
      row = await svc.track(code, contact, req.ip);
    } catch (e) {
      if (e instanceof AppError && e.status === 404) return portal(req, reply, '查询申请办理进度', trackForm(csrfTokenFor(req), { code, contact }, [], e.message), 404);
      throw e;
    }
    const [clock, files, dept] = await Promise.all([svc.clockOf(row.id), answers.filesForApplicant(row), row.department_id !== null ? findDepartmentById(db, row.department_id) : undefined]);
    return portal(req, reply, `申请 ${row.ref_no} 的办理情况`, statusPage({ refNo: row.ref_no, departmentName: dept?.name ?? null, submittedDate: row.submitted_date, clock, files, code, contact, csrf: csrfTokenFor(req) }));
  });

  app.post('/requests/track/file', async (req, reply) => {
    const { fields } = await readForm(req);
    const row = await svc.track(first(fields, 'code').slice(0, 100), first(fields, 'contact').slice(0, 200), req.ip);
    const f = await answers.fileForApplicant(row, Number(first(fields, 'fileId')) || 0);
    return reply
      .header('content-type', f.mime)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
      .header('cache-control', 'no-store')
      .send(f.data);
  });
}
