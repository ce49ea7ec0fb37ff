// The official working-day calendar of this installation, kept in the database. At start the
// bundled notices (2018–2026) are added for any notice year the database does not have yet; the
// office imports later notices (console or `gongkai calendar import`). Each change is validated
// with the pure parser, merged, stored, recorded (calendar_imports + an event) and every open
// deadline is recomputed – all in one transaction.
import crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DialectName } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import { AppError } from '../../domain/errors.ts';
import {
  BUNDLED_CSV_PATH,
  CalendarDataError,
  CalendarUnknownError,
  WorkingCalendar,
  isIsoDate,
  mergeEntries,
  parseHolidayCsv,
  type CalendarEntry,
  type IsoDate,
} from '../../calendar/index.ts';
import type { DueComputer } from '../disclosures/service.ts';
import { appendEvent } from '../events/service.ts';
import { createDueComputer, setProcessCalendar } from './due.ts';
import { recomputeOpenDeadlines, type RecomputeSummary } from './recompute.ts';
import * as repo from './repository-calendar.ts';

export type ImportVia = 'bundled' | 'console' | 'cli';

export interface YearDiff {
  noticeYear: number;
  /** Rows of the new notice, each marked against the stored rows of that notice year. */
  rows: (CalendarEntry & { change: 'added' | 'changed' | 'same' })[];
  /** Stored rows of that notice year that the new notice no longer lists. */
  removed: CalendarEntry[];
  replacesExisting: boolean;
}

export interface CalendarPreview {
  sha256: string;
  entries: CalendarEntry[];
  years: YearDiff[];
  coveredYearsAfter: number[];
  /** What the import would do to open deadlines (a dry run; nothing written). */
  recompute: RecomputeSummary;
}

export interface ImportResult {
  importId: number;
  noticeYears: number[];
  added: number;
  removed: number;
  coveredYears: number[];
  recompute: RecomputeSummary;
}

/** The text of 民法典 201/203 given as the basis of every computed period (calendar API). */
export const BASIS_201 = '《民法典》第二百零一条：按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。';
export const BASIS_203 = '《民法典》第二百零三条：期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。';
export const BASIS_WORKING = `${BASIS_201}工作日为周一至周五，扣除国务院办公厅通知的法定节假日，加上通知的调休上班日。`;
export const BASIS_CALENDAR = `${BASIS_201}${BASIS_203}期间最后一日为法定节假日或周末休息日的，顺延至其后第一个工作日（调休上班日为工作日）。`;

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function toAppError(e: unknown): never {
  if (e instanceof CalendarDataError) {
    throw new AppError(400, 'calendar_data', e.message, [{ field: 'csv', message: e.message, code: 'calendar_data' }]);
  }
  throw e;
}

function calendarUnknown(e: CalendarUnknownError, field: string): AppError {
  return new AppError(422, 'calendar_unknown', e.message, [{ field, message: e.message, code: 'calendar_unknown' }]);
}

export class CalendarService {
  #cal: WorkingCalendar;
  #due: DueComputer;
  #importId: number;

  private constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
    cal: WorkingCalendar,
    importId: number,
  ) {
    this.#cal = cal;
    this.#due = createDueComputer(cal);
    this.#importId = importId;
    setProcessCalendar(cal);
  }

  /** Loads the calendar from the database, first adding bundled notice years it lacks. */
  static async open(db: Db, dialect: DialectName, bundledCsv: string = readFileSync(BUNDLED_CSV_PATH, 'utf8')): Promise<CalendarService> {
    const bundled = parseHolidayCsv(bundledCsv);
    await db.transaction().execute(async (trx) => {
      await repo.lockCalendar(trx, dialect);
      const existing = await repo.loadEntries(trx);
      const have = new Set(existing.map((e) => e.noticeYear));
      const missing = bundled.filter((e) => !have.has(e.noticeYear));
      if (!missing.length) return;
      let merged: CalendarEntry[];
      try {
        merged = mergeEntries(existing, missing);
      } catch (e) {
        // An office import conflicts with a bundled year it did not replace: the office's data wins.
        if (e instanceof CalendarDataError) return;
        throw e;
      }
      const years = [...new Set(missing.map((e) => e.noticeYear))].sort((a, b) => a - b);
      const at = new Date().toISOString();
      const importId = await repo.insertImport(trx, { at, actorId: null, via: 'bundled', filename: 'holidays-cn-2018-2026.csv', sha256: sha256(bundledCsv), noticeYears: years, added: missing.length, removed: 0 });
      await repo.insertEntries(trx, missing, importId);
      const recompute = await recomputeOpenDeadlines(trx, createDueComputer(new WorkingCalendar(merged)), { trx, importId });
      await repo.setImportSummary(trx, importId, recompute);
      await appendEvent(trx, { at, actorId: null, entity: 'calendar', entityId: importId, action: 'import', data: { via: 'bundled', noticeYears: years, added: missing.length, recompute } });
    });
    const entries = await repo.loadEntries(db);
    return new CalendarService(db, dialect, new WorkingCalendar(entries), await repo.latestImportId(db));
  }

  /** The calendar in force in this process. */
  current(): WorkingCalendar {
    return this.#cal;
  }

  /** The DueComputer of the disclosure service: always the current calendar. */
  readonly due: DueComputer = (ruleCode, start) => this.#due(ruleCode, start);

  #set(cal: WorkingCalendar, importId: number): void {
    this.#cal = cal;
    this.#due = createDueComputer(cal);
    this.#importId = importId;
    setProcessCalendar(cal);
  }

  /** Another instance may have imported a notice: reload when the latest import differs. */
  async refreshIfChanged(): Promise<boolean> {
    const latest = await repo.latestImportId(this.db);
    if (latest === this.#importId) return false;
    this.#set(new WorkingCalendar(await repo.loadEntries(this.db)), latest);
    return true;
  }

  #parse(text: string): CalendarEntry[] {
    let entries: CalendarEntry[];
    try {
      entries = parseHolidayCsv(text);
    } catch (e) {
      toAppError(e);
    }
    if (!entries.length) throw new AppError(400, 'calendar_data', '文件中没有节假日数据', [{ field: 'csv', message: '文件中没有节假日数据（只有表头或为空）' }]);
    const years = new Set(entries.map((e) => e.noticeYear));
    for (const y of years) {
      if (!entries.some((e) => e.noticeYear === y && e.type === 'holiday')) {
        throw new AppError(400, 'calendar_data', `${y} 年度没有任何放假日`, [{ field: 'csv', message: `${y} 年度只有调休上班日、没有放假日，不像一份完整的国务院办公厅通知` }]);
      }
    }
    return entries;
  }

  /** Validates and compares a CSV with what is stored; counts the deadlines it would move. */
  async preview(text: string): Promise<CalendarPreview> {
    const added = this.#parse(text);
    const existing = this.#cal.entries();
    let merged: CalendarEntry[];
    try {
      merged = mergeEntries(existing, added);
    } catch (e) {
      toAppError(e);
    }
    const cal = new WorkingCalendar(merged);
    const years = [...new Set(added.map((e) => e.noticeYear))].sort((a, b) => a - b);
    const diffs: YearDiff[] = years.map((y) => {
      const old = new Map(existing.filter((e) => e.noticeYear === y).map((e) => [e.date, e]));
      const rows = added.filter((e) => e.noticeYear === y).map((e) => {
        const o = old.get(e.date);
        const change: 'added' | 'changed' | 'same' = !o ? 'added' : o.type !== e.type || o.name !== e.name || o.source !== e.source ? 'changed' : 'same';
        return { ...e, change };
      });
      const newDates = new Set(rows.map((r) => r.date));
      return { noticeYear: y, rows, removed: [...old.values()].filter((e) => !newDates.has(e.date)), replacesExisting: old.size > 0 };
    });
    const recompute = await recomputeOpenDeadlines(this.db, createDueComputer(cal), null);
    return { sha256: sha256(text), entries: added, years: diffs, coveredYearsAfter: cal.coveredYears(), recompute };
  }

  /** Stores a notice (replacing the notice years it contains) and recomputes open deadlines. */
  async apply(text: string, by: { actorId: number | null; via: ImportVia; filename?: string | null; onProgress?: (checked: number) => void }): Promise<ImportResult> {
    const added = this.#parse(text);
    const years = [...new Set(added.map((e) => e.noticeYear))].sort((a, b) => a - b);
    const result = await this.db.transaction().execute(async (trx) => {
      await repo.lockCalendar(trx, this.dialect);
      const existing = await repo.loadEntries(trx);
      let merged: CalendarEntry[];
      try {
        merged = mergeEntries(existing, added);
      } catch (e) {
        toAppError(e);
      }
      const cal = new WorkingCalendar(merged);
      const removed = await repo.deleteEntriesOfYears(trx, years);
      const at = new Date().toISOString();
      const importId = await repo.insertImport(trx, { at, actorId: by.actorId, via: by.via, filename: by.filename ?? null, sha256: sha256(text), noticeYears: years, added: added.length, removed });
      await repo.insertEntries(trx, added, importId);
      const recompute = await recomputeOpenDeadlines(trx, createDueComputer(cal), { trx, importId }, by.onProgress);
      await repo.setImportSummary(trx, importId, recompute);
      await appendEvent(trx, { at, actorId: by.actorId, entity: 'calendar', entityId: importId, action: 'import', data: { via: by.via, filename: by.filename ?? null, noticeYears: years, added: added.length, removed, recompute } });
      return { cal, importId, removed, recompute };
    });
    this.#set(result.cal, result.importId);
    return { importId: result.importId, noticeYears: years, added: added.length, removed: result.removed, coveredYears: result.cal.coveredYears(), recompute: result.recompute };
  }

  listImports(limit = 20) {
    return repo.listImports(this.db, limit);
  }

  changesOfImport(importId: number, limit = 200) {
    return repo.listChangesOfImport(this.db, importId, limit);
  }

  // ---- the public calendar API ----

  /** `from` + n working days or calendar days (民法典 201/203); 422 calendar_unknown outside the calendar. */
  period(from: IsoDate, n: number, unit: 'workingDays' | 'calendarDays'): { from: IsoDate; due: IsoDate; unit: 'workingDays' | 'calendarDays'; basis: string } {
    try {
      const due = unit === 'workingDays' ? this.#cal.addWorkingDays(from, n) : this.#cal.addCalendarDays(from, n);
      return { from, due, unit, basis: unit === 'workingDays' ? BASIS_WORKING : BASIS_CALENDAR };
    } catch (e) {
      if (e instanceof CalendarUnknownError) throw calendarUnknown(e, 'from');
      throw e;
    }
  }

  /** Holidays and make-up working days dated in `year`, with their notices. */
  daysOf(year: number) {
    const first = `${String(year).padStart(4, '0')}-01-01`;
    if (!isIsoDate(first) || !this.#cal.isKnown(first)) {
      throw calendarUnknown(new CalendarUnknownError(first, this.#cal.coveredYears()), 'year');
    }
    const days = this.#cal.entries().filter((e) => e.date.startsWith(`${year}-`));
    // A row amended by a later notice cites both, ';'-separated (the 2020 Spring Festival extension).
    const notices = [...new Map(days.flatMap((d) => d.source.split(';').map((s) => [`${d.noticeYear}|${s.trim()}`, { noticeYear: d.noticeYear, source: s.trim() }] as const))).values()];
    return { year, coveredYears: this.#cal.coveredYears(), notices, days: days.map((d) => ({ date: d.date, weekday: d.weekday, type: d.type, name: d.name, noticeYear: d.noticeYear, source: d.source })) };
  }
}
