// PURE: the office dashboard's and the API's figures from evaluated projects – per department ×
// per flag counts of tripped projects, and COVERAGE: per flag, how many projects it applies to and
// how many of them published the data to test it.
import type { FlagResult } from './evaluate.ts';
import { FLAGS, describeThresholds, type FlagCode, type Thresholds } from './flags.ts';

export interface EvaluatedProject {
  project: { id: number; title: string; sector: string; departmentId: number; departmentName: string };
  results: FlagResult[];
  tripped: number;
}

export interface FlagCoverage {
  code: FlagCode;
  name: string;
  cardinal: string | null;
  threshold: string;
  legalBasis: string;
  /** Projects of the sectors the flag applies to. */
  applicable: number;
  /** Of those, projects with the data to test it (tripped + clear). */
  testable: number;
  tripped: number;
  clear: number;
  notTestable: number;
  /** testable ÷ applicable; null when no project applies. */
  coverage: number | null;
}

export interface DepartmentRow {
  departmentId: number;
  departmentName: string;
  projects: number;
  /** Projects with at least one tripped flag. */
  flaggedProjects: number;
  byFlag: Record<FlagCode, number>;
}

export interface Summary {
  projects: number;
  flaggedProjects: number;
  coverage: FlagCoverage[];
  departments: DepartmentRow[];
  /** Every tripped flag, for the list under the tables. */
  tripped: { projectId: number; projectTitle: string; departmentName: string; code: FlagCode; name: string; reason: string }[];
}

const zero = () => Object.fromEntries(FLAGS.map((f) => [f.code, 0])) as Record<FlagCode, number>;

export function summarise(projects: readonly EvaluatedProject[], thresholds: Thresholds): Summary {
  const coverage: FlagCoverage[] = FLAGS.map((f) => {
    const rs = projects.flatMap((p) => p.results.filter((r) => r.code === f.code));
    const tripped = rs.filter((r) => r.status === 'tripped').length;
    const clear = rs.filter((r) => r.status === 'clear').length;
    return {
      code: f.code,
      name: f.name,
      cardinal: f.cardinal,
      threshold: describeThresholds(f, thresholds),
      legalBasis: f.legalBasis,
      applicable: rs.length,
      testable: tripped + clear,
      tripped,
      clear,
      notTestable: rs.length - tripped - clear,
      coverage: rs.length ? (tripped + clear) / rs.length : null,
    };
  });
  const depts = new Map<number, DepartmentRow>();
  for (const p of projects) {
    const row = depts.get(p.project.departmentId) ?? { departmentId: p.project.departmentId, departmentName: p.project.departmentName, projects: 0, flaggedProjects: 0, byFlag: zero() };
    row.projects++;
    if (p.tripped) row.flaggedProjects++;
    for (const r of p.results) if (r.status === 'tripped') row.byFlag[r.code]++;
    depts.set(p.project.departmentId, row);
  }
  const name = new Map(FLAGS.map((f) => [f.code, f.name]));
  return {
    projects: projects.length,
    flaggedProjects: projects.filter((p) => p.tripped > 0).length,
    coverage,
    departments: [...depts.values()].sort((a, b) => b.flaggedProjects - a.flaggedProjects || a.departmentName.localeCompare(b.departmentName, 'zh')),
    tripped: projects.flatMap((p) => p.results.filter((r) => r.status === 'tripped').map((r) => ({ projectId: p.project.id, projectTitle: p.project.title, departmentName: p.project.departmentName, code: r.code, name: name.get(r.code)!, reason: r.reason }))),
  };
}
