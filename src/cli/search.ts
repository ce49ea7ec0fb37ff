// `gongkai search reindex [--clear]` and `gongkai opendata export`: long jobs with a progress bar.
import { loadConfig } from '../config.ts';
import { createContext } from '../context.ts';
import { runBulkExport } from '../modules/opendata/export.ts';
import { progressBar } from './progress.ts';

export async function searchCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'reindex') {
    console.error('用法: gongkai search reindex [--clear]   重建全文检索索引（--clear 先清空）');
    return 2;
  }
  const ctx = await createContext(loadConfig());
  try {
    const bar = progressBar('重建索引');
    const r = await ctx.search.reindex({ clear: rest.includes('--clear'), onProgress: bar.update });
    bar.done();
    console.log(`已索引 ${r.disclosures} 条公开信息、${r.projects} 个项目、${r.others.blacklist ?? 0} 条黑名单记录；索引共 ${await ctx.search.countIndexed()} 个文档。`);
    return 0;
  } finally {
    await ctx.close();
  }
}

export async function openDataCommand(args: string[]): Promise<number> {
  if (args[0] !== 'export') {
    console.error('用法: gongkai opendata export   生成今日的全量文件（JSON Lines、CSV）及 SHA-256 校验');
    return 2;
  }
  const ctx = await createContext(loadConfig());
  try {
    const bar = progressBar('全量文件');
    const m = await runBulkExport(ctx, { onProgress: bar.update });
    bar.done();
    for (const f of m.files) console.log(`${f.name}  ${f.bytes} 字节  sha256 ${f.sha256}`);
    return 0;
  } finally {
    await ctx.close();
  }
}
