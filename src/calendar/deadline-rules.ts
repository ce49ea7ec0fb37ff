// Deadline rules as data (RULES.md §1–§7). Each rule names its legal basis so the UI can show it
// and a reviewer can check it; rules marked `unverified` in RULES.md carry `unverified: true` and
// say so in their description. Pure: the calendar is passed in.
import type { IsoDate, WorkingCalendar } from './calendar.ts';

export type RuleKind =
  /** Must happen within `count` units after the start event. */
  | 'due'
  /** A period (公告期, 公示期, 投标期) must last at least `count` units from the start event. */
  | 'minDuration'
  /** Must happen at least `count` units before the event (e.g. 采购意向 ≥ 30 days before procurement). */
  | 'leadTime';

export type RuleUnit = 'workingDays' | 'calendarDays';

/** The event a rule counts from (or, for leadTime rules, back from), with its Chinese label. */
export const START_EVENTS = {
  formed: '信息形成（变更）之日',
  decision: '作出决定之日',
  supplierDetermined: '确定中标（成交）供应商之日',
  contractSigned: '合同签订之日',
  evaluationReportReceived: '收到评标报告之日',
  procurementStart: '采购活动开始',
  approval: '批准之日',
  announcementStart: '公告发布之日',
  publicityStart: '公示开始之日',
  documentsIssued: '招标文件开始发出之日',
  tenderNoticePublished: '招标公告发布',
  penaltyChanged: '处罚决定变更或撤销之日',
  allocationFixed: '补助对象（分配结果）确定之日',
  requestReceived: '收到政府信息公开申请之日',
  answerDue: '原答复期限届满之日',
  consultationReceived: '第三方收到征求意见书之日',
} as const satisfies Record<string, string>;

export type StartEvent = keyof typeof START_EVENTS;

export interface LegalBasis {
  /** Short title of the law or document, without 《》 (e.g. 政府信息公开条例). */
  law: string;
  /** Article in Chinese (第二十六条); '' when the article is unknown or unverified. */
  article: string;
  /** Document number shown after the title, e.g. 财政部令第87号. */
  docNo?: string;
  /** `law` is a description, not a title: shown without 《》. */
  untitled?: true;
}

export interface DeadlineRule {
  /** Stable kebab-case code, stored in item types and the database. */
  code: string;
  kind: RuleKind;
  unit: RuleUnit;
  count: number;
  startEvent: StartEvent;
  basis: LegalBasis;
  /** Further bases for the same rule (e.g. the procurement and the bidding law). */
  alsoBasis?: readonly LegalBasis[];
  /** Chinese description shown to users. */
  label: string;
  /** RULES.md marks the figure or its article as unverified: keep it configurable, show the caveat. */
  unverified?: true;
}

const REGULATIONS = '政府信息公开条例';
const PROCUREMENT_REGULATIONS = '政府采购法实施条例';
const BIDDING_REGULATIONS = '招标投标法实施条例';
const ORDER_87: LegalBasis = {
  law: '政府采购货物和服务招标投标管理办法',
  docNo: '财政部令第87号',
  article: '第十六条',
};
const ORDER_32 = (): LegalBasis => ({
  law: '企业国有资产交易监督管理办法',
  docNo: '国资委、财政部令第32号',
  article: '', // RULES.md §6: article numbers unverified
});
// RULES.md §1 attributes the 20-working-day, 双公示 and housing-list limits to the district's
// 2018 implementation plan (following 国办发〔2017〕97号); its exact title is not in RULES.md.
const DISTRICT_PLAN: LegalBasis = {
  law: '本区2018年公共资源配置领域政府信息公开实施方案',
  article: '',
  untitled: true,
};

export const DEADLINE_RULES = [
  // 政府信息公开条例 第二十六条：“属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起
  // 20个工作日内及时公开。法律、法规对政府信息公开的期限另有规定的，从其规定。”
  {
    code: 'formation-20wd',
    kind: 'due',
    unit: 'workingDays',
    count: 20,
    startEvent: 'formed',
    basis: { law: REGULATIONS, article: '第二十六条' },
    label: '自信息形成（变更）之日起20个工作日内公开',
  },
  // 双公示: 行政许可、行政处罚 within 7 working days of the decision (the plan, RULES.md §1).
  {
    code: 'dual-publicity-7wd',
    kind: 'due',
    unit: 'workingDays',
    count: 7,
    startEvent: 'decision',
    basis: DISTRICT_PLAN,
    label: '行政许可、行政处罚信息自作出决定之日起7个工作日内公开（“双公示”）',
  },

  // --- Government procurement (RULES.md §4)
  // 实施条例 第四十三条: result announced within 2 working days of the supplier being determined.
  {
    code: 'procurement-result-2wd',
    kind: 'due',
    unit: 'workingDays',
    count: 2,
    startEvent: 'supplierDetermined',
    basis: { law: PROCUREMENT_REGULATIONS, article: '第四十三条' },
    label: '中标（成交）结果自确定中标（成交）供应商之日起2个工作日内公告',
  },
  // 实施条例 第五十条: contract published within 2 working days of signing.
  {
    code: 'procurement-contract-2wd',
    kind: 'due',
    unit: 'workingDays',
    count: 2,
    startEvent: 'contractSigned',
    basis: { law: PROCUREMENT_REGULATIONS, article: '第五十条' },
    label: '政府采购合同自签订之日起2个工作日内公告',
  },
  // 财库〔2020〕10号: 采购意向 no later than 30 days before procurement starts.
  {
    code: 'procurement-intention-30d',
    kind: 'leadTime',
    unit: 'calendarDays',
    count: 30,
    startEvent: 'procurementStart',
    basis: { law: '关于开展政府采购意向公开工作的通知', docNo: '财库〔2020〕10号', article: '' },
    label: '采购意向原则上不晚于采购活动开始前30日公开',
  },
  // 87号令 第十六条: 招标公告、资格预审公告的公告期限为5个工作日.
  {
    code: 'procurement-announcement-5wd',
    kind: 'minDuration',
    unit: 'workingDays',
    count: 5,
    startEvent: 'announcementStart',
    basis: ORDER_87,
    label: '招标公告、资格预审公告的公告期限为5个工作日',
  },
  // 实施条例 第三十八条: 单一来源 publicity at least 5 working days.
  {
    code: 'single-source-5wd',
    kind: 'minDuration',
    unit: 'workingDays',
    count: 5,
    startEvent: 'publicityStart',
    basis: { law: PROCUREMENT_REGULATIONS, article: '第三十八条' },
    label: '单一来源采购公示期不得少于5个工作日',
  },
  // 实施条例 第四十三条: 中标、成交结果公告期限为1个工作日.
  {
    code: 'procurement-result-period-1wd',
    kind: 'minDuration',
    unit: 'workingDays',
    count: 1,
    startEvent: 'announcementStart',
    basis: { law: PROCUREMENT_REGULATIONS, article: '第四十三条' },
    label: '中标（成交）结果公告期限为1个工作日',
  },
  // 政府采购法 第三十五条 / 招标投标法 第二十四条: 自招标文件开始发出之日起至投标人提交投标文件
  // 截止之日止，不得少于二十日.
  {
    code: 'bid-period-20d',
    kind: 'minDuration',
    unit: 'calendarDays',
    count: 20,
    startEvent: 'documentsIssued',
    basis: { law: '政府采购法', article: '第三十五条' },
    alsoBasis: [{ law: '招标投标法', article: '第二十四条' }],
    label: '自招标文件开始发出之日起至提交投标文件截止之日止，不得少于20日',
  },

  // --- Construction bidding (RULES.md §5, calendar days)
  // 招标投标法实施条例 第十六条: 资格预审文件或者招标文件的发售期不得少于5日.
  {
    code: 'tender-documents-5d',
    kind: 'minDuration',
    unit: 'calendarDays',
    count: 5,
    startEvent: 'documentsIssued',
    basis: { law: BIDDING_REGULATIONS, article: '第十六条' },
    label: '资格预审文件或者招标文件的发售期不得少于5日',
  },
  // 招标投标法实施条例 第五十四条: 收到评标报告之日起3日内公示中标候选人，公示期不得少于3日.
  {
    code: 'candidate-publicity-3d',
    kind: 'due',
    unit: 'calendarDays',
    count: 3,
    startEvent: 'evaluationReportReceived',
    basis: { law: BIDDING_REGULATIONS, article: '第五十四条' },
    label: '自收到评标报告之日起3日内公示中标候选人',
  },
  {
    code: 'candidate-publicity-min-3d',
    kind: 'minDuration',
    unit: 'calendarDays',
    count: 3,
    startEvent: 'publicityStart',
    basis: { law: BIDDING_REGULATIONS, article: '第五十四条' },
    label: '中标候选人公示期不得少于3日',
  },
  // Guangdong: 招标计划 published at least 30 days before the tender notice (RULES.md §5, unverified).
  {
    code: 'construction-plan-30d',
    kind: 'leadTime',
    unit: 'calendarDays',
    count: 30,
    startEvent: 'tenderNoticePublished',
    basis: { law: '广东省有关招标计划发布的通知', article: '', untitled: true },
    label: '招标计划在招标公告发布前至少30日发布（广东省规定，依据待核实）',
    unverified: true,
  },

  // --- State-owned property transactions (RULES.md §6, 32号令, working days incl. 调休 weekends)
  {
    code: 'property-predisclosure-10wd',
    kind: 'due',
    unit: 'workingDays',
    count: 10,
    startEvent: 'approval',
    basis: ORDER_32(),
    label: '转让行为获批后10个工作日内进行信息预披露',
    unverified: true,
  },
  {
    code: 'property-predisclosure-min-20wd',
    kind: 'minDuration',
    unit: 'workingDays',
    count: 20,
    startEvent: 'announcementStart',
    basis: ORDER_32(),
    label: '信息预披露时间不得少于20个工作日',
    unverified: true,
  },
  {
    code: 'property-disclosure-min-20wd',
    kind: 'minDuration',
    unit: 'workingDays',
    count: 20,
    startEvent: 'announcementStart',
    basis: ORDER_32(),
    label: '产权转让正式披露信息时间不得少于20个工作日',
    unverified: true,
  },
  {
    code: 'property-capital-increase-min-40wd',
    kind: 'minDuration',
    unit: 'workingDays',
    count: 40,
    startEvent: 'announcementStart',
    basis: ORDER_32(),
    label: '企业增资信息披露时间不得少于40个工作日',
    unverified: true,
  },
  {
    code: 'property-result-min-5wd',
    kind: 'minDuration',
    unit: 'workingDays',
    count: 5,
    startEvent: 'announcementStart',
    basis: ORDER_32(),
    label: '交易结果公告期不得少于5个工作日',
    unverified: true,
  },

  // --- Housing (RULES.md §7): beneficiary lists and annual tasks within 20 wd of being fixed.
  {
    code: 'housing-list-20wd',
    kind: 'due',
    unit: 'workingDays',
    count: 20,
    startEvent: 'allocationFixed',
    basis: DISTRICT_PLAN,
    label: '农村危房改造补助对象名单和年度任务自确定之日起20个工作日内公开',
  },

  // 行政处罚法 第四十八条第二款：“公开的行政处罚决定被依法变更、撤销、确认违法或者确认无效的，
  // 行政机关应当在三日内撤回行政处罚决定信息并公开说明理由。”
  {
    code: 'penalty-withdraw-3d',
    kind: 'due',
    unit: 'calendarDays',
    count: 3,
    startEvent: 'penaltyChanged',
    basis: { law: '行政处罚法', article: '第四十八条' },
    label: '行政处罚决定被变更、撤销的，3日内撤回原公开信息并说明理由',
  },

  // --- Requests (依申请公开, 条例 30–33)
  // 第三十三条: 收到申请之日起20个工作日内予以答复.
  {
    code: 'request-answer-20wd',
    kind: 'due',
    unit: 'workingDays',
    count: 20,
    startEvent: 'requestReceived',
    basis: { law: REGULATIONS, article: '第三十三条' },
    label: '自收到申请之日起20个工作日内答复',
  },
  // 第三十条: 收到申请之日起7个工作日内一次性告知补正.
  {
    code: 'request-clarification-7wd',
    kind: 'due',
    unit: 'workingDays',
    count: 7,
    startEvent: 'requestReceived',
    basis: { law: REGULATIONS, article: '第三十条' },
    label: '申请内容不明确的，自收到申请之日起7个工作日内一次性告知补正',
  },
  // 第三十三条: 延长的期限最长不得超过20个工作日 (counted on from the original due date).
  {
    code: 'request-extension-20wd',
    kind: 'due',
    unit: 'workingDays',
    count: 20,
    startEvent: 'answerDue',
    basis: { law: REGULATIONS, article: '第三十三条' },
    label: '经批准延长答复期限的，延长的期限最长不超过20个工作日',
  },
  // 第三十二条: 第三方应当自收到征求意见书之日起15个工作日内提出意见.
  {
    code: 'request-third-party-15wd',
    kind: 'due',
    unit: 'workingDays',
    count: 15,
    startEvent: 'consultationReceived',
    basis: { law: REGULATIONS, article: '第三十二条' },
    label: '第三方自收到征求意见书之日起15个工作日内提出意见',
  },
] as const satisfies readonly DeadlineRule[];

export type DeadlineRuleCode = (typeof DEADLINE_RULES)[number]['code'];

const BY_CODE: ReadonlyMap<string, DeadlineRule> = new Map(DEADLINE_RULES.map((r) => [r.code, r]));

export function findRule(code: string): DeadlineRule | undefined {
  return BY_CODE.get(code);
}

/** The rule with this code; throws RangeError for an unknown code (a data error, not user input). */
export function getRule(code: string): DeadlineRule {
  const rule = BY_CODE.get(code);
  if (!rule) throw new RangeError(`unknown deadline rule: ${code}`);
  return rule;
}

/**
 * For a 'due' rule, the last day to act; for a 'leadTime' rule, the latest allowed date before the
 * event (`start` is the event). Calendar-day due dates end on a working day (民法典 203, see
 * WorkingCalendar.addCalendarDays); lead times are not moved (publishing earlier is always allowed).
 */
export function computeDue(
  rule: DeadlineRule,
  start: IsoDate,
  cal: WorkingCalendar,
): { due: IsoDate; rule: DeadlineRule } {
  switch (rule.kind) {
    case 'due':
      return {
        due: rule.unit === 'workingDays' ? cal.addWorkingDays(start, rule.count) : cal.addCalendarDays(start, rule.count),
        rule,
      };
    case 'leadTime':
      return {
        due:
          rule.unit === 'workingDays'
            ? cal.addWorkingDays(start, -rule.count)
            : cal.subtractCalendarDays(start, rule.count),
        rule,
      };
    case 'minDuration':
      throw new RangeError(`${rule.code} is a minimum-duration rule: use checkMinDuration`);
  }
}

export interface MinDurationResult {
  ok: boolean;
  /** Units elapsed after `start` up to and including `end` (民法典 201). */
  actual: number;
  required: number;
  unit: RuleUnit;
  /** The earliest end date that satisfies the rule. */
  earliestEnd: IsoDate;
}

/**
 * Whether a period from `start` to `end` lasts at least the rule's count. The start day is not
 * counted (民法典 201): a candidate publicity from 1 to 3 March lasts 2 days. A minimum duration is
 * satisfied by elapsed days; 民法典 203 (which extends a period a party must act within) does not
 * lengthen it.
 */
export function checkMinDuration(
  rule: DeadlineRule,
  start: IsoDate,
  end: IsoDate,
  cal: WorkingCalendar,
): MinDurationResult {
  if (rule.kind !== 'minDuration') throw new RangeError(`${rule.code} is not a minimum-duration rule`);
  const working = rule.unit === 'workingDays';
  const actual = working ? cal.workingDaysBetween(start, end) : cal.calendarDaysBetween(start, end);
  const earliestEnd = working ? cal.addWorkingDays(start, rule.count) : cal.shiftCalendarDays(start, rule.count);
  return { ok: actual >= rule.count, actual, required: rule.count, unit: rule.unit, earliestEnd };
}

/**
 * Working days late (0 if published on or before the due date). A publication on a rest day after
 * the due date counts as on the next working day, so it is never reported as 0 days late.
 */
export function lateness(due: IsoDate, publishedOn: IsoDate, cal: WorkingCalendar): number {
  if (publishedOn <= due) {
    cal.workingDaysBetween(publishedOn, due); // coverage check: an unknown year still throws
    return 0;
  }
  const n = cal.workingDaysBetween(due, publishedOn);
  return cal.isWorkingDay(publishedOn) ? n : n + 1;
}

function formatBasis(b: LegalBasis): string {
  const title = b.untitled ? b.law : `《${b.law}》`;
  return `${title}${b.docNo ? `（${b.docNo}）` : ''}${b.article}`;
}

const UNIT_TEXT: Record<RuleUnit, string> = { workingDays: '个工作日', calendarDays: '日' };

/**
 * A Chinese sentence with the basis, e.g.
 * “信息形成（变更）之日起20个工作日内（《政府信息公开条例》第二十六条）”.
 */
export function describeRule(rule: DeadlineRule): string {
  const event = START_EVENTS[rule.startEvent];
  const amount = `${rule.count}${UNIT_TEXT[rule.unit]}`;
  const head =
    rule.kind === 'due'
      ? `${event}起${amount}内`
      : rule.kind === 'minDuration'
        ? `${event}起不少于${amount}`
        : `不晚于${event}前${amount}`;
  const bases = [rule.basis, ...(rule.alsoBasis ?? [])].map(formatBasis).join('；');
  const caveat = rule.unverified ? (rule.basis.untitled ? '，依据待核实' : '，条款待核实') : '';
  return `${head}（${bases}${caveat}）`;
}
