// Jobs of issue 8 §1 (黑名单 expiry), run by the shared Scheduler (scheduler.ts): hourly, so an
// entry leaves the current list within an hour of its end date passing (China time).
import type { AppContext } from '../context.ts';
import { blacklistJobs } from '../modules/blacklist/job.ts';
import { Scheduler } from './scheduler.ts';

export function createBlacklistScheduler(ctx: Pick<AppContext, 'blacklist' | 'database'>, log?: (msg: string) => void): Scheduler {
  return new Scheduler(ctx.database.db, ctx.database.dialect, blacklistJobs(ctx.blacklist), log ? { log } : {});
}
