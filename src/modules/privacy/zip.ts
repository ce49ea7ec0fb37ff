// A bounded ZIP reader for DOCX/XLSX text extraction. Pure (buffer in, buffers out).
//
// Zip-bomb defence in two steps: the central directory's declared uncompressed sizes are checked
// against the caps BEFORE anything is inflated (total, per entry, compression ratio, entry count),
// and each entry is then inflated with a hard output cap of its declared size, so a directory
// that understates sizes is caught too. Encrypted entries (flag bit 0) and the OLE container that
// password-protected Office files use are reported, not guessed at.
import zlib from 'node:zlib';

export interface ZipLimits {
  maxEntries: number;
  /** All entries together, inflated. */
  maxTotalBytes: number;
  /** One entry, inflated. */
  maxEntryBytes: number;
  /** Inflated / compressed, for entries over 1 MB (XML compresses 10–50×, bombs 1000×). */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxEntries: 5000, maxTotalBytes: 200 * 1024 * 1024, maxEntryBytes: 100 * 1024 * 1024, maxRatio: 200 };

export type ZipProblem = 'corrupt' | 'encrypted' | 'zip_bomb' | 'legacy';

export class ZipError extends Error {
  constructor(readonly problem: ZipProblem, message: string) {
    super(message);
  }
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

/** Reads and checks the central directory; throws ZipError with a Chinese message. */
export function zipDirectory(buf: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  if (isOleContainer(buf)) throw new ZipError('legacy', '文件已加密（设置了打开密码）或是旧版 Office 97–2003 格式，无法自动检查');
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) throw new ZipError('corrupt', '文件不是有效的 Office 文档（不是 ZIP 包）');
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError('corrupt', '文件已损坏或不完整（找不到压缩包目录）');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) throw new ZipError('zip_bomb', '文件使用 ZIP64 超大格式，超出自动检查的上限');
  if (count > limits.maxEntries) throw new ZipError('zip_bomb', `文件包含 ${count} 个压缩条目，超过上限 ${limits.maxEntries}，疑似“压缩炸弹”`);
  if (cdOffset + cdSize > eocd) throw new ZipError('corrupt', '文件已损坏（压缩包目录位置不正确）');
  const out: ZipEntry[] = [];
  let total = 0;
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new ZipError('corrupt', '文件已损坏（压缩包目录条目不正确）');
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
    if (flags & 0x1) throw new ZipError('encrypted', '文件已加密（设置了密码），无法自动检查');
    if (method !== 0 && method !== 8) throw new ZipError('corrupt', `文件使用了不支持的压缩方式（${method}）`);
    if (size > limits.maxEntryBytes) throw new ZipError('zip_bomb', `条目“${name}”解压后 ${Math.round(size / 1048576)} MB，超过上限，疑似“压缩炸弹”`);
    total += size;
    if (total > limits.maxTotalBytes) throw new ZipError('zip_bomb', `文件解压后超过 ${Math.round(limits.maxTotalBytes / 1048576)} MB，疑似“压缩炸弹”`);
    if (size > 1024 * 1024 && size / Math.max(1, compressedSize) > limits.maxRatio) {
      throw new ZipError('zip_bomb', `条目“${name}”的压缩比异常（${Math.round(size / Math.max(1, compressedSize))}:1），疑似“压缩炸弹”`);
    }
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new ZipError('corrupt', `文件已损坏（条目“${name}”位置不正确）`);
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (dataStart + compressedSize > buf.length) throw new ZipError('corrupt', `文件已损坏（条目“${name}”不完整）`);
    out.push({ name, method, compressedSize, size, dataStart });
  }
  return out;
}

/** Inflates one entry with a hard cap of its declared size (a lying directory is a bomb). */
export function readEntry(buf: Buffer, e: ZipEntry): Buffer {
  const data = buf.subarray(e.dataStart, e.dataStart + e.compressedSize);
  if (e.method === 0) {
    if (e.compressedSize !== e.size) throw new ZipError('corrupt', `文件已损坏（条目“${e.name}”大小不符）`);
    return Buffer.from(data);
  }
  let out: Buffer;
  try {
    out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, e.size + 1) });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new ZipError('zip_bomb', `条目“${e.name}”解压后大于其声明的大小，疑似“压缩炸弹”`);
    throw new ZipError('corrupt', `文件已损坏（条目“${e.name}”无法解压）`);
  }
  if (out.length !== e.size) throw new ZipError('corrupt', `文件已损坏（条目“${e.name}”大小不符）`);
  return out;
}

/** Inflates every entry once (bounded by the caps above): ExcelJS may then parse the package. */
export function verifyAllEntries(buf: Buffer, entries: ZipEntry[]): void {
  for (const e of entries) readEntry(buf, e);
}
