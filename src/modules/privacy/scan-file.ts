// Scans one file (text, PDF, DOCX, XLSX, or an image) for personal data. No I/O beyond the buffer
// given: the console (attachments), the CLI (`gongkai pii-scan`) and the sweep share it.
//
// Never throws on bad input: an encrypted, corrupt or oversized file, or a zip bomb, is an
// `unreadable` result with a Chinese message; a PDF page without a text layer (a scan) or an image
// is a `manualReview` finding – a person must look at it (issue 6 §2).
import { isOleContainer, ZipError } from '../../domain/zip.ts';
import { sniffMime, type AllowedMime } from '../attachments/sniff.ts';
import { extractDocxText, maskedXlsx, scanXlsx } from './extract-office.ts';
import { extractPdfText, PdfError, type PdfLimits } from './extract-pdf.ts';
import { fingerprint, type FileFinding, type Location } from './findings.ts';
import { decodeText, scanLines, scanReflowed, toFileFinding, type ScanOptions } from './scan-core.ts';

/** Bumped when the scanner finds more: cached scans of older versions are redone. */
export const SCANNER_VERSION = 1;

export type FileType = 'text' | AllowedMime;

export interface FileScan {
  status: 'text' | 'no_text' | 'image' | 'unreadable';
  /** Why the file is unreadable or needs a person (Chinese). */
  message?: string;
  findings: FileFinding[];
  pages?: number;
  chars: number;
  ms: number;
  /** XLSX with findings only, when asked for: the masked rendition. */
  masked?: Buffer;
}

export interface FileScanOptions extends ScanOptions {
  /** Build the masked rendition of an XLSX that has findings. */
  maskXlsx?: boolean;
  pdf?: Partial<PdfLimits>;
  /** Files larger than this are not parsed at all. */
  maxBytes?: number;
}

export const DEFAULT_MAX_SCAN_BYTES = 100 * 1024 * 1024;

const BY_EXTENSION: Record<string, AllowedMime> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A file's type from its content; a damaged file named .pdf/.docx/.xlsx is handed to that parser
 * (which reports it as corrupt); anything else that is not recognised is read as text.
 */
export function fileTypeOf(buf: Buffer, filename = ''): FileType | 'ole' | null {
  const mime = sniffMime(buf);
  if (mime) return mime;
  if (isOleContainer(buf)) return 'ole';
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  if (BY_EXTENSION[ext]) return BY_EXTENSION[ext];
  if (/^(jpe?g|png)$/.test(ext)) return null;
  return 'text';
}

function manual(rule: string, message: string, location: Location, key: string): FileFinding {
  return { kind: 'manualReview', rule, confidence: 1, location, preview: message, fingerprint: fingerprint('manualReview', `${rule}:${key}`) };
}

function unreadable(rule: string, message: string, key: string, ms: number): FileScan {
  return { status: 'unreadable', message, findings: [{ kind: 'unreadable', rule, confidence: 1, location: {}, preview: message, fingerprint: fingerprint('unreadable', `${rule}:${key}`) }], chars: 0, ms };
}

/** Pages listed for people: 第2、5、7页 (at most 20 numbers). */
function pageList(ns: number[]): string {
  const shown = ns.slice(0, 20).join('、');
  return ns.length > 20 ? `第${shown}等${ns.length}页` : `第${shown}页`;
}

/**
 * `key` identifies the file for fingerprints of file-level findings (its SHA-256 in the console,
 * its path in the CLI), so a "checked by hand" decision applies to that file only.
 */
export async function scanFile(buf: Buffer, type: FileType | 'ole' | null, key: string, opts: FileScanOptions = {}): Promise<FileScan> {
  const t0 = Date.now();
  const ms = () => Date.now() - t0;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_SCAN_BYTES;
  if (buf.length > maxBytes) return unreadable('file-too-large', `文件超过 ${Math.round(maxBytes / 1048576)} MB 的自动检查上限，须人工核查`, key, ms());
  if (type === null) return unreadable('file-type', '文件内容与扩展名不符或类型不受支持，无法自动检查', key, ms());
  if (type === 'ole') return unreadable('file-encrypted', '文件已加密（设置了打开密码）或是旧版 Office 97–2003 格式，无法自动检查', key, ms());
  try {
    switch (type) {
      case 'text': {
        const text = decodeText(buf);
        return { status: 'text', findings: scanLines(text, {}, opts), chars: text.length, ms: ms() };
      }
      case 'application/pdf': {
        const pdf = await extractPdfText(buf, { maxPages: opts.pdf?.maxPages ?? 2000, maxMs: opts.pdf?.maxMs ?? 30_000 });
        const findings: FileFinding[] = [];
        const empty: number[] = [];
        let chars = 0;
        // All pages as one stream of lines, so a value wrapped onto the next page is joined too.
        const lines: string[] = [];
        const cont: boolean[] = [];
        const where: Location[] = [];
        for (const p of pdf.pages) {
          const visible = p.text.replace(/\s/g, '').length;
          chars += p.text.length;
          if (visible < 3) {
            empty.push(p.n);
            continue;
          }
          p.text.split('\n').forEach((l, i) => {
            lines.push(l);
            cont.push(p.cont[i] ?? false);
            where.push({ page: p.n, line: i + 1 });
          });
        }
        findings.push(...scanReflowed(lines, cont, (i) => where[i]!, opts));
        const allEmpty = pdf.pages.length > 0 && empty.length === pdf.pages.length;
        if (allEmpty) findings.push(manual('pdf-no-text-layer', 'PDF 没有文字层（扫描件或图片），内容无法自动检查，须人工核查', {}, key));
        else if (empty.length) findings.push(manual('pdf-page-no-text', `${pageList(empty)}没有文字层（扫描页或空白页），须人工核查`, { page: empty[0]! }, key));
        if (pdf.truncated) findings.push(manual('pdf-truncated', `第${pdf.truncated.afterPage + 1}页起未检查：${pdf.truncated.reason}，须人工核查`, { page: pdf.truncated.afterPage + 1 }, key));
        return { status: allEmpty ? 'no_text' : 'text', findings, pages: pdf.numPages, chars, ms: ms() };
      }
      case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
        const d = extractDocxText(buf);
        const text = d.lines.join('\n');
        // Lines are paragraphs (a table row is one line): report them as such.
        const findings = scanLines(text, {}, opts).map((f) => {
          const { line, ...rest } = f.location;
          return { ...f, location: { ...rest, ...(line !== undefined ? { paragraph: line } : {}) } };
        });
        if (d.largeImages) findings.push(manual('docx-images', `文档含 ${d.largeImages} 张图片，图片中的文字无法自动检查，须人工核查`, {}, key));
        return { status: 'text', findings, chars: text.length, ms: ms() };
      }
      case 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        const x = await scanXlsx(buf, opts);
        const findings: FileFinding[] = [];
        let chars = 0;
        for (const { row, hits } of x.rows) {
          for (const c of row.cells) chars += c.text.length;
          for (const h of hits) findings.push(toFileFinding(h.finding, { sheet: row.sheet, cell: row.cells[h.cell]!.address }));
        }
        if (x.truncated) findings.push(manual('xlsx-truncated', x.truncated, {}, key));
        const masked = opts.maskXlsx && findings.some((f) => f.kind !== 'manualReview') ? await maskedXlsx(x) : undefined;
        return { status: 'text', findings, chars, ms: ms(), ...(masked ? { masked } : {}) };
      }
      case 'image/jpeg':
      case 'image/png':
        return { status: 'image', message: '图片中的文字无法自动检查', findings: [manual('image-no-text', '图片中的文字无法自动检查，须人工核查（或上传脱敏后的图片）', {}, key)], chars: 0, ms: ms() };
    }
  } catch (e) {
    if (e instanceof ZipError) return unreadable(e.problem === 'zip_bomb' ? 'zip-bomb' : e.problem === 'encrypted' || e.problem === 'legacy' ? 'file-encrypted' : 'file-corrupt', e.message, key, ms());
    if (e instanceof PdfError) return unreadable(e.problem === 'encrypted' ? 'file-encrypted' : e.problem === 'limits' ? 'file-limits' : 'file-corrupt', e.message, key, ms());
    return unreadable('file-corrupt', `文件无法读取（${(e as Error).message?.slice(0, 80) ?? '未知错误'}）`, key, ms());
  }
}
