// One pass of a deadline-reminder job, shared by the disclosure/obligation reminders (reminders.ts)
// and the request reminders (requests/reminders.ts): record a reminder for every open item due
// within DUE_SOON working days or overdue – once, the caller's unique key in the database decides –
// then deliver every undelivered one by mail, retrying a failed one on later runs up to
// maxAttempts. No SQL here: each module brings its own queries (its repository), subjects and texts.
import { CalendarUnknownError, type WorkingCalendar } from '../../calendar/index.ts';
import { todayInChina } from '../disclosures/service.ts';
import type { Mailer } from './mailer.ts';

export type ReminderKind = 'due_soon' | 'overdue';

export interface ReminderRunSummary {
  today: string;
  candidates: number;
  created: number;
  sent: number;
  logged: number;
  noRecipients: number;
  failed: number;
}

export interface DeliveryMark {
  status: 'sent' | 'failed' | 'logged' | 'no_recipients';
  attempts: number;
  recipients: string[];
  sent_at: string | null;
  error: string | null;
}

/** A recorded reminder not yet delivered. */
export interface PendingReminder {
  id: number;
  attempts: number;
  subject_line: string;
}

/** A module's side of the run: C an open item with a due date, R a row of its reminders table. */
export interface ReminderSource<C, R extends PendingReminder> {
  /** Open items due on or before `limit`, a date. */
  candidates(limit: string): Promise<C[]>;
  dueDate(c: C): string;
  /** Records the reminder; null when it exists already (the unique key). */
  record(c: C, kind: ReminderKind, at: string): Promise<number | null>;
  undelivered(maxAttempts: number): Promise<R[]>;
  recipients(r: R): Promise<string[]>;
  text(r: R): string;
  mark(id: number, m: DeliveryMark): Promise<void>;
}

export interface ReminderRunOptions {
  calendar: () => WorkingCalendar;
  mailer: Mailer;
  dueSoonWorkingDays: number;
  maxAttempts: number;
}

/** Which reminder, if any, an open item is due on `today` (soonLimit: today + N working days). */
export function reminderKind(due: string, today: string, soonLimit: string | null): ReminderKind | null {
  if (due < today) return 'overdue';
  if (soonLimit !== null && due <= soonLimit) return 'due_soon';
  return null;
}

/** One pass: records due reminders and delivers undelivered ones. Idempotent. */
export async function runReminders<C, R extends PendingReminder>(o: ReminderRunOptions, src: ReminderSource<C, R>, now: Date): Promise<ReminderRunSummary> {
  const today = todayInChina(now);
  let soonLimit: string | null;
  try {
    soonLimit = o.calendar().addWorkingDays(today, o.dueSoonWorkingDays);
  } catch (e) {
    if (!(e instanceof CalendarUnknownError)) throw e;
    soonLimit = null; // the calendar ends before today + N working days: only overdue reminders
  }
  const candidates = await src.candidates(soonLimit ?? today);
  const summary: ReminderRunSummary = { today, candidates: candidates.length, created: 0, sent: 0, logged: 0, noRecipients: 0, failed: 0 };
  const at = now.toISOString();
  for (const c of candidates) {
    const kind = reminderKind(src.dueDate(c), today, soonLimit);
    if (!kind) continue;
    if ((await src.record(c, kind, at)) !== null) summary.created++;
  }
  for (const r of await src.undelivered(o.maxAttempts)) {
    const to = await src.recipients(r);
    const attempts = r.attempts + 1;
    if (!to.length) {
      await src.mark(r.id, { status: 'no_recipients', attempts, recipients: [], sent_at: null, error: null });
      summary.noRecipients++;
      continue;
    }
    try {
      await o.mailer.send({ to, subject: r.subject_line, text: src.text(r) });
      // Without SMTP_URL the mailer only logs: the reminder stays a console notification.
      const status = o.mailer.kind === 'smtp' ? 'sent' : 'logged';
      await src.mark(r.id, { status, attempts, recipients: to, sent_at: status === 'sent' ? new Date().toISOString() : null, error: null });
      if (status === 'sent') summary.sent++;
      else summary.logged++;
    } catch (e) {
      await src.mark(r.id, { status: 'failed', attempts, recipients: to, sent_at: null, error: String((e as Error).message ?? e).slice(0, 500) });
      summary.failed++;
    }
  }
  return summary;
}
