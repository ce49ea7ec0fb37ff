// Standalone supervisory and planning records: 财政局's procurement decisions and blacklist,
// 住建局's bidding sanctions and credit records, 采购意向 of many bureaus, towns' housing notices.
import { DEPARTMENTS, displayName } from './departments.ts';
import { DOC_PREFIX } from './general-data.ts';
import type { StandaloneGenerator } from './general.ts';
import { shiftDate, yearsLater, type Gen } from './timeline.ts';
import { cnDate, money, paras, personName, roundYuan, wan } from './vocabulary.ts';

const PURCHASES: Readonly<Record<string, readonly string[]>> = {
  jxj: ['中小企业公共服务平台运维服务', '工业企业“上云用数赋智”培训服务'],
  czj: ['预算管理一体化系统运维服务', '财政票据印制服务', '政府会计制度培训服务'],
  nyj: ['动物强制免疫疫苗采购', '高标准农田建设项目监理服务', '农业面源污染监测服务'],
  wjj: ['基本公共卫生服务项目第三方绩效评价', '疫苗冷链设备采购', '妇女“两癌”筛查服务'],
  sjj: ['委托社会审计机构审计服务', '审计业务电子数据分析平台升级'],
  lyj: ['松材线虫病疫木除治服务', '森林资源管理“一张图”年度更新服务'],
  swj: ['办税服务厅运维服务', '税收宣传服务'],
};
const PROJECT_NAMES = ['浈江区中小学校教学设备采购项目', '浈江区智慧城管平台建设项目', '浈江区公共绿地养护服务采购项目', '浈江区政务服务中心物业管理服务项目'];

const intention: StandaloneGenerator = (g, dept, formed, key, opts) => {
  const s = g.schedule(dept, 'procurement-intention', formed, opts);
  if (!s) return false;
  const purchaser = displayName(dept);
  const items = g.rng.sample(PURCHASES[dept] ?? PURCHASES.czj!, g.rng.int(1, 2)).map((name) => ({
    projectName: `${name}项目`, requirement: `${name}，具体需求以采购文件为准。`, budgetAmount: money(roundYuan(g.rng.int(50, 480) * 10000, 1000)),
    expectedMonth: `${s.formed.slice(0, 4)}年${Number(s.formed.slice(5, 7))}月`,
  }));
  const contact = personName(g.rng);
  g.emit(s, { key, title: `${purchaser}${s.publish.slice(0, 4)}年${Number(s.publish.slice(5, 7))}月政府采购意向`, fields: {
    purchaser, budgetYear: Number(s.formed.slice(0, 4)), items, contactPerson: contact, contactPhone: DEPARTMENTS.find((d) => d.code === dept)!.phone,
  }, body: paras(
    `为便于供应商及时了解政府采购信息，根据财库〔2020〕10号文件要求，现将${purchaser}采购意向公开如下：`,
    items.map((it, i) => `${i + 1}. ${it.projectName}，预算金额${wan(Number(it.budgetAmount) * 100)}，预计采购时间${it.expectedMonth}。`).join('\n'),
    `本次公开的采购意向是本单位政府采购工作的初步安排，具体采购项目情况以相关采购公告和采购文件为准。`,
  ) }, true);
  return true;
};

const complaint: StandaloneGenerator = (g, dept, formed, key, opts) => {
  const s = g.schedule(dept, 'procurement-complaint-decision', formed, opts);
  if (!s) return false;
  const complainant = g.companies.pick(g.rng.pick(['it', 'service', 'medical'] as const), 8);
  const agency = g.companies.pick('agency', 5);
  const project = g.rng.pick(PROJECT_NAMES);
  const upheld = g.rng.chance(0.3);
  const decision = upheld ? '投诉事项成立。该采购项目中标结果无效，责令采购人依法重新开展采购活动。' : '投诉事项缺乏事实依据，根据《政府采购质疑和投诉办法》第二十九条第（二）项，驳回投诉。';
  const no = `${DOC_PREFIX.czj}采诉〔${s.formed.slice(0, 4)}〕${g.rng.int(1, 12)}号`;
  g.emit(s, { key, title: `${project}投诉处理结果公告`, fields: {
    decisionNo: no, projectName: project, agency: agency.name, complainant: complainant.name, respondent: agency.name,
    complaintDate: shiftDate(s.formed, -g.rng.int(20, 30)), complaintMatters: '投诉人认为评标委员会对其投标文件的商务评分有误，中标供应商提供的业绩证明材料不真实。',
    findings: upheld ? '经调取评审资料并核实，中标供应商提供的部分业绩合同与实际不符，评标委员会未予识别。' : '经调取评审资料并核实，评标委员会按招标文件规定的评分标准评审，中标供应商业绩材料经核实真实有效。',
    decision, decisionDate: s.formed, decisionBody: displayName('czj'),
  }, body: paras(
    `投诉人${complainant.name}因对${project}中标结果不满意，向本机关提起投诉。本机关依法受理，并调取了该项目的采购文件、投标文件和评审资料。`,
    `经审查，${upheld ? '投诉事项成立' : '投诉事项缺乏事实依据'}。处理决定：${decision}`,
    `投诉人或者其他当事人对本处理决定不服的，可以依法申请行政复议或者提起行政诉讼。决定文号：${no}。`,
  ) }, true);
  return true;
};

const inspection: StandaloneGenerator = (g, dept, formed, key, opts) => {
  const s = g.schedule(dept, 'procurement-inspection-decision', formed, opts);
  if (!s) return false;
  const agency = g.companies.pick('agency', 5);
  const no = `${DOC_PREFIX.czj}采监〔${s.formed.slice(0, 4)}〕${g.rng.int(1, 20)}号`;
  g.emit(s, { key, title: `政府采购代理机构监督检查处理决定（${agency.name}）`, fields: {
    decisionNo: no, inspectedParty: agency.name, inspectedType: '采购代理机构', inspectedCreditCode: agency.creditCode, projectName: g.rng.pick(PROJECT_NAMES),
    inspectionDate: shiftDate(s.formed, -g.rng.int(30, 60)), findings: '抽查的项目中，存在采购文件设置的资格条件与项目实际需要不相适应、未按规定保存评审录音录像资料等问题。',
    decision: '根据《政府采购法实施条例》第六十八条，责令限期改正，并给予警告。', decisionDate: s.formed, decisionBody: displayName('czj'),
  }, body: paras(
    `根据年度政府采购监督检查工作安排，本机关对${agency.name}代理的政府采购项目进行了监督检查。`,
    `检查发现：采购文件设置的资格条件与项目实际需要不相适应，部分项目未按规定保存评审录音录像资料。`,
    `依据《政府采购法实施条例》第六十八条，决定责令该机构限期改正，并给予警告。`,
  ) }, true);
  return true;
};

const badConduct: StandaloneGenerator = (g, dept, formed, key, opts) => {
  const s = g.schedule(dept, 'procurement-bad-conduct', formed, opts);
  if (!s) return false;
  const c = g.companies.pick(g.rng.pick(['it', 'trade', 'medical'] as const), 10);
  const years = g.rng.int(1, 3);
  const amount = roundYuan(g.rng.int(60, 900) * 10000, 100);
  const fine = Math.round(amount * 0.005);
  const no = `${DOC_PREFIX.czj}采罚〔${s.formed.slice(0, 4)}〕${g.rng.int(1, 9)}号`;
  const penalty = `处以采购金额千分之五的罚款，列入不良行为记录名单，${years}年内禁止参加政府采购活动。`;
  g.emit(s, { key, title: `政府采购不良行为记录（${c.name}）`, fields: {
    subjectName: c.name, creditCode: c.creditCode, subjectType: '供应商', address: c.address, projectName: g.rng.pick(PROJECT_NAMES),
    conduct: '在投标过程中提供虚假的业绩证明材料谋取中标。', basis: '《中华人民共和国政府采购法》第七十七条第一款第（一）项',
    penalty, fineAmount: money(fine), decisionNo: no, decisionDate: s.formed, barredFrom: s.formed,
    barredUntil: yearsLater(s.formed, years), decisionBody: displayName('czj'),
  }, body: paras(
    `经查，${c.name}在参加政府采购活动中提供虚假的业绩证明材料谋取中标，违反了《中华人民共和国政府采购法》第七十七条的规定。`,
    `本机关依法决定：${penalty}罚款金额${money(fine)}元，禁止参加政府采购活动期限至${cnDate(yearsLater(s.formed, years))}。`,
  ) }, true);
  return true;
};

const violation: StandaloneGenerator = (g, dept, formed, key, opts) => {
  const s = g.schedule(dept, 'construction-violation', formed, opts);
  if (!s) return false;
  const c = g.companies.pick('construction', 10);
  const fine = roundYuan(g.rng.int(15000, 120000), 100);
  g.emit(s, { key, title: `招标投标违法行为处理决定（${c.name}）`, fields: {
    decisionNo: `${DOC_PREFIX[dept]}招罚〔${s.formed.slice(0, 4)}〕${g.rng.int(1, 15)}号`, subjectName: c.name, subjectType: '投标人', subjectCreditCode: c.creditCode,
    projectName: g.rng.pick(['浈江区村级道路硬底化工程', '浈江区小型水库除险加固工程', '浈江区城区排水管网改造工程']),
    violation: '投标时提供虚假的项目负责人社保缴纳证明，以弄虚作假方式骗取中标。', basis: '《中华人民共和国招标投标法》第五十四条；《招标投标法实施条例》第六十八条',
    decision: `中标无效，处中标项目金额千分之五的罚款，取消其一年内参加依法必须进行招标的项目的投标资格。`, fineAmount: money(fine),
    decisionDate: s.formed, decisionBody: displayName(dept), publicUntil: shiftDate(s.formed, 365),
  }, body: paras(
    `经查，${c.name}在投标过程中提供虚假的项目负责人社保缴纳证明，以弄虚作假方式骗取中标。`,
    `依据《中华人民共和国招标投标法》第五十四条，本机关决定：中标无效，处罚款${money(fine)}元，取消其一年内参加依法必须进行招标的项目的投标资格。`,
  ) }, true);
  return true;
};

const credit: StandaloneGenerator = (g, dept, formed, key, opts) => {
  const s = g.schedule(dept, 'construction-credit', formed, opts);
  if (!s) return false;
  const c = g.companies.pick('construction', 10);
  const good = g.rng.chance(0.6);
  const content = good ? '承建的工程获评韶关市建设工程安全文明施工样板工地。' : '施工现场存在重大安全隐患，经责令整改后逾期未整改到位。';
  g.emit(s, { key, title: `建筑市场主体${good ? '良好' : '不良'}信用信息（${c.name}）`, fields: {
    subjectName: c.name, creditCode: c.creditCode, subjectType: '施工企业', recordType: good ? '良好信用信息' : '不良信用信息', content,
    documentNo: `${DOC_PREFIX[dept]}信〔${s.formed.slice(0, 4)}〕${g.rng.int(1, 40)}号`, recordDate: s.formed,
    validUntil: shiftDate(s.formed, good ? 730 : 365), source: displayName(dept),
  }, body: paras(`${c.name}：${content}`, `根据建筑市场信用管理有关规定，记入${good ? '良好' : '不良'}信用信息，公开期限至${cnDate(shiftDate(s.formed, good ? 730 : 365))}。`) }, true);
  return true;
};

const housingPolicy: StandaloneGenerator = (g, dept, formed, key, opts) => {
  const s = g.schedule(dept, 'housing-policy', formed, opts);
  if (!s) return false;
  const d = DEPARTMENTS.find((x) => x.code === dept)!;
  const y = s.formed.slice(0, 4);
  const title = g.rng.pick([`${d.shortName}关于开展${y}年农村低收入群体等重点对象住房安全动态监测工作的通知`, `${d.shortName}关于做好${y}年农村危房改造对象申报工作的通知`, `${d.shortName}农村危房改造政策问答（${y}年版）`]);
  g.emit(s, { key, title, fields: {
    documentTitle: title, documentNo: `${DOC_PREFIX[dept]}〔${y}〕${g.rng.int(3, 90)}号`, issuer: displayName(dept), issueDate: s.formed,
    targetGroups: '辖区内农村低保户、低保边缘家庭、分散供养特困人员、因病因灾因意外事故刚性支出较大家庭及其他脱贫不稳定户。',
    subsidyStandards: '按区年度实施方案执行：拆除重建每户4万元，新址新建每户4.5万元，修缮加固每户1.8万元。',
    summary: '部署辖区农村住房安全排查、改造对象申报和质量安全巡查工作，明确各村（居）委会和驻村干部职责。', consultationPhone: d.phone,
  }, body: paras(
    `各村（居）委会：`,
    `为做好${y}年农村低收入群体等重点对象住房安全保障工作，现就有关事项通知如下。`,
    `一、全面排查。各村（居）委会要对重点对象住房安全状况逐户排查，建立台账，发现疑似危房的及时申请鉴定。`,
    `二、及时申报。符合条件的农户可向所在村（居）委会提出申请，经评议公示后报${d.shortName}审核。咨询电话：${d.phone}。`,
  ) }, true);
  return true;
};

export const SANCTION_GENERATORS: Readonly<Record<string, StandaloneGenerator>> = {
  'procurement-intention': intention,
  'procurement-complaint-decision': complaint,
  'procurement-inspection-decision': inspection,
  'procurement-bad-conduct': badConduct,
  'construction-violation': violation,
  'construction-credit': credit,
  'housing-policy': housingPolicy,
};

/** 集中采购机构考核结果, one a year (政府采购法 66), by 财政局. */
export function agencyAssessments(g: Gen, nextKey: (dept: string, type: string) => string): void {
  for (let y = Number(g.firstDay.slice(0, 4)); y <= Number(g.lastDay.slice(0, 4)); y++) {
    const s = g.schedule('czj', 'procurement-agency-assessment', g.workday(`${y}-04-${String(g.rng.int(10, 25))}`));
    if (!s) continue;
    const score = (86 + g.rng.int(0, 90) / 10).toFixed(1);
    g.emit(s, { key: nextKey('czj', 'procurement-agency-assessment'), title: `浈江区政府集中采购机构${y - 1}年度考核结果`, fields: {
      agencyName: '韶关市浈江区政府采购中心', year: y - 1, score, grade: Number(score) >= 90 ? '优秀' : '良好', assessmentDate: s.formed,
      findings: '采购文件编制总体规范，节约资金率较上年提高；存在个别项目评审专家抽取记录不完整、档案归档不及时等问题。', rectification: '于30日内完成整改并书面报告区财政局。',
    }, body: paras(
      `根据《政府采购法》第六十六条，区财政局对韶关市浈江区政府采购中心${y - 1}年度工作进行了考核。`,
      `考核内容包括采购价格、节约资金效果、服务质量、信誉状况和有无违法行为等，考核得分${score}分，等次为“${Number(score) >= 90 ? '优秀' : '良好'}”。`,
      `针对考核发现的问题，要求采购中心于30日内完成整改。`,
    ) }, true);
  }
}
