// Request and response schemas of the public API. The same zod objects validate requests and
// generate the OpenAPI document (openapi.ts), so the two cannot drift apart.
import { z } from 'zod';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), '不是有效日期');

export const DisclosureListQuery = z
  .object({
    sector: z.string().max(40).optional().describe('领域代码：housing, procurement, property, construction, general'),
    department: z.string().max(40).optional().describe('单位代码，如 czj'),
    itemType: z.string().max(80).optional().describe('信息类型代码，如 procurement-award'),
    project: z.coerce.number().int().positive().optional().describe('项目 id'),
    from: isoDate.optional().describe('首次发布日期不早于（北京时间）'),
    to: isoDate.optional().describe('首次发布日期不晚于（北京时间）'),
    includeWithdrawn: z.enum(['true', 'false']).optional().describe('是否包含已撤回信息（墓碑记录）'),
    limit: z.coerce.number().int().min(1).max(100).default(20).describe('每页条数，1–100'),
    cursor: z.string().max(200).optional().describe('上一页返回的 nextCursor'),
  })
  .strict();

export const IdParam = z.object({ id: z.string().regex(/^\d{1,10}$/).transform(Number) });

const Ref = z.object({ code: z.string(), name: z.string() });

export const DisclosureJson = z.object({
  id: z.number().int(),
  url: z.string().url(),
  title: z.string(),
  state: z.enum(['published', 'withdrawn']),
  version: z.number().int(),
  sector: z.string(),
  itemType: Ref,
  department: Ref,
  project: z.object({ id: z.number().int(), ocid: z.string(), code: z.string(), title: z.string() }).nullable(),
  formedDate: isoDate,
  dueDate: isoDate.nullable(),
  firstPublishedAt: z.string().nullable(),
  lastPublishedAt: z.string().nullable(),
  fields: z.record(z.string(), z.unknown()).describe('公开字段（个人信息已脱敏，保密字段不出现）'),
  withheld: z.array(z.object({ field: z.string(), reason: z.string() })).describe('依法不予公开的字段及理由'),
});

export const DisclosureDetailJson = DisclosureJson.extend({
  bodyHtml: z.string().describe('正文（已清洗的 HTML）'),
  attachments: z.array(z.object({ filename: z.string(), url: z.string(), size: z.number().int(), mediaType: z.string(), sha256: z.string() })),
  versions: z.array(z.object({ version: z.number().int(), publishedAt: z.string(), changeReason: z.string().nullable(), url: z.string().nullable().describe('null when the version is sealed'), sealed: z.object({ at: z.string(), reason: z.string() }).nullable().describe('an earlier version sealed (屏蔽) because it contained content that may not be disclosed; its content is never public again') })),
  withdrawal: z.object({ at: z.string(), reason: z.string() }).nullable(),
});

export const DisclosureListJson = z.object({
  data: z.array(DisclosureJson),
  nextCursor: z.string().nullable().describe('下一页游标；为 null 表示没有更多'),
});

export const ItemTypeJson = z.object({
  code: z.string(),
  name: z.string(),
  sector: z.string(),
  category: z.string(),
  stage: z.string(),
  description: z.string(),
  legalBasis: z.string(),
  deadlineRule: z.object({ code: z.string(), description: z.string().nullable() }),
  minDurationRule: z.object({ code: z.string(), description: z.string().nullable() }).nullable(),
  channels: z.array(z.string()),
  fieldsSchema: z.record(z.string(), z.unknown()).describe('字段的 JSON Schema'),
});

export const DepartmentJson = z.object({
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.enum(['bureau', 'town', 'office']),
  creditCode: z.string().nullable(),
  url: z.string(),
});

export const ErrorJson = z.object({
  error: z.object({
    code: z.string().describe('稳定的英文错误代码，如 validation_failed, not_found, invalid_cursor'),
    message: z.string().describe('中文说明'),
    details: z.array(z.object({ field: z.string(), message: z.string(), code: z.string().optional() })),
  }),
});
