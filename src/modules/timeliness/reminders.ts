// Reminders: 3 working days before a due date and on the day after it was missed, to the
// responsible department – in the console (the reminders table is the notification list) and by
// e-mail. The unique key (subject × id × kind × due date) in the database makes each reminder
// happen once, however often and on however many instances the job runs; a reminder whose mail
// failed (or whose run crashed before sending) is retried up to MAX_ATTEMPTS times.
import type { WorkingCalendar } from '../../calendar/index.ts';
import type { Db } from '../../db/index.ts';
import { isOffice, type Principal } from '../accounts/service.ts';
import { DUE_SOON_WORKING_DAYS } from './due.ts';
import type { Mailer } from './mailer.ts';
import { runReminders, type ReminderKind as Kind, type ReminderRunSummary } from './reminder-run.ts';
import * as repo from './repository-obligations.ts';

export { reminderKind } from './reminder-run.ts';
export type { ReminderRunSummary };

export const MAX_ATTEMPTS = 5;

export function reminderSubject(kind: Kind, title: string, due: string): string {
  return kind === 'overdue' ? `【公开逾期提醒】“${title}”已超过公开期限（${due}）` : `【公开期限提醒】“${title}”将于 ${due} 到期`;
}

function reminderText(r: { kind: string; subject: string; subject_id: number; title: string; due_date: string }, baseUrl: string): string {
  const what = r.subject === 'obligation' ? '已登记的待公开信息' : '尚未发布的信息';
  const link = `${baseUrl}${r.subject === 'obligation' ? '/admin/obligations/' : '/admin/disclosures/'}${r.subject_id}`;
  const head = r.kind === 'overdue' ? `${what}“${r.title}”的公开期限 ${r.due_date} 已过，目前仍未公开。请尽快完成审核并发布，或在系统中说明情况。` : `${what}“${r.title}”的公开期限为 ${r.due_date}（${DUE_SOON_WORKING_DAYS}个工作日内到期），请及时完成审核并发布。`;
  return `${head}\n\n查看：${link}\n\n依据：《政府信息公开条例》第二十六条及各信息类型的公开时限规定。本邮件由公共资源配置领域信息公开平台自动发送。`;
}

export class ReminderService {
  constructor(
    private readonly db: Db,
    private readonly calendar: () => WorkingCalendar,
    private readonly mailer: Mailer,
    private readonly baseUrl: string,
  ) {}

  /** One pass: records new reminders and delivers every undelivered one. Idempotent. */
  run(now: Date = new Date()): Promise<ReminderRunSummary> {
    const { db, baseUrl } = this;
    return runReminders({ calendar: this.calendar, mailer: this.mailer, dueSoonWorkingDays: DUE_SOON_WORKING_DAYS, maxAttempts: MAX_ATTEMPTS }, {
      candidates: (limit) => repo.reminderCandidates(db, limit),
      dueDate: (c) => c.due_date,
      record: (c, kind, at) => repo.insertReminder(db, { subject: c.subject, subjectId: c.id, kind, dueDate: c.due_date, departmentId: c.department_id, title: c.title, subjectLine: reminderSubject(kind, c.title, c.due_date), at }),
      undelivered: (max) => repo.undeliveredReminders(db, max),
      recipients: (r) => repo.departmentEmails(db, r.department_id),
      text: (r) => reminderText(r, baseUrl),
      mark: (id, m) => repo.markReminder(db, id, m),
    }, now);
  }

  /** The console's notification list: the principal's departments (office: all), last 60 days. */
  listFor(p: Principal, limit = 200) {
    const since = new Date(Date.now() - 60 * 86_400_000).toISOString();
    const departmentIds = isOffice(p) ? undefined : [...new Set(p.memberships.map((m) => m.departmentId))];
    return repo.listReminders(this.db, { departmentIds, since, limit });
  }
}
