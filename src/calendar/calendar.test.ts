// Vectors checked by hand against src/calendar/holidays-cn-2018-2026.csv; each comment names the
// rows that make the vector interesting (hol = holiday row, wd = 调休 make-up working day row).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  CalendarDataError,
  CalendarUnknownError,
  InvalidDateError,
  WorkingCalendar,
  addDays,
  calendarFromCsv,
  daysBetween,
  mergeEntries,
  parseHolidayCsv,
  weekdayOf,
  type CalendarEntry,
} from './calendar.ts';
import { BUNDLED_CSV_PATH, loadBundledCalendar } from './load.ts';

const cal = loadBundledCalendar();
const HEADER = 'date,weekday,type,name,notice_year,source';

function assertUnknown(fn: () => unknown, date: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof CalendarUnknownError, `expected CalendarUnknownError, got ${String(err)}`);
    assert.equal(err.code, 'calendar_unknown');
    assert.equal(err.date, date);
    return true;
  });
}

describe('bundled data', () => {
  test('the bundled CSV parses and covers exactly the notice years 2018–2026', () => {
    const entries = parseHolidayCsv(readFileSync(BUNDLED_CSV_PATH, 'utf8'));
    assert.equal(entries.length, 315);
    assert.deepEqual(cal.coveredYears(), [2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    assert.equal(cal.entries().length, 315);
  });

  test('2020 is stored with the extended Spring Festival (国办发明电〔2020〕1号)', () => {
    // Jan 31–Feb 2 are holidays, Feb 1 (Sat) is no longer the original make-up day, and the
    // Feb 3 (Mon) "resume work" row is kept as a harmless marker.
    const e = cal.entryOn('2020-02-01');
    assert.equal(e?.type, 'holiday');
    assert.match(e?.source ?? '', /content_5472352/);
    assert.equal(cal.entryOn('2020-02-03')?.type, 'workday');
    assert.equal(cal.entryOn('2020-03-02'), undefined);
  });
});

describe('isWorkingDay', () => {
  const cases: [string, boolean, string][] = [
    ['2018-02-11', true, 'Sun, wd before 春节 2018'],
    ['2018-02-16', false, 'Fri, hol 春节 2018'],
    ['2019-02-02', true, 'Sat, wd 春节 2019'],
    ['2020-01-31', false, 'Fri, hol added by the 2020 extension'],
    ['2020-02-01', false, 'Sat: wd in the original 2020 notice, hol after the extension'],
    ['2020-02-03', true, 'Mon: first working day after the extension'],
    ['2021-03-13', false, 'plain Saturday'],
    ['2021-03-15', true, 'plain Monday'],
    ['2022-12-31', false, 'Sat, hol 元旦 of the 2023 notice'],
    ['2023-01-28', true, 'Sat, wd 春节 2023'],
    ['2024-02-09', true, 'Fri 除夕 2024: not a statutory holiday that year'],
    ['2025-01-28', false, 'Tue 除夕 2025: hol'],
    ['2026-01-02', false, 'Fri, hol 元旦 2026'],
    ['2026-01-04', true, 'Sun, wd 元旦 2026'],
  ];
  for (const [date, expected, why] of cases) {
    test(`${date} ${expected ? 'works' : 'rests'} (${why})`, () => assert.equal(cal.isWorkingDay(date), expected));
  }
});

describe('addWorkingDays (民法典 201: the first day is not counted)', () => {
  const cases: [string, number, string, string][] = [
    ['2025-03-07', 1, '2025-03-10', 'Fri before a plain weekend → Mon'],
    ['2018-02-14', 3, '2018-02-24', 'Wed before 春节 2018: hol Feb 15–21, Feb 22, 23, wd Sat Feb 24'],
    ['2018-09-28', 1, '2018-09-29', 'Fri before 国庆 2018 → wd Sat Sep 29'],
    ['2018-09-28', 3, '2018-10-08', 'Fri before 国庆 2018: wd Sep 29, wd Sep 30, hol Oct 1–7, Oct 8'],
    ['2019-09-30', 5, '2019-10-12', 'hol Oct 1–7 2019, Oct 8–11, wd Sat Oct 12'],
    ['2021-10-03', 2, '2021-10-09', 'starts on a holiday (国庆 2021): Oct 8, wd Sat Oct 9'],
    ['2021-10-03', 0, '2021-10-03', 'n = 0 returns the start even on a holiday'],
    ['2024-02-04', 6, '2024-02-18', 'starts on wd Sun Feb 4 2024: Feb 5–9, hol Feb 10–17, wd Sun Feb 18'],
    ['2024-02-04', 7, '2024-02-19', 'one more after wd Sun Feb 18'],
    ['2018-12-28', 2, '2019-01-02', 'across New Year: wd Sat Dec 29 (2019 notice), hol Dec 30–Jan 1'],
    ['2022-12-30', 1, '2023-01-03', 'across New Year: hol Dec 31, Jan 1, Jan 2 (2023 notice)'],
    ['2025-12-31', 1, '2026-01-04', 'across New Year: hol Jan 1–3 2026, wd Sun Jan 4'],
    ['2020-01-17', 1, '2020-01-19', 'Fri → wd Sun Jan 19 2020'],
    ['2020-01-23', 1, '2020-02-03', '2020 extended Spring Festival: hol Jan 24–Feb 2'],
    ['2020-01-23', 20, '2020-02-28', '20 wd over the 2020 extension: Feb 3 … Feb 28'],
    ['2023-09-20', 20, '2023-10-24', '20 wd over 中秋国庆 2023: hol Sep 29–Oct 6, wd Oct 7, 8'],
    ['2025-01-24', 7, '2025-02-10', '7 wd over 春节 2025: wd Jan 26, Jan 27, hol Jan 28–Feb 4, wd Feb 8'],
    ['2024-09-13', 2, '2024-09-18', '2 wd: wd Sat Sep 14, hol Sep 15–17 2024'],
    ['2026-04-30', 2, '2026-05-07', '2 wd over 劳动节 2026: hol May 1–5'],
    ['2026-02-13', 2, '2026-02-24', 'wd Sat Feb 14, hol Feb 15–23 2026'],
    ['2019-04-30', 1, '2019-05-05', '劳动节 2019 as amended: hol May 1–4, wd Sun May 5'],
    ['2022-01-28', 3, '2022-02-07', 'wd Sat Jan 29, wd Sun Jan 30, hol Jan 31–Feb 6 2022'],
    ['2018-10-08', -1, '2018-09-30', 'counting back: hol Oct 1–7 2018, wd Sun Sep 30'],
    ['2020-02-03', -1, '2020-01-23', 'counting back over the 2020 extension'],
  ];
  for (const [from, n, expected, why] of cases) {
    test(`${from} ${n >= 0 ? '+' : ''}${n} wd = ${expected} (${why})`, () => {
      assert.equal(cal.addWorkingDays(from, n), expected);
    });
  }

  test('nextWorkingDay is strictly after the date', () => {
    assert.equal(cal.nextWorkingDay('2018-09-29'), '2018-09-30'); // wd Sat → wd Sun
    assert.equal(cal.nextWorkingDay('2023-09-28'), '2023-10-07'); // hol Sep 29–Oct 6, wd Sat Oct 7
  });

  test('rejects a non-integer n and a malformed date', () => {
    assert.throws(() => cal.addWorkingDays('2023-03-01', 1.5), RangeError);
    assert.throws(() => cal.addWorkingDays('2023-3-1', 1), InvalidDateError);
    assert.throws(() => cal.addWorkingDays('2023-02-29', 1), InvalidDateError);
  });
});

describe('addCalendarDays (民法典 201 and 203)', () => {
  const cases: [string, number, string, string][] = [
    ['2025-03-03', 3, '2025-03-06', 'ends on an ordinary working day'],
    ['2018-09-27', 7, '2018-10-08', 'ends on hol Oct 4 2018 → after hol Oct 5–7'],
    ['2023-09-26', 3, '2023-10-07', 'ends on hol Sep 29 2023 → wd Sat Oct 7 (a make-up Saturday)'],
    ['2024-02-15', 3, '2024-02-18', 'ends on wd Sun Feb 18 2024: a working day, not extended'],
    ['2020-01-28', 3, '2020-02-03', 'ends on hol Jan 31 2020 (extension) → Feb 3'],
    ['2022-04-28', 3, '2022-05-05', 'ends on hol May 1 2022 (hol Apr 30–May 4)'],
    ['2026-09-24', 3, '2026-09-28', 'ends on hol Sun Sep 27 2026 (中秋)'],
    ['2018-12-27', 3, '2019-01-02', 'ends on hol Dec 30 2018 (2019 notice) → across New Year'],
    // Our reading of 203: an ordinary weekend is a rest day too, so the period runs to Monday.
    ['2024-03-06', 3, '2024-03-11', 'ends on a plain Saturday → Monday'],
    ['2024-03-06', 0, '2024-03-06', 'n = 0 on a working day'],
  ];
  for (const [from, n, expected, why] of cases) {
    test(`${from} + ${n} d = ${expected} (${why})`, () => assert.equal(cal.addCalendarDays(from, n), expected));
  }

  test('subtractCalendarDays gives the latest date at least N days before, never moved', () => {
    assert.equal(cal.subtractCalendarDays('2024-03-01', 30), '2024-01-31'); // leap February
    assert.equal(cal.subtractCalendarDays('2025-03-01', 30), '2025-01-30'); // hol 春节 2025, kept
    assert.throws(() => cal.subtractCalendarDays('2025-03-01', -1), RangeError);
  });

  test('calendarDaysBetween and the calendar-free helpers', () => {
    assert.equal(cal.calendarDaysBetween('2025-09-26', '2025-10-16'), 20);
    assert.equal(cal.calendarDaysBetween('2025-10-16', '2025-09-26'), -20);
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2100-02-28', 1), '2100-03-01');
    assert.equal(daysBetween('2018-01-01', '2027-01-01'), 3287);
    assert.equal(weekdayOf('2027-01-01'), 'Fri');
  });
});

describe('workingDaysBetween', () => {
  const cases: [string, string, number, string][] = [
    ['2018-09-28', '2018-10-08', 3, 'wd Sep 29, wd Sep 30, Oct 8 2018'],
    ['2018-10-08', '2018-09-28', -3, 'reversed'],
    ['2020-01-23', '2020-02-03', 1, 'only Feb 3 (a Mon–Fri guess would say 7)'],
    ['2023-12-29', '2024-01-02', 1, 'across New Year: hol Jan 1 2024'],
    ['2019-01-01', '2019-01-31', 22, 'from hol Jan 1 2019 over a month with no other rows'],
    ['2024-05-05', '2024-05-05', 0, 'same day'],
  ];
  for (const [from, to, expected, why] of cases) {
    test(`${from} → ${to} = ${expected} (${why})`, () => assert.equal(cal.workingDaysBetween(from, to), expected));
  }
});

describe('unknown years throw CalendarUnknownError, never a Mon–Fri guess', () => {
  test('2017 and 2027 are not known', () => {
    assert.equal(cal.isKnown('2017-12-29'), false);
    assert.equal(cal.isKnown('2027-01-04'), false);
    assert.equal(cal.isKnown('2018-01-01'), true);
    assert.equal(cal.isKnown('2026-12-31'), true);
    assert.throws(() => cal.isKnown('2026-13-01'), InvalidDateError);
  });

  test('each method refuses dates in 2017 or 2027', () => {
    assertUnknown(() => cal.isWorkingDay('2027-01-04'), '2027-01-04');
    assertUnknown(() => cal.addWorkingDays('2017-12-29', 1), '2017-12-29');
    assertUnknown(() => cal.addWorkingDays('2026-12-30', 2), '2027-01-01'); // Dec 31 is the 1st
    assertUnknown(() => cal.addWorkingDays('2018-01-02', -1), '2017-12-31'); // hol Jan 1 2018
    assertUnknown(() => cal.addCalendarDays('2026-12-30', 2), '2027-01-01');
    assertUnknown(() => cal.subtractCalendarDays('2018-01-10', 30), '2017-12-31');
    assertUnknown(() => cal.workingDaysBetween('2026-12-01', '2027-01-05'), '2027-01-05');
    assertUnknown(() => cal.workingDaysBetween('2017-12-01', '2018-01-05'), '2017-12-01');
    assertUnknown(() => cal.nextWorkingDay('2026-12-31'), '2027-01-01');
    assertUnknown(() => cal.entryOn('2027-01-01'), '2027-01-01');
  });

  test('the last covered days still compute', () => {
    assert.equal(cal.addWorkingDays('2026-12-30', 1), '2026-12-31');
    assert.equal(cal.addCalendarDays('2026-12-26', 5), '2026-12-31');
  });

  test('a gap year in the middle is unknown too', () => {
    const text = readFileSync(BUNDLED_CSV_PATH, 'utf8');
    const entries = parseHolidayCsv(text).filter((e) => e.noticeYear === 2018 || e.noticeYear === 2020);
    const gappy = new WorkingCalendar(entries);
    assert.deepEqual(gappy.coveredYears(), [2018, 2020]);
    assert.equal(gappy.isKnown('2019-06-03'), false);
    assertUnknown(() => gappy.addWorkingDays('2018-12-31', 1), '2019-01-01');
    assertUnknown(() => gappy.workingDaysBetween('2018-12-01', '2020-01-10'), '2019-01-01');
    assertUnknown(() => gappy.addWorkingDays('2020-01-02', -1), '2019-12-31'); // hol Jan 1 2020
    assert.equal(gappy.addWorkingDays('2020-01-23', 1), '2020-02-03');
  });

  test('an empty calendar knows nothing', () => {
    const empty = new WorkingCalendar([]);
    assert.deepEqual(empty.coveredYears(), []);
    assert.equal(empty.isKnown('2024-01-02'), false);
    assertUnknown(() => empty.addWorkingDays('2024-01-02', 1), '2024-01-02');
  });

  test('the error message names the date and the covered years (shown to users)', () => {
    try {
      cal.addWorkingDays('2027-03-01', 1);
      assert.fail('should throw');
    } catch (err) {
      assert.ok(err instanceof CalendarUnknownError, "err instanceof CalendarUnknownError");
      assert.match(err.message, /2027-03-01/);
      assert.match(err.message, /2018–2026/);
    }
  });
});

describe('parseHolidayCsv validation', () => {
  const bad: [string, string[], number, RegExp][] = [
    ['bad header', ['date,weekday,type,name,year,source'], 1, /表头/],
    ['impossible date', [HEADER, '2023-02-30,Thu,holiday,x,2023,s'], 2, /日期“2023-02-30”无效/],
    ['weekday mismatch', [HEADER, '2023-10-01,Mon,holiday,国庆节,2023,s'], 2, /与日期 2023-10-01 不符/],
    ['unknown weekday', [HEADER, '2023-10-01,Sunday,holiday,国庆节,2023,s'], 2, /星期“Sunday”无效/],
    ['unknown type', [HEADER, '2023-10-01,Sun,rest,国庆节,2023,s'], 2, /类型“rest”无效/],
    [
      'workday on a weekday',
      [HEADER, '2023-09-29,Fri,holiday,中秋节,2023,s', '2023-10-07,Sat,workday,国庆节,2023,s', '2023-03-01,Wed,workday,x,2023,s'],
      4,
      /不是周末/,
    ],
    [
      'duplicate holiday',
      [HEADER, '2023-10-01,Sun,holiday,国庆节,2023,s', '2023-10-02,Mon,holiday,国庆节,2023,s', '2023-10-01,Sun,holiday,国庆节,2023,s'],
      4,
      /重复（已见于第 2 行）/,
    ],
    ['too few columns', [HEADER, '2023-10-01,Sun,holiday,国庆节,2023'], 2, /应有 6 列，实有 5 列/],
    ['notice year mismatch', [HEADER, '2023-06-22,Thu,holiday,端午节,2024,s'], 2, /不属于 2024 年度/],
    ['bad notice year', [HEADER, '2023-06-22,Thu,holiday,端午节,23,s'], 2, /通知年度/],
    ['empty source', [HEADER, '2023-06-22,Thu,holiday,端午节,2023,'], 2, /来源/],
    ['empty name', [HEADER, '2023-06-22,Thu,holiday,,2023,s'], 2, /名称/],
    ['unclosed quote', [HEADER, '2023-06-22,Thu,holiday,"端午节,2023,s'], 2, /引号/],
  ];
  for (const [name, lines, line, message] of bad) {
    test(`${name} → CalendarDataError on line ${line}`, () => {
      assert.throws(
        () => parseHolidayCsv(lines.join('\n')),
        (err: unknown) => {
          assert.ok(err instanceof CalendarDataError, String(err));
          assert.equal(err.code, 'calendar_data');
          assert.equal(err.line, line);
          assert.match(err.message, new RegExp(`^第 ${line} 行：`));
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }

  test('accepts BOM, CRLF, quoted fields and blank trailing lines', () => {
    const text = `\uFEFF${HEADER}\r\n2023-10-01,Sun,holiday,"国庆节,""中秋节""",2023,s\r\n\r\n`;
    const entries = parseHolidayCsv(text);
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.name, '国庆节,"中秋节"');
    assert.equal(entries[0]?.noticeYear, 2023);
  });

  test('accepts the December rows of the next year’s notice and the 2020 resume-work marker', () => {
    const entries = parseHolidayCsv(
      [HEADER, '2018-12-29,Sat,workday,元旦,2019,s', '2020-02-02,Sun,holiday,春节,2020,s', '2020-02-03,Mon,workday,春节,2020,s'].join('\n'),
    );
    assert.deepEqual(
      entries.map((e) => [e.date, e.noticeYear]),
      [['2018-12-29', 2019], ['2020-02-02', 2020], ['2020-02-03', 2020]],
    );
  });
});

describe('mergeEntries (importing a new year)', () => {
  const bundled = cal.entries();
  // A fictitious 2027 notice: 元旦 Fri Jan 1, 春节 Mon Feb 8–Fri Feb 12 with make-up Sat Feb 6.
  const csv2027 = [
    HEADER,
    '2027-01-01,Fri,holiday,元旦,2027,fictitious',
    '2027-02-06,Sat,workday,春节,2027,fictitious',
    ...['08,Mon', '09,Tue', '10,Wed', '11,Thu', '12,Fri'].map((d) => `2027-02-${d},holiday,春节,2027,fictitious`),
  ].join('\n');

  test('adds 2027 and computations across the year end work', () => {
    const merged = new WorkingCalendar(mergeEntries(bundled, parseHolidayCsv(csv2027)));
    assert.deepEqual(merged.coveredYears(), [2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027]);
    assert.equal(merged.addWorkingDays('2026-12-31', 1), '2027-01-04'); // hol Jan 1, plain weekend
    assert.equal(merged.addWorkingDays('2027-02-05', 1), '2027-02-06'); // wd Sat
    assert.equal(merged.addWorkingDays('2027-02-05', 2), '2027-02-15'); // hol Feb 8–12
    assertUnknown(() => merged.addWorkingDays('2027-12-31', 1), '2028-01-01');
    // The original calendar is immutable and still does not know 2027.
    assert.equal(cal.isKnown('2027-01-04'), false);
  });

  test('a year’s rows are replaced wholesale', () => {
    // The original 2020 notice, before the Spring Festival extension: hol Jan 24–30, wd Feb 1.
    const original2020 = parseHolidayCsv(
      [
        HEADER,
        '2020-01-01,Wed,holiday,元旦,2020,orig',
        '2020-01-19,Sun,workday,春节,2020,orig',
        ...['24,Fri', '25,Sat', '26,Sun', '27,Mon', '28,Tue', '29,Wed', '30,Thu'].map((d) => `2020-01-${d},holiday,春节,2020,orig`),
        '2020-02-01,Sat,workday,春节,2020,orig',
      ].join('\n'),
    );
    const merged = mergeEntries(bundled, original2020);
    assert.equal(merged.length, 315 - 37 + 10);
    const replaced = new WorkingCalendar(merged);
    assert.equal(replaced.isWorkingDay('2020-01-31'), true);
    assert.equal(replaced.isWorkingDay('2020-02-01'), true);
    assert.equal(replaced.isWorkingDay('2020-10-08'), true); // the old 2020 October rows are gone too
    assert.equal(replaced.isWorkingDay('2019-10-01'), false); // other years untouched
    assert.equal(replaced.addWorkingDays('2020-01-23', 1), '2020-01-31');
  });

  test('a merge that leaves one date twice is refused', () => {
    const a: CalendarEntry[] = [
      { date: '2026-12-31', weekday: 'Thu', type: 'holiday', name: 'x', noticeYear: 2026, source: 's' },
    ];
    const b: CalendarEntry[] = [
      { date: '2026-12-31', weekday: 'Thu', type: 'holiday', name: '元旦', noticeYear: 2027, source: 's' },
    ];
    assert.throws(() => mergeEntries(a, b), CalendarDataError);
    assert.equal(mergeEntries(a, []).length, 1);
  });

  test('calendarFromCsv builds straight from text', () => {
    const only2027 = calendarFromCsv(csv2027);
    assert.deepEqual(only2027.coveredYears(), [2027]);
    assert.equal(only2027.isWorkingDay('2027-02-06'), true);
  });
});

describe('property: addWorkingDays agrees with a naive day-by-day loop', () => {
  // The naive calendar is built from the raw rows, independently of the precomputed arrays.
  const rows = new Map(parseHolidayCsv(readFileSync(BUNDLED_CSV_PATH, 'utf8')).map((e) => [e.date, e.type]));
  const naiveWorking = (d: string): boolean => {
    const t = rows.get(d);
    if (t) return t === 'workday';
    const w = weekdayOf(d);
    return w !== 'Sat' && w !== 'Sun';
  };
  const LAST = '2026-12-31';

  test('every start date 2018–2026, n = 0..25', () => {
    let checked = 0;
    let unknown = 0;
    for (let start = '2018-01-01'; start <= LAST; start = addDays(start, 1)) {
      for (let n = 0; n <= 25; n++) {
        let d = start;
        let count = 0;
        while (count < n && d <= LAST) {
          d = addDays(d, 1);
          if (d <= LAST && naiveWorking(d)) count++;
        }
        if (d > LAST) {
          assertUnknown(() => cal.addWorkingDays(start, n), '2027-01-01');
          unknown++;
        } else {
          assert.equal(cal.addWorkingDays(start, n), d, `${start} + ${n}`);
          assert.equal(cal.workingDaysBetween(start, d), n, `between ${start} and ${d}`);
        }
        checked++;
      }
    }
    assert.equal(checked, 3287 * 26);
    assert.ok(unknown > 0 && unknown < 26 * 40, "unknown > 0 && unknown < 26 * 40");
  });

  test('addCalendarDays agrees with a naive roll-forward for every start date, n = 0..30', () => {
    for (let start = '2018-01-01'; start <= '2026-11-15'; start = addDays(start, 1)) {
      for (let n = 0; n <= 30; n++) {
        let d = addDays(start, n);
        while (!naiveWorking(d)) d = addDays(d, 1);
        assert.equal(cal.addCalendarDays(start, n), d, `${start} + ${n} d`);
      }
    }
  });
});
