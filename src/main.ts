// Process entry (`npm start`): configuration → database → services → web app.
// On first start in development the demo district is seeded and its accounts printed.
import { ConfigError, loadConfig } from './config.ts';
import { createContext } from './context.ts';
import { generateDemoDistrict } from './seed/demo-data.ts';
import { isEmpty, loadDemo } from './seed/load.ts';
import { buildApp } from './web/app.ts';
import { progressBar } from './cli/progress.ts';
import { createScheduler } from './jobs/index.ts';
import { createOpenDataScheduler } from './jobs/opendata.ts';
import { createBlacklistScheduler } from './jobs/blacklist.ts';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const ctx = await createContext(config);
  const { db } = ctx.database;
  if (config.seedDemo && (await isEmpty(db))) {
    console.log('首次启动：正在生成演示数据（浈江区）…');
    const bar = progressBar('演示数据');
    const r = await loadDemo(db, generateDemoDistrict(), { itemTypes: ctx.itemTypes, due: ctx.due, ocidPrefix: config.ocidPrefix, hooks: ctx.disclosures.hooks, onProgress: bar.update, blobs: ctx.blobs, blacklistHooks: ctx.blacklist.hooks });
    bar.done();
    console.log(`已生成 ${r.departments} 个单位、${r.projects} 个项目、${r.disclosures} 条信息。`);
    printAccounts(r.users);
  }
  const app = await buildApp(ctx);
  ctx.publicationLog.startCheckpointTimer(60_000, (e) => app.log.error({ err: e }, 'publication log checkpoint failed')); // signs now (covers the demo seed), then every 60 s if the log grew
  // Scheduled jobs (deadline reminders, calendar reload); on PostgreSQL one instance runs each job at a time.
  const scheduler = createScheduler(ctx, (m) => app.log.warn(m));
  // Bulk files and subscription digest daily, webhook deliveries every 10 s (issue 5).
  const openDataScheduler = createOpenDataScheduler(ctx, (m) => app.log.warn(m));
  // 黑名单 entries past their end date leave the current list (issue 8 §1), hourly.
  const blacklistScheduler = createBlacklistScheduler(ctx, (m) => app.log.warn(m));
  const close = async () => {
    await scheduler.stop();
    await openDataScheduler.stop();
    await blacklistScheduler.stop();
    await app.close();
    await ctx.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  await app.listen({ port: config.port, host: config.host });
  scheduler.start();
  openDataScheduler.start(10_000);
  blacklistScheduler.start();
  console.log(`\ngongkai 已启动：${config.baseUrl}/ （数据库：${config.dialect === 'sqlite' ? config.sqliteFile : 'PostgreSQL'}）`);
  console.log(`工作人员登录：${config.baseUrl}/admin/login`);
}

function printAccounts(users: { username: string; password: string; roles: string }[]) {
  console.log('\n演示账号（仅用于演示环境）：');
  const pick = ['czj-editor', 'czj-reviewer', 'gkb-office', 'admin'];
  const shown = users.filter((u) => pick.includes(u.username));
  for (const u of shown) console.log(`  ${u.username.padEnd(16)} 密码 ${u.password.padEnd(20)} ${u.roles}`);
  console.log(`  其余 ${users.length - shown.length} 个账号：各单位 <单位代码>-editor / <单位代码>-reviewer，密码同上对应角色。`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
