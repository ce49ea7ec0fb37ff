// Canonical leaf data for the publication log, and the canonical hash of a disclosure's public
// content. Pure: node:crypto only.
//
// The leaf bytes are what the Merkle tree commits to, so they must be reproducible by anyone from
// the public page alone: canonical JSON (keys sorted, no whitespace, UTF-8), a fixed key set, and
// values in one spelling only (decodeLeaf rejects any other spelling of the same leaf).

import { createHash } from 'node:crypto';
import { leafHash } from './merkle.ts';

// ---------------------------------------------------------------------------------------------
// Canonical JSON (RFC 8785-like).

/**
 * Canonical JSON: object keys sorted by UTF-16 code units (RFC 8785 §3.2.3) at every depth,
 * no whitespace, strings and numbers as ECMAScript JSON.stringify writes them (RFC 8785 §3.2.2,
 * so -0 → 0 and 1e21 → 1e+21). Properties whose value is undefined are omitted, as JSON.stringify
 * does, so optional fields hash the same whether absent or undefined.
 *
 * Throws on what has no single JSON spelling: NaN/±Infinity, bigint, functions, symbols,
 * undefined inside arrays, lone UTF-16 surrogates, cycles, and non-plain objects (Date, Map,
 * Buffer, class instances – convert them explicitly first).
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$', []);
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u; // with /u, only unpaired surrogates match

function serialiseString(s: string, path: string): string {
  if (LONE_SURROGATE.test(s)) throw new TypeError(`canonicalJson: lone surrogate in string at ${path}`);
  return JSON.stringify(s);
}

function serialise(v: unknown, path: string, stack: object[]): string {
  switch (typeof v) {
    case 'string':
      return serialiseString(v, path);
    case 'number':
      if (!Number.isFinite(v)) throw new TypeError(`canonicalJson: non-finite number at ${path}`);
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (stack.includes(v)) throw new TypeError(`canonicalJson: cycle at ${path}`);
      stack.push(v);
      try {
        if (Array.isArray(v)) {
          const parts = v.map((item: unknown, i) => {
            if (item === undefined) throw new TypeError(`canonicalJson: undefined at ${path}[${i}]`);
            return serialise(item, `${path}[${i}]`, stack);
          });
          return `[${parts.join(',')}]`;
        }
        const proto: unknown = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) {
          throw new TypeError(`canonicalJson: non-plain object at ${path}`);
        }
        const rec = v as Record<string, unknown>;
        const keys = Object.keys(rec).sort(); // default sort compares UTF-16 code units, as RFC 8785 requires
        const parts: string[] = [];
        for (const k of keys) {
          const item = rec[k];
          if (item === undefined) continue;
          parts.push(`${serialiseString(k, path)}:${serialise(item, `${path}.${k}`, stack)}`);
        }
        return `{${parts.join(',')}}`;
      } finally {
        stack.pop();
      }
    }
    default:
      throw new TypeError(`canonicalJson: cannot encode ${typeof v} at ${path}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Public content hash.

export interface AttachmentRef {
  name: string;
  /** Lowercase hex SHA-256 of the file bytes as published. */
  sha256: string;
}

/** The public content of one disclosure version, exactly as the portal shows it. */
export interface PublicContent {
  title: string;
  body: string;
  fields: Record<string, unknown>;
  attachments: readonly AttachmentRef[];
  formedDate: string;
  [extra: string]: unknown;
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Lowercase hex SHA-256 of canonicalJson(content). Attachments keep their given order (the
 * display order is part of what was published). Text is hashed as given – no Unicode
 * normalisation – so the hash pins the exact characters shown.
 */
export function canonicalContentHash(content: PublicContent): string {
  if (typeof content !== 'object' || content === null) throw new TypeError('content must be an object');
  for (const k of ['title', 'body', 'formedDate'] as const) {
    if (typeof content[k] !== 'string') throw new TypeError(`content.${k} must be a string`);
  }
  if (typeof content.fields !== 'object' || content.fields === null || Array.isArray(content.fields)) {
    throw new TypeError('content.fields must be an object');
  }
  if (!Array.isArray(content.attachments)) throw new TypeError('content.attachments must be an array');
  content.attachments.forEach((a, i) => {
    if (typeof a?.name !== 'string' || a.name === '') throw new TypeError(`content.attachments[${i}].name must be a non-empty string`);
    if (typeof a.sha256 !== 'string' || !HEX64.test(a.sha256)) {
      throw new TypeError(`content.attachments[${i}].sha256 must be 64 lowercase hex digits`);
    }
  });
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Leaf.

export const PUBLICATION_EVENTS = ['publish', 'correct', 'withdraw'] as const;
export type PublicationEvent = (typeof PUBLICATION_EVENTS)[number];

export interface PublicationLeaf {
  disclosureId: number;
  /** Disclosure version the event concerns (1 for the first publication). */
  version: number;
  event: PublicationEvent;
  /** UTC, second precision: 'YYYY-MM-DDTHH:MM:SSZ'. */
  time: string;
  /** Department code (departments.code). */
  department: string;
  /** canonicalContentHash of the public content of that version (lowercase hex). */
  contentHash: string;
}

const LEAF_KEYS = ['contentHash', 'department', 'disclosureId', 'event', 'time', 'version'] as const;
const LEAF_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export class LeafError extends Error {
  override name = 'LeafError';
}

/** Formats an instant as leaf time (UTC, seconds; milliseconds are dropped, not rounded). */
export function leafTime(date: Date): string {
  const iso = date.toISOString(); // throws on an invalid Date
  if (!/^\d{4}-/.test(iso)) throw new LeafError(`leafTime: year out of range: ${iso}`);
  return `${iso.slice(0, 19)}Z`;
}

function isLeafTime(s: string): boolean {
  const m = LEAF_TIME.exec(s);
  if (!m) return false;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  // Round-tripping rejects 2024-02-30, 24:00:00 and leap second 60 (Date cannot name it anyway).
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d &&
    t.getUTCHours() === h && t.getUTCMinutes() === mi && t.getUTCSeconds() === se;
}

function validateLeaf(leaf: PublicationLeaf): void {
  if (typeof leaf !== 'object' || leaf === null) throw new LeafError('leaf must be an object');
  const keys = Object.keys(leaf).sort();
  if (keys.length !== LEAF_KEYS.length || keys.some((k, i) => k !== LEAF_KEYS[i])) {
    throw new LeafError(`leaf must have exactly the keys ${LEAF_KEYS.join(', ')}; got ${keys.join(', ')}`);
  }
  if (!Number.isSafeInteger(leaf.disclosureId) || leaf.disclosureId < 1) {
    throw new LeafError('disclosureId must be a positive integer');
  }
  if (!Number.isSafeInteger(leaf.version) || leaf.version < 1) throw new LeafError('version must be a positive integer');
  if (!(PUBLICATION_EVENTS as readonly unknown[]).includes(leaf.event)) {
    throw new LeafError(`event must be one of ${PUBLICATION_EVENTS.join(', ')}`);
  }
  if (typeof leaf.time !== 'string' || !isLeafTime(leaf.time)) {
    throw new LeafError(`time must be a real UTC instant written YYYY-MM-DDTHH:MM:SSZ, got ${JSON.stringify(leaf.time)}`);
  }
  if (
    typeof leaf.department !== 'string' ||
    leaf.department === '' ||
    leaf.department.length > 100 ||
    leaf.department.trim() !== leaf.department ||
    CONTROL.test(leaf.department) ||
    LONE_SURROGATE.test(leaf.department)
  ) {
    throw new LeafError('department must be a department code (1–100 characters, no surrounding spaces or control characters)');
  }
  if (typeof leaf.contentHash !== 'string' || !HEX64.test(leaf.contentHash)) {
    throw new LeafError('contentHash must be 64 lowercase hex digits');
  }
}

/** UTF-8 bytes of the canonical JSON of a validated leaf. */
export function encodeLeaf(leaf: PublicationLeaf): Buffer {
  validateLeaf(leaf);
  const { disclosureId, version, event, time, department, contentHash } = leaf;
  return Buffer.from(canonicalJson({ disclosureId, version, event, time, department, contentHash }), 'utf8');
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Parses leaf bytes and insists they are the canonical encoding (re-encoding gives the same
 * bytes): a second spelling of one event would let two different leaf hashes stand for it.
 */
export function decodeLeaf(bytes: Uint8Array | string): PublicationLeaf {
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes);
  let text: string;
  try {
    text = utf8.decode(buf);
  } catch {
    throw new LeafError('leaf is not valid UTF-8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new LeafError('leaf is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new LeafError('leaf is not a JSON object');
  const leaf = parsed as PublicationLeaf;
  const again = encodeLeaf(leaf); // validates
  if (!again.equals(buf)) throw new LeafError('leaf is not in canonical form');
  return leaf;
}

/** RFC 6962 leaf hash of the canonical leaf bytes – the value appended to the tree. */
export function publicationLeafHash(leaf: PublicationLeaf): Buffer {
  return leafHash(encodeLeaf(leaf));
}
