// The publication log (issue 9): every publish, correction and withdrawal appends one leaf, in the
// publication's own transaction; signed checkpoints (C2SP signed notes, Ed25519) are made outside
// it. Anyone can then check with the proofs API, or `gongkai verify`, that nothing published was
// silently changed, deleted or back-dated (国办秘函〔2019〕19号: a forged publication date fails the
// website inspection outright – RULES.md §9).
//
// Why checkpoints are not signed inside the publication transaction: signing needs the private key
// file, and publishing is a legal duty with deadlines (条例 第二十六条) – a missing or unreadable key
// file, or a second instance that does not hold the key, must not block a publication. Signing
// itself is cheap (≈ 0.1 ms), but a checkpoint per publication would also make witnesses cosign
// thousands of notes a day. So the leaf (and the Merkle nodes) are committed with the publication,
// and `maybeCheckpoint()` signs the new tree size after each batch (demo seed, imports) and from a
// 60-second timer (src/main.ts). A leaf is provable from its first checkpoint on – at most a minute.
//
// Keys: generated at first start under DATA_DIR/keys (0600). `rotateKey()` (`gongkai log rotate-key`)
// makes a new key, retires the old one (its verifier key stays published, with the retirement date,
// so old checkpoints stay verifiable), and for KEY_TRANSITION_DAYS checkpoints carry both signatures,
// so a verifier that only knows the old key follows the rotation without trusting anything new.
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import type { DialectName } from '../../config.ts';
import type { Db, Executor, Trx } from '../../db/index.ts';
import { AppError } from '../../domain/errors.ts';
import type { PublicationEvent as DisclosureEvent, PublicationHook } from '../disclosures/service.ts';
import { publicFields, publicFieldsJson } from '../disclosures/public-view.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import { contentHash, stageRevealsAwardSecrets, versionContent, withdrawalContent, type LogContent } from './content.ts';
import { KeyFiles, type StoredKey } from './keys.ts';
import { leafTime, type PublicationEvent, type PublicationLeaf } from './leaf.ts';
import { NoteError, describeVerifierKey, formatCheckpoint, parseCheckpoint, parseNote, signNote, verifyNote } from './note.ts';
import * as repo from './repository.ts';

export const KEY_TRANSITION_DAYS = 30;
export const MAX_ENTRIES_PER_CALL = 1000;
export const EXPORT_FORMAT = 'gongkai-publication-log-export/1';

export interface PublicationLogOptions {
  db: Db;
  dialect: DialectName;
  itemTypes: ItemTypeRegistry;
  /** DATA_DIR/keys */
  keysDir: string;
  /** Public URL of the site; its host names the log (the checkpoint origin) at first start. */
  baseUrl: string;
  /** Verifier keys of witnesses allowed to cosign (LOG_WITNESS_KEYS). */
  witnessKeys: readonly string[];
  now?: () => Date;
}

export interface LogKeyInfo {
  name: string;
  keyId: string;
  verifierKey: string;
  createdAt: string;
  retiredAt: string | null;
  /** Whether checkpoints are currently signed with it (the active key, or a retired one in transition). */
  signing: boolean;
}

export interface LogEntryRef {
  /** 0-based leaf index (the proofs API's `leaf`); pages show index + 1 as "第 N 条". */
  index: number;
  version: number;
  event: PublicationEvent;
  time: string;
}

export interface DisclosureLogEntry extends LogEntryRef {
  /** contentHash in the leaf row. */
  leafContentHash: string;
  /** Public content recomputed now from the published version; null when not public (withdrawn) or missing. */
  content: LogContent | null;
  /** Hash of the content recomputed now (also for withdrawn versions, whose content is not shown); null if the version is gone. */
  contentHash: string | null;
  /** Why content is null: withdrawn or sealed (not shown again), or the published row it was built from is gone. */
  note?: 'withdrawn' | 'sealed' | 'version_missing' | 'withdrawal_missing';
}

/** Log origin from the public URL: host[:port]/publication-log (a C2SP origin: no scheme, no spaces, no '+'). */
export function originFromBaseUrl(baseUrl: string): string {
  const u = new URL(baseUrl);
  const path = u.pathname.replace(/\/+$/, '');
  return `${u.host}${path}/publication-log`.replace(/[\s+]/g, '-');
}

export class PublicationLog {
  readonly hook: PublicationHook;
  readonly #db: Db;
  readonly #dialect: DialectName;
  readonly #itemTypes: ItemTypeRegistry;
  readonly #keyFiles: KeyFiles;
  readonly #baseUrl: string;
  readonly #witnessKeys: readonly string[];
  readonly #now: () => Date;
  #origin: string | undefined;
  #timer: NodeJS.Timeout | undefined;
  #checkpointRunning: Promise<unknown> | undefined;

  constructor(o: PublicationLogOptions) {
    this.#db = o.db;
    this.#dialect = o.dialect;
    this.#itemTypes = o.itemTypes;
    this.#keyFiles = new KeyFiles(o.keysDir);
    this.#baseUrl = o.baseUrl;
    this.#witnessKeys = [...o.witnessKeys];
    this.#now = o.now ?? (() => new Date());
    this.hook = (trx, e) => this.append(trx, e).then(() => undefined);
  }

  /** Opens the log; on first start (no key in the database yet) creates the signing key. */
  static async open(o: PublicationLogOptions): Promise<PublicationLog> {
    const log = new PublicationLog(o);
    await log.ensureKey();
    return log;
  }

  get witnessKeys(): readonly string[] {
    return this.#witnessKeys;
  }

  /** The checkpoint origin (and log key name): fixed by the first key ever created. */
  async origin(): Promise<string> {
    if (this.#origin) return this.#origin;
    const keys = await repo.listKeys(this.#db);
    this.#origin = keys[0]?.name ?? originFromBaseUrl(this.#baseUrl);
    return this.#origin;
  }

  async ensureKey(): Promise<void> {
    await this.#db.transaction().execute(async (trx) => {
      await repo.lockKeys(trx, this.#dialect);
      if ((await repo.listKeys(trx)).length > 0) return;
      const k = this.#keyFiles.generate(originFromBaseUrl(this.#baseUrl));
      await repo.insertKey(trx, { name: k.name, keyId: k.keyId, verifierKey: k.verifierKey, at: this.#now().toISOString() });
    });
  }

  // -------------------------------------------------------------------------------------------
  // Appending (inside the publication transaction).

  /** Builds the leaf from the public content and appends it; returns its index. */
  async append(trx: Trx, e: DisclosureEvent): Promise<number> {
    const { content, department } = await this.#contentOf(trx, e.disclosureId, e.version, e.event);
    const leaf: PublicationLeaf = {
      disclosureId: e.disclosureId,
      version: e.version,
      event: e.event,
      time: leafTime(new Date(e.at)),
      department,
      contentHash: contentHash(content),
    };
    await repo.lockForAppend(trx, this.#dialect);
    const r = await repo.appendLeaves(trx, this.#dialect, [leaf]);
    return r.first;
  }

  /** The public content of a version (or the tombstone of a withdrawal) as the log hashes it. */
  async #contentOf(ex: Executor, disclosureId: number, version: number, event: PublicationEvent): Promise<{ content: LogContent; department: string }> {
    const src = await repo.publicSource(ex, disclosureId, version);
    if (!src) throw new Error(`publication log: disclosure ${disclosureId} has no published version ${version}`);
    const t = this.#itemTypes.get(src.item_type_id);
    if (!t) throw new Error(`publication log: unknown item type ${src.item_type_id}`);
    if (event === 'withdraw') {
      const w = await repo.latestWithdrawal(ex, disclosureId);
      if (!w) throw new Error(`publication log: disclosure ${disclosureId} has no withdrawal event`);
      return {
        department: src.department_code,
        content: withdrawalContent({ itemType: t.code, title: src.title, formedDate: src.formed_date, withdrawnAt: w.at, reason: w.reason ?? '' }),
      };
    }
    const pf = publicFieldsJson(publicFields(t.fields, JSON.parse(src.fields) as Record<string, unknown>, { awardPublished: stageRevealsAwardSecrets(t.stage) }));
    const atts = JSON.parse(src.attachments) as { filename: string; sha256: string }[];
    return {
      department: src.department_code,
      content: versionContent({
        itemType: t.code,
        title: src.title,
        bodyHtml: src.body_html,
        fields: pf.values,
        withheld: pf.withheld,
        attachments: atts.map((a) => ({ name: a.filename, sha256: a.sha256 })),
        formedDate: src.formed_date,
        publishedAt: src.published_at,
        changeReason: src.change_reason,
      }),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Checkpoints.

  async #signers(): Promise<StoredKey[]> {
    const keys = await repo.listKeys(this.#db);
    const now = this.#now().getTime();
    const out: StoredKey[] = [];
    let active = 0;
    for (const k of keys) {
      const inTransition = k.retired_at !== null && now - Date.parse(k.retired_at) < KEY_TRANSITION_DAYS * 86_400_000;
      if (k.retired_at !== null && !inTransition) continue;
      const held = this.#keyFiles.read(k.verifier_key);
      if (!held) continue;
      if (k.retired_at === null) active++;
      out.push(held);
    }
    if (active === 0) {
      throw new AppError(503, 'no_signing_key', `本实例没有当前的日志签名私钥（应位于 ${this.#keyFiles.dir}），无法签署检查点。请从持有密钥的实例签署，或恢复密钥文件。`);
    }
    // Newest key first: readers that look only at the first signature see the current key.
    return out.reverse();
  }

  /**
   * Signs the current tree. Refuses to sign a tree that is not an extension of the last checkpoint
   * (a truncated or rewritten log): the log key must never vouch for a fork.
   */
  async checkpoint(): Promise<repo.CheckpointRow> {
    return (await this.#checkpoint(false))!;
  }

  async #checkpoint(onlyIfNeeded: boolean): Promise<repo.CheckpointRow | null> {
    const signers = await this.#signers();
    const origin = await this.origin();
    return this.#db.transaction().execute(async (trx) => {
      // Same lock as appends: the size and the frontier are read consistently, and several
      // instances running the timer do not sign the same size twice.
      await repo.lockForAppend(trx, this.#dialect);
      const size = await repo.treeSize(trx);
      const last = await repo.latestCheckpoint(trx);
      if (onlyIfNeeded && last && last.size === size) {
        const signedBy = new Set(parseNote(last.note).signatures.map((s) => s.keyId));
        if (signedBy.size === signers.length && signers.every((k) => signedBy.has(k.keyId))) return null;
      }
      const root = await repo.rootAt(trx, size);
      if (last) {
        if (size < last.size) throw new repo.LogDamagedError(`公开记录比上一个检查点短（${size} < ${last.size}），拒绝签署 / log shrank below the last checkpoint (${size} < ${last.size}); refusing to sign`);
        const oldRoot = await repo.rootAt(trx, last.size);
        if (!oldRoot.equals(last.root_hash)) throw new repo.LogDamagedError(`公开记录前 ${last.size} 条与上一个检查点不一致，拒绝签署 / the first ${last.size} leaves no longer match the last checkpoint; refusing to sign`);
      }
      const at = this.#now();
      const text = formatCheckpoint({ origin, size, rootHash: root, extensions: [`time ${leafTime(at)}`] });
      const note = signNote(text, signers.map((s) => s.signerKey));
      const id = await repo.insertCheckpoint(trx, { size, rootHash: root, note, at: at.toISOString() });
      return { id, size, root_hash: root, note, created_at: at.toISOString() };
    });
  }

  /**
   * A new checkpoint if the log grew, or if the set of signing keys changed (rotation, end of a
   * transition); otherwise null. Safe to call often.
   */
  maybeCheckpoint(): Promise<repo.CheckpointRow | null> {
    return this.#checkpoint(true);
  }

  /** Calls maybeCheckpoint now and every `ms`; errors go to onError. The timer does not keep the process alive. */
  startCheckpointTimer(ms = 60_000, onError: (e: unknown) => void = (e) => console.error('publication log checkpoint failed:', e)): void {
    this.stop();
    const tick = () => {
      if (this.#checkpointRunning) return;
      this.#checkpointRunning = this.maybeCheckpoint()
        .catch(onError)
        .finally(() => {
          this.#checkpointRunning = undefined;
        });
    };
    tick();
    this.#timer = setInterval(tick, ms);
    this.#timer.unref();
  }

  /** Stops the timer and waits for a checkpoint in progress (before the database closes). */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#checkpointRunning;
  }

  /** New signing key; the old one is retired now and co-signs for KEY_TRANSITION_DAYS. Signs a checkpoint with both. */
  async rotateKey(): Promise<{ verifierKey: string; checkpoint: repo.CheckpointRow }> {
    const origin = await this.origin();
    const k = await this.#db.transaction().execute(async (trx) => {
      await repo.lockKeys(trx, this.#dialect);
      const k = this.#keyFiles.generate(origin);
      const at = this.#now().toISOString();
      await repo.insertKey(trx, { name: k.name, keyId: k.keyId, verifierKey: k.verifierKey, at });
      await repo.retireKeys(trx, k.verifierKey, at);
      return k;
    });
    return { verifierKey: k.verifierKey, checkpoint: await this.checkpoint() };
  }

  async keys(): Promise<LogKeyInfo[]> {
    const rows = await repo.listKeys(this.#db);
    const now = this.#now().getTime();
    return rows.map((k) => ({
      name: k.name,
      keyId: k.key_id,
      verifierKey: k.verifier_key,
      createdAt: k.created_at,
      retiredAt: k.retired_at,
      signing: k.retired_at === null || now - Date.parse(k.retired_at) < KEY_TRANSITION_DAYS * 86_400_000,
    }));
  }

  /** The latest signed checkpoint; with `cosigned`, the newest one a witness cosigned, with those cosignatures. */
  async checkpointNote(cosigned = false): Promise<string> {
    if (cosigned) {
      const c = await repo.latestCosignedCheckpoint(this.#db);
      if (!c) throw new AppError(404, 'no_cosigned_checkpoint', '尚无见证方联署的检查点');
      const p = parseNote(c.checkpoint.note);
      const lines = [...p.signatures.map((s) => s.line), ...c.lines];
      return `${p.text}\n${lines.map((l) => `${l}\n`).join('')}`;
    }
    const c = (await repo.latestCheckpoint(this.#db)) ?? (await this.checkpoint());
    return c.note;
  }

  // -------------------------------------------------------------------------------------------
  // Reads for the API.

  size(): Promise<number> {
    return repo.treeSize(this.#db);
  }

  latestCheckpoint() {
    return repo.latestCheckpoint(this.#db);
  }

  async entries(start: number, end: number): Promise<{ index: number; leaf: string; leafHash: string }[]> {
    const rows = await repo.listEntries(this.#db, start, end);
    return rows.map((r) => ({ index: r.idx, leaf: r.leaf_data, leafHash: r.hash.toString('base64') }));
  }

  inclusionProof(index: number, size: number) {
    return repo.inclusionProof(this.#db, index, size);
  }

  leafIndexByHash(disclosureId: number, hash: Uint8Array) {
    return repo.leafIndexByHash(this.#db, disclosureId, hash);
  }

  consistencyProof(from: number, to: number) {
    return repo.consistencyProof(this.#db, from, to);
  }

  /** The log entries of one disclosure, oldest first: for "已登记于公开记录第 N 条" on its page. */
  async logEntriesFor(disclosureId: number): Promise<LogEntryRef[]> {
    const rows = await repo.entriesForDisclosure(this.#db, disclosureId);
    return rows.map((r) => ({ index: r.idx, version: r.leaf.version, event: r.leaf.event, time: r.leaf.time }));
  }

  /**
   * A disclosure's entries with their public content recomputed now from the published versions –
   * what the verifier hashes and compares with the leaves. The content of a withdrawn disclosure's
   * versions is not shown again (the tombstone is all the public keeps); its recomputed hash is.
   */
  async disclosureLog(disclosureId: number): Promise<{ disclosureId: number; withdrawn: boolean; entries: DisclosureLogEntry[] }> {
    const rows = await repo.entriesForDisclosure(this.#db, disclosureId);
    if (rows.length === 0) throw new AppError(404, 'not_found', '公开记录中没有该信息');
    const withdrawn = rows.some((r) => r.leaf.event === 'withdraw');
    const sealed = await repo.sealedVersions(this.#db, disclosureId);
    const entries: DisclosureLogEntry[] = [];
    for (const { idx, leaf } of rows) {
      const base = { index: idx, version: leaf.version, event: leaf.event, time: leaf.time, leafContentHash: leaf.contentHash };
      let c: { content: LogContent } | undefined;
      try {
        c = await this.#contentOf(this.#db, disclosureId, leaf.version, leaf.event);
      } catch {
        c = undefined;
      }
      if (!c) {
        entries.push({ ...base, content: null, contentHash: null, note: leaf.event === 'withdraw' ? 'withdrawal_missing' : 'version_missing' });
        continue;
      }
      const h = contentHash(c.content);
      if (sealed.has(leaf.version) && leaf.event !== 'withdraw') entries.push({ ...base, content: null, contentHash: h, note: 'sealed' });
      else if (withdrawn && leaf.event !== 'withdraw') entries.push({ ...base, content: null, contentHash: h, note: 'withdrawn' });
      else entries.push({ ...base, content: c.content, contentHash: h });
    }
    return { disclosureId, withdrawn, entries };
  }

  // -------------------------------------------------------------------------------------------
  // Witnesses.

  /**
   * Accepts a witness's cosignature: the posted note must be one of our checkpoints, word for word,
   * carrying a valid signature by a configured witness key (LOG_WITNESS_KEYS).
   */
  async cosign(note: string): Promise<{ checkpointId: number; size: number; accepted: { name: string; keyId: string }[] }> {
    if (this.#witnessKeys.length === 0) throw new AppError(403, 'no_witnesses', '本平台未配置见证方公钥（LOG_WITNESS_KEYS），不接受联署');
    let parsed;
    let cp;
    try {
      parsed = parseNote(note);
      cp = parseCheckpoint(parsed.text);
    } catch (e) {
      throw new AppError(400, 'malformed_note', `提交的内容不是有效的签名检查点：${(e as Error).message}`);
    }
    if (cp.origin !== (await this.origin())) throw new AppError(400, 'wrong_origin', `检查点来源（${cp.origin}）不是本平台的公开记录`);
    const ours = (await repo.checkpointsOfSize(this.#db, cp.size)).find((c) => parseNote(c.note).text === parsed.text);
    if (!ours) throw new AppError(404, 'unknown_checkpoint', '未找到与提交内容逐字一致的检查点');
    let verified;
    try {
      verified = verifyNote(note, this.#witnessKeys);
    } catch (e) {
      if (e instanceof NoteError && e.code === 'unknown-key') throw new AppError(403, 'unknown_witness', '联署不是由已配置的见证方密钥签署的');
      if (e instanceof NoteError && e.code === 'bad-signature') throw new AppError(400, 'bad_signature', '见证方签名无效');
      throw e;
    }
    const at = this.#now().toISOString();
    const accepted: { name: string; keyId: string }[] = [];
    for (const vk of verified.verifiedKeys) {
      const witnessKey = this.#witnessKeys.find((w) => {
        const d = describeVerifierKey(w);
        return d.name === vk.name && d.keyId === vk.keyId;
      })!;
      const line = parsed.signatures.find((s) => s.name === vk.name && s.keyId === vk.keyId)!.line;
      await repo.saveCosignature(this.#db, { checkpointId: ours.id, witnessKey, line, at });
      accepted.push(vk);
    }
    return { checkpointId: ours.id, size: cp.size, accepted };
  }

  // -------------------------------------------------------------------------------------------
  // Export (`gongkai log export`): everything the verifier needs, in one public JSON file.

  async exportTo(out: Writable): Promise<{ size: number }> {
    const write = (s: string) =>
      new Promise<void>((resolve, reject) => {
        if (out.write(s)) resolve();
        else {
          out.once('drain', resolve);
          out.once('error', reject);
        }
      });
    // Sign what is new if this instance holds the key; otherwise export up to the last checkpoint.
    let cp = await this.maybeCheckpoint().catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'no_signing_key') return null;
      throw e;
    });
    cp ??= (await repo.latestCheckpoint(this.#db)) ?? null;
    if (!cp) throw new AppError(503, 'no_checkpoint', '公开记录尚无签名检查点，无法导出');
    const size = cp.size;
    await write(`{"format":${JSON.stringify(EXPORT_FORMAT)},"origin":${JSON.stringify(await this.origin())},"exportedAt":${JSON.stringify(this.#now().toISOString())},\n`);
    await write(`"checkpoint":${JSON.stringify(cp.note)},\n"keys":${JSON.stringify(await this.keys())},\n"entries":[\n`);
    const ids = new Set<number>();
    for (let start = 0; start < size; start += MAX_ENTRIES_PER_CALL) {
      const rows = await this.entries(start, Math.min(size, start + MAX_ENTRIES_PER_CALL));
      const parts: string[] = [];
      for (const r of rows) {
        ids.add((JSON.parse(r.leaf) as { disclosureId: number }).disclosureId);
        parts.push(JSON.stringify(r));
      }
      await write(`${start > 0 ? ',\n' : ''}${parts.join(',\n')}`);
    }
    await write(`\n],\n"disclosures":[\n`);
    let first = true;
    for (const id of [...ids].sort((a, b) => a - b)) {
      const d = await this.disclosureLog(id);
      await write(`${first ? '' : ',\n'}${JSON.stringify(d)}`);
      first = false;
    }
    await write(`\n]}\n`);
    return { size };
  }

  async exportToFile(file: string): Promise<{ size: number }> {
    const out = fs.createWriteStream(file);
    try {
      return await this.exportTo(out);
    } finally {
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    }
  }
}
