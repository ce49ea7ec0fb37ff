// `gongkai ocds export FILE`: writes every OCDS release as one release package, streamed (a
// million releases stay within a few hundred MB), with progress on stderr.
import fs from 'node:fs';
import { loadConfig } from '../config.ts';
import { createContext } from '../context.ts';
import { OcdsService } from '../modules/ocds/service.ts';
import { progressBar } from './progress.ts';

export async function ocdsCommand(args: string[]): Promise<number> {
  const [sub, file] = args;
  if (sub !== 'export' || !file) {
    console.error('用法: gongkai ocds export 文件名.json   （把全部 OCDS release 写成一个发布包）');
    return 2;
  }
  const config = loadConfig();
  const ctx = await createContext(config);
  try {
    const ocds = new OcdsService(ctx.database.db, ctx.itemTypes, config);
    const total = await ocds.countReleases();
    const bar = progressBar('OCDS 导出');
    const out = fs.createWriteStream(file);
    const n = await ocds.writeBulk(out, (done) => bar.update(done, total));
    bar.done();
    console.log(`已写入 ${n} 个 release：${file}`);
    return 0;
  } finally {
    await ctx.close();
  }
}
