// The timeliness module's public surface: the database calendar, obligations, the supervision
// dashboard and reminders, wired once per context (src/context.ts).
import type { Config } from '../../config.ts';
import type { DatabaseHandle } from '../../db/index.ts';
import type { DisclosureService } from '../disclosures/service.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import { CalendarService } from './calendar-service.ts';
import { createMailer, type Mailer } from './mailer.ts';
import { ObligationService } from './obligations.ts';
import { ReminderService } from './reminders.ts';
import { SupervisionService } from './supervision-service.ts';

export interface TimelinessService {
  calendar: CalendarService;
  obligations: ObligationService;
  supervision: SupervisionService;
  reminders: ReminderService;
  mailer: Mailer;
  close(): void;
}

/** Opens the database calendar first: the disclosure service needs its DueComputer (`calendar.due`). */
export function openCalendar(database: DatabaseHandle): Promise<CalendarService> {
  return CalendarService.open(database.db, database.dialect);
}

export function createTimeliness(o: { database: DatabaseHandle; config: Config; itemTypes: ItemTypeRegistry; calendar: CalendarService; disclosures: DisclosureService; mailer?: Mailer }): TimelinessService {
  const { db, dialect } = o.database;
  const current = () => o.calendar.current();
  const mailer = o.mailer ?? createMailer({ smtpUrl: o.config.smtpUrl, from: o.config.mailFrom, ...(o.config.logLevel === 'silent' ? {} : { log: (l: string) => console.log(l) }) });
  const obligations = new ObligationService(db, dialect, o.itemTypes, o.calendar.due, o.disclosures);
  o.disclosures.hooks.push(obligations.hook);
  return {
    calendar: o.calendar,
    obligations,
    supervision: new SupervisionService(db, current),
    reminders: new ReminderService(db, current, mailer, o.config.baseUrl),
    mailer,
    close: () => mailer.close(),
  };
}
