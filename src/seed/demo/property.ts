// 国有产权交易 (国资委、财政部令第32号): 决策及批准 → 预披露 → 审计评估结果 → 正式披露 (增资: 40个工作日)
// → 交易结果, published by the approving department (财政局 as 国资 supervisor, 国土分局 for its assets).
import { displayName } from './departments.ts';
import { shiftDate, yearsLater, type Gen } from './timeline.ts';
import { cnDate, money, paras, roundYuan, wan } from './vocabulary.ts';

interface PropSpec {
  key: string;
  title: string;
  dept: 'czj' | 'gtfj';
  type: '企业产权转让' | '企业增资' | '企业资产转让';
  subject: string;
  target?: string;
  ratio?: string;
  /** Appraised value range in 万元. */
  valueWan: readonly [number, number];
  start: number;
}

const SPECS: readonly PropSpec[] = [
  { key: 'pr-property-company', title: '韶关市浈江区浈兴物业管理有限公司100%股权转让项目', dept: 'czj', type: '企业产权转让', start: 0.15, ratio: '100',
    subject: '韶关市浈江区浈兴物业管理有限公司100%股权', target: '韶关市浈江区浈兴物业管理有限公司', valueWan: [680, 950] },
  { key: 'pr-old-factory', title: '浈江区原农机修造厂闲置厂房及附属设施资产转让项目', dept: 'gtfj', type: '企业资产转让', start: 0.42,
    subject: '位于韶关市浈江区十里亭路的原农机修造厂闲置厂房3栋（建筑面积合计8650平方米）及附属设施', valueWan: [1200, 1800] },
  { key: 'pr-water-capital', title: '韶关市浈江区供水有限公司增资扩股项目', dept: 'czj', type: '企业增资', start: 0.6, ratio: '30',
    subject: '韶关市浈江区供水有限公司新增注册资本，引入战略投资者1名', target: '韶关市浈江区供水有限公司', valueWan: [2600, 3800] },
];

const EXCHANGE = '广东联合产权交易中心';

export function generateProperty(g: Gen): void {
  SPECS.forEach((s, i) => propertyProject(g, s, i + 1));
}

function propertyProject(g: Gen, s: PropSpec, seq: number): void {
  const { rng } = g;
  const approval = g.dateAt(s.start, 10);
  const year = approval.slice(0, 4);
  const code = `ZJCQ-${year}-${String(seq).padStart(3, '0')}`;
  g.addProject({ key: s.key, code, title: s.title, sector: 'property', department: s.dept });
  const owner = s.type === '企业增资' ? { name: s.target!, creditCode: g.companies.pick('soe', 4).creditCode } : g.companies.pick('soe', 4);
  const ownerName = owner.name;
  const approver = displayName(s.dept);
  const value = roundYuan(rng.int(s.valueWan[0], s.valueWan[1]) * 10000, 100);
  const book = roundYuan((value / 100) * (0.72 + rng.float() * 0.2), 100);
  const P = { project: s.key };
  const phone = `0751-87${rng.digits(5)}`;
  const increase = s.type === '企业增资';

  const de = g.schedule(s.dept, 'property-decision', approval);
  if (!de) return;
  const approvalNo = `${s.dept === 'czj' ? '浈财资' : '浈自然资'}〔${year}〕${rng.int(5, 60)}号`;
  const decisionDate = shiftDate(de.formed, -rng.int(10, 30));
  g.emit(de, { ...P, key: `${s.key}-decision`, title: `关于同意${s.title.replace(/项目$/, '')}的批复`, fields: {
    projectName: s.title, transactionType: s.type, subject: s.subject, transferor: ownerName, transferorCreditCode: owner.creditCode,
    decisionBody: increase ? '股东会' : '董事会', decisionDate, approvalBody: approver, approvalNo, approvalDate: de.formed,
    approvalContent: `同意${s.subject}通过${EXCHANGE}公开${increase ? '增资' : '转让'}，${increase ? '募集价格' : '转让底价'}不低于经核准（备案）的评估结果。`,
  }, body: paras(
    `${ownerName}：`,
    `你单位报来的${s.title.replace(/项目$/, '')}请示及${cnDate(decisionDate)}${increase ? '股东会' : '董事会'}决议收悉。经研究，批复如下：`,
    `一、同意${s.subject}通过${EXCHANGE}公开${increase ? '增资' : '转让'}。`,
    `二、${increase ? '增资价格' : '转让底价'}不得低于经核准（备案）的资产评估结果；请严格按照《企业国有资产交易监督管理办法》组织实施，交易结果及时报我单位备案。`,
  ) });

  // Transfers are pre-disclosed within 10 working days of approval (32号令, article unverified).
  let disclosureFrom = g.workday(shiftDate(de.publish, rng.int(30, 45)));
  if (!increase) {
    const pd = g.schedule(s.dept, 'property-predisclosure', de.formed);
    if (!pd) return;
    const end = g.addWd(pd.publish, 20);
    g.emit(pd, { ...P, key: `${s.key}-predisclosure`, title: `${s.title}信息预披露`, fields: {
      projectCode: `${code}-Y`, projectName: s.title, transferor: ownerName, transferorCreditCode: owner.creditCode,
      ...(s.target ? { targetEnterprise: s.target } : {}), subject: s.subject, ...(s.ratio ? { transferRatio: s.ratio } : {}),
      approvalDate: de.formed, disclosureStart: pd.publish, disclosureEnd: end, exchange: EXCHANGE, contactPhone: phone,
    }, body: paras(
      `经${approver}批准（${approvalNo}），${ownerName}拟公开转让${s.subject}，现进行信息预披露。`,
      `预披露期间：${cnDate(pd.publish)}至${cnDate(end)}。正式挂牌信息以${EXCHANGE}发布的公告为准。`,
    ) });
    disclosureFrom = g.addWd(end, rng.int(2, 6));
  }

  const filing = g.workday(shiftDate(de.publish, rng.int(8, 20)));
  const au = g.schedule(s.dept, 'property-appraisal', filing, { noLate: true });
  if (!au) return;
  // Appraisal base date: the last half-year end before the approval.
  const baseDate = Number(approval.slice(5, 7)) <= 6 ? `${Number(year) - 1}-12-31` : `${year}-06-30`;
  const core = (name: string) => name.replace(/^(广东|韶关市|韶关|广州)/, '').slice(0, 2);
  const auditor = g.companies.pick('audit', 4);
  const appraiser = g.companies.pick('appraisal', 4);
  g.emit(au, { ...P, key: `${s.key}-appraisal`, title: `${s.title}审计评估结果`, fields: {
    projectName: s.title, subject: s.subject, auditFirm: auditor.name, auditFirmCreditCode: auditor.creditCode,
    auditReportNo: `${core(auditor.name)}审字〔${year}〕第${rng.int(100, 999)}号`, auditBaseDate: baseDate, auditOpinion: '标准无保留意见',
    bookValue: money(book), appraisalFirm: appraiser.name, appraisalFirmCreditCode: appraiser.creditCode,
    appraisalReportNo: `${core(appraiser.name)}评报字〔${year}〕第${rng.int(10, 199)}号`, appraisalBaseDate: baseDate,
    appraisalMethod: increase ? '收益法' : '资产基础法', appraisedValue: money(value), filingNo: `浈国资评备〔${year}〕${rng.int(2, 30)}号`,
    filingDate: au.formed, validUntil: yearsLater(baseDate, 1),
  }, body: paras(
    `${s.title}经${auditor.name}审计，出具标准无保留意见审计报告，账面价值${wan(book)}。`,
    `经${appraiser.name}评估，以${cnDate(baseDate)}为评估基准日，采用${increase ? '收益法' : '资产基础法'}评估，评估价值为${wan(value)}，评估结果已于${cnDate(au.formed)}备案。`,
  ) });

  const di = g.schedule(s.dept, increase ? 'property-capital-increase' : 'property-disclosure', disclosureFrom);
  if (!di) return;
  const end = g.addWd(di.publish, increase ? 40 : 20);
  const reserve = value;
  const method = increase ? '招投标' : '网络竞价';
  const common = { projectCode: code, projectName: s.title, exchange: EXCHANGE, disclosureStart: di.publish, disclosureEnd: end };
  const raise = roundYuan((value / 100) * (3 / 7), 10000);
  g.emit(di, { ...P, key: `${s.key}-disclosure`, title: `${s.title}${increase ? '增资信息披露' : '正式挂牌披露'}`, fields: increase
    ? { ...common, enterprise: s.target, enterpriseCreditCode: owner.creditCode, raiseAmount: money(raise), newCapitalRatio: s.ratio, investorCount: 1,
        investorConditions: '意向投资方应为依法设立并有效存续的企业法人，具有城镇供水项目投资运营经验，资产总额不低于人民币5亿元。', purpose: '用于供水管网改造和水厂扩建。' }
    : { ...common, transferor: ownerName, transferorCreditCode: owner.creditCode, ...(s.target ? { targetEnterprise: s.target } : {}), subject: s.subject,
        ...(s.ratio ? { transferRatio: s.ratio } : {}), appraisedValue: money(value), reservePrice: money(reserve), lowPriceConsent: false,
        transfereeConditions: '意向受让方应为依法设立并有效存续的境内企业法人或自然人，具有良好的财务状况和支付能力。', deposit: money(roundYuan((value / 100) * 0.1, 1000)),
        paymentTerms: '一次性付款，成交之日起5个工作日内支付全部价款。', tradingMethod: method, contactPhone: phone },
  body: paras(
    `受${ownerName}委托，${EXCHANGE}对${s.title}公开${increase ? '征集投资方' : '挂牌转让'}。`,
    increase ? `拟募集资金${wan(raise)}，新增注册资本占增资后注册资本的${s.ratio}%，拟征集投资方1名。` : `转让标的：${s.subject}。评估价值${wan(value)}，转让底价${wan(reserve)}。`,
    `披露期间：${cnDate(di.publish)}至${cnDate(end)}。意向${increase ? '投资方' : '受让方'}请在披露期内向${EXCHANGE}提交申请。`,
  ) });

  const deal = g.addWd(end, rng.int(3, 8));
  const rs = g.schedule(s.dept, 'property-result', deal);
  if (!rs) return;
  const buyer = g.companies.pick(increase ? 'soe' : 'trade', 6);
  const price = increase ? raise : roundYuan((reserve / 100) * (1.02 + rng.float() * 0.16), 100);
  const bidders = increase ? 2 : rng.int(2, 6);
  g.emit(rs, { ...P, key: `${s.key}-result`, title: `${s.title}交易结果公告`, fields: {
    projectCode: code, projectName: s.title, subject: s.subject, transferor: ownerName, appraisedValue: money(value),
    reservePrice: money(increase ? raise : reserve), transactionPrice: money(price), buyer: buyer.name, buyerCreditCode: buyer.creditCode,
    bidderCount: bidders, tradingMethod: method, transactionDate: rs.formed, publicityStart: rs.publish, publicityEnd: g.addWd(rs.publish, 5), exchange: EXCHANGE,
  }, body: paras(
    `${s.title}经${EXCHANGE}公开${increase ? '征集' : '挂牌'}，共征集到意向${increase ? '投资方' : '受让方'}${bidders}家，经${method}，于${cnDate(rs.formed)}成交。`,
    `评估价值${wan(value)}，成交价格${wan(price)}，${increase ? '投资方' : '受让方'}为${buyer.name}。`,
    `公告期为${cnDate(rs.publish)}至${cnDate(g.addWd(rs.publish, 5))}，对交易结果有异议的，可在公告期内向${approver}反映。`,
  ) });
}
