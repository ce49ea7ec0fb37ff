// OpenAPI 3.1 document built from the zod schemas that validate the requests (schemas.ts).
import { z } from 'zod';
import * as S from './schemas.ts';
import { openDataPaths, openDataSchemas } from '../opendata/openapi.ts';
import { OCDS_SECURITY_SCHEMES, ocdsPaths, ocdsSchemas } from '../ocds/openapi.ts';
import * as Cal from '../timeliness/schemas.ts';
import { blacklistPaths, blacklistSchemas } from '../blacklist/schemas.ts';
import { redFlagPaths, redFlagSchemas } from '../red-flags/openapi.ts';
import { workPlanOpenApiPaths } from '../work-plans/api.ts';
import { inspectionOpenApiPaths } from '../inspections/api.ts';
import { assessmentPaths, assessmentSchemas } from '../assessment/openapi.ts';
import { logPaths } from '../publication-log/openapi.ts';

function schema(s: z.ZodType): Record<string, unknown> {
  const js = z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  delete js.$schema;
  return js;
}

function queryParams(obj: z.ZodObject) {
  const js = z.toJSONSchema(obj, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(js.properties).map(([name, p]) => ({
    name,
    in: 'query',
    required: js.required?.includes(name) ?? false,
    description: p.description,
    schema: { ...p, description: undefined },
  }));
}

const errorResponses = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: ({ 400: '参数错误', 404: '未找到', 429: '请求过于频繁' } as Record<number, string>)[c] ?? '错误', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));

export function buildOpenApi(baseUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'gongkai 公共资源配置领域政府信息公开 API',
      version: '1.0.0',
      description: '浈江区公共资源配置领域（住房保障、政府采购、国有产权交易、工程建设项目招标投标）公开信息的开放接口。无需注册，返回 JSON；个人信息已脱敏，依法不予公开的字段列在 withheld 中。',
      license: { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
    },
    servers: [{ url: `${baseUrl}/api/v1` }],
    paths: {
      '/disclosures': {
        get: {
          operationId: 'listDisclosures',
          summary: '公开信息列表（按首次发布时间倒序，游标分页）',
          parameters: queryParams(S.DisclosureListQuery),
          responses: {
            '200': { description: '一页公开信息', content: { 'application/json': { schema: { $ref: '#/components/schemas/DisclosureList' }, example: { data: [], nextCursor: null } } } },
            ...errorResponses(400),
          },
        },
      },
      '/disclosures/{id}': {
        get: {
          operationId: 'getDisclosure',
          summary: '一条公开信息（当前版本、版本记录、附件）',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' }, example: 1 }],
          responses: { '200': { description: '公开信息', content: { 'application/json': { schema: { $ref: '#/components/schemas/DisclosureDetail' } } } }, ...errorResponses(404) },
        },
      },
      '/item-types': {
        get: {
          operationId: 'listItemTypes',
          summary: '信息类型（事项）及其字段、公开时限和依据',
          responses: { '200': { description: '全部信息类型', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: { $ref: '#/components/schemas/ItemType' } } } } } } } },
        },
      },
      '/departments': {
        get: {
          operationId: 'listDepartments',
          summary: '公开单位',
          responses: { '200': { description: '全部单位', content: { 'application/json': { schema: { type: 'object', properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Department' } } } } } } } },
        },
      },
      '/calendar/due': {
        get: {
          operationId: 'calendarDue',
          summary: '期限计算：起算日后第 N 个工作日或第 N 日（民法典第二百零一条、第二百零三条，按国务院办公厅节假日安排）',
          parameters: queryParams(Cal.CalendarDueQuery),
          responses: {
            '200': { description: '期限届满日及依据', content: { 'application/json': { schema: { $ref: '#/components/schemas/CalendarDue' }, example: { from: '2023-09-20', due: '2023-10-24', unit: 'workingDays', basis: '《民法典》第二百零一条：…' } } } },
            ...errorResponses(400),
            '422': { description: '日期超出已载入的工作日历（calendar_unknown），不作推测', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          },
        },
      },
      '/calendar/days': {
        get: {
          operationId: 'calendarDays',
          summary: '某年的法定节假日和调休上班日及其通知',
          parameters: queryParams(Cal.CalendarDaysQuery),
          responses: {
            '200': { description: '该年的放假日和调休上班日', content: { 'application/json': { schema: { $ref: '#/components/schemas/CalendarDays' } } } },
            ...errorResponses(400),
            '422': { description: '该年度的节假日安排尚未载入（calendar_unknown）', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          },
        },
      },
      ...openDataPaths(),
      ...ocdsPaths(),
      ...blacklistPaths(),
      ...redFlagPaths(),
      ...workPlanOpenApiPaths(),
      ...inspectionOpenApiPaths(),
      ...assessmentPaths(),
      ...logPaths(),
    },
    components: {
      schemas: {
        ...openDataSchemas(),
        ...ocdsSchemas(),
        ...blacklistSchemas(),
        ...redFlagSchemas(),
        ...assessmentSchemas(),
        Disclosure: schema(S.DisclosureJson),
        DisclosureDetail: schema(S.DisclosureDetailJson),
        DisclosureList: { type: 'object', required: ['data', 'nextCursor'], properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Disclosure' } }, nextCursor: { type: ['string', 'null'] } } },
        ItemType: schema(S.ItemTypeJson),
        Department: schema(S.DepartmentJson),
        Error: schema(S.ErrorJson),
        CalendarDue: schema(Cal.CalendarDueJson),
        CalendarDays: schema(Cal.CalendarDaysJson),
      },
      securitySchemes: { ...OCDS_SECURITY_SCHEMES },
    },
  };
}
