// The working-day calendar of the People's Republic of China: statutory holidays and 调休 make-up
// working days, as announced each year by the State Council's General Office. Pure: no I/O here
// (load.ts reads the bundled CSV).
//
// Day counting (RULES.md §10):
// - 《民法典》第二百零一条：“按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。”
//   So every period starts counting the day after `from`: one working day after a Friday before a
//   plain weekend is the Monday.
// - 《民法典》第二百零三条：“期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。”
//   Our reading of 法定休假日 includes the ordinary weekly rest days: Saturday and Sunday are the
//   statutory weekly rest days (国务院《关于职工工作时间的规定》第七条), and in practice a period
//   ending on a weekend runs to the next working day. A 调休 make-up Saturday or Sunday is a working
//   day, so a period ending on one ends that day. See addCalendarDays.
// - A date outside the years whose official notice is loaded is unknown: every computation that
//   touches one throws CalendarUnknownError. Silently assuming Monday–Friday would produce wrong
//   deadlines around the next Spring Festival.

/** A China local date, 'YYYY-MM-DD'. Plain strings compare correctly with < and >. */
export type IsoDate = string;

export type Weekday = 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun';

/** `holiday`: a statutory holiday (放假); `workday`: an official 调休 make-up working day (上班). */
export type CalendarEntryType = 'holiday' | 'workday';

/** One row of the holiday CSV: a day the State Council notice for `noticeYear` changes. */
export interface CalendarEntry {
  readonly date: IsoDate;
  readonly weekday: Weekday;
  readonly type: CalendarEntryType;
  /** Festival name as in the notice, e.g. 春节, 国庆节、中秋节. */
  readonly name: string;
  /** Year of the notice the row comes from; the 元旦 rows of year Y may fall in late December Y-1. */
  readonly noticeYear: number;
  /** URL(s) of the notice, ';'-separated when a later notice amended it. */
  readonly source: string;
}

export const CSV_HEADER = ['date', 'weekday', 'type', 'name', 'notice_year', 'source'] as const;

/** Indexed by (epochDay + 4) mod 7: 1970-01-01 was a Thursday. */
const WEEKDAYS: readonly Weekday[] = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

// ---------------------------------------------------------------------------------------------
// Errors

/** A string that is not a real 'YYYY-MM-DD' date. */
export class InvalidDateError extends RangeError {
  readonly code = 'invalid_date';
  readonly value: unknown;
  constructor(value: unknown) {
    super(`日期“${String(value)}”无效：应为 YYYY-MM-DD 格式的真实日期`);
    this.name = 'InvalidDateError';
    this.value = value;
  }
}

/** Bad holiday data (CSV import or merge). The message is Chinese: the office sees it on import. */
export class CalendarDataError extends Error {
  readonly code = 'calendar_data';
  /** 1-based CSV line, when the problem is on one line. */
  readonly line: number | undefined;
  constructor(message: string, line?: number) {
    super(line === undefined ? message : `第 ${line} 行：${message}`);
    this.name = 'CalendarDataError';
    this.line = line;
  }
}

/** A computation touched a date outside the years whose official holiday notice is loaded. */
export class CalendarUnknownError extends Error {
  readonly code = 'calendar_unknown';
  /** The first date outside the covered years that the computation needed. */
  readonly date: IsoDate;
  readonly coveredYears: readonly number[];
  constructor(date: IsoDate, coveredYears: readonly number[]) {
    const years = describeYears(coveredYears);
    super(
      `工作日历未覆盖 ${date}（已载入${years}的节假日安排）。` +
        `请导入 ${date.slice(0, 4)} 年国务院办公厅节假日安排通知后再计算。`,
    );
    this.name = 'CalendarUnknownError';
    this.date = date;
    this.coveredYears = coveredYears;
  }
}

function describeYears(years: readonly number[]): string {
  if (years.length === 0) return '：无';
  const parts: string[] = [];
  let runStart = years[0]!;
  let prev = runStart;
  for (let k = 1; k <= years.length; k++) {
    const y = years[k];
    if (y === prev + 1) {
      prev = y;
      continue;
    }
    parts.push(runStart === prev ? `${runStart}` : `${runStart}–${prev}`);
    if (y !== undefined) runStart = prev = y;
  }
  return ` ${parts.join('、')} 年`;
}

// ---------------------------------------------------------------------------------------------
// Calendar-free date arithmetic (proleptic Gregorian, day numbers since 1970-01-01)

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** H. Hinnant's days_from_civil. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Day number of a strict 'YYYY-MM-DD' string, or NaN. Hand-rolled: it is on the hot path. */
function dayNumber(s: unknown): number {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) {
    return NaN;
  }
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + digit(s, 2) * 10 + digit(s, 3);
  const m = digit(s, 5) * 10 + digit(s, 6);
  const d = digit(s, 8) * 10 + digit(s, 9);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return daysFromCivil(y, m, d);
}

function formatDay(day: number): IsoDate {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

function weekdayOfDay(day: number): Weekday {
  return WEEKDAYS[(((day + 4) % 7) + 7) % 7]!;
}

function requireDay(date: unknown): number {
  const day = dayNumber(date);
  if (Number.isNaN(day)) throw new InvalidDateError(date);
  return day;
}

function requireInteger(n: number, what: string, nonNegative: boolean): void {
  if (!Number.isSafeInteger(n) || (nonNegative && n < 0)) {
    throw new RangeError(`${what} must be a ${nonNegative ? 'non-negative ' : ''}integer, got ${n}`);
  }
}

/** True for a real date written 'YYYY-MM-DD'. */
export function isIsoDate(value: unknown): value is IsoDate {
  return !Number.isNaN(dayNumber(value));
}

/** Plain calendar arithmetic, no holiday rule and no coverage check (use WorkingCalendar for periods). */
export function addDays(date: IsoDate, n: number): IsoDate {
  requireInteger(n, 'n', false);
  return formatDay(requireDay(date) + n);
}

/** Calendar days from `from` to `to` (negative if `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return requireDay(to) - requireDay(from);
}

export function weekdayOf(date: IsoDate): Weekday {
  return weekdayOfDay(requireDay(date));
}

// ---------------------------------------------------------------------------------------------
// CSV

function splitCsvLine(line: string, lineNo: number): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 34 /* " */) {
      let value = '';
      i++;
      for (;;) {
        if (i >= line.length) throw new CalendarDataError('引号未闭合', lineNo);
        const c = line[i]!;
        if (c === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += c;
        i++;
      }
      out.push(value);
      if (i === line.length) return out;
      if (line[i] !== ',') throw new CalendarDataError('引号后应为逗号', lineNo);
      i++;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

const isWeekday = (s: string): s is Weekday => (WEEKDAYS as readonly string[]).includes(s);

/**
 * Parses and validates the holiday CSV (columns date,weekday,type,name,notice_year,source).
 * Throws CalendarDataError naming the line on the first bad row.
 */
export function parseHolidayCsv(text: string): CalendarEntry[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const headerLine = lines[0] ?? '';
  const header = splitCsvLine(headerLine, 1).map((h) => h.trim());
  if (header.join(',') !== CSV_HEADER.join(',')) {
    throw new CalendarDataError(`表头应为“${CSV_HEADER.join(',')}”，实为“${headerLine}”`, 1);
  }

  const rows: { entry: CalendarEntry; line: number; day: number }[] = [];
  for (let k = 1; k < lines.length; k++) {
    const raw = lines[k]!;
    const line = k + 1;
    if (raw.trim() === '') continue;
    const cells = splitCsvLine(raw, line).map((c) => c.trim());
    if (cells.length !== CSV_HEADER.length) {
      throw new CalendarDataError(`应有 ${CSV_HEADER.length} 列，实有 ${cells.length} 列`, line);
    }
    const [date, weekday, type, name, noticeYearText, source] = cells as [
      string, string, string, string, string, string,
    ];
    const day = dayNumber(date);
    if (Number.isNaN(day)) {
      throw new CalendarDataError(`日期“${date}”无效（应为 YYYY-MM-DD 格式的真实日期）`, line);
    }
    const actualWeekday = weekdayOfDay(day);
    if (!isWeekday(weekday)) {
      throw new CalendarDataError(`星期“${weekday}”无效（应为 Mon、Tue、Wed、Thu、Fri、Sat 或 Sun）`, line);
    }
    if (weekday !== actualWeekday) {
      throw new CalendarDataError(`星期“${weekday}”与日期 ${date} 不符（${date} 是 ${actualWeekday}）`, line);
    }
    if (type !== 'holiday' && type !== 'workday') {
      throw new CalendarDataError(`类型“${type}”无效（应为 holiday 或 workday）`, line);
    }
    if (name === '') throw new CalendarDataError('节日名称（name）为空', line);
    if (!/^\d{4}$/.test(noticeYearText)) {
      throw new CalendarDataError(`通知年度（notice_year）“${noticeYearText}”无效`, line);
    }
    const noticeYear = Number(noticeYearText);
    const year = Number(date.slice(0, 4));
    // A notice for year Y may move days in late December of Y-1 (元旦 2019 began on 2018-12-30).
    if (!(year === noticeYear || (year === noticeYear - 1 && date.slice(5, 7) === '12'))) {
      throw new CalendarDataError(
        `日期 ${date} 不属于 ${noticeYear} 年度的节假日安排（只能是该年或上一年 12 月）`,
        line,
      );
    }
    if (source === '') throw new CalendarDataError('来源（source）为空：每行都应注明国务院办公厅通知', line);
    rows.push({ entry: { date, weekday, type, name, noticeYear, source }, line, day });
  }

  const byDay = new Map<number, { entry: CalendarEntry; line: number }>();
  for (const row of rows) {
    const seen = byDay.get(row.day);
    if (seen) {
      throw new CalendarDataError(`日期 ${row.entry.date} 重复（已见于第 ${seen.line} 行）`, row.line);
    }
    byDay.set(row.day, row);
  }
  for (const { entry, line, day } of rows) {
    if (entry.type !== 'workday' || entry.weekday === 'Sat' || entry.weekday === 'Sun') continue;
    // A weekday is a working day anyway, so a 'workday' row on one is normally a typo. The one
    // accepted form is the "resume work" marker right after a holiday run: the 2020 notice
    // extending the Spring Festival (国办发明电〔2020〕1号) lists 2020-02-03 (Mon) as the day
    // normal work resumed. It changes nothing in the computation.
    const before = byDay.get(day - 1);
    if (before && before.entry.type === 'holiday' && before.entry.noticeYear === entry.noticeYear) continue;
    throw new CalendarDataError(
      `${entry.date} 是 ${entry.weekday}，不是周末，不能标为调休上班日（workday）`,
      line,
    );
  }
  return rows.map((r) => r.entry);
}

/**
 * Adds a newly published notice (or a corrected one): each notice year present in `added`
 * replaces that year's rows in `existing` wholesale, as the new notice supersedes the old one.
 */
export function mergeEntries(
  existing: readonly CalendarEntry[],
  added: readonly CalendarEntry[],
): CalendarEntry[] {
  const replaced = new Set(added.map((e) => e.noticeYear));
  const merged = [...existing.filter((e) => !replaced.has(e.noticeYear)), ...added];
  merged.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  for (let k = 1; k < merged.length; k++) {
    const a = merged[k - 1]!;
    const b = merged[k]!;
    if (a.date === b.date) {
      throw new CalendarDataError(
        `合并后日期 ${a.date} 重复（${a.noticeYear} 年度与 ${b.noticeYear} 年度通知都有此日）`,
      );
    }
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------
// The calendar

/**
 * An immutable working-day calendar. The covered years are exactly the notice years of its
 * entries. Per-day arrays are precomputed so that every query is O(1) (error paths aside).
 */
export class WorkingCalendar {
  readonly #entries: readonly CalendarEntry[];
  readonly #byDate: ReadonlyMap<IsoDate, CalendarEntry>;
  readonly #years: readonly number[];
  /** Day number of index 0 (1 January of the first covered year). */
  readonly #start: number;
  readonly #size: number;
  readonly #iso: readonly IsoDate[];
  readonly #known: Uint8Array;
  readonly #working: Uint8Array;
  /** #cumWork[i] = working days among indices [0, i). */
  readonly #cumWork: Int32Array;
  /** #workAt[k] = index of the k-th (0-based) working day. */
  readonly #workAt: Int32Array;
  /** #cumUnknown[i] = unknown days among indices [0, i); a range is known iff the difference is 0. */
  readonly #cumUnknown: Int32Array;

  constructor(entries: readonly CalendarEntry[]) {
    const byDate = new Map<IsoDate, CalendarEntry>();
    for (const e of entries) {
      if (!isIsoDate(e.date)) throw new CalendarDataError(`日期“${e.date}”无效`);
      if (e.type !== 'holiday' && e.type !== 'workday') throw new CalendarDataError(`类型“${e.type}”无效`);
      if (!Number.isInteger(e.noticeYear)) throw new CalendarDataError(`通知年度“${e.noticeYear}”无效`);
      if (byDate.has(e.date)) throw new CalendarDataError(`日期 ${e.date} 重复`);
      byDate.set(e.date, e);
    }
    this.#byDate = byDate;
    this.#entries = Object.freeze([...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : 1)));
    this.#years = Object.freeze([...new Set(entries.map((e) => e.noticeYear))].sort((a, b) => a - b));

    const first = this.#years[0];
    const last = this.#years[this.#years.length - 1];
    this.#start = first === undefined ? 0 : daysFromCivil(first, 1, 1);
    this.#size = first === undefined || last === undefined ? 0 : daysFromCivil(last, 12, 31) - this.#start + 1;
    const size = this.#size;

    const iso: IsoDate[] = new Array<IsoDate>(size);
    const known = new Uint8Array(size);
    const working = new Uint8Array(size);
    for (const y of this.#years) {
      known.fill(1, daysFromCivil(y, 1, 1) - this.#start, daysFromCivil(y, 12, 31) - this.#start + 1);
    }
    for (let i = 0; i < size; i++) {
      const day = this.#start + i;
      iso[i] = formatDay(day);
      const wd = (((day + 4) % 7) + 7) % 7;
      working[i] = known[i] === 1 && wd !== 0 && wd !== 6 ? 1 : 0;
    }
    for (const e of this.#entries) {
      const i = dayNumber(e.date) - this.#start;
      // Rows of a notice for year Y dated in December Y-1 only apply if Y-1 is covered too.
      if (i < 0 || i >= size || known[i] === 0) continue;
      working[i] = e.type === 'workday' ? 1 : 0;
    }
    const cumWork = new Int32Array(size + 1);
    const cumUnknown = new Int32Array(size + 1);
    for (let i = 0; i < size; i++) {
      cumWork[i + 1] = cumWork[i]! + working[i]!;
      cumUnknown[i + 1] = cumUnknown[i]! + (known[i] === 1 ? 0 : 1);
    }
    const workAt = new Int32Array(cumWork[size]!);
    for (let i = 0, k = 0; i < size; i++) if (working[i] === 1) workAt[k++] = i;

    this.#iso = iso;
    this.#known = known;
    this.#working = working;
    this.#cumWork = cumWork;
    this.#workAt = workAt;
    this.#cumUnknown = cumUnknown;
  }

  /** The notice years loaded, ascending. */
  coveredYears(): number[] {
    return [...this.#years];
  }

  /** The entries this calendar was built from, sorted by date. */
  entries(): readonly CalendarEntry[] {
    return this.#entries;
  }

  /** Whether the official notice for the date's year is loaded. Throws only on a malformed date. */
  isKnown(date: IsoDate): boolean {
    const i = requireDay(date) - this.#start;
    return i >= 0 && i < this.#size && this.#known[i] === 1;
  }

  /** Monday–Friday, minus statutory holidays, plus official 调休 make-up working days. */
  isWorkingDay(date: IsoDate): boolean {
    return this.#working[this.#index(date)] === 1;
  }

  /** The holiday or make-up row for the date, if the notice lists it (e.g. to explain a shifted deadline). */
  entryOn(date: IsoDate): CalendarEntry | undefined {
    this.#index(date);
    return this.#byDate.get(date);
  }

  /**
   * The n-th working day after `from` (民法典 201: `from` itself is not counted, whether or not it
   * is a working day). n = 0 returns `from`; a negative n counts back to the |n|-th working day
   * strictly before `from` (for "at least N working days before" rules).
   */
  addWorkingDays(from: IsoDate, n: number): IsoDate {
    requireInteger(n, 'n', false);
    const i = this.#index(from);
    if (n > 0) {
      const k = this.#cumWork[i + 1]! + n - 1;
      if (k >= this.#workAt.length) throw this.#unknownForward(i);
      const j = this.#workAt[k]!;
      if (this.#cumUnknown[j + 1] !== this.#cumUnknown[i]) throw this.#unknownForward(i);
      return this.#iso[j]!;
    }
    if (n < 0) {
      const k = this.#cumWork[i]! + n;
      if (k < 0) throw this.#unknownBackward(i);
      const j = this.#workAt[k]!;
      if (this.#cumUnknown[i + 1] !== this.#cumUnknown[j]) throw this.#unknownBackward(i);
      return this.#iso[j]!;
    }
    return this.#iso[i]!;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate {
    return this.addWorkingDays(date, 1);
  }

  /**
   * The end of a period of n calendar days from `from`: `from` is not counted (民法典 201), and if
   * the last day is not a working day – a statutory holiday or, in our reading of 民法典 203, an
   * ordinary Saturday or Sunday – the period ends on the next working day. A 调休 make-up weekend
   * day is a working day, so a period ending on one ends there.
   */
  addCalendarDays(from: IsoDate, n: number): IsoDate {
    requireInteger(n, 'n', true);
    const i = this.#index(from);
    const j = i + n;
    if (j >= this.#size || this.#cumUnknown[j + 1] !== this.#cumUnknown[i]) throw this.#unknownForward(i);
    if (this.#working[j] === 1) return this.#iso[j]!;
    const k = this.#cumWork[j + 1]!;
    if (k >= this.#workAt.length) throw this.#unknownForward(j);
    const e = this.#workAt[k]!;
    if (this.#cumUnknown[e + 1] !== this.#cumUnknown[j]) throw this.#unknownForward(j);
    return this.#iso[e]!;
  }

  /**
   * `from` moved by n calendar days (either sign) with no 民法典 203 extension: for minimum
   * durations counted in elapsed days. Both ends must lie in covered years.
   */
  shiftCalendarDays(from: IsoDate, n: number): IsoDate {
    requireInteger(n, 'n', false);
    const i = this.#index(from);
    const j = i + n;
    if (n >= 0) {
      if (j >= this.#size || this.#cumUnknown[j + 1] !== this.#cumUnknown[i]) throw this.#unknownForward(i);
    } else if (j < 0 || this.#cumUnknown[i + 1] !== this.#cumUnknown[j]) {
      throw this.#unknownBackward(i);
    }
    return this.#iso[j]!;
  }

  /**
   * The latest date that is at least n calendar days before `event` ("不晚于……前30日"): the day
   * itself and the event are n days apart (民法典 201). Not moved off holidays: publishing earlier
   * is always allowed, and moving it later would break the minimum.
   */
  subtractCalendarDays(event: IsoDate, n: number): IsoDate {
    requireInteger(n, 'n', true);
    return this.shiftCalendarDays(event, -n);
  }

  /** Calendar days from `from` to `to` (negative if `to` is earlier); both in covered years. */
  calendarDaysBetween(from: IsoDate, to: IsoDate): number {
    const i = this.#index(from);
    const j = this.#index(to);
    this.#requireKnownRange(Math.min(i, j), Math.max(i, j));
    return j - i;
  }

  /**
   * Working days after `from` up to and including `to` ("late by N working days"). Antisymmetric:
   * if `to` is earlier, the result is minus the working days after `to` up to and including `from`.
   */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    const i = this.#index(from);
    const j = this.#index(to);
    this.#requireKnownRange(Math.min(i, j), Math.max(i, j));
    return this.#cumWork[j + 1]! - this.#cumWork[i + 1]!;
  }

  // -- internals

  #index(date: IsoDate): number {
    const i = requireDay(date) - this.#start;
    if (i < 0 || i >= this.#size || this.#known[i] === 0) throw new CalendarUnknownError(date, this.#years);
    return i;
  }

  #requireKnownRange(lo: number, hi: number): void {
    if (this.#cumUnknown[hi + 1] !== this.#cumUnknown[lo]) throw this.#unknownForward(lo);
  }

  /** The first unknown date at or after index i (error path only, so a scan is fine). */
  #unknownForward(i: number): CalendarUnknownError {
    let j = i;
    while (j < this.#size && this.#known[j] === 1) j++;
    return new CalendarUnknownError(j < this.#size ? this.#iso[j]! : formatDay(this.#start + this.#size), this.#years);
  }

  /** The last unknown date at or before index i. */
  #unknownBackward(i: number): CalendarUnknownError {
    let j = i;
    while (j >= 0 && this.#known[j] === 1) j--;
    return new CalendarUnknownError(j >= 0 ? this.#iso[j]! : formatDay(this.#start - 1), this.#years);
  }
}

/** Parses a holiday CSV and builds the calendar. */
export function calendarFromCsv(text: string): WorkingCalendar {
  return new WorkingCalendar(parseHolidayCsv(text));
}
