// HTTP face of the publication log: the proofs API (/api/v1/log/…, public, read-only except the
// witness cosignature endpoint), a human proof page per leaf and the /open-data page.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../domain/errors.ts';
import { html } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { pageUser, sendHtml } from '../../web/request.ts';
import { decodeLeaf } from './leaf.ts';
import { verifyInclusion } from './merkle.ts';
import { MAX_ENTRIES_PER_CALL } from './service.ts';
import { proofUrl } from './views.ts';

type Query = Record<string, string | undefined>;

const MAX_NOTE_BYTES = 16 * 1024;

function badParam(field: string, message: string): AppError {
  return new AppError(400, 'validation_failed', '请求参数有误', [{ field, message }]);
}

/** A non-negative integer query parameter; `undefined` when absent and no default. */
function intParam(q: Query, name: string): number | undefined {
  const raw = q[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,15}$/.test(raw)) throw badParam(name, `${name} 应为非负整数`);
  return Number(raw);
}

function requireInt(q: Query, name: string): number {
  const v = intParam(q, name);
  if (v === undefined) throw badParam(name, `缺少参数 ${name}`);
  return v;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

export function registerPublicationLogRoutes(app: FastifyInstance, ctx: AppContext) {
  const log = ctx.publicationLog;
  const base = ctx.config.baseUrl;

  /** Tree size proofs default to: the latest signed checkpoint (what a client can check a root against). */
  async function checkpointSize(): Promise<number> {
    return (await log.latestCheckpoint())?.size ?? 0;
  }

  app.get<{ Querystring: Query }>('/api/v1/log/checkpoint', async (req, reply) => {
    const cosigned = req.query.cosigned === '1' || req.query.cosigned === 'true';
    const note = await log.checkpointNote(cosigned);
    return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(note);
  });

  app.get('/api/v1/log/keys', async () => ({
    origin: await log.origin(),
    keys: await log.keys(),
    witnesses: [...log.witnessKeys],
  }));

  app.get<{ Querystring: Query }>('/api/v1/log/entries', async (req) => {
    const start = requireInt(req.query, 'start');
    const end = requireInt(req.query, 'end');
    if (end <= start) throw badParam('end', 'end 应大于 start（区间为 [start, end)）');
    if (end - start > MAX_ENTRIES_PER_CALL) throw new AppError(400, 'range_too_large', `每次最多返回 ${MAX_ENTRIES_PER_CALL} 条记录`, [{ field: 'end', message: `end − start 不能超过 ${MAX_ENTRIES_PER_CALL}` }]);
    const size = await log.size();
    if (start >= size) throw new AppError(400, 'beyond_log', `公开记录目前只有 ${size} 条`, [{ field: 'start', message: `start 应小于 ${size}` }]);
    // As RFC 6962 get-entries: a range past the end is cut to the log, not refused.
    const stop = Math.min(end, size);
    return { treeSize: size, start, end: stop, entries: await log.entries(start, stop) };
  });

  app.get<{ Querystring: Query }>('/api/v1/log/proof/inclusion', async (req) => {
    const size = intParam(req.query, 'size') ?? (await checkpointSize());
    let leaf = intParam(req.query, 'leaf');
    const hash = req.query.hash;
    if (leaf === undefined && !hash) throw badParam('leaf', '请指定 leaf（叶子序号，从 0 起），或 hash（叶子哈希，Base64）与 disclosure（信息编号）');
    if (leaf === undefined) {
      const h = Buffer.from(hash!, 'base64');
      if (h.length !== 32 || h.toString('base64') !== hash) throw badParam('hash', 'hash 应为 32 字节哈希的 Base64');
      const disclosure = intParam(req.query, 'disclosure');
      if (disclosure === undefined) throw badParam('disclosure', '按叶子哈希查询时请同时指定 disclosure（叶子中的信息编号）');
      leaf = await log.leafIndexByHash(disclosure, h);
      if (leaf === undefined) throw new AppError(404, 'not_found', '公开记录中没有该叶子哈希');
    }
    const treeSize = await log.size();
    if (size > treeSize) throw new AppError(400, 'beyond_log', `公开记录目前只有 ${treeSize} 条`, [{ field: 'size', message: `size 不能超过 ${treeSize}` }]);
    if (leaf >= size) throw new AppError(400, 'leaf_not_in_tree', `第 ${leaf} 号叶子不在大小为 ${size} 的树中（可能尚未纳入检查点）`, [{ field: 'leaf', message: `leaf 应小于 size（${size}）` }]);
    const p = await log.inclusionProof(leaf, size);
    return { leafIndex: leaf, treeSize: size, leafHash: b64(p.leafHash), rootHash: b64(p.root), proof: p.proof.map(b64) };
  });

  app.get<{ Querystring: Query }>('/api/v1/log/proof/consistency', async (req) => {
    const from = requireInt(req.query, 'from');
    const to = intParam(req.query, 'to') ?? (await checkpointSize());
    if (from > to) throw badParam('from', 'from 不能大于 to');
    const treeSize = await log.size();
    if (to > treeSize) throw new AppError(400, 'beyond_log', `公开记录目前只有 ${treeSize} 条`, [{ field: 'to', message: `to 不能超过 ${treeSize}` }]);
    const p = await log.consistencyProof(from, to);
    return { from, to, fromRootHash: b64(p.oldRoot), toRootHash: b64(p.newRoot), proof: p.proof.map(b64) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/log/disclosures/:id', async (req) => {
    if (!/^\d{1,10}$/.test(req.params.id)) throw new AppError(404, 'not_found', '未找到该信息');
    const d = await log.disclosureLog(Number(req.params.id));
    return { ...d, entries: d.entries.map((e) => ({ ...e, proofUrl: `${base}${proofUrl(e.index)}` })) };
  });

  app.post('/api/v1/log/cosign', async (req) => {
    const body = req.body as unknown;
    const note = typeof body === 'string' ? body : typeof body === 'object' && body !== null && typeof (body as { note?: unknown }).note === 'string' ? (body as { note: string }).note : undefined;
    if (note === undefined) throw badParam('note', '请以 text/plain 提交联署后的检查点，或提交 JSON {"note": "…"}');
    if (Buffer.byteLength(note) > MAX_NOTE_BYTES) throw new AppError(413, 'payload_too_large', '检查点过大');
    return log.cosign(note);
  });

  // ---- pages ----

  // /open-data itself is served by the opendata module, which embeds openDataLogSection().

  app.get<{ Params: { index: string } }>('/open-data/log/:index', async (req, reply) => {
    if (!/^\d{1,15}$/.test(req.params.index)) throw new AppError(404, 'not_found', '未找到该记录');
    const index = Number(req.params.index);
    const [entry] = await log.entries(index, index + 1);
    if (!entry) throw new AppError(404, 'not_found', '未找到该记录');
    const leaf = decodeLeaf(entry.leaf);
    const cp = await log.latestCheckpoint();
    const inCheckpoint = cp !== undefined && index < cp.size;
    const size = inCheckpoint ? cp.size : await log.size();
    const p = await log.inclusionProof(index, size);
    const ok = verifyInclusion(index, size, p.leafHash, p.proof, inCheckpoint ? cp.root_hash : p.root);
    const content = html`<h1>公开记录第 ${index + 1} 条</h1>
<dl class="meta-grid">
<div><dt>叶子序号（从 0 起）</dt><dd>${index}</dd></div>
<div><dt>信息</dt><dd><a href="/disclosures/${leaf.disclosureId}">第 ${leaf.disclosureId} 号信息</a>，第 ${leaf.version} 版</dd></div>
<div><dt>事件</dt><dd>${{ publish: '首次发布', correct: '更正', withdraw: '撤回' }[leaf.event]}</dd></div>
<div><dt>登记时间（UTC）</dt><dd>${leaf.time}</dd></div>
<div><dt>发布单位代码</dt><dd>${leaf.department}</dd></div>
<div><dt>公开内容哈希（SHA-256）</dt><dd><code>${leaf.contentHash}</code></dd></div>
</dl>
<h2>叶子数据</h2>
<div class="table-scroll"><pre>${entry.leaf}</pre></div>
<p>叶子哈希 SHA-256(0x00‖叶子数据)：<code>${b64(p.leafHash)}</code></p>
<h2>包含证明</h2>
${inCheckpoint
  ? html`<p>相对于最新签名检查点（共 ${size} 条，树根 <code>${b64(cp.root_hash)}</code>）${ok ? '核验通过' : html`<strong>核验失败</strong>`}。</p>`
  : html`<p class="notice" role="note">该条目尚未纳入签名检查点（检查点每分钟签署一次）。以下证明相对于当前的 ${size} 条记录，树根 <code>${b64(p.root)}</code>，尚无签名。</p>`}
<ol>${p.proof.map((h) => html`<li><code>${b64(h)}</code></li>`)}</ol>
<p>机器可读：<a href="/api/v1/log/proof/inclusion?leaf=${index}&amp;size=${size}">/api/v1/log/proof/inclusion?leaf=${index}&amp;size=${size}</a>；该信息的全部记录及公开内容：<a href="/api/v1/log/disclosures/${leaf.disclosureId}">/api/v1/log/disclosures/${leaf.disclosureId}</a>。</p>
${inCheckpoint ? html`<h2>签名检查点</h2><div class="table-scroll"><pre>${cp.note}</pre></div>` : ''}
<p><a href="/open-data#publication-log">如何独立核验</a></p>`;
    return sendHtml(reply, page({ title: `公开记录第 ${index + 1} 条`, content, user: pageUser(req) }));
  });
}
