// Dashboard figures: per department × per flag counts and coverage (testable ÷ applicable).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FlagResult, FlagStatus } from './evaluate.ts';
import { defaultThresholds, type FlagCode } from './flags.ts';
import { summarise, type EvaluatedProject } from './summary.ts';

const p = (id: number, dept: number, sector: string, statuses: Partial<Record<FlagCode, FlagStatus>>): EvaluatedProject => {
  const results: FlagResult[] = Object.entries(statuses).map(([code, status]) => ({ code: code as FlagCode, status: status!, reason: status!, evidence: [] }));
  return { project: { id, title: `项目${id}`, sector, departmentId: dept, departmentName: `单位${dept}` }, results, tripped: results.filter((r) => r.status === 'tripped').length };
};

test('coverage counts applicable, testable and tripped projects per flag', () => {
  const s = summarise(
    [
      p(1, 1, 'construction', { 'single-bid': 'tripped', 'short-candidate-publicity': 'clear' }),
      p(2, 1, 'construction', { 'single-bid': 'not_testable', 'short-candidate-publicity': 'tripped' }),
      p(3, 2, 'procurement', { 'single-bid': 'not_testable' }),
    ],
    defaultThresholds(),
  );
  const cov = Object.fromEntries(s.coverage.map((c) => [c.code, c]));
  assert.deepEqual([cov['single-bid']!.applicable, cov['single-bid']!.testable, cov['single-bid']!.tripped, cov['single-bid']!.notTestable], [3, 1, 1, 2]);
  assert.equal(cov['single-bid']!.coverage, 1 / 3);
  assert.equal(cov['short-candidate-publicity']!.coverage, 1);
  assert.equal(cov['missing-notice']!.coverage, null);
  assert.equal(s.projects, 3);
  assert.equal(s.flaggedProjects, 2);
  assert.deepEqual(s.departments.map((d) => [d.departmentName, d.projects, d.flaggedProjects, d.byFlag['single-bid'], d.byFlag['short-candidate-publicity']]), [['单位1', 2, 2, 1, 1], ['单位2', 1, 0, 0, 0]]);
  assert.deepEqual(s.tripped.map((t) => [t.projectId, t.code]), [[1, 'single-bid'], [2, 'short-candidate-publicity']]);
});
