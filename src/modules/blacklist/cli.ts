// `gongkai blacklist-expire`: runs the expiry job once through the scheduler (recorded in job_runs,
// locked like the hourly run), for installations that drive jobs from cron.
import { loadConfig } from '../../config.ts';
import { createContext } from '../../context.ts';
import { createBlacklistScheduler } from '../../jobs/blacklist.ts';
import { BLACKLIST_EXPIRY_JOB } from './job.ts';

export async function blacklistExpireCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log('用法: gongkai blacklist-expire\n\n把公示截止日期已过的黑名单记录标记为“已到期”（每条记一条事件），移出当前公示名单。可重复执行。');
    return 0;
  }
  const ctx = await createContext(loadConfig());
  try {
    const r = await createBlacklistScheduler(ctx).runOnce(BLACKLIST_EXPIRY_JOB, { force: true });
    if (r.status === 'ran') console.log(`已到期移出：${String(r.summary.expired)} 条。`);
    else if (r.status === 'skipped') console.log('另一个实例正在执行该任务，本次跳过。');
    else if (r.status === 'failed') console.error(`执行失败：${r.error}`);
    return r.status === 'failed' ? 1 : 0;
  } finally {
    await ctx.close();
  }
}
