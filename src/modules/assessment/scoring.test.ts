import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lists, rank, scoreAll, scoreItem, type MeasureCode, type MeasureValue, type SchemeItem } from './scoring.ts';
import { checkScore, defaultItems, validateScheme, type SchemeInput } from './validate.ts';

const rate: SchemeItem = { code: 'A1', name: '按时率', maxPoints: 25, kind: 'automatic', measure: 'on_time_rate' };
const count: SchemeItem = { code: 'A2', name: '逾期', maxPoints: 10, kind: 'automatic', measure: 'overdue_count', deductPerUnit: 2 };
const bool: SchemeItem = { code: 'A5', name: '年报', maxPoints: 10, kind: 'automatic', measure: 'annual_report_on_time' };
const manual: SchemeItem = { code: 'B1', name: '机制', maxPoints: 20, kind: 'manual' };

describe('scoreItem', () => {
  const cases: [string, SchemeItem, number | null, { points: number; note?: string; source: 'manual' | 'third_party' } | undefined, number, RegExp][] = [
    ['rate 80%', rate, 0.8, undefined, 20, /25 × 80\.0% = 20分/],
    ['rate rounds to hundredths', rate, 2 / 3, undefined, 16.67, /66\.7%/],
    ['rate without data is not deducted', rate, null, undefined, 25, /不扣分/],
    ['rate above 1 is capped', rate, 1.2, undefined, 25, /100\.0%/],
    ['count deducts per unit', count, 3, undefined, 4, /10 − 2 × 3/],
    ['count never below zero', count, 9, undefined, 0, /最低0分/],
    ['count zero is full', count, 0, undefined, 10, /= 10分/],
    ['boolean met', bool, 1, undefined, 10, /已达到/],
    ['boolean not met', bool, 0, undefined, 0, /未达到/],
    ['manual entered', manual, null, { points: 17.5, source: 'manual' }, 17.5, /政务公开办评分/],
    ['third party', manual, null, { points: 12, source: 'third_party' }, 12, /第三方评估/],
    ['manual missing is zero', manual, null, undefined, 0, /未录入/],
  ];
  for (const [name, item, value, m, points, formula] of cases) {
    test(name, () => {
      const s = scoreItem(item, value === null && item.kind === 'manual' ? undefined : { value, inputs: {} }, m ? { note: '', ...m } : undefined);
      assert.equal(s.points, points);
      assert.match(s.formula, formula);
    });
  }
});

test('rank uses competition ranking (1, 1, 3)', () => {
  const r = rank([{ id: 1, total: 80 }, { id: 2, total: 90 }, { id: 3, total: 90 }, { id: 4, total: 70.5 }]);
  assert.deepEqual(r.map((x) => [x.id, x.rank]), [[2, 1], [3, 1], [1, 3], [4, 4]]);
});

describe('通报表扬 / 通报批评 lists', () => {
  const rows = rank([{ departmentId: 1, total: 95 }, { departmentId: 2, total: 88 }, { departmentId: 3, total: 88 }, { departmentId: 4, total: 60 }, { departmentId: 5, total: 55 }]);
  const cases: [string, Parameters<typeof lists>[1], number[], number[]][] = [
    ['none configured', { commendTop: 0, commendMin: null, criticiseBottom: 0, criticiseBelow: null }, [], []],
    ['top 2 includes ties', { commendTop: 2, commendMin: null, criticiseBottom: 1, criticiseBelow: null }, [1, 2, 3], [5]],
    ['thresholds only', { commendTop: 0, commendMin: 90, criticiseBottom: 0, criticiseBelow: 60 }, [1], [5]],
    ['top N and threshold both apply', { commendTop: 3, commendMin: 90, criticiseBottom: 2, criticiseBelow: 58 }, [1], [5]],
    ['never on both lists', { commendTop: 5, commendMin: null, criticiseBottom: 5, criticiseBelow: null }, [1, 2, 3, 4, 5], []],
  ];
  for (const [name, rules, commend, criticise] of cases) {
    test(name, () => {
      const l = lists(rows, rules);
      assert.deepEqual(l.commend, commend);
      assert.deepEqual(l.criticise, criticise);
    });
  }
});

test('scoreAll totals exactly and ranks', () => {
  const items = [rate, count, bool, manual, { code: 'C1', name: '第三方', maxPoints: 35, kind: 'manual' as const }];
  const mv = (value: number): MeasureValue => ({ value, inputs: {} });
  const measured = new Map<number, Map<MeasureCode, MeasureValue>>([
    [1, new Map<MeasureCode, MeasureValue>([['on_time_rate', mv(1)], ['overdue_count', mv(1)], ['annual_report_on_time', mv(1)]])],
    [2, new Map<MeasureCode, MeasureValue>([['on_time_rate', mv(0.1)]])],
  ]);
  const manualScores = new Map([[1, new Map([['B1', { points: 10.1, note: '', source: 'manual' as const }], ['C1', { points: 20.2, note: '', source: 'third_party' as const }]])]]);
  const r = scoreAll(items, [{ id: 1, code: 'a', name: 'A' }, { id: 2, code: 'b', name: 'B' }], measured, manualScores);
  assert.equal(r[0]!.departmentId, 1);
  assert.equal(r[0]!.total, 25 + 8 + 10 + 10.1 + 20.2);
  assert.equal(r[1]!.total, 2.5 + 10 + 10);
  assert.equal(r[1]!.rank, 2);
});

describe('validateScheme', () => {
  const base = (): SchemeInput => ({ name: '2025年度考核', year: '2025', items: defaultItems(), commendTop: '2', commendMin: '', criticiseBottom: '1', criticiseBelow: '60' });
  const cases: [string, (s: SchemeInput) => void, string | null][] = [
    ['the default scheme is valid', () => {}, null],
    ['weights must sum to 100', (s) => (s.items[0]!.maxPoints = '20'), '之和应为100分，当前为95分'],
    ['duplicate codes', (s) => (s.items[1]!.code = 'A1'), '编号“A1”重复'],
    ['automatic needs a measure', (s) => (s.items[0]!.measure = ''), '须选择计量口径'],
    ['points need at most two decimals', (s) => (s.items[0]!.maxPoints = '25.001'), '最多两位小数'],
    ['future year refused', (s) => (s.year = '2031'), '考核年度'],
    ['name required', (s) => (s.name = ' '), '请填写考核名称'],
    ['threshold within 0–100', (s) => (s.criticiseBelow = '120'), '通报批评分数线'],
    ['no items', (s) => (s.items = []), '至少设置一项'],
  ];
  for (const [name, mutate, message] of cases) {
    test(name, () => {
      const s = base();
      mutate(s);
      const v = validateScheme(s, 2026);
      if (message === null) assert.ok(v.ok, JSON.stringify(!v.ok && v.errors));
      else {
        assert.equal(v.ok, false);
        assert.ok(!v.ok && v.errors.some((e) => e.message.includes(message)), JSON.stringify(!v.ok && v.errors));
      }
    });
  }
});

test('checkScore refuses scores outside the item', () => {
  assert.deepEqual(checkScore(manual, '20'), { ok: true, points: 20 });
  assert.equal(checkScore(manual, '20.01').ok, false);
  assert.equal(checkScore(manual, '-1').ok, false);
  assert.equal(checkScore(manual, 'abc').ok, false);
});
