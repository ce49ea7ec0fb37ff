// Checks an uploaded file before any xlsx parser sees it: is it a zip at all, is it an Excel
// workbook, and does it stay within sane limits when inflated (a “zip bomb” is a few KB that
// inflates to gigabytes). Every entry is really inflated here with a hard output cap, so a
// central directory that lies about sizes is caught too. No I/O beyond the buffer given.
import zlib from 'node:zlib';

export interface ZipLimits {
  /** Most bytes all entries may inflate to together. */
  maxTotalBytes: number;
  maxEntries: number;
  /** Largest inflated/compressed ratio of one entry (XML compresses well, bombs far better). */
  maxRatio: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 400 * 1024 * 1024, maxEntries: 2000, maxRatio: 1000 };

export type ZipProblem =
  | { code: 'empty_file'; message: string }
  | { code: 'legacy_xls'; message: string }
  | { code: 'not_xlsx'; message: string }
  | { code: 'corrupt_zip'; message: string }
  | { code: 'zip_bomb'; message: string };

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  size: number;
}

const NOT_XLSX = '文件不是 Excel 工作簿（.xlsx）。请下载本系统的导入模板，填写后按原格式保存上传';

/**
 * `keep` names the entries whose inflated bytes the caller wants back (workbook.xml, sheet XML for
 * merged-cell ranges …): they are inflated here anyway.
 */
export function inspectXlsx(
  buf: Buffer,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  keep: (name: string) => boolean = () => false,
): { ok: true; entries: ZipEntryInfo[]; kept: Map<string, Buffer> } | { ok: false; problem: ZipProblem } {
  const kept = new Map<string, Buffer>();
  if (buf.length === 0) return { ok: false, problem: { code: 'empty_file', message: '上传的文件是空的' } };
  // D0 CF 11 E0: OLE compound file – an .xls of Excel 97–2003, or an xlsx encrypted with a password.
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) {
    return { ok: false, problem: { code: 'legacy_xls', message: '这是旧版 Excel 97–2003（.xls）文件或设置了打开密码的工作簿。请在 Excel 中取消密码并“另存为” Excel 工作簿（.xlsx）后上传' } };
  }
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) return { ok: false, problem: { code: 'not_xlsx', message: NOT_XLSX } };
  // End of central directory: the last 22 bytes, plus up to 64 KB of comment.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  const corrupt = (detail: string) => ({ ok: false as const, problem: { code: 'corrupt_zip' as const, message: `文件已损坏或不完整（${detail}），请重新保存后上传` } });
  if (eocd < 0) return corrupt('找不到压缩包目录');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) return { ok: false, problem: { code: 'zip_bomb', message: '文件包含的条目过多或过大（ZIP64），不是正常的导入模板' } };
  if (count > limits.maxEntries) return { ok: false, problem: { code: 'zip_bomb', message: `文件包含 ${count} 个压缩条目，超过上限 ${limits.maxEntries}，不是正常的导入模板` } };
  if (cdOffset + cdSize > eocd) return corrupt('目录位置不正确');

  const entries: ZipEntryInfo[] = [];
  let p = cdOffset;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return corrupt('目录条目不正确');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 0x1) return { ok: false, problem: { code: 'not_xlsx', message: '工作簿已加密，请取消密码后重新保存上传' } };
    if (method !== 0 && method !== 8) return corrupt(`不支持的压缩方式 ${method}`);
    total += size;
    if (total > limits.maxTotalBytes) {
      return { ok: false, problem: { code: 'zip_bomb', message: `文件解压后超过 ${Math.round(limits.maxTotalBytes / 1024 / 1024)} MB，疑似“压缩炸弹”，已拒绝` } };
    }
    if (compressedSize > 0 && size / compressedSize > limits.maxRatio && size > 1024 * 1024) {
      return { ok: false, problem: { code: 'zip_bomb', message: `条目“${name}”的压缩比异常（${Math.round(size / compressedSize)}:1），疑似“压缩炸弹”，已拒绝` } };
    }
    // Inflate for real with a hard cap: a directory that understates sizes cannot slip through.
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== 0x04034b50) return corrupt(`条目“${name}”位置不正确`);
    const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > buf.length) return corrupt(`条目“${name}”不完整`);
    if (method === 8) {
      let out: Buffer;
      try {
        out = zlib.inflateRawSync(buf.subarray(dataStart, dataStart + compressedSize), { maxOutputLength: size + 1 });
      } catch (e) {
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          return { ok: false, problem: { code: 'zip_bomb', message: `条目“${name}”解压后大于其声明的大小，疑似“压缩炸弹”，已拒绝` } };
        }
        return corrupt(`条目“${name}”无法解压`);
      }
      if (out.length !== size) return corrupt(`条目“${name}”大小不符`);
      if (keep(name)) kept.set(name, out);
    } else if (compressedSize !== size) return corrupt(`条目“${name}”大小不符`);
    else if (keep(name)) kept.set(name, buf.subarray(dataStart, dataStart + size));
    entries.push({ name, compressedSize, size });
  }
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
    const hint = names.has('word/document.xml') ? '（这是 Word 文档）' : names.has('ppt/presentation.xml') ? '（这是 PowerPoint 文件）' : names.has('content.xml') ? '（这是 OpenDocument 文件，请另存为 .xlsx）' : '';
    return { ok: false, problem: { code: 'not_xlsx', message: `${NOT_XLSX}${hint}` } };
  }
  return { ok: true, entries, kept };
}
