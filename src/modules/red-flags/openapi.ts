// The OpenAPI paths and schemas of the red flags (issue 8 §3), merged into /api/v1/openapi.json by
// modules/api/openapi.ts. The response shapes are those of routes.ts (flagJson, projectFlagsJson).
import { z } from 'zod';
import { FLAG_CODES } from './flags.ts';

const Evidence = z.object({
  label: z.string(),
  value: z.string(),
  disclosureId: z.number().int().nullable().describe('证据所在的公开信息'),
  url: z.string().nullable(),
  related: z.string().nullable().describe('证据的其他来源页面（如黑名单记录）'),
});

export const ProjectRedFlagsJson = z.object({
  project: z.object({ id: z.number().int(), title: z.string(), sector: z.string(), department: z.string(), url: z.string() }),
  tested: z.number().int().describe('可检测（触发或未触发）的风险提示数'),
  tripped: z.number().int().describe('触发的风险提示数'),
  flags: z.array(
    z.object({
      code: z.enum(FLAG_CODES),
      name: z.string(),
      status: z.enum(['tripped', 'clear', 'not_testable']).describe('tripped 触发；clear 未触发；not_testable 公开数据不足无法检测'),
      reason: z.string(),
      evidence: z.array(Evidence),
      legalBasis: z.string(),
      cardinal: z.string().nullable().describe('对应的 Open Contracting Cardinal 指标编号（如 R018），无对应时为 null'),
    }),
  ).describe('适用于本项目领域的全部风险提示；住房保障、国有产权交易项目为空数组'),
});

export const RedFlagSummaryJson = z.object({
  projects: z.number().int(),
  flaggedProjects: z.number().int(),
  flags: z.array(
    z.object({
      code: z.enum(FLAG_CODES),
      name: z.string(),
      definition: z.string(),
      sectors: z.array(z.string()),
      thresholds: z.array(z.object({ key: z.string(), label: z.string(), unit: z.string(), value: z.number(), default: z.number(), min: z.number(), max: z.number() })),
      fields: z.array(z.string()).describe('检测使用的信息类型字段'),
      legalBasis: z.string(),
      cardinal: z.string().nullable(),
    }),
  ),
  coverage: z.array(z.object({ code: z.enum(FLAG_CODES), applicable: z.number().int(), testable: z.number().int(), tripped: z.number().int(), clear: z.number().int(), notTestable: z.number().int(), coverage: z.number().nullable().describe('可检测 ÷ 适用') })),
  departments: z.array(z.object({ department: z.string(), projects: z.number().int(), flaggedProjects: z.number().int(), byFlag: z.record(z.string(), z.number().int()) })),
  tripped: z.array(z.object({ projectId: z.number().int(), project: z.string(), department: z.string(), code: z.enum(FLAG_CODES), reason: z.string(), url: z.string() })),
});

function schema(s: z.ZodType): Record<string, unknown> {
  const js = z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  delete js.$schema;
  return js;
}

const err = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

export function redFlagPaths() {
  return {
    '/projects/{id}/red-flags': {
      get: {
        operationId: 'getProjectRedFlags',
        summary: '一个项目的风险提示（单一投标、投标期不足、逾期公开等），含证据和依据',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' }, example: 1 }],
        responses: { '200': { description: '该项目的风险提示', content: { 'application/json': { schema: { $ref: '#/components/schemas/ProjectRedFlags' } } } }, '404': err('未找到该项目') },
      },
    },
    '/red-flags': {
      get: {
        operationId: 'getRedFlagSummary',
        summary: '风险提示汇总：定义、阈值、依据、各单位触发数和检测覆盖率',
        responses: { '200': { description: '汇总', content: { 'application/json': { schema: { $ref: '#/components/schemas/RedFlagSummary' } } } } },
      },
    },
  };
}

export function redFlagSchemas() {
  return { ProjectRedFlags: schema(ProjectRedFlagsJson), RedFlagSummary: schema(RedFlagSummaryJson) };
}
