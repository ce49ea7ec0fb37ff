// Merkle tree hashing for the publication log, as in RFC 9162 (Certificate Transparency v2) §2.1,
// which keeps RFC 6962's tree: leaf = SHA-256(0x00 ‖ d), node = SHA-256(0x01 ‖ l ‖ r), the left
// subtree of n leaves holding the largest power of two smaller than n. Pure: node:crypto only, no I/O.
//
// Anyone holding a checkpoint (see note.ts) can check with these functions alone that a publication
// event is in the log and that the log has only ever been appended to – which is the point: the
// proofs must be byte-compatible with every other RFC 6962 implementation, hence the test vectors.
//
// Coordinates. A "node" (level, index) is the root of the perfect subtree over the leaves
// [index·2^level, (index+1)·2^level); level 0 is the leaf hash itself. A node is *complete* in a
// tree of size n when (index+1)·2^level ≤ n; its hash then never changes, so it can be stored
// once and read forever. Every MTH the RFC asks for is either such a node or the right-fold of a
// few of them (see subtreeNodes), so a proof needs O(log n) stored hashes and no rehashing.
//
// Storage layout for the database layer (the DB module owns the schema; this is the contract):
//
//   CREATE TABLE publication_log_node (
//     level  SMALLINT NOT NULL,        -- 0 = leaf hash
//     idx    BIGINT   NOT NULL,
//     hash   BYTEA    NOT NULL,        -- 32 bytes (BLOB in SQLite)
//     PRIMARY KEY (level, idx)
//   );
//
// * Append: in the same transaction that inserts the leaf row, insert the rows
//   `MerkleAppender.appendWithNodes(leafHash)` returns (their coordinates are
//   `completedNodesAfterAppend(oldSize)`): one row at level 0 plus one per trailing 1-bit of
//   oldSize, i.e. 2 rows per leaf on average and ≈ 2n rows in all. Rows are never updated.
// * Proofs: `inclusionProofPlan` / `consistencyProofPlan` name the nodes; `planNodeIds(plan)` gives
//   the ≤ 2·log2(n) distinct (level, idx) pairs to fetch in one `WHERE (level, idx) IN (…)` query;
//   `assembleProof(plan, lookup)` folds them into the RFC proof. No leaf scan, no recursion in SQL.
// * Restart: the appender's O(log n) state is the hashes of `frontierNodes(size)`; read those rows
//   and call `MerkleAppender.fromFrontier(size, hashes)`. Roots of earlier sizes come the same way
//   (`rootFromStore`), so checkpoints of old sizes can be re-derived for consistency proofs.
// * If the node table ever becomes too large, the C2SP tlog-tiles layout (256-wide tiles of the
//   same hashes) is a drop-in replacement for this table: the node coordinates are the same.

import { createHash, hash as oneShotHash } from 'node:crypto';

export const HASH_SIZE = 32;

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

// crypto.hash (one-shot, ~30 % faster) arrived in Node 20.12; package.json allows ≥ 20.10.
const hasOneShot = typeof oneShotHash === 'function';

function sha256(data: Uint8Array): Buffer {
  return hasOneShot ? oneShotHash('sha256', data, 'buffer') : createHash('sha256').update(data).digest();
}

/** SHA-256 of the empty string: the root of the empty tree (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Buffer = sha256(new Uint8Array(0));

/** RFC 9162 §2.1.1: MTH({d}) = SHA-256(0x00 ‖ d). */
export function leafHash(data: Uint8Array): Buffer {
  const buf = new Uint8Array(1 + data.length);
  buf.set(LEAF_PREFIX, 0);
  buf.set(data, 1);
  return sha256(buf);
}

const nodeBuf = new Uint8Array(1 + 2 * HASH_SIZE);
nodeBuf[0] = NODE_PREFIX[0]!;

/** RFC 9162 §2.1.1: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    throw new RangeError(`nodeHash: children must be ${HASH_SIZE}-byte hashes`);
  }
  // One reused buffer: hashing is synchronous, so no caller can observe it between set and hash.
  nodeBuf.set(left, 1);
  nodeBuf.set(right, 1 + HASH_SIZE);
  return sha256(nodeBuf);
}

// ---------------------------------------------------------------------------------------------
// Integer helpers. Sizes are JS numbers up to 2^53 − 1; bitwise operators would truncate at 2^31,
// so these use arithmetic.

function assertSize(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative safe integer, got ${n}`);
}

/** Largest power of two strictly smaller than n (n ≥ 2): the RFC's split point k. */
export function splitPoint(n: number): number {
  if (n < 2) throw new RangeError(`splitPoint: n must be ≥ 2, got ${n}`);
  if (n <= 0x80000000) return 2 ** (31 - Math.clz32(n - 1));
  let k = 0x80000000;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  if (!Number.isSafeInteger(n) || n < 1) return false;
  while (n > 0xffffffff) {
    if (n % 2 !== 0) return false;
    n /= 2;
  }
  return (n & (n - 1)) === 0; // exact below 2^32: & works on the value mod 2^32
}

/** log2 of a power of two, without floating-point log. */
function log2Int(pow2: number): number {
  let level = 0;
  while (pow2 > 0x80000000) {
    pow2 /= 2;
    level++;
  }
  return level + 31 - Math.clz32(pow2);
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

// ---------------------------------------------------------------------------------------------
// Node coordinates.

export interface NodeId {
  /** 0 = leaf hash; a node at level L covers 2^L leaves. */
  level: number;
  index: number;
}

export interface CompletedNode extends NodeId {
  hash: Buffer;
}

/**
 * The perfect subtrees whose right-fold is MTH(D[start:end]), largest first.
 * For the ranges the RFC recursion produces, start is a multiple of every piece's size.
 */
export function subtreeNodes(start: number, end: number): NodeId[] {
  assertSize('start', start);
  assertSize('end', end);
  if (end <= start) throw new RangeError(`subtreeNodes: empty range [${start}, ${end})`);
  const out: NodeId[] = [];
  let s = start;
  let n = end - start;
  while (n > 0) {
    const size = isPowerOfTwo(n) ? n : splitPoint(n);
    if (s % size !== 0) throw new RangeError(`subtreeNodes: [${start}, ${end}) is not an RFC 9162 subtree`);
    out.push({ level: log2Int(size), index: s / size });
    s += size;
    n -= size;
  }
  return out;
}

/** The compact range [0, size): the perfect subtrees a frontier appender holds (one per 1-bit). */
export function frontierNodes(size: number): NodeId[] {
  assertSize('size', size);
  return size === 0 ? [] : subtreeNodes(0, size);
}

/**
 * Nodes that become complete when the leaf with index `size` is appended (tree grows to size + 1):
 * the leaf itself at level 0, then one parent per trailing 1-bit of `size`. The storage layer
 * persists exactly these in the append transaction.
 */
export function completedNodesAfterAppend(size: number): NodeId[] {
  assertSize('size', size);
  const out: NodeId[] = [{ level: 0, index: size }];
  let s = size;
  let level = 0;
  while (isOdd(s)) {
    s = half(s);
    level++;
    out.push({ level, index: s });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Plain recursive MTH, for small inputs and as the reference the fast paths are tested against.

/** RFC 9162 §2.1.1 MTH over leaf hashes (already hashed with leafHash). O(n) hashing. */
export function rootFromLeafHashes(hashes: readonly Uint8Array[]): Buffer {
  if (hashes.length === 0) return Buffer.from(EMPTY_ROOT);
  // Bottom-up with a frontier gives the same tree as the recursive split (the left subtree is always
  // the largest perfect one), in O(n) time without recursion.
  const app = new MerkleAppender();
  for (const h of hashes) app.append(h);
  return app.root();
}

// ---------------------------------------------------------------------------------------------
// Frontier appender.

export interface MerkleAppenderOptions {
  size?: number;
  /** Hashes of frontierNodes(size), largest subtree first. */
  frontier?: readonly Uint8Array[];
}

/**
 * Append-only tree state in O(log n) memory: the roots of the perfect subtrees covering [0, size)
 * (a "compact range"). Appending costs one leaf copy plus one hash per trailing 1-bit of size.
 */
export class MerkleAppender {
  #size: number;
  #frontier: Buffer[];
  #root: Buffer | undefined;

  constructor(options: MerkleAppenderOptions = {}) {
    const size = options.size ?? 0;
    assertSize('size', size);
    const frontier = options.frontier ?? [];
    const expected = frontierNodes(size).length;
    if (frontier.length !== expected) {
      throw new RangeError(`MerkleAppender: size ${size} needs ${expected} frontier hashes, got ${frontier.length}`);
    }
    for (const h of frontier) checkHash('frontier hash', h);
    this.#size = size;
    this.#frontier = frontier.map((h) => Buffer.from(h));
    this.#root = undefined;
  }

  static fromFrontier(size: number, frontier: readonly Uint8Array[]): MerkleAppender {
    return new MerkleAppender({ size, frontier });
  }

  get size(): number {
    return this.#size;
  }

  /** Hashes of frontierNodes(size), largest first – what to persist or read back on restart. */
  frontier(): Buffer[] {
    return this.#frontier.map((h) => Buffer.from(h));
  }

  append(leafHashValue: Uint8Array): void {
    this.#append(leafHashValue, undefined);
  }

  /** Append and return the newly complete nodes (coordinates = completedNodesAfterAppend(oldSize)). */
  appendWithNodes(leafHashValue: Uint8Array): CompletedNode[] {
    const out: CompletedNode[] = [];
    this.#append(leafHashValue, out);
    return out;
  }

  /** @internal used by MemoryTreeStore to avoid an array per append. */
  appendInto(leafHashValue: Uint8Array, sink: (level: number, index: number, hash: Buffer) => void): void {
    this.#append(leafHashValue, sink);
  }

  #append(
    leaf: Uint8Array,
    sink: CompletedNode[] | ((level: number, index: number, hash: Buffer) => void) | undefined,
  ): void {
    checkHash('leaf hash', leaf);
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new RangeError('MerkleAppender: tree is full');
    let h: Buffer = Buffer.from(leaf);
    let s = this.#size;
    let level = 0;
    emit(sink, 0, s, h);
    while (isOdd(s)) {
      const left = this.#frontier.pop()!;
      h = nodeHash(left, h);
      s = half(s);
      level++;
      emit(sink, level, s, h);
    }
    this.#frontier.push(h);
    this.#size++;
    this.#root = undefined;
  }

  /** MTH of the current tree; SHA-256("") when empty. O(log n), cached until the next append. */
  root(): Buffer {
    if (this.#root === undefined) this.#root = foldRight(this.#frontier);
    return Buffer.from(this.#root);
  }

  clone(): MerkleAppender {
    return new MerkleAppender({ size: this.#size, frontier: this.#frontier });
  }
}

function emit(
  sink: CompletedNode[] | ((level: number, index: number, hash: Buffer) => void) | undefined,
  level: number,
  index: number,
  hash: Buffer,
): void {
  if (sink === undefined) return;
  if (typeof sink === 'function') sink(level, index, hash);
  else sink.push({ level, index, hash });
}

/** MTH of a compact range: right-fold node(P0, node(P1, … Pk)). */
function foldRight(hashes: readonly Uint8Array[]): Buffer {
  if (hashes.length === 0) return Buffer.from(EMPTY_ROOT);
  let h: Buffer = Buffer.from(hashes[hashes.length - 1]!);
  for (let i = hashes.length - 2; i >= 0; i--) h = nodeHash(hashes[i]!, h);
  return h;
}

function checkHash(what: string, h: Uint8Array): void {
  if (!(h instanceof Uint8Array) || h.length !== HASH_SIZE) {
    throw new RangeError(`${what} must be ${HASH_SIZE} bytes`);
  }
}

// ---------------------------------------------------------------------------------------------
// Tree stores.

/**
 * Read access to a log's hashes. getNode may return any *complete* node it has (level ≥ 0) and
 * undefined otherwise; missing nodes are recomputed from their children, down to leaves.
 */
export interface TreeStore {
  getLeafHash(index: number): Uint8Array;
  getNode?(level: number, index: number): Uint8Array | undefined;
}

/** Growable flat column of 32-byte hashes: 1M hashes are one 32 MB array, not 1M objects. */
class HashColumn {
  #buf = new Uint8Array(HASH_SIZE * 1024);
  length = 0;

  push(h: Uint8Array): void {
    const need = (this.length + 1) * HASH_SIZE;
    if (need > this.#buf.length) {
      const next = new Uint8Array(Math.max(need, this.#buf.length * 2));
      next.set(this.#buf.subarray(0, this.length * HASH_SIZE));
      this.#buf = next;
    }
    this.#buf.set(h, this.length * HASH_SIZE);
    this.length++;
  }

  get(i: number): Buffer | undefined {
    if (!(i >= 0 && i < this.length) || !Number.isInteger(i)) return undefined;
    const off = i * HASH_SIZE;
    // Copy: callers may keep or mutate the result without corrupting the store.
    return Buffer.from(this.#buf.subarray(off, off + HASH_SIZE));
  }
}

/**
 * In-memory log: keeps every complete node at every level (≈ 2n hashes, 64 MB per million leaves),
 * i.e. exactly what the database node table holds, so proofs read O(log n) hashes.
 */
export class MemoryTreeStore implements TreeStore {
  readonly #levels: HashColumn[] = [];
  readonly #appender = new MerkleAppender();
  // One sink for the store's lifetime rather than a closure per append.
  readonly #sink = (level: number, index: number, hash: Buffer): void => this.#put(level, index, hash);

  get size(): number {
    return this.#appender.size;
  }

  /** Appends a leaf hash; returns its index. */
  append(leafHashValue: Uint8Array): number {
    const index = this.#appender.size;
    this.#appender.appendInto(leafHashValue, this.#sink);
    return index;
  }

  /** Hashes the leaf data (RFC 6962 leaf prefix) and appends it; returns the leaf hash. */
  appendData(data: Uint8Array): Buffer {
    const h = leafHash(data);
    this.append(h);
    return h;
  }

  #put(level: number, index: number, hash: Buffer): void {
    let col = this.#levels[level];
    if (col === undefined) {
      col = new HashColumn();
      this.#levels[level] = col;
    }
    // Nodes complete left to right at every level, so the column index is the node index.
    if (col.length !== index) throw new Error(`MemoryTreeStore: node (${level}, ${index}) out of order`);
    col.push(hash);
  }

  root(): Buffer {
    return this.#appender.root();
  }

  /** Root of the tree as it was at an earlier size (0 ≤ size ≤ this.size). */
  rootAt(size: number): Buffer {
    if (size > this.size) throw new RangeError(`rootAt: ${size} > log size ${this.size}`);
    return rootFromStore(size, this);
  }

  getLeafHash(index: number): Buffer {
    const h = this.#levels[0]?.get(index);
    if (h === undefined) throw new RangeError(`MemoryTreeStore: no leaf ${index} (size ${this.size})`);
    return h;
  }

  getNode(level: number, index: number): Buffer | undefined {
    return this.#levels[level]?.get(index);
  }

  /** Snapshot of the O(log n) appender state (e.g. to hand to a new process). */
  frontier(): Buffer[] {
    return this.#appender.frontier();
  }
}

/** Hash of the complete node (level, index), from the store or rebuilt from its children. */
export function perfectNodeHash(store: TreeStore, level: number, index: number): Buffer {
  if (level > 0 && store.getNode) {
    const cached = store.getNode(level, index);
    if (cached !== undefined) {
      checkHash(`stored node (${level}, ${index})`, cached);
      return Buffer.from(cached);
    }
  }
  if (level === 0) {
    const h = store.getNode?.(0, index) ?? store.getLeafHash(index);
    checkHash(`leaf hash ${index}`, h);
    return Buffer.from(h);
  }
  return nodeHash(perfectNodeHash(store, level - 1, 2 * index), perfectNodeHash(store, level - 1, 2 * index + 1));
}

/** MTH of the first `size` leaves, read from the store in O(log n) node lookups. */
export function rootFromStore(size: number, store: TreeStore): Buffer {
  assertSize('size', size);
  if (size === 0) return Buffer.from(EMPTY_ROOT);
  return foldRight(frontierNodes(size).map((n) => perfectNodeHash(store, n.level, n.index)));
}

// ---------------------------------------------------------------------------------------------
// Proof plans: which nodes a proof consists of, independent of where hashes live.

export interface ProofPlan {
  /** One entry per proof hash, in RFC order; each is the right-fold of these complete nodes. */
  elements: NodeId[][];
}

/** RFC 9162 §2.1.3.1 PATH(m, D[n]) as node coordinates. */
export function inclusionProofPlan(index: number, size: number): ProofPlan {
  assertSize('index', index);
  assertSize('size', size);
  if (index >= size) throw new RangeError(`inclusion proof: index ${index} not in tree of size ${size}`);
  // PATH(m, D[start:end]) = PATH(m, child containing m) : MTH(sibling). Walk top-down, then reverse
  // so the leaf's sibling comes first.
  const siblings: NodeId[][] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      siblings.push(subtreeNodes(start + k, end));
      end = start + k;
    } else {
      siblings.push(subtreeNodes(start, start + k));
      start += k;
    }
  }
  return { elements: siblings.reverse() };
}

/**
 * RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true) as node coordinates.
 * m = n and m = 0 give an empty proof (trivially consistent, as transparency-dev/merkle does).
 */
export function consistencyProofPlan(m: number, n: number): ProofPlan {
  assertSize('m', m);
  assertSize('n', n);
  if (m > n) throw new RangeError(`consistency proof: old size ${m} > new size ${n}`);
  if (m === 0 || m === n) return { elements: [] };
  const siblings: NodeId[][] = [];
  let start = 0;
  let end = n;
  let mm = m; // m relative to start
  let b = true;
  while (mm !== end - start) {
    const k = splitPoint(end - start);
    if (mm <= k) {
      // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
      siblings.push(subtreeNodes(start + k, end));
      end = start + k;
    } else {
      // SUBPROOF(m − k, D[k:n], false) : MTH(D[0:k])
      siblings.push(subtreeNodes(start, start + k));
      start += k;
      mm -= k;
      b = false;
    }
  }
  // SUBPROOF(m, D[m], true) = {}, SUBPROOF(m, D[m], false) = {MTH(D[m])}.
  const elements = siblings.reverse();
  if (!b) elements.unshift(subtreeNodes(start, end));
  return { elements };
}

/** Distinct node coordinates a plan reads – the rows to fetch in one query. */
export function planNodeIds(plan: ProofPlan): NodeId[] {
  const seen = new Set<string>();
  const out: NodeId[] = [];
  for (const el of plan.elements) {
    for (const id of el) {
      const key = `${id.level}/${id.index}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(id);
      }
    }
  }
  return out;
}

/** Folds looked-up node hashes into the proof. Throws if the lookup lacks a node. */
export function assembleProof(plan: ProofPlan, lookup: (level: number, index: number) => Uint8Array | undefined): Buffer[] {
  return plan.elements.map((el) =>
    foldRight(
      el.map(({ level, index }) => {
        const h = lookup(level, index);
        if (h === undefined) throw new Error(`proof needs node (${level}, ${index}), which the lookup lacks`);
        checkHash(`node (${level}, ${index})`, h);
        return h;
      }),
    ),
  );
}

type LeafSource = TreeStore | ((index: number) => Uint8Array);

function asStore(src: LeafSource): TreeStore {
  return typeof src === 'function' ? { getLeafHash: src } : src;
}

/**
 * RFC 9162 §2.1.3.1 inclusion proof for leaf `index` in the tree of the first `size` leaves.
 * With a store that has complete nodes this reads O(log n) hashes; with leaves only it rehashes
 * O(n) – fine for tests and small trees.
 */
export function inclusionProof(index: number, size: number, source: LeafSource): Buffer[] {
  const store = asStore(source);
  return assembleProof(inclusionProofPlan(index, size), (l, i) => perfectNodeHash(store, l, i));
}

/** RFC 9162 §2.1.4.1 consistency proof between tree sizes m ≤ n. */
export function consistencyProof(m: number, n: number, source: LeafSource): Buffer[] {
  const store = asStore(source);
  return assembleProof(consistencyProofPlan(m, n), (l, i) => perfectNodeHash(store, l, i));
}

// ---------------------------------------------------------------------------------------------
// Verifiers. Return false (never throw) on any mismatch, including malformed input, so callers
// can treat "false" uniformly as "do not trust".

function validHashList(proof: readonly Uint8Array[]): boolean {
  return Array.isArray(proof) && proof.every((p) => p instanceof Uint8Array && p.length === HASH_SIZE);
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/** RFC 9162 §2.1.3.2: the root the proof leads to, or undefined if the proof has the wrong shape. */
export function rootFromInclusionProof(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): Buffer | undefined {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || size < 0) return undefined;
  if (!(leaf instanceof Uint8Array) || leaf.length !== HASH_SIZE || !validHashList(proof)) return undefined;
  // 1. leaf_index ≥ tree_size fails.
  if (index >= size) return undefined;
  // 2.–3.
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  // 4.
  for (const p of proof) {
    // a. A proof longer than the path fails.
    if (sn === 0) return undefined;
    // b.
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    // c.
    fn = half(fn);
    sn = half(sn);
  }
  // 5. A proof shorter than the path fails.
  return sn === 0 ? r : undefined;
}

/** RFC 9162 §2.1.3.2: does `proof` show leaf hash `leaf` at `index` in the tree with `root`? */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!(root instanceof Uint8Array) || root.length !== HASH_SIZE) return false;
  const r = rootFromInclusionProof(index, size, leaf, proof);
  return r !== undefined && bytesEqual(r, root);
}

/**
 * RFC 9162 §2.1.4.2: does `proof` show the tree (n, newRoot) extends (m, oldRoot)?
 * Edge cases as transparency-dev/merkle: m = n needs an empty proof and equal roots; m = 0 needs an
 * empty proof (everything extends the empty tree); m > n fails.
 */
export function verifyConsistency(
  m: number,
  n: number,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || n < 0 || m > n) return false;
  if (!(oldRoot instanceof Uint8Array) || !(newRoot instanceof Uint8Array)) return false;
  if (oldRoot.length !== HASH_SIZE || newRoot.length !== HASH_SIZE || !validHashList(proof)) return false;
  if (m === n) return proof.length === 0 && bytesEqual(oldRoot, newRoot);
  if (m === 0) return proof.length === 0;
  // 1. An empty path fails.
  if (proof.length === 0) return false;
  // 2. If first is an exact power of 2, prepend first_hash.
  const path: readonly Uint8Array[] = isPowerOfTwo(m) ? [oldRoot, ...proof] : proof;
  // 3.
  let fn = m - 1;
  let sn = n - 1;
  // 4. Right-shift both while LSB(fn) is set.
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5.
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  // 6.
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // 7.
  return sn === 0 && bytesEqual(fr, oldRoot) && bytesEqual(sr, newRoot);
}
