// 住房保障（农村危房改造）, one project a year: 住建局's 实施方案 → each town's 对象认定程序 (village and
// town publicity) → 补助对象名单 (district, and some towns their own) → each town's and the district's
// 改造结果. Names and ID numbers are raw here: masking happens before any public output.
import { DEPARTMENTS, TOWN_CODES, displayName } from './departments.ts';
import { shiftDate, type Gen, type Slot } from './timeline.ts';
import { VILLAGES, cnDate, idNumber, money, paras, personName } from './vocabulary.ts';

const GRADES = ['C级', 'D级'] as const;
const CATEGORIES = ['低保户', '低保边缘家庭', '分散供养特困人员', '因病因灾因意外事故刚性支出较大家庭', '其他脱贫不稳定户'] as const;
/** Subsidy per household in yuan by mode (demo figures in the range of Guangdong's standards). */
const SUBSIDY: Record<string, number> = { 修缮加固: 18000, 拆除重建: 40000, 新址新建: 45000 };

interface Household {
  name: string;
  idNumber: string;
  town: string;
  village: string;
  dwellingGrade: string;
  renovationMode: string;
  householdCategory: string;
  subsidyAmount: string;
}

const townName = (code: string) => DEPARTMENTS.find((d) => d.code === code)!.shortName;

export function generateHousing(g: Gen): void {
  const first = Number(g.firstDay.slice(0, 4));
  const last = Number(g.lastDay.slice(0, 4));
  for (let y = first; y <= last; y++) housingYear(g, y);
}

function housingYear(g: Gen, year: number): void {
  const { rng } = g;
  const key = `h-${year}`;
  const title = `浈江区${year}年度农村危房改造`;
  const zjj = displayName('zjj');
  const phone = '0751-8764183';
  const po = g.schedule('zjj', 'housing-policy', `${year}-02-${String(rng.int(18, 28))}`);
  if (!po) return;
  g.addProject({ key, code: `ZJWG-${year}`, title, sector: 'housing', department: 'zjj' });
  const P = { project: key };
  const docNo = `浈建〔${year}〕${rng.int(6, 30)}号`;
  g.emit(po, { ...P, key: `${key}-policy`, title: `浈江区${year}年农村危房改造工作实施方案`, fields: {
    documentTitle: `浈江区${year}年农村危房改造工作实施方案`, documentNo: docNo, issuer: zjj, issueDate: po.formed, effectiveDate: po.formed,
    targetGroups: '农村低保户、农村低保边缘家庭、农村分散供养特困人员、因病因灾因意外事故刚性支出较大或收入大幅缩减导致基本生活出现严重困难家庭，以及其他脱贫不稳定户中住房安全鉴定为C级或D级的家庭。',
    subsidyStandards: '拆除重建每户补助4万元，新址新建每户补助4.5万元，修缮加固每户补助1.8万元；补助资金由中央、省和区级财政共同承担。',
    summary: '明确年度改造对象范围、补助标准、认定程序、质量安全管理和资金拨付要求，实行“农户申请、村级评议公示、镇（街道）审核公示、区级审批”的认定程序。',
    consultationPhone: phone,
  }, body: paras(
    `为切实保障农村低收入群体等重点对象住房安全，根据省、市农村危房改造工作部署，结合我区实际，制定本实施方案。`,
    `一、改造对象。重点支持农村低保户、低保边缘家庭、分散供养特困人员等重点对象中住房安全鉴定为C级或D级的家庭。`,
    `二、补助标准。拆除重建每户补助4万元，新址新建每户补助4.5万元，修缮加固每户补助1.8万元。`,
    `三、工作程序。按照“农户申请、村级评议公示、镇（街道）审核公示、区级审批”程序确定改造对象，各环节公示期不少于7天。咨询电话：${phone}。`,
  ) });

  // 对象认定程序, per town (谁实施谁公开).
  const appStart = shiftDate(po.publish, rng.int(3, 10));
  const appEnd = shiftDate(appStart, 30);
  const households: Household[] = [];
  const approvals: string[] = [];
  const perTown = new Map<string, Household[]>();
  for (const code of TOWN_CODES) {
    const town = townName(code);
    const urban = code === 'dhjd' || code === 'czjd';
    const approved = urban ? rng.int(1, 3) : rng.int(4, 9);
    const appraisal = shiftDate(appEnd, rng.int(3, 7));
    const vStart = shiftDate(appraisal, 1);
    const vEnd = shiftDate(vStart, 7);
    const review = shiftDate(vEnd, rng.int(2, 5));
    const tStart = shiftDate(review, 1);
    const tEnd = shiftDate(tStart, 7);
    const approval = g.workday(shiftDate(tEnd, rng.int(3, 8)));
    const id = g.schedule(code, 'housing-identification', approval);
    if (!id) continue;
    approvals.push(id.formed);
    const list: Household[] = Array.from({ length: approved }, () => household(g, town, code));
    perTown.set(code, list);
    households.push(...list);
    g.emit(id, { ...P, key: `${key}-identification-${code}`, title: `${town}${year}年农村危房改造对象认定情况公示`, fields: {
      year, town, applicationStart: appStart, applicationEnd: appEnd, applicants: approved + rng.int(1, 4), villageAppraisalDate: appraisal,
      villagePublicityStart: vStart, villagePublicityEnd: vEnd, townReviewDate: review, townPublicityStart: tStart, townPublicityEnd: tEnd,
      countyApprovalDate: id.formed, approvedHouseholds: approved, publicityDays: 7,
      procedure: '农户自愿申请，村民委员会组织民主评议并在村务公开栏公示7天；镇（街道）组织入户核查和房屋安全鉴定，审核结果公示7天；报区住建局会同区民政、农业农村部门审批。',
      complaintPhone: DEPARTMENTS.find((d) => d.code === code)!.phone,
    }, body: paras(
      `根据《浈江区${year}年农村危房改造工作实施方案》，${town}于${cnDate(appStart)}至${cnDate(appEnd)}组织农户申请，共受理申请${approved}户以上。`,
      `经村级民主评议及公示（${cnDate(vStart)}至${cnDate(vEnd)}）、镇级审核及公示（${cnDate(tStart)}至${cnDate(tEnd)}），公示期间未收到异议，报区级审批确认改造对象${approved}户。`,
      `如对认定结果有异议，请向${town}反映，电话：${DEPARTMENTS.find((d) => d.code === code)!.phone}。`,
    ) });
  }
  if (!households.length) return;

  // 补助对象名单 and funds: the district's, then two towns' own lists.
  const allocation = g.workday(shiftDate(approvals.reduce((a, b) => (a > b ? a : b)), rng.int(5, 12)));
  const sum = (hs: Household[]) => hs.reduce((s, h) => s + Number(h.subsidyAmount), 0) * 100;
  const list = (slot: Slot, hs: Household[], who: string, keySuffix: string) => {
    const total = sum(hs);
    const central = Math.round(total * 0.4);
    const provincial = Math.round(total * 0.4);
    g.emit(slot, { ...P, key: `${key}-beneficiaries${keySuffix}`, title: `${who}${year}年农村危房改造补助对象名单及补助资金公示`, fields: {
      year, allocationDate: slot.formed, taskHouseholds: hs.length, totalFunds: money(total), centralFunds: money(central),
      provincialFunds: money(provincial), localFunds: money(total - central - provincial),
      subsidyStandard: '拆除重建4万元/户，新址新建4.5万元/户，修缮加固1.8万元/户。', households: hs, complaintPhone: phone,
    }, body: paras(
      `经农户申请、村镇两级评议公示和区级审批，现将${who}${year}年农村危房改造补助对象名单及补助资金予以公布。`,
      `${year}年改造任务${hs.length}户，补助资金${money(total)}元，其中中央补助${money(central)}元、省级补助${money(provincial)}元、区级配套${money(total - central - provincial)}元。`,
      `名单中的个人信息已按规定作脱敏处理。对名单有异议的，请于公布之日起7日内向区住房和城乡建设管理局反映，电话：${phone}。`,
    ) });
  };
  const be = g.schedule('zjj', 'housing-beneficiaries', allocation);
  if (!be) return;
  list(be, households, '浈江区', '');
  for (const code of ['lsz', 'hpz'] as const) {
    const hs = perTown.get(code);
    const s = hs && g.schedule(code, 'housing-beneficiaries', allocation);
    if (s && hs) list(s, hs, townName(code), `-${code}`);
  }

  // 改造结果: each town, then the district.
  const byTown: Record<string, unknown>[] = [];
  const accepted: string[] = [];
  for (const [code, hs] of perTown) {
    const town = townName(code);
    const acc = g.workday(`${year}-09-${String(rng.int(20, 30))}`);
    const done = g.workday(shiftDate(acc, rng.int(0, 20)));
    const rs = g.schedule(code, 'housing-results', done);
    if (!rs) continue;
    accepted.push(rs.formed);
    const funds = sum(hs);
    byTown.push({ town, planned: hs.length, completed: hs.length, accepted: hs.length, funds: money(funds) });
    g.emit(rs, { ...P, key: `${key}-results-${code}`, title: `${town}${year}年农村危房改造竣工验收情况公告`, fields: {
      year, completedHouseholds: hs.length, acceptedHouseholds: hs.length, acceptanceDate: rs.formed, acceptanceBody: displayName(code),
      fundsDisbursed: money(funds), byTown: [{ town, planned: hs.length, completed: hs.length, accepted: hs.length, funds: money(funds) }],
      summary: `${town}${year}年农村危房改造任务${hs.length}户已全部竣工，经镇（街道）组织竣工验收全部合格，补助资金已通过“一卡通”足额发放到户。`,
    }, body: paras(
      `${town}${year}年农村危房改造任务${hs.length}户，已于${cnDate(rs.formed)}全部完成竣工验收，验收合格率100%。`,
      `补助资金${money(funds)}元已通过惠民惠农财政补贴资金“一卡通”发放到户。`,
    ) });
  }
  if (!accepted.length) return;
  const final = g.workday(shiftDate(accepted.reduce((a, b) => (a > b ? a : b)), rng.int(5, 12)));
  const fr = g.schedule('zjj', 'housing-results', final);
  if (!fr) return;
  const total = byTown.reduce((s, r) => s + (r.planned as number), 0);
  const funds = byTown.reduce((s, r) => s + Number(r.funds), 0) * 100;
  g.emit(fr, { ...P, key: `${key}-results`, title: `浈江区${year}年农村危房改造任务完成情况`, fields: {
    year, completedHouseholds: total, acceptedHouseholds: total, acceptanceDate: fr.formed, acceptanceBody: zjj, fundsDisbursed: money(funds), byTown,
    summary: `${year}年全区农村危房改造任务${total}户全部竣工并通过验收，补助资金${money(funds)}元已全部拨付到位。`,
    problems: '个别农户改造后未及时搬入新居，已督促镇（街道）做好入住跟踪；部分项目竣工资料不够规范，已责令整改。',
  }, body: paras(
    `${year}年，我区下达农村危房改造任务${total}户，截至${cnDate(fr.formed)}已全部竣工并通过验收。`,
    `各镇（街道）补助资金共计${money(funds)}元已通过“一卡通”全部发放到户，区住建局会同区财政局开展了资金使用情况专项检查。`,
    `下一步，我区将建立农村低收入群体住房安全动态监测机制，持续巩固农村危房改造成果。`,
  ) });
}

function household(g: Gen, town: string, code: string): Household {
  const { rng } = g;
  const grade = rng.pick(GRADES);
  const mode = grade === 'D级' ? rng.pick(['拆除重建', '拆除重建', '新址新建']) : '修缮加固';
  return {
    name: personName(rng), idNumber: idNumber(rng), town, village: rng.pick(VILLAGES[code]!), dwellingGrade: grade,
    renovationMode: mode, householdCategory: rng.pick(CATEGORIES), subsidyAmount: money(SUBSIDY[mode]! * 100),
  };
}
