// The statutory clock of a disclosure request, as a fold over its events. Pure: the calendar is
// passed in; the same fold validates a proposed step (the service folds history + the new step and
// refuses it if this throws) and explains every move of the due date to the applicant.
//
// 政府信息公开条例 (2019):
// - 第三十三条: 行政机关不能当场答复的，应当自收到申请之日起20个工作日内予以答复；需要延长答复期限的，
//   应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日。
//   行政机关征求第三方和其他机关意见所需时间不计算在前款规定的期限内。
// - 第三十条: 内容不明确的，应当自收到申请之日起7个工作日内一次性告知申请人作出补正，说明需要补正的
//   事项和合理的补正期限。答复期限自行政机关收到补正的申请之日起计算。申请人无正当理由逾期不补正的，
//   视为放弃申请，行政机关不再处理该政府信息公开申请。
// - 第三十二条: 第三方应当自收到征求意见书之日起15个工作日内提出意见。
// - 第四十二条 / 国办函〔2020〕109号: unpaid fee within 20 working days of the notice = not processed.
//
// Counting (民法典 201, RULES.md §10): working days are counted from the day after the start. A
// pause started on day P and ended on day R is not counted for the working days in (P, R]: P itself
// was a counted day, R is the new "start". So the due date is
//     periodStart + (20 + extension + credited paused working days) working days,
// which is the same as counting only unpaused days. A pause that starts after the due date has
// passed gives no days back: an answer already late does not become timely by consulting.
import { CalendarUnknownError, getRule, isIsoDate, type IsoDate, type WorkingCalendar } from '../../calendar/index.ts';
import type { ResultItem } from '../annual-report/table3.ts';
import { CLOSURE_RESULTS } from './answer-types.ts';
import { FEE_SCHEME_NAMES, formatFen, type FeeScheme } from './fees.ts';

export const ANSWER_WORKING_DAYS = getRule('request-answer-20wd').count;
export const CLARIFY_NOTICE_WORKING_DAYS = getRule('request-clarification-7wd').count;
export const EXTENSION_MAX_WORKING_DAYS = getRule('request-extension-20wd').count;
export const THIRD_PARTY_WORKING_DAYS = getRule('request-third-party-15wd').count;
/** 条例 第四十二条 / 国办函〔2020〕109号: the fee is paid within 20 working days of the notice. */
export const FEE_PAY_WORKING_DAYS = 20;
/** The 补正 period is set by the agency ("合理的补正期限"); the form suggests this many working days. */
export const DEFAULT_CLARIFY_WORKING_DAYS = 15;

/**
 * Whether the time between a fee notice and payment is left out of the answer period. RULES.md does
 * not state it (it says only "unpaid within 20 working days = abandoned"); 109号 is commonly read so
 * (unverified) – configurable, default on.
 */
export const FEE_PAUSES_CLOCK_DEFAULT = true;

export type ConsultParty = 'third_party' | 'agency';
export const CONSULT_PARTY_NAMES: Record<ConsultParty, string> = { third_party: '第三方', agency: '其他机关' };

export type ClockEvent =
  | { kind: 'submit'; date: IsoDate }
  | { kind: 'receive'; date: IsoDate; basis?: string }
  | { kind: 'route'; date: IsoDate; department: string }
  | { kind: 'clarify'; date: IsoDate; until: IsoDate }
  | { kind: 'clarified'; date: IsoDate }
  | { kind: 'clarify_lapsed'; date: IsoDate }
  | { kind: 'consult'; date: IsoDate; id: string; party: ConsultParty; name?: string }
  | { kind: 'consulted'; date: IsoDate; id: string }
  | { kind: 'extend'; date: IsoDate; days: number; approver: string }
  | { kind: 'fee_notice'; date: IsoDate; amountFen: number; scheme: FeeScheme; quantity: number }
  | { kind: 'fee_paid'; date: IsoDate }
  | { kind: 'fee_lapsed'; date: IsoDate }
  | { kind: 'answer'; date: IsoDate; answerType: string; result: ResultItem }
  | { kind: 'withdraw'; date: IsoDate };

export type ClockEventKind = ClockEvent['kind'];
export const CLOCK_EVENT_KINDS: readonly ClockEventKind[] = ['submit', 'receive', 'route', 'clarify', 'clarified', 'clarify_lapsed', 'consult', 'consulted', 'extend', 'fee_notice', 'fee_paid', 'fee_lapsed', 'answer', 'withdraw'];

/** A step the law does not allow at this point; the message is Chinese and names the article. */
export class ClockError extends Error {
  readonly code = 'clock_rule';
}

export type RequestState = 'submitted' | 'in_progress' | 'clarification' | 'consulting' | 'fee_pending' | 'answered' | 'closed';
export const REQUEST_STATE_NAMES: Record<RequestState, string> = {
  submitted: '已提交，待确认收到',
  in_progress: '办理中',
  clarification: '待申请人补正',
  consulting: '征求意见中（暂停计时）',
  fee_pending: '待缴纳信息处理费',
  answered: '已答复',
  closed: '已终止',
};

export interface TimelineEntry {
  date: IsoDate;
  kind: ClockEventKind;
  /** Chinese, for the applicant: what happened and what it did to the due date. */
  text: string;
  /** The due date after this step (null while paused, waiting for 补正, or closed). */
  due: IsoDate | null;
  basis: string;
}

export interface ClockResult {
  state: RequestState;
  receivedDate: IsoDate | null;
  /** The day the answer period counts from: receipt, or receipt of the completed request (补正). */
  periodStart: IsoDate | null;
  allowedWorkingDays: number;
  /** Paused working days credited to the current period (条例 第三十三条第二款, fee notices). */
  creditedWorkingDays: number;
  totalPausedWorkingDays: number;
  dueDate: IsoDate | null;
  dueStatus: 'not_started' | 'running' | 'paused' | 'waiting' | 'closed' | 'calendar_unknown';
  pausedSince: IsoDate | null;
  pauseReasons: ('third_party' | 'agency' | 'fee')[];
  clarification: { noticeBy: IsoDate | null; date: IsoDate | null; until: IsoDate | null; completed: IsoDate | null };
  consultations: { id: string; party: ConsultParty; name: string; date: IsoDate; replyDue: IsoDate | null; ended: IsoDate | null }[];
  extension: { date: IsoDate; days: number; approver: string } | null;
  fee: { date: IsoDate; amountFen: number; scheme: FeeScheme; quantity: number; payBy: IsoDate | null; paid: IsoDate | null } | null;
  closedDate: IsoDate | null;
  outcome: ResultItem | null;
  answerType: string | null;
  /** Closed after the due date in force at that moment. */
  late: boolean;
  dueAtClose: IsoDate | null;
  timeline: TimelineEntry[];
}

const A = '《政府信息公开条例》';
const BASIS = {
  receive: `${A}第三十一条、第三十三条`,
  clarify: `${A}第三十条`,
  consult: `${A}第三十二条、第三十三条第二款`,
  extend: `${A}第三十三条`,
  fee: `${A}第四十二条；国办函〔2020〕109号`,
  answer: `${A}第三十六条`,
  withdraw: A,
} as const;

export interface ClockOptions {
  feePausesClock?: boolean;
}

export function foldClock(events: readonly ClockEvent[], cal: WorkingCalendar, opts: ClockOptions = {}): ClockResult {
  const feePauses = opts.feePausesClock ?? FEE_PAUSES_CLOCK_DEFAULT;
  const r: ClockResult = {
    state: 'submitted', receivedDate: null, periodStart: null, allowedWorkingDays: ANSWER_WORKING_DAYS, creditedWorkingDays: 0, totalPausedWorkingDays: 0,
    dueDate: null, dueStatus: 'not_started', pausedSince: null, pauseReasons: [], clarification: { noticeBy: null, date: null, until: null, completed: null },
    consultations: [], extension: null, fee: null, closedDate: null, outcome: null, answerType: null, late: false, dueAtClose: null, timeline: [],
  };
  type Phase = 'none' | 'submitted' | 'running' | 'clarification' | 'closed';
  let phase: Phase = 'none';
  // Read through a function: `close` (a closure) changes the phase, which flow analysis cannot see.
  const ph = (): Phase => phase;
  let unknown = false;
  const open = new Map<string, 'third_party' | 'agency' | 'fee'>();
  let pauseCredited = true;
  let last: IsoDate | null = null;

  const tryCal = <T>(f: () => T): T | null => {
    try {
      return f();
    } catch (e) {
      if (e instanceof CalendarUnknownError) return null;
      throw e;
    }
  };
  const addWd = (d: IsoDate, n: number) => tryCal(() => cal.addWorkingDays(d, n));
  const currentDue = (): IsoDate | null => {
    if (!r.periodStart) return null;
    const d = addWd(r.periodStart, r.allowedWorkingDays + r.creditedWorkingDays);
    unknown = d === null;
    return d;
  };
  const push = (e: ClockEvent, text: string, basis: string, due: IsoDate | null) => r.timeline.push({ date: e.date, kind: e.kind, text, due, basis });
  const dueText = (d: IsoDate | null) => (d ? `答复期限为 ${d}` : '答复期限暂无法计算（工作日历未覆盖相关年份）');
  const fail = (m: string): never => {
    throw new ClockError(m);
  };
  const requireRunning = (what: string) => {
    if (ph() === 'none' || ph() === 'submitted') fail(`尚未确认收到申请，不能${what}`);
    if (ph() === 'clarification') fail(`申请人补正期间不能${what}（${BASIS.clarify}）`);
    if (ph() === 'closed') fail(`申请已办结，不能${what}`);
  };
  const startPause = (e: ClockEvent, id: string, reason: 'third_party' | 'agency' | 'fee') => {
    if (open.size === 0) {
      const due = currentDue();
      pauseCredited = due === null || e.date <= due;
      r.pausedSince = e.date;
    }
    open.set(id, reason);
  };
  /** Ends one pause; when none is left, credits the paused working days. Returns the days credited. */
  const endPause = (date: IsoDate, id: string): number => {
    open.delete(id);
    if (open.size > 0 || !r.pausedSince) return 0;
    const n = pauseCredited ? (tryCal(() => cal.workingDaysBetween(r.pausedSince!, date)) ?? 0) : 0;
    r.creditedWorkingDays += n;
    r.totalPausedWorkingDays += n;
    r.pausedSince = null;
    return n;
  };
  const close = (e: ClockEvent, outcome: ResultItem) => {
    for (const id of [...open.keys()]) endPause(e.date, id);
    const due = currentDue();
    r.dueAtClose = due;
    r.late = due !== null && e.date > due;
    r.closedDate = e.date;
    r.outcome = outcome;
    phase = 'closed';
  };

  for (const e of events) {
    if (!isIsoDate(e.date)) fail(`日期“${String(e.date)}”无效`);
    if (last && e.date < last) fail(`日期 ${e.date} 早于上一步骤的日期 ${last}`);
    last = e.date;
    switch (e.kind) {
      case 'submit':
        if (ph() !== 'none') fail('申请只能提交一次');
        phase = 'submitted';
        push(e, '通过网上平台提交申请，待受理机关确认收到（以双方确认之日为收到申请之日）', BASIS.receive, null);
        break;
      case 'receive': {
        if (ph() !== 'none' && ph() !== 'submitted') fail('已确认收到申请');
        phase = 'running';
        r.receivedDate = r.periodStart = e.date;
        r.clarification.noticeBy = addWd(e.date, CLARIFY_NOTICE_WORKING_DAYS);
        const due = currentDue();
        push(e, `收到申请${e.basis ? `（${e.basis}）` : ''}，自次日起计算，${ANSWER_WORKING_DAYS}个工作日内答复；${dueText(due)}`, BASIS.receive, due);
        break;
      }
      case 'route':
        if (ph() === 'closed') fail('申请已办结');
        push(e, `转交${e.department}办理`, A, ph() === 'running' && open.size === 0 ? currentDue() : null);
        break;
      case 'clarify': {
        requireRunning('发出补正通知');
        if (r.clarification.date) fail(`补正通知只能一次性发出（${BASIS.clarify}）`);
        if (r.extension) fail('已延长答复期限，不能再要求补正');
        if (open.size) fail('征求意见或缴费期间不能要求补正');
        const by = r.clarification.noticeBy;
        if (by === null) fail('工作日历未覆盖收到申请后的7个工作日，无法核验补正通知期限');
        if (e.date > by!) fail(`补正通知应当自收到申请之日起${CLARIFY_NOTICE_WORKING_DAYS}个工作日内（${by}前）一次性发出（${BASIS.clarify}）`);
        if (!isIsoDate(e.until) || e.until <= e.date) fail('补正期限应晚于补正通知日期');
        r.clarification.date = e.date;
        r.clarification.until = e.until;
        phase = 'clarification';
        push(e, `告知申请人补正，补正期限至 ${e.until}；答复期限自收到补正后的申请之日起重新计算`, BASIS.clarify, null);
        break;
      }
      case 'clarified': {
        if (ph() !== 'clarification') fail('没有待补正的通知');
        r.clarification.completed = e.date;
        r.periodStart = e.date;
        r.creditedWorkingDays = 0;
        phase = 'running';
        const due = currentDue();
        push(e, `收到补正后的申请${e.date > r.clarification.until! ? '（逾期补正，本机关认为有正当理由，予以受理）' : ''}，答复期限重新计算：${dueText(due)}`, BASIS.clarify, due);
        break;
      }
      case 'clarify_lapsed':
        if (ph() !== 'clarification') fail('没有待补正的通知');
        if (e.date <= r.clarification.until!) fail(`补正期限（${r.clarification.until}）届满后才能认定逾期未补正`);
        close(e, CLOSURE_RESULTS.clarifyLapsed);
        push(e, '申请人无正当理由逾期未补正，视为放弃申请，不再处理', BASIS.clarify, null);
        break;
      case 'consult': {
        requireRunning('征求意见');
        if (r.consultations.some((c) => c.id === e.id)) fail('征求意见编号重复');
        const dueBefore = currentDue();
        startPause(e, `c:${e.id}`, e.party);
        const replyDue = e.party === 'third_party' ? addWd(e.date, THIRD_PARTY_WORKING_DAYS) : null;
        r.consultations.push({ id: e.id, party: e.party, name: e.name ?? '', date: e.date, replyDue, ended: null });
        const credit = pauseCredited ? '征求意见所需时间不计入答复期限，暂停计算' : `已超过答复期限（${dueBefore}），征求意见时间不再扣除`;
        push(e, `书面征求${CONSULT_PARTY_NAMES[e.party]}${e.name ? `（${e.name}）` : ''}意见${replyDue ? `，第三方应于 ${replyDue} 前提出意见` : ''}；${credit}`, BASIS.consult, null);
        break;
      }
      case 'consulted': {
        const c = r.consultations.find((x) => x.id === e.id && !x.ended);
        if (!c || ph() === 'closed') fail('没有该项进行中的征求意见');
        c!.ended = e.date;
        const n = endPause(e.date, `c:${e.id}`);
        const due = open.size ? null : currentDue();
        push(e, `收到${CONSULT_PARTY_NAMES[c!.party]}意见${open.size ? '（仍有其他事项暂停计时）' : `，恢复计算${n ? `，暂停的 ${n} 个工作日不计入` : ''}；${dueText(due)}`}`, BASIS.consult, due);
        break;
      }
      case 'extend': {
        requireRunning('延长答复期限');
        if (r.extension) fail(`答复期限只能延长一次（${BASIS.extend}）`);
        if (!Number.isInteger(e.days) || e.days < 1 || e.days > EXTENSION_MAX_WORKING_DAYS) fail(`延长的期限最长不得超过${EXTENSION_MAX_WORKING_DAYS}个工作日（${BASIS.extend}）`);
        if (!e.approver.trim()) fail(`延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人（${BASIS.extend}）`);
        const before = open.size ? null : currentDue();
        if (before && e.date > before) fail(`答复期限已于 ${before} 届满，不能再延长（${BASIS.extend}）`);
        r.extension = { date: e.date, days: e.days, approver: e.approver.trim() };
        r.allowedWorkingDays += e.days;
        const due = open.size ? null : currentDue();
        push(e, `经${e.approver.trim()}同意，答复期限延长${e.days}个工作日${due ? `，延至 ${due}` : ''}`, BASIS.extend, due);
        break;
      }
      case 'fee_notice': {
        requireRunning('发出收费通知');
        if (r.fee) fail('已发出过收费通知');
        if (!Number.isSafeInteger(e.amountFen) || e.amountFen <= 0) fail('收费金额应大于0');
        const payBy = addWd(e.date, FEE_PAY_WORKING_DAYS);
        r.fee = { date: e.date, amountFen: e.amountFen, scheme: e.scheme, quantity: e.quantity, payBy, paid: null };
        if (feePauses) startPause(e, 'fee', 'fee');
        push(e, `发出信息处理费收费通知（${FEE_SCHEME_NAMES[e.scheme]}，${formatFen(e.amountFen)}），应于 ${payBy ?? '（日历未覆盖）'} 前缴纳${feePauses ? '；缴费期间不计入答复期限' : ''}`, BASIS.fee, feePauses ? null : currentDue());
        break;
      }
      case 'fee_paid': {
        if (!r.fee || r.fee.paid || ph() === 'closed') fail('没有待缴纳的费用');
        r.fee!.paid = e.date;
        const n = feePauses ? endPause(e.date, 'fee') : 0;
        const due = open.size ? null : currentDue();
        push(e, `申请人已缴纳信息处理费${n ? `，暂停的 ${n} 个工作日不计入` : ''}；${open.size ? '仍有其他事项暂停计时' : dueText(due)}`, BASIS.fee, due);
        break;
      }
      case 'fee_lapsed':
        if (!r.fee || r.fee.paid || ph() === 'closed') fail('没有待缴纳的费用');
        if (r.fee!.payBy && e.date <= r.fee!.payBy) fail(`缴费期限（${r.fee!.payBy}）届满后才能认定逾期未缴费`);
        close(e, CLOSURE_RESULTS.feeLapsed);
        push(e, '申请人逾期未按收费通知缴纳费用，不再处理该申请', BASIS.fee, null);
        break;
      case 'answer':
        requireRunning('作出答复');
        if (e.result === '4.3' && !r.clarification.completed) fail('只有经过补正的申请才能以“补正后申请内容仍不明确”答复');
        r.answerType = e.answerType;
        close(e, e.result);
        push(e, `作出答复${r.late ? `（超过答复期限 ${r.dueAtClose}）` : ''}`, BASIS.answer, null);
        break;
      case 'withdraw':
        if (ph() === 'none' || ph() === 'closed') fail('申请不在办理中');
        close(e, CLOSURE_RESULTS.withdrawn);
        push(e, '申请人撤回申请', BASIS.withdraw, null);
        break;
    }
  }

  r.pauseReasons = [...new Set(open.values())];
  if (ph() === 'none' || ph() === 'submitted') {
    r.state = 'submitted';
    r.dueStatus = 'not_started';
  } else if (ph() === 'closed') {
    r.state = r.outcome && r.answerType ? 'answered' : 'closed';
    r.dueStatus = 'closed';
  } else if (ph() === 'clarification') {
    r.state = 'clarification';
    r.dueStatus = 'waiting';
  } else if (open.size) {
    r.state = r.pauseReasons.some((x) => x !== 'fee') ? 'consulting' : 'fee_pending';
    r.dueStatus = 'paused';
  } else {
    r.state = 'in_progress';
    r.dueDate = currentDue();
    r.dueStatus = unknown ? 'calendar_unknown' : 'running';
  }
  return r;
}

/** Working days still available while the clock is paused (for "剩余 N 个工作日"). */
export function remainingWhilePaused(r: ClockResult, cal: WorkingCalendar): number | null {
  if (r.dueStatus !== 'paused' || !r.periodStart || !r.pausedSince) return null;
  try {
    return r.allowedWorkingDays + r.creditedWorkingDays - cal.workingDaysBetween(r.periodStart, r.pausedSince);
  } catch (e) {
    if (e instanceof CalendarUnknownError) return null;
    throw e;
  }
}

/** Running and past its due date on `today`. */
export function isOverdue(r: ClockResult, today: IsoDate): boolean {
  return r.dueStatus === 'running' && r.dueDate !== null && r.dueDate < today;
}
