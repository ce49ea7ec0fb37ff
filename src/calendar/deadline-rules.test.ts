// Deadline vectors checked by hand against src/calendar/holidays-cn-2018-2026.csv
// (hol = holiday row, wd = 调休 make-up working day row).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CalendarUnknownError } from './calendar.ts';
import { loadBundledCalendar } from './load.ts';
import {
  DEADLINE_RULES,
  START_EVENTS,
  checkMinDuration,
  computeDue,
  describeRule,
  findRule,
  getRule,
  lateness,
} from './deadline-rules.ts';

const cal = loadBundledCalendar();

describe('rule data', () => {
  // Other modules reference these codes: they must exist with these parameters.
  const expected: [string, string, string, number][] = [
    ['formation-20wd', 'due', 'workingDays', 20],
    ['dual-publicity-7wd', 'due', 'workingDays', 7],
    ['procurement-result-2wd', 'due', 'workingDays', 2],
    ['procurement-contract-2wd', 'due', 'workingDays', 2],
    ['procurement-intention-30d', 'leadTime', 'calendarDays', 30],
    ['procurement-announcement-5wd', 'minDuration', 'workingDays', 5],
    ['single-source-5wd', 'minDuration', 'workingDays', 5],
    ['procurement-result-period-1wd', 'minDuration', 'workingDays', 1],
    ['bid-period-20d', 'minDuration', 'calendarDays', 20],
    ['tender-documents-5d', 'minDuration', 'calendarDays', 5],
    ['candidate-publicity-3d', 'due', 'calendarDays', 3],
    ['candidate-publicity-min-3d', 'minDuration', 'calendarDays', 3],
    ['construction-plan-30d', 'leadTime', 'calendarDays', 30],
    ['property-predisclosure-10wd', 'due', 'workingDays', 10],
    ['property-disclosure-min-20wd', 'minDuration', 'workingDays', 20],
    ['property-capital-increase-min-40wd', 'minDuration', 'workingDays', 40],
    ['property-result-min-5wd', 'minDuration', 'workingDays', 5],
    ['housing-list-20wd', 'due', 'workingDays', 20],
    ['penalty-withdraw-3d', 'due', 'calendarDays', 3],
    ['request-answer-20wd', 'due', 'workingDays', 20],
    ['request-clarification-7wd', 'due', 'workingDays', 7],
    ['request-extension-20wd', 'due', 'workingDays', 20],
    ['request-third-party-15wd', 'due', 'workingDays', 15],
  ];
  for (const [code, kind, unit, count] of expected) {
    test(`${code} is ${kind} ${count} ${unit}`, () => {
      const r = getRule(code);
      assert.deepEqual([r.kind, r.unit, r.count], [kind, unit, count]);
    });
  }

  test('every rule names a start event, a basis and a Chinese label; codes are unique', () => {
    const codes = new Set<string>();
    for (const r of DEADLINE_RULES) {
      assert.ok(!codes.has(r.code), r.code);
      codes.add(r.code);
      assert.match(r.code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(r.startEvent in START_EVENTS, r.code);
      assert.ok(r.basis.law.length > 0, r.code);
      assert.match(r.label, /[\u4e00-\u9fff]/, r.code);
      assert.ok(Number.isInteger(r.count) && r.count > 0, r.code);
    }
  });

  test('rules RULES.md marks unverified carry the flag', () => {
    const unverified = DEADLINE_RULES.filter((r) => 'unverified' in r && r.unverified).map((r) => r.code);
    assert.deepEqual(unverified.sort(), [
      'construction-plan-30d',
      'property-capital-increase-min-40wd',
      'property-disclosure-min-20wd',
      'property-predisclosure-10wd',
      'property-predisclosure-min-20wd',
      'property-result-min-5wd',
    ]);
    assert.equal(getRule('formation-20wd').unverified, undefined);
  });

  test('getRule throws on an unknown code, findRule returns undefined', () => {
    assert.throws(() => getRule('no-such-rule'), RangeError);
    assert.equal(findRule('no-such-rule'), undefined);
    assert.equal(findRule('formation-20wd')?.count, 20);
  });
});

describe('describeRule', () => {
  const cases: [string, string][] = [
    ['formation-20wd', '信息形成（变更）之日起20个工作日内（《政府信息公开条例》第二十六条）'],
    ['procurement-result-2wd', '确定中标（成交）供应商之日起2个工作日内（《政府采购法实施条例》第四十三条）'],
    ['candidate-publicity-min-3d', '公示开始之日起不少于3日（《招标投标法实施条例》第五十四条）'],
    ['procurement-intention-30d', '不晚于采购活动开始前30日（《关于开展政府采购意向公开工作的通知》（财库〔2020〕10号））'],
    ['bid-period-20d', '招标文件开始发出之日起不少于20日（《政府采购法》第三十五条；《招标投标法》第二十四条）'],
    ['penalty-withdraw-3d', '处罚决定变更或撤销之日起3日内（《行政处罚法》第四十八条）'],
    [
      'property-result-min-5wd',
      '公告发布之日起不少于5个工作日（《企业国有资产交易监督管理办法》（国资委、财政部令第32号），条款待核实）',
    ],
  ];
  for (const [code, sentence] of cases) {
    test(code, () => assert.equal(describeRule(getRule(code)), sentence));
  }
});

describe('computeDue', () => {
  const cases: [string, string, string, string][] = [
    ['formation-20wd', '2023-09-20', '2023-10-24', 'hol Sep 29–Oct 6 2023, wd Oct 7, 8'],
    ['dual-publicity-7wd', '2025-01-24', '2025-02-10', 'wd Jan 26, hol Jan 28–Feb 4, wd Feb 8 2025'],
    ['procurement-result-2wd', '2024-09-13', '2024-09-18', 'wd Sat Sep 14, hol Sep 15–17 2024'],
    ['procurement-contract-2wd', '2026-04-30', '2026-05-07', 'hol May 1–5 2026'],
    ['procurement-intention-30d', '2024-03-01', '2024-01-31', 'lead time: 30 days back over leap February'],
    ['construction-plan-30d', '2024-10-31', '2024-10-01', 'lead time ending on hol Oct 1 2024: not moved'],
    ['candidate-publicity-3d', '2022-04-28', '2022-05-05', '3rd day is hol May 1 2022 → after hol Apr 30–May 4'],
    ['penalty-withdraw-3d', '2026-09-24', '2026-09-28', '3rd day is hol Sun Sep 27 2026'],
    ['request-answer-20wd', '2020-01-20', '2020-02-25', '20 wd over the 2020 extension (hol Jan 24–Feb 2)'],
    ['request-clarification-7wd', '2021-04-30', '2021-05-13', 'hol May 1–5 2021, wd Sat May 8'],
    ['housing-list-20wd', '2018-09-14', '2018-10-18', 'hol Sep 24 中秋, wd Sep 29, 30, hol Oct 1–7 2018'],
    ['property-predisclosure-10wd', '2022-09-30', '2022-10-19', 'hol Oct 1–7, wd Oct 8, 9 2022'],
  ];
  for (const [code, start, due, why] of cases) {
    test(`${code} from ${start} → ${due} (${why})`, () => {
      const result = computeDue(getRule(code), start, cal);
      assert.equal(result.due, due);
      assert.equal(result.rule.code, code);
    });
  }

  test('a minimum-duration rule has no due date', () => {
    assert.throws(() => computeDue(getRule('bid-period-20d'), '2024-03-01', cal), RangeError);
  });

  test('a due date in an unknown year throws', () => {
    // Dec 11 … Dec 31 2026 are only 15 working days.
    assert.throws(
      () => computeDue(getRule('formation-20wd'), '2026-12-10', cal),
      (e: unknown) => e instanceof CalendarUnknownError && e.date === '2027-01-01',
    );
  });
});

describe('checkMinDuration', () => {
  const cases: [string, string, string, boolean, number, string, string][] = [
    ['candidate-publicity-min-3d', '2023-03-01', '2023-03-03', false, 2, '2023-03-04', 'a 2-day candidate publicity fails'],
    ['candidate-publicity-min-3d', '2023-03-01', '2023-03-04', true, 3, '2023-03-04', 'ending on a plain Saturday is fine'],
    ['procurement-announcement-5wd', '2024-09-27', '2024-10-09', false, 4, '2024-10-10', 'wd Sep 29, hol Oct 1–7 2024'],
    ['procurement-announcement-5wd', '2024-09-27', '2024-10-10', true, 5, '2024-10-10', 'same, long enough'],
    ['bid-period-20d', '2025-09-26', '2025-10-15', false, 19, '2025-10-16', 'holidays count in calendar days'],
    ['bid-period-20d', '2025-09-26', '2025-10-16', true, 20, '2025-10-16', '国庆 2025 inside the period'],
    ['property-result-min-5wd', '2021-09-17', '2021-09-26', true, 5, '2021-09-26', 'wd Sep 18, hol Sep 19–21, wd Sun Sep 26'],
    ['single-source-5wd', '2019-04-30', '2019-05-08', false, 4, '2019-05-09', 'hol May 1–4, wd Sun May 5 2019'],
    ['procurement-result-period-1wd', '2018-02-14', '2018-02-21', false, 0, '2018-02-22', 'hol Feb 15–21 2018'],
  ];
  for (const [code, start, end, ok, actual, earliestEnd, why] of cases) {
    test(`${code} ${start}→${end}: ${ok ? 'ok' : 'too short'} (${why})`, () => {
      const rule = getRule(code);
      assert.deepEqual(checkMinDuration(rule, start, end, cal), {
        ok,
        actual,
        required: rule.count,
        unit: rule.unit,
        earliestEnd,
      });
    });
  }

  test('refuses a rule that is not a minimum duration', () => {
    assert.throws(() => checkMinDuration(getRule('formation-20wd'), '2023-03-01', '2023-03-04', cal), RangeError);
  });
});

describe('lateness (working days late)', () => {
  const cases: [string, string, number, string][] = [
    ['2023-10-24', '2023-10-24', 0, 'on the due date'],
    ['2023-10-24', '2023-10-20', 0, 'early'],
    ['2023-10-24', '2023-10-25', 1, 'next day'],
    ['2023-10-24', '2023-10-28', 4, 'a plain Saturday counts as the Monday after'],
    ['2018-09-28', '2018-10-08', 3, 'wd Sep 29, wd Sep 30, Oct 8 2018'],
    ['2024-02-09', '2024-02-18', 1, 'published on wd Sun Feb 18 2024 after hol Feb 10–17'],
    ['2024-02-09', '2024-02-12', 1, 'published on hol Feb 12 2024 counts as wd Feb 18'],
  ];
  for (const [due, published, late, why] of cases) {
    test(`due ${due}, published ${published} → ${late} (${why})`, () => assert.equal(lateness(due, published, cal), late));
  }

  test('lateness in an unknown year throws', () => {
    assert.throws(() => lateness('2026-12-31', '2027-01-05', cal), CalendarUnknownError);
    assert.throws(() => lateness('2027-01-05', '2026-12-31', cal), CalendarUnknownError);
  });
});
