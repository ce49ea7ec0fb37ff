// One entry point for issue 5's public surface: per-IP rate limits, search, open data (change feed,
// bulk files, /open-data), Atom feeds and subscriptions.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import type { AppContext } from '../../context.ts';
import { html } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { sendHtml } from '../../web/request.ts';
import { registerSearchRoutes } from '../search/routes.ts';
import { registerFeedRoutes } from '../feeds/routes.ts';
import { registerSubscriptionRoutes } from '../subscriptions/routes.ts';
import { registerOpenDataRoutes } from './routes.ts';

/** Paths that cost a query each and that scrapers hit: the API, search and feeds. */
export function isRateLimited(url: string): boolean {
  return url.startsWith('/api/') || url === '/search' || url.startsWith('/search?') || url.startsWith('/feeds/');
}

export async function registerPublicAccess(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const perMinute = ctx.config.rateLimitPerMinute;
  if (perMinute > 0) {
    // In-memory store: one process serves the site (ARCHITECTURE.md). The plugin's hook sets the
    // x-ratelimit-* and Retry-After headers and throws; we answer the 429 ourselves so the body is
    // the API's error shape or a Chinese page, and Retry-After is the real remaining window.
    await app.register(fastifyRateLimit, { global: false });
    const limiter = app.rateLimit({ max: perMinute, timeWindow: 60_000, keyGenerator: (req) => req.ip });
    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      if (!isRateLimited(req.url)) return;
      try {
        await limiter.call(app, req, reply);
      } catch (e) {
        if ((e as { statusCode?: number }).statusCode !== 429) throw e;
        const retry = Number(reply.getHeader('retry-after')) || 60;
        reply.header('retry-after', String(retry));
        const message = `请求过于频繁：每个地址每分钟最多 ${perMinute} 次，请 ${retry} 秒后再试。批量获取数据请使用每日全量文件（/open-data）。`;
        if (req.url.startsWith('/api/')) {
          return reply.code(429).header('access-control-allow-origin', '*').send({ error: { code: 'rate_limited', message, details: [{ field: '(request)', message: `retryAfter=${retry}` }] } });
        }
        return sendHtml(reply, page({ title: '请求过于频繁', content: html`<h1>请求过于频繁</h1><p>${message}</p><p><a href="/open-data">了解开放数据与批量下载</a></p>` }), 429);
      }
    });
  }
  registerSearchRoutes(app, ctx);
  registerOpenDataRoutes(app, ctx);
  registerFeedRoutes(app, ctx);
  registerSubscriptionRoutes(app, ctx);
}
