// Content-addressed file store: each file is kept once under DATA_DIR/files/ab/cd/<sha256>,
// however many disclosures attach it. Writes go to a temp file and are renamed into place.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Executor } from '../../db/index.ts';
import { sniffMime, type AllowedMime } from './sniff.ts';

import { AppError } from '../../domain/errors.ts';

const tooLarge = (m: string) => new AppError(413, 'payload_too_large', m);
const unsupported = (m: string) => new AppError(415, 'unsupported_media_type', m);

export class BlobStore {
  constructor(readonly dir: string, readonly maxBytes: number) {}

  pathOf(sha256: string): string {
    return path.join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Checks and stores a file; the caller records the blob row in its transaction. */
  async put(buf: Buffer): Promise<{ sha256: string; size: number; mime: AllowedMime }> {
    if (buf.length > this.maxBytes) throw tooLarge(`文件超过大小上限 ${Math.round(this.maxBytes / 1024 / 1024)} MB`);
    if (buf.length === 0) throw unsupported('文件为空');
    const mime = sniffMime(buf);
    if (!mime) throw unsupported('仅接受 PDF、DOCX、XLSX、JPEG、PNG 格式的文件（按文件内容识别）');
    const sha256 = crypto.createHash('sha256').update(buf).digest('hex');
    const target = this.pathOf(sha256);
    try {
      await fs.access(target);
    } catch {
      await fs.mkdir(path.dirname(target), { recursive: true });
      const tmp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
      await fs.writeFile(tmp, buf);
      await fs.rename(tmp, target);
    }
    return { sha256, size: buf.length, mime };
  }

  async read(sha256: string): Promise<Buffer> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('bad hash');
    return fs.readFile(this.pathOf(sha256));
  }
}

export async function recordBlob(db: Executor, b: { sha256: string; size: number; mime: string }, at: string): Promise<void> {
  const existing = await db.selectFrom('blobs').select('sha256').where('sha256', '=', b.sha256).executeTakeFirst();
  if (!existing) await db.insertInto('blobs').values({ sha256: b.sha256, size: b.size, mime: b.mime, created_at: at }).execute();
}
