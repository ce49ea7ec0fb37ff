// The expiry job of the 黑名单: entries whose last day has passed leave the current list with an
// `expire` event. The public queries already treat end_date < today as not current, so a job that
// runs late never shows an expired entry; the job makes the status and the history say so.
import type { Job } from '../../jobs/scheduler.ts';
import type { BlacklistService } from './service.ts';

export const BLACKLIST_EXPIRY_JOB = 'blacklist-expiry';

export function blacklistJobs(svc: Pick<BlacklistService, 'expireDue'>): Job[] {
  return [{ name: BLACKLIST_EXPIRY_JOB, intervalMs: 60 * 60_000, run: async (now) => ({ ...(await svc.expireDue(now)) }) }];
}
