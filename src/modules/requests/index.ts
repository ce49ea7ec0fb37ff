// The requests module's public surface, wired once per context (src/context.ts).
import type { WorkingCalendar } from '../../calendar/index.ts';
import type { DatabaseHandle } from '../../db/index.ts';
import type { BlobStore } from '../attachments/store.ts';
import type { Mailer } from '../timeliness/mailer.ts';
import { AnswerService } from './answers.ts';
import { ReviewCaseService } from './cases.ts';
import { RequestReminderService, requestReminderJob } from './reminders.ts';
import { RequestService, type RequestOptions } from './service.ts';

export interface RequestsModule {
  service: RequestService;
  answers: AnswerService;
  cases: ReviewCaseService;
  reminders: RequestReminderService;
  /** The reminder job for the scheduler (src/jobs): `appJobs` should include it. */
  job: ReturnType<typeof requestReminderJob>;
}

export function createRequests(o: { database: DatabaseHandle; calendar: () => WorkingCalendar; blobs: BlobStore; mailer: Mailer; baseUrl: string; options?: RequestOptions }): RequestsModule {
  const service = new RequestService(o.database.db, o.database.dialect, o.calendar, o.options ?? {});
  const reminders = new RequestReminderService(o.database.db, o.calendar, o.mailer, o.baseUrl);
  return { service, answers: new AnswerService(service, o.blobs), cases: new ReviewCaseService(o.database.db), reminders, job: requestReminderJob(reminders) };
}
