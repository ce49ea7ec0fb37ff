// The one bounded ZIP reader for uploaded Office packages: the xlsx import (excel/zip-guard.ts) and
// the DOCX/XLSX text extraction of the privacy checks (privacy/extract-office.ts). Pure: buffer in,
// entries and inflated buffers out.
//
// Zip-bomb defence in two steps: each central-directory record's declared sizes are checked against
// the caller's limits before its entry is inflated (entry count, one entry, all entries, compression
// ratio), and every entry is inflated with a hard output cap of its declared size, so a directory
// that understates sizes is caught too. Encrypted entries (flag bit 0), the OLE container that
// password-protected Office files use, and ZIP64 are reported, not guessed at.
// Entry names are returned verbatim and never normalised: nothing writes an entry to disk and the
// callers only compare names with fixed OOXML part names, so a name like `../x` reaches nothing.
//
// Errors carry a stable `code` (and its category `problem`); the message is the caller's, from the
// `messages` function it passes, so each module keeps its own user-facing Chinese wording.
import zlib from 'node:zlib';

export interface ZipLimits {
  maxEntries: number;
  /** All entries together, inflated. */
  maxTotalBytes: number;
  /** One entry, inflated; absent: only the total counts. */
  maxEntryBytes?: number;
  /** Inflated / compressed, for entries over RATIO_FLOOR (XML compresses 10–50×, bombs 1000×). */
  maxRatio: number;
}

/** Entries up to 1 MB are not ratio-checked: a small run of blanks compresses absurdly well. */
export const RATIO_FLOOR = 1024 * 1024;

export type ZipErrorCode =
  // not a readable package
  | 'not_zip'
  | 'no_directory'
  | 'bad_directory'
  | 'bad_directory_entry'
  | 'unsupported_method'
  | 'bad_local_header'
  | 'truncated_entry'
  | 'inflate_failed'
  | 'size_mismatch'
  /** Raised by callers: a sound ZIP without the parts their format requires. */
  | 'invalid_package'
  // locked
  | 'encrypted'
  | 'ole_container'
  // beyond the limits
  | 'zip64'
  | 'too_many_entries'
  | 'entry_too_large'
  | 'total_too_large'
  | 'ratio_too_high'
  | 'inflates_beyond_declared';

/** The codes the reader itself raises: the ones a caller's `messages` must word. */
export type ZipReadCode = Exclude<ZipErrorCode, 'invalid_package'>;

export type ZipProblem = 'corrupt' | 'encrypted' | 'legacy' | 'zip_bomb';

const PROBLEM: Record<ZipErrorCode, ZipProblem> = {
  not_zip: 'corrupt',
  no_directory: 'corrupt',
  bad_directory: 'corrupt',
  bad_directory_entry: 'corrupt',
  unsupported_method: 'corrupt',
  bad_local_header: 'corrupt',
  truncated_entry: 'corrupt',
  inflate_failed: 'corrupt',
  size_mismatch: 'corrupt',
  invalid_package: 'corrupt',
  encrypted: 'encrypted',
  ole_container: 'legacy',
  zip64: 'zip_bomb',
  too_many_entries: 'zip_bomb',
  entry_too_large: 'zip_bomb',
  total_too_large: 'zip_bomb',
  ratio_too_high: 'zip_bomb',
  inflates_beyond_declared: 'zip_bomb',
};

/** What the message needs: the entry concerned and the offending number. */
export interface ZipErrorDetail {
  name?: string;
  count?: number;
  method?: number;
  /** Declared inflated size of the entry. */
  size?: number;
  /** Inflated / max(1, compressed). */
  ratio?: number;
}

export class ZipError extends Error {
  readonly problem: ZipProblem;
  constructor(
    readonly code: ZipErrorCode,
    message: string,
    readonly detail: ZipErrorDetail = {},
  ) {
    super(message);
    this.problem = PROBLEM[code];
  }
}

export type ZipMessages = (code: ZipReadCode, detail: ZipErrorDetail, limits: ZipLimits) => string;

export interface ZipReadOptions {
  limits: ZipLimits;
  messages: ZipMessages;
}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  dataStart: number;
}

export function isOleContainer(buf: Buffer): boolean {
  return buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1;
}

function fail(o: ZipReadOptions, code: ZipReadCode, detail: ZipErrorDetail = {}): never {
  throw new ZipError(code, o.messages(code, detail, o.limits), detail);
}

/**
 * The central directory, entry by entry, each checked against the limits when it is reached (a
 * caller that inflates inside its loop sees the first problem in file order). Throws ZipError.
 */
export function* zipEntries(buf: Buffer, o: ZipReadOptions): Generator<ZipEntry, void, undefined> {
  const { limits } = o;
  if (isOleContainer(buf)) fail(o, 'ole_container');
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) fail(o, 'not_zip');
  // End of central directory: the last 22 bytes, plus up to 64 KB of comment.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail(o, 'no_directory');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) fail(o, 'zip64');
  if (count > limits.maxEntries) fail(o, 'too_many_entries', { count });
  if (cdOffset + cdSize > eocd) fail(o, 'bad_directory');
  let total = 0;
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) fail(o, 'bad_directory_entry');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 0x1) fail(o, 'encrypted', { name });
    if (method !== 0 && method !== 8) fail(o, 'unsupported_method', { name, method });
    if (limits.maxEntryBytes !== undefined && size > limits.maxEntryBytes) fail(o, 'entry_too_large', { name, size });
    total += size;
    if (total > limits.maxTotalBytes) fail(o, 'total_too_large', { name, size });
    const ratio = size / Math.max(1, compressedSize);
    if (size > RATIO_FLOOR && ratio > limits.maxRatio) fail(o, 'ratio_too_high', { name, size, ratio });
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) fail(o, 'bad_local_header', { name });
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (dataStart + compressedSize > buf.length) fail(o, 'truncated_entry', { name });
    yield { name, method, compressedSize, size, dataStart };
  }
}

/** The whole central directory, checked before anything is inflated. Throws ZipError. */
export function zipDirectory(buf: Buffer, o: ZipReadOptions): ZipEntry[] {
  return [...zipEntries(buf, o)];
}

/**
 * Inflates one entry with a hard cap of its declared size (a directory that lies is a bomb).
 * Stored entries are returned as a view of `buf`, not a copy.
 */
export function readEntry(buf: Buffer, e: ZipEntry, o: ZipReadOptions): Buffer {
  const data = buf.subarray(e.dataStart, e.dataStart + e.compressedSize);
  if (e.method === 0) {
    if (e.compressedSize !== e.size) fail(o, 'size_mismatch', { name: e.name, size: e.size });
    return data;
  }
  let out: Buffer;
  try {
    out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, e.size + 1) });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') fail(o, 'inflates_beyond_declared', { name: e.name, size: e.size });
    fail(o, 'inflate_failed', { name: e.name });
  }
  if (out.length !== e.size) fail(o, 'size_mismatch', { name: e.name, size: e.size });
  return out;
}

/** Inflates every entry once (bounded as above), e.g. before a third-party parser gets the package. */
export function verifyAllEntries(buf: Buffer, entries: readonly ZipEntry[], o: ZipReadOptions): void {
  for (const e of entries) readEntry(buf, e, o);
}
