// Public feedback (留言/异议) on disclosures and projects: filed anonymously from the public page,
// routed to the responsible department (the disclosure's or the project's), answered in the
// console within a configurable number of working days on the official calendar, shown publicly
// under the page unless private. Contact details are never public; the message is run through
// the privacy detector and masked before public display. Every change is an event ('feedback').
import crypto from 'node:crypto';
import { CalendarUnknownError, type WorkingCalendar } from '../../calendar/index.ts';
import type { Db, Executor } from '../../db/index.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../domain/errors.ts';
import { isOffice, type Principal } from '../accounts/service.ts';
import type { DisclosureService } from '../disclosures/service.ts';
import { todayInChina } from '../disclosures/service.ts';
import { appendEvent } from '../events/service.ts';
import { maskPersonalInfo } from '../privacy/masking.ts';
import { getProject } from '../projects/service.ts';
import * as repo from './repository.ts';
import { FEEDBACK_LIMITS, answeredAfterThreeMonths, isPublic, statusOf, validateFeedback, type FeedbackInput, type FeedbackStatus } from './rules.ts';

export type TargetKind = 'disclosure' | 'project';

export interface FeedbackOptions {
  /** Working days the department has to answer (FEEDBACK_REPLY_WORKING_DAYS, default 5). */
  replyWorkingDays: number;
}

export const hashIp = (ip: string) => crypto.createHash('sha256').update(`gongkai-feedback|${ip}`).digest('hex');

/** The reply due date: n working days after the day of receipt (民法典 201: that day not counted); null beyond the known calendar. */
export function replyDue(cal: WorkingCalendar, submittedDate: string, n: number): string | null {
  try {
    return cal.addWorkingDays(submittedDate, n);
  } catch (e) {
    if (e instanceof CalendarUnknownError) return null;
    throw e;
  }
}

export class FeedbackService {
  constructor(
    private readonly db: Db,
    private readonly disclosures: Pick<DisclosureService, 'getPublic'>,
    private readonly calendar: () => WorkingCalendar,
    readonly opts: FeedbackOptions,
  ) {}

  /** The responsible department of a public disclosure or project (404 if not public). */
  async target(kind: TargetKind, id: number): Promise<{ departmentId: number; title: string; url: string }> {
    if (kind === 'disclosure') {
      const { disclosure: d, versions } = await this.disclosures.getPublic(id);
      return { departmentId: d.department_id, title: versions.find((v) => v.version === d.version)?.title ?? versions[versions.length - 1]?.title ?? '', url: `/disclosures/${id}` };
    }
    const p = await getProject(this.db, id);
    return { departmentId: p.department_id, title: p.title, url: `/projects/${id}` };
  }

  async submit(kind: TargetKind, targetId: number, input: FeedbackInput, ip: string, honeypot: string, now = new Date()): Promise<{ id: number; dueDate: string | null }> {
    // A filled hidden field is a bot; the message is deliberately plain.
    if (honeypot.trim() !== '') throw new AppError(400, 'rejected', '提交未通过校验，请刷新页面后重新填写。');
    const ipHash = hashIp(ip);
    const since = new Date(now.getTime() - 3600_000).toISOString();
    if ((await repo.countByIpSince(this.db, ipHash, since)) >= FEEDBACK_LIMITS.perIpPerHour) {
      throw new AppError(429, 'rate_limited', '提交过于频繁，请一小时后再试。');
    }
    const t = await this.target(kind, targetId);
    const v = validateFeedback(input);
    if (!v.ok) throw invalid(v.errors);
    const at = now.toISOString();
    const today = todayInChina(now);
    const days = this.opts.replyWorkingDays;
    const dueDate = replyDue(this.calendar(), today, days);
    const id = await this.db.transaction().execute(async (trx) => {
      const id = await repo.insertFeedback(trx, {
        target_kind: kind, target_id: targetId, department_id: t.departmentId, name: v.value.name, contact: v.value.contact, wants_reply: v.value.wantsReply ? 1 : 0,
        message: v.value.message, public_requested: v.value.publicRequested ? 1 : 0, staff_private: 0, state: 'pending', submitted_at: at, submitted_date: today,
        reply_days: days, due_date: dueDate, answer: null, answered_at: null, answered_date: null, answered_by: null, ip_hash: ipHash, updated_at: at,
      });
      // The event carries no personal data: name and contact stay in the row only.
      await appendEvent(trx, { at, actorId: null, entity: 'feedback', entityId: id, action: 'submit', data: { target: kind, targetId, departmentId: t.departmentId, dueDate, replyWorkingDays: days, public: v.value.publicRequested } });
      return id;
    });
    return { id, dueDate };
  }

  /** Answered public messages under a page, personal data masked; never names or contacts. */
  async publicFor(kind: TargetKind, id: number) {
    const rows = await repo.listPublic(this.db, kind, id);
    return rows.map((r) => ({ id: r.id, message: maskPersonalInfo(r.message), answer: maskPersonalInfo(r.answer ?? ''), submittedDate: r.submitted_date, answeredDate: r.answered_date, departmentName: r.department_name }));
  }

  private scope(p: Principal): number[] | undefined {
    return isOffice(p) ? undefined : [...new Set(p.memberships.map((m) => m.departmentId))];
  }

  async listForStaff(p: Principal, o: { state?: 'pending' | 'answered' } = {}, today = todayInChina()) {
    const rows = await repo.listForStaff(this.db, this.scope(p), o);
    return rows.map((r) => ({ ...r, status: statusOf({ ...r, answered_date: r.answered_date }, today) }));
  }

  /** Counts for the console and the office dashboard (19号: over 3 months unanswered). */
  async overview(p: Principal, today = todayInChina()) {
    const all = await this.listForStaff(p, {}, today);
    const rows = all.filter((r) => r.state === 'pending');
    const count = (k: FeedbackStatus['kind']) => rows.filter((r) => r.status.kind === k).length;
    const answeredLate = all.filter((r) => answeredAfterThreeMonths(r, today)).length;
    return { pending: rows.length, overdue: count('overdue'), stale: count('stale'), dueSoon: count('due_soon'), answeredLate, staleRows: rows.filter((r) => r.status.kind === 'stale') };
  }

  async detail(p: Principal, id: number, today = todayInChina()) {
    const r = await repo.findFeedback(this.db, id);
    if (!r) throw notFound('留言');
    if (!isOffice(p) && !p.memberships.some((m) => m.departmentId === r.department_id)) throw forbidden('只能查看本单位收到的留言');
    return { ...r, status: statusOf(r, today), public: isPublic(r), maskedMessage: maskPersonalInfo(r.message) };
  }

  async answer(p: Principal, id: number, text: string, markPrivate: boolean, now = new Date()): Promise<void> {
    const r = await this.detail(p, id);
    if (r.state === 'answered') throw conflict('该留言已答复');
    const answer = text.trim();
    if (!answer) throw invalid([{ field: 'answer', message: '请填写答复内容', code: 'required' }]);
    if (answer.length > FEEDBACK_LIMITS.answer) throw invalid([{ field: 'answer', message: `答复内容不能超过${FEEDBACK_LIMITS.answer}个字`, code: 'too_long' }]);
    const at = now.toISOString();
    const today = todayInChina(now);
    await this.db.transaction().execute(async (trx) => {
      await repo.updateFeedback(trx, id, { state: 'answered', answer, answered_at: at, answered_date: today, answered_by: p.userId, staff_private: markPrivate ? 1 : r.staff_private, updated_at: at });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'feedback', entityId: id, action: 'answer', data: { late: !!(r.due_date && today > r.due_date), private: markPrivate || r.staff_private === 1 } });
    });
  }

  /** Staff may keep an answer off the public page (e.g. it concerns one person); the asker's own choice of private stands. */
  async setPrivate(p: Principal, id: number, priv: boolean, reason: string): Promise<void> {
    const r = await this.detail(p, id);
    if ((r.staff_private === 1) === priv) return;
    if (priv && !reason.trim()) throw invalid([{ field: 'reason', message: '请说明不公开的理由', code: 'required' }]);
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await repo.updateFeedback(trx, id, { staff_private: priv ? 1 : 0, updated_at: at });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'feedback', entityId: id, action: priv ? 'make_private' : 'make_public', reason: reason.trim().slice(0, 500) || null });
    });
  }

  /** For the seed: stores a message as if filed on `date` (same rows and events as the form). */
  async seedOne(ex: Executor, v: { kind: TargetKind; targetId: number; departmentId: number; message: string; publicRequested: boolean; date: string; answer?: { text: string; date: string; by: number; private?: boolean } }): Promise<number> {
    const at = `${v.date}T02:00:00.000Z`;
    const days = this.opts.replyWorkingDays;
    const dueDate = replyDue(this.calendar(), v.date, days);
    const id = await repo.insertFeedback(ex, {
      target_kind: v.kind, target_id: v.targetId, department_id: v.departmentId, name: '', contact: '', wants_reply: 0, message: v.message, public_requested: v.publicRequested ? 1 : 0,
      staff_private: 0, state: 'pending', submitted_at: at, submitted_date: v.date, reply_days: days, due_date: dueDate, answer: null, answered_at: null, answered_date: null, answered_by: null, ip_hash: hashIp('seed'), updated_at: at,
    });
    await appendEvent(ex, { at, actorId: null, entity: 'feedback', entityId: id, action: 'submit', data: { target: v.kind, targetId: v.targetId, departmentId: v.departmentId, dueDate, replyWorkingDays: days, public: v.publicRequested, seed: true } });
    if (v.answer) {
      const aat = `${v.answer.date}T03:00:00.000Z`;
      await repo.updateFeedback(ex, id, { state: 'answered', answer: v.answer.text, answered_at: aat, answered_date: v.answer.date, answered_by: v.answer.by, staff_private: v.answer.private ? 1 : 0, updated_at: aat });
      await appendEvent(ex, { at: aat, actorId: v.answer.by, entity: 'feedback', entityId: id, action: 'answer', data: { late: !!(dueDate && v.answer.date > dueDate), private: !!v.answer.private, seed: true } });
    }
    return id;
  }
}
