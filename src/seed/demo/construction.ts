// 工程建设项目招标投标: approval by 发改局 (谁批准谁公开), then plan, tender, evaluation, candidates,
// award, contract and performance by the implementing 住建局 or 城管局 (谁实施谁公开).
import { creditCodeOf, displayName } from './departments.ts';
import { shiftDate, type Gen } from './timeline.ts';
import { EXPERT_TITLES, PM_CERTS, certificateNo, cnDate, money, paras, personName, roundYuan, wan, type Company } from './vocabulary.ts';

export interface ConsSpec {
  key: string;
  title: string;
  implementer: 'zjj' | 'cgj';
  location: string;
  scale: string;
  specialty: string;
  /** Total investment range in 万元. */
  investWan: readonly [number, number];
  start: number;
  /** Candidate publicity of 2 days instead of ≥ 3 (招标投标法实施条例 54): the demo's red flag. */
  shortPublicity?: boolean;
}

const SPECS: readonly ConsSpec[] = [
  { key: 'c-dhjd-renovation', title: '浈江区东河街道2024年老旧小区改造工程', implementer: 'zjj', location: '韶关市浈江区东河街道', scale: '改造老旧小区12个，涉及住户1860户，主要包括外立面整治、雨污分流、道路及停车位改造、加装电梯基础设施等。', specialty: '房屋建筑', investWan: [2800, 3600], start: 0.04 },
  { key: 'c-lsz-sewage', title: '浈江区犁市镇污水处理设施提标改造工程', implementer: 'cgj', location: '韶关市浈江区犁市镇', scale: '将镇区污水处理厂处理规模提升至3000立方米/日，出水标准由一级B提升至一级A，配套新建截污管网约6.8公里。', specialty: '市政公用工程', investWan: [1500, 2200], start: 0.2 },
  { key: 'c-zhongshan-road', title: '浈江区中山路市政道路升级改造工程', implementer: 'cgj', location: '韶关市浈江区中山路（解放路至东堤中路段）', scale: '道路全长约1.2公里，红线宽度24米，改造内容包括路面白改黑、人行道、排水、照明、交通设施及绿化工程。', specialty: '市政公用工程', investWan: [1800, 2600], start: 0.36, shortPublicity: true },
  { key: 'c-hpz-school', title: '浈江区花坪镇中心小学教学综合楼新建工程', implementer: 'zjj', location: '韶关市浈江区花坪镇花坪圩', scale: '新建教学综合楼一栋，地上五层，总建筑面积约6200平方米，配套室外运动场、给排水、消防及智能化工程。', specialty: '房屋建筑', investWan: [2200, 2900], start: 0.5 },
  { key: 'c-xsz-road', title: '浈江区新韶镇农村公路安全生命防护工程', implementer: 'zjj', location: '韶关市浈江区新韶镇', scale: '对镇内县乡道及村道共28.5公里路段实施安全生命防护工程，设置波形护栏、警示标志标线、减速带及示警桩等。', specialty: '公路工程', investWan: [600, 900], start: 0.64 },
];

export function generateConstruction(g: Gen): void {
  SPECS.forEach((s, i) => constructionProject(g, s, i + 1));
}

export function constructionProject(g: Gen, s: ConsSpec, seq: number): void {
  const { rng } = g;
  const A = g.dateAt(s.start, 10);
  const year = A.slice(0, 4);
  const investmentCode = `${year}-440204-48-01-0${String(rng.int(10000, 99999))}`;
  const code = `ZJGC-${year}-${String(seq).padStart(3, '0')}`;
  g.addProject({ key: s.key, code, title: s.title, sector: 'construction', department: s.implementer, investmentCode });
  const impl = displayName(s.implementer);
  const invest = roundYuan(rng.int(s.investWan[0], s.investWan[1]) * 10000, 10000);
  const maxPrice = roundYuan((invest / 100) * (0.78 + rng.float() * 0.08));
  const reserve = roundYuan((maxPrice / 100) * (0.92 + rng.float() * 0.03));
  const duration = rng.pick([180, 210, 240, 270, 300, 365]);
  const agency: Company = g.companies.pick('agency', 5);
  const contact = personName(rng);
  const phone = `0751-87${rng.digits(5)}`;
  const tenderCode = `${code}-SG01`;
  const P = { project: s.key };

  // 审批 (谁批准谁公开: 发改局).
  const ap = g.schedule('fgj', 'construction-approval', A);
  if (!ap) return;
  const approvalNo = `浈发改审批〔${year}〕${rng.int(8, 96)}号`;
  g.emit(ap, { ...P, key: `${s.key}-approval`, title: `关于${s.title}可行性研究报告的批复`, fields: {
    projectName: s.title, investmentCode, approvalType: '审批', approvalNo, approvalDate: ap.formed, approvalBody: displayName('fgj'),
    owner: impl, ownerCreditCode: creditCodeOf(s.implementer), location: s.location, scale: s.scale, totalInvestment: money(invest),
    fundSource: '区级财政资金及上级专项补助资金', tenderScope: '施工总承包', tenderMethod: '公开招标', tenderOrganisation: '委托招标',
    plannedStart: shiftDate(ap.formed, 120), plannedCompletion: shiftDate(ap.formed, 120 + duration),
  }, body: paras(
    `${impl}：`,
    `你单位报来的《${s.title}可行性研究报告》收悉。经研究，原则同意该项目建设，现批复如下：`,
    `一、项目建设地点位于${s.location}。建设规模及主要内容：${s.scale}`,
    `二、项目总投资${wan(invest)}，资金来源为区级财政资金及上级专项补助资金。项目代码：${investmentCode}。`,
    `三、项目施工采用公开招标方式，委托具有相应能力的招标代理机构组织招标。请严格执行招标投标、工程质量和安全生产等有关规定，确保项目按期建成。`,
  ) });

  // 招标公告 first (the plan counts back from it), then 招标计划.
  const td = g.schedule(s.implementer, 'construction-tender', shiftDate(ap.publish, rng.int(55, 80)));
  if (!td) return;
  const docsFrom = td.publish;
  const bidDeadline = g.workday(shiftDate(docsFrom, rng.int(21, 27)));
  const pl = g.schedule(s.implementer, 'construction-plan', td.publish);
  if (pl && pl.publish > ap.publish) {
    g.emit(pl, { ...P, key: `${s.key}-plan`, title: `${s.title}招标计划`, fields: {
      projectName: s.title, investmentCode, tenderer: impl, tendererCreditCode: creditCodeOf(s.implementer),
      tenderContent: `${s.title}施工总承包：${s.scale}`, estimatedAmount: money(maxPrice), tenderMethod: '公开招标',
      plannedTenderDate: td.publish, qualificationRequirements: `具备${s.specialty === '房屋建筑' ? '建筑工程' : '市政公用工程'}施工总承包三级及以上资质，具有有效的安全生产许可证。`,
      contactPerson: contact, contactPhone: phone,
    }, body: paras(
      `根据广东省关于依法必须招标项目提前发布招标计划的要求，现将${s.title}招标计划公布如下。`,
      `招标内容：${s.scale}预估合同金额约${wan(maxPrice)}，拟于${cnDate(td.publish)}前后发布招标公告。`,
      `欢迎符合条件的潜在投标人提前关注。联系人：${contact}，联系电话：${phone}。`,
    ) });
  }
  g.emit(td, { ...P, key: `${s.key}-tender`, title: `${s.title}施工招标公告`, fields: {
    projectCode: tenderCode, projectName: s.title, investmentCode, tenderer: impl, agency: agency.name,
    conditions: `本招标项目已由${displayName('fgj')}以${approvalNo}批准建设，资金来源为区级财政资金，已落实。项目已具备招标条件，现对该项目施工进行公开招标。`,
    overview: s.scale, location: s.location, duration, qualityRequirement: '合格',
    bidderQualifications: `投标人须具备${s.specialty === '房屋建筑' ? '建筑工程' : '市政公用工程'}施工总承包三级及以上资质，拟派项目负责人须具备相应专业注册建造师资格及有效的安全生产考核合格证书。`,
    jointVentureAccepted: false,
    sections: [{ sectionNo: '01', name: '施工标段', scope: s.scale, maxPrice: money(maxPrice), duration }],
    maxPrice: money(maxPrice), reservePrice: money(reserve),
    documentsFrom: docsFrom, documentsUntil: shiftDate(docsFrom, 7), documentsMethod: '投标人登录韶关市公共资源交易网免费下载电子招标文件。',
    submissionMethod: '投标文件通过韶关市公共资源交易中心电子交易系统递交，逾期送达的投标文件将被拒收。',
    bidDeadline, bidDeadlineTime: '09:30', contactPerson: contact, contactPhone: phone,
  }, body: paras(
    `${s.title}已由${displayName('fgj')}批准建设，项目业主为${impl}，建设资金已落实，具备招标条件。招标代理机构为${agency.name}。`,
    `项目概况与招标范围：${s.scale}计划工期${duration}日历天，质量要求为合格。最高投标限价${wan(maxPrice)}。`,
    `请于${cnDate(docsFrom)}至${cnDate(shiftDate(docsFrom, 7))}登录韶关市公共资源交易网下载招标文件。投标截止时间为${cnDate(bidDeadline)}9时30分，开标地点为韶关市公共资源交易中心开标室。`,
  ) });

  // 开标、评标 and the report.
  const bidders = g.companies.distinct('construction', rng.int(5, 8));
  const ranked = bidders
    .map((c) => {
      const bid = roundYuan((maxPrice / 100) * (0.86 + rng.float() * 0.12), 1);
      const tech = 40 + rng.int(0, 150) / 10;
      const comm = 15 + rng.int(0, 50) / 10;
      const price = 30 - ((bid - maxPrice * 0.86) / (maxPrice * 0.12)) * 6;
      return { c, bid, tech, comm, price, total: tech + comm + price };
    })
    .sort((a, b) => b.total - a.total);
  const winner = ranked[0]!;
  const report = g.workday(shiftDate(bidDeadline, rng.int(0, 1)));
  const dec = (x: number) => x.toFixed(2);
  const committee = Array.from({ length: 5 }, () => personName(rng));
  const ev = g.schedule(s.implementer, 'construction-evaluation', report, { noLate: true });
  const cd = g.schedule(s.implementer, 'construction-candidates', report, { noLate: true });
  if (!ev || !cd) return;
  g.emit(ev, { ...P, key: `${s.key}-evaluation`, title: `${s.title}评标情况公示`, fields: {
    projectCode: tenderCode, projectName: s.title, sectionName: '施工标段', evaluationDate: bidDeadline, evaluationMethod: '综合评估法',
    bidderCount: bidders.length,
    experts: ['A', 'B', 'C', 'D', 'E'].map((x, i) => ({ code: `专家${x}`, title: rng.pick(EXPERT_TITLES), qualification: '广东省综合评标评审专家库专家', specialty: i === 4 ? '工程造价' : s.specialty, opinion: '投标文件响应招标文件实质性要求，按评标办法独立评审打分。' })),
    committeeMembers: committee.join('、'),
    rankedBidders: ranked.map((r, i) => ({ rank: i + 1, name: r.c.name, creditCode: r.c.creditCode, bidPrice: money(r.bid), technicalScore: dec(r.tech), commercialScore: dec(r.comm), priceScore: dec(r.price), totalScore: dec(r.total) })),
    objectionChannel: `投标人或者其他利害关系人对评标结果有异议的，应当在中标候选人公示期间以书面形式向招标人${impl}提出。`,
  }, body: paras(
    `${s.title}于${cnDate(bidDeadline)}在韶关市公共资源交易中心开标，共有${bidders.length}家投标人递交投标文件。评标委员会由5名评审专家组成，采用综合评估法评审。`,
    `经评审，合格投标人按综合得分由高到低排序，得分最高者为${winner.c.name}（${dec(winner.total)}分）。评标委员会成员名单在中标结果确定前依法保密。`,
    `对评标结果有异议的，可在中标候选人公示期间向招标人提出。`,
  ) });
  const pubStart = cd.publish;
  const pubEnd = shiftDate(pubStart, s.shortPublicity ? 2 : 3);
  const certBase = s.specialty === '房屋建筑' ? 0 : 1; // PM_CERTS: 建筑工程 at even, 市政公用工程 at odd indexes
  const pm = (i: number) => ({ name: personName(rng), cert: PM_CERTS[certBase + (i === 0 ? 0 : rng.pick([0, 2]))]!, no: certificateNo(rng) });
  const pms = ranked.slice(0, 3).map((_, i) => pm(i));
  g.emit(cd, { ...P, key: `${s.key}-candidates`, title: `${s.title}中标候选人公示`, fields: {
    projectCode: tenderCode, projectName: s.title, sectionName: '施工标段', tenderer: impl, agency: agency.name,
    evaluationReportDate: report, publicityStart: pubStart, publicityEnd: pubEnd,
    candidates: ranked.slice(0, 3).map((r, i) => ({ rank: i + 1, name: r.c.name, creditCode: r.c.creditCode, bidPrice: money(r.bid), quality: '合格', duration, projectManager: pms[i]!.name, pmCertificateName: pms[i]!.cert, pmCertificateNo: pms[i]!.no, pastPerformance: `近三年完成类似${s.specialty}项目${rng.int(2, 6)}项` })),
    objectionChannel: `对公示结果有异议的，请于公示期内以书面形式向招标人${impl}提出，逾期不予受理。`,
    objectionPhone: phone, supervisionPhone: '0751-8764183',
  }, body: paras(
    `${s.title}已于${cnDate(bidDeadline)}完成评标，招标人于${cnDate(report)}收到评标报告。根据《招标投标法实施条例》第五十四条，现将中标候选人公示如下。`,
    `第一中标候选人：${winner.c.name}，投标报价${wan(winner.bid)}，工期${duration}日历天，项目负责人${pms[0]!.name}。`,
    `公示期：${cnDate(pubStart)}至${cnDate(pubEnd)}。投标人或者其他利害关系人对公示结果有异议的，请在公示期内向招标人书面提出。`,
  ) });

  // 中标结果, 合同, 履约.
  const W = g.workday(shiftDate(pubEnd, rng.int(1, 4)));
  const aw = g.schedule(s.implementer, 'construction-award', W);
  if (!aw) return;
  g.emit(aw, { ...P, key: `${s.key}-award`, title: `${s.title}中标结果公告`, fields: {
    projectCode: tenderCode, projectName: s.title, sectionName: '施工标段', tenderer: impl, agency: agency.name,
    winner: winner.c.name, winnerCreditCode: winner.c.creditCode, awardPrice: money(winner.bid), duration, quality: '合格',
    projectManager: pms[0]!.name, pmCertificateNo: pms[0]!.no, awardNoticeDate: aw.formed,
  }, body: paras(
    `${s.title}中标候选人公示期满，未收到异议。经招标人确定，中标人为${winner.c.name}，中标价${wan(winner.bid)}，工期${duration}日历天。`,
    `中标通知书已于${cnDate(aw.formed)}发出。招标人与中标人将在中标通知书发出之日起30日内订立书面合同。`,
  ) });
  const S = g.workday(shiftDate(aw.formed, rng.int(8, 24)));
  const ct = g.schedule(s.implementer, 'construction-contract', S);
  if (!ct) return;
  const contractNo = `${tenderCode}-HT`;
  const start = g.workday(shiftDate(ct.formed, rng.int(7, 20)));
  const completion = shiftDate(start, duration);
  g.emit(ct, { ...P, key: `${s.key}-contract`, title: `${s.title}施工合同订立信息`, fields: {
    contractNo, projectCode: tenderCode, projectName: s.title, employer: impl, contractor: winner.c.name, contractorCreditCode: winner.c.creditCode,
    contractAmount: money(winner.bid), awardNoticeDate: aw.formed, signedDate: ct.formed, plannedStart: start, plannedCompletion: completion,
    projectManager: pms[0]!.name, scope: s.scale, paymentTerms: '按月度完成工程量的80%支付进度款，竣工验收合格后付至合同价的85%，结算审核后付至结算价的97%，余款作为质量保证金。',
  }, body: paras(
    `${impl}与${winner.c.name}于${cnDate(ct.formed)}签订《${s.title}施工合同》，合同金额${wan(winner.bid)}。`,
    `计划开工日期${cnDate(start)}，计划竣工日期${cnDate(completion)}，项目负责人${pms[0]!.name}。`,
  ) });
  constructionPerformance(g, s, { contractNo, contractor: winner.c.name, amount: winner.bid, start, completion });
}

function constructionPerformance(g: Gen, s: ConsSpec, c: { contractNo: string; contractor: string; amount: number; start: string; completion: string }): void {
  const { rng } = g;
  const progressDay = g.workday(shiftDate(c.start, rng.int(90, 140)));
  const pr = g.schedule(s.implementer, 'construction-performance', progressDay);
  if (!pr) return;
  const change = roundYuan((c.amount / 100) * (0.01 + rng.float() * 0.03));
  g.emit(pr, { project: s.key, key: `${s.key}-progress`, title: `${s.title}合同履约情况（施工进度）`, fields: {
    contractNo: c.contractNo, projectName: s.title, contractor: c.contractor, reportDate: pr.formed, progress: '施工中', actualStart: c.start,
    changes: [{ date: shiftDate(pr.formed, -rng.int(10, 40)), content: '根据现场地质条件调整部分基础处理方案，经设计单位确认并报建设单位审批。', amountChange: money(change) }],
    paidAmount: money(roundYuan((c.amount / 100) * 0.35)), performanceAssessment: '承包人按合同约定组织施工，人员和机械设备到位，工程进度基本符合计划。',
    qualityAndSafety: '未发生质量安全事故，监理单位例行检查发现的问题已整改完毕。',
  }, body: paras(
    `${s.title}于${cnDate(c.start)}开工，截至${cnDate(pr.formed)}，工程总体形象进度约${rng.int(35, 60)}%。`,
    `履约期间发生设计变更1项，增加合同金额${wan(change)}，已按程序审批。累计支付工程款${wan(roundYuan((c.amount / 100) * 0.35))}。`,
    `工程质量安全总体受控，未发生质量安全事故。`,
  ) });
  const done = g.workday(shiftDate(c.completion, rng.int(-10, 20)));
  const accept = g.workday(shiftDate(done, rng.int(15, 40)));
  const fin = g.schedule(s.implementer, 'construction-performance', accept);
  if (!fin) return;
  const settlement = roundYuan((c.amount / 100 + change / 100) * (0.97 + rng.float() * 0.02));
  g.emit(fin, { project: s.key, key: `${s.key}-completion`, title: `${s.title}竣工验收及结算信息`, fields: {
    contractNo: c.contractNo, projectName: s.title, contractor: c.contractor, reportDate: fin.formed, progress: '已竣工验收', actualStart: c.start,
    actualCompletion: done, completionAcceptanceDate: fin.formed, paidAmount: money(roundYuan((settlement / 100) * 0.85)), settlementAmount: money(settlement),
    performanceAssessment: '承包人履约情况良好，工程按合同约定完成，竣工验收合格，履约评价为“良好”。', qualityAndSafety: '工程质量验收合格，施工期间未发生安全生产事故。',
  }, body: paras(
    `${s.title}于${cnDate(done)}完工，${cnDate(fin.formed)}组织建设、勘察、设计、施工、监理五方责任主体竣工验收，验收结论为合格。`,
    `工程结算金额${wan(settlement)}（以审计结果为准）。承包人履约评价为“良好”。`,
  ) });
}
