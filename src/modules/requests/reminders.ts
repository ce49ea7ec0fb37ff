// Request deadline reminders: 3 working days before the answer is due and on the first day after it
// was missed, to the department's editors and reviewers – as a console notification (the
// request_reminders table) and by e-mail through the timeliness module's mailer. Once per
// request × kind × due date (a unique key in the database), however often the job runs; failed
// mail is retried up to MAX_ATTEMPTS times. Scheduled as the job REQUEST_REMINDER_JOB.
import type { WorkingCalendar } from '../../calendar/index.ts';
import type { Db } from '../../db/index.ts';
import { isOffice, type Principal } from '../accounts/service.ts';
import type { Mailer } from '../timeliness/mailer.ts';
import { runReminders, type ReminderRunSummary } from '../timeliness/reminder-run.ts';
import * as repo from './repository.ts';

export const REQUEST_REMINDER_JOB = 'request-reminders';
export const DUE_SOON_WORKING_DAYS = 3;
export const MAX_ATTEMPTS = 5;

export type RequestReminderSummary = ReminderRunSummary;

export function requestReminderSubject(kind: 'due_soon' | 'overdue', refNo: string, due: string): string {
  return kind === 'overdue' ? `【依申请公开逾期提醒】申请 ${refNo} 已超过答复期限（${due}）` : `【依申请公开期限提醒】申请 ${refNo} 将于 ${due} 到期`;
}

function text(r: { kind: string; due_date: string; request_id: number; subject_line: string }, baseUrl: string): string {
  const head = r.kind === 'overdue'
    ? `该政府信息公开申请的答复期限 ${r.due_date} 已过，尚未答复。请尽快答复，或依法登记延长、征求意见等情况。`
    : `该政府信息公开申请的答复期限为 ${r.due_date}（${DUE_SOON_WORKING_DAYS}个工作日内到期）。需要延长的，应在期限届满前经负责人同意并告知申请人。`;
  // No applicant data in mail: the link leads to the console, behind login.
  return `${head}\n\n查看：${baseUrl}/admin/requests/${r.request_id}\n\n依据：《政府信息公开条例》第三十三条。本邮件由公共资源配置领域信息公开平台自动发送。`;
}

export class RequestReminderService {
  constructor(
    private readonly db: Db,
    private readonly calendar: () => WorkingCalendar,
    private readonly mailer: Mailer,
    private readonly baseUrl: string,
  ) {}

  /** One pass: records due reminders and delivers undelivered ones. Idempotent. */
  run(now: Date = new Date()): Promise<RequestReminderSummary> {
    const { db, baseUrl } = this;
    return runReminders({ calendar: this.calendar, mailer: this.mailer, dueSoonWorkingDays: DUE_SOON_WORKING_DAYS, maxAttempts: MAX_ATTEMPTS }, {
      candidates: (limit) => repo.openWithDueBefore(db, limit),
      dueDate: (c) => c.due_date!, // the query selects only requests with a due date
      record: (c, kind, at) => repo.insertReminder(db, { requestId: c.id, kind, dueDate: c.due_date!, departmentId: c.department_id, subjectLine: requestReminderSubject(kind, c.ref_no, c.due_date!), at }),
      undelivered: (max) => repo.undeliveredReminders(db, max),
      recipients: (r) => (r.department_id !== null ? repo.departmentStaffEmails(db, r.department_id) : Promise.resolve([])),
      text: (r) => text(r, baseUrl),
      mark: (id, m) => repo.markReminder(db, id, m),
    }, now);
  }

  /** The console list: the principal's departments (office: all). */
  listFor(p: Principal, limit = 100) {
    const ids = isOffice(p) ? undefined : [...new Set(p.memberships.map((m) => m.departmentId))];
    return repo.listReminders(this.db, { departmentIds: ids, limit });
  }
}

/** The scheduler job (src/jobs/scheduler.ts `Job` shape), hourly like the disclosure reminders. */
export function requestReminderJob(reminders: RequestReminderService) {
  return { name: REQUEST_REMINDER_JOB, intervalMs: 60 * 60_000, run: async (now: Date) => ({ ...(await reminders.run(now)) }) };
}
