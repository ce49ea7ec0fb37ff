// OpenAPI paths of the OCDS endpoints (merged into /api/v1/openapi.json by api/openapi.ts).
import { z } from 'zod';
import { OcdsReleasesQuery } from './routes.ts';

const OCDS_SCHEMA = 'https://standard.open-contracting.org/schema/1__1__5';
const err = (d: string) => ({ description: d, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

function params(obj: z.ZodObject) {
  const js = z.toJSONSchema(obj, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(js.properties).map(([name, p]) => ({ name, in: 'query', required: js.required?.includes(name) ?? false, description: p.description, schema: { ...p, description: undefined } }));
}

export function ocdsPaths() {
  return {
    '/ocds/releases': {
      get: {
        operationId: 'ocdsReleases',
        summary: 'OCDS 1.1 发布包：政府采购和工程建设项目招标投标信息的全部 release（按发布时间正序，游标分页，links.next）',
        description: '每个已发布版本一个 release（id 为 `<ocid>-<信息编号>-v<版本>`）。招标、中标（成交）或合同公告被撤回时，在撤回时刻增加一个 release（id 为 `<ocid>-<信息编号>-withdrawn`）：相应的 tender、awards 或 contracts 状态为 cancelled，撤回原因见 amendments 的 rationale 和 documentType 为 cancellationDetails 的文件；被撤回公告自身的 release 不再提供。',
        parameters: params(OcdsReleasesQuery),
        responses: { '200': { description: `OCDS release package（${OCDS_SCHEMA}/release-package-schema.json，含 bids、lots、withheldInformation 扩展）`, content: { 'application/json': { schema: { $ref: '#/components/schemas/OcdsPackage' } } } }, '400': err('since 参数无效（invalid_cursor）') },
      },
    },
    '/ocds/releases/bulk.json': {
      get: { operationId: 'ocdsBulk', summary: '全部 release 的发布包（流式输出的整文件）', responses: { '200': { description: 'OCDS release package', content: { 'application/json': { schema: { $ref: '#/components/schemas/OcdsPackage' } } } } } },
    },
    '/ocds/records/{ocid}': {
      get: {
        operationId: 'ocdsRecord',
        summary: '一个项目（ocid）的 OCDS 记录包：全部 release 及合并后的 compiledRelease',
        parameters: [{ name: 'ocid', in: 'path', required: true, schema: { type: 'string' }, example: 'ocds-gk0000-ZJCG-2026-015' }],
        responses: { '200': { description: `OCDS record package（${OCDS_SCHEMA}/record-package-schema.json）`, content: { 'application/json': { schema: { $ref: '#/components/schemas/OcdsPackage' } } } }, '404': err('该 ocid 没有已公开的信息') },
      },
    },
    '/ingest/ocds': {
      post: {
        operationId: 'ocdsIngest',
        summary: '交易平台推送 OCDS 1.1 发布包：按 ocid 归入项目，按 release 生成待审核草稿（不直接发布）；按 release id 幂等',
        security: [{ apiKey: [] }],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/OcdsPackage' } } } },
        responses: {
          '200': { description: '逐个 release 的处理报告', content: { 'application/json': { schema: { $ref: '#/components/schemas/OcdsIngestReport' } } } },
          '400': err('不是有效的 OCDS 发布包（invalid_package，details 为 JSON 路径）'),
          '401': err('缺少或无效的接口密钥（invalid_api_key）'),
          '409': err('同一 release 正被并发接收，请重试'),
          '413': err('超过大小上限'),
          '415': err('正文不是 application/json'),
        },
      },
    },
  };
}

export function ocdsSchemas() {
  return {
    OcdsPackage: { type: 'object', description: `OCDS 1.1 release package 或 record package；完整定义见 ${OCDS_SCHEMA}/release-package-schema.json`, externalDocs: { url: 'https://standard.open-contracting.org/1.1/zh/' } },
    OcdsIngestReport: {
      type: 'object',
      required: ['summary', 'releases'],
      properties: {
        summary: { type: 'object', properties: { received: { type: 'integer' }, created: { type: 'integer' }, skipped: { type: 'integer' }, rejected: { type: 'integer' } } },
        releases: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              index: { type: 'integer' },
              id: { type: ['string', 'null'] },
              ocid: { type: ['string', 'null'] },
              status: { type: 'string', enum: ['created', 'skipped', 'rejected'] },
              itemType: { type: 'string' },
              projectId: { type: 'integer' },
              disclosureId: { type: 'integer' },
              errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string', description: 'JSON Pointer，如 /releases/3/awards/0/value/currency' }, message: { type: 'string' } } } },
              warnings: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
  };
}

export const OCDS_SECURITY_SCHEMES = { apiKey: { type: 'http', scheme: 'bearer', description: '政务公开办在 /admin/api-keys 为单位创建的接口密钥' } };
