// Public feedback (留言/异议) rules, pure: validation of the public form, the reply clock's status
// and what may be shown publicly.
//
// Bases: 国办发〔2017〕97号 and the district plan ask for public-opinion monitoring and response
// (RULES.md §1 保障措施); 国办秘函〔2019〕19号 fails a government website with "a public question
// unanswered for over 3 months in the past year" (RULES.md §9) – hence the 3-month flag.
import type { ErrorDetail } from '../../domain/errors.ts';
import { monthsBefore } from '../timeliness/columns.ts';

export const FEEDBACK_LIMITS = {
  name: 50,
  contact: 100,
  messageMin: 5,
  message: 2000,
  answer: 5000,
  /** Messages accepted per client IP per hour (kept in the database: holds across instances). */
  perIpPerHour: 5,
} as const;

/** 19号: unanswered for over 3 months is an automatic website-inspection failure. */
export const STALE_MONTHS = 3;

export interface FeedbackInput {
  name: string;
  contact: string;
  wantsReply: boolean;
  message: string;
  visibility: string;
}

export interface FeedbackValue {
  name: string;
  contact: string;
  wantsReply: boolean;
  message: string;
  publicRequested: boolean;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

export function validateFeedback(i: FeedbackInput): { ok: true; value: FeedbackValue } | { ok: false; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const name = i.name.trim();
  const contact = i.contact.trim().replace(/\s+/g, '');
  const message = i.message.trim();
  if (name.length > FEEDBACK_LIMITS.name) errors.push({ field: 'name', message: `姓名或称呼不能超过${FEEDBACK_LIMITS.name}个字`, code: 'too_long' });
  if (contact.length > FEEDBACK_LIMITS.contact) errors.push({ field: 'contact', message: `联系方式不能超过${FEEDBACK_LIMITS.contact}个字符`, code: 'too_long' });
  else if (contact && !EMAIL.test(contact) && !MOBILE.test(contact.replace(/-/g, '')) && !LANDLINE.test(contact)) {
    errors.push({ field: 'contact', message: '联系方式应为电子邮箱、手机号码（11位）或带区号的固定电话', code: 'invalid' });
  }
  if (i.wantsReply && !contact) errors.push({ field: 'contact', message: '需要单独答复的，请填写电子邮箱或电话', code: 'required' });
  if (!message) errors.push({ field: 'message', message: '请填写留言内容', code: 'required' });
  else if (message.length < FEEDBACK_LIMITS.messageMin) errors.push({ field: 'message', message: `留言内容至少${FEEDBACK_LIMITS.messageMin}个字`, code: 'too_short' });
  else if (message.length > FEEDBACK_LIMITS.message) errors.push({ field: 'message', message: `留言内容不能超过${FEEDBACK_LIMITS.message}个字（当前${message.length}个字）`, code: 'too_long' });
  if (i.visibility !== 'public' && i.visibility !== 'private') errors.push({ field: 'visibility', message: '请选择答复是否公开', code: 'required' });
  return errors.length ? { ok: false, errors } : { ok: true, value: { name, contact, wantsReply: i.wantsReply, message, publicRequested: i.visibility === 'public' } };
}

export type FeedbackStatus =
  | { kind: 'answered'; late: boolean }
  | { kind: 'pending' }
  | { kind: 'due_soon' }
  | { kind: 'overdue' }
  | { kind: 'stale' }
  | { kind: 'unknown' };

export const STATUS_NAMES: Record<FeedbackStatus['kind'], string> = {
  answered: '已答复',
  pending: '待答复',
  due_soon: '即将到期',
  overdue: '已逾期',
  stale: '超过3个月未答复',
  unknown: '待答复（期限超出已知日历）',
};

/** Where a message stands on `today`: stale (19号) beats overdue beats due soon (2 days). */
export function statusOf(r: { state: string; submitted_date: string; due_date: string | null; answered_date: string | null }, today: string): FeedbackStatus {
  if (r.state === 'answered') return { kind: 'answered', late: !!(r.due_date && r.answered_date && r.answered_date > r.due_date) };
  if (r.submitted_date < monthsBefore(today, STALE_MONTHS)) return { kind: 'stale' };
  if (!r.due_date) return { kind: 'unknown' };
  if (today > r.due_date) return { kind: 'overdue' };
  const soon = new Date(Date.parse(`${today}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 10);
  return r.due_date <= soon ? { kind: 'due_soon' } : { kind: 'pending' };
}

/** Shown publicly only when answered, the asker chose public and staff did not mark it private. */
export function isPublic(r: { state: string; public_requested: number; staff_private: number }): boolean {
  return r.state === 'answered' && r.public_requested === 1 && r.staff_private === 0;
}

/**
 * 19号 counts a question "unanswered for over 3 months in the past year" even once it has been
 * answered: answered in the last 12 months, more than 3 months after it was received.
 */
export function answeredAfterThreeMonths(r: { state: string; submitted_date: string; answered_date: string | null }, today: string): boolean {
  if (r.state !== 'answered' || !r.answered_date) return false;
  return r.answered_date >= monthsBefore(today, 12) && r.submitted_date < monthsBefore(r.answered_date, STALE_MONTHS);
}
