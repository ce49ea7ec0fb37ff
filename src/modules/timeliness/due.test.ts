// Open deadlines today, reminder kinds, and the DueComputer over a given calendar.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBundledCalendar } from '../../calendar/index.ts';
import { createDueComputer, openStatusOf } from './due.ts';
import { reminderKind, reminderSubject } from './reminders.ts';

const cal = loadBundledCalendar();

describe('openStatusOf', () => {
  const cases: [string | null, string, unknown, string][] = [
    ['2026-11-20', '2026-11-26', { kind: 'overdue', due: '2026-11-20', workingDays: 4 }, 'Nov 23–26'],
    ['2026-11-26', '2026-11-26', { kind: 'due_soon', due: '2026-11-26' }, 'due today'],
    ['2026-12-01', '2026-11-26', { kind: 'due_soon', due: '2026-12-01' }, 'Nov 27, 30, Dec 1: 3 wd'],
    ['2026-12-02', '2026-11-26', { kind: 'pending', due: '2026-12-02' }, '4 wd'],
    ['2026-10-09', '2026-09-30', { kind: 'due_soon', due: '2026-10-09' }, 'over 国庆 2026: Oct 8, 9 = 2 wd'],
    ['2026-10-12', '2026-09-30', { kind: 'pending', due: '2026-10-12' }, 'wd Sat Oct 10 counts: Oct 8, 9, 10, 12 = 4 wd'],
    [null, '2026-11-26', { kind: 'calendar_unknown' }, 'due date unknown'],
    ['2026-12-31', '2027-01-05', { kind: 'overdue', due: '2026-12-31', workingDays: null }, 'today outside the calendar: overdue all the same'],
  ];
  for (const [due, today, expected, why] of cases) {
    test(`due ${due} on ${today} (${why})`, () => assert.deepEqual(openStatusOf('formation-20wd', due, today, cal), expected));
  }
  test('no rule → no_rule', () => {
    assert.deepEqual(openStatusOf('candidate-publicity-min-3d', '2026-11-20', '2026-11-26', cal), { kind: 'no_rule' });
    assert.deepEqual(openStatusOf(null, '2026-11-20', '2026-11-26', cal), { kind: 'no_rule' });
  });
});

describe('reminders: kind and subject', () => {
  test('due within the window → due_soon; passed → overdue; later → none', () => {
    assert.equal(reminderKind('2026-11-30', '2026-11-26', '2026-12-01'), 'due_soon');
    assert.equal(reminderKind('2026-11-25', '2026-11-26', '2026-12-01'), 'overdue');
    assert.equal(reminderKind('2026-12-02', '2026-11-26', '2026-12-01'), null);
    assert.equal(reminderKind('2026-12-02', '2026-11-26', null), null, 'calendar unknown: only overdue');
    assert.equal(reminderSubject('due_soon', '名单', '2026-11-30'), '【公开期限提醒】“名单”将于 2026-11-30 到期');
    assert.equal(reminderSubject('overdue', '名单', '2026-11-30'), '【公开逾期提醒】“名单”已超过公开期限（2026-11-30）');
  });
});

describe('createDueComputer', () => {
  test('rules as data; unknown → calendar_unknown; minimum durations have no due date', () => {
    const due = createDueComputer(cal);
    assert.deepEqual(due('formation-20wd', '2023-09-20'), { dueDate: '2023-10-24', status: 'ok' });
    assert.deepEqual(due('formation-20wd', '2026-12-15'), { dueDate: null, status: 'calendar_unknown' });
    assert.deepEqual(due('candidate-publicity-min-3d', '2026-03-02'), { dueDate: null, status: 'no_rule' });
    assert.deepEqual(due('no-such-rule', '2026-03-02'), { dueDate: null, status: 'no_rule' });
  });
});
