// The request clock on the real official calendar (调休 working weekends, Spring Festival, 国庆).
// Expected dates were counted by hand from the State Council notices, then checked.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBundledCalendar } from '../../calendar/index.ts';
import { ClockError, foldClock, isOverdue, remainingWhilePaused, type ClockEvent, type ClockResult } from './clock.ts';

const cal = loadBundledCalendar();
const rcv = (date: string): ClockEvent => ({ kind: 'receive', date });

interface Case {
  name: string;
  events: ClockEvent[];
  expect: Partial<Pick<ClockResult, 'state' | 'dueDate' | 'dueStatus' | 'outcome' | 'late' | 'creditedWorkingDays' | 'dueAtClose' | 'allowedWorkingDays' | 'periodStart'>> & { replyDue?: string; payBy?: string; noticeBy?: string };
}

const CASES: Case[] = [
  {
    name: '20 working days across 国庆 2025 with the 9-28 and 10-11 make-up weekends',
    events: [rcv('2025-09-15')],
    expect: { state: 'in_progress', dueDate: '2025-10-17', dueStatus: 'running', noticeBy: '2025-09-24' },
  },
  {
    name: '20 working days across Spring Festival 2026 (2-14 and 2-28 are working Saturdays)',
    events: [rcv('2026-02-09')],
    expect: { dueDate: '2026-03-13' },
  },
  {
    name: 'Spring Festival 2025: Sunday 1-26 and Saturday 2-8 count as working days',
    events: [rcv('2025-01-20')],
    expect: { dueDate: '2025-02-21' },
  },
  {
    name: '补正 within 7 wd: the clock waits, then RESTARTS from the completed request (清明 4-4 skipped)',
    events: [rcv('2025-03-03'), { kind: 'clarify', date: '2025-03-07', until: '2025-03-28' }, { kind: 'clarified', date: '2025-03-20' }],
    expect: { state: 'in_progress', periodStart: '2025-03-20', dueDate: '2025-04-18', noticeBy: '2025-03-12' },
  },
  {
    name: 'waiting for 补正: no due date',
    events: [rcv('2025-03-03'), { kind: 'clarify', date: '2025-03-12', until: '2025-03-28' }],
    expect: { state: 'clarification', dueStatus: 'waiting', dueDate: null },
  },
  {
    name: 'no 补正 in the stated period: abandoned → table 3 （六）1',
    events: [rcv('2025-03-03'), { kind: 'clarify', date: '2025-03-07', until: '2025-03-28' }, { kind: 'clarify_lapsed', date: '2025-03-31' }],
    expect: { state: 'closed', outcome: '6.1', dueStatus: 'closed' },
  },
  {
    name: 'third-party consultation across 国庆: 5 working days (9-28 Sun, 9-29, 9-30, 10-9, 10-10) not counted',
    events: [rcv('2025-09-15'), { kind: 'consult', date: '2025-09-26', id: '1', party: 'third_party' }, { kind: 'consulted', date: '2025-10-10', id: '1' }],
    expect: { state: 'in_progress', creditedWorkingDays: 5, dueDate: '2025-10-24', replyDue: '2025-10-23' },
  },
  {
    name: 'while consulting the clock is paused',
    events: [rcv('2025-09-15'), { kind: 'consult', date: '2025-09-26', id: '1', party: 'third_party' }],
    expect: { state: 'consulting', dueStatus: 'paused', dueDate: null },
  },
  {
    name: 'two overlapping consultations pause once: (9-26, 10-10] only',
    events: [rcv('2025-09-15'), { kind: 'consult', date: '2025-09-26', id: '1', party: 'third_party' }, { kind: 'consult', date: '2025-09-29', id: '2', party: 'agency' }, { kind: 'consulted', date: '2025-09-30', id: '1' }, { kind: 'consulted', date: '2025-10-10', id: '2' }],
    expect: { creditedWorkingDays: 5, dueDate: '2025-10-24' },
  },
  {
    name: 'a consultation begun after the due date gives no days back',
    events: [rcv('2025-09-15'), { kind: 'consult', date: '2025-10-20', id: '1', party: 'agency' }, { kind: 'consulted', date: '2025-10-24', id: '1' }],
    expect: { creditedWorkingDays: 0, dueDate: '2025-10-17' },
  },
  {
    name: 'one extension of 20 wd with the approver recorded',
    events: [rcv('2025-09-15'), { kind: 'extend', date: '2025-10-15', days: 20, approver: '办公室主任王某' }],
    expect: { dueDate: '2025-11-14', allowedWorkingDays: 40 },
  },
  {
    name: 'fee notice pauses the clock; paid after 5 working days',
    events: [rcv('2025-06-03'), { kind: 'fee_notice', date: '2025-06-10', amountFen: 10000, scheme: 'per_request', quantity: 11 }, { kind: 'fee_paid', date: '2025-06-17' }],
    expect: { state: 'in_progress', creditedWorkingDays: 5, dueDate: '2025-07-08', payBy: '2025-07-08' },
  },
  {
    name: 'fee unpaid in 20 wd: closed → table 3 （六）2',
    events: [rcv('2025-06-03'), { kind: 'fee_notice', date: '2025-06-10', amountFen: 10000, scheme: 'per_page', quantity: 40 }, { kind: 'fee_lapsed', date: '2025-07-09' }],
    expect: { state: 'closed', outcome: '6.2' },
  },
  {
    name: 'answered on the due date: on time',
    events: [rcv('2025-09-15'), { kind: 'answer', date: '2025-10-17', answerType: 'provided', result: '1' }],
    expect: { state: 'answered', outcome: '1', late: false, dueAtClose: '2025-10-17' },
  },
  {
    name: 'answered one working day late',
    events: [rcv('2025-09-15'), { kind: 'answer', date: '2025-10-20', answerType: 'refused', result: '3.4' }],
    expect: { state: 'answered', outcome: '3.4', late: true },
  },
  {
    name: 'withdrawn: （六）3',
    events: [{ kind: 'submit', date: '2025-05-06' }, rcv('2025-05-07'), { kind: 'withdraw', date: '2025-05-08' }],
    expect: { state: 'closed', outcome: '6.3' },
  },
  {
    name: 'submitted online, not yet confirmed: clock not started',
    events: [{ kind: 'submit', date: '2025-05-06' }],
    expect: { state: 'submitted', dueStatus: 'not_started', dueDate: null },
  },
  {
    name: 'a period running past the known calendar is reported unknown, not guessed',
    events: [rcv('2026-12-10')],
    expect: { state: 'in_progress', dueStatus: 'calendar_unknown', dueDate: null },
  },
];

describe('foldClock: due dates on the official calendar', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const r = foldClock(c.events, cal);
      const { replyDue, payBy, noticeBy, ...rest } = c.expect;
      for (const [k, v] of Object.entries(rest)) assert.deepEqual(r[k as keyof ClockResult], v, k);
      if (replyDue) assert.equal(r.consultations[0]!.replyDue, replyDue);
      if (payBy) assert.equal(r.fee!.payBy, payBy);
      if (noticeBy) assert.equal(r.clarification.noticeBy, noticeBy);
      assert.equal(r.timeline.length, c.events.length, 'one history line per event');
    });
  }
});

const REFUSED: [string, ClockEvent[], RegExp][] = [
  ['补正 notice after 7 working days', [rcv('2025-03-03'), { kind: 'clarify', date: '2025-03-13', until: '2025-03-31' }], /7个工作日内/],
  ['a second 补正 notice', [rcv('2025-03-03'), { kind: 'clarify', date: '2025-03-04', until: '2025-03-20' }, { kind: 'clarified', date: '2025-03-05' }, { kind: 'clarify', date: '2025-03-06', until: '2025-03-20' }], /一次性/],
  ['abandonment before the 补正 period ends', [rcv('2025-03-03'), { kind: 'clarify', date: '2025-03-07', until: '2025-03-28' }, { kind: 'clarify_lapsed', date: '2025-03-28' }], /届满后/],
  ['a second extension', [rcv('2025-09-15'), { kind: 'extend', date: '2025-09-20', days: 5, approver: 'A' }, { kind: 'extend', date: '2025-09-22', days: 5, approver: 'A' }], /只能延长一次/],
  ['an extension over 20 working days', [rcv('2025-09-15'), { kind: 'extend', date: '2025-09-20', days: 21, approver: 'A' }], /不得超过20个工作日/],
  ['an extension without approver', [rcv('2025-09-15'), { kind: 'extend', date: '2025-09-20', days: 5, approver: ' ' }], /批准人/],
  ['an extension after the due date', [rcv('2025-09-15'), { kind: 'extend', date: '2025-10-20', days: 5, approver: 'A' }], /不能再延长/],
  ['fee lapse before 20 working days', [rcv('2025-06-03'), { kind: 'fee_notice', date: '2025-06-10', amountFen: 100, scheme: 'per_page', quantity: 31 }, { kind: 'fee_lapsed', date: '2025-07-08' }], /届满后/],
  ['an answer while waiting for 补正', [rcv('2025-03-03'), { kind: 'clarify', date: '2025-03-07', until: '2025-03-28' }, { kind: 'answer', date: '2025-03-10', answerType: 'provided', result: '1' }], /补正期间/],
  ['“补正后仍不明确” without a 补正', [rcv('2025-03-03'), { kind: 'answer', date: '2025-03-10', answerType: 'unclear_after_clarification', result: '4.3' }], /经过补正/],
  ['a step dated before the previous one', [rcv('2025-03-03'), { kind: 'answer', date: '2025-03-02', answerType: 'provided', result: '1' }], /早于/],
  ['anything after the request is closed', [rcv('2025-03-03'), { kind: 'answer', date: '2025-03-04', answerType: 'provided', result: '1' }, { kind: 'extend', date: '2025-03-05', days: 5, approver: 'A' }], /已办结/],
  ['an answer before receipt is confirmed', [{ kind: 'submit', date: '2025-03-03' }, { kind: 'answer', date: '2025-03-04', answerType: 'provided', result: '1' }], /尚未确认收到/],
];

describe('foldClock refuses what the law does not allow', () => {
  for (const [name, events, message] of REFUSED) {
    test(name, () => {
      assert.throws(() => foldClock(events, cal), (e: unknown) => e instanceof ClockError && message.test(e.message));
    });
  }
});

describe('status helpers', () => {
  test('overdue only while running and past the due date', () => {
    const r = foldClock([rcv('2025-09-15')], cal);
    assert.equal(isOverdue(r, '2025-10-17'), false);
    assert.equal(isOverdue(r, '2025-10-18'), true);
    const paused = foldClock([rcv('2025-09-15'), { kind: 'consult', date: '2025-09-26', id: '1', party: 'third_party' }], cal);
    assert.equal(isOverdue(paused, '2025-12-01'), false);
    assert.equal(remainingWhilePaused(paused, cal), 11, '9 of 20 working days used before the pause');
  });

  test('the history explains each move of the due date', () => {
    const r = foldClock([rcv('2025-09-15'), { kind: 'consult', date: '2025-09-26', id: '1', party: 'third_party', name: '某公司' }, { kind: 'consulted', date: '2025-10-10', id: '1' }, { kind: 'extend', date: '2025-10-20', days: 10, approver: '主任' }], cal);
    assert.deepEqual(r.timeline.map((t) => t.due), ['2025-10-17', null, '2025-10-24', '2025-11-07']);
    assert.match(r.timeline[1]!.text, /不计入答复期限/);
    assert.match(r.timeline[2]!.text, /暂停的 5 个工作日不计入/);
    assert.match(r.timeline[3]!.text, /经主任同意/);
    assert.match(r.timeline[1]!.basis, /第三十二条/);
  });

  test('fees may be configured not to pause the clock (unverified reading of 109号)', () => {
    const r = foldClock([rcv('2025-06-03'), { kind: 'fee_notice', date: '2025-06-10', amountFen: 100, scheme: 'per_page', quantity: 31 }], cal, { feePausesClock: false });
    assert.equal(r.state, 'in_progress');
    assert.equal(r.dueDate, '2025-07-01');
  });
});
