// Atom feeds under /feeds/: the whole site, each sector, department and project, the 黑名单, and any search.
// Every feed is a date-sorted search over the index, so it shows exactly what /search shows.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import { findDepartmentByCode } from '../departments/service.ts';
import { getProject } from '../projects/service.ts';
import { resolveFilter, SearchQuery } from '../search/routes.ts';
import type { Hit, SearchFilter } from '../search/service.ts';
import { renderAtom, tagUri, type AtomEntry } from './atom.ts';

export const FEED_SIZE = 50;
const PUBLISHER = '浈江区人民政府办公室（政务公开办）';

function fileCode(file: string, re = /^([A-Za-z0-9_-]{1,64})\.atom$/): string {
  const m = re.exec(file);
  if (!m) throw notFound('订阅源');
  return m[1]!;
}

export function registerFeedRoutes(app: FastifyInstance, ctx: AppContext) {
  const base = ctx.config.baseUrl;

  // A blacklist entry that left the current list (期满, 信用修复, 撤销) is its tombstone, shown as updated.
  const title = (h: Hit) => (h.kind === 'blacklist' ? `${h.state === 'withdrawn' ? '【已移出公示】' : ''}黑名单：${h.title}` : h.state === 'withdrawn' ? `【已撤回】${h.title}` : h.title);

  const entry = (h: Hit): AtomEntry => ({
    id: tagUri(base, `${h.kind}/${h.refId}`),
    title: title(h),
    url: base + h.url,
    published: h.publishedAt,
    updated: h.updatedAt,
    author: h.departmentName ?? PUBLISHER,
    summary: h.summary,
    categories: [
      ...(h.kind === 'blacklist' ? [{ term: 'blacklist', label: '黑名单' }] : []),
      ...(h.sector ? [{ term: h.sector, label: h.sectorName ?? h.sector }] : []),
      ...(h.itemType ? [{ term: h.itemType, label: h.itemTypeName ?? h.itemType }] : []),
    ],
  });

  const send = async (reply: FastifyReply, o: { specific: string; title: string; self: string; html: string; filter: SearchFilter; q?: string; subtitle?: string }) => {
    const r = await ctx.search.search({ q: o.q ?? '', sort: 'date', perPage: FEED_SIZE, filter: o.filter, facets: false });
    if (!r.ok) throw new AppError(400, r.reason, r.message);
    const body = renderAtom({
      id: tagUri(base, `feed/${o.specific}`),
      title: `${o.title} – 浈江区公共资源配置领域信息公开`,
      subtitle: o.subtitle ?? '最新公开信息（更正后的信息显示为已更新）',
      selfUrl: base + o.self,
      htmlUrl: base + o.html,
      author: PUBLISHER,
      rights: '知识共享 署名 4.0 国际许可协议（CC BY 4.0）',
      entries: r.hits.map(entry),
      fallbackUpdated: '2026-01-01T00:00:00Z',
    });
    return reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').send(body);
  };

  app.get('/feeds/all.atom', { config: { pageCache: true } }, async (_req, reply) => send(reply, { specific: 'all', title: '全部公开信息', self: '/feeds/all.atom', html: '/', filter: {} }));

  app.get('/feeds/blacklist.atom', { config: { pageCache: true } }, async (_req, reply) =>
    send(reply, { specific: 'blacklist', title: '黑名单', self: '/feeds/blacklist.atom', html: '/blacklist', filter: { kind: 'blacklist' }, subtitle: '新公示的黑名单记录；公示期满、信用修复或决定撤销而移出公示的记录显示为已更新' }),
  );

  app.get<{ Params: { file: string } }>('/feeds/sectors/:file', { config: { pageCache: true } }, async (req, reply) => {
    const code = fileCode(req.params.file);
    const s = ctx.itemTypes.sectors.find((x) => x.code === code);
    if (!s) throw notFound('领域');
    return send(reply, { specific: `sector/${code}`, title: s.name, self: `/feeds/sectors/${code}.atom`, html: `/sectors/${code}`, filter: { sector: code } });
  });

  app.get<{ Params: { file: string } }>('/feeds/departments/:file', { config: { pageCache: true } }, async (req, reply) => {
    const code = fileCode(req.params.file);
    const d = await findDepartmentByCode(ctx.database.db, code);
    if (!d) throw notFound('单位');
    return send(reply, { specific: `department/${code}`, title: d.name, self: `/feeds/departments/${code}.atom`, html: `/departments/${code}`, filter: { department: code } });
  });

  app.get<{ Params: { file: string } }>('/feeds/projects/:file', { config: { pageCache: true } }, async (req, reply) => {
    const id = Number(fileCode(req.params.file, /^(\d{1,10})\.atom$/));
    const p = await getProject(ctx.database.db, id);
    return send(reply, { specific: `project/${id}`, title: `项目：${p.title}`, self: `/feeds/projects/${id}.atom`, html: `/projects/${id}`, filter: { projectId: id, kind: 'disclosure' } });
  });

  app.get<{ Querystring: Record<string, unknown> }>('/feeds/search.atom', { config: { pageCache: true } }, async (req, reply) => {
    const parsed = SearchQuery.omit({ sort: true, page: true, limit: true, facets: true }).safeParse(req.query);
    if (!parsed.success) throw new AppError(400, 'validation_failed', '订阅源参数有误');
    const q = parsed.data;
    const filter = await resolveFilter(ctx, q, true);
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
    const qs = params.toString();
    return send(reply, { specific: `search?${qs}`, title: q.q ? `搜索“${q.q.slice(0, 40)}”` : '搜索', self: `/feeds/search.atom${qs ? `?${qs}` : ''}`, html: `/search${qs ? `?${qs}` : ''}`, filter, q: q.q });
  });
}
