// The plan's own yearly report on public-resource disclosure progress (RULES.md §1 Safeguards:
// "each department reports the previous year's progress by the end of February and includes it in
// its annual report"). Simpler than the 条例 report: what was published per sector, how timely,
// and what the department writes about problems and next year's plan. Pure.

export interface ProgressInputs {
  summary?: string;
  problems?: string;
  plan?: string;
}

export interface SectorCount {
  code: string;
  name: string;
  published: number;
}

export interface Timeliness {
  published: number;
  onTime: number;
  late: number;
  /** null when nothing measurable was published. */
  onTimeRate: number | null;
}

export interface ProgressReport {
  kind: 'progress';
  year: number;
  scope: string;
  department: { code: string; name: string } | null;
  title: string;
  deadline: string;
  state: 'draft' | 'published';
  version: number;
  publishedAt: string | null;
  sectors: SectorCount[];
  timeliness: Timeliness;
  /** District report: one row per department. */
  byDepartment?: { code: string; name: string; published: number }[];
  parts: { summary: string; problems: string; plan: string };
}

export const PROGRESS_PART_TITLES = ['一、工作开展情况', '二、各领域信息公开情况', '三、公开时效情况', '四、存在的问题', '五、下一年度工作计划'] as const;

export function rate(onTime: number, late: number): number | null {
  return onTime + late === 0 ? null : Math.round((onTime / (onTime + late)) * 1000) / 10;
}

export function assembleProgress(o: Omit<ProgressReport, 'kind' | 'parts'> & { inputs: ProgressInputs; who: string }): ProgressReport {
  const total = o.sectors.reduce((s, x) => s + x.published, 0);
  const t = o.timeliness;
  const summary = `${o.year}年，${o.who}按照本区公共资源配置领域政府信息公开实施方案，在本平台主动公开公共资源配置领域信息 ${total} 条（${o.sectors.filter((s) => s.published).map((s) => `${s.name} ${s.published} 条`).join('，') || '无'}）。`;
  const problems = t.late ? `本年度有 ${t.late} 条信息超过公开时限发布，按时公开率 ${t.onTimeRate ?? '—'}%。（请补充原因分析）` : '（请本单位补充）';
  return {
    ...o,
    kind: 'progress',
    parts: {
      summary: o.inputs.summary?.trim() || summary,
      problems: o.inputs.problems?.trim() || problems,
      plan: o.inputs.plan?.trim() || '（请本单位填写下一年度工作计划）',
    },
  };
}
