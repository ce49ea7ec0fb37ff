// 国办秘函〔2019〕19号 column signals and the trend helpers (pure).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeColumns, departmentSignals, monthsBefore, siteStale } from './columns.ts';
import { inlineStylesToAttributes } from './chart.ts';
import { lastMonths, percent } from './supervision.ts';

describe('columns', () => {
  const depts = [{ id: 1, name: '甲局' }, { id: 2, name: '乙镇' }];
  const catalogue = [
    { department_id: 1, category: 'process' },
    { department_id: 1, category: 'award' },
    ...['approval', 'project', 'process', 'award', 'contract', 'sanction'].map((c) => ({ department_id: 2, category: c })),
  ];
  const activity = [
    { department_id: 1, category: 'process', published: 4, last_at: '2026-11-11T15:59:00.000Z' }, // China 2026-11-11 23:59
    { department_id: 1, category: 'award', published: 2, last_at: '2026-05-25T16:00:00.000Z' }, // China 2026-05-26
    { department_id: 1, category: 'sanction', published: 1, last_at: '2026-01-05T02:00:00.000Z' }, // not catalogued, still a column
    { department_id: 2, category: 'approval', published: 1, last_at: '2026-11-20T02:00:00.000Z' },
  ];
  const cols = computeColumns(depts, catalogue, activity, '2026-11-26');

  test('dynamic columns go stale after 2 weeks, notice columns after 6 months, never-used ones are empty', () => {
    const c = (d: number, cat: string) => cols.find((x) => x.departmentId === d && x.category === cat);
    assert.deepEqual([c(1, 'process')?.status, c(1, 'process')?.lastUpdate, c(1, 'process')?.daysSince], ['stale', '2026-11-11', 15]);
    assert.deepEqual([c(1, 'award')?.status, c(1, 'award')?.lastUpdate], ['ok', '2026-05-26'], 'exactly 6 months is not over 6 months');
    assert.equal(c(1, 'sanction')?.status, 'stale');
    assert.equal(cols.filter((x) => x.departmentId === 1).length, 3);
    assert.equal(cols.filter((x) => x.departmentId === 2 && x.status === 'empty').length, 5);
  });

  test('19号 thresholds: 5 empty columns fail a department', () => {
    const s = departmentSignals(depts, cols);
    assert.deepEqual(s[0], { departmentId: 1, departmentName: '甲局', columns: 3, staleDynamic: 1, staleNotice: 1, empty: 0, failStale: false, failEmpty: false });
    assert.deepEqual([s[1]!.empty, s[1]!.failEmpty], [5, true]);
  });

  test('site-wide staleness and month arithmetic', () => {
    assert.deepEqual(siteStale('2026-11-12T02:00:00.000Z', '2026-11-26'), { lastUpdate: '2026-11-12', stale: false, daysSince: 14 });
    assert.equal(siteStale('2026-11-11T02:00:00.000Z', '2026-11-26').stale, true);
    assert.equal(siteStale(null, '2026-11-26').stale, true);
    assert.equal(monthsBefore('2026-08-31', 6), '2026-02-28');
    assert.equal(monthsBefore('2026-03-15', 6), '2025-09-15');
    assert.deepEqual(lastMonths('2026-02-10', 3), ['2025-12', '2026-01', '2026-02']);
    assert.equal(percent(2 / 3), '66.7%');
    assert.equal(percent(null), '—');
  });
});

describe('chart SVG post-processing (CSP: no inline styles)', () => {
  test('style attributes become presentation attributes; <style> blocks go', () => {
    const svg = '<svg><text style="font-size:12px;font-family:sans-serif;" x="1">a&lt;b</text><style ><![CDATA[.x:hover{fill:red}]]></style></svg>';
    assert.equal(inlineStylesToAttributes(svg), '<svg><text font-size="12px" font-family="sans-serif" x="1">a&lt;b</text></svg>');
  });
});
