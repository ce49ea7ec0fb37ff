// Public 黑名单: /blacklist (search, filters, current/history, pagination), /blacklist/:id, and the
// JSON API /api/v1/blacklist[/:id]. Reads go through the service; output through public-view.ts.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../domain/errors.ts';
import { normaliseIdentifier } from '../../domain/identifiers.ts';
import { html } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { pageUser, parseId, sendHtml } from '../../web/request.ts';
import { listDepartments } from '../departments/service.ts';
import { todayInChina } from '../disclosures/service.ts';
import { toPublicEntry } from './public-view.ts';
import { normaliseName, severityRule } from './rules.ts';
import * as S from './schemas.ts';
import type { PublicFilter } from './service.ts';
import { detailPage, listPage, type ListFilters } from './views.ts';

const PER_PAGE = 20;

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new AppError(400, 'validation_failed', '请求参数有误', r.error.issues.map((i) => ({ field: i.path.join('.') || '(query)', message: i.code === 'unrecognized_keys' ? `不支持的参数：${(i as { keys: string[] }).keys.join(', ')}` : i.message, code: i.code })));
}

/** A search box may get a name or a credit code: both are tried. */
function searchTerms(q: string): { q?: string; qKey?: string } {
  const t = q.trim().slice(0, 100);
  return t ? { q: t, qKey: normaliseName(t) } : {};
}

export function registerBlacklistPublicRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;
  const svc = ctx.blacklist;
  const reg = ctx.itemTypes;
  const base = ctx.config.baseUrl;

  app.get<{ Querystring: Record<string, string | undefined> }>('/blacklist', async (req, reply) => {
    const q = req.query;
    const departments = await listDepartments(db);
    const dept = departments.find((d) => d.code === q.department);
    const sector = reg.sectors.find((s) => s.code === q.sector);
    const severity = q.severity && severityRule(q.severity) ? q.severity : '';
    const view = q.view === 'history' ? 'history' : 'current';
    const pageNo = Math.max(1, Math.min(100_000, Number.parseInt(q.page ?? '1', 10) || 1));
    const today = todayInChina();
    const filter: PublicFilter = { ...searchTerms(q.q ?? ''), sector: sector?.code, severity: severity || undefined, departmentId: dept?.id, view, today };
    const [total, rows] = await Promise.all([svc.countPublic(filter), svc.listPublic(filter, PER_PAGE, (pageNo - 1) * PER_PAGE)]);
    const filters: ListFilters = { q: (q.q ?? '').slice(0, 100), sector: sector?.code ?? '', severity, department: dept?.code ?? '', view };
    const content = listPage({ entries: rows.map((r) => toPublicEntry(r, base, today)), total, pageNo, perPage: PER_PAGE, filters, sectors: reg.sectors, departments, sectorName: (s) => reg.sectorName(s) });
    const head = html`<link rel="alternate" type="application/atom+xml" title="黑名单 Atom 订阅源" href="/feeds/blacklist.atom">`;
    return sendHtml(reply, page({ title: view === 'current' ? '黑名单' : '黑名单历史记录', content, user: pageUser(req), current: '/blacklist', description: '浈江区失信主体黑名单公示', head }));
  });

  app.get<{ Params: { id: string } }>('/blacklist/:id', async (req, reply) => {
    const { entry, events, disclosure } = await svc.getPublic(parseId(req.params.id, '黑名单记录'));
    const e = toPublicEntry(entry, base, todayInChina(), !!disclosure);
    const content = detailPage(e, events, reg.sectorName(e.sector), disclosure?.title ?? null);
    return sendHtml(reply, page({ title: `黑名单：${e.subject.name}`, content, user: pageUser(req), current: '/blacklist' }));
  });

  app.get('/api/v1/blacklist', async (req) => {
    const q = parse(S.BlacklistListQuery, req.query);
    const departments = q.department ? await listDepartments(db) : [];
    const dept = q.department ? departments.find((d) => d.code === q.department) : undefined;
    if (q.department && !dept) throw new AppError(400, 'validation_failed', '请求参数有误', [{ field: 'department', message: `未知单位代码：${q.department}` }]);
    if (q.sector && !reg.sectors.some((s) => s.code === q.sector)) throw new AppError(400, 'validation_failed', '请求参数有误', [{ field: 'sector', message: `未知领域：${q.sector}` }]);
    const today = todayInChina();
    const filter: PublicFilter = { ...searchTerms(q.q ?? ''), creditCode: q.creditCode ? normaliseIdentifier(q.creditCode) : undefined, sector: q.sector, severity: q.severity, departmentId: dept?.id, view: q.status, today };
    const [total, rows] = await Promise.all([svc.countPublic(filter), svc.listPublic(filter, q.limit, (q.page - 1) * q.limit)]);
    return { data: rows.map((r) => toPublicEntry(r, base, today)), total, page: q.page, lastPage: Math.max(1, Math.ceil(total / q.limit)) };
  });

  app.get('/api/v1/blacklist/:id', async (req) => {
    const { id } = parse(S.IdParam, req.params);
    const { entry, events, disclosure } = await svc.getPublic(id);
    return { ...toPublicEntry(entry, base, todayInChina(), !!disclosure), history: events.map((x) => ({ at: x.at, action: x.action, reason: x.reason })) };
  });
}
