// OCDS endpoints of the public API: the release feed, record packages, the bulk file, and the
// authenticated ingestion of release packages pushed by trading platforms.
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../domain/errors.ts';
import { authenticateApiKey } from '../api-keys/service.ts';
import { OcdsIngestService } from './ingest-service.ts';
import { OcdsService } from './service.ts';

export const OcdsReleasesQuery = z
  .object({
    since: z.string().max(300).optional().describe('上一页 links.next 中的游标，或 ISO 日期时间（返回其后发布的 release）'),
    limit: z.coerce.number().int().min(1).max(1000).default(100).describe('每页 release 数，1–1000'),
  })
  .strict();

export function registerOcdsRoutes(app: FastifyInstance, ctx: AppContext) {
  const ocds = new OcdsService(ctx.database.db, ctx.itemTypes, ctx.config);
  const ingest = new OcdsIngestService(ctx.database.db, ctx.disclosures, ctx.itemTypes);

  app.get('/api/v1/ocds/releases', async (req, reply) => {
    const q = OcdsReleasesQuery.safeParse(req.query);
    if (!q.success) throw new AppError(400, 'validation_failed', '请求参数有误', q.error.issues.map((i) => ({ field: i.path.join('.') || '(query)', message: i.message, code: i.code })));
    return reply.type('application/json; charset=utf-8').send(await ocds.releasePage(q.data.since, q.data.limit));
  });

  app.get('/api/v1/ocds/releases/bulk.json', async (req, reply) => {
    const out = new PassThrough();
    ocds.writeBulk(out).catch((e: unknown) => {
      req.log.error({ err: e }, 'OCDS bulk export failed');
      out.destroy(e instanceof Error ? e : new Error(String(e)));
    });
    return reply.type('application/json; charset=utf-8').header('content-disposition', 'attachment; filename="ocds-releases.json"').send(out);
  });

  app.get<{ Params: { ocid: string } }>('/api/v1/ocds/records/:ocid', async (req, reply) => {
    const ocid = req.params.ocid;
    if (!/^ocds-[A-Za-z0-9]{6}-[^\s/]{1,200}$/.test(ocid)) throw new AppError(404, 'not_found', '未找到该 ocid 的记录');
    return reply.type('application/json; charset=utf-8').send(await ocds.recordPackage(ocid));
  });

  // Release packages can be large: the body limit is the upload limit, not the form limit.
  app.post('/api/v1/ingest/ocds', { bodyLimit: ctx.config.maxUploadBytes }, async (req) => {
    const auth = req.headers.authorization ?? '';
    const raw = /^Bearer\s+(\S+)$/i.exec(auth)?.[1] ?? (typeof req.headers['x-api-key'] === 'string' ? req.headers['x-api-key'] : '');
    const key = raw ? await authenticateApiKey(ctx.database.db, raw) : null;
    if (!key) throw new AppError(401, 'invalid_api_key', '缺少或无效的接口密钥（请求头 Authorization: Bearer <密钥>）');
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw new AppError(415, 'unsupported_media_type', '请求正文应为 application/json 格式的 OCDS 发布包');
    return ingest.ingest(key, req.body);
  });
}
