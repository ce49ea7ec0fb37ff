// Annual reports: public pages (HTML and DOCX of published reports) and the console where a
// department completes, checks and publishes its report and the office sees which are overdue.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError, notFound, type ErrorDetail } from '../../domain/errors.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { pageUser, readForm, requirePrincipal, sendHtml, type FormFields } from '../../web/request.ts';
import { todayInChina } from '../disclosures/service.ts';
import { reportHtml } from './html.ts';
import { parseGovInputs, parseProgressInputs } from './inputs.ts';
import { DISTRICT_SCOPE, checkYear, type ReportKind } from './service.ts';
import { editPage, statusPage } from './views.ts';

const KIND_PATH: Record<ReportKind, string> = { gov: 'annual-reports', progress: 'progress-reports' };

/** '2025' → html, '2025.docx' → docx; anything else is not a page. */
function parseFile(file: string): { year: number; docx: boolean } {
  const m = /^(\d{4})(\.docx)?$/.exec(file);
  if (!m) throw notFound('年度报告');
  return { year: Number(m[1]), docx: !!m[2] };
}

export function publicReportHref(scope: string, year: number, kind: ReportKind, docx = false): string {
  const base = scope === DISTRICT_SCOPE ? `/${KIND_PATH[kind]}` : `/departments/${scope}/${KIND_PATH[kind]}`;
  return `${base}/${year}${docx ? '.docx' : ''}`;
}

function flatten(fields: FormFields): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]));
}

export function registerAnnualReportRoutes(app: FastifyInstance, ctx: AppContext) {
  const svc = ctx.annualReports;

  const sendPublished = async (req: FastifyRequest, reply: FastifyReply, scope: string, file: string, kind: ReportKind) => {
    const { year, docx } = parseFile(file);
    const s = await svc.scope(scope);
    if (docx) {
      const buf = await svc.publishedDocx(s.scope, year, kind);
      const name = `${s.name}${year}年${kind === 'gov' ? '政府信息公开工作年度报告' : '公共资源配置领域政府信息公开工作情况报告'}.docx`;
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document').header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`).send(buf);
    }
    const r = await svc.report(s.scope, year, kind);
    if (r.state !== 'published') throw notFound('年度报告');
    return sendHtml(reply, page({ title: r.title, content: reportHtml(r, { docxHref: publicReportHref(s.scope, year, kind, true) }), user: pageUser(req), current: '/departments' }));
  };

  const publicList = async (req: FastifyRequest, reply: FastifyReply, code?: string) => {
    const rows = await svc.publishedList(code);
    const s = code ? await svc.scope(code) : null;
    const title = s ? `${s.name}政府信息公开工作年度报告` : '政府信息公开工作年度报告';
    const names = new Map<string, string>();
    for (const r of rows) if (!names.has(r.scope)) names.set(r.scope, (await svc.scope(r.scope)).name);
    const content = html`<h1>${title}</h1>
${rows.length ? html`<ul>${rows.map((r) => html`<li><a href="${publicReportHref(r.scope, r.year, r.kind)}">${names.get(r.scope)}${r.year}年${r.kind === 'gov' ? '政府信息公开工作年度报告' : '公共资源配置领域政府信息公开工作情况报告'}</a>（发布于 ${r.published_at?.slice(0, 10) ?? ''}）</li>`)}</ul>` : html`<p class="empty">尚未发布年度报告。</p>`}`;
    return sendHtml(reply, page({ title, content, user: pageUser(req), current: '/departments' }));
  };

  app.get('/annual-reports', async (req, reply) => publicList(req, reply));
  app.get<{ Params: { file: string } }>('/annual-reports/:file', async (req, reply) => sendPublished(req, reply, DISTRICT_SCOPE, req.params.file, 'gov'));
  app.get<{ Params: { file: string } }>('/progress-reports/:file', async (req, reply) => sendPublished(req, reply, DISTRICT_SCOPE, req.params.file, 'progress'));
  app.get<{ Params: { code: string } }>('/departments/:code/annual-reports', async (req, reply) => publicList(req, reply, req.params.code));
  app.get<{ Params: { code: string; file: string } }>('/departments/:code/annual-reports/:file', async (req, reply) => sendPublished(req, reply, req.params.code, req.params.file, 'gov'));
  app.get<{ Params: { code: string; file: string } }>('/departments/:code/progress-reports/:file', async (req, reply) => sendPublished(req, reply, req.params.code, req.params.file, 'progress'));

  // ---- console ----

  const adminPage = (req: FastifyRequest, reply: FastifyReply, title: string, content: SafeHtml, status = 200) =>
    sendHtml(reply, page({ title, area: 'admin', content, user: pageUser(req), current: '/admin/requests' }), status);

  const target = (params: { scope: string; year: string; kind: string }) => {
    const year = Number(params.year);
    checkYear(year);
    if (params.kind !== 'gov' && params.kind !== 'progress') throw notFound('年度报告');
    return { code: params.scope, year, kind: params.kind as ReportKind };
  };

  app.get<{ Querystring: { year?: string } }>('/admin/annual-reports', async (req, reply) => {
    const p = requirePrincipal(req);
    const today = todayInChina();
    const year = /^\d{4}$/.test(req.query.year ?? '') ? Number(req.query.year) : Number(today.slice(0, 4)) - 1;
    return adminPage(req, reply, '年度报告', statusPage(year, await svc.status(p, year, today), today));
  });

  type P = { Params: { scope: string; year: string; kind: string } };

  const renderEdit = async (req: FastifyRequest, reply: FastifyReply, t: ReturnType<typeof target>, errors: ErrorDetail[] = [], raw?: Record<string, string>, status = 200) => {
    const p = requirePrincipal(req);
    const s = await svc.scope(t.code);
    if (!svc.canEdit(p, s) && !svc.canPublish(p, s)) throw notFound('年度报告');
    const r = await svc.report(s.scope, t.year, t.kind, { live: true });
    const stored = await svc.report(s.scope, t.year, t.kind);
    return adminPage(req, reply, r.title, editPage({ report: stored.state === 'published' ? stored : r, inputs: await svc.inputsOf(s.scope, t.year, t.kind), raw, errors, csrf: p.csrfToken, canPublish: svc.canPublish(p, s) }), status);
  };

  app.get<P>('/admin/annual-reports/:scope/:year/:kind', async (req, reply) => renderEdit(req, reply, target(req.params)));

  app.post<P>('/admin/annual-reports/:scope/:year/:kind', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = target(req.params);
    const raw = flatten((await readForm(req)).fields);
    const parsed = t.kind === 'gov' ? parseGovInputs(raw) : parseProgressInputs(raw);
    if (!parsed.ok) return renderEdit(req, reply, t, parsed.errors, raw, 400);
    await svc.saveInputs(p, t.code, t.year, t.kind, parsed.value);
    return reply.redirect(`/admin/annual-reports/${t.code}/${t.year}/${t.kind}`, 303);
  });

  app.post<P>('/admin/annual-reports/:scope/:year/:kind/publish', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = target(req.params);
    await readForm(req);
    try {
      await svc.publish(p, t.code, t.year, t.kind);
    } catch (e) {
      if (e instanceof AppError && e.status === 409) return renderEdit(req, reply, t, e.details.length ? e.details : [{ field: 'publish', message: e.message }], undefined, 409);
      throw e;
    }
    const s = await svc.scope(t.code);
    return reply.redirect(publicReportHref(s.scope, t.year, t.kind), 303);
  });

  app.get<P>('/admin/annual-reports/:scope/:year/:kind/preview', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = target(req.params);
    const s = await svc.scope(t.code);
    if (!svc.canEdit(p, s) && !svc.canPublish(p, s)) throw notFound('年度报告');
    const r = await svc.report(s.scope, t.year, t.kind, { live: true });
    return adminPage(req, reply, r.title, reportHtml(r, { preview: true, docxHref: `/admin/annual-reports/${s.scope}/${t.year}/${t.kind}/docx` }));
  });

  app.get<P>('/admin/annual-reports/:scope/:year/:kind/docx', async (req, reply) => {
    const p = requirePrincipal(req);
    const t = target(req.params);
    const s = await svc.scope(t.code);
    if (!svc.canEdit(p, s) && !svc.canPublish(p, s)) throw notFound('年度报告');
    const buf = await svc.docx(await svc.report(s.scope, t.year, t.kind, { live: true }));
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document').header('content-disposition', `attachment; filename="report-${s.scope}-${t.year}-${t.kind}-draft.docx"`).header('cache-control', 'no-store').send(buf);
  });
}
