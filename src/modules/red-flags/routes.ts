// Red flags over HTTP: the office dashboard and threshold forms (/admin/red-flags) and the public
// JSON API (/api/v1/projects/:id/red-flags, /api/v1/red-flags). The project page's section is
// rendered by projects/routes.ts through views.projectRiskSection.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError, type ErrorDetail } from '../../domain/errors.ts';
import { html } from '../../web/html.ts';
import { first, parseId, readForm, requireOffice, requirePrincipal, sendHtml } from '../../web/request.ts';
import { adminPage } from '../timeliness/page.ts';
import { getProject } from '../projects/service.ts';
import { FLAG_BY_CODE, FLAGS, isFlagCode, type FlagDef, type Thresholds } from './flags.ts';
import type { ProjectFlags } from './service.ts';
import { dashboardContent, thresholdForms } from './views.ts';

export function flagJson(f: FlagDef, th: Thresholds) {
  return {
    code: f.code,
    name: f.name,
    definition: f.definition,
    sectors: [...f.sectors],
    thresholds: f.thresholds.map((t) => ({ key: t.key, label: t.label, unit: t.unit, value: th[f.code][t.key]!, default: t.default, min: t.min, max: t.max })),
    fields: [...f.fields],
    legalBasis: f.legalBasis,
    cardinal: f.cardinal,
  };
}

export function projectFlagsJson(pf: ProjectFlags, baseUrl: string) {
  return {
    project: { id: pf.project.id, title: pf.project.title, sector: pf.project.sector, department: pf.project.departmentName, url: `${baseUrl}/projects/${pf.project.id}` },
    tested: pf.tested,
    tripped: pf.tripped,
    flags: pf.results.map((r) => {
      const f = FLAG_BY_CODE.get(r.code)!;
      return {
        code: r.code,
        name: f.name,
        status: r.status,
        reason: r.reason,
        evidence: r.evidence.map((e) => ({ label: e.label, value: e.value, disclosureId: e.disclosureId ?? null, url: e.disclosureId ? `${baseUrl}/disclosures/${e.disclosureId}` : null, related: e.href ? `${baseUrl}${e.href}` : null })),
        legalBasis: f.legalBasis,
        cardinal: f.cardinal,
      };
    }),
  };
}

export function registerRedFlagRoutes(app: FastifyInstance, ctx: AppContext) {
  const svc = ctx.redFlags;
  const base = ctx.config.baseUrl;

  const dashboard = async (req: FastifyRequest, failed?: { code: string; values: Record<string, string>; errors: ErrorDetail[] }, saved?: string) => {
    const p = requirePrincipal(req);
    requireOffice(p);
    const [summary, th] = await Promise.all([svc.summary(), svc.thresholds()]);
    const content = html`${dashboardContent(summary, { canConfigure: true, saved })}
${thresholdForms(th, p.csrfToken, failed)}`;
    return adminPage(req, '风险提示', content, '/admin/supervision');
  };

  app.get<{ Querystring: { saved?: string } }>('/admin/red-flags', async (req, reply) => {
    const saved = req.query.saved && isFlagCode(req.query.saved) ? FLAG_BY_CODE.get(req.query.saved)!.name : undefined;
    return sendHtml(reply, await dashboard(req, undefined, saved));
  });

  app.post('/admin/red-flags/thresholds', async (req, reply) => {
    const p = requirePrincipal(req);
    const { fields } = await readForm(req);
    requireOffice(p);
    const code = first(fields, 'code');
    const def = isFlagCode(code) ? FLAG_BY_CODE.get(code) : undefined;
    const values = Object.fromEntries((def?.thresholds ?? []).map((t) => [t.key, first(fields, t.key)]));
    try {
      await svc.updateThresholds(p, code, values);
      return reply.redirect(`/admin/red-flags?saved=${encodeURIComponent(code)}#thresholds`, 303);
    } catch (e) {
      if (e instanceof AppError && e.status === 400 && def) return sendHtml(reply, await dashboard(req, { code, values, errors: e.details }), 400);
      throw e;
    }
  });

  app.get<{ Params: { id: string } }>('/api/v1/projects/:id/red-flags', async (req) => {
    const id = parseId(req.params.id, '项目');
    const p = await getProject(ctx.database.db, id);
    const pf = await svc.forProject(id);
    if (!pf) return { project: { id: p.id, title: p.title, sector: p.sector, department: p.department_name, url: `${base}/projects/${p.id}` }, tested: 0, tripped: 0, flags: [] };
    return projectFlagsJson(pf, base);
  });

  app.get('/api/v1/red-flags', async (_req, reply) => {
    const [s, th] = await Promise.all([svc.summary(), svc.thresholds()]);
    reply.header('cache-control', 'public, max-age=60');
    return {
      projects: s.projects,
      flaggedProjects: s.flaggedProjects,
      flags: FLAGS.map((f) => flagJson(f, th)),
      coverage: s.coverage.map((c) => ({ code: c.code, applicable: c.applicable, testable: c.testable, tripped: c.tripped, clear: c.clear, notTestable: c.notTestable, coverage: c.coverage })),
      departments: s.departments.map((d) => ({ department: d.departmentName, projects: d.projects, flaggedProjects: d.flaggedProjects, byFlag: d.byFlag })),
      tripped: s.tripped.map((t) => ({ projectId: t.projectId, project: t.projectTitle, department: t.departmentName, code: t.code, reason: t.reason, url: `${base}/projects/${t.projectId}` })),
    };
  });
}

