// The publication log's endpoints in /api/v1/openapi.json (merged by modules/api/openapi.ts). The
// parameters are read by hand in routes.ts (RFC 6962 / C2SP shapes), so they are described here.
const err = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const q = (name: string, description: string, required = false, type: 'integer' | 'string' = 'integer') => ({ name, in: 'query', required, description, schema: { type, ...(type === 'integer' ? { minimum: 0 } : {}) } });
const json = (description: string, schema: Record<string, unknown>, example?: unknown) => ({ description, content: { 'application/json': { schema, ...(example ? { example } : {}) } } });
const b64 = { type: 'string', description: 'Base64 编码的 32 字节 SHA-256 哈希' };
const TAG = ['公开记录（Merkle 日志）'];

export function logPaths(): Record<string, unknown> {
  return {
    '/log/checkpoint': {
      get: {
        tags: TAG,
        summary: '最新签名检查点（C2SP signed note：来源、树大小、根哈希与 Ed25519 签名）',
        parameters: [q('cosigned', '为 1 时附上见证方联署签名', false, 'string')],
        responses: { '200': { description: '检查点', content: { 'text/plain': { schema: { type: 'string' }, example: 'localhost/publication-log\n412\nq7J0…=\n\n— localhost/publication-log Az3f…\n' } } } },
      },
    },
    '/log/keys': {
      get: { tags: TAG, summary: '验证检查点所用的公钥（含轮换中的旧钥）与见证方', responses: { '200': json('公钥', { type: 'object', properties: { origin: { type: 'string' }, keys: { type: 'array', items: { type: 'object' } }, witnesses: { type: 'array', items: { type: 'string' } } } }) } },
    },
    '/log/entries': {
      get: {
        tags: TAG,
        summary: '按区间 [start, end) 读取日志叶子（超出日志末尾的部分被截去，如 RFC 6962 get-entries）',
        parameters: [q('start', '起始叶子序号（从 0 起）', true), q('end', '结束序号（不含），每次最多 1000 条', true)],
        responses: { '200': json('叶子', { type: 'object', properties: { treeSize: { type: 'integer' }, start: { type: 'integer' }, end: { type: 'integer' }, entries: { type: 'array', items: { type: 'object' } } } }), '400': err('区间无效（range_too_large、beyond_log、validation_failed）') },
      },
    },
    '/log/proof/inclusion': {
      get: {
        tags: TAG,
        summary: '包含证明：某叶子在给定树大小的日志中（默认最新签名检查点的大小）',
        parameters: [q('leaf', '叶子序号；或改用 hash + disclosure'), q('hash', '叶子哈希（Base64）', false, 'string'), q('disclosure', '按哈希查询时叶子中的信息编号'), q('size', '树大小，默认最新检查点')],
        responses: { '200': json('证明', { type: 'object', properties: { leafIndex: { type: 'integer' }, treeSize: { type: 'integer' }, leafHash: b64, rootHash: b64, proof: { type: 'array', items: b64 } } }), '400': err('参数无效'), '404': err('没有该叶子') },
      },
    },
    '/log/proof/consistency': {
      get: {
        tags: TAG,
        summary: '一致性证明：较早的树（from）是较新的树（to）的前缀，即日志只追加、未改写',
        parameters: [q('from', '较早的树大小', true), q('to', '较新的树大小，默认最新检查点')],
        responses: { '200': json('证明', { type: 'object', properties: { from: { type: 'integer' }, to: { type: 'integer' }, fromRootHash: b64, toRootHash: b64, proof: { type: 'array', items: b64 } } }), '400': err('参数无效（beyond_log 等）') },
      },
    },
    '/log/disclosures/{id}': {
      get: {
        tags: TAG,
        summary: '一条信息在日志中的全部叶子，及服务器按现在公开的内容重新计算的内容哈希（撤回或已屏蔽的版本只给哈希，不再给内容）',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
        responses: { '200': json('叶子与内容', { type: 'object', properties: { disclosureId: { type: 'integer' }, withdrawn: { type: 'boolean' }, entries: { type: 'array', items: { type: 'object', properties: { index: { type: 'integer' }, version: { type: 'integer' }, event: { type: 'string', enum: ['publish', 'correct', 'withdraw'] }, leafContentHash: { type: 'string' }, contentHash: { type: ['string', 'null'] }, content: { type: ['object', 'null'] }, note: { type: 'string', enum: ['withdrawn', 'sealed', 'version_missing', 'withdrawal_missing'] }, proofUrl: { type: 'string' } } } } } }), '404': err('日志中没有该信息') },
      },
    },
    '/log/cosign': {
      post: {
        tags: TAG,
        summary: '见证方提交联署后的检查点（原文加见证签名）',
        requestBody: { required: true, content: { 'text/plain': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object', required: ['note'], properties: { note: { type: 'string' } } } } } },
        responses: { '200': json('已接受的联署', { type: 'object' }), '400': err('检查点不是本日志签发的，或签名无效'), '413': err('检查点过大') },
      },
    },
  };
}
