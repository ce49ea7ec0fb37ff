// The HTTP application: plugins, security headers, session and CSRF hooks, error pages, routes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyError } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import type { AppContext } from '../context.ts';
import { AppError } from '../domain/errors.ts';
import { principalFromToken, randomToken } from '../modules/accounts/service.ts';
import { registerAccountRoutes } from '../modules/accounts/routes.ts';
import { registerApiRoutes } from '../modules/api/routes.ts';
import { registerDisclosureAdminRoutes } from '../modules/disclosures/routes-admin.ts';
import { registerPortalRoutes } from '../modules/disclosures/routes-portal.ts';
import { registerDepartmentRoutes } from '../modules/departments/routes.ts';
import { registerProjectRoutes } from '../modules/projects/routes.ts';
import { registerPublicationLogRoutes } from '../modules/publication-log/routes.ts';
import { registerTimelinessRoutes } from '../modules/timeliness/routes.ts';
import { registerPublicAccess } from '../modules/opendata/register.ts';
import { registerExcelRoutes } from '../modules/excel/routes.ts';
import { registerOcdsRoutes } from '../modules/ocds/routes.ts';
import { registerApiKeyRoutes } from '../modules/api-keys/routes.ts';
import { registerPrivacyRoutes } from '../modules/privacy/routes.ts';
import { registerRequestRoutes } from '../modules/requests/routes.ts';
import { registerAssessmentRoutes } from '../modules/assessment/routes.ts';
import { registerFeedbackRoutes } from '../modules/feedback/routes.ts';
import { registerBlacklistPublicRoutes } from '../modules/blacklist/routes-public.ts';
import { registerBlacklistAdminRoutes } from '../modules/blacklist/routes-admin.ts';
import { registerWorkPlanRoutes } from '../modules/work-plans/routes.ts';
import { registerInspectionRoutes } from '../modules/inspections/routes.ts';
import { registerRedFlagRoutes } from '../modules/red-flags/routes.ts';
import { html } from './html.ts';
import { page } from './layout.ts';
import { CSRF_COOKIE, SESSION_COOKIE, pageUser, sendHtml, wantsJson } from './request.ts';
import { registerPageCache } from './page-cache.ts';
import { publicGenerationReader } from '../modules/events/service.ts';

const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'static');

export async function buildApp(ctx: AppContext, opts: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const { config } = ctx;
  const app = Fastify({
    logger: opts.logger === false || config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: config.maxBodyBytes,
    trustProxy: config.trustProxy,
    // Ids in URLs are numbers or codes; long URLs are never legitimate here.
    routerOptions: { maxParamLength: 200 },
  });

  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: config.maxBodyBytes });
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.maxUploadBytes, files: 10, fields: 3000, fieldSize: 200_000, parts: 3100 },
    throwFileSizeLimit: true,
  });
  await app.register(fastifyStatic, { root: STATIC_DIR, prefix: '/static/', maxAge: '1h' });

  app.decorateRequest('principal', null);
  app.decorateRequest('anonCsrf', null);

  const secureCookies = config.trustProxy || config.baseUrl.startsWith('https://');
  app.addHook('onRequest', async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token && /^[A-Za-z0-9_-]{20,100}$/.test(token)) {
      req.principal = await principalFromToken(ctx.database.db, token);
      if (!req.principal) reply.clearCookie(SESSION_COOKIE, { path: '/' });
    }
    if (!req.principal && !req.url.startsWith('/api/') && !req.url.startsWith('/static/')) {
      const existing = req.cookies[CSRF_COOKIE];
      if (existing && /^[A-Za-z0-9_-]{20,64}$/.test(existing)) req.anonCsrf = existing;
      else {
        req.anonCsrf = randomToken(24);
        reply.setCookie(CSRF_COOKIE, req.anonCsrf, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookies });
      }
    }
  });

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    if (!req.url.startsWith('/api/')) {
      reply.header('x-frame-options', 'DENY');
      reply.header('content-security-policy', "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'");
    }
    return payload;
  });

  // Public page cache (ADR 0008): before the routes, whose `config.pageCache` opts them in.
  registerPageCache(app, { maxBytes: config.pageCacheBytes, readGeneration: publicGenerationReader(ctx.database.db, ctx.database.sqliteReader) });

  app.setNotFoundHandler((req, reply) => {
    if (wantsJson(req)) return reply.code(404).send({ error: { code: 'not_found', message: '未找到该资源', details: [] } });
    return sendHtml(reply, errorPage(404, '未找到该页面', '您访问的页面不存在，或已被移动。', req), 404);
  });

  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    const mapped = mapError(err);
    if (mapped.status >= 500) req.log.error({ err }, 'unhandled error');
    if (mapped.status === 401 && !wantsJson(req)) {
      return reply.redirect(`/admin/login?next=${encodeURIComponent(req.url)}`, 303);
    }
    if (mapped.status === 429 && mapped.retryAfter) reply.header('retry-after', String(mapped.retryAfter));
    if (wantsJson(req)) return reply.code(mapped.status).send({ error: { code: mapped.code, message: mapped.message, details: mapped.details } });
    return sendHtml(reply, errorPage(mapped.status, mapped.title, mapped.message, req), mapped.status);
  });

  app.get('/healthz', async () => {
    await ctx.disclosures.ping();
    return { status: 'ok' };
  });

  registerPortalRoutes(app, ctx);
  registerDepartmentRoutes(app, ctx);
  registerProjectRoutes(app, ctx);
  registerAccountRoutes(app, ctx, { secureCookies });
  registerDisclosureAdminRoutes(app, ctx);
  registerApiRoutes(app, ctx);
  registerPublicationLogRoutes(app, ctx);
  registerTimelinessRoutes(app, ctx);
  await registerPublicAccess(app, ctx);
  registerExcelRoutes(app, ctx);
  registerOcdsRoutes(app, ctx);
  registerApiKeyRoutes(app, ctx);
  registerPrivacyRoutes(app, ctx);
  registerRequestRoutes(app, ctx);
  registerAssessmentRoutes(app, ctx);
  registerFeedbackRoutes(app, ctx);
  registerBlacklistPublicRoutes(app, ctx);
  registerBlacklistAdminRoutes(app, ctx);
  registerWorkPlanRoutes(app, ctx);
  registerInspectionRoutes(app, ctx);
  registerRedFlagRoutes(app, ctx);
  return app;
}

interface MappedError {
  status: number;
  code: string;
  title: string;
  message: string;
  details: unknown[];
  retryAfter?: number;
}

const TITLES: Record<number, string> = { 400: '提交的内容有误', 401: '请先登录', 403: '没有权限', 404: '未找到该页面', 409: '操作与当前状态冲突', 413: '内容过大', 415: '不支持的文件类型', 429: '操作过于频繁', 500: '服务器内部错误' };

function mapError(err: FastifyError | AppError | Error): MappedError {
  if (err instanceof AppError) {
    return { status: err.status, code: err.code, title: TITLES[err.status] ?? '出错了', message: err.message, details: err.details, ...(err.status === 429 ? { retryAfter: 900 } : {}) };
  }
  const e = err as FastifyError & { code?: string };
  const code = e.code ?? '';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || e.statusCode === 413) {
    return { status: 413, code: 'payload_too_large', title: TITLES[413]!, message: '提交的内容或文件超过大小上限', details: [] };
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || e.statusCode === 415) {
    return { status: 415, code: 'unsupported_media_type', title: TITLES[415]!, message: '不支持该内容类型', details: [] };
  }
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || e.statusCode === 400) {
    return { status: 400, code: 'bad_request', title: TITLES[400]!, message: '请求格式不正确', details: [] };
  }
  if (e.statusCode === 404) return { status: 404, code: 'not_found', title: TITLES[404]!, message: '未找到该资源', details: [] };
  if ((err as { code?: string }).code === 'unsupported_media_type') return { status: 415, code: 'unsupported_media_type', title: TITLES[415]!, message: err.message, details: [] };
  if ((err as { code?: string }).code === 'payload_too_large') return { status: 413, code: 'payload_too_large', title: TITLES[413]!, message: err.message, details: [] };
  // Never a stack trace to a user.
  return { status: 500, code: 'internal_error', title: TITLES[500]!, message: '系统暂时无法处理您的请求，请稍后再试。问题已记录。', details: [] };
}

function errorPage(status: number, title: string, message: string, req: Parameters<typeof pageUser>[0]) {
  return page({
    title,
    area: req.url.startsWith('/admin') ? 'admin' : 'portal',
    user: pageUser(req),
    content: html`<div class="error-page"><h1>${title}</h1><p class="status">错误代码 ${status}</p><p>${message}</p><p><a href="/">返回首页</a></p></div>`,
  });
}
