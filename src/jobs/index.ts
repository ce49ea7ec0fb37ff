// The jobs of this application and the scheduler that runs them (started by src/main.ts).
import type { AppContext } from '../context.ts';
import { Scheduler, type Job } from './scheduler.ts';

export const REMINDER_JOB = 'timeliness-reminders';
export const CALENDAR_REFRESH_JOB = 'calendar-refresh';

export function appJobs(ctx: Pick<AppContext, 'timeliness' | 'requests'>): Job[] {
  return [
    {
      // Reminders 3 working days before a due date and the day after it was missed.
      name: REMINDER_JOB,
      intervalMs: 60 * 60_000,
      run: async (now) => ({ ...(await ctx.timeliness.reminders.run(now)) }),
    },
    {
      // Another instance may have imported a calendar notice: every instance reloads it.
      name: CALENDAR_REFRESH_JOB,
      intervalMs: 60_000,
      exclusive: false,
      run: async () => ({ reloaded: await ctx.timeliness.calendar.refreshIfChanged() }),
    },
    // 依申请公开: reminders before an answer is due and when it is overdue (条例 第三十三条).
    ctx.requests.job,
  ];
}

export function createScheduler(ctx: Pick<AppContext, 'timeliness' | 'requests' | 'database'>, log?: (msg: string) => void): Scheduler {
  return new Scheduler(ctx.database.db, ctx.database.dialect, appJobs(ctx), log ? { log } : {});
}
