// Text of an uploaded answer file, for the privacy scan before it is sent to an applicant. Pure
// (buffers in, text out) and bounded: a zip entry inflates to at most MAX_TEXT_BYTES, so a "zip
// bomb" cannot exhaust memory.
//
// What can be read here: DOCX (word/document.xml and its headers, footers, footnotes), XLSX
// (shared strings and inline strings), and PDF text drawn with simple fonts (Tj/TJ strings in
// uncompressed or FlateDecode streams). A PDF whose text uses CID fonts (most Chinese PDFs) or a
// scan, and JPEG/PNG images, are reported `unscannable`: a person must check them and say so
// before the answer can be sent. A fuller extractor (pdf.js, OCR) may replace `extractText` later
// without changing its callers.
import zlib from 'node:zlib';
import type { AllowedMime } from '../attachments/sniff.ts';

export const MAX_TEXT_BYTES = 20 * 1024 * 1024;
const MAX_ENTRIES = 5000;

export type Extracted = { status: 'text'; text: string } | { status: 'unscannable'; reason: string };

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  offset: number;
}

/** Entries of a zip's central directory, or null if it is not a readable zip. */
export function zipEntries(buf: Buffer): ZipEntry[] | null {
  // End of central directory: signature 0x06054b50 within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count > MAX_ENTRIES) return null;
  const out: ZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return null;
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    out.push({ name, method, compressedSize, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** The inflated bytes of one entry (stored or deflated), capped at MAX_TEXT_BYTES. */
export function readZipEntry(buf: Buffer, e: ZipEntry): Buffer | null {
  const h = e.offset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) return null;
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) return data.length > MAX_TEXT_BYTES ? null : Buffer.from(data);
  if (e.method !== 8) return null;
  try {
    return zlib.inflateRawSync(data, { maxOutputLength: MAX_TEXT_BYTES });
  } catch {
    return null;
  }
}

export function readZipFile(buf: Buffer, name: string): Buffer | null {
  const e = zipEntries(buf)?.find((x) => x.name === name);
  return e ? readZipEntry(buf, e) : null;
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, g: string) => {
    if (g.startsWith('#x')) return String.fromCodePoint(parseInt(g.slice(2), 16));
    if (g.startsWith('#')) return String.fromCodePoint(Number(g.slice(1)));
    return XML_ENTITIES[g] ?? m;
  });
}

/** Text runs of WordprocessingML, one paragraph per line. */
export function docxXmlText(xml: string): string {
  return xml
    .split(/<\/w:p>/)
    .map((para) => [...para.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)].map((m) => (m[1] === undefined ? '\t' : decodeXml(m[1]))).join(''))
    .filter((l) => l !== '')
    .join('\n');
}

function docxText(buf: Buffer): Extracted {
  const entries = zipEntries(buf);
  const parts = entries?.filter((e) => /^word\/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$/.test(e.name)) ?? [];
  if (!parts.length) return { status: 'unscannable', reason: 'DOCX 文件结构无法读取' };
  const out: string[] = [];
  for (const e of parts) {
    const x = readZipEntry(buf, e);
    if (!x) return { status: 'unscannable', reason: 'DOCX 文件内容过大或已损坏' };
    out.push(docxXmlText(x.toString('utf8')));
  }
  return { status: 'text', text: out.join('\n') };
}

function xlsxText(buf: Buffer): Extracted {
  const entries = zipEntries(buf);
  const parts = entries?.filter((e) => e.name === 'xl/sharedStrings.xml' || /^xl\/worksheets\/sheet\d+\.xml$/.test(e.name)) ?? [];
  if (!parts.length) return { status: 'unscannable', reason: 'XLSX 文件结构无法读取' };
  const out: string[] = [];
  for (const e of parts) {
    const x = readZipEntry(buf, e);
    if (!x) return { status: 'unscannable', reason: 'XLSX 文件内容过大或已损坏' };
    const xml = x.toString('utf8');
    // Shared strings and inline strings are <t> elements; numbers in sheets are <v> values.
    for (const m of xml.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>|<v>([^<]*)<\/v>/g)) out.push(decodeXml(m[1] ?? m[2] ?? ''));
  }
  return { status: 'text', text: out.join('\n') };
}

function pdfLiteral(s: string): string {
  return s.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_m, g: string) => {
    const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };
    return map[g] ?? String.fromCharCode(parseInt(g, 8));
  });
}

function pdfText(buf: Buffer): Extracted {
  const src = buf.toString('latin1');
  const chunks: string[] = [];
  let total = 0;
  for (const m of src.matchAll(/<<([^]*?)>>\s*stream\r?\n/g)) {
    const dict = m[1]!;
    const start = m.index! + m[0].length;
    const end = src.indexOf('endstream', start);
    if (end < 0) break;
    let data: Buffer = buf.subarray(start, end);
    if (/\/FlateDecode/.test(dict)) {
      try {
        data = zlib.inflateSync(data, { maxOutputLength: MAX_TEXT_BYTES });
      } catch {
        continue;
      }
    } else if (/\/Filter/.test(dict)) continue;
    total += data.length;
    if (total > MAX_TEXT_BYTES) return { status: 'unscannable', reason: 'PDF 内容过大，无法自动检查' };
    const s = data.toString('latin1');
    for (const t of s.matchAll(/\(((?:\\.|[^\\)])*)\)\s*Tj|\[((?:[^\]])*)\]\s*TJ/g)) {
      if (t[1] !== undefined) chunks.push(pdfLiteral(t[1]));
      else for (const p of t[2]!.matchAll(/\(((?:\\.|[^\\)])*)\)/g)) chunks.push(pdfLiteral(p[1]!));
    }
  }
  const text = chunks.join(' ').trim();
  if (!text) return { status: 'unscannable', reason: 'PDF 没有可读取的文字层（扫描件或使用中文字体编码），无法自动检查' };
  return { status: 'text', text };
}

export function extractText(buf: Buffer, mime: AllowedMime): Extracted {
  switch (mime) {
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
      return docxText(buf);
    case 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':
      return xlsxText(buf);
    case 'application/pdf':
      return pdfText(buf);
    default:
      return { status: 'unscannable', reason: '图片文件无法自动识别文字' };
  }
}
