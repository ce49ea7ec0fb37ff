// PDF text extraction in a worker thread (plain JavaScript on purpose: it runs without the
// TypeScript loader, so pdf.js loads in a fraction of the time). The parent (extract-pdf.ts) caps
// the worker's heap and kills it on a time-out, so a hostile PDF cannot exhaust memory or hang a
// request. Messages: { id, data: ArrayBuffer, maxPages, maxMs } → { id, numPages, pages, truncated }
// or { id, error: { name, message } }.
import path from 'node:path';
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const assetDir = path.dirname(require.resolve('pdfjs-dist/package.json'));
const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
globalThis.pdfjsWorker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');

/**
 * Items → lines: a new line on hasEOL or when the baseline moves. Each line's right edge is kept:
 * a line that reaches the right margin was wrapped by the layout and continues on the next one.
 */
function pageLines(items) {
  const lines = [];
  let cur = '';
  let right = 0;
  let lastY;
  let lastH = 0;
  let size = 0;
  const end = () => {
    lines.push({ text: cur, right });
    cur = '';
    right = 0;
  };
  for (const it of items) {
    if (typeof it.str !== 'string') continue;
    const y = it.transform?.[5];
    if (y !== undefined && lastY !== undefined && Math.abs(y - lastY) > Math.max(2, lastH / 2) && cur !== '') end();
    cur += it.str;
    if (it.str) right = Math.max(right, (it.transform?.[4] ?? 0) + (it.width ?? 0));
    if (it.hasEOL) end();
    if (y !== undefined) lastY = y;
    lastH = it.height ?? lastH;
    size = Math.max(size, it.height ?? 0);
  }
  if (cur !== '') end();
  const margin = Math.max(0, ...lines.map((l) => l.right));
  // Wrapped: ends within two characters of the page's right margin.
  // The last line may continue on the next page.
  const cont = lines.map((l) => l.text.trim() !== '' && margin > 0 && l.right >= margin - 2 * Math.max(size, 6));
  return { text: lines.map((l) => l.text).join('\n'), cont };
}

async function extract({ data, maxPages, maxMs }) {
  const started = Date.now();
  const task = lib.getDocument({
    data: new Uint8Array(data),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
    stopAtErrors: false,
    cMapUrl: path.join(assetDir, 'cmaps') + path.sep,
    cMapPacked: true,
    standardFontDataUrl: path.join(assetDir, 'standard_fonts') + path.sep,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => {});
    throw e;
  }
  try {
    const pages = [];
    let truncated;
    // Pages are read in small batches: pdf.js answers them interleaved, which hides its latency.
    const BATCH = 8;
    for (let start = 1; start <= doc.numPages; start += BATCH) {
      if (start > maxPages) {
        truncated = { afterPage: start - 1, reason: `超过 ${maxPages} 页的上限` };
        break;
      }
      if (Date.now() - started > maxMs) {
        truncated = { afterPage: start - 1, reason: `读取超过 ${Math.round(maxMs / 1000)} 秒的上限` };
        break;
      }
      const last = Math.min(doc.numPages, start + BATCH - 1, maxPages);
      const batch = [];
      for (let n = start; n <= last; n++) {
        batch.push(
          (async () => {
            try {
              const page = await doc.getPage(n);
              const tc = await page.getTextContent();
              page.cleanup();
              return { n, ...pageLines(tc.items) };
            } catch {
              return { n, text: '', cont: [] };
            }
          })(),
        );
      }
      pages.push(...(await Promise.all(batch)));
      if (last >= maxPages && last < doc.numPages) {
        truncated = { afterPage: last, reason: `超过 ${maxPages} 页的上限` };
        break;
      }
    }
    return { numPages: doc.numPages, pages, truncated };
  } finally {
    await doc.destroy().catch(() => {});
  }
}

parentPort.on('message', async (msg) => {
  try {
    parentPort.postMessage({ id: msg.id, ...(await extract(msg)) });
  } catch (e) {
    parentPort.postMessage({ id: msg.id, error: { name: e?.name ?? 'Error', message: String(e?.message ?? e) } });
  }
});
parentPort.postMessage({ ready: true });
