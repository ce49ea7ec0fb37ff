// The project timeline (issue 4 §2): lifecycle order, each step's clock, stages not reached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTimeline } from './service.ts';

type Step = Parameters<typeof buildTimeline>[0][number];
const step = (id: number, stage: string, at: string, due: string | null): Step => ({ id, stage, first_published_at: at, due_date: due, due_rule: 'formation-20wd', state: 'published', version: 1, title: `#${id}`, formed_date: '2026-01-05', published_at: at, item_type_name: 'x', sector: 'construction', department_name: 'd', department_code: 'd' }) as Step;

test('stages in lifecycle order, missing ones listed empty, steps carry their clock', () => {
  const tl = buildTimeline([step(2, 'award', '2026-03-01T02:00:00Z', '2026-03-02'), step(1, 'approval', '2026-02-01T02:00:00Z', '2026-02-02'), step(3, 'sanction', '2026-04-01T02:00:00Z', null)], ['approval', 'tender', 'award', 'sanction']);
  assert.deepEqual(tl.map((s) => [s.stage, s.steps.length]), [['approval', 1], ['tender', 0], ['award', 1], ['sanction', 1]]);
  assert.equal(tl[0]!.steps[0]!.clock.kind, 'on_time');
  assert.equal(tl[0]!.name, '审批核准');
});

test('a step published after its due date is late by working days', () => {
  const tl = buildTimeline([step(1, 'tender', '2026-03-10T02:00:00Z', '2026-03-02')], ['tender']);
  const c = tl[0]!.steps[0]!.clock;
  assert.equal(c.kind, 'late');
  assert.ok(c.kind === 'late' && c.workingDays >= 6, "c.kind === 'late' && c.workingDays >= 6");
});
