// Checks an uploaded file before any xlsx parser sees it: is it a zip at all, is it an Excel
// workbook, and does it stay within sane limits when inflated (a “zip bomb” is a few KB that
// inflates to gigabytes). The bounded reading is domain/zip.ts; every entry is really inflated here
// with a hard output cap, so a central directory that lies about sizes is caught too. This file adds
// the import's limits, its wording of each problem and the OOXML checks. No I/O beyond the buffer given.
import { readEntry, zipEntries, ZipError, type ZipLimits, type ZipMessages, type ZipReadOptions } from '../../domain/zip.ts';

export type { ZipLimits };

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

const corrupt = (detail: string) => `文件已损坏或不完整（${detail}），请重新保存后上传`;

const messages: ZipMessages = (code, d, limits) => {
  switch (code) {
    case 'not_zip':
      return NOT_XLSX;
    case 'ole_container':
      return '这是旧版 Excel 97–2003（.xls）文件或设置了打开密码的工作簿。请在 Excel 中取消密码并“另存为” Excel 工作簿（.xlsx）后上传';
    case 'encrypted':
      return '工作簿已加密，请取消密码后重新保存上传';
    case 'zip64':
      return '文件包含的条目过多或过大（ZIP64），不是正常的导入模板';
    case 'too_many_entries':
      return `文件包含 ${d.count} 个压缩条目，超过上限 ${limits.maxEntries}，不是正常的导入模板`;
    case 'entry_too_large':
      return `条目“${d.name}”解压后 ${Math.round((d.size ?? 0) / 1024 / 1024)} MB，超过上限，疑似“压缩炸弹”，已拒绝`;
    case 'total_too_large':
      return `文件解压后超过 ${Math.round(limits.maxTotalBytes / 1024 / 1024)} MB，疑似“压缩炸弹”，已拒绝`;
    case 'ratio_too_high':
      return `条目“${d.name}”的压缩比异常（${Math.round(d.ratio ?? 0)}:1），疑似“压缩炸弹”，已拒绝`;
    case 'inflates_beyond_declared':
      return `条目“${d.name}”解压后大于其声明的大小，疑似“压缩炸弹”，已拒绝`;
    case 'no_directory':
      return corrupt('找不到压缩包目录');
    case 'bad_directory':
      return corrupt('目录位置不正确');
    case 'bad_directory_entry':
      return corrupt('目录条目不正确');
    case 'unsupported_method':
      return corrupt(`不支持的压缩方式 ${d.method}`);
    case 'bad_local_header':
      return corrupt(`条目“${d.name}”位置不正确`);
    case 'truncated_entry':
      return corrupt(`条目“${d.name}”不完整`);
    case 'inflate_failed':
      return corrupt(`条目“${d.name}”无法解压`);
    case 'size_mismatch':
      return corrupt(`条目“${d.name}”大小不符`);
  }
};

/** The import's problem code for a reader error (an encrypted workbook is “not an xlsx” to fix). */
function problemOf(e: ZipError): ZipProblem {
  const code = e.code === 'not_zip' || e.code === 'encrypted' || e.code === 'invalid_package' ? 'not_xlsx' : e.code === 'ole_container' ? 'legacy_xls' : e.problem === 'zip_bomb' ? 'zip_bomb' : 'corrupt_zip';
  return { code, message: e.message };
}

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
  const o: ZipReadOptions = { limits, messages };
  const entries: ZipEntryInfo[] = [];
  try {
    // Inflate each entry as the directory reaches it: the first problem in file order is reported.
    for (const e of zipEntries(buf, o)) {
      const out = readEntry(buf, e, o);
      if (keep(e.name)) kept.set(e.name, out);
      entries.push({ name: e.name, compressedSize: e.compressedSize, size: e.size });
    }
  } catch (e) {
    if (e instanceof ZipError) return { ok: false, problem: problemOf(e) };
    throw e;
  }
  const names = new Set(entries.map((e) => e.name));
  if (!names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) {
    const hint = names.has('word/document.xml') ? '（这是 Word 文档）' : names.has('ppt/presentation.xml') ? '（这是 PowerPoint 文件）' : names.has('content.xml') ? '（这是 OpenDocument 文件，请另存为 .xlsx）' : '';
    return { ok: false, problem: { code: 'not_xlsx', message: `${NOT_XLSX}${hint}` } };
  }
  return { ok: true, entries, kept };
}
