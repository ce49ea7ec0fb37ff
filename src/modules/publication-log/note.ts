// C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys, and tlog checkpoints
// (https://c2sp.org/tlog-checkpoint) as their text. Byte-compatible with Go's
// golang.org/x/mod/sumdb/note, whose published test vectors note.test.ts checks. Pure: node:crypto.
//
//   <origin>\n<tree size>\n<base64 root hash>\n[<extension line>\n]…
//   \n
//   — <key name> <base64(4-byte key ID ‖ Ed25519 signature)>\n      (U+2014 EM DASH, space)
//   …
//
// The signature covers the text up to and including its last newline, not the blank line.
// A note may carry any number of signature lines (log key, rotated log key, witnesses such as the
// 审计局): verification succeeds if at least one trusted key verifies and no trusted key fails.
//
// Cosignatures here are plain Ed25519 signatures over the identical note text by another key
// (a witness). C2SP tlog-cosignature/v1 – a signature over "cosignature/v1\ntime <t>\n" + the
// checkpoint, with an 8-byte timestamp in the signature line and signature type 0x04 in the key ID –
// is a possible later step; it would add a signature type, not change this note format.

import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { HASH_SIZE } from './merkle.ts';

export type NoteErrorCode = 'malformed' | 'bad-key' | 'unknown-key' | 'bad-signature' | 'wrong-origin';

export class NoteError extends Error {
  override name = 'NoteError';
  constructor(
    readonly code: NoteErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const ALG_ED25519 = 0x01;
const SIG_PREFIX = '\u2014 '; // "— "
const MAX_SIGNATURES = 100; // as Go's note.Open: bounds work on hostile input
// RFC 8410 DER wrappers, so a raw 32-byte seed / public key becomes a node:crypto KeyObject.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

// ---------------------------------------------------------------------------------------------
// Helpers.

// Go's isValidName: non-empty, no Unicode space (unicode.IsSpace also counts U+0085), no '+'.
const NAME_FORBIDDEN = /[\s\u0085+]/u;
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const CONTROL_EXCEPT_NL = /[\u0000-\u0009\u000b-\u001f]/;

function isValidName(name: string): boolean {
  return name !== '' && !NAME_FORBIDDEN.test(name) && !LONE_SURROGATE.test(name);
}

/** Strict RFC 4648 §4 base64 (padding required, no whitespace), as Go's StdEncoding. */
function decodeBase64Strict(s: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return undefined;
  const b = Buffer.from(s, 'base64');
  return b.toString('base64') === s ? b : undefined;
}

function keyIdOf(name: string, algAndKey: Uint8Array): number {
  // C2SP signed-note: key ID = SHA-256(key name ‖ 0x0A ‖ signature type ‖ public key)[:4].
  const h = createHash('sha256').update(name, 'utf8').update(Buffer.from([0x0a])).update(algAndKey).digest();
  return h.readUInt32BE(0);
}

function hex8(id: number): string {
  return id.toString(16).padStart(8, '0');
}

function publicKeyObject(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

function privateKeyObject(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function rawPublicKey(priv: KeyObject): Buffer {
  const spki = createPublicKey(priv).export({ format: 'der', type: 'spki' });
  return spki.subarray(spki.length - 32);
}

/** Checks a string is note-safe UTF-8 text: no lone surrogates, no control characters but \n. */
function checkNoteChars(s: string, what: string): void {
  if (LONE_SURROGATE.test(s) || CONTROL_EXCEPT_NL.test(s)) {
    throw new NoteError('malformed', `${what} contains a control character or invalid UTF-16`);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function asText(note: string | Uint8Array): string {
  if (typeof note === 'string') return note;
  try {
    return utf8.decode(note);
  } catch {
    throw new NoteError('malformed', 'note is not valid UTF-8');
  }
}

// ---------------------------------------------------------------------------------------------
// Keys.

interface Signer {
  name: string;
  keyId: number;
  key: KeyObject;
}

interface Verifier {
  name: string;
  keyId: number;
  key: KeyObject;
  vkey: string;
}

function parseSignerKey(skey: string): Signer {
  const bad = (why: string) => new NoteError('bad-key', `invalid signer key: ${why}`);
  if (typeof skey !== 'string') throw bad('not a string');
  const parts = skey.split('+');
  // PRIVATE+KEY+<name>+<hex id>+<base64 …> – base64 may itself contain '+'.
  if (parts.length < 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') throw bad('expected PRIVATE+KEY+<name>+<id>+<key>');
  const name = parts[2]!;
  const id16 = parts[3]!;
  const key = decodeBase64Strict(parts.slice(4).join('+'));
  if (!isValidName(name)) throw bad('invalid name');
  if (!/^[0-9a-fA-F]{8}$/.test(id16)) throw bad('key ID must be 8 hex digits');
  if (key === undefined || key.length !== 33 || key[0] !== ALG_ED25519) throw bad('key must be base64 of 0x01 ‖ 32-byte Ed25519 seed');
  const priv = privateKeyObject(key.subarray(1));
  const keyId = keyIdOf(name, Buffer.concat([Buffer.from([ALG_ED25519]), rawPublicKey(priv)]));
  if (keyId !== parseInt(id16, 16)) throw bad('key ID does not match the key');
  return { name, keyId, key: priv };
}

function parseVerifierKey(vkey: string): Verifier {
  const bad = (why: string) => new NoteError('bad-key', `invalid verifier key ${JSON.stringify(vkey)}: ${why}`);
  if (typeof vkey !== 'string') throw bad('not a string');
  const parts = vkey.split('+');
  if (parts.length < 3) throw bad('expected <name>+<id>+<key>');
  const name = parts[0]!;
  const id16 = parts[1]!;
  const key = decodeBase64Strict(parts.slice(2).join('+'));
  if (!isValidName(name)) throw bad('invalid name');
  if (!/^[0-9a-fA-F]{8}$/.test(id16)) throw bad('key ID must be 8 hex digits');
  if (key === undefined || key.length === 0) throw bad('key is not base64');
  if (key[0] !== ALG_ED25519) throw bad(`unsupported signature type 0x${key[0]!.toString(16).padStart(2, '0')}`);
  if (key.length !== 33) throw bad('Ed25519 public key must be 32 bytes');
  const keyId = keyIdOf(name, key);
  if (keyId !== parseInt(id16, 16)) throw bad('key ID does not match the key');
  return { name, keyId, key: publicKeyObject(key.subarray(1)), vkey };
}

/** New Ed25519 signer key `PRIVATE+KEY+<name>+<id>+<base64(0x01 ‖ seed)>`. Keep it secret. */
export function generateSignerKey(name: string): string {
  if (!isValidName(name)) throw new NoteError('bad-key', `invalid key name ${JSON.stringify(name)}: empty, or contains a space or '+'`);
  const { privateKey } = generateKeyPairSync('ed25519');
  const d = privateKey.export({ format: 'jwk' }).d;
  if (typeof d !== 'string') throw new Error('generateSignerKey: no Ed25519 seed in JWK export');
  const seed = Buffer.from(d, 'base64url');
  const keyId = keyIdOf(name, Buffer.concat([Buffer.from([ALG_ED25519]), rawPublicKey(privateKey)]));
  return `PRIVATE+KEY+${name}+${hex8(keyId)}+${Buffer.concat([Buffer.from([ALG_ED25519]), seed]).toString('base64')}`;
}

/** Public verifier key `<name>+<id>+<base64(0x01 ‖ public key)>` of a signer key. */
export function verifierKeyFromSigner(signerKey: string): string {
  const s = parseSignerKey(signerKey);
  const pub = Buffer.concat([Buffer.from([ALG_ED25519]), rawPublicKey(s.key)]);
  return `${s.name}+${hex8(s.keyId)}+${pub.toString('base64')}`;
}

/** Name and hex key ID of a verifier key (validates it). */
export function describeVerifierKey(verifierKey: string): { name: string; keyId: string } {
  const v = parseVerifierKey(verifierKey);
  return { name: v.name, keyId: hex8(v.keyId) };
}

// ---------------------------------------------------------------------------------------------
// Notes.

export interface NoteSignature {
  name: string;
  /** 8 lowercase hex digits. */
  keyId: string;
  /** Signature bytes without the key ID. */
  signature: Buffer;
  /** The line as it appears in the note, without the trailing newline. */
  line: string;
}

export interface ParsedNote {
  /** Signed text, ending in \n. */
  text: string;
  signatures: NoteSignature[];
}

export interface VerifiedNote {
  text: string;
  /** Names of the keys that verified, in signature order (one per key). */
  verifiedBy: string[];
  /** The same with key IDs, to tell a rotated key from its successor under the same name. */
  verifiedKeys: Array<{ name: string; keyId: string }>;
  /** Signatures by keys not in the trusted list (ignored, e.g. witnesses one does not follow). */
  unverified: NoteSignature[];
}

function checkText(text: string): void {
  if (typeof text !== 'string' || text === '' || !text.endsWith('\n')) {
    throw new NoteError('malformed', 'note text must be non-empty and end with a newline');
  }
  checkNoteChars(text, 'note text');
}

/** Syntax only: splits text and signature lines; verifies nothing. */
export function parseNote(note: string | Uint8Array): ParsedNote {
  const msg = asText(note);
  checkNoteChars(msg, 'note');
  // As Go's note.Open: the signature block follows the last blank line.
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed', 'note has no blank line before signatures');
  const text = msg.slice(0, split + 1);
  const block = msg.slice(split + 2);
  if (block === '' || !block.endsWith('\n')) throw new NoteError('malformed', 'note has no signature lines, or the last one lacks a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteError('malformed', `note has more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line, i): NoteSignature => {
    if (!line.startsWith(SIG_PREFIX)) throw new NoteError('malformed', `signature line ${i + 1} does not start with "— "`);
    const rest = line.slice(SIG_PREFIX.length);
    const sp = rest.indexOf(' ');
    const name = sp < 0 ? rest : rest.slice(0, sp);
    const b64 = sp < 0 ? '' : rest.slice(sp + 1);
    const raw = decodeBase64Strict(b64);
    if (!isValidName(name) || b64 === '' || raw === undefined || raw.length < 5) {
      throw new NoteError('malformed', `signature line ${i + 1} is not "— <name> <base64>"`);
    }
    return { name, keyId: hex8(raw.readUInt32BE(0)), signature: Buffer.from(raw.subarray(4)), line };
  });
  return { text, signatures };
}

function signatureLine(s: Signer, text: string): string {
  const sig = sign(null, Buffer.from(text, 'utf8'), s.key);
  const id = Buffer.alloc(4);
  id.writeUInt32BE(s.keyId, 0);
  return `${SIG_PREFIX}${s.name} ${Buffer.concat([id, sig]).toString('base64')}`;
}

/** Signs `text` (must end in \n, no blank lines, no control characters) with every signer key. */
export function signNote(text: string, signerKeys: readonly string[]): string {
  checkText(text);
  // Go tolerates blank lines inside the text; we never produce them, so parsing stays unambiguous
  // for every reader, including naive ones that split at the first blank line.
  if (text.includes('\n\n')) throw new NoteError('malformed', 'note text must not contain a blank line');
  if (signerKeys.length === 0) throw new NoteError('bad-key', 'signNote needs at least one signer key');
  const signers = signerKeys.map(parseSignerKey);
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const s of signers) {
    const k = `${s.name}+${hex8(s.keyId)}`;
    if (seen.has(k)) continue;
    seen.add(k);
    lines.push(signatureLine(s, text));
  }
  return `${text}\n${lines.map((l) => `${l}\n`).join('')}`;
}

/**
 * Adds one more signature (e.g. a witness such as 审计局) to an existing note: same text, one more
 * line. A line already present for the same key is replaced. If `trustedKeys` is given the note is
 * verified first, so a witness never cosigns what it cannot check; a real witness must also check
 * consistency with the last checkpoint it cosigned before calling this.
 */
export function addCosignature(note: string | Uint8Array, signerKey: string, trustedKeys?: readonly string[]): string {
  if (trustedKeys !== undefined) verifyNote(note, trustedKeys);
  const parsed = parseNote(note);
  const s = parseSignerKey(signerKey);
  const id = hex8(s.keyId);
  const kept = parsed.signatures.filter((x) => !(x.name === s.name && x.keyId === id)).map((x) => x.line);
  kept.push(signatureLine(s, parsed.text));
  return `${parsed.text}\n${kept.map((l) => `${l}\n`).join('')}`;
}

function verifierMap(verifierKeys: readonly string[]): Map<string, Verifier> {
  const map = new Map<string, Verifier>();
  for (const vk of verifierKeys) {
    const v = parseVerifierKey(vk);
    const k = `${v.name}+${hex8(v.keyId)}`;
    const prev = map.get(k);
    if (prev !== undefined && prev.vkey !== v.vkey) throw new NoteError('bad-key', `ambiguous key ${k}: two different keys share name and ID`);
    map.set(k, v);
  }
  return map;
}

/**
 * Verifies a note against trusted verifier keys. Succeeds if at least one trusted key verifies;
 * throws NoteError:
 *   'malformed'     – not a signed note;
 *   'bad-signature' – a trusted key's signature does not verify (the text was altered, or the line
 *                     was forged): the whole note is rejected, as C2SP and Go require;
 *   'unknown-key'   – no signature is by a trusted key;
 *   'bad-key'       – a verifier key string is invalid.
 * Several trusted keys (old and new log key during rotation, witnesses) may all be passed; the
 * result says which verified, and the caller applies its policy (e.g. "log key and one witness").
 */
export function verifyNote(note: string | Uint8Array, verifierKeys: readonly string[]): VerifiedNote {
  const known = verifierMap(verifierKeys);
  const parsed = parseNote(note);
  const data = Buffer.from(parsed.text, 'utf8');
  const verifiedKeys: Array<{ name: string; keyId: string }> = [];
  const seen = new Set<string>();
  const unverified: NoteSignature[] = [];
  const seenUnverified = new Set<string>();
  for (const sig of parsed.signatures) {
    const k = `${sig.name}+${sig.keyId}`;
    const v = known.get(k);
    if (v === undefined) {
      if (!seenUnverified.has(sig.line)) {
        seenUnverified.add(sig.line);
        unverified.push(sig);
      }
      continue;
    }
    if (seen.has(k)) continue; // Go: repeated signatures by one key are dropped, only the first counts
    seen.add(k);
    if (!verify(null, data, v.key, sig.signature)) {
      throw new NoteError('bad-signature', `invalid signature for key ${k}`);
    }
    verifiedKeys.push({ name: sig.name, keyId: sig.keyId });
  }
  if (verifiedKeys.length === 0) {
    const by = parsed.signatures.map((s) => `${s.name}+${s.keyId}`).join(', ');
    throw new NoteError('unknown-key', `note has no signature by a trusted key (signed by: ${by})`);
  }
  return { text: parsed.text, verifiedBy: verifiedKeys.map((k) => k.name), verifiedKeys, unverified };
}

// ---------------------------------------------------------------------------------------------
// Checkpoints (C2SP tlog-checkpoint).

export interface Checkpoint {
  /** Unique log identity, a schema-less URL, e.g. "gongkai.example.gov.cn/publication-log". */
  origin: string;
  size: number;
  rootHash: Buffer;
  extensions: string[];
}

export interface CheckpointInput {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  extensions?: readonly string[];
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/** Checkpoint note text: origin, size, base64 root, extension lines; each line ends in \n. */
export function formatCheckpoint(cp: CheckpointInput): string {
  // tlog-checkpoint: the origin SHOULD be a schema-less URL without spaces or '+'; we hold our own
  // origins to the SHOULD so that the log key name can equal the origin.
  if (typeof cp.origin !== 'string' || !isValidName(cp.origin) || cp.origin.includes('\n')) {
    throw new NoteError('malformed', 'checkpoint origin must be non-empty, without spaces or "+"');
  }
  checkNoteChars(cp.origin, 'checkpoint origin');
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) throw new NoteError('malformed', 'checkpoint size must be a non-negative integer');
  if (!(cp.rootHash instanceof Uint8Array) || cp.rootHash.length !== HASH_SIZE) {
    throw new NoteError('malformed', `checkpoint root hash must be ${HASH_SIZE} bytes`);
  }
  const ext = cp.extensions ?? [];
  for (const e of ext) {
    if (typeof e !== 'string' || e === '' || e.includes('\n')) throw new NoteError('malformed', 'checkpoint extension lines must be non-empty single lines');
    checkNoteChars(e, 'checkpoint extension');
  }
  const lines = [cp.origin, String(cp.size), Buffer.from(cp.rootHash).toString('base64'), ...ext];
  return lines.map((l) => `${l}\n`).join('');
}

/** Parses checkpoint text (the signed text of a note, not the whole note). */
export function parseCheckpoint(text: string): Checkpoint {
  if (typeof text !== 'string' || !text.endsWith('\n')) throw new NoteError('malformed', 'checkpoint must end with a newline');
  checkNoteChars(text, 'checkpoint');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new NoteError('malformed', 'checkpoint needs origin, size and root hash lines');
  const [origin, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin === '') throw new NoteError('malformed', 'checkpoint origin is empty');
  if (!DECIMAL.test(sizeLine)) throw new NoteError('malformed', 'checkpoint size must be decimal without leading zeros');
  const size = Number(sizeLine);
  if (!Number.isSafeInteger(size)) throw new NoteError('malformed', 'checkpoint size exceeds 2^53 − 1');
  const rootHash = decodeBase64Strict(rootLine);
  if (rootHash === undefined || rootHash.length !== HASH_SIZE) {
    throw new NoteError('malformed', `checkpoint root hash must be base64 of ${HASH_SIZE} bytes`);
  }
  if (extensions.some((e) => e === '')) throw new NoteError('malformed', 'checkpoint has an empty extension line');
  return { origin, size, rootHash, extensions };
}

/**
 * Verifies a signed checkpoint and parses it. With `origin`, also checks it is this log's
 * checkpoint, so a validly signed checkpoint of another log is not accepted in its place.
 */
export function openCheckpoint(
  note: string | Uint8Array,
  verifierKeys: readonly string[],
  origin?: string,
): Checkpoint & { verifiedBy: string[]; verifiedKeys: Array<{ name: string; keyId: string }> } {
  const v = verifyNote(note, verifierKeys);
  const cp = parseCheckpoint(v.text);
  if (origin !== undefined && cp.origin !== origin) {
    throw new NoteError('wrong-origin', `checkpoint origin ${JSON.stringify(cp.origin)} is not ${JSON.stringify(origin)}`);
  }
  return { ...cp, verifiedBy: v.verifiedBy, verifiedKeys: v.verifiedKeys };
}
