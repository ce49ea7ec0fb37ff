// PURE: evaluates every red flag (flags.ts) on one project's public lifecycle data. Each flag ends
// tripped, clear or not testable (the data to test it is not public) – with the reason and the
// evidence values, so a reader can check the finding against the notices themselves.
import { FLAGS, type FlagCode, type FlagDef, type Thresholds } from './flags.ts';
import { AWARD_TYPES, CONTRACT_TYPES, TENDER_TYPES, addMonths, amountsInText, awardsOf, cents, daysBetween, isDate, noticesOf, partyKey, rows, str, yuan, type AwardRecord, type NoticeInput, type ProjectInput } from './extract.ts';

export type FlagStatus = 'tripped' | 'clear' | 'not_testable';

export interface Evidence {
  label: string;
  value: string;
  disclosureId?: number;
  /** Another public page the value comes from (a 黑名单 entry). */
  href?: string;
}

export interface FlagResult {
  code: FlagCode;
  status: FlagStatus;
  reason: string;
  evidence: Evidence[];
}

export interface BlacklistHit {
  name?: string;
  creditCode?: string;
  role: string;
  disclosureId: number;
  onDate: string;
  /** How the entry is described to the public (subject, decision, period). */
  entry: string;
  entryId?: number;
}

export interface EvalEnv {
  thresholds: Thresholds;
  /** Working days from `a` to `b` on the official calendar; null outside the known calendar. */
  workingDaysBetween(a: string, b: string): number | null;
  /** Awards of every project (repeat-winner). */
  awards: readonly AwardRecord[];
  /** null: the blacklist module is not available; otherwise the active-entry matches of this project's parties. */
  blacklist: readonly BlacklistHit[] | null;
}

type Check = (p: ProjectInput, th: Record<string, number>, env: EvalEnv) => Omit<FlagResult, 'code'>;

const notTestable = (reason: string, evidence: Evidence[] = []) => ({ status: 'not_testable' as const, reason, evidence });
const verdict = (tripped: boolean, trippedReason: string, clearReason: string, evidence: Evidence[]) => ({ status: tripped ? ('tripped' as const) : ('clear' as const), reason: tripped ? trippedReason : clearReason, evidence });

const singleBid: Check = (p, th) => {
  const evals = noticesOf(p, 'construction-evaluation');
  const counts = evals.flatMap((n) => {
    const c = typeof n.fields.bidderCount === 'number' ? n.fields.bidderCount : rows(n.fields.rankedBidders).length || null;
    return c === null ? [] : [{ n, c }];
  });
  if (!counts.length) return notTestable(p.sector === 'procurement' ? '政府采购结果公告不公开投标人数量，无法检测' : '未公开评标情况（投标人数量）');
  const max = th.maxBidders!;
  const ev = counts.map(({ n, c }) => ({ label: '递交投标文件的投标人', value: `${c} 家`, disclosureId: n.disclosureId }));
  return verdict(counts.some(({ c }) => c <= max), `投标人数量不超过 ${max} 家`, `投标人均多于 ${max} 家`, ev);
};

/** The bid deadline of a tender notice, moved by the latest correction published for it. */
function deadlineOf(p: ProjectInput, n: NoticeInput, own: unknown): string | undefined {
  let deadline = isDate(own) ? own : undefined;
  const from = n.fields.documentsFrom;
  const tenders = noticesOf(p, ...TENDER_TYPES).filter((t) => isDate(t.fields.documentsFrom));
  for (const c of noticesOf(p, 'procurement-correction')) {
    const nd = c.fields.newBidDeadline;
    const cd = isDate(c.fields.correctionDate) ? c.fields.correctionDate : c.formedDate;
    if (!isDate(nd) || !isDate(from) || cd < from) continue;
    // The correction belongs to the latest tender notice issued on or before it.
    const owner = tenders.filter((t) => (t.fields.documentsFrom as string) <= cd).sort((a, b) => String(b.fields.documentsFrom).localeCompare(String(a.fields.documentsFrom)))[0];
    if (owner === n && (!deadline || nd > deadline)) deadline = nd;
  }
  return deadline;
}

const shortBidPeriod: Check = (p, th, env) => {
  const ev: Evidence[] = [];
  let tripped = false;
  let tested = 0;
  for (const n of noticesOf(p, 'procurement-tender', 'procurement-negotiation', 'construction-tender')) {
    const from = n.fields.documentsFrom;
    const method = n.itemType === 'procurement-negotiation' ? (str(n.fields.method) ?? '') : '公开招标';
    const to = deadlineOf(p, n, n.itemType === 'procurement-negotiation' ? n.fields.responseDeadline : n.fields.bidDeadline);
    if (!isDate(from) || !to) continue;
    let actual: number | null;
    let min: number;
    let unit: string;
    if (method === '竞争性谈判' || method === '询价') {
      actual = env.workingDaysBetween(from, to);
      min = th.negotiationWorkingDays!;
      unit = '个工作日';
    } else {
      actual = daysBetween(from, to);
      min = method === '竞争性磋商' ? th.consultationDays! : th.tenderDays!;
      unit = '日';
    }
    if (actual === null) {
      ev.push({ label: `${method}响应期`, value: `${from} 至 ${to}：工作日历未覆盖，无法计算`, disclosureId: n.disclosureId });
      continue;
    }
    tested++;
    if (actual < min) tripped = true;
    ev.push({ label: `${method}${unit === '日' ? '投标期' : '响应期'}`, value: `${from} 至 ${to}，共 ${actual}${unit}（不得少于 ${min}${unit}）`, disclosureId: n.disclosureId });
  }
  if (!tested) return notTestable('未公开带有文件发出日和截止日的招标（采购）公告', ev);
  return verdict(tripped, '投标（响应）期短于最短期限', '投标（响应）期符合最短期限', ev);
};

const shortCandidatePublicity: Check = (p, th) => {
  const ev: Evidence[] = [];
  let tripped = false;
  for (const n of noticesOf(p, 'construction-candidates')) {
    const { publicityStart: s, publicityEnd: e } = n.fields;
    if (!isDate(s) || !isDate(e)) continue;
    const d = daysBetween(s, e);
    if (d < th.minDays!) tripped = true;
    ev.push({ label: '中标候选人公示期', value: `${s} 至 ${e}，共 ${d} 日（不得少于 ${th.minDays} 日）`, disclosureId: n.disclosureId });
  }
  if (!ev.length) return notTestable('未公开中标候选人公示（公示起止日期）');
  return verdict(tripped, `公示期少于 ${th.minDays} 日`, `公示期不少于 ${th.minDays} 日`, ev);
};

const latePublication: Check = (p, th) => {
  const ns = noticesOf(p, ...AWARD_TYPES, ...CONTRACT_TYPES);
  if (!ns.length) return notTestable('尚未公开中标结果或合同');
  const tol = th.toleranceWorkingDays!;
  const ev: Evidence[] = [];
  let tested = 0;
  let tripped = false;
  for (const n of ns) {
    const what = AWARD_TYPES.includes(n.itemType as (typeof AWARD_TYPES)[number]) ? '中标（成交）结果' : '合同';
    const pub = n.publishedAt ? new Date(Date.parse(n.publishedAt) + 8 * 3600_000).toISOString().slice(0, 10) : '未发布';
    if (n.lateWorkingDays === null || !n.dueDate) {
      ev.push({ label: `${what}公开期限`, value: `无法计算（首次发布 ${pub}）`, disclosureId: n.disclosureId });
      continue;
    }
    tested++;
    if (n.lateWorkingDays > tol) tripped = true;
    ev.push({ label: `${what}公开期限`, value: `应于 ${n.dueDate} 前公开，${pub} 首次发布${n.lateWorkingDays > 0 ? `，逾期 ${n.lateWorkingDays} 个工作日` : '，按时'}`, disclosureId: n.disclosureId });
  }
  if (!tested) return notTestable('公开期限无法计算（无期限规则或超出工作日历）', ev);
  return verdict(tripped, tol ? `逾期超过 ${tol} 个工作日` : '逾期公开', '按期公开', ev);
};

/** Ceiling of a construction award: its section's 最高投标限价, else the tender's. */
function constructionBudget(p: ProjectInput, award: NoticeInput): { amount: bigint; source: NoticeInput } | null {
  const section = str(award.fields.sectionNo);
  for (const t of noticesOf(p, 'construction-tender')) {
    const secs = rows(t.fields.sections);
    const match = section ? secs.find((s) => str(s.sectionNo) === section) : secs.length === 1 ? secs[0] : undefined;
    const c = cents(match?.maxPrice) ?? cents(t.fields.maxPrice);
    if (c !== null && c > 0n) return { amount: c, source: t };
  }
  return null;
}

const awardNearBudget: Check = (p, th) => {
  const bp = BigInt(Math.round(th.percent! * 100)); // basis points
  const ev: Evidence[] = [];
  let tripped = false;
  for (const n of noticesOf(p, ...AWARD_TYPES)) {
    let award: bigint | null;
    let budget: bigint | null;
    let label: string;
    if (n.itemType === 'procurement-award') {
      const amounts = rows(n.fields.suppliers).map((r) => cents(r.awardAmount));
      award = amounts.length && amounts.every((a) => a !== null) ? amounts.reduce((s, a) => s! + a!, 0n) : null;
      budget = cents(n.fields.budgetAmount);
      label = '预算金额';
    } else {
      award = cents(n.fields.awardPrice);
      budget = constructionBudget(p, n)?.amount ?? null;
      label = '最高投标限价';
    }
    if (award === null || budget === null || budget <= 0n) continue;
    // award ≥ budget × (1 − p%), in exact integers.
    const near = award * 10_000n >= budget * (10_000n - bp);
    if (near) tripped = true;
    const ratio = Number((award * 1_000_000n) / budget) / 10_000;
    ev.push({ label: `中标金额 / ${label}`, value: `${yuan(award)} / ${yuan(budget)}（${ratio.toFixed(2)}%）`, disclosureId: n.disclosureId });
  }
  if (!ev.length) return notTestable('中标金额或预算（最高投标限价）未公开');
  return verdict(tripped, `中标金额与预算之差不超过 ${th.percent}%（或超过预算）`, `中标金额低于预算 ${th.percent}% 以上`, ev);
};

/** Every priced bid known from the evaluation and the candidate publicity, one per bidder. */
function pricedBids(p: ProjectInput): { key: string; name: string; price: bigint; disclosureId: number }[] {
  const byKey = new Map<string, { key: string; name: string; price: bigint; disclosureId: number }>();
  for (const n of noticesOf(p, 'construction-evaluation', 'construction-candidates')) {
    for (const r of rows(n.itemType === 'construction-evaluation' ? n.fields.rankedBidders : n.fields.candidates)) {
      const key = partyKey(str(r.name), str(r.creditCode));
      const price = cents(r.bidPrice);
      if (key && price !== null && !byKey.has(key)) byKey.set(key, { key, name: str(r.name) ?? key, price, disclosureId: n.disclosureId });
    }
  }
  return [...byKey.values()];
}

const identicalBidPrices: Check = (p, th) => {
  const bids = pricedBids(p);
  if (bids.length < 2) return notTestable(p.sector === 'procurement' ? '政府采购结果公告不公开各投标人报价，无法检测' : '公开的投标报价少于2个');
  const groups = new Map<bigint, typeof bids>();
  for (const b of bids) groups.set(b.price, [...(groups.get(b.price) ?? []), b]);
  const same = [...groups.values()].filter((g) => g.length >= th.minBids!);
  const ev = same.length
    ? same.map((g) => ({ label: '相同报价', value: `${yuan(g[0]!.price)}：${g.map((b) => b.name).join('、')}`, disclosureId: g[0]!.disclosureId }))
    : [{ label: '已比对的投标报价', value: `${bids.length} 个，互不相同` }];
  return verdict(same.length > 0, `${th.minBids} 家以上投标人报价相同`, '投标报价互不相同', ev);
};

const lowestBidDisqualified: Check = (p) => {
  const ns = noticesOf(p, 'construction-evaluation', 'construction-candidates');
  if (!ns.length) return notTestable(p.sector === 'procurement' ? '政府采购结果公告不公开被否决投标的报价，无法检测' : '未公开评标情况或中标候选人公示');
  const qualified = pricedBids(p);
  const texts = ns.map((n) => ({ n, text: str(n.fields.rejectedBids) })).filter((x): x is { n: NoticeInput; text: string } => !!x.text);
  const ev0 = noticesOf(p, 'construction-evaluation')[0];
  const count = typeof ev0?.fields.bidderCount === 'number' ? ev0.fields.bidderCount : null;
  const rankedN = ev0 ? rows(ev0.fields.rankedBidders).length : 0;
  if (!texts.length) {
    if (count !== null && rankedN && count > rankedN) return notTestable(`${count - rankedN} 家投标未进入合格排序，但未公开被否决投标的情况`);
    return { status: 'clear', reason: '未公开任何被否决的投标', evidence: count !== null ? [{ label: '投标人 / 合格投标人', value: `${count} / ${rankedN}`, disclosureId: ev0!.disclosureId }] : [] };
  }
  const rejected = texts.flatMap(({ n, text }) => amountsInText(text).map((a) => ({ a, n })));
  if (!rejected.length) return notTestable('被否决投标情况未列明报价', texts.map(({ n, text }) => ({ label: '被否决投标情况', value: text, disclosureId: n.disclosureId })));
  if (!qualified.length) return notTestable('未公开合格投标人的报价');
  const minQ = qualified.reduce((m, b) => (b.price < m.price ? b : m));
  const minR = rejected.reduce((m, r) => (r.a < m.a ? r : m));
  const ev: Evidence[] = [
    { label: '被否决投标的最低报价', value: yuan(minR.a), disclosureId: minR.n.disclosureId },
    { label: '合格投标的最低报价', value: `${yuan(minQ.price)}（${minQ.name}）`, disclosureId: minQ.disclosureId },
  ];
  return verdict(minR.a < minQ.price, '最低报价的投标被否决', '被否决投标的报价均不低于合格投标的最低报价', ev);
};

const repeatWinner: Check = (p, th, env) => {
  const mine = awardsOf(p);
  if (!mine.length) return notTestable('尚未公开中标结果');
  const W = th.windowMonths!;
  const ev: Evidence[] = [];
  let tripped = false;
  for (const a of mine) {
    // Distinct projects of this buyer won by this supplier, by date.
    const wins = [...new Map(env.awards.filter((x) => x.buyer === a.buyer && x.supplierKey === a.supplierKey).map((x) => [x.projectId, x])).values()].sort((x, y) => x.date.localeCompare(y.date));
    // Is there a window of W months containing this award with at least minWins wins?
    let best: AwardRecord[] = [];
    for (const start of wins) {
      if (start.date > a.date) break;
      const end = addMonths(start.date, W);
      if (a.date >= end) continue;
      const inWin = wins.filter((x) => x.date >= start.date && x.date < end);
      if (inWin.length > best.length) best = inWin;
    }
    if (best.length >= th.minWins!) {
      tripped = true;
      ev.push({ label: `${a.supplierName} ${W} 个月内中标同一采购人项目`, value: `${best.length} 次：${best.map((x) => `${x.projectTitle}（${x.date}）`).join('；')}`, disclosureId: a.disclosureId });
    } else ev.push({ label: `${a.supplierName} ${W} 个月内中标同一采购人项目`, value: `${Math.max(best.length, 1)} 次`, disclosureId: a.disclosureId });
  }
  return verdict(tripped, `同一中标人 ${W} 个月内中标同一采购人项目达 ${th.minWins} 次`, `未达到 ${W} 个月内 ${th.minWins} 次`, ev);
};

const blacklisted: Check = (p, _th, env) => {
  if (env.blacklist === null) return notTestable('黑名单数据暂不可用');
  const n = new Set(p.notices.flatMap((x) => (['procurement-award', 'procurement-contract', 'procurement-single-source', 'construction-evaluation', 'construction-candidates', 'construction-award', 'construction-contract'].includes(x.itemType) ? [x.disclosureId] : [])));
  if (!n.size) return notTestable('未公开投标人、中标人或合同相对人');
  const ev = env.blacklist.map((h) => ({ label: `${h.role}${h.name ?? ''}${h.creditCode ? `（${h.creditCode}）` : ''}`, value: `${h.onDate} 在黑名单中：${h.entry}`, disclosureId: h.disclosureId, ...(h.entryId ? { href: `/blacklist/${h.entryId}` } : {}) }));
  return verdict(ev.length > 0, '参与人在黑名单有效期内', '参与人均不在黑名单中', ev);
};

const missingNotice: Check = (p) => {
  const has = (...types: string[]) => noticesOf(p, ...types).length > 0;
  const first = (...types: string[]) => noticesOf(p, ...types)[0]!;
  const awards = has(...AWARD_TYPES);
  const contracts = has(...CONTRACT_TYPES);
  const accepted = has('procurement-acceptance');
  if (!awards && !contracts && !accepted) return notTestable('项目尚未进入中标结果、合同或验收阶段');
  const gaps: Evidence[] = [];
  if (contracts && !awards) gaps.push({ label: '合同已公开', value: '未公开中标（成交）结果公告', disclosureId: first(...CONTRACT_TYPES).disclosureId });
  if (awards && !has(...TENDER_TYPES)) gaps.push({ label: '中标结果已公开', value: '未公开招标（采购）公告', disclosureId: first(...AWARD_TYPES).disclosureId });
  if (has('construction-award') && !has('construction-candidates')) gaps.push({ label: '工程中标结果已公开', value: '未公示中标候选人', disclosureId: first('construction-award').disclosureId });
  if (accepted && !has('procurement-contract')) gaps.push({ label: '验收结果已公开', value: '未公开政府采购合同', disclosureId: first('procurement-acceptance').disclosureId });
  return verdict(gaps.length > 0, '缺少必需的前序公告', '已公开的各环节均有前序公告', gaps.length ? gaps : [{ label: '已公开环节', value: [awards ? '中标结果' : '', contracts ? '合同' : '', accepted ? '验收' : ''].filter(Boolean).join('、') }]);
};

const CHECKS: Record<FlagCode, Check> = {
  'single-bid': singleBid,
  'short-bid-period': shortBidPeriod,
  'short-candidate-publicity': shortCandidatePublicity,
  'late-publication': latePublication,
  'award-near-budget': awardNearBudget,
  'identical-bid-prices': identicalBidPrices,
  'lowest-bid-disqualified': lowestBidDisqualified,
  'repeat-winner': repeatWinner,
  'blacklisted-participant': blacklisted,
  'missing-notice': missingNotice,
};

/** The flags that apply to a project's sector, in the order of FLAGS. */
export function applicableFlags(sector: string): FlagDef[] {
  return FLAGS.filter((f) => (f.sectors as readonly string[]).includes(sector));
}

export function evaluateProject(p: ProjectInput, env: EvalEnv): FlagResult[] {
  return applicableFlags(p.sector).map((f) => ({ code: f.code, ...CHECKS[f.code](p, env.thresholds[f.code], env) }));
}
