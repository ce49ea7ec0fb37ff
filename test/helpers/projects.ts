// Complete projects built through the real services (draft → submit → approve → publish), for the
// OCDS and project-page tests: a procurement with lots, a correction, two suppliers, a contract and
// its acceptance; a construction project from approval to performance with 标段, a secret 标底 and
// a secret evaluation committee published before the award.
import { completeCreditCode } from '../../src/domain/identifiers.ts';
import { confirmedReview } from '../../src/modules/privacy/checklist.ts';
import type { UploadedFile } from '../../src/modules/disclosures/service.ts';
import { createProject } from '../../src/modules/projects/service.ts';
import { principalOf, tinyPdf, type TestEnv } from './context.ts';

export const USCI_A = completeCreditCode('91440204', 'MA4UX1Y2');
export const USCI_B = completeCreditCode('91440200', '7076543X');
export const USCI_C = completeCreditCode('91440203', 'MA51234K');

export async function publishAs(env: TestEnv, code: string, projectId: number | null, title: string, formedDate: string, fields: Record<string, unknown>, files: UploadedFile[] = []): Promise<number> {
  const svc = env.ctx.disclosures;
  const t = env.ctx.itemTypes.byCodeOrUndefined(code)!;
  const ed = await principalOf(env, 'editor');
  const rv = await principalOf(env, 'reviewer');
  const id = await svc.createDraft(ed, { itemTypeId: t.id, departmentId: env.ids.czj, projectId, title, body: `${title}。`, formedDate, fields }, files);
  await svc.submit(ed, id);
  await svc.approve(rv, id, null, confirmedReview());
  await svc.publish(rv, id);
  return id;
}

export async function correct(env: TestEnv, id: number, reason: string, change: (f: Record<string, unknown>) => void): Promise<void> {
  const svc = env.ctx.disclosures;
  const ed = await principalOf(env, 'editor');
  const rv = await principalOf(env, 'reviewer');
  await svc.startCorrection(ed, id, reason);
  const { disclosure: d } = await svc.getForStaff(ed, id);
  const fields = JSON.parse(d.fields) as Record<string, unknown>;
  change(fields);
  await svc.updateDraft(ed, id, { projectId: d.project_id, title: d.title, body: d.body, formedDate: d.formed_date, fields });
  await svc.submit(ed, id);
  await svc.approve(rv, id, null, confirmedReview());
  await svc.publish(rv, id);
}

async function project(env: TestEnv, code: string, title: string, sector: string, investmentCode: string | null = null): Promise<number> {
  const ed = await principalOf(env, 'editor');
  return env.ctx.database.db.transaction().execute((trx) => createProject(trx, { code, title, sector, departmentId: env.ids.czj, investmentCode }, env.ctx.config.ocidPrefix, ed.userId));
}

export interface BuiltProject {
  projectId: number;
  ocid: string;
  disclosures: Record<string, number>;
}

export async function buildProcurementProject(env: TestEnv, code = 'ZJCG-2026-015'): Promise<BuiltProject> {
  const pid = await project(env, code, '浈江区中小学课桌椅采购项目', 'procurement');
  const base = { projectCode: code, projectName: '浈江区中小学课桌椅采购项目', purchaser: '韶关市浈江区财政局', agency: '广东华采招标代理有限公司' };
  const d: Record<string, number> = {};
  d.intention = await publishAs(env, 'procurement-intention', pid, '2026年课桌椅采购意向', '2026-07-01', { purchaser: base.purchaser, budgetYear: 2026, items: [{ projectName: base.projectName, requirement: '课桌椅 800 套', budgetAmount: '1500000.00', expectedMonth: '2026年9月' }] });
  d.tender = await publishAs(env, 'procurement-tender', pid, '课桌椅采购招标公告', '2026-08-20', {
    ...base, purchaseMethod: '公开招标', budgetAmount: '1500000.00', requirement: '课桌椅 800 套，分两个包', qualifications: '具有独立承担民事责任的能力',
    lots: [{ lotNo: '1', name: '课桌椅', budgetAmount: '1200000.00' }, { lotNo: '2', name: '讲台', budgetAmount: '300000.00' }],
    announcementStart: '2026-08-21', announcementEnd: '2026-08-27', documentsFrom: '2026-08-21', documentsUntil: '2026-08-27', documentsMethod: '广东政府采购智慧云平台在线获取', bidDeadline: '2026-09-15', bidDeadlineTime: '09:30', bidOpeningPlace: '浈江区公共资源交易中心', contactPerson: '陈工', contactPhone: '0751-8888888',
  }, [{ filename: '招标文件（第1包）.pdf', data: tinyPdf('tender documents') }]);
  await correct(env, d.tender, '更正投标截止时间', (f) => (f.bidDeadlineTime = '10:00'));
  d.award = await publishAs(env, 'procurement-award', pid, '课桌椅采购中标结果公告（第1包）', '2026-09-20', {
    ...base, purchaseMethod: '公开招标', lotNo: '1', budgetAmount: '1200000.00',
    suppliers: [{ name: '韶关市甲家具有限公司', creditCode: USCI_A, address: '浈江区一路1号', awardAmount: '800000.00' }, { name: '韶关市乙家具有限公司', creditCode: USCI_B, address: '浈江区二路2号', awardAmount: '350000.50' }],
    mainItems: [{ name: '课桌椅', brand: '甲牌', model: 'KZ-1', quantity: '800', unit: '套', unitPrice: '1437.50' }],
    evaluationExperts: '张三、李四、王五', announcementPeriod: 1, awardDate: '2026-09-18',
  });
  d.contract = await publishAs(env, 'procurement-contract', pid, '课桌椅采购合同公告', '2026-10-08', {
    contractNo: 'HT-2026-015-1', contractName: '课桌椅采购合同', projectCode: code, projectName: base.projectName, purchaser: base.purchaser, supplier: '韶关市甲家具有限公司', supplierCreditCode: USCI_A, supplierAddress: '浈江区一路1号', amount: '800000.00', signedDate: '2026-10-08', mainItems: '课桌椅 800 套', performancePeriod: '合同签订后30日内交货', performancePlace: '各中小学',
  });
  d.acceptance = await publishAs(env, 'procurement-acceptance', pid, '课桌椅采购验收结果公告', '2026-11-10', {
    projectCode: code, projectName: base.projectName, contractNo: 'HT-2026-015-1', purchaser: base.purchaser, supplier: '韶关市甲家具有限公司', supplierCreditCode: USCI_A, contractAmount: '800000.00', acceptanceDate: '2026-11-09', acceptanceResult: '验收合格', acceptanceItems: '数量、质量符合要求',
  });
  return { projectId: pid, ocid: `${env.ctx.config.ocidPrefix}-${code}`, disclosures: d };
}

export async function buildConstructionProject(env: TestEnv, code = 'ZJGC-2026-003'): Promise<BuiltProject> {
  const inv = '2026-440204-48-01-012345';
  const pid = await project(env, code, '浈江区第三小学教学楼新建工程', 'construction', inv);
  const base = { projectCode: code, projectName: '浈江区第三小学教学楼新建工程' };
  const d: Record<string, number> = {};
  d.approval = await publishAs(env, 'construction-approval', pid, '教学楼新建工程可行性研究报告批复', '2026-05-10', { projectName: base.projectName, investmentCode: inv, approvalType: '审批', approvalNo: '浈发改审〔2026〕12号', approvalDate: '2026-05-10', approvalBody: '浈江区发展和改革局', owner: '韶关市浈江区教育局', ownerCreditCode: USCI_C, location: '浈江区', scale: '新建教学楼 6000 平方米', totalInvestment: '30000000.00', fundSource: '财政资金', tenderMethod: '公开招标', tenderOrganisation: '委托招标' });
  d.plan = await publishAs(env, 'construction-plan', pid, '教学楼新建工程招标计划', '2026-06-01', { projectName: base.projectName, investmentCode: inv, tenderer: '韶关市浈江区教育局', tendererCreditCode: USCI_C, tenderContent: '施工总承包', estimatedAmount: '25000000.00', tenderMethod: '公开招标', plannedTenderDate: '2026-07-15' });
  d.tender = await publishAs(env, 'construction-tender', pid, '教学楼新建工程施工招标公告', '2026-07-15', {
    ...base, investmentCode: inv, tenderer: '韶关市浈江区教育局', agency: '韶关市建信招标代理有限公司', conditions: '已批准建设，资金已落实', overview: '新建教学楼，分两个标段', bidderQualifications: '建筑工程施工总承包二级及以上', jointVentureAccepted: false,
    sections: [{ sectionNo: '01', name: '土建标段', maxPrice: '20000000.00', duration: 365 }, { sectionNo: '02', name: '安装标段', maxPrice: '5000000.00', duration: 200 }],
    maxPrice: '25000000.00', reservePrice: '23800000.00', documentsFrom: '2026-07-16', documentsUntil: '2026-07-22', documentsMethod: '交易平台下载', submissionMethod: '电子投标', bidDeadline: '2026-08-10', bidDeadlineTime: '09:00', duration: 365,
  });
  d.evaluation = await publishAs(env, 'construction-evaluation', pid, '教学楼新建工程（土建标段）评标情况', '2026-08-12', {
    ...base, sectionName: '土建标段', sectionNo: '01', evaluationDate: '2026-08-11', evaluationMethod: '综合评估法', bidderCount: 3,
    experts: [{ code: '专家A', title: '高级工程师', specialty: '房屋建筑', opinion: '投标文件满足要求' }, { code: '专家B', title: '工程师', specialty: '造价', opinion: '报价合理' }],
    committeeMembers: '赵一、钱二、孙三、李四、周五',
    rankedBidders: [{ rank: 1, name: '广东甲建设有限公司', creditCode: USCI_A, bidPrice: '19500000.00', totalScore: '92.5' }, { rank: 2, name: '广东乙建设有限公司', creditCode: USCI_B, bidPrice: '19800000.00', totalScore: '88' }],
    objectionChannel: '向招标人书面提出',
  });
  d.candidates = await publishAs(env, 'construction-candidates', pid, '教学楼新建工程（土建标段）中标候选人公示', '2026-08-12', {
    ...base, sectionName: '土建标段', sectionNo: '01', tenderer: '韶关市浈江区教育局', evaluationReportDate: '2026-08-12', publicityStart: '2026-08-13', publicityEnd: '2026-08-15',
    candidates: [{ rank: 1, name: '广东甲建设有限公司', creditCode: USCI_A, bidPrice: '19500000.00', quality: '合格', duration: 365, projectManager: '王建国', pmCertificateName: '一级注册建造师', pmCertificateNo: '粤1442006200812345' }, { rank: 2, name: '广东乙建设有限公司', creditCode: USCI_B, bidPrice: '19800000.00', quality: '合格', duration: 360 }],
    objectionChannel: '公示期内向招标人书面提出', objectionPhone: '0751-6666666',
  });
  d.award = await publishAs(env, 'construction-award', pid, '教学楼新建工程（土建标段）中标结果公告', '2026-08-20', { ...base, sectionName: '土建标段', sectionNo: '01', tenderer: '韶关市浈江区教育局', winner: '广东甲建设有限公司', winnerCreditCode: USCI_A, awardPrice: '19500000.00', duration: 365, quality: '合格', projectManager: '王建国', awardNoticeDate: '2026-08-18' });
  d.contract = await publishAs(env, 'construction-contract', pid, '教学楼新建工程（土建标段）合同订立信息', '2026-09-05', { contractNo: 'SG-2026-003-01', projectCode: code, projectName: base.projectName, employer: '韶关市浈江区教育局', contractor: '广东甲建设有限公司', contractorCreditCode: USCI_A, contractAmount: '19500000.00', signedDate: '2026-09-05', plannedStart: '2026-09-15', plannedCompletion: '2027-09-14', scope: '土建施工' });
  d.performance = await publishAs(env, 'construction-performance', pid, '教学楼新建工程（土建标段）履约情况', '2026-11-20', { contractNo: 'SG-2026-003-01', projectName: base.projectName, contractor: '广东甲建设有限公司', reportDate: '2026-11-20', progress: '施工中', actualStart: '2026-09-16', changes: [{ date: '2026-11-01', content: '增加地下室防水', amountChange: '120000.00' }], paidAmount: '5000000.00', performanceAssessment: '按计划推进' });
  return { projectId: pid, ocid: `${env.ctx.config.ocidPrefix}-${code}`, disclosures: d };
}
