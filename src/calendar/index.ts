export * from './calendar.ts';
export * from './deadline-rules.ts';
export { BUNDLED_CSV_PATH, loadBundledCalendar } from './load.ts';
