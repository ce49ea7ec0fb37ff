// Minimum publication periods of item types (hand-checked against the bundled calendar), and the
// flag shown on the disclosure page.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkingCalendar, loadBundledCalendar, parseHolidayCsv } from '../../calendar/index.ts';
import { checkPeriods, describeCheck, periodsOf, tooShortPeriods } from './min-duration.ts';
import { minDurationNotice } from './views.ts';

const cal = loadBundledCalendar();

describe('checkPeriods', () => {
  // [item type, start, end, status, actual]
  const cases: [string, string, string, string, number | null, string][] = [
    ['construction-candidates', '2026-03-02', '2026-03-05', 'ok', 3, '招标投标法实施条例 54: Mar 3, 4, 5 = 3 days'],
    ['construction-candidates', '2026-03-02', '2026-03-04', 'too_short', 2, 'the first day is not counted (民法典 201)'],
    ['construction-candidates', '2025-09-30', '2025-10-03', 'ok', 3, 'calendar days: holidays count'],
    ['procurement-single-source', '2019-04-30', '2019-05-08', 'too_short', 4, 'hol May 1–4, wd Sun May 5 2019: 4 wd < 5'],
    ['procurement-single-source', '2019-04-30', '2019-05-09', 'ok', 5, 'the fifth working day'],
    ['procurement-tender', '2026-10-19', '2026-10-21', 'too_short', 2, '招标公告 5 wd (87号令 16)'],
    ['property-result', '2021-09-17', '2021-09-26', 'ok', 5, 'wd Sep 18, hol Sep 19–21, wd Sun Sep 26'],
  ];
  for (const [code, start, end, status, actual, why] of cases) {
    test(`${code} ${start}→${end}: ${status} (${why})`, () => {
      const p = periodsOf(code)[0]!;
      const [c] = checkPeriods(code, { [p.from]: start, [p.to]: end }, cal);
      assert.equal(c?.status, status);
      if (c && (c.status === 'ok' || c.status === 'too_short')) assert.equal(c.result.actual, actual);
    });
  }

  test('incomplete and unknown-calendar periods are reported, not guessed', () => {
    assert.equal(checkPeriods('construction-candidates', { publicityStart: '2026-03-02' }, cal)[0]?.status, 'incomplete');
    assert.equal(checkPeriods('construction-candidates', { publicityStart: '2026-03-02', publicityEnd: 'soon' }, cal)[0]?.status, 'incomplete');
    const u = checkPeriods('construction-candidates', { publicityStart: '2026-12-30', publicityEnd: '2027-01-02' }, cal)[0]!;
    assert.equal(u.status, 'calendar_unknown');
    assert.match(describeCheck(u), /工作日历未覆盖/);
  });

  test('types without periods check nothing; tooShortPeriods keeps the short ones only', () => {
    assert.deepEqual(checkPeriods('procurement-intention', { a: 1 }, cal), []);
    assert.equal(tooShortPeriods('construction-candidates', { publicityStart: '2026-03-02', publicityEnd: '2026-03-05' }, cal).length, 0);
    const [short] = tooShortPeriods('construction-candidates', { publicityStart: '2026-03-02', publicityEnd: '2026-03-03' }, cal);
    assert.equal(short?.result.earliestEnd, '2026-03-05');
    assert.equal(describeCheck(short!), '2026-03-02 至 2026-03-03 仅 1日，少于规定的 3日（应不早于 2026-03-05 结束；公示开始之日起不少于3日（《招标投标法实施条例》第五十四条））');
  });
});

describe('minDurationNotice (the flag on the disclosure page)', () => {
  test('too short → a red flag with the law; long enough → nothing', () => {
    const flagged = minDurationNotice('construction-candidates', { publicityStart: '2026-03-02', publicityEnd: '2026-03-04' }, cal).toString();
    assert.match(flagged, /role="note"/);
    assert.match(flagged, /公示期不足/);
    assert.match(flagged, /第五十四条/);
    assert.equal(minDurationNotice('construction-candidates', { publicityStart: '2026-03-02', publicityEnd: '2026-03-05' }, cal).toString(), '');
    assert.equal(minDurationNotice('procurement-award', {}, cal).toString(), '');
  });

  test('outside the calendar → "cannot check"; after adding 2027 the same period is judged', () => {
    const fields = { publicityStart: '2026-12-30', publicityEnd: '2027-01-04' };
    assert.match(minDurationNotice('construction-candidates', fields, cal).toString(), /公示期无法核对/);
    const with2027 = new WorkingCalendar([...cal.entries(), ...parseHolidayCsv('date,weekday,type,name,notice_year,source\n2027-01-01,Fri,holiday,元旦,2027,s')]);
    assert.equal(minDurationNotice('construction-candidates', fields, with2027).toString(), '');
  });
});
