// Jobs of issue 5 (search, open data, subscriptions), run by the shared Scheduler (scheduler.ts):
// the daily bulk files, the daily subscription digest and the webhook delivery queue.
import type { AppContext } from '../context.ts';
import { runBulkExport } from '../modules/opendata/export.ts';
import { Scheduler, type Job } from './scheduler.ts';

export const BULK_EXPORT_JOB = 'opendata-bulk-export';
export const DIGEST_JOB = 'subscription-digest';
export const WEBHOOK_JOB = 'webhook-deliveries';

export function openDataJobs(ctx: AppContext): Job[] {
  return [
    {
      name: BULK_EXPORT_JOB,
      intervalMs: 24 * 3600_000,
      run: async () => {
        const m = await runBulkExport(ctx);
        return { date: m.date, files: m.files.map((f) => `${f.name} ${f.bytes} ${f.sha256}`) };
      },
    },
    { name: DIGEST_JOB, intervalMs: 24 * 3600_000, run: async (now) => ({ ...(await ctx.subscriptions.runDigest(now)) }) },
    // Each attempt is bounded by its own timeout, so a hanging endpoint delays nothing else.
    { name: WEBHOOK_JOB, intervalMs: 15_000, run: async (now) => ({ ...(await ctx.webhooks.deliverDue(now)) }) },
  ];
}

export function createOpenDataScheduler(ctx: AppContext, log?: (msg: string) => void): Scheduler {
  return new Scheduler(ctx.database.db, ctx.database.dialect, openDataJobs(ctx), log ? { log } : {});
}
