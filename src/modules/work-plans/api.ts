// JSON API for work plans: published plans are public (anyone may read them, like the department
// page); a round's per-department status is office information (signed-in office staff only).
// The zod schemas here validate the queries and produce the OpenAPI paths (workPlanOpenApi).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../context.ts';
import { AppError, forbidden, notFound } from '../../domain/errors.ts';
import { isOffice } from '../accounts/service.ts';
import { findDepartmentByCode } from '../departments/service.ts';
import type { PlanWithNames } from './repository.ts';
import * as svc from './service.ts';

export const WorkPlanListQuery = z
  .object({
    year: z.coerce.number().int().min(2018).max(2100).optional().describe('年度，如 2026'),
    department: z.string().max(40).optional().describe('单位代码，如 czj'),
    limit: z.coerce.number().int().min(1).max(200).default(100).describe('最多条数，1–200'),
  })
  .strict();

const IdParam = z.object({ id: z.string().regex(/^\d{1,10}$/).transform(Number) });

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new AppError(400, 'validation_failed', '请求参数有误', r.error.issues.map((i) => ({ field: i.path.join('.') || '(query)', message: i.message, code: i.code })));
}

function planJson(base: string, p: PlanWithNames) {
  const c = svc.planContent(p);
  return {
    id: p.id,
    url: `${base}/work-plans/${p.id}`,
    docxUrl: `${base}/work-plans/${p.id}/docx`,
    year: p.round_year,
    title: p.round_title,
    department: { code: p.department_code, name: p.department_name },
    dueDate: p.due_date,
    submittedAt: p.first_submitted_at,
    late: !!p.late,
    filedAt: p.filed_at,
    publishedAt: p.published_at,
    statusGoals: c.statusGoals,
    tasks: c.tasks,
    organisation: c.organisation,
  };
}

export function registerWorkPlanApi(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;
  const base = ctx.config.baseUrl;

  app.get('/api/v1/work-plans', async (req) => {
    const q = parse(WorkPlanListQuery, req.query);
    let departmentId: number | undefined;
    if (q.department) {
      const d = await findDepartmentByCode(db, q.department);
      if (!d) throw new AppError(400, 'validation_failed', '请求参数有误', [{ field: 'department', message: `未知单位代码：${q.department}` }]);
      departmentId = d.id;
    }
    const rows = await svc.publishedPlansOf(db, { departmentId, year: q.year, limit: q.limit });
    return { data: rows.map((r) => planJson(base, r)) };
  });

  app.get('/api/v1/work-plans/:id', async (req) => {
    const { id } = parse(IdParam, req.params);
    const p = await svc.findPlanById(db, id);
    if (!p || p.state !== 'published') throw notFound('工作方案');
    return planJson(base, p);
  });

  app.get('/api/v1/work-plan-rounds/:id/status', async (req) => {
    const { id } = parse(IdParam, req.params);
    if (!req.principal) throw new AppError(401, 'unauthenticated', '请先登录（政务公开办）');
    if (!isOffice(req.principal)) throw forbidden('只有政务公开办可以查看各单位报送情况');
    const round = await svc.findRoundById(db, id);
    if (!round) throw notFound('工作方案报送轮次');
    const rows = await svc.workPlanStatus(db, id);
    return { round: { id: round.id, year: round.year, title: round.title, dueDate: round.due_date }, counts: svc.roundCounts(rows), data: rows };
  });
}

const err = (d: string) => ({ description: d, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

function queryParams(obj: z.ZodObject) {
  const js = z.toJSONSchema(obj, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(js.properties).map(([name, p]) => ({ name, in: 'query', required: js.required?.includes(name) ?? false, description: p.description, schema: { ...p, description: undefined } }));
}

/** OpenAPI paths, merged into /api/v1/openapi.json by api/openapi.ts. */
export function workPlanOpenApiPaths() {
  const plan = { type: 'object', description: '已公开的工作方案：工作现状和目标、主要任务和措施（按信息类别）、组织保障监督和考核' };
  return {
    '/work-plans': {
      get: {
        operationId: 'listWorkPlans',
        summary: '已公开的各单位公共资源配置领域信息公开工作方案',
        parameters: queryParams(WorkPlanListQuery),
        responses: { '200': { description: '工作方案列表', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: plan } } } } } }, '400': err('参数错误') },
      },
    },
    '/work-plans/{id}': {
      get: {
        operationId: 'getWorkPlan',
        summary: '一份已公开的工作方案',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { '200': { description: '工作方案', content: { 'application/json': { schema: plan } } }, '404': err('未找到或未公开') },
      },
    },
    '/work-plan-rounds/{id}/status': {
      get: {
        operationId: 'workPlanRoundStatus',
        summary: '一轮工作方案报送中各单位的状态（逾期报送、逾期未报送）；仅限已登录的政务公开办人员',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { '200': { description: '各单位状态和汇总', content: { 'application/json': { schema: { type: 'object' } } } }, '401': err('未登录'), '403': err('不是政务公开办人员'), '404': err('未找到') },
      },
    },
  };
}
