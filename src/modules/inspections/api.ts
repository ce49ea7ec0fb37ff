// JSON API for inspections. Inspections are internal supervision records, not public: the caller
// is a signed-in user (the office sees every department, staff their own) or a department's API
// key (`Authorization: Bearer gk_…`, its own department only). Without either: 401.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../domain/errors.ts';
import type { Principal } from '../accounts/service.ts';
import { authenticateApiKey } from '../api-keys/service.ts';
import { findDepartmentByCode } from '../departments/service.ts';
import * as svc from './service.ts';
import { KINDS } from './state.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const InspectionListQuery = z
  .object({
    department: z.string().max(40).optional().describe('单位代码，如 czj'),
    kind: z.enum(['scheduled', 'unannounced']).optional().describe('检查方式：scheduled 定期检查，unannounced 不定期抽查'),
    status: z.enum(['open', 'closed', 'overdue']).optional().describe('open 有未销号问题；overdue 有超期问题；closed 已全部销号'),
    from: isoDate.optional().describe('检查日期不早于'),
    to: isoDate.optional().describe('检查日期不晚于'),
  })
  .strict();

export const InspectionStatsQuery = z.object({ department: z.string().max(40).optional().describe('单位代码（缺省为全部可见单位）'), from: isoDate.optional(), to: isoDate.optional() }).strict();

const IdParam = z.object({ id: z.string().regex(/^\d{1,10}$/).transform(Number) });

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new AppError(400, 'validation_failed', '请求参数有误', r.error.issues.map((i) => ({ field: i.path.join('.') || '(query)', message: i.message, code: i.code })));
}

export function registerInspectionApi(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;

  const caller = async (req: FastifyRequest): Promise<Principal> => {
    if (req.principal) return req.principal;
    const auth = req.headers.authorization ?? '';
    const raw = /^Bearer\s+(\S+)$/i.exec(auth)?.[1] ?? '';
    const key = raw ? await authenticateApiKey(db, raw) : null;
    if (!key) throw new AppError(401, 'unauthenticated', '督查检查数据需登录或使用接口密钥（Authorization: Bearer <密钥>）');
    return key.principal;
  };
  const departmentId = async (code: string | undefined) => {
    if (!code) return undefined;
    const d = await findDepartmentByCode(db, code);
    if (!d) throw new AppError(400, 'validation_failed', '请求参数有误', [{ field: 'department', message: `未知单位代码：${code}` }]);
    return d.id;
  };

  app.get('/api/v1/inspections', async (req) => {
    const p = await caller(req);
    const q = parse(InspectionListQuery, req.query);
    const rows = await svc.listInspectionsFor(db, p, { departmentId: await departmentId(q.department), kind: q.kind, status: q.status, from: q.from, to: q.to });
    return {
      data: rows.map((r) => ({ id: r.id, department: { code: r.department_code, name: r.department_name }, kind: r.kind, kindName: KINDS[r.kind], scope: JSON.parse(r.scope) as string[], inspectionDate: r.inspection_date, inspectors: r.inspectors, findings: r.findings, openFindings: r.openFindings, overdueFindings: r.overdueFindings })),
    };
  });

  app.get('/api/v1/inspections/stats', async (req) => {
    const p = await caller(req);
    const q = parse(InspectionStatsQuery, req.query);
    const dept = await departmentId(q.department);
    const office = p.memberships.some((m) => m.role === 'office' || m.role === 'admin');
    if (!office && (dept === undefined || !p.memberships.some((m) => m.departmentId === dept))) throw new AppError(400, 'validation_failed', '请求参数有误', [{ field: 'department', message: '请指定本单位的单位代码' }]);
    return svc.inspectionFindingStats(db, dept ?? null, q.from ?? null, q.to ?? null);
  });

  app.get('/api/v1/inspections/:id', async (req) => {
    const p = await caller(req);
    const { id } = parse(IdParam, req.params);
    const d = await svc.getInspection(db, p, id);
    const i = d.inspection;
    return {
      id: i.id,
      department: { code: i.department_code, name: i.department_name },
      kind: i.kind,
      scope: JSON.parse(i.scope) as string[],
      inspectionDate: i.inspection_date,
      inspectors: i.inspectors,
      summary: i.summary,
      findings: d.findings.map((f) => ({
        seq: f.seq,
        description: f.description,
        evidence: JSON.parse(f.evidence) as string[],
        attachment: f.attachment_filename,
        deadline: f.deadline,
        status: f.status,
        closedDate: f.closed_date,
        answers: d.answers.filter((a) => a.finding_id === f.id).map((a) => ({ body: a.body, answerDate: a.answer_date, at: a.created_at })),
      })),
    };
  });
}

const err = (d: string) => ({ description: d, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

function queryParams(obj: z.ZodObject) {
  const js = z.toJSONSchema(obj, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(js.properties).map(([name, p]) => ({ name, in: 'query', required: js.required?.includes(name) ?? false, description: p.description, schema: { ...p, description: undefined } }));
}

/** OpenAPI paths, merged into /api/v1/openapi.json by api/openapi.ts. */
export function inspectionOpenApiPaths() {
  const security = [{ apiKey: [] }, {}];
  const auth = { '401': err('未登录且未提供有效的接口密钥') };
  return {
    '/inspections': {
      get: {
        operationId: 'listInspections',
        summary: '督查检查列表（政务公开办可见全部单位；单位人员和单位接口密钥仅本单位）',
        security,
        parameters: queryParams(InspectionListQuery),
        responses: { '200': { description: '督查检查', content: { 'application/json': { schema: { type: 'object' } } } }, '400': err('参数错误'), ...auth },
      },
    },
    '/inspections/stats': {
      get: {
        operationId: 'inspectionStats',
        summary: '检查发现问题的整改统计：total, closed, closedOnTime, open, overdue',
        security,
        parameters: queryParams(InspectionStatsQuery),
        responses: { '200': { description: '统计', content: { 'application/json': { schema: { type: 'object' } } } }, '400': err('参数错误'), ...auth },
      },
    },
    '/inspections/{id}': {
      get: {
        operationId: 'getInspection',
        summary: '一次督查检查及其问题、整改答复',
        security,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { '200': { description: '督查检查', content: { 'application/json': { schema: { type: 'object' } } } }, '404': err('未找到（或不属于本单位）'), ...auth },
      },
    },
  };
}
