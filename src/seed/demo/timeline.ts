// Dates and times of the demo history: when information formed, when it was drafted, submitted and
// published, and whether it was late. Uses the official working-day calendar (RULES.md §10) and the
// item types' own deadline rules, so the timeliness the platform computes later matches the plan here.
import { CalendarUnknownError, computeDue, findRule, type DeadlineRule, type WorkingCalendar } from '../../calendar/index.ts';
import { requireItemType } from '../../modules/item-types/catalogue-data.ts';
import { editorOf, reviewerOf } from './departments.ts';
import type { Rng } from './prng.ts';
import type { DemoDisclosure, DemoProject } from './types.ts';
import type { Companies } from './vocabulary.ts';

/**
 * Probability that a disclosure with a `due` rule is published late. 林业局 and 花坪镇 are the
 * district's weak spots (the office's inspection should find them); 财政局 is never late.
 */
const LATE_RATE: Readonly<Record<string, number>> = { lyj: 0.5, hpz: 0.45, czj: 0 };
const DEFAULT_LATE_RATE = 0.05;

export interface Slot {
  department: string;
  itemType: string;
  /** Working day the information formed (for lead-time rules: the event, e.g. the tender notice). */
  formed: string;
  due?: string;
  /** Working day of publication. */
  publish: string;
  /** Working days late (0 = on time). */
  late: number;
}

export interface Content {
  key: string;
  title: string;
  body: string;
  fields: Record<string, unknown>;
  project?: string;
}

export interface ScheduleOptions {
  /** Never late (steps whose timing the law ties to other steps). */
  noLate?: boolean;
  /** Publish on this working day (must not be before `formed` for due rules). */
  publish?: string;
}

export interface Meta {
  slot: Slot;
  standalone: boolean;
}

/** Calendar arithmetic with no working-day rules: `iso` moved by `n` days. */
export function shiftDate(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The day before the same date `n` years later: the last day of an n-year validity (29 Feb → 28 Feb). */
export function yearsLater(iso: string, n: number): string {
  const md = iso.slice(4) === '-02-29' ? '-02-28' : iso.slice(4);
  return shiftDate(`${Number(iso.slice(0, 4)) + n}${md}`, -1);
}

/** ISO UTC instant of a China-time (UTC+8, no DST) wall clock `minutes` after midnight. */
export function chinaIso(date: string, minutes: number, seconds = 0): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d, 0, minutes, seconds) - 8 * 3600_000).toISOString();
}

/** China-local date of an ISO instant. */
export function chinaDateOf(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
}

export class Gen {
  readonly out: DemoDisclosure[] = [];
  readonly meta = new Map<string, Meta>();
  readonly projects: DemoProject[] = [];
  readonly #lateAcc = new Map<string, number>();
  /** The last day with activity: the working day before `today`. */
  readonly lastDay: string;

  constructor(
    readonly rng: Rng,
    readonly cal: WorkingCalendar,
    readonly companies: Companies,
    readonly today: string,
    /** First day of the demo history. */
    readonly firstDay: string,
  ) {
    this.lastDay = cal.addWorkingDays(today, -1);
  }

  addProject(p: DemoProject): DemoProject {
    if (this.projects.some((q) => q.key === p.key || q.code === p.code)) throw new Error(`duplicate demo project ${p.key}`);
    this.projects.push(p);
    return p;
  }

  /** The first working day on or after `date`. */
  workday(date: string): string {
    // Past the history nothing is published, so dates there need not be exact (nor be in the calendar).
    if (date > this.lastDay) return date;
    return this.cal.isWorkingDay(date) ? date : this.cal.nextWorkingDay(date);
  }

  addWd(date: string, n: number): string {
    try {
      return this.cal.addWorkingDays(date, n);
    } catch (e) {
      if (!(e instanceof CalendarUnknownError) || n < 0) throw e;
      return shiftDate(date, Math.ceil((n * 7) / 5)); // beyond the official calendar: an estimate, never published
    }
  }

  /** A working day at fraction `f` (0…1) of the history, plus jitter of up to `jitterDays`. */
  dateAt(f: number, jitterDays = 0): string {
    const span = Math.round((Date.parse(this.lastDay) - Date.parse(this.firstDay)) / 86400_000);
    const n = Math.round(span * Math.min(1, Math.max(0, f))) + (jitterDays ? this.rng.int(-jitterDays, jitterDays) : 0);
    const d = shiftDate(this.firstDay, Math.min(span, Math.max(0, n)));
    const w = this.workday(d);
    return w > this.lastDay ? this.addWd(this.lastDay, 0) : w;
  }

  /**
   * Chooses the publication day of a disclosure formed on `formed` (moved to a working day) by the
   * item type's deadline rule, deciding whether it is late. Null if it would fall after the last day
   * of the history, or beyond the official calendar.
   */
  schedule(department: string, itemType: string, formed: string, opts: ScheduleOptions = {}): Slot | null {
    try {
      return this.#schedule(department, itemType, formed, opts);
    } catch (e) {
      if (e instanceof CalendarUnknownError) return null;
      throw e;
    }
  }

  #schedule(department: string, itemType: string, formedRaw: string, opts: ScheduleOptions): Slot | null {
    const { rng } = this;
    const formed = this.workday(formedRaw);
    const rule = findRule(requireItemType(itemType).deadlineRule);
    let due: string | undefined;
    let publish: string;
    let late = 0;
    if (rule?.kind === 'due') due = this.#due(rule, formed);
    if (rule?.kind === 'due' && due) {
      const lateRate = opts.noLate ? 0 : (LATE_RATE[department] ?? DEFAULT_LATE_RATE);
      if (opts.publish) {
        publish = opts.publish;
      } else if (this.#decideLate(department, lateRate)) {
        const heavy = (LATE_RATE[department] ?? 0) > 0.2;
        publish = this.addWd(due, rng.int(1, heavy ? 15 : 6));
      } else {
        if (rule.unit === 'calendarDays') {
          publish = this.cal.nextWorkingDay(formed); // e.g. 中标候选人 within 3 days of the report
        } else if (rule.count <= 3) {
          publish = this.addWd(formed, rng.int(0, Math.min(2, rule.count)));
        } else {
          // Usually within a week of formation (1–5 working days), sometimes later.
          publish = this.addWd(formed, rng.chance(0.12) ? rng.int(6, Math.min(rule.count, 15)) : rng.int(1, 5));
        }
        if (publish > due) publish = due;
      }
    } else if (rule?.kind === 'leadTime') {
      // Lead-time rules (采购意向, 招标计划) count back from the event, which is what `formed` holds
      // for these types (the loader computes the due date from it): publish 1–10 working days before.
      due = computeDue(rule, formed, this.cal).due;
      publish = opts.publish ?? this.addWd(due, -rng.int(1, 10));
    } else {
      publish = opts.publish ?? this.addWd(formed, rng.int(1, 5));
    }
    if (publish > this.lastDay) return null;
    if (due && publish > due) late = this.cal.workingDaysBetween(due, publish);
    return { department, itemType, formed, ...(due ? { due } : {}), publish, late };
  }

  /**
   * Error diffusion rather than a coin toss per record, so that each department's late share is
   * close to its rate whatever the seed (a random phase keeps it from looking periodic).
   */
  #decideLate(department: string, rate: number): boolean {
    if (rate <= 0) return false;
    const acc = (this.#lateAcc.get(department) ?? this.rng.float()) + rate * (0.5 + this.rng.float());
    const late = acc >= 1;
    this.#lateAcc.set(department, late ? acc - 1 : acc);
    return late;
  }

  /** The due date, or undefined when the period runs past the official calendar (RULES.md §10). */
  #due(rule: DeadlineRule, formed: string): string | undefined {
    try {
      return computeDue(rule, formed, this.cal).due;
    } catch (e) {
      if (e instanceof CalendarUnknownError) return undefined;
      throw e;
    }
  }

  /** Records a published disclosure with a plausible drafting, submission and approval history. */
  emit(slot: Slot, c: Content, standalone = false): DemoDisclosure {
    const { rng, cal } = this;
    if (this.meta.has(c.key)) throw new Error(`duplicate demo disclosure key ${c.key}`);
    const P = slot.publish;
    let created: string;
    if (slot.formed > P) {
      created = this.addWd(P, -rng.int(0, 2)); // lead time: drafted shortly before publication
    } else {
      const span = cal.workingDaysBetween(slot.formed, P);
      created = this.addWd(slot.formed, rng.int(0, slot.late > 0 ? span : Math.min(span, 2)));
    }
    const span2 = cal.workingDaysBetween(created, P);
    const submitted = span2 === 0 || rng.chance(0.6) ? P : this.addWd(created, rng.int(0, span2 - 1));
    // Published in office hours (10:00–17:30); approval is 30 minutes before publication.
    const pubMin = rng.int(600, 1050);
    const subMin = submitted === P ? pubMin - rng.int(45, 100) : rng.int(540, 1050);
    const creMin = created === submitted ? Math.max(480, subMin - rng.int(15, 120)) : rng.int(500, 1020);
    const d: DemoDisclosure = {
      key: c.key,
      itemType: slot.itemType,
      department: slot.department,
      ...(c.project ? { project: c.project } : {}),
      title: c.title,
      body: c.body,
      fields: c.fields,
      formedDate: slot.formed,
      createdBy: editorOf(slot.department),
      reviewedBy: reviewerOf(slot.department),
      state: 'published',
      createdAt: chinaIso(created, creMin, rng.int(0, 59)),
      submittedAt: chinaIso(submitted, subMin, rng.int(0, 59)),
      publishedAt: chinaIso(P, pubMin, rng.int(0, 59)),
    };
    this.out.push(d);
    this.meta.set(c.key, { slot, standalone });
    return d;
  }
}
