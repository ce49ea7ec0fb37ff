// Red-flag scenarios of the demo (issue 8 §3): two more construction projects, then small,
// deterministic edits to a few generated projects so that each flag trips somewhere – and the
// rest trip none. Runs after every other generator, so the random stream before it is unchanged.
// 中标候选人公示期不足 is construction.ts's own `shortPublicity` (c-zhongshan-road); a blacklisted
// participant is made by the blacklist seed (it lists the winner of the latest construction award);
// late publication happens naturally (林业局's late rate).
import { constructionProject, type ConsSpec } from './construction.ts';
import { procurementProject, type ProcSpec } from './procurement.ts';
import { shiftDate, type Gen } from './timeline.ts';
import type { DemoDisclosure } from './types.ts';
import { cnDate, money, wan } from './vocabulary.ts';

const EXTRA: readonly ConsSpec[] = [
  { key: 'c-lyz-bridge', title: '浈江区乐园镇农村危桥改造工程', implementer: 'zjj', location: '韶关市浈江区乐园镇', scale: '拆除重建乐园镇辖内农村公路危桥4座，总长约186米，配套引道、护栏及排水工程。', specialty: '公路工程', investWan: [900, 1300], start: 0.7 },
  { key: 'c-czjd-market', title: '浈江区车站街道农贸市场升级改造工程', implementer: 'cgj', location: '韶关市浈江区车站街道', scale: '对2个农贸市场实施升级改造，包括建筑加固、屋面及外立面改造、给排水、消防、电气及智慧市场系统。', specialty: '房屋建筑', investWan: [700, 1000], start: 0.74 },
];

/** A plain 公开招标 that should trip nothing: the dashboard's “clear” case next to the flagged ones. */
const CLEAN: ProcSpec = { key: 'p-ambulance', title: '浈江区院前急救救护车采购项目', dept: 'wjj', method: '公开招标', supplierKind: 'medical', start: 0.4, period: '合同签订后90日内交付',
  requirement: '采购负压型救护车3辆，含车载急救设备、车辆改装、上牌及驾驶和设备操作培训。',
  items: [{ name: '负压型救护车（含车载急救设备）', unit: '辆', qty: 3, price: [420000, 560000], brands: [['江铃', '特顺负压救护车'], ['上汽大通', 'V80负压救护车']] }] };

type Row = Record<string, unknown>;

const of = (g: Gen, project: string, itemType?: string): DemoDisclosure[] => g.out.filter((d) => d.project === project && (!itemType || d.itemType === itemType));

/** Replaces whole string values (deeply) in fields and substrings in title and body. */
function replaceEverywhere(ds: readonly DemoDisclosure[], pairs: readonly [string, string][]): void {
  const swapStr = (s: string) => {
    // Through placeholders, so that a ↔ b swaps work.
    let out = s;
    pairs.forEach(([a], i) => (out = out.split(a).join(`\u0000${i}\u0000`)));
    pairs.forEach(([, b], i) => (out = out.split(`\u0000${i}\u0000`).join(b)));
    return out;
  };
  const deep = (v: unknown): unknown => (typeof v === 'string' ? swapStr(v) : Array.isArray(v) ? v.map(deep) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v as Row).map(([k, x]) => [k, deep(x)])) : v);
  for (const d of ds) {
    d.fields = deep(d.fields) as Row;
    d.title = swapStr(d.title);
    d.body = swapStr(d.body);
  }
}

const yuanCents = (s: unknown) => Math.round(Number(s) * 100);

export function applyRedFlagScenarios(g: Gen): void {
  EXTRA.forEach((s, i) => constructionProject(g, s, 6 + i));
  procurementProject(g, CLEAN, 6);

  // 单一投标 (R018): only one bidder on the sewage works.
  for (const ev of of(g, 'c-lsz-sewage', 'construction-evaluation')) {
    const ranked = ev.fields.rankedBidders as Row[];
    ev.fields = { ...ev.fields, bidderCount: 1, rankedBidders: ranked.slice(0, 1) };
    ev.body = ev.body.replace(/共有\d+家投标人/, '仅有1家投标人');
  }
  for (const cd of of(g, 'c-lsz-sewage', 'construction-candidates')) cd.fields = { ...cd.fields, candidates: (cd.fields.candidates as Row[]).slice(0, 1) };

  // 投标（响应）期不足 (R003): a 磋商 response period of 5–7 days instead of ≥ 10.
  for (const n of of(g, 'p-finance-review', 'procurement-negotiation')) {
    const from = String(n.fields.documentsFrom);
    const old = String(n.fields.responseDeadline);
    const to = [7, 6, 5, 8].map((k) => shiftDate(from, k)).find((d) => g.cal.isWorkingDay(d));
    if (!to) continue;
    n.fields = { ...n.fields, responseDeadline: to };
    n.body = n.body.split(cnDate(old)).join(cnDate(to));
  }

  // 中标金额接近预算: the sanitation budget set just above the award (within 1%).
  const [sanAward] = of(g, 'p-sanitation', 'procurement-award');
  if (sanAward) {
    const award = (sanAward.fields.suppliers as Row[]).reduce((s, r) => s + yuanCents(r.awardAmount), 0);
    const oldBudget = yuanCents(sanAward.fields.budgetAmount);
    const newBudget = Math.ceil((award / 100) * 1.005 / 1000) * 1000 * 100;
    replaceEverywhere(of(g, 'p-sanitation'), [[money(oldBudget), money(newBudget)], [wan(oldBudget), wan(newBudget)]]);
  }

  // 投标报价相同 (R028): the second and third bidders of the renovation quote the same price.
  for (const ev of of(g, 'c-dhjd-renovation', 'construction-evaluation')) {
    const ranked = (ev.fields.rankedBidders as Row[]).map((r) => ({ ...r }));
    if (ranked.length < 3) continue;
    const [second, third] = [ranked[1]!, ranked[2]!];
    replaceEverywhere(of(g, 'c-dhjd-renovation').filter((d) => d.itemType === 'construction-evaluation' || d.itemType === 'construction-candidates'), [[String(third.bidPrice), String(second.bidPrice)]]);
  }

  // 最低报价投标被否决 (R036): the market's lowest bid rejected as below cost, with its price stated.
  for (const ev of of(g, 'c-czjd-market', 'construction-evaluation')) {
    const ranked = ev.fields.rankedBidders as Row[];
    const lowest = Math.min(...ranked.map((r) => yuanCents(r.bidPrice)));
    const names = new Set(ranked.map((r) => r.name));
    const rejected = g.companies.distinct('construction', ranked.length + 3).find((c) => !names.has(c.name));
    if (!rejected) continue;
    const text = `${rejected.name}（投标报价：${money(Math.round(lowest * 0.88 / 100) * 100)}元）：投标报价明显低于其他投标报价且未能合理说明、提供证明材料，评标委员会认定其报价低于成本，依据《招标投标法实施条例》第五十一条第（五）项否决其投标。`;
    ev.fields = { ...ev.fields, bidderCount: ranked.length + 1, rejectedBids: text };
    for (const cd of of(g, 'c-czjd-market', 'construction-candidates')) cd.fields = { ...cd.fields, rejectedBids: text };
  }

  // 同一供应商反复中标 (12 个月内 3 次): 住建局's school and bridge go to the winner of its rural road.
  const [roadAward] = of(g, 'c-xsz-road', 'construction-award');
  if (roadAward) {
    const target = { name: String(roadAward.fields.winner), cc: String(roadAward.fields.winnerCreditCode) };
    for (const key of ['c-hpz-school', 'c-lyz-bridge']) {
      const [aw] = of(g, key, 'construction-award');
      if (!aw || aw.fields.winner === target.name) continue;
      replaceEverywhere(of(g, key), [[String(aw.fields.winner), target.name], [target.name, String(aw.fields.winner)], [String(aw.fields.winnerCreditCode), target.cc], [target.cc, String(aw.fields.winnerCreditCode)]]);
    }
  }

  // 缺少必需公告: the health IT contract and acceptance are public, its result notice never was.
  for (const d of [...of(g, 'p-health-it', 'procurement-award'), ...of(g, 'p-health-it', 'procurement-documents')]) {
    g.out.splice(g.out.indexOf(d), 1);
    g.meta.delete(d.key);
  }
}
