// The `gongkai` command: serve, migrate, seed and the commands later modules add.
import { CONFIG_DOC, ConfigError, loadConfig } from '../config.ts';
import { createContext } from '../context.ts';
import { openDatabase } from '../db/index.ts';
import { generateDemoDistrict } from '../seed/demo-data.ts';
import { isEmpty, loadDemo } from '../seed/load.ts';
import { progressBar } from './progress.ts';

const HELP = `gongkai – 公共资源配置领域信息公开平台

用法: gongkai <命令> [参数]

  serve                 启动网站（同 npm start）
  migrate               执行数据库迁移
  seed [--force]        向空数据库写入演示数据（浈江区）
  ocds export FILE      把全部开放合同数据（OCDS release）写成一个发布包文件
  config                列出全部环境变量、默认值和含义
  verify --server URL   核验公开记录（发布日志）未被改动、删除或倒签（另有 --file、--state、--key，见 verify --help）
  log <checkpoint|rotate-key|export>  公开记录：签署检查点、轮换签名密钥、导出
  calendar import FILE  导入节假日安排 CSV 并重新计算公开期限（另有 calendar list / export）
  search reindex [--clear]  重建全文检索索引（带进度条）
  opendata export       生成今日的全量文件（JSON Lines、CSV，含 SHA-256）
  annual-report --year YYYY [--department CODE] --format json|docx|html [--out FILE]  生成政府信息公开工作年度报告
  pii-scan FILE…        检查 TXT/PDF/DOCX/XLSX 文件中的个人信息（每处一行 JSON；退出码 0 无、1 有、2 无法读取）
  pii-sweep             巡检所有已公开信息（含附件）中疑似泄露的个人信息
  blacklist-expire      把公示期已满的黑名单记录移出当前名单（定时任务每小时自动执行）
  help                  显示本帮助

环境变量决定数据库：DATABASE_URL=sqlite:PATH 或 postgres://…（见 gongkai config）。`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return 0;
    case 'config':
      for (const [name, dflt, meaning] of CONFIG_DOC) console.log(`${name.padEnd(16)} ${dflt.padEnd(34)} ${meaning}`);
      return 0;
    case 'serve':
      await import('../main.ts');
      return -1; // keeps running
    case 'migrate': {
      const config = loadConfig();
      const h = await openDatabase(config, { migrate: false });
      const { migrateToLatest } = await import('../db/migrate.ts');
      const done = await migrateToLatest(h.db, config.dialect, config.databaseSchema);
      console.log(done.length ? `已执行迁移：${done.join(', ')}` : '数据库已是最新结构');
      await h.destroy();
      return 0;
    }
    case 'ocds':
      return (await import('./ocds.ts')).ocdsCommand(args);
    case 'seed': {
      const config = loadConfig();
      const ctx = await createContext(config);
      try {
        if (!(await isEmpty(ctx.database.db)) && !args.includes('--force')) {
          console.error('数据库不为空，未写入演示数据（演示数据只写入空数据库）。');
          return 1;
        }
        const bar = progressBar('演示数据');
        const r = await loadDemo(ctx.database.db, generateDemoDistrict(), { itemTypes: ctx.itemTypes, due: ctx.due, ocidPrefix: config.ocidPrefix, hooks: ctx.disclosures.hooks, onProgress: bar.update, blobs: ctx.blobs, blacklistHooks: ctx.blacklist.hooks });
        bar.done();
        await ctx.publicationLog.maybeCheckpoint(); // sign the seeded publications at once
        console.log(`已写入 ${r.departments} 个单位、${r.projects} 个项目、${r.disclosures} 条信息。`);
        return 0;
      } finally {
        await ctx.close();
      }
    }
    case 'verify':
      return (await import('./verify.ts')).runVerify(args);
    case 'log': {
      const ctx = await createContext(loadConfig());
      try {
        return await (await import('./log.ts')).runLog(args, ctx);
      } finally {
        await ctx.close();
      }
    }
    case 'calendar':
      return (await import('./calendar.ts')).calendarCommand(args);
    case 'search':
      return (await import('./search.ts')).searchCommand(args);
    case 'opendata':
      return (await import('./search.ts')).openDataCommand(args);
    case 'annual-report':
      return (await import('./annual-report.ts')).runAnnualReport(args);
    case 'pii-scan':
      return (await import('./pii.ts')).piiScanCommand(args);
    case 'pii-sweep':
      return (await import('./pii.ts')).piiSweepCommand(args);
    case 'blacklist-expire':
      return (await import('../modules/blacklist/cli.ts')).blacklistExpireCommand(args);
    default:
      console.error(`未知命令：${cmd}\n\n${HELP}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e) => {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    console.error(e);
    process.exit(1);
  },
);
