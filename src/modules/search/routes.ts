// /search (HTML) and GET /api/v1/search (JSON): the same service, the same parameters.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../domain/errors.ts';
import { html } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { pageUser, sendHtml } from '../../web/request.ts';
import { listDepartments } from '../departments/service.ts';
import { STAGES } from '../item-types/types.ts';
import type { SearchFilter, SearchResult } from './service.ts';
import { MAX_PER_PAGE } from './service.ts';
import { searchPage, type SearchPageState } from './views.ts';

const KINDS = ['disclosure', 'project', 'blacklist'] as const;

export const SearchQuery = z
  .object({
    q: z.string().max(20_000).default('').describe('搜索词：按原文精确匹配（子串），多个词用空格分隔表示同时出现；单字、词语、短语、公司名、项目编号均可'),
    sort: z.enum(['relevance', 'date']).optional().describe('排序：relevance 相关度（有搜索词时默认），date 发布时间倒序'),
    page: z.coerce.number().int().min(1).max(1_000_000).default(1).describe('页码（深度分页有上限，见 lastPage）'),
    limit: z.coerce.number().int().min(1).max(MAX_PER_PAGE).default(20).describe(`每页条数，1–${MAX_PER_PAGE}`),
    kind: z.enum(KINDS).optional().describe('文档类别：disclosure 公开信息，project 项目，blacklist 黑名单'),
    sector: z.string().max(40).optional().describe('领域代码'),
    itemType: z.string().max(80).optional().describe('信息类型代码'),
    department: z.string().max(40).optional().describe('单位代码'),
    project: z.coerce.number().int().positive().optional().describe('项目 id'),
    year: z.coerce.number().int().min(1990).max(2200).optional().describe('发布年份（北京时间）'),
    stage: z.enum(STAGES).optional().describe('项目阶段'),
    state: z.enum(['published', 'withdrawn']).optional().describe('published 有效信息（黑名单：公示中）；withdrawn 已撤回的信息、已移出公示的黑名单记录（墓碑记录）'),
    facets: z.enum(['true', 'false']).default('true').describe('是否返回分面统计'),
  })
  .strict();
export type SearchQueryInput = z.output<typeof SearchQuery>;

/** Resolves the filter codes; unknown ones are errors in the API and ignored on the page. */
export async function resolveFilter(ctx: AppContext, q: Partial<SearchQueryInput>, strict: boolean): Promise<SearchFilter> {
  const errors: { field: string; message: string }[] = [];
  const f: SearchFilter = {};
  if (q.sector) {
    if (ctx.itemTypes.sectors.some((s) => s.code === q.sector)) f.sector = q.sector;
    else errors.push({ field: 'sector', message: `未知领域代码：${q.sector}` });
  }
  if (q.itemType) {
    if (ctx.itemTypes.byCodeOrUndefined(q.itemType)) f.itemType = q.itemType;
    else errors.push({ field: 'itemType', message: `未知信息类型：${q.itemType}` });
  }
  if (q.department) {
    if ((await listDepartments(ctx.database.db)).some((d) => d.code === q.department)) f.department = q.department;
    else errors.push({ field: 'department', message: `未知单位代码：${q.department}` });
  }
  if (q.kind) f.kind = q.kind;
  if (q.project) f.projectId = q.project;
  if (q.year) f.year = q.year;
  if (q.stage) f.stage = q.stage;
  if (q.state) f.state = q.state;
  if (strict && errors.length) throw new AppError(400, 'validation_failed', '请求参数有误', errors);
  return f;
}

function parseStrict(input: unknown): SearchQueryInput {
  const r = SearchQuery.safeParse(input);
  if (r.success) return r.data;
  throw new AppError(400, 'validation_failed', '请求参数有误', r.error.issues.map((i) => ({ field: i.path.join('.') || '(query)', message: i.code === 'unrecognized_keys' ? `不支持的参数：${(i as { keys: string[] }).keys.join(', ')}` : i.message, code: i.code })));
}

/** Lenient reading for the HTML page: a bad value is dropped, never a 500. */
function parseLenient(input: Record<string, unknown>): Partial<SearchQueryInput> {
  const out: Record<string, unknown> = {};
  const shape = SearchQuery.shape;
  for (const [k, schema] of Object.entries(shape)) {
    const v = input[k];
    if (Array.isArray(v)) continue;
    const r = (schema as z.ZodType).safeParse(v);
    if (r.success && r.data !== undefined) out[k] = r.data;
  }
  return out as Partial<SearchQueryInput>;
}

export function searchJson(r: Extract<SearchResult, { ok: true }>, baseUrl: string) {
  return {
    query: { terms: r.terms, sort: r.sort, page: r.page, limit: r.perPage },
    total: r.total,
    totalIsLowerBound: r.totalIsLowerBound,
    lastPage: r.lastPage,
    relevanceWindow: r.relevanceWindow,
    tookMs: r.tookMs,
    data: r.hits.map((h) => ({
      kind: h.kind,
      id: h.refId,
      url: baseUrl + h.url,
      state: h.state,
      title: h.title,
      titleHtml: h.titleHtml,
      snippetHtml: h.snippetHtml,
      sector: h.sector,
      itemType: h.itemType ? { code: h.itemType, name: h.itemTypeName } : null,
      department: h.department ? { code: h.department, name: h.departmentName } : null,
      stage: h.stage,
      publishedAt: h.publishedAt,
      updatedAt: h.updatedAt,
      ...(h.score !== undefined ? { score: h.score } : {}),
    })),
    facets: r.facets,
    facetsApproximate: r.facetsApproximate,
  };
}

export function registerSearchRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: Record<string, unknown> }>('/search', { config: { pageCache: true } }, async (req, reply) => {
    const q = parseLenient(req.query ?? {});
    const filter = await resolveFilter(ctx, q, false);
    const state: SearchPageState = {
      q: typeof req.query?.q === 'string' ? req.query.q.slice(0, 200) : '',
      sort: q.sort,
      page: q.page ?? 1,
      filters: { sector: filter.sector, itemType: filter.itemType, department: filter.department, year: filter.year ? String(filter.year) : undefined, stage: filter.stage, kind: filter.kind, ...(filter.projectId ? { project: String(filter.projectId) } : {}) },
    };
    const rawQ = typeof req.query?.q === 'string' ? req.query.q : '';
    const browsing = !rawQ.trim() && Object.values(state.filters).some(Boolean);
    const result = rawQ.trim() || browsing ? await ctx.search.search({ q: rawQ, sort: q.sort, page: state.page, perPage: 20, filter }) : null;
    const status = result && !result.ok ? 400 : 200;
    const title = rawQ.trim() ? `搜索：${rawQ.trim().slice(0, 40)}` : '搜索';
    return sendHtml(reply, page({ title, content: searchPage(state, result), user: pageUser(req), head: searchHead(state.q) }), status);
  });

  app.get('/api/v1/search', { config: { pageCache: true } }, async (req) => {
    const q = parseStrict(req.query);
    const filter = await resolveFilter(ctx, q, true);
    const r = await ctx.search.search({ q: q.q, sort: q.sort, page: q.page, perPage: q.limit, filter, facets: q.facets === 'true' });
    if (!r.ok) throw new AppError(400, r.reason, r.message, [{ field: r.reason === 'page_out_of_range' ? 'page' : 'q', message: r.message }]);
    return searchJson(r, ctx.config.baseUrl);
  });
}

function searchHead(q: string) {
  if (!q.trim()) return undefined;
  return html`<link rel="alternate" type="application/atom+xml" title="此搜索的 Atom 订阅源" href="/feeds/search.atom?q=${encodeURIComponent(q)}">`;
}
