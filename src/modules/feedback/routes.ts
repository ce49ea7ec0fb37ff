// Routes of public feedback: POST /feedback (anonymous; CSRF via the anonymous cookie token like
// /requests/new, honeypot, per-IP limit), GET /feedback/new (the form alone), and the console
// /admin/feedback (department-scoped; the office sees all). `feedbackSection` is the one include
// the disclosure and project pages call.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../domain/errors.ts';
import type { SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { csrfTokenFor, first, pageUser, parseId, readForm, requirePrincipal, sendHtml, type FormFields } from '../../web/request.ts';
import { isOffice } from '../accounts/service.ts';
import type { TargetKind } from './service.ts';
import { dashboardBox, detailPage, listPage } from './views-admin.ts';
import { formPage, publicSection, receiptPage, type FormValues } from './views.ts';

const kindOf = (s: string): TargetKind => {
  if (s === 'disclosure' || s === 'project') return s;
  throw new AppError(404, 'not_found', '未找到该信息');
};

function valuesOf(f: FormFields): FormValues {
  return { name: first(f, 'name').slice(0, 200), contact: first(f, 'contact').slice(0, 200), wantsReply: first(f, 'wantsReply') === '1', message: first(f, 'message').slice(0, 10_000), visibility: first(f, 'visibility') };
}

/** The "对此信息有疑问" section: public answers and the form (one include line per page). */
export async function feedbackSection(ctx: AppContext, req: FastifyRequest, kind: TargetKind, id: number): Promise<SafeHtml> {
  const items = await ctx.feedback.publicFor(kind, id);
  return publicSection({ kind, id, csrf: csrfTokenFor(req), replyDays: ctx.feedback.opts.replyWorkingDays, items });
}

/** The office dashboard's box (one include line in /admin/supervision). */
export async function feedbackDashboardBox(ctx: AppContext, req: FastifyRequest): Promise<SafeHtml | ''> {
  const p = req.principal;
  if (!p) return '';
  return dashboardBox(await ctx.feedback.overview(p));
}

export function registerFeedbackRoutes(app: FastifyInstance, ctx: AppContext) {
  const svc = ctx.feedback;
  const portal = (req: FastifyRequest, reply: FastifyReply, title: string, content: SafeHtml, status = 200) => sendHtml(reply, page({ title, content, user: pageUser(req), hasErrors: status === 400 }), status);
  const admin = (req: FastifyRequest, reply: FastifyReply, title: string, content: SafeHtml, status = 200) => sendHtml(reply, page({ title, area: 'admin', content, user: pageUser(req), current: '/admin/feedback', hasErrors: status === 400 }), status);

  app.get<{ Querystring: { kind?: string; id?: string } }>('/feedback/new', async (req, reply) => {
    const kind = kindOf(req.query.kind ?? '');
    const id = parseId(req.query.id, '信息');
    const t = await svc.target(kind, id);
    return portal(req, reply, '对此信息有疑问', formPage({ kind, id, title: t.title, url: t.url, csrf: csrfTokenFor(req), values: { name: '', contact: '', wantsReply: false, message: '', visibility: 'public' }, errors: [], replyDays: svc.opts.replyWorkingDays }));
  });

  app.post('/feedback', async (req, reply) => {
    const { fields } = await readForm(req);
    const kind = kindOf(first(fields, 'kind'));
    const id = parseId(first(fields, 'id'), '信息');
    const values = valuesOf(fields);
    try {
      const r = await svc.submit(kind, id, values, req.ip, first(fields, 'website'));
      const t = await svc.target(kind, id);
      return portal(req, reply, '留言已提交', receiptPage({ title: t.title, url: t.url, dueDate: r.dueDate, publicRequested: values.visibility === 'public' }));
    } catch (e) {
      if (e instanceof AppError && e.status === 400 && e.details.length) {
        const t = await svc.target(kind, id);
        return portal(req, reply, '对此信息有疑问', formPage({ kind, id, title: t.title, url: t.url, csrf: csrfTokenFor(req), values, errors: e.details, replyDays: svc.opts.replyWorkingDays }), 400);
      }
      throw e;
    }
  });

  app.get<{ Querystring: { show?: string } }>('/admin/feedback', async (req, reply) => {
    const p = requirePrincipal(req);
    const filter = req.query.show === 'pending' || req.query.show === 'answered' ? req.query.show : '';
    const [rows, overview] = await Promise.all([svc.listForStaff(p, filter ? { state: filter } : {}), svc.overview(p)]);
    return admin(req, reply, '公众留言', listPage({ rows, overview, filter, office: isOffice(p), replyDays: svc.opts.replyWorkingDays }));
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/admin/feedback/:id', async (req, reply) => {
    const p = requirePrincipal(req);
    const r = await svc.detail(p, parseId(req.params.id, '留言'));
    return admin(req, reply, `留言 #${r.id}`, detailPage({ r, csrf: csrfTokenFor(req), notice: req.query.done }));
  });

  app.post<{ Params: { id: string } }>('/admin/feedback/:id/answer', async (req, reply) => {
    const p = requirePrincipal(req);
    const id = parseId(req.params.id, '留言');
    const { fields } = await readForm(req);
    const answer = first(fields, 'answer').slice(0, 20_000);
    try {
      await svc.answer(p, id, answer, first(fields, 'private') === '1');
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return admin(req, reply, `留言 #${id}`, detailPage({ r: await svc.detail(p, id), csrf: csrfTokenFor(req), errors: e.details, answer }), 400);
      throw e;
    }
    return reply.redirect(`/admin/feedback/${id}?done=answered`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/feedback/:id/visibility', async (req, reply) => {
    const p = requirePrincipal(req);
    const id = parseId(req.params.id, '留言');
    const { fields } = await readForm(req);
    try {
      await svc.setPrivate(p, id, first(fields, 'private') === '1', first(fields, 'reason').slice(0, 1000));
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return admin(req, reply, `留言 #${id}`, detailPage({ r: await svc.detail(p, id), csrf: csrfTokenFor(req), errors: e.details }), 400);
      throw e;
    }
    return reply.redirect(`/admin/feedback/${id}?done=visibility`, 303);
  });
}
