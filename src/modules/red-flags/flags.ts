// Red flags on procurement and bidding projects (issue 8 §3), as DATA: each flag's code, Chinese
// name, definition, configurable thresholds (default and bounds), the item-type fields it reads,
// its legal basis and the matching Open Contracting “Cardinal” indicator where one exists, so
// results can be compared with other publishers'. A flag is a reason to look, never a verdict.
//
// Cardinal ids are those of open-contracting/cardinal-rs (docs/cli/indicators/R/*.md): R003 short
// submission period, R018 single bid received, R024 price close to winning bid (second-lowest valid
// bid vs the winner – NOT the budget), R028 identical bid prices, R030 late bid won, R035 all except
// winning bid disqualified, R036 lowest bid disqualified, R038 excessive disqualified bids, R048
// heterogeneous supplier, R058 heavily discounted bid. Flags without an equivalent say `null`.

export const FLAG_CODES = [
  'single-bid',
  'short-bid-period',
  'short-candidate-publicity',
  'late-publication',
  'award-near-budget',
  'identical-bid-prices',
  'lowest-bid-disqualified',
  'repeat-winner',
  'blacklisted-participant',
  'missing-notice',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

export type FlagSector = 'procurement' | 'construction';
export const FLAG_SECTORS: readonly FlagSector[] = ['procurement', 'construction'];

export interface ThresholdDef {
  key: string;
  label: string;
  /** Chinese unit shown after the value (日, 个工作日, %, 家, 次, 个月). */
  unit: string;
  default: number;
  min: number;
  max: number;
  /** Whole numbers only; otherwise up to two decimals. */
  integer: boolean;
  help?: string;
}

export interface FlagDef {
  code: FlagCode;
  name: string;
  definition: string;
  /** Sectors whose projects the flag applies to (others do not list it at all). */
  sectors: readonly FlagSector[];
  thresholds: readonly ThresholdDef[];
  /** `item-type.fieldKey` the flag reads (catalogue-data.ts). */
  fields: readonly string[];
  legalBasis: string;
  /** Open Contracting Cardinal indicator id, or null when there is no equivalent. */
  cardinal: string | null;
  cardinalNote?: string;
}

export const FLAGS: readonly FlagDef[] = [
  {
    // 招标投标法 第二十八条: “投标人少于三个的，招标人应当依照本法重新招标。”
    // 财政部令第87号 第四十三条: 公开招标数额标准以上的采购项目，投标截止后投标人不足3家的，除采购任务取消外，
    // 应当重新组织采购或报财政部门批准变更采购方式。
    code: 'single-bid',
    name: '单一投标',
    definition: '竞争性招标中递交投标文件的投标人数量不超过阈值（默认仅1家），竞争不足。',
    sectors: ['procurement', 'construction'],
    thresholds: [{ key: 'maxBidders', label: '投标人数量不超过', unit: '家', default: 1, min: 1, max: 2, integer: true }],
    fields: ['construction-evaluation.bidderCount', 'construction-evaluation.rankedBidders'],
    legalBasis: '《招标投标法》第二十八条；《政府采购货物和服务招标投标管理办法》（财政部令第87号）第四十三条',
    cardinal: 'R018',
  },
  {
    // 政府采购法 第三十五条 / 招标投标法 第二十四条: “自招标文件开始发出之日起至投标人提交投标文件截止之日止，
    // 最短不得少于二十日。” 财库〔2014〕214号 第十条: 磋商文件发出之日起至首次响应截止之日止不得少于10日。
    // 财政部令第74号 第二十九条、第四十五条: 谈判文件、询价通知书发出之日起至首次响应截止之日止不得少于3个工作日。
    code: 'short-bid-period',
    name: '投标（响应）期短于法定最短期限',
    definition: '自招标（采购）文件开始发出之日至投标（响应）截止之日的天数少于法定最短期限；有更正公告顺延截止时间的，按顺延后的截止日计算。',
    sectors: ['procurement', 'construction'],
    thresholds: [
      { key: 'tenderDays', label: '公开招标投标期不少于', unit: '日', default: 20, min: 20, max: 90, integer: true, help: '不得低于法定的20日' },
      { key: 'consultationDays', label: '竞争性磋商响应期不少于', unit: '日', default: 10, min: 10, max: 60, integer: true },
      { key: 'negotiationWorkingDays', label: '竞争性谈判、询价响应期不少于', unit: '个工作日', default: 3, min: 3, max: 30, integer: true },
    ],
    fields: ['procurement-tender.documentsFrom', 'procurement-tender.bidDeadline', 'procurement-correction.newBidDeadline', 'procurement-negotiation.method', 'procurement-negotiation.documentsFrom', 'procurement-negotiation.responseDeadline', 'construction-tender.documentsFrom', 'construction-tender.bidDeadline'],
    legalBasis: '《政府采购法》第三十五条；《招标投标法》第二十四条；《政府采购竞争性磋商采购方式管理暂行办法》（财库〔2014〕214号）第十条；《政府采购非招标采购方式管理办法》（财政部令第74号）第二十九条、第四十五条',
    cardinal: 'R003',
    cardinalNote: 'Cardinal R003 默认阈值为15日；本平台按中国法定最短期限。',
  },
  {
    // 招标投标法实施条例 第五十四条: “依法必须进行招标的项目，招标人应当自收到评标报告之日起3日内公示中标候选人，
    // 公示期不得少于3日。”
    code: 'short-candidate-publicity',
    name: '中标候选人公示期不足',
    definition: '中标候选人公示的开始日至结束日少于规定天数（默认3日）。',
    sectors: ['construction'],
    thresholds: [{ key: 'minDays', label: '公示期不少于', unit: '日', default: 3, min: 3, max: 15, integer: true }],
    fields: ['construction-candidates.publicityStart', 'construction-candidates.publicityEnd'],
    legalBasis: '《招标投标法实施条例》第五十四条',
    cardinal: null,
  },
  {
    // 政府采购法实施条例 第四十三条（中标、成交结果2个工作日内公告）、第五十条（合同签订之日起2个工作日内公告）;
    // 政府信息公开条例 第二十六条（形成或变更之日起20个工作日内公开）。Due dates are the timeliness module's.
    code: 'late-publication',
    name: '中标结果或合同逾期公开',
    definition: '中标（成交）结果公告或合同公告的首次发布日晚于其公开期限（按法定工作日历计算）超过允许天数。',
    sectors: ['procurement', 'construction'],
    thresholds: [{ key: 'toleranceWorkingDays', label: '允许逾期不超过', unit: '个工作日', default: 0, min: 0, max: 20, integer: true }],
    fields: ['procurement-award.awardDate', 'procurement-contract.signedDate', 'construction-award（形成日期）', 'construction-contract（形成日期）', '公开期限（dueDate）', '首次发布时间（firstPublishedAt）'],
    legalBasis: '《政府采购法实施条例》第四十三条、第五十条；《政府信息公开条例》第二十六条',
    cardinal: null,
  },
  {
    // 财政部令第87号 第六十三条第（四）项: 投标报价超过招标文件中规定的预算金额或者最高限价的，投标无效;
    // 招标投标法实施条例 第二十七条: 招标人设有最高投标限价的，应当在招标文件中明确。An award that lands on
    // the budget or ceiling suggests the price was known in advance or competition was absent.
    code: 'award-near-budget',
    name: '中标金额接近预算（最高限价）',
    definition: '中标（成交）金额与预算金额（工程为最高投标限价）之差不超过预算的阈值百分比（默认1%），或超过预算。',
    sectors: ['procurement', 'construction'],
    thresholds: [{ key: 'percent', label: '与预算之差不超过', unit: '%', default: 1, min: 0.1, max: 10, integer: false }],
    fields: ['procurement-award.budgetAmount', 'procurement-award.suppliers.awardAmount', 'construction-tender.maxPrice', 'construction-tender.sections.maxPrice', 'construction-award.awardPrice'],
    legalBasis: '《政府采购货物和服务招标投标管理办法》（财政部令第87号）第六十三条；《招标投标法实施条例》第二十七条',
    cardinal: null,
    cardinalNote: 'Cardinal R024 比较的是中标价与第二低有效报价，而非预算，故无对应指标。',
  },
  {
    // 招标投标法实施条例 第四十条: 有下列情形之一的，视为投标人相互串通投标：……（四）不同投标人的投标文件异常一致
    // 或者投标报价呈规律性差异。
    code: 'identical-bid-prices',
    name: '投标报价相同',
    definition: '不同投标人的投标报价完全相同（默认至少2家）。',
    sectors: ['procurement', 'construction'],
    thresholds: [{ key: 'minBids', label: '报价相同的投标人不少于', unit: '家', default: 2, min: 2, max: 5, integer: true }],
    fields: ['construction-evaluation.rankedBidders.bidPrice', 'construction-candidates.candidates.bidPrice'],
    legalBasis: '《招标投标法实施条例》第四十条第（四）项',
    cardinal: 'R028',
  },
  {
    // 招标投标法 第四十一条: 中标人的投标应当……经评审的投标价格最低；但是投标价格低于成本的除外。
    // 招标投标法实施条例 第五十一条: 有下列情形之一的，评标委员会应当否决其投标：……（五）投标报价低于成本或者高于
    // 招标文件设定的最高投标限价。
    code: 'lowest-bid-disqualified',
    name: '最低报价投标被否决',
    definition: '被否决投标中有报价低于全部合格投标人最低报价的投标（否决情况须列明报价，如“投标报价：1234567.00元”）。',
    sectors: ['procurement', 'construction'],
    thresholds: [],
    fields: ['construction-evaluation.rejectedBids', 'construction-evaluation.rankedBidders.bidPrice', 'construction-evaluation.bidderCount', 'construction-candidates.rejectedBids', 'construction-candidates.candidates.bidPrice'],
    legalBasis: '《招标投标法》第四十一条；《招标投标法实施条例》第五十一条',
    cardinal: 'R036',
    cardinalNote: 'Cardinal R036 仅适用于价格为唯一评标因素的项目；本平台对各评标办法均检测。',
  },
  {
    // 招标投标法实施条例 第三十二条: 招标人不得以不合理的条件限制、排斥潜在投标人或者投标人。
    // 政府采购法实施条例 第二十条: 以不合理的条件对供应商实行差别待遇或者歧视待遇的情形。
    code: 'repeat-winner',
    name: '同一供应商反复中标同一采购人项目',
    definition: '同一中标人（按统一社会信用代码，无代码时按名称）在阈值月数内中标同一采购人（招标人）的项目达到阈值次数（默认12个月内3次）。',
    sectors: ['procurement', 'construction'],
    thresholds: [
      { key: 'minWins', label: '中标次数不少于', unit: '次', default: 3, min: 2, max: 20, integer: true },
      { key: 'windowMonths', label: '统计期间', unit: '个月', default: 12, min: 1, max: 36, integer: true },
    ],
    fields: ['procurement-award.purchaser', 'procurement-award.suppliers.name', 'procurement-award.suppliers.creditCode', 'procurement-award.awardDate', 'construction-award.tenderer', 'construction-award.winner', 'construction-award.winnerCreditCode', 'construction-award.awardNoticeDate'],
    legalBasis: '《招标投标法实施条例》第三十二条；《政府采购法实施条例》第二十条',
    cardinal: null,
    cardinalNote: 'Cardinal R048（供应商品目异质）衡量的是供应品目的多样性，与本指标不同。',
  },
  {
    // 政府采购法 第七十七条: 供应商有下列情形之一的……列入不良行为记录名单，在一至三年内禁止参加政府采购活动。
    // 招标投标法实施条例 第六十七条、第六十八条: 取消其1年至2年（3年）内参加依法必须进行招标的项目的投标资格。
    code: 'blacklisted-participant',
    name: '参与人在黑名单中',
    definition: '投标人、中标候选人、中标人或合同相对人在其参与之日处于黑名单有效期内（先按统一社会信用代码，再按规范化名称匹配）。',
    sectors: ['procurement', 'construction'],
    thresholds: [],
    fields: ['procurement-award.suppliers', 'procurement-contract.supplier', 'procurement-single-source.supplierName', 'construction-evaluation.rankedBidders', 'construction-candidates.candidates', 'construction-award.winner', 'construction-contract.contractor'],
    legalBasis: '《政府采购法》第七十七条；《招标投标法实施条例》第六十七条、第六十八条',
    cardinal: null,
  },
  {
    // 政府采购法实施条例 第四十三条、第五十条; 招标投标法实施条例 第五十四条; 国办发〔2017〕97号 (全流程公开).
    code: 'missing-notice',
    name: '全流程缺少必需公告',
    definition: '项目后一环节已公开而前一必需环节未公开：合同无中标结果、中标结果无招标（采购）公告、工程中标结果无中标候选人公示、验收结果无合同。',
    sectors: ['procurement', 'construction'],
    thresholds: [],
    fields: ['各环节公告的信息类型（item type）'],
    legalBasis: '《政府采购法实施条例》第四十三条、第五十条；《招标投标法实施条例》第五十四条；国办发〔2017〕97号',
    cardinal: null,
  },
];

export const FLAG_BY_CODE: ReadonlyMap<FlagCode, FlagDef> = new Map(FLAGS.map((f) => [f.code, f]));

export function isFlagCode(s: string): s is FlagCode {
  return (FLAG_CODES as readonly string[]).includes(s);
}

/** Thresholds per flag: `{ 'single-bid': { maxBidders: 1 }, … }`. */
export type Thresholds = Record<FlagCode, Record<string, number>>;

export function defaultThresholds(): Thresholds {
  return Object.fromEntries(FLAGS.map((f) => [f.code, Object.fromEntries(f.thresholds.map((t) => [t.key, t.default]))])) as Thresholds;
}

/** Defaults overlaid with stored values (unknown keys ignored, out-of-bounds values fall back to the default). */
export function mergeThresholds(stored: Partial<Record<string, Record<string, unknown>>>): Thresholds {
  const out = defaultThresholds();
  for (const f of FLAGS) {
    const s = stored[f.code] ?? {};
    for (const t of f.thresholds) {
      const v = s[t.key];
      if (typeof v === 'number' && Number.isFinite(v) && v >= t.min && v <= t.max && (!t.integer || Number.isInteger(v))) out[f.code][t.key] = v;
    }
  }
  return out;
}

/** Checks a submitted threshold value (form or API); returns the number or a Chinese error. */
export function parseThreshold(t: ThresholdDef, raw: string): { ok: true; value: number } | { ok: false; message: string } {
  const s = raw.trim();
  if (!s) return { ok: false, message: `请填写“${t.label}”` };
  if (!(t.integer ? /^\d+$/ : /^\d+(\.\d{1,2})?$/).test(s)) return { ok: false, message: `“${t.label}”应为${t.integer ? '整数' : '数字（最多两位小数）'}` };
  const v = Number(s);
  if (v < t.min || v > t.max) return { ok: false, message: `“${t.label}”应在 ${t.min}–${t.max}${t.unit} 之间` };
  return { ok: true, value: v };
}

export function describeThresholds(f: FlagDef, th: Thresholds): string {
  if (!f.thresholds.length) return '无（不可配置）';
  return f.thresholds.map((t) => `${t.label} ${th[f.code][t.key]}${t.unit}`).join('；');
}
