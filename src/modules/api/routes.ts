// Public JSON API v1 (DESIGN.md §6). Read-only, CORS-open, validated by the zod schemas that also
// produce /api/v1/openapi.json.
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { describeRule, findRule } from '../../calendar/index.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import { listDepartments } from '../departments/service.ts';
import { toPublicJsonList } from '../disclosures/public-json.ts';
import { toJsonSchema } from '../item-types/fields.ts';
import { buildOpenApi } from './openapi.ts';
import * as S from './schemas.ts';

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new AppError(
    400,
    'validation_failed',
    '请求参数有误',
    r.error.issues.map((i) => ({ field: i.path.join('.') || '(query)', message: i.code === 'unrecognized_keys' ? `不支持的参数：${(i as { keys: string[] }).keys.join(', ')}` : i.message, code: i.code })),
  );
}

export function encodeCursor(c: { at: string; id: number }): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

export function decodeCursor(s: string): { at: string; id: number } {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && Number.isInteger(v[1])) return { at: v[0], id: v[1] as number };
  } catch {
    // fall through
  }
  throw new AppError(400, 'invalid_cursor', '游标无效，请使用上一页返回的 nextCursor');
}

export function registerApiRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;
  const reg = ctx.itemTypes;
  const base = ctx.config.baseUrl;

  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/') && (req.method === 'GET' || req.method === 'HEAD')) {
      reply.header('access-control-allow-origin', '*');
      reply.header('vary', 'origin');
    }
    return payload;
  });

  app.get('/api/v1/openapi.json', async () => buildOpenApi(base));

  app.get('/api/v1/disclosures', { config: { pageCache: true } }, async (req) => {
    const q = parse(S.DisclosureListQuery, req.query);
    const departments = q.department ? await listDepartments(db) : [];
    const dept = q.department ? departments.find((d) => d.code === q.department) : undefined;
    if (q.department && !dept) throw new AppError(400, 'validation_failed', '请求参数有误', [{ field: 'department', message: `未知单位代码：${q.department}` }]);
    const t = q.itemType ? reg.byCodeOrUndefined(q.itemType) : undefined;
    if (q.itemType && !t) throw new AppError(400, 'validation_failed', '请求参数有误', [{ field: 'itemType', message: `未知信息类型：${q.itemType}` }]);
    const cursor = q.cursor ? decodeCursor(q.cursor) : null;
    const rows = await ctx.disclosures.listPublicAfter({ sector: q.sector, departmentId: dept?.id, itemTypeId: t?.id, projectId: q.project, from: q.from, to: q.to, includeWithdrawn: q.includeWithdrawn === 'true' }, q.limit + 1, cursor);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      data: await toPublicJsonList(db, reg, base, page),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ at: last.first_published_at!, id: last.id }) : null,
    };
  });

  app.get('/api/v1/disclosures/:id', { config: { pageCache: true } }, async (req) => {
    const { id } = parse(S.IdParam, req.params);
    const { disclosure: d, versions, row, withdrawal: w, seals } = await ctx.disclosures.getPublic(id);
    const [json] = await toPublicJsonList(db, reg, base, [row]);
    const current = versions.find((v) => v.version === d.version)!;
    const withdrawn = d.state === 'withdrawn';
    const attachments = withdrawn ? [] : (JSON.parse(current.attachments) as { id: number; filename: string; size: number; mime: string; sha256: string }[]);
    return {
      ...json!,
      bodyHtml: withdrawn ? '' : current.body_html,
      attachments: attachments.map((a) => ({ filename: a.filename, url: `${base}/disclosures/${id}/attachments/${a.id}`, size: a.size, mediaType: a.mime, sha256: a.sha256 })),
      versions: versions.map((v) => {
        const seal = seals.get(v.version);
        return { version: v.version, publishedAt: v.published_at, changeReason: v.change_reason, url: seal ? null : `${base}/disclosures/${id}?version=${v.version}`, sealed: seal ? { at: seal.sealed_at, reason: seal.reason } : null };
      }),
      withdrawal: w ? { at: w.at, reason: w.reason ?? '' } : null,
    };
  });

  app.get('/api/v1/item-types', async () => ({
    data: reg.active().map((t) => {
      const r = findRule(t.deadlineRule);
      const m = t.minDurationRule ? findRule(t.minDurationRule) : undefined;
      return {
        code: t.code,
        name: t.name,
        sector: t.sector,
        category: t.category,
        stage: t.stage,
        description: t.description,
        legalBasis: t.legalBasis,
        deadlineRule: { code: t.deadlineRule, description: r ? describeRule(r) : null },
        minDurationRule: t.minDurationRule ? { code: t.minDurationRule, description: m ? describeRule(m) : null } : null,
        channels: [...t.channels],
        fieldsSchema: toJsonSchema(t.fields),
      };
    }),
  }));

  app.get('/api/v1/departments', async () => ({
    data: (await listDepartments(db)).map((d) => ({ code: d.code, name: d.name, shortName: d.short_name, kind: d.kind, creditCode: d.credit_code, url: `${base}/departments/${d.code}` })),
  }));
}
