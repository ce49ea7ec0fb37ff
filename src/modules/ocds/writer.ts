// Streams a package (release or record package) as JSON: the metadata, then each item as it is
// produced, with backpressure – a million releases never sit in memory at once.
import type { Writable } from 'node:stream';
import type { Json } from './helpers.ts';

function write(out: Writable, s: string): Promise<void> | undefined {
  return out.write(s) ? undefined : new Promise((resolve, reject) => {
    const done = () => {
      out.off('error', fail);
      resolve();
    };
    const fail = (e: Error) => {
      out.off('drain', done);
      reject(e);
    };
    out.once('drain', done);
    out.once('error', fail);
  });
}

export async function writePackage(out: Writable, meta: Json, key: 'releases' | 'records', items: AsyncIterable<Json>, onProgress?: (done: number) => void, end = true): Promise<number> {
  const head = JSON.stringify(meta);
  await write(out, `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}"${key}":[`);
  let n = 0;
  for await (const item of items) {
    const p = write(out, (n === 0 ? '\n' : ',\n') + JSON.stringify(item));
    if (p) await p;
    n++;
    if (onProgress && n % 1000 === 0) onProgress(n);
  }
  await write(out, '\n]}\n');
  onProgress?.(n);
  if (end) await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return n;
}
