// `gongkai verify` – checks a gongkai server (or an exported log) from the outside, trusting nothing
// but the log's public key:
//
//   gongkai verify --server URL [--state FILE] [--key VERIFIER_KEY]… [--spot N]
//   gongkai verify --file EXPORT.json [--state FILE] [--key VERIFIER_KEY]…
//
// 1. The checkpoint's signature (keys from --key, else those remembered in the state file, else
//    trust on first use of the keys the server publishes – said so in the output).
// 2. Every leaf: canonical form, leaf hash, and the Merkle root recomputed from all leaves equals the
//    signed root; a sample of inclusion proofs from the server verifies against it too.
// 3. Consistency with the checkpoint seen last time (state file): the log only grew.
// 4. Every published disclosure (public API, withdrawn ones included) and every version of it is in
//    the log; each version's public content, recomputed by the server from what it publishes now,
//    still hashes to the leaf; publication dates on the API match the leaves' times.
// Exit status: 0 all well; 1 a mismatch (each one printed in Chinese and English); 2 could not
// verify (usage, network, unreadable file). The state file is only updated when all is well.
import fs from 'node:fs';
import path from 'node:path';
import { verifyConsistency, verifyInclusion } from '../modules/publication-log/merkle.ts';
import { describeVerifierKey } from '../modules/publication-log/note.ts';
import {
  Collector,
  STATE_FORMAT,
  VerifyUsageError,
  checkAgainstApi,
  checkDisclosureLog,
  checkEntries,
  consistencyWithState,
  openWithTrust,
  readState,
  writeState,
  type ApiDetail,
  type DisclosureLogJson,
  type LeafInfo,
  type PublicKeyList,
  type VerifyReport,
} from './verify-checks.ts';

export { STATE_FORMAT, VerifyUsageError, readState, type Problem, type VerifyReport, type VerifyState } from './verify-checks.ts';

const EXPORT_FORMAT = 'gongkai-publication-log-export/1';
const PAGE = 1000;

// ---------------------------------------------------------------------------------------------
// Server mode.

export interface ServerOptions {
  server: string;
  stateFile?: string | undefined;
  keys?: string[];
  /** Inclusion proofs to spot-check besides the first and last leaf. */
  spot?: number;
  fetch?: typeof fetch;
  concurrency?: number;
}

class Http {
  constructor(
    readonly base: string,
    readonly f: typeof fetch,
  ) {}
  async get(pathAndQuery: string): Promise<Response> {
    return this.f(`${this.base}${pathAndQuery}`, { headers: { accept: 'application/json, text/plain' } });
  }
  async json<T>(pathAndQuery: string): Promise<T> {
    const r = await this.get(pathAndQuery);
    if (!r.ok) throw new HttpError(r.status, pathAndQuery, await r.text());
    return (await r.json()) as T;
  }
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    body: string,
  ) {
    super(`GET ${url}: HTTP ${status} ${body.slice(0, 200)}`);
  }
}

async function pool<T>(items: T[], n: number, fn: (x: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (i < items.length) await fn(items[i++]!);
    }),
  );
}

export async function verifyServer(o: ServerOptions): Promise<VerifyReport> {
  const c = new Collector();
  const http = new Http(o.server.replace(/\/+$/, ''), o.fetch ?? fetch);
  const state = readState(o.stateFile);
  const old = state ? { size: state.checkpoint.size, rootHash: Buffer.from(state.checkpoint.rootHash, 'base64') } : undefined;
  const report = (): VerifyReport => ({ ok: c.problems.length === 0, problems: c.problems, info: c.info, disclosures: 0, leaves: 0 });

  const cpRes = await http.get('/api/v1/log/checkpoint');
  if (!cpRes.ok) throw new HttpError(cpRes.status, '/api/v1/log/checkpoint', await cpRes.text());
  const note = await cpRes.text();
  const published = await http.json<PublicKeyList>('/api/v1/log/keys');
  const opened = openWithTrust(c, note, [...(o.keys ?? []), ...(state?.keys ?? [])], published, state?.origin);
  if (!opened) return report();
  const { cp, keys } = opened;
  const size = cp.size;

  // Consistency proof from the server between last time and now (besides recomputing below).
  if (consistencyWithState(c, old, cp) && old) {
    try {
      const p = await http.json<{ proof: string[] }>(`/api/v1/log/proof/consistency?from=${old.size}&to=${size}`);
      if (!verifyConsistency(old.size, size, p.proof.map((h) => Buffer.from(h, 'base64')), old.rootHash, cp.rootHash)) {
        c.problem('inconsistent', `一致性证明不成立：当前检查点（${size} 条）不是上次检查点（${old.size} 条）的追加`, `consistency proof fails: the checkpoint of size ${size} does not extend the one of size ${old.size} seen last time`);
      }
    } catch (e) {
      c.problem('inconsistent', `无法取得一致性证明：${(e as Error).message}`, `could not get a consistency proof: ${(e as Error).message}`);
    }
  }

  // All entries.
  const fetched: { index: number; leaf: string; leafHash: string | null }[] = [];
  for (let start = 0; start < size; start += PAGE) {
    const end = Math.min(size, start + PAGE);
    let page: { entries: { index: number; leaf: string; leafHash: string | null }[] };
    try {
      page = await http.json(`/api/v1/log/entries?start=${start}&end=${end}`);
    } catch (e) {
      if (e instanceof HttpError && e.status === 400) break; // fewer entries than the checkpoint says: reported below
      throw e;
    }
    fetched.push(...page.entries);
    if (page.entries.length < end - start) break;
  }
  const leaves = checkEntries(c, size, fetched, cp.rootHash, old && old.size <= size ? old : undefined);

  // Spot inclusion proofs from the server against the signed root.
  if (leaves.length === size && size > 0) {
    const picks = new Set<number>([0, size - 1]);
    for (let k = 0; k < (o.spot ?? 16) && picks.size < size; k++) picks.add(Math.floor(Math.random() * size));
    for (const i of picks) {
      try {
        const p = await http.json<{ proof: string[] }>(`/api/v1/log/proof/inclusion?leaf=${i}&size=${size}`);
        if (!verifyInclusion(i, size, leaves[i]!.hash, p.proof.map((h) => Buffer.from(h, 'base64')), cp.rootHash)) {
          c.problem('inclusion_failed', `第 ${i} 号叶子的包含证明不成立`, `inclusion proof for leaf ${i} does not verify`);
        }
      } catch (e) {
        c.problem('inclusion_failed', `无法取得第 ${i} 号叶子的包含证明：${(e as Error).message}`, `could not get an inclusion proof for leaf ${i}: ${(e as Error).message}`);
      }
    }
  }

  // Every published disclosure against the log.
  const byDisclosure = new Map<number, LeafInfo[]>();
  for (const l of leaves) byDisclosure.set(l.leaf.disclosureId, [...(byDisclosure.get(l.leaf.disclosureId) ?? []), l]);
  const listed: number[] = [];
  let cursor: string | null = null;
  do {
    const q: string = `/api/v1/disclosures?includeWithdrawn=true&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const p: { data: { id: number }[]; nextCursor: string | null } = await http.json(q);
    listed.push(...p.data.map((d) => d.id));
    cursor = p.nextCursor;
  } while (cursor);
  const listedSet = new Set(listed);
  let pendingCount = 0;
  await pool(listed, o.concurrency ?? 8, async (id) => {
    const own = byDisclosure.get(id) ?? [];
    let detail: ApiDetail;
    try {
      detail = await http.json<ApiDetail>(`/api/v1/disclosures/${id}`);
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) {
        c.problem('disclosure_missing', `第 ${id} 号信息在列表中，但详情无法访问`, `disclosure ${id} is listed but its page is gone`);
        return;
      }
      throw e;
    }
    let dl: DisclosureLogJson | undefined;
    try {
      dl = await http.json<DisclosureLogJson>(`/api/v1/log/disclosures/${id}`);
    } catch (e) {
      if (!(e instanceof HttpError && e.status === 404)) throw e;
    }
    // Published after the checkpoint: not yet provable, not a mismatch.
    const pending = new Set((dl?.entries ?? []).filter((e) => e.index >= size).map((e) => `${id}/${e.version}`));
    pendingCount += pending.size;
    const contents = checkDisclosureLog(c, id, own, dl, size);
    checkAgainstApi(c, detail, own, contents, pending);
  });
  for (const [id, ls] of byDisclosure) {
    if (listedSet.has(id)) continue;
    c.problem('disclosure_missing', `第 ${id} 号信息已登记于公开记录（第 ${ls.map((l) => l.index).join('、')} 号叶子），但已不再公开（被删除？）`, `disclosure ${id} is in the log (leaves ${ls.map((l) => l.index).join(', ')}) but no longer published (deleted?)`);
  }
  if (pendingCount) c.info.push(`${pendingCount} 个版本在最新检查点之后发布，将由下一个检查点覆盖。 / ${pendingCount} version(s) published after the latest checkpoint; the next checkpoint will cover them.`);

  const r: VerifyReport = { ...report(), checkpoint: { size, rootHash: cp.rootHash.toString('base64') }, disclosures: listed.length, leaves: leaves.length };
  if (r.ok && o.stateFile) {
    writeState(o.stateFile, { format: STATE_FORMAT, origin: cp.origin, keys, checkpoint: { size, rootHash: cp.rootHash.toString('base64'), note }, source: o.server, verifiedAt: new Date().toISOString() });
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Export-file mode.

interface ExportFile {
  format: string;
  origin: string;
  checkpoint: string;
  keys: { verifierKey: string; retiredAt: string | null }[];
  entries: { index: number; leaf: string; leafHash: string | null }[];
  disclosures: DisclosureLogJson[];
}

export async function verifyExportFile(o: { file: string; stateFile?: string | undefined; keys?: string[] }): Promise<VerifyReport> {
  const c = new Collector();
  let ex: ExportFile;
  try {
    ex = JSON.parse(fs.readFileSync(o.file, 'utf8')) as ExportFile;
  } catch (e) {
    throw new VerifyUsageError(`无法读取导出文件 / cannot read export file ${o.file}: ${(e as Error).message}`);
  }
  if (ex.format !== EXPORT_FORMAT) throw new VerifyUsageError(`不是公开记录导出文件 / ${o.file} is not a ${EXPORT_FORMAT} file`);
  const state = readState(o.stateFile);
  const old = state ? { size: state.checkpoint.size, rootHash: Buffer.from(state.checkpoint.rootHash, 'base64') } : undefined;
  const opened = openWithTrust(c, ex.checkpoint, [...(o.keys ?? []), ...(state?.keys ?? [])], { origin: ex.origin, keys: ex.keys }, state?.origin);
  if (!opened) return { ok: false, problems: c.problems, info: c.info, disclosures: 0, leaves: 0 };
  const { cp, keys } = opened;
  consistencyWithState(c, old, cp);
  const leaves = checkEntries(c, cp.size, ex.entries.slice(0, cp.size), cp.rootHash, old && old.size <= cp.size ? old : undefined);
  const byDisclosure = new Map<number, LeafInfo[]>();
  for (const l of leaves) byDisclosure.set(l.leaf.disclosureId, [...(byDisclosure.get(l.leaf.disclosureId) ?? []), l]);
  const dls = new Map(ex.disclosures.map((d) => [d.disclosureId, d]));
  for (const [id, ls] of byDisclosure) {
    const dl = dls.get(id);
    if (!dl) {
      c.problem('disclosure_missing', `导出文件缺少第 ${id} 号信息的内容`, `the export lacks the content of disclosure ${id}`);
      continue;
    }
    checkDisclosureLog(c, id, ls, dl, cp.size);
  }
  const r: VerifyReport = { ok: c.problems.length === 0, problems: c.problems, info: c.info, checkpoint: { size: cp.size, rootHash: cp.rootHash.toString('base64') }, disclosures: byDisclosure.size, leaves: leaves.length };
  if (r.ok && o.stateFile) {
    writeState(o.stateFile, { format: STATE_FORMAT, origin: cp.origin, keys, checkpoint: { size: cp.size, rootHash: cp.rootHash.toString('base64'), note: ex.checkpoint }, source: path.resolve(o.file), verifiedAt: new Date().toISOString() });
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Command line.

const USAGE = `用法 / usage:
  gongkai verify --server URL [--state FILE] [--key VERIFIER_KEY]… [--spot N]
  gongkai verify --file EXPORT.json [--state FILE] [--key VERIFIER_KEY]…

  --server URL   要核验的平台地址 / the gongkai site to check
  --file FILE    核验 \`gongkai log export\` 导出的文件 / check an exported log
  --state FILE   保存上次核验的检查点和公钥（默认 ./gongkai-verify-state.json）/ remembers the last checkpoint and keys
  --key KEY      受信任的日志公钥（可多次指定）/ trusted log verifier key (repeatable)
  --spot N       额外抽查的包含证明数量（默认 16）/ extra inclusion proofs to spot-check (default 16)

退出状态 / exit status: 0 一切正常 all well; 1 发现不一致 mismatch; 2 无法核验 could not verify`;

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

export function parseVerifyArgs(args: string[]): { server?: string; file?: string; state: string; keys: string[]; spot?: number } {
  const r: { server?: string; file?: string; state: string; keys: string[]; spot?: number } = { state: 'gongkai-verify-state.json', keys: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new VerifyUsageError(`${flag} 需要一个值 / ${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--server':
        r.server = value();
        break;
      case '--file':
        r.file = value();
        break;
      case '--state':
        r.state = value();
        break;
      case '--key':
        r.keys.push(value());
        break;
      case '--spot': {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 0) throw new VerifyUsageError('--spot 应为非负整数 / --spot must be a non-negative integer');
        r.spot = n;
        break;
      }
      default:
        throw new VerifyUsageError(`未知参数 / unknown argument: ${a}`);
    }
  }
  if (!r.server === !r.file) throw new VerifyUsageError('请指定 --server 或 --file 之一 / give exactly one of --server or --file');
  for (const k of r.keys) {
    try {
      describeVerifierKey(k);
    } catch (e) {
      throw new VerifyUsageError(`--key 无效 / invalid --key: ${(e as Error).message}`);
    }
  }
  return r;
}

/** `gongkai verify …`; returns the exit status (0 ok, 1 mismatch, 2 could not verify). */
export async function runVerify(args: string[], io: Io = consoleIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  let r: VerifyReport;
  try {
    const a = parseVerifyArgs(args);
    r = a.server
      ? await verifyServer({ server: a.server, stateFile: a.state, keys: a.keys, ...(a.spot !== undefined ? { spot: a.spot } : {}) })
      : await verifyExportFile({ file: a.file!, stateFile: a.state, keys: a.keys });
  } catch (e) {
    if (e instanceof VerifyUsageError) {
      io.err(`${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`无法完成核验 / could not verify: ${(e as Error).message}`);
    return 2;
  }
  for (const line of r.info) io.out(`ℹ ${line}`);
  for (const p of r.problems) io.err(`✗ [${p.code}] ${p.zh} / ${p.en}`);
  if (r.ok) {
    io.out(`✓ 核验通过：检查点 ${r.checkpoint?.size ?? 0} 条记录，树根 ${r.checkpoint?.rootHash ?? ''}；核对了 ${r.disclosures} 条信息。 / verified: checkpoint of ${r.checkpoint?.size ?? 0} entries, root ${r.checkpoint?.rootHash ?? ''}; ${r.disclosures} disclosure(s) checked.`);
    return 0;
  }
  io.err(`核验失败：发现 ${r.problems.length} 处不一致。 / verification FAILED: ${r.problems.length} mismatch(es).`);
  return 1;
}
