// The demo district 韶关市浈江区: departments, accounts, catalogues, projects in all four sectors with
// complete lifecycles, and a few hundred standalone disclosures from January 2024 to the day before
// `today`. Deterministic: the same options give byte-identical output (mulberry32, no clock).
// src/seed/load.ts loads it with its history.
import { loadBundledCalendar } from '../calendar/index.ts';
import { buildCatalogue } from './demo/catalogue.ts';
import { generateConstruction } from './demo/construction.ts';
import { buildDepartments, buildUsers } from './demo/departments.ts';
import { generateStandalone } from './demo/general.ts';
import { generateHousing } from './demo/housing.ts';
import { applyLifecycle } from './demo/lifecycle.ts';
import { applyRedFlagScenarios } from './demo/red-flags.ts';
import { Rng } from './demo/prng.ts';
import { generateProcurement } from './demo/procurement.ts';
import { generateProperty } from './demo/property.ts';
import { Gen } from './demo/timeline.ts';
import type { DemoDistrict } from './demo/types.ts';
import { Companies } from './demo/vocabulary.ts';

export type {
  DemoCatalogueEntry,
  DemoCorrection,
  DemoDepartment,
  DemoDisclosure,
  DemoDistrict,
  DemoProject,
  DemoUser,
} from './demo/types.ts';

export const DEMO_DEFAULTS = { seed: 20180830, today: '2026-11-26', disclosures: 400 } as const;
/** The first working day of 2024: the demo history starts here. */
export const DEMO_FIRST_DAY = '2024-01-02';

export interface DemoOptions {
  seed?: number;
  /** 'YYYY-MM-DD' (China); all activity ends on the working day before. Must lie in the official calendar. */
  today?: string;
  /** Approximate number of disclosures. */
  disclosures?: number;
}

export function generateDemoDistrict(opts: DemoOptions = {}): DemoDistrict {
  const seed = opts.seed ?? DEMO_DEFAULTS.seed;
  const today = opts.today ?? DEMO_DEFAULTS.today;
  const target = opts.disclosures ?? DEMO_DEFAULTS.disclosures;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today) || today <= '2024-02-01') throw new RangeError(`demo: today must be a date after 2024-02-01, got ${today}`);

  const rng = new Rng(seed);
  const g = new Gen(rng, loadBundledCalendar(), new Companies(rng), today, DEMO_FIRST_DAY);
  generateConstruction(g);
  generateProcurement(g);
  generateProperty(g);
  generateHousing(g);
  const recent = generateStandalone(g, target);
  applyLifecycle(g, recent);
  // Red flags (issue 8 §3): projects that trip each flag; last, so nothing before it changes.
  applyRedFlagScenarios(g);

  // Chronological order, so database ids follow the history.
  const disclosures = [...g.out].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.key < b.key ? -1 : 1));
  return { departments: buildDepartments(), users: buildUsers(), catalogue: buildCatalogue(), projects: g.projects, disclosures };
}
