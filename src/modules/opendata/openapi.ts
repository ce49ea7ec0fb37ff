// The OpenAPI paths and schemas of issue 5 (search, change feed – disclosures and 黑名单), merged into /api/v1/openapi.json
// by modules/api/openapi.ts. Parameters come from the same zod schemas that validate requests.
import { z } from 'zod';
import { SearchQuery } from '../search/routes.ts';
import { ChangesQuery } from './routes.ts';

function params(obj: z.ZodObject, examples: Record<string, unknown> = {}) {
  const js = z.toJSONSchema(obj, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(js.properties).map(([name, p]) => ({
    name,
    in: 'query',
    required: js.required?.includes(name) ?? false,
    description: p.description,
    schema: { ...p, description: undefined },
    ...(name in examples ? { example: examples[name] } : {}),
  }));
}

const err = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const rateLimited = {
  description: '请求过于频繁（每个 IP 每分钟有上限）；Retry-After 头给出等待秒数',
  headers: { 'Retry-After': { schema: { type: 'integer' }, description: '需要等待的秒数' } },
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' }, example: { error: { code: 'rate_limited', message: '请求过于频繁：每个地址每分钟最多 120 次，请 42 秒后再试。', details: [{ field: '(request)', message: 'retryAfter=42' }] } } } },
};

const searchExample = {
  query: { terms: ['危房改造'], sort: 'relevance', page: 1, limit: 20 },
  total: 2,
  totalIsLowerBound: false,
  lastPage: 1,
  relevanceWindow: null,
  tookMs: 3.1,
  data: [
    {
      kind: 'disclosure',
      id: 128,
      url: 'https://gongkai.example.gov.cn/disclosures/128',
      state: 'published',
      title: '2026年城区危房改造补助对象公示',
      titleHtml: '2026年城区<mark>危房改造</mark>补助对象公示',
      snippetHtml: '根据《农村<mark>危房改造</mark>补助资金管理办法》，现将…',
      sector: 'housing',
      itemType: { code: 'housing-subsidy-list', name: '补助对象公示' },
      department: { code: 'zjj', name: '住建局' },
      stage: 'result',
      publishedAt: '2026-03-02T02:00:00.000Z',
      updatedAt: '2026-03-02T02:00:00.000Z',
      score: 14.2,
    },
    {
      kind: 'blacklist',
      id: 17,
      url: 'https://gongkai.example.gov.cn/blacklist/17',
      state: 'published',
      title: '钟石古',
      titleHtml: '钟石古',
      snippetHtml: '失信行为：隐瞒家庭收入和住房情况，以虚假材料申报农村<mark>危房改造</mark>补助…',
      sector: 'housing',
      itemType: null,
      department: { code: 'lsz', name: '犁市镇' },
      stage: null,
      publishedAt: '2026-09-03T07:00:00.000Z',
      updatedAt: '2026-09-03T07:00:00.000Z',
      score: 9.8,
    },
  ],
  facets: { sector: [{ value: 'housing', label: '住房保障', count: 2 }], itemType: [{ value: 'housing-subsidy-list', label: '补助对象公示', count: 1 }], department: [{ value: 'lsz', label: '犁市镇', count: 1 }, { value: 'zjj', label: '住建局', count: 1 }], year: [{ value: '2026', label: '2026年', count: 2 }], stage: [{ value: 'result', label: '结果', count: 1 }], kind: [{ value: 'blacklist', label: '黑名单', count: 1 }, { value: 'disclosure', label: '公开信息', count: 1 }] },
  facetsApproximate: false,
};

const changesExample = {
  data: [
    { seq: 41, entity: 'disclosure', kind: 'publish', at: '2026-03-02T02:00:00.000Z', disclosure: { id: 128, version: 1, title: '2026年城区危房改造补助对象公示', sector: 'housing', itemType: 'housing-subsidy-list', department: 'zjj', projectId: null, url: 'https://gongkai.example.gov.cn/disclosures/128?version=1', apiUrl: 'https://gongkai.example.gov.cn/api/v1/disclosures/128' }, reason: null },
    { seq: 42, entity: 'disclosure', kind: 'withdraw', at: '2026-03-03T01:00:00.000Z', disclosure: { id: 99, version: 2, title: '某采购项目中标结果公告', sector: 'procurement', itemType: 'procurement-award', department: 'czj', projectId: 7, url: 'https://gongkai.example.gov.cn/disclosures/99', apiUrl: 'https://gongkai.example.gov.cn/api/v1/disclosures/99' }, reason: '重复发布' },
    {
      seq: 43,
      entity: 'blacklist',
      kind: 'repair',
      at: '2026-03-04T03:00:00.000Z',
      blacklist: {
        id: 12,
        url: 'https://gongkai.example.gov.cn/blacklist/12',
        subject: { kind: 'company', kindName: '法人及非法人组织', name: '韶关市恒达建筑工程有限公司', creditCode: '91440204MA4UX1Y27E', idNumberMasked: null },
        conduct: '提供虚假材料谋取中标',
        legalBasis: '《政府采购法》第七十七条',
        department: { code: 'czj', name: '韶关市浈江区财政局' },
        decision: { number: '浈财采罚〔2025〕3号', date: '2025-01-10' },
        sector: 'procurement',
        severity: { code: 'procurement-bar', name: '禁止参加政府采购活动' },
        period: { start: '2025-01-10', end: '2027-01-09' },
        status: 'repaired',
        statusName: '已信用修复',
        current: false,
        closedOn: '2026-03-04',
        closeReason: '已缴清罚款并完成整改',
        disclosure: null,
        publishedAt: '2025-01-12T07:00:00.000Z',
      },
      reason: '已缴清罚款并完成整改',
    },
  ],
  nextCursor: 'YzE6NDM',
  more: false,
};

export function openDataPaths() {
  return {
    '/search': {
      get: {
        operationId: 'search',
        summary: '全文检索：按原文精确匹配（单字、词语、短语、跨词子串、公司名、项目编号），相关度或时间排序，分面统计，高亮',
        description: '搜索词中的空格分隔多个词（须同时出现）；引号、星号、NEAR/AND 等不是运算符，只按文字匹配。计数和分面在 10,000 条以内精确，超过时 totalIsLowerBound/facetsApproximate 为 true（按最新 10,000 条统计）；相关度排序在最新 1,000 条匹配结果中计算（relevanceWindow）。已撤回信息只以标题和撤回原因被检索到（state=withdrawn）。检索范围包括公开信息、项目和黑名单记录（kind=blacklist，按 /blacklist 页面公开的脱敏内容索引，单位分面为作出决定的单位）；因公示期满、信用修复或决定撤销而移出公示的黑名单记录只以当事人名称、代码和移出原因被检索到（state=withdrawn）。',
        parameters: params(SearchQuery, { q: '危房改造', sort: 'relevance' }),
        responses: {
          '200': { description: '一页结果', content: { 'application/json': { schema: { $ref: '#/components/schemas/SearchResult' }, example: searchExample } } },
          '400': err('参数错误：搜索词为空、只含标点（no_searchable_text）、过长（too_long）、页码超出（page_out_of_range）等'),
          '429': rateLimited,
        },
      },
    },
    '/changes': {
      get: {
        operationId: 'listChanges',
        summary: '变更流：公开信息的每一次发布、更正、撤回，黑名单记录的每一次发布、信用修复、撤销、到期，按提交顺序排列（用于镜像同步）',
        description: '保存 nextCursor，下次以 since=nextCursor 请求；more 为 true 时立即读取下一页。序号按事务提交顺序分配，同一游标总是返回相同结果。entity 指明变更的对象：disclosure 的条目与此前相同（disclosure 字段）；blacklist 的条目在 blacklist 字段中给出该记录在变更当时的公开内容（与 GET /blacklist/{id} 相同，身份证号码已脱敏），镜像按 id 覆盖保存即可。只同步一类时可加 entity 参数，序号和游标不变。',
        parameters: params(ChangesQuery, { limit: 100, entity: 'blacklist' }),
        responses: {
          '200': { description: '一页变更', content: { 'application/json': { schema: { $ref: '#/components/schemas/ChangeList' }, example: changesExample } } },
          '400': err('参数错误或游标无效（invalid_cursor）'),
          '429': rateLimited,
        },
      },
    },
  };
}

const Ref = { type: ['object', 'null'], properties: { code: { type: 'string' }, name: { type: 'string' } } };
const FacetList = { type: 'array', items: { type: 'object', required: ['value', 'label', 'count'], properties: { value: { type: 'string' }, label: { type: 'string' }, count: { type: 'integer' } } } };

export function openDataSchemas() {
  return {
    SearchHit: {
      type: 'object',
      required: ['kind', 'id', 'url', 'state', 'title', 'titleHtml', 'snippetHtml', 'publishedAt', 'updatedAt'],
      properties: {
        kind: { type: 'string', enum: ['disclosure', 'project', 'blacklist'], description: 'disclosure 公开信息，project 项目，blacklist 黑名单记录（url 为其公开页面）' },
        id: { type: 'integer' },
        url: { type: 'string' },
        state: { type: 'string', enum: ['published', 'withdrawn'], description: 'withdrawn：已撤回的信息或已移出公示的黑名单记录（墓碑记录）' },
        title: { type: 'string', description: '标题；黑名单记录为当事人名称' },
        titleHtml: { type: 'string', description: '标题，匹配处以 <mark> 标出，其余已转义' },
        snippetHtml: { type: 'string', description: '摘要，匹配处以 <mark> 标出，其余已转义' },
        sector: { type: ['string', 'null'] },
        itemType: Ref,
        department: Ref,
        stage: { type: ['string', 'null'] },
        publishedAt: { type: 'string' },
        updatedAt: { type: 'string' },
        score: { type: 'number', description: '相关度得分（按相关度排序时）' },
      },
    },
    SearchResult: {
      type: 'object',
      required: ['query', 'total', 'totalIsLowerBound', 'lastPage', 'data', 'facets', 'facetsApproximate'],
      properties: {
        query: { type: 'object' },
        total: { type: 'integer' },
        totalIsLowerBound: { type: 'boolean', description: 'true：匹配超过 total 条（只精确计数到 10,000）' },
        lastPage: { type: 'integer' },
        relevanceWindow: { type: ['integer', 'null'] },
        tookMs: { type: 'number' },
        data: { type: 'array', items: { $ref: '#/components/schemas/SearchHit' } },
        facets: { type: ['object', 'null'], properties: { kind: FacetList, sector: FacetList, itemType: FacetList, department: FacetList, year: FacetList, stage: FacetList } },
        facetsApproximate: { type: 'boolean' },
      },
    },
    Change: {
      type: 'object',
      required: ['seq', 'entity', 'kind', 'at'],
      description: 'entity 为 disclosure 时有 disclosure 字段，为 blacklist 时有 blacklist 字段',
      properties: {
        seq: { type: 'integer' },
        entity: { type: 'string', enum: ['disclosure', 'blacklist'], description: '变更的对象：disclosure 公开信息，blacklist 黑名单记录' },
        kind: { type: 'string', enum: ['publish', 'correct', 'withdraw', 'repair', 'revoke', 'expire'], description: '公开信息：publish 发布、correct 更正、withdraw 撤回；黑名单：publish 发布公示、repair 信用修复、revoke 决定撤销、expire 公示期满（后三者移出当前公示名单）' },
        at: { type: 'string' },
        disclosure: { type: 'object', properties: { id: { type: 'integer' }, version: { type: 'integer' }, title: { type: 'string' }, sector: { type: 'string' }, itemType: { type: 'string' }, department: { type: 'string' }, projectId: { type: ['integer', 'null'] }, url: { type: 'string' }, apiUrl: { type: 'string' } } },
        blacklist: { $ref: '#/components/schemas/BlacklistEntry', description: '变更当时该记录的公开内容（与 GET /blacklist/{id} 相同，不含 history；身份证号码已脱敏）' },
        reason: { type: ['string', 'null'], description: '更正、撤回、信用修复或撤销的原因' },
      },
    },
    ChangeList: {
      type: 'object',
      required: ['data', 'nextCursor', 'more'],
      properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Change' } }, nextCursor: { type: 'string' }, more: { type: 'boolean' } },
    },
  };
}
