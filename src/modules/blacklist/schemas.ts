// API schemas of the 黑名单 (GET /api/v1/blacklist, /api/v1/blacklist/{id}). The same zod objects
// validate the query and produce the OpenAPI paths merged by modules/api/openapi.ts.
import { z } from 'zod';

export const BlacklistListQuery = z
  .object({
    q: z.string().max(100).optional().describe('当事人名称（部分匹配，忽略空格、全半角、括号和“有限责任公司/有限公司”差异）或统一社会信用代码'),
    creditCode: z.string().max(30).optional().describe('统一社会信用代码（精确匹配）'),
    sector: z.string().max(40).optional().describe('领域代码：housing, procurement, property, construction, general'),
    severity: z.enum(['ordinary', 'serious', 'procurement-bar']).optional().describe('严重程度：ordinary 一般失信，serious 严重失信，procurement-bar 禁止参加政府采购活动'),
    department: z.string().max(40).optional().describe('决定单位代码，如 czj'),
    status: z.enum(['current', 'history', 'all']).default('current').describe('current 当前公示（默认）；history 已到期、已信用修复、已撤销；all 全部'),
    page: z.coerce.number().int().min(1).max(100_000).default(1).describe('页码，从 1 开始'),
    limit: z.coerce.number().int().min(1).max(100).default(20).describe('每页条数，1–100'),
  })
  .strict();

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const BlacklistEntryJson = z.object({
  id: z.number().int(),
  url: z.string(),
  subject: z.object({
    kind: z.enum(['company', 'person']),
    kindName: z.string(),
    name: z.string(),
    creditCode: z.string().nullable(),
    idNumberMasked: z.string().nullable().describe('自然人身份证号码，脱敏（保留前2位和后3位）'),
  }),
  conduct: z.string().describe('失信行为'),
  legalBasis: z.string().describe('认定依据'),
  department: z.object({ code: z.string(), name: z.string() }).describe('作出决定并公开的单位（谁制作谁公开）'),
  decision: z.object({ number: z.string(), date: isoDate }),
  sector: z.string(),
  severity: z.object({ code: z.enum(['ordinary', 'serious', 'procurement-bar']), name: z.string() }),
  period: z.object({ start: isoDate, end: isoDate }).describe('公示期（含首尾两日）'),
  status: z.enum(['active', 'expired', 'repaired', 'revoked']),
  statusName: z.string(),
  current: z.boolean().describe('是否在当前公示名单中'),
  closedOn: z.string().nullable().describe('移出公示的日期（到期、信用修复或撤销）'),
  closeReason: z.string().nullable().describe('信用修复或撤销的理由'),
  disclosure: z.object({ id: z.number().int(), url: z.string() }).nullable().describe('相关公开信息（不良行为记录、处理决定等）'),
  publishedAt: z.string().nullable(),
});

export const BlacklistDetailJson = BlacklistEntryJson.extend({
  history: z.array(z.object({ at: z.string(), action: z.enum(['publish', 'expire', 'repair', 'revoke']), reason: z.string().nullable() })),
});

export const BlacklistListJson = z.object({
  data: z.array(BlacklistEntryJson),
  total: z.number().int(),
  page: z.number().int(),
  lastPage: z.number().int(),
});

function params(obj: z.ZodObject) {
  const js = z.toJSONSchema(obj, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(js.properties).map(([name, p]) => ({ name, in: 'query', required: js.required?.includes(name) ?? false, description: p.description, schema: { ...p, description: undefined } }));
}

function schema(s: z.ZodType): Record<string, unknown> {
  const js = z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  delete js.$schema;
  return js;
}

const err = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export function blacklistPaths() {
  return {
    '/blacklist': {
      get: {
        operationId: 'listBlacklist',
        summary: '黑名单（默认当前公示；可按名称、信用代码、领域、严重程度、决定单位查询，分页）',
        parameters: params(BlacklistListQuery),
        responses: { '200': { description: '一页黑名单记录', content: { 'application/json': { schema: { $ref: '#/components/schemas/BlacklistList' } } } }, '400': err('参数错误（validation_failed）') },
      },
    },
    '/blacklist/{id}': {
      get: {
        operationId: 'getBlacklistEntry',
        summary: '一条黑名单记录及其公示记录（发布、到期、信用修复、撤销）',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { '200': { description: '黑名单记录', content: { 'application/json': { schema: { $ref: '#/components/schemas/BlacklistEntryDetail' } } } }, '404': err('未找到（not_found）') },
      },
    },
  };
}

export function blacklistSchemas() {
  return { BlacklistEntry: schema(BlacklistEntryJson), BlacklistEntryDetail: schema(BlacklistDetailJson), BlacklistList: schema(BlacklistListJson) };
}

export const IdParam = z.object({ id: z.string().regex(/^\d{1,10}$/).transform(Number) });
