// All SQL of the publication log. The tables (migration 0002) follow the storage contract in
// merkle.ts's header: one row per complete node, written once in the append transaction; proofs
// read O(log n) rows by primary key and never scan leaves.
import { CompiledQuery, sql, type Generated, type Kysely } from 'kysely';
import type { DialectName } from '../../config.ts';
import type { Db, Executor } from '../../db/index.ts';
import type { Database } from '../../db/schema.ts';
import { decodeLeaf, encodeLeaf, type PublicationLeaf } from './leaf.ts';
import {
  MerkleAppender,
  assembleProof,
  consistencyProofPlan,
  frontierNodes,
  inclusionProofPlan,
  leafHash,
  planNodeIds,
  rootFromStore,
  type NodeId,
} from './merkle.ts';

// ---------------------------------------------------------------------------------------------
// Row types. Kept here rather than in db/schema.ts: only this module reads these tables.

export interface LogLeafTable {
  idx: number;
  disclosure_id: number;
  /** Canonical leaf JSON (leaf.ts): the only copy of version, event, time, department, content hash. */
  leaf_data: string;
  /** SHA-256(0x00 ‖ leaf_data): the level-0 node. */
  leaf_hash: Buffer;
}

/** Complete nodes at level ≥ 1 (level 0 is log_leaves.leaf_hash). */
export interface LogNodeTable {
  level: number;
  idx: number;
  hash: Buffer;
}

export interface LogCheckpointTable {
  id: Generated<number>;
  size: number;
  root_hash: Buffer;
  note: string;
  created_at: string;
}

export interface LogKeyTable {
  id: Generated<number>;
  name: string;
  key_id: string;
  verifier_key: string;
  created_at: string;
  retired_at: string | null;
}

export interface LogCosignatureTable {
  id: Generated<number>;
  checkpoint_id: number;
  witness_key: string;
  signature_line: string;
  created_at: string;
}

// A type alias, not an interface: withTables<T> needs an index-compatible record type.
export type LogTables = {
  log_leaves: LogLeafTable;
  log_nodes: LogNodeTable;
  log_checkpoints: LogCheckpointTable;
  log_keys: LogKeyTable;
  log_cosignatures: LogCosignatureTable;
};

type LogDb = Kysely<Database & LogTables>;

/** The same connection or transaction, typed with the log tables. */
function lx(ex: Executor): LogDb {
  // withTables on a Transaction returns a Transaction: the caller's transaction is kept.
  return (ex as Db).withTables<LogTables>();
}

// ---------------------------------------------------------------------------------------------
// Appending.

// Any constant works; this one spells "gklog". Only the log's appenders take it.
const APPEND_LOCK = 0x676b6c6f67;

/**
 * Serialises appenders for the rest of the transaction. PostgreSQL: a transaction-scoped advisory
 * lock, so two publications committing concurrently get consecutive indexes instead of both
 * reading the same size (the primary key would make one fail). SQLite serialises writers already.
 */
export async function lockForAppend(ex: Executor, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${APPEND_LOCK})`.execute(ex);
}

/** Number of leaves (the next index). */
export async function treeSize(ex: Executor): Promise<number> {
  const r = await lx(ex).selectFrom('log_leaves').select((eb) => eb.fn.max('idx').as('m')).executeTakeFirst();
  const m = r?.m;
  return m === null || m === undefined ? 0 : Number(m) + 1;
}

const nodeKey = (level: number, index: number) => `${level}/${index}`;

/** Stored hashes of the given nodes, keyed "level/index"; absent nodes are simply missing. */
export async function getNodes(ex: Executor, ids: readonly NodeId[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  if (ids.length === 0) return out;
  const leaves = new Set<number>();
  const byLevel = new Map<number, Set<number>>();
  for (const { level, index } of ids) {
    if (level === 0) leaves.add(index);
    else byLevel.set(level, (byLevel.get(level) ?? new Set()).add(index));
  }
  const db = lx(ex);
  // One primary-key probe per node, in one round trip; grouped by level to keep the statement short.
  const q0 = leaves.size ? db.selectFrom('log_leaves').select([sql<number>`0`.as('level'), 'idx', 'leaf_hash as hash']).where('idx', 'in', [...leaves]) : undefined;
  const q1 = byLevel.size
    ? db
        .selectFrom('log_nodes')
        .select(['level', 'idx', 'hash'])
        .where((eb) => eb.or([...byLevel].map(([level, idxs]) => eb.and([eb('level', '=', level), eb('idx', 'in', [...idxs])]))))
    : undefined;
  const rows = await (q0 && q1 ? q0.unionAll(q1) : (q0 ?? q1)!).execute();
  for (const r of rows) out.set(nodeKey(Number(r.level), Number(r.idx)), Buffer.from(r.hash));
  return out;
}

export class LogDamagedError extends Error {
  override name = 'LogDamagedError';
}

function lookupOrThrow(map: Map<string, Buffer>) {
  return (level: number, index: number): Buffer => {
    const h = map.get(nodeKey(level, index));
    if (h === undefined) throw new LogDamagedError(`publication log is damaged: node (${level}, ${index}) is missing`);
    return h;
  };
}

/** The O(log n) appender state for the current size, read from the node table. */
export async function loadAppender(ex: Executor, size?: number): Promise<MerkleAppender> {
  const n = size ?? (await treeSize(ex));
  const ids = frontierNodes(n);
  const get = lookupOrThrow(await getNodes(ex, ids));
  return MerkleAppender.fromFrontier(n, ids.map((id) => get(id.level, id.index)));
}

// Bound parameters per statement: SQLite allows 32,766, PostgreSQL 65,535.
const LEAF_CHUNK = 2000; // × 4 columns
const NODE_CHUNK = 3000; // × 3 columns

const insertSqlCache = new Map<string, string>();

/**
 * `insert into <table> (<cols>) values (…), (…)` for `rows` rows, cached: the bulk append is the
 * one hot path where building the statement through the query builder cost more than SQLite did
 * (bench/publication-log.ts), so it is written once per shape and executed as a compiled query.
 */
function insertSql(dialect: DialectName, table: string, cols: readonly string[], rows: number): string {
  const key = `${dialect}|${table}|${rows}`;
  let text = insertSqlCache.get(key);
  if (text === undefined) {
    const tuples: string[] = [];
    let n = 0;
    for (let r = 0; r < rows; r++) tuples.push(`(${cols.map(() => (dialect === 'postgres' ? `$${++n}` : '?')).join(',')})`);
    text = `insert into ${table} (${cols.join(',')}) values ${tuples.join(',')}`;
    if (insertSqlCache.size > 64) insertSqlCache.clear();
    insertSqlCache.set(key, text);
  }
  return text;
}

async function bulkInsert(ex: Executor, dialect: DialectName, table: string, cols: readonly string[], values: unknown[], chunkRows: number): Promise<void> {
  const width = cols.length;
  const rows = values.length / width;
  for (let r = 0; r < rows; r += chunkRows) {
    const n = Math.min(chunkRows, rows - r);
    await ex.executeQuery(CompiledQuery.raw(insertSql(dialect, table, cols, n), values.slice(r * width, (r + n) * width)));
  }
}

export interface AppendResult {
  /** Index of the first appended leaf. */
  first: number;
  /** Tree size after the append. */
  size: number;
  leafHashes: Buffer[];
}

/**
 * Appends leaves with their newly complete nodes, in the caller's transaction. The caller takes
 * lockForAppend first (appendLeaves does not open a transaction: the publication's own must hold
 * the leaf, so that a rolled-back publication leaves no trace in the log and vice versa).
 */
export async function appendLeaves(ex: Executor, dialect: DialectName, leaves: readonly PublicationLeaf[]): Promise<AppendResult> {
  const app = await loadAppender(ex);
  const first = app.size;
  const leafValues: unknown[] = [];
  const nodeValues: unknown[] = [];
  const leafHashes: Buffer[] = [];
  for (const leaf of leaves) {
    const data = encodeLeaf(leaf); // validates
    const h = leafHash(data);
    leafHashes.push(h);
    leafValues.push(app.size, leaf.disclosureId, data.toString('utf8'), h);
    for (const n of app.appendWithNodes(h)) if (n.level > 0) nodeValues.push(n.level, n.index, n.hash);
  }
  await bulkInsert(ex, dialect, 'log_leaves', ['idx', 'disclosure_id', 'leaf_data', 'leaf_hash'], leafValues, LEAF_CHUNK);
  await bulkInsert(ex, dialect, 'log_nodes', ['level', 'idx', 'hash'], nodeValues, NODE_CHUNK);
  return { first, size: app.size, leafHashes };
}

// ---------------------------------------------------------------------------------------------
// Reading the tree.

/** MTH of the first `size` leaves (O(log n) stored nodes). */
export async function rootAt(ex: Executor, size: number): Promise<Buffer> {
  const map = await getNodes(ex, frontierNodes(size));
  const get = lookupOrThrow(map);
  return rootFromStore(size, { getLeafHash: (i) => get(0, i), getNode: (l, i) => get(l, i) });
}

export interface InclusionFromDb {
  leafHash: Buffer;
  proof: Buffer[];
  root: Buffer;
}

/** RFC 9162 inclusion proof of leaf `index` in the tree of `size`, plus that tree's root: one query. */
export async function inclusionProof(ex: Executor, index: number, size: number): Promise<InclusionFromDb> {
  const plan = inclusionProofPlan(index, size);
  const frontier = frontierNodes(size);
  const map = await getNodes(ex, [...planNodeIds(plan), ...frontier, { level: 0, index }]);
  const get = lookupOrThrow(map);
  return {
    leafHash: get(0, index),
    proof: assembleProof(plan, get),
    root: rootFromStore(size, { getLeafHash: (i) => get(0, i), getNode: (l, i) => get(l, i) }),
  };
}

export interface ConsistencyFromDb {
  proof: Buffer[];
  oldRoot: Buffer;
  newRoot: Buffer;
}

/** RFC 9162 consistency proof between sizes m ≤ n, with both roots: one query. */
export async function consistencyProof(ex: Executor, m: number, n: number): Promise<ConsistencyFromDb> {
  const plan = consistencyProofPlan(m, n);
  const map = await getNodes(ex, [...planNodeIds(plan), ...frontierNodes(m), ...frontierNodes(n)]);
  const get = lookupOrThrow(map);
  const store = { getLeafHash: (i: number) => get(0, i), getNode: (l: number, i: number) => get(l, i) };
  return { proof: assembleProof(plan, get), oldRoot: rootFromStore(m, store), newRoot: rootFromStore(n, store) };
}

/**
 * Index of the first leaf of a disclosure with this leaf hash (RFC 6962 get-proof-by-hash, narrowed
 * by the disclosure id that the leaf itself names – see the migration for why).
 */
export async function leafIndexByHash(ex: Executor, disclosureId: number, hash: Uint8Array): Promise<number | undefined> {
  const r = await lx(ex)
    .selectFrom('log_leaves')
    .select('idx')
    .where('disclosure_id', '=', disclosureId)
    .where('leaf_hash', '=', Buffer.from(hash))
    .orderBy('idx')
    .limit(1)
    .executeTakeFirst();
  return r ? Number(r.idx) : undefined;
}

export interface EntryRow {
  idx: number;
  leaf_data: string;
  /** Stored leaf hash (level-0 node). */
  hash: Buffer;
}

/** Leaves [start, end) with their stored leaf hashes. */
export async function listEntries(ex: Executor, start: number, end: number): Promise<EntryRow[]> {
  const rows = await lx(ex)
    .selectFrom('log_leaves')
    .select(['idx', 'leaf_data', 'leaf_hash'])
    .where('idx', '>=', start)
    .where('idx', '<', end)
    .orderBy('idx')
    .execute();
  return rows.map((r) => ({ idx: Number(r.idx), leaf_data: r.leaf_data, hash: Buffer.from(r.leaf_hash) }));
}

export interface DisclosureEntryRow {
  idx: number;
  leaf: PublicationLeaf;
}

/**
 * A disclosure's leaves, decoded. A leaf whose data names another disclosure (a tampered index
 * column) is left out: the leaf data is what the tree vouches for.
 */
export async function entriesForDisclosure(ex: Executor, disclosureId: number): Promise<DisclosureEntryRow[]> {
  const rows = await lx(ex).selectFrom('log_leaves').select(['idx', 'leaf_data']).where('disclosure_id', '=', disclosureId).orderBy('idx').execute();
  const out: DisclosureEntryRow[] = [];
  for (const r of rows) {
    let leaf: PublicationLeaf;
    try {
      leaf = decodeLeaf(r.leaf_data);
    } catch {
      continue;
    }
    if (leaf.disclosureId === disclosureId) out.push({ idx: Number(r.idx), leaf });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checkpoints and cosignatures.

export type CheckpointRow = Omit<LogCheckpointTable, 'id'> & { id: number };

function checkpointRow(r: { id: number; size: number | string; root_hash: Buffer; note: string; created_at: string }): CheckpointRow {
  return { id: Number(r.id), size: Number(r.size), root_hash: Buffer.from(r.root_hash), note: r.note, created_at: r.created_at };
}

export async function latestCheckpoint(ex: Executor): Promise<CheckpointRow | undefined> {
  const r = await lx(ex).selectFrom('log_checkpoints').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r ? checkpointRow(r) : undefined;
}

export async function checkpointsOfSize(ex: Executor, size: number): Promise<CheckpointRow[]> {
  const rows = await lx(ex).selectFrom('log_checkpoints').selectAll().where('size', '=', size).orderBy('id', 'desc').limit(50).execute();
  return rows.map(checkpointRow);
}

export async function insertCheckpoint(ex: Executor, c: { size: number; rootHash: Buffer; note: string; at: string }): Promise<number> {
  const r = await lx(ex)
    .insertInto('log_checkpoints')
    .values({ size: c.size, root_hash: c.rootHash, note: c.note, created_at: c.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** The newest checkpoint that a witness has cosigned, with its cosignatures. */
export async function latestCosignedCheckpoint(ex: Executor): Promise<{ checkpoint: CheckpointRow; lines: string[] } | undefined> {
  const db = lx(ex);
  const c = await db
    .selectFrom('log_checkpoints as c')
    .selectAll('c')
    .where((eb) => eb.exists(eb.selectFrom('log_cosignatures as s').select('s.id').whereRef('s.checkpoint_id', '=', 'c.id')))
    .orderBy('c.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!c) return undefined;
  const lines = await db.selectFrom('log_cosignatures').select('signature_line').where('checkpoint_id', '=', c.id).orderBy('id').execute();
  return { checkpoint: checkpointRow(c), lines: lines.map((l) => l.signature_line) };
}

/** Stores (or replaces) a witness's signature line on a checkpoint. */
export async function saveCosignature(ex: Executor, c: { checkpointId: number; witnessKey: string; line: string; at: string }): Promise<void> {
  const db = lx(ex);
  await db.deleteFrom('log_cosignatures').where('checkpoint_id', '=', c.checkpointId).where('witness_key', '=', c.witnessKey).execute();
  await db.insertInto('log_cosignatures').values({ checkpoint_id: c.checkpointId, witness_key: c.witnessKey, signature_line: c.line, created_at: c.at }).execute();
}

// ---------------------------------------------------------------------------------------------
// Keys (public halves only).

export type KeyRow = Omit<LogKeyTable, 'id'> & { id: number };

export async function listKeys(ex: Executor): Promise<KeyRow[]> {
  const rows = await lx(ex).selectFrom('log_keys').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export async function insertKey(ex: Executor, k: { name: string; keyId: string; verifierKey: string; at: string }): Promise<void> {
  await lx(ex).insertInto('log_keys').values({ name: k.name, key_id: k.keyId, verifier_key: k.verifierKey, created_at: k.at, retired_at: null }).execute();
}

export async function retireKeys(ex: Executor, exceptVerifierKey: string, at: string): Promise<void> {
  await lx(ex).updateTable('log_keys').set({ retired_at: at }).where('retired_at', 'is', null).where('verifier_key', '!=', exceptVerifierKey).execute();
}

/** Serialises key creation across processes (first start of several instances on PostgreSQL). */
export async function lockKeys(ex: Executor, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${APPEND_LOCK + 1})`.execute(ex);
}

// ---------------------------------------------------------------------------------------------
// The published rows a leaf's content is built from (read-only; the disclosures module owns them).

export function publicSource(ex: Executor, disclosureId: number, version: number) {
  return lx(ex)
    .selectFrom('disclosure_versions as v')
    .innerJoin('disclosures as d', 'd.id', 'v.disclosure_id')
    .innerJoin('departments as dep', 'dep.id', 'd.department_id')
    .select(['v.title', 'v.body_html', 'v.fields', 'v.attachments', 'v.formed_date', 'v.published_at', 'v.change_reason', 'd.item_type_id', 'dep.code as department_code'])
    .where('v.disclosure_id', '=', disclosureId)
    .where('v.version', '=', version)
    .executeTakeFirst();
}

/** Versions sealed (屏蔽) by a reviewer: their content is never shown again, their hash still is. */
export async function sealedVersions(ex: Executor, disclosureId: number): Promise<Set<number>> {
  const rows = await lx(ex).selectFrom('version_seals').select('version').where('disclosure_id', '=', disclosureId).execute();
  return new Set(rows.map((r: { version: number }) => r.version));
}

/** The withdrawal as the public sees it (the same event the portal and the API show). */
export function latestWithdrawal(ex: Executor, disclosureId: number) {
  return lx(ex)
    .selectFrom('events')
    .select(['at', 'reason'])
    .where('entity', '=', 'disclosure')
    .where('entity_id', '=', disclosureId)
    .where('action', '=', 'withdraw')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
