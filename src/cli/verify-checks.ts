// The checks behind `gongkai verify` (verify.ts): signature and trust, leaves and root, consistency
// with the last run, and each disclosure's versions against the log. Each mismatch becomes one
// Problem with a stable code and a Chinese and an English sentence naming the disclosure, version
// or leaf concerned.
import fs from 'node:fs';
import path from 'node:path';
import { contentHash, type LogContent } from '../modules/publication-log/content.ts';
import { decodeLeaf, leafTime, LeafError, type PublicationLeaf } from '../modules/publication-log/leaf.ts';
import { MerkleAppender, leafHash } from '../modules/publication-log/merkle.ts';
import { NoteError, describeVerifierKey, openCheckpoint, parseNote, verifyNote, type Checkpoint } from '../modules/publication-log/note.ts';

export const STATE_FORMAT = 'gongkai-verify-state/1';

export interface Problem {
  code: string;
  zh: string;
  en: string;
}

export interface VerifyReport {
  ok: boolean;
  problems: Problem[];
  info: string[];
  checkpoint?: { size: number; rootHash: string };
  /** Disclosures checked against the log. */
  disclosures: number;
  leaves: number;
}

export interface VerifyState {
  format: string;
  origin: string;
  keys: string[];
  checkpoint: { size: number; rootHash: string; note: string };
  source?: string;
  verifiedAt: string;
}

export class VerifyUsageError extends Error {}

export class Collector {
  problems: Problem[] = [];
  info: string[] = [];
  #seen = new Set<string>();
  problem(code: string, zh: string, en: string, key = `${code}|${zh}`): void {
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.problems.push({ code, zh, en });
  }
}

// ---------------------------------------------------------------------------------------------
// State file.

export function readState(file: string | undefined): VerifyState | undefined {
  if (!file || !fs.existsSync(file)) return undefined;
  const s = JSON.parse(fs.readFileSync(file, 'utf8')) as VerifyState;
  if (s.format !== STATE_FORMAT) throw new VerifyUsageError(`状态文件格式不符 / state file ${file} is not a ${STATE_FORMAT} file`);
  return s;
}

export function writeState(file: string, s: VerifyState): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

// ---------------------------------------------------------------------------------------------
// Shared checks.

export interface PublicKeyList {
  origin: string;
  keys: { verifierKey: string; retiredAt: string | null }[];
}

/**
 * Opens the checkpoint with the trusted keys (or, on first use, the published ones) and learns a
 * rotated key only when the same note is also signed by a key already trusted.
 */
export function openWithTrust(
  c: Collector,
  note: string,
  trusted: string[],
  published: PublicKeyList | undefined,
  origin: string | undefined,
): { cp: Checkpoint; keys: string[] } | undefined {
  let keys = [...new Set(trusted)];
  if (keys.length === 0) {
    if (!published || published.keys.length === 0) {
      c.problem('no_keys', '没有可用于核验签名的公钥（请用 --key 指定）', 'no verifier key to check the checkpoint signature with (pass --key)');
      return undefined;
    }
    keys = published.keys.map((k) => k.verifierKey);
    c.info.push(`首次使用：信任服务器公布的 ${keys.length} 个公钥（trust on first use）。建议以 --key 指定从其他渠道获得的公钥。 / first use: trusting the ${keys.length} key(s) the log publishes; prefer --key with a key obtained out of band.`);
  }
  let cp: Checkpoint;
  try {
    cp = openCheckpoint(note, keys, origin);
  } catch (e) {
    if (e instanceof NoteError) {
      const msg: Record<string, [string, string]> = {
        'bad-signature': ['检查点签名无效（内容被改动或签名伪造）', 'checkpoint signature is invalid (altered text or forged signature)'],
        'unknown-key': ['检查点不是由受信任的公钥签署的', 'checkpoint is not signed by a trusted key'],
        'wrong-origin': ['检查点属于另一个日志', 'checkpoint belongs to another log'],
        malformed: ['检查点格式错误', 'checkpoint is malformed'],
        'bad-key': ['公钥格式错误', 'a verifier key is malformed'],
      };
      const [zh, en] = msg[e.code] ?? ['检查点无法核验', 'checkpoint cannot be verified'];
      c.problem(`checkpoint_${e.code.replace('-', '_')}`, `${zh}：${e.message}`, `${en}: ${e.message}`);
      return undefined;
    }
    throw e;
  }
  // Rotation: a published key that also signed this very note, which a trusted key verified.
  if (published) {
    const signed = new Set(parseNote(note).signatures.map((s) => `${s.name}+${s.keyId}`));
    for (const k of published.keys) {
      if (keys.includes(k.verifierKey)) continue;
      const d = describeVerifierKey(k.verifierKey);
      if (!signed.has(`${d.name}+${d.keyId}`)) continue;
      try {
        verifyNote(note, [k.verifierKey]);
        keys.push(k.verifierKey);
        c.info.push(`密钥轮换：新公钥 ${d.name}+${d.keyId} 与已信任的公钥共同签署了检查点，已记住。 / key rotation: new key ${d.name}+${d.keyId} co-signed with a trusted key; now trusted.`);
      } catch {
        c.problem('checkpoint_bad_signature', `公钥 ${d.name}+${d.keyId} 的签名无效`, `signature by key ${d.name}+${d.keyId} does not verify`);
      }
    }
  }
  return { cp, keys };
}

export interface LeafInfo {
  index: number;
  leaf: PublicationLeaf;
  hash: Buffer;
}

/** Decodes and hashes entries, recomputes the root. Returns leaves by index. */
export function checkEntries(
  c: Collector,
  size: number,
  entries: Iterable<{ index: number; leaf: string; leafHash: string | null }>,
  rootHash: Buffer,
  old: { size: number; rootHash: Buffer } | undefined,
): LeafInfo[] {
  const app = new MerkleAppender();
  const out: LeafInfo[] = [];
  let oldRootChecked = false;
  for (const e of entries) {
    if (e.index !== app.size) {
      c.problem('entries_missing', `公开记录缺少第 ${app.size} 号叶子（收到的是第 ${e.index} 号）`, `log entry ${app.size} is missing (got ${e.index})`);
      return out;
    }
    let leaf: PublicationLeaf;
    try {
      leaf = decodeLeaf(e.leaf);
    } catch (err) {
      c.problem('leaf_malformed', `第 ${e.index} 号叶子格式错误：${(err as LeafError).message}`, `leaf ${e.index} is malformed: ${(err as Error).message}`);
      return out;
    }
    const h = leafHash(Buffer.from(e.leaf, 'utf8'));
    if (e.leafHash !== null && e.leafHash !== h.toString('base64')) {
      c.problem('leaf_hash_mismatch', `第 ${e.index} 号叶子的数据与其存储的哈希不符（叶子被改动）`, `leaf ${e.index}: data does not match its stored leaf hash (leaf altered)`);
    }
    app.append(h);
    out.push({ index: e.index, leaf, hash: h });
    if (old && app.size === old.size) {
      oldRootChecked = true;
      if (!app.root().equals(old.rootHash)) {
        c.problem('history_rewritten', `前 ${old.size} 条记录与上次核验时的检查点不一致（历史被改写）`, `the first ${old.size} entries no longer match the checkpoint seen last time (history rewritten)`);
      }
    }
  }
  if (app.size < size) {
    c.problem('entries_missing', `检查点有 ${size} 条记录，但只取得 ${app.size} 条（记录被截断或删除）`, `checkpoint covers ${size} entries but only ${app.size} could be read (log truncated)`);
    return out;
  }
  if (old && old.size === 0) oldRootChecked = true;
  if (old && !oldRootChecked && old.size <= size) {
    c.problem('history_rewritten', `无法重算上次检查点（${old.size} 条）的树根`, `could not recompute the root of the previous checkpoint (${old.size} entries)`);
  }
  if (!app.root().equals(rootHash)) {
    c.problem('root_mismatch', `由全部 ${size} 条记录重算的树根与签名检查点不符（记录被改动）`, `root recomputed from all ${size} entries differs from the signed checkpoint (entries altered)`);
  }
  return out;
}

export function consistencyWithState(c: Collector, old: { size: number; rootHash: Buffer } | undefined, cp: Checkpoint): boolean {
  if (!old) return false;
  if (cp.size < old.size) {
    c.problem('log_shrank', `公开记录变短了：上次核验时 ${old.size} 条，现在 ${cp.size} 条`, `the log shrank: ${old.size} entries last time, ${cp.size} now`);
    return false;
  }
  if (cp.size === old.size && !cp.rootHash.equals(old.rootHash)) {
    c.problem('fork', `同样 ${cp.size} 条记录，树根却与上次不同（日志分叉）`, `same size ${cp.size} but a different root than last time (log forked)`);
    return false;
  }
  return cp.size > old.size;
}

export interface DisclosureLogJson {
  disclosureId: number;
  withdrawn: boolean;
  entries: {
    index: number;
    version: number;
    event: string;
    time: string;
    leafContentHash: string;
    content: LogContent | null;
    contentHash: string | null;
    note?: string;
  }[];
}

function d_(id: number, v?: number) {
  return v === undefined ? [`第 ${id} 号信息`, `disclosure ${id}`] : [`第 ${id} 号信息第 ${v} 版`, `disclosure ${id} version ${v}`];
}

/** Leaves of one disclosure against the content the server recomputes now. */
export function checkDisclosureLog(c: Collector, id: number, leaves: LeafInfo[], dl: DisclosureLogJson | undefined, signedSize: number): Map<number, LogContent> {
  const contents = new Map<number, LogContent>();
  const byIndex = new Map((dl?.entries ?? []).map((e) => [e.index, e]));
  for (const l of leaves) {
    const [zh, en] = d_(id, l.leaf.version);
    const e = byIndex.get(l.index);
    if (!e) {
      c.problem('version_deleted', `${zh}（公开记录第 ${l.index} 号叶子）在服务器上已查不到`, `${en} (leaf ${l.index}) can no longer be found on the server`);
      continue;
    }
    if (e.note === 'version_missing' || e.note === 'withdrawal_missing') {
      c.problem('version_deleted', `${zh}已登记于公开记录第 ${l.index} 号叶子，但该版本已被删除`, `${en} is in the log (leaf ${l.index}) but the published version has been deleted`);
      continue;
    }
    if (e.leafContentHash !== l.leaf.contentHash) {
      c.problem('log_row_mismatch', `公开记录第 ${l.index} 号叶子的索引列与叶子数据不符`, `leaf ${l.index}: the log's index columns disagree with the leaf data`);
    }
    const recomputed = e.content ? contentHash(e.content) : e.contentHash;
    // The served hash is informative only; worth a word when it alone is off.
    if (e.content && e.contentHash !== null && e.contentHash !== recomputed && recomputed === l.leaf.contentHash) {
      c.problem('server_hash_mismatch', `服务器为${zh}给出的内容哈希与内容不符`, `server's content hash for ${en} does not match the content it serves`);
    }
    if (recomputed !== l.leaf.contentHash) {
      c.problem(
        'content_changed',
        `${zh}的公开内容与登记时不一致（现为 ${recomputed?.slice(0, 12)}…，登记为 ${l.leaf.contentHash.slice(0, 12)}…，公开记录第 ${l.index} 号叶子）${e.content ? '' : '［已撤回信息，由服务器计算］'}`,
        `${en}: public content differs from what was logged (now ${recomputed?.slice(0, 12)}…, logged ${l.leaf.contentHash.slice(0, 12)}…, leaf ${l.index})${e.content ? '' : ' [withdrawn: hash computed by the server]'}`,
      );
    }
    if (e.content) {
      contents.set(l.index, e.content);
      const at = e.content.kind === 'version' ? e.content.publishedAt : null;
      if (at !== null && leafTime(new Date(at)) !== l.leaf.time) {
        c.problem('date_mismatch', `${zh}显示的发布时间 ${at} 与登记时间 ${l.leaf.time} 不符（倒签？）`, `${en}: shown publication time ${at} differs from the logged time ${l.leaf.time} (back-dated?)`);
      }
    }
  }
  for (const e of dl?.entries ?? []) {
    if (e.index >= signedSize) continue; // not yet under a checkpoint: reported by the caller as pending
    if (!leaves.some((l) => l.index === e.index)) {
      c.problem('log_row_mismatch', `服务器称公开记录第 ${e.index} 号叶子属于第 ${id} 号信息，但叶子数据不是`, `server lists leaf ${e.index} under disclosure ${id}, but the leaf says otherwise`);
    }
  }
  return contents;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export interface ApiDetail {
  id: number;
  title: string;
  state: 'published' | 'withdrawn';
  version: number;
  formedDate: string;
  firstPublishedAt: string | null;
  lastPublishedAt: string | null;
  fields: Record<string, unknown>;
  withheld: { field: string; reason: string }[];
  bodyHtml: string;
  attachments: { filename: string; sha256: string }[];
  versions: { version: number; publishedAt: string }[];
  withdrawal: { at: string; reason: string } | null;
}

/** What the public API shows now against the log. */
export function checkAgainstApi(c: Collector, d: ApiDetail, leaves: LeafInfo[], contents: Map<number, LogContent>, pending: Set<string>): void {
  const id = d.id;
  const vLeaf = (v: number) => leaves.find((l) => l.leaf.version === v && l.leaf.event !== 'withdraw');
  for (const v of d.versions) {
    const [zh, en] = d_(id, v.version);
    const l = vLeaf(v.version);
    if (!l) {
      if (pending.has(`${id}/${v.version}`)) continue;
      c.problem('version_not_logged', `${zh}不在公开记录中（未登记的发布）`, `${en} is not in the log (unlogged publication)`);
      continue;
    }
    const expected = v.version === 1 ? 'publish' : 'correct';
    if (l.leaf.event !== expected) c.problem('event_mismatch', `${zh}登记的事件为 ${l.leaf.event}，应为 ${expected}`, `${en} is logged as ${l.leaf.event}, expected ${expected}`);
    if (leafTime(new Date(v.publishedAt)) !== l.leaf.time) {
      c.problem('date_mismatch', `${zh}显示的发布时间 ${v.publishedAt} 与登记时间 ${l.leaf.time} 不符（倒签？）`, `${en}: shown publication time ${v.publishedAt} differs from the logged time ${l.leaf.time} (back-dated?)`);
    }
  }
  for (const l of leaves) {
    const [zh, en] = d_(id, l.leaf.version);
    if (l.leaf.event === 'withdraw') {
      if (d.state !== 'withdrawn') c.problem('withdrawal_undone', `${d_(id)[0]}已登记撤回（第 ${l.index} 号叶子），但现在显示为已发布`, `disclosure ${id} was logged as withdrawn (leaf ${l.index}) but is shown as published`);
      continue;
    }
    if (!d.versions.some((v) => v.version === l.leaf.version)) {
      c.problem('version_deleted', `${zh}已登记于公开记录第 ${l.index} 号叶子，但版本记录中已没有该版本`, `${en} is in the log (leaf ${l.index}) but missing from the version history`);
    }
  }
  const first = vLeaf(1);
  if (first && d.firstPublishedAt && leafTime(new Date(d.firstPublishedAt)) !== first.leaf.time) {
    c.problem('first_published_changed', `${d_(id)[0]}显示的首次发布时间 ${d.firstPublishedAt} 与登记的 ${first.leaf.time} 不符（倒签？）`, `disclosure ${id}: shown first publication ${d.firstPublishedAt} differs from the logged ${first.leaf.time} (back-dated?)`);
  }
  const last = vLeaf(d.version);
  if (last && d.lastPublishedAt && leafTime(new Date(d.lastPublishedAt)) !== last.leaf.time) {
    c.problem('last_published_changed', `${d_(id)[0]}显示的最近发布时间 ${d.lastPublishedAt} 与登记的 ${last.leaf.time} 不符`, `disclosure ${id}: shown last publication ${d.lastPublishedAt} differs from the logged ${last.leaf.time}`);
  }
  // The page's current content is the content the log vouches for.
  if (d.state === 'withdrawn') {
    const w = leaves.find((l) => l.leaf.event === 'withdraw');
    const wc = w ? contents.get(w.index) : undefined;
    if (wc && wc.kind === 'withdrawal' && (wc.title !== d.title || !sameJson(wc.withdrawal, d.withdrawal))) {
      c.problem('api_mismatch', `${d_(id)[0]}的撤回说明与登记内容不一致`, `disclosure ${id}: the withdrawal shown differs from the logged one`);
    }
    return;
  }
  const cur = last ? contents.get(last.index) : undefined;
  if (!cur || cur.kind !== 'version') return;
  const [zh, en] = d_(id, d.version);
  const diffs: string[] = [];
  if (cur.title !== d.title) diffs.push('title');
  if (cur.body !== d.bodyHtml) diffs.push('body');
  if (cur.formedDate !== d.formedDate) diffs.push('formedDate');
  if (!sameJson(cur.attachments, d.attachments.map((a) => ({ name: a.filename, sha256: a.sha256 })))) diffs.push('attachments');
  // Fields secret until the award are withheld in the log but may be public now; everything else must agree.
  const withheldNow = new Set(d.withheld.map((w) => w.field));
  const revealed = new Set(cur.withheld.map((w) => w.field.split('.')[0]!).filter((f) => !withheldNow.has(f)));
  for (const [k, v] of Object.entries(d.fields)) {
    if (revealed.has(k)) continue;
    if (!sameJson(cur.fields[k], v)) diffs.push(`fields.${k}`);
  }
  for (const k of Object.keys(cur.fields)) if (!(k in d.fields)) diffs.push(`fields.${k}`);
  if (diffs.length) {
    c.problem('api_mismatch', `${zh}：公开接口显示的内容与登记内容不一致（${diffs.join('、')}）`, `${en}: the public API shows content that differs from the logged content (${diffs.join(', ')})`);
  }
}
