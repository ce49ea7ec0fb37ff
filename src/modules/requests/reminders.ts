// Request deadline reminders: 3 working days before the answer is due and on the first day after it
// was missed, to the department's editors and reviewers – as a console notification (the
// request_reminders table) and by e-mail through the timeliness module's mailer. Once per
// request × kind × due date (a unique key in the database), however often the job runs; failed
// mail is retried up to MAX_ATTEMPTS times. Scheduled as the job REQUEST_REMINDER_JOB.
import { CalendarUnknownError, type WorkingCalendar } from '../../calendar/index.ts';
import type { Db } from '../../db/index.ts';
import { isOffice, type Principal } from '../accounts/service.ts';
import { todayInChina } from '../disclosures/service.ts';
import type { Mailer } from '../timeliness/mailer.ts';
import * as repo from './repository.ts';

export const REQUEST_REMINDER_JOB = 'request-reminders';
export const DUE_SOON_WORKING_DAYS = 3;
export const MAX_ATTEMPTS = 5;

export interface RequestReminderSummary {
  today: string;
  candidates: number;
  created: number;
  sent: number;
  logged: number;
  noRecipients: number;
  failed: number;
}

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
  async run(now: Date = new Date()): Promise<RequestReminderSummary> {
    const today = todayInChina(now);
    let soonLimit: string | null;
    try {
      soonLimit = this.calendar().addWorkingDays(today, DUE_SOON_WORKING_DAYS);
    } catch (e) {
      if (!(e instanceof CalendarUnknownError)) throw e;
      soonLimit = null;
    }
    const candidates = await repo.openWithDueBefore(this.db, soonLimit ?? today);
    const s: RequestReminderSummary = { today, candidates: candidates.length, created: 0, sent: 0, logged: 0, noRecipients: 0, failed: 0 };
    const at = now.toISOString();
    for (const c of candidates) {
      const due = c.due_date!;
      const kind = due < today ? 'overdue' : soonLimit !== null && due <= soonLimit ? 'due_soon' : null;
      if (!kind) continue;
      const id = await repo.insertReminder(this.db, { requestId: c.id, kind, dueDate: due, departmentId: c.department_id, subjectLine: requestReminderSubject(kind, c.ref_no, due), at });
      if (id !== null) s.created++;
    }
    for (const r of await repo.undeliveredReminders(this.db, MAX_ATTEMPTS)) {
      const to = r.department_id !== null ? await repo.departmentStaffEmails(this.db, r.department_id) : [];
      const attempts = r.attempts + 1;
      if (!to.length) {
        await repo.markReminder(this.db, r.id, { status: 'no_recipients', attempts, recipients: [], sent_at: null, error: null });
        s.noRecipients++;
        continue;
      }
      try {
        await this.mailer.send({ to, subject: r.subject_line, text: text(r, this.baseUrl) });
        const status = this.mailer.kind === 'smtp' ? 'sent' : 'logged';
        await repo.markReminder(this.db, r.id, { status, attempts, recipients: to, sent_at: status === 'sent' ? new Date().toISOString() : null, error: null });
        if (status === 'sent') s.sent++;
        else s.logged++;
      } catch (e) {
        await repo.markReminder(this.db, r.id, { status: 'failed', attempts, recipients: to, sent_at: null, error: String((e as Error).message ?? e).slice(0, 500) });
        s.failed++;
      }
    }
    return s;
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
