// All SQL of the publication log. The tables (migration 0002) follow the storage contract in
// merkle.ts's header: one row per complete node, written once in the append transaction; proofs
// read O(log n) rows by primary key and never scan leaves.
import { sql, type Generated, type Kysely } from 'kysely';
import type { DialectName } from '../../config.ts';
import type { Db, Executor } from '../../db/index.ts';
import type { Database } from '../../db/schema.ts';
import { encodeLeaf, type PublicationEvent, type PublicationLeaf } from './leaf.ts';
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
  version: number;
  event: PublicationEvent;
  time: string;
  department: string;
  content_hash: string;
  leaf_data: string;
}

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

export interface LogTables {
  log_leaves: LogLeafTable;
  log_nodes: LogNodeTable;
  log_checkpoints: LogCheckpointTable;
  log_keys: LogKeyTable;
  log_cosignatures: LogCosignatureTable;
}

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
  const byLevel = new Map<number, number[]>();
  for (const { level, index } of ids) byLevel.set(level, [...(byLevel.get(level) ?? []), index]);
  // One primary-key probe per node; grouped by level to keep the statement short.
  const rows = await lx(ex)
    .selectFrom('log_nodes')
    .select(['level', 'idx', 'hash'])
    .where((eb) => eb.or([...byLevel].map(([level, idxs]) => eb.and([eb('level', '=', level), eb('idx', 'in', idxs)]))))
    .execute();
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

// SQLite allows 32,766 bound parameters per statement; stay well below with either dialect.
const LEAF_CHUNK = 500; // × 8 columns
const NODE_CHUNK = 1000; // × 3 columns

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
export async function appendLeaves(ex: Executor, leaves: readonly PublicationLeaf[]): Promise<AppendResult> {
  const db = lx(ex);
  const app = await loadAppender(ex);
  const first = app.size;
  const leafRows: LogLeafTable[] = [];
  const nodeRows: LogNodeTable[] = [];
  const leafHashes: Buffer[] = [];
  for (const leaf of leaves) {
    const data = encodeLeaf(leaf); // validates
    const h = leafHash(data);
    leafHashes.push(h);
    leafRows.push({
      idx: app.size,
      disclosure_id: leaf.disclosureId,
      version: leaf.version,
      event: leaf.event,
      time: leaf.time,
      department: leaf.department,
      content_hash: leaf.contentHash,
      leaf_data: data.toString('utf8'),
    });
    for (const n of app.appendWithNodes(h)) nodeRows.push({ level: n.level, idx: n.index, hash: n.hash });
  }
  for (let i = 0; i < leafRows.length; i += LEAF_CHUNK) await db.insertInto('log_leaves').values(leafRows.slice(i, i + LEAF_CHUNK)).execute();
  for (let i = 0; i < nodeRows.length; i += NODE_CHUNK) await db.insertInto('log_nodes').values(nodeRows.slice(i, i + NODE_CHUNK)).execute();
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

/** Index of the first leaf with this leaf hash (RFC 6962 get-proof-by-hash). */
export async function leafIndexByHash(ex: Executor, hash: Uint8Array): Promise<number | undefined> {
  const r = await lx(ex)
    .selectFrom('log_nodes')
    .select('idx')
    .where('level', '=', 0)
    .where('hash', '=', Buffer.from(hash))
    .orderBy('idx')
    .limit(1)
    .executeTakeFirst();
  return r ? Number(r.idx) : undefined;
}

export interface EntryRow {
  idx: number;
  leaf_data: string;
  /** Stored level-0 hash; null if the node row is missing (a damaged log). */
  hash: Buffer | null;
}

/** Leaves [start, end) with their stored leaf hashes. */
export async function listEntries(ex: Executor, start: number, end: number): Promise<EntryRow[]> {
  const rows = await lx(ex)
    .selectFrom('log_leaves as l')
    .leftJoin('log_nodes as n', (j) => j.onRef('n.idx', '=', 'l.idx').on('n.level', '=', 0))
    .select(['l.idx', 'l.leaf_data', 'n.hash'])
    .where('l.idx', '>=', start)
    .where('l.idx', '<', end)
    .orderBy('l.idx')
    .execute();
  return rows.map((r) => ({ idx: Number(r.idx), leaf_data: r.leaf_data, hash: r.hash ? Buffer.from(r.hash) : null }));
}

export interface DisclosureEntryRow {
  idx: number;
  version: number;
  event: PublicationEvent;
  time: string;
  content_hash: string;
}

export async function entriesForDisclosure(ex: Executor, disclosureId: number): Promise<DisclosureEntryRow[]> {
  const rows = await lx(ex)
    .selectFrom('log_leaves')
    .select(['idx', 'version', 'event', 'time', 'content_hash'])
    .where('disclosure_id', '=', disclosureId)
    .orderBy('idx')
    .execute();
  return rows.map((r) => ({ ...r, idx: Number(r.idx), version: Number(r.version) }));
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
