import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { departmentStatus, deriveState, isLate, nextState, validateContent, validateRound, type WorkPlanContent } from './state.ts';

describe('work-plan state machine', () => {
  const cases: [string, Parameters<typeof nextState>[0], Parameters<typeof nextState>[1], ReturnType<typeof nextState>][] = [
    ['submit a draft', 'draft', 'submit', 'submitted'],
    ['resubmit a returned plan', 'returned', 'submit', 'submitted'],
    ['the office files a submission', 'submitted', 'file', 'filed'],
    ['the office returns a submission', 'submitted', 'return', 'returned'],
    ['publish a filed plan', 'filed', 'publish', 'published'],
    ['edit a draft', 'draft', 'update', 'draft'],
    ['edit a returned plan', 'returned', 'update', 'returned'],
    ['cannot edit a submitted plan', 'submitted', 'update', null],
    ['cannot edit a filed plan', 'filed', 'update', null],
    ['cannot edit a published plan', 'published', 'update', null],
    ['cannot file a draft', 'draft', 'file', null],
    ['cannot file twice', 'filed', 'file', null],
    ['cannot return a filed plan', 'filed', 'return', null],
    ['cannot publish before filing', 'submitted', 'publish', null],
    ['cannot publish a draft', 'draft', 'publish', null],
    ['cannot submit twice', 'submitted', 'submit', null],
    ['cannot resubmit a published plan', 'published', 'submit', null],
  ];
  for (const [name, from, action, to] of cases) test(name, () => assert.equal(nextState(from, action), to));

  test('deriveState folds a history with a return', () => {
    assert.equal(deriveState(['create', 'update', 'submit', 'return', 'update', 'submit', 'file', 'publish']), 'published');
    assert.throws(() => deriveState(['create', 'file']), /not allowed in state "draft"/);
    assert.throws(() => deriveState(['submit']), /before "create"/);
    assert.throws(() => deriveState([]), /no create event/);
  });
});

describe('lateness and missing plans', () => {
  const cases: [string, { state: 'draft' | 'submitted' | 'filed'; first_submitted_at: string | null } | undefined, string, ReturnType<typeof departmentStatus>][] = [
    ['nothing yet, before the due date', undefined, '2026-08-01', 'not_started'],
    ['nothing after the due date is missing', undefined, '2026-08-31', 'missing'],
    ['a draft after the due date is missing', { state: 'draft', first_submitted_at: null }, '2026-09-10', 'missing'],
    ['a draft before the due date', { state: 'draft', first_submitted_at: null }, '2026-08-30', 'draft'],
    ['submitted late is not missing', { state: 'submitted', first_submitted_at: '2026-09-02T02:00:00.000Z' }, '2026-09-10', 'submitted'],
    ['filed', { state: 'filed', first_submitted_at: '2026-08-20T02:00:00.000Z' }, '2026-09-10', 'filed'],
  ];
  for (const [name, plan, today, want] of cases) test(name, () => assert.equal(departmentStatus(plan, '2026-08-30', today), want));

  test('late is judged by the Beijing date of the first submission', () => {
    assert.equal(isLate('2026-08-30T15:59:00.000Z', '2026-08-30'), false); // 23:59 on the 30th in Beijing
    assert.equal(isLate('2026-08-30T16:00:00.000Z', '2026-08-30'), true); // 00:00 on the 31st
  });
});

describe('validation', () => {
  const full: WorkPlanContent = { statusGoals: '现状', organisation: '保障', tasks: [{ category: 'procurement', content: '采购公告', responsibleBody: '采购股', channel: '门户网站', timeLimit: '20个工作日' }] };
  const cases: [string, WorkPlanContent, boolean, string[]][] = [
    ['a complete plan may be submitted', full, true, []],
    ['an empty draft may be saved', { statusGoals: '', organisation: '', tasks: [] }, false, []],
    ['empty sections block submission', { ...full, statusGoals: ' ', organisation: '' }, true, ['statusGoals', 'organisation']],
    ['no task blocks submission', { ...full, tasks: [] }, true, ['task.procurement.0.content']],
    ['a half-filled row blocks submission', { ...full, tasks: [...full.tasks, { category: 'blacklist', content: '失信名单', responsibleBody: '', channel: '', timeLimit: '7个工作日' }] }, true, ['task.blacklist.0.responsibleBody', 'task.blacklist.0.channel']],
    ['blank rows are ignored', { ...full, tasks: [...full.tasks, { category: 'housing', content: '', responsibleBody: '', channel: '', timeLimit: '' }] }, true, []],
  ];
  for (const [name, c, submit, fields] of cases) test(name, () => assert.deepEqual(validateContent(c, submit).map((e) => e.field), fields));

  const rounds: [string, Record<'year' | 'title' | 'dueDate' | 'note', string>, string[]][] = [
    ['a valid round', { year: '2026', title: '2026年工作方案', dueDate: '2026-12-30', note: '' }, []],
    ['a due date in the past', { year: '2026', title: '2026年工作方案', dueDate: '2026-08-30', note: '' }, ['dueDate']],
    ['a bad date and no title', { year: '26', title: '', dueDate: '2026-02-30', note: '' }, ['year', 'title', 'dueDate']],
  ];
  for (const [name, raw, fields] of rounds) {
    test(name, () => {
      const r = validateRound(raw, '2026-11-27');
      assert.deepEqual(r.ok ? [] : r.errors.map((e) => e.field), fields);
    });
  }
});
