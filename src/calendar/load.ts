// The only file of src/calendar that does I/O: it reads the bundled holiday CSV.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WorkingCalendar, parseHolidayCsv } from './calendar.ts';

/** The official 2018–2026 schedule shipped with the code (copied from shared/data). */
export const BUNDLED_CSV_PATH = fileURLToPath(new URL('./holidays-cn-2018-2026.csv', import.meta.url));

let bundled: WorkingCalendar | undefined;

/** The calendar built from the bundled CSV. Immutable, so it is built once per process. */
export function loadBundledCalendar(): WorkingCalendar {
  bundled ??= new WorkingCalendar(parseHolidayCsv(readFileSync(BUNDLED_CSV_PATH, 'utf8')));
  return bundled;
}
