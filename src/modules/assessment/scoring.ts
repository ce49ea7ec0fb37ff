// The scoring core of the assessment (考核), pure: a scheme's items, the measured inputs and the
// manual scores in → points with their formula, ranking and 通报表扬/通报批评 lists out.
//
// Basis: the district plan's 保障措施 ("将公共资源配置领域政府信息公开工作纳入绩效考核…可引入第三方
// 评估…对工作成效明显的予以通报表扬，对工作不力的予以通报批评", RULES.md §1; 国办发〔2017〕97号
// 四（三）). The weights, measures and thresholds are the office's choice, hence data, not code.
//
// Points are kept in hundredths (integers) so that totals are exact and "weights sum to 100" is
// an equality, not a float comparison.

export type MeasureUnit = 'rate' | 'count' | 'boolean';

export interface MeasureDef {
  name: string;
  unit: MeasureUnit;
  /** How the measure is defined (shown with every score). */
  definition: string;
}

export const MEASURES = {
  on_time_rate: { name: '主动公开按时率', unit: 'rate', definition: '考核期内首次发布、公开时限已知的信息中，在公开时限内发布的比例（《政府信息公开条例》第二十六条：信息形成或变更之日起20个工作日内公开；其他法律另有规定的从其规定）' },
  overdue_count: { name: '逾期未公开事项数', unit: 'count', definition: '截至考核期末（或评分之日，取较早者）公开时限已过、仍未公开的应公开事项和信息数' },
  catalogue_completeness: { name: '公开目录要素完整率', unit: 'rate', definition: '本单位主动公开目录中“公开内容、公开时限、公开方式、责任主体、监督渠道”五项要素齐全的条目所占比例；目录为空记为0' },
  requests_on_time: { name: '依申请公开按期答复率', unit: 'rate', definition: '考核期内办结的政府信息公开申请中，在法定期限内答复的比例（《政府信息公开条例》第三十三条）' },
  annual_report_on_time: { name: '年度报告按时发布', unit: 'boolean', definition: '上一年度政府信息公开工作年度报告在每年1月31日前发布（《政府信息公开条例》第四十九条）' },
  inspection_findings_closed: { name: '督查发现问题整改完成率', unit: 'rate', definition: '考核期内督查检查发现的问题中，已整改销号的比例' },
} as const satisfies Record<string, MeasureDef>;

export type MeasureCode = keyof typeof MEASURES;
export const MEASURE_CODES = Object.keys(MEASURES) as MeasureCode[];

export interface SchemeItem {
  code: string;
  name: string;
  maxPoints: number;
  kind: 'automatic' | 'manual';
  measure?: MeasureCode;
  /** For count measures: points deducted per unit (default 1). */
  deductPerUnit?: number;
}

/** One automatic measure for one department: null value = nothing to measure in the period. */
export interface MeasureValue {
  value: number | null;
  inputs: Record<string, number | string | null>;
}

export interface ManualScore {
  points: number;
  note: string;
  source: 'manual' | 'third_party';
}

export interface ItemScore {
  code: string;
  name: string;
  kind: 'automatic' | 'manual';
  maxPoints: number;
  points: number;
  measure: MeasureCode | null;
  inputs: Record<string, number | string | null>;
  formula: string;
  note: string;
  source: 'automatic' | 'manual' | 'third_party' | 'missing';
}

export interface DepartmentResult {
  departmentId: number;
  code: string;
  name: string;
  total: number;
  rank: number;
  items: ItemScore[];
}

export interface Lists {
  commend: number[];
  criticise: number[];
}

export const x100 = (n: number): number => Math.round(n * 100);
export const fromX100 = (n: number): number => n / 100;
export const fmtPoints = (n: number): string => (Math.round(n * 100) / 100).toFixed(2).replace(/\.?0+$/, '') || '0';
const pct = (r: number) => `${(Math.round(r * 1000) / 10).toFixed(1)}%`;

/** Points for one item. Manual items without a score get 0 and are marked missing. */
export function scoreItem(item: SchemeItem, measured: MeasureValue | undefined, manual: ManualScore | undefined): ItemScore {
  const base = { code: item.code, name: item.name, kind: item.kind, maxPoints: item.maxPoints, measure: item.measure ?? null };
  if (item.kind === 'manual') {
    if (!manual) return { ...base, points: 0, inputs: {}, formula: '未录入得分，按0分计', note: '', source: 'missing' };
    return { ...base, points: manual.points, inputs: {}, formula: manual.source === 'third_party' ? '第三方评估得分' : '政务公开办评分', note: manual.note, source: manual.source };
  }
  const def = item.measure ? MEASURES[item.measure] : undefined;
  const inputs = measured?.inputs ?? {};
  const max = item.maxPoints;
  if (!def || !measured || measured.value === null) {
    return { ...base, points: max, inputs, formula: `本期无可计量事项，不扣分：${fmtPoints(max)}分`, note: '', source: 'automatic' };
  }
  const v = measured.value;
  let points: number;
  let formula: string;
  if (def.unit === 'rate') {
    const r = Math.min(1, Math.max(0, v));
    points = fromX100(x100(max * r));
    formula = `${fmtPoints(max)} × ${pct(r)} = ${fmtPoints(points)}分`;
  } else if (def.unit === 'count') {
    const per = item.deductPerUnit ?? 1;
    points = fromX100(Math.max(0, x100(max) - x100(per * v)));
    formula = `${fmtPoints(max)} − ${fmtPoints(per)} × ${v}（最低0分）= ${fmtPoints(points)}分`;
  } else {
    points = v >= 1 ? max : 0;
    formula = v >= 1 ? `已达到：${fmtPoints(max)}分` : '未达到：0分';
  }
  return { ...base, points, inputs, formula, note: '', source: 'automatic' };
}

/** Standard competition ranking (1, 1, 3) by total, highest first; ties keep department order. */
export function rank<T extends { total: number }>(rows: readonly T[]): (T & { rank: number })[] {
  const sorted = [...rows].sort((a, b) => x100(b.total) - x100(a.total));
  return sorted.map((r) => ({ ...r, rank: 1 + sorted.filter((o) => x100(o.total) > x100(r.total)).length }));
}

export interface ListRules {
  commendTop: number;
  commendMin: number | null;
  criticiseBottom: number;
  criticiseBelow: number | null;
}

/**
 * 通报表扬: within the top N (rank ≤ N) and at or above the threshold, each rule applying when set;
 * 通报批评: within the bottom N (fewer than N departments strictly lower) and below the threshold.
 * A department is never on both lists; with neither rule set a list is empty.
 */
export function lists(rows: readonly { departmentId: number; total: number; rank: number }[], r: ListRules): Lists {
  const commend = new Set<number>();
  if (r.commendTop > 0 || r.commendMin !== null) {
    for (const row of rows) {
      if (r.commendTop > 0 && row.rank > r.commendTop) continue;
      if (r.commendMin !== null && x100(row.total) < x100(r.commendMin)) continue;
      commend.add(row.departmentId);
    }
  }
  const criticise: number[] = [];
  if (r.criticiseBottom > 0 || r.criticiseBelow !== null) {
    for (const row of rows) {
      if (commend.has(row.departmentId)) continue;
      const lower = rows.filter((o) => x100(o.total) < x100(row.total)).length;
      if (r.criticiseBottom > 0 && lower >= r.criticiseBottom) continue;
      if (r.criticiseBelow !== null && x100(row.total) >= x100(r.criticiseBelow)) continue;
      criticise.push(row.departmentId);
    }
  }
  return { commend: rows.map((x) => x.departmentId).filter((id) => commend.has(id)), criticise };
}

/** Scores every department: the items in scheme order, the total, ranks. */
export function scoreAll(
  items: readonly SchemeItem[],
  departments: readonly { id: number; code: string; name: string }[],
  measured: ReadonlyMap<number, ReadonlyMap<MeasureCode, MeasureValue>>,
  manual: ReadonlyMap<number, ReadonlyMap<string, ManualScore>>,
): DepartmentResult[] {
  const rows = departments.map((d) => {
    const scores = items.map((it) => scoreItem(it, it.measure ? measured.get(d.id)?.get(it.measure) : undefined, manual.get(d.id)?.get(it.code)));
    const total = fromX100(scores.reduce((s, x) => s + x100(x.points), 0));
    return { departmentId: d.id, code: d.code, name: d.name, total, items: scores };
  });
  return rank(rows);
}
