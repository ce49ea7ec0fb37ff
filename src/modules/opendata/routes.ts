// /open-data (page), GET /api/v1/changes (change feed) and the bulk file downloads.
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../domain/errors.ts';
import { page } from '../../web/layout.ts';
import { pageUser, sendHtml } from '../../web/request.ts';
import { openDataLogSection } from '../publication-log/views.ts';
import { changeJson, decodeChangeCursor, encodeChangeCursor } from './changes.ts';
import { bulkFilePath, listBulkExports } from './export.ts';
import { openDataPage } from './views.ts';

export const ChangesQuery = z
  .object({
    since: z.string().max(200).optional().describe('上一次响应的 nextCursor；不带则从第一条变更开始'),
    limit: z.coerce.number().int().min(1).max(1000).default(100).describe('每页条数，1–1000'),
    entity: z.enum(['disclosure', 'blacklist']).optional().describe('只返回一类变更：disclosure 公开信息，blacklist 黑名单；不带则返回全部（序号和游标不变）'),
  })
  .strict();

export function registerOpenDataRoutes(app: FastifyInstance, ctx: AppContext) {
  const base = ctx.config.baseUrl;

  app.get('/api/v1/changes', async (req) => {
    const r = ChangesQuery.safeParse(req.query);
    if (!r.success) {
      throw new AppError(400, 'validation_failed', '请求参数有误', r.error.issues.map((i) => ({ field: i.path.join('.') || '(query)', message: i.code === 'unrecognized_keys' ? `不支持的参数：${(i as { keys: string[] }).keys.join(', ')}` : i.message })));
    }
    const after = r.data.since ? decodeChangeCursor(r.data.since) : 0;
    const rows = await ctx.changes.list(after, r.data.limit + 1, undefined, r.data.entity);
    const pageRows = rows.slice(0, r.data.limit);
    const last = pageRows[pageRows.length - 1];
    return {
      data: pageRows.map((c) => changeJson(c, base)),
      // Always a cursor to poll with, even on an empty page (the mirror keeps its position).
      nextCursor: encodeChangeCursor(last ? last.id : after),
      more: rows.length > r.data.limit,
    };
  });

  const openData = async (req: Parameters<typeof pageUser>[0]) => {
    const log = ctx.publicationLog;
    const logSection = log
      ? openDataLogSection({ origin: await log.origin(), checkpoint: (await log.latestCheckpoint())?.note ?? null, size: await log.size(), keys: await log.keys(), witnessKeys: log.witnessKeys, baseUrl: base })
      : null;
    const content = openDataPage({ baseUrl: base, exports: listBulkExports(ctx.config.dataDir), perMinute: ctx.config.rateLimitPerMinute, sectors: ctx.itemTypes.sectors, logSection, latestSeq: await ctx.changes.latestSeq() });
    return page({ title: '开放数据', content, user: pageUser(req), current: '/open-data' });
  };

  // The publication-log module registered a first /open-data with its own section; this page
  // includes that section. Until its route is removed, the earlier registration wins (a second
  // GET /open-data would stop the server at start).
  if (!app.hasRoute({ method: 'GET', url: '/open-data' })) {
    app.get('/open-data', async (req, reply) => sendHtml(reply, await openData(req)));
  } else {
    app.log.warn('GET /open-data is already registered (publication-log routes): remove it there so the full open-data page is served');
  }

  app.get<{ Params: { date: string; name: string } }>('/open-data/files/:date/:name', async (req, reply) => {
    const p = bulkFilePath(ctx.config.dataDir, req.params.date, req.params.name);
    if (!p) throw new AppError(404, 'not_found', '未找到该文件（全量文件保留最近 7 天）');
    const name = req.params.name;
    const type = name.endsWith('.csv') ? 'text/csv; charset=utf-8' : name.endsWith('.jsonl') ? 'application/x-ndjson; charset=utf-8' : name.endsWith('.json') ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
    const manifest = listBulkExports(ctx.config.dataDir).find((m) => m.date === req.params.date);
    const f = manifest?.files.find((x) => x.name === name);
    if (f) reply.header('repr-digest', `sha-256=:${Buffer.from(f.sha256, 'hex').toString('base64')}:`);
    return reply
      .type(type)
      .header('content-length', String(fs.statSync(p).size))
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'public, max-age=3600')
      .header('access-control-allow-origin', '*')
      .send(fs.createReadStream(p));
  });
}
