// Text of a PDF, page by page and line by line, through pdf.js (pdfjs-dist 4, legacy build for
// Node 20) running in a worker thread (pdf-worker.mjs).
//
// Bounded: at most `maxPages` pages; the worker stops reading after `maxMs` and is killed (and
// replaced) if it has not answered `maxMs` + 10 s later; its heap is capped (`maxHeapMb`), so a
// hostile file costs a failed scan, not the process. Encrypted and corrupt files raise PdfError
// with a clear Chinese message. The worker starts lazily and does not keep the process alive.
import { Worker } from 'node:worker_threads';

export interface PdfLimits {
  maxPages: number;
  maxMs: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = { maxPages: 2000, maxMs: 30_000 };
const MAX_HEAP_MB = 512;

export interface PdfText {
  numPages: number;
  /** Pages read, in order; `text` has one line per visual line; cont[i]: line i was wrapped (continues). */
  pages: { n: number; text: string; cont: boolean[] }[];
  /** Set when the limits stopped the reading early. */
  truncated?: { afterPage: number; reason: string };
}

export class PdfError extends Error {
  constructor(readonly problem: 'encrypted' | 'corrupt' | 'limits', message: string) {
    super(message);
  }
}

interface Reply {
  id?: number;
  ready?: boolean;
  numPages?: number;
  pages?: PdfText['pages'];
  truncated?: PdfText['truncated'];
  error?: { name: string; message: string };
}

interface Pending {
  resolve: (r: Reply) => void;
  reject: (e: Error) => void;
}

let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;

function failAll(e: Error) {
  for (const p of pending.values()) p.reject(e);
  pending.clear();
}

function getWorker(): Worker {
  if (worker) return worker;
  // execArgv [] : no TypeScript loader in the worker (pdf.js loads ~8× faster without it).
  const w = new Worker(new URL('./pdf-worker.mjs', import.meta.url), { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: MAX_HEAP_MB } });
  w.unref();
  w.on('message', (r: Reply) => {
    if (r.id === undefined) return;
    const p = pending.get(r.id);
    pending.delete(r.id);
    if (!pending.size) w.unref();
    p?.resolve(r);
  });
  w.on('error', (e) => {
    if (worker === w) worker = undefined;
    failAll(new PdfError('limits', `PDF 读取失败（${/heap|memory/i.test(e.message) ? '超过内存上限' : e.message.slice(0, 60)}）`));
  });
  w.on('exit', () => {
    if (worker === w) worker = undefined;
    failAll(new PdfError('limits', 'PDF 读取进程意外退出'));
  });
  worker = w;
  return w;
}

/** Stops the worker (tests and the CLI call it so the process exits promptly; it restarts on demand). */
export async function stopPdfWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w) await w.terminate();
}

export async function extractPdfText(buf: Buffer, limits: PdfLimits = DEFAULT_PDF_LIMITS): Promise<PdfText> {
  const w = getWorker();
  const id = nextId++;
  const data = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  let timer: NodeJS.Timeout | undefined;
  const reply = await new Promise<Reply>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref(); // keeps the process alive while a file is being read
    // Loading pdf.js the first time takes a second or two; the hard deadline allows for it.
    timer = setTimeout(() => {
      pending.delete(id);
      if (!pending.size) w.unref();
      reject(new PdfError('limits', `PDF 读取超过 ${Math.round(limits.maxMs / 1000) + 10} 秒，已中止`));
      if (worker === w) worker = undefined;
      void w.terminate();
    }, limits.maxMs + 10_000);
    timer.unref();
    w.postMessage({ id, data, maxPages: limits.maxPages, maxMs: limits.maxMs }, [data]);
  }).finally(() => clearTimeout(timer));
  if (reply.error) {
    if (reply.error.name === 'PasswordException') throw new PdfError('encrypted', 'PDF 已加密（设置了打开密码），无法自动检查');
    throw new PdfError('corrupt', `PDF 文件已损坏或格式不正确，无法读取（${reply.error.name || '解析失败'}）`);
  }
  return { numPages: reply.numPages ?? 0, pages: reply.pages ?? [], ...(reply.truncated ? { truncated: reply.truncated } : {}) };
}
