// 政府采购 projects (财办库〔2020〕50号 notices): 采购意向 → 采购公告 (更正 / 终止 where it happened)
// → 中标（成交）结果 → 合同 → 验收, each published by the purchasing department.
import { displayName } from './departments.ts';
import { procurementAward } from './procurement-award.ts';
import { shiftDate, type Gen, type Slot } from './timeline.ts';
import { cnDate, money, paras, personName, roundYuan, wan, type Company, type CompanyKind } from './vocabulary.ts';

export interface ProcItem {
  name: string;
  unit: string;
  qty: number;
  /** Unit price range in yuan. */
  price: readonly [number, number];
  /** Brand and model pairs offered by bidders. */
  brands?: readonly (readonly [string, string])[];
  model?: string;
}

export interface ProcSpec {
  key: string;
  title: string;
  dept: string;
  method: '公开招标' | '竞争性磋商' | '询价';
  supplierKind: CompanyKind;
  items: readonly ProcItem[];
  requirement: string;
  period: string;
  start: number;
  /** 更正公告 extending the bid deadline. */
  corrected?: boolean;
  /** A first round ends in a 终止公告 (too few bidders), then a second round. */
  terminated?: boolean;
}

const SPECS: readonly ProcSpec[] = [
  { key: 'p-hospital-equipment', title: '浈江区人民医院医疗设备采购项目', dept: 'wjj', method: '公开招标', supplierKind: 'medical', start: 0.1, corrected: true, period: '合同签订后60日内交货并完成安装调试',
    requirement: '采购彩色多普勒超声诊断仪、全自动生化分析仪、数字化X射线摄影系统等医疗设备一批，含运输、安装、调试、培训及三年免费保修。',
    items: [
      { name: '彩色多普勒超声诊断仪', unit: '台', qty: 2, price: [980000, 1350000], brands: [['迈瑞', 'Resona 7'], ['开立', 'S60'], ['祥生', 'Q9']] },
      { name: '全自动生化分析仪', unit: '台', qty: 1, price: [620000, 860000], brands: [['迈瑞', 'BS-2000M'], ['迪瑞', 'CS-1200']] },
      { name: '数字化X射线摄影系统（DR）', unit: '套', qty: 1, price: [1100000, 1500000], brands: [['联影', 'uDR 588i'], ['万东', 'NewVision'], ['东软', 'NeuVision 550']] },
    ] },
  { key: 'p-health-it', title: '浈江区基层医疗卫生机构信息化建设项目', dept: 'wjj', method: '公开招标', supplierKind: 'it', start: 0.3, terminated: true, period: '合同签订后180日内完成建设并通过验收',
    requirement: '建设覆盖全区镇卫生院和社区卫生服务中心的基层医疗卫生信息系统，包括基层HIS、公共卫生管理、区域影像平台对接及配套硬件。',
    items: [
      { name: '基层医疗卫生信息系统软件', unit: '套', qty: 1, price: [1800000, 2400000] },
      { name: '机架式服务器', unit: '台', qty: 4, price: [68000, 95000], brands: [['华为', '2288H V6'], ['浪潮', 'NF5280M6'], ['中科曙光', 'I620-G30']] },
      { name: '终端设备及实施服务', unit: '项', qty: 1, price: [600000, 900000] },
    ] },
  { key: 'p-finance-review', title: '浈江区财政投资评审服务采购项目', dept: 'czj', method: '竞争性磋商', supplierKind: 'audit', start: 0.46, period: '自合同签订之日起12个月',
    requirement: '为区财政投资项目提供预算评审、结算评审及专项资金绩效评价服务，预计评审项目不少于60个。',
    items: [{ name: '财政投资评审服务', unit: '项', qty: 1, price: [800000, 1300000] }] },
  { key: 'p-sanitation', title: '浈江区城区道路清扫保洁服务采购项目', dept: 'cgj', method: '公开招标', supplierKind: 'service', start: 0.56, period: '服务期三年（36个月）',
    requirement: '负责城区主次干道、背街小巷及公共广场约286万平方米的道路清扫保洁、垃圾收集清运及公厕保洁服务。',
    items: [{ name: '城区道路清扫保洁服务', unit: '年', qty: 3, price: [5200000, 6400000] }] },
  { key: 'p-forest-fire', title: '浈江区森林防火物资及设备采购项目', dept: 'lyj', method: '询价', supplierKind: 'trade', start: 0.7, period: '合同签订后30日内交货',
    requirement: '采购风力灭火机、森林消防水泵、阻燃防护服、对讲机等森林防火物资，用于镇级森林消防队伍装备补充。',
    items: [
      { name: '风力灭火机', unit: '台', qty: 60, price: [4200, 5600], brands: [['振兴', '6MF-30'], ['绿友', '6MF-26']] },
      { name: '森林消防高压水泵', unit: '套', qty: 10, price: [26000, 34000], model: 'WICK-375' },
      { name: '阻燃防护服', unit: '套', qty: 200, price: [680, 920] },
      { name: '数字对讲机', unit: '台', qty: 40, price: [1500, 2300], brands: [['海能达', 'PD680']] },
    ] },
];

export interface ProcRun {
  s: ProcSpec;
  code: string;
  purchaser: string;
  agency: Company | null;
  budget: number;
  contact: string;
  phone: string;
  /** Unit prices chosen for the project's items, in cents. */
  unitPrices: number[];
}

export function generateProcurement(g: Gen): void {
  SPECS.forEach((s, i) => procurementProject(g, s, i + 1));
}

export function procurementProject(g: Gen, s: ProcSpec, seq: number): void {
  const { rng } = g;
  const T0 = g.dateAt(s.start, 10);
  const year = T0.slice(0, 4);
  const code = `ZJCG-${year}-${String(seq * 7 + rng.int(1, 6)).padStart(3, '0')}`;
  g.addProject({ key: s.key, code, title: s.title, sector: 'procurement', department: s.dept });
  const unitPrices = s.items.map((it) => roundYuan(rng.int(it.price[0], it.price[1]), 100));
  const itemsTotal = s.items.reduce((sum, it, i) => sum + it.qty * unitPrices[i]!, 0);
  const r: ProcRun = {
    s, code, purchaser: displayName(s.dept), agency: s.method === '询价' ? null : g.companies.pick('agency', 5),
    budget: roundYuan((itemsTotal / 100) * 1.06, 1000), contact: personName(rng), phone: `0751-87${rng.digits(5)}`, unitPrices,
  };
  const P = { project: s.key };

  let notice = g.schedule(s.dept, s.method === '公开招标' ? 'procurement-tender' : 'procurement-negotiation', T0);
  if (!notice) return;
  // 采购意向 counts back from the start of the procurement (财库〔2020〕10号): `formed` is that day.
  const intent = g.schedule(s.dept, 'procurement-intention', notice.publish);
  if (intent) {
    const month = `${notice.publish.slice(0, 4)}年${Number(notice.publish.slice(5, 7))}月`;
    g.emit(intent, { ...P, key: `${s.key}-intention`, title: `${r.purchaser}${year}年${Number(intent.publish.slice(5, 7))}月政府采购意向`, fields: {
      purchaser: r.purchaser, budgetYear: Number(year),
      items: [{ projectName: s.title, requirement: s.requirement, budgetAmount: money(r.budget), expectedMonth: month, remarks: s.method }],
      contactPerson: r.contact, contactPhone: r.phone,
    }, body: paras(
      `为便于供应商及时了解政府采购信息，根据《财政部关于开展政府采购意向公开工作的通知》（财库〔2020〕10号）等有关规定，现将${r.purchaser}采购意向公开如下。`,
      `项目名称：${s.title}；采购需求概况：${s.requirement}预算金额：${wan(r.budget)}；预计采购时间：${month}。`,
      `本次公开的采购意向是本单位政府采购工作的初步安排，具体采购项目情况以相关采购公告和采购文件为准。`,
    ) });
  }

  let deadline = emitNotice(g, r, notice, '');
  if (s.corrected) {
    const cs = g.schedule(s.dept, 'procurement-correction', g.addWd(notice.publish, rng.int(3, 6)), { noLate: true });
    if (!cs) return;
    const newDeadline = g.workday(shiftDate(cs.formed, rng.int(17, 21)));
    g.emit(cs, { ...P, key: `${s.key}-correction`, title: `${s.title}更正公告`, fields: {
      projectCode: code, projectName: s.title, purchaser: r.purchaser, agency: r.agency?.name,
      originalNoticeTitle: `${s.title}招标公告`, originalNoticeDate: notice.publish, correctionDate: cs.formed,
      corrections: [
        { item: '技术参数', before: '彩色多普勒超声诊断仪探头数量不少于4个', after: '彩色多普勒超声诊断仪标配探头不少于3个（凸阵、线阵、相控阵各1个）' },
        { item: '投标截止及开标时间', before: `${cnDate(deadline)}9时30分`, after: `${cnDate(newDeadline)}9时30分` },
      ],
      newBidDeadline: newDeadline, contactPerson: r.contact, contactPhone: r.phone,
    }, body: paras(
      `${s.title}招标公告于${cnDate(notice.publish)}发布。因部分技术参数表述可能影响投标文件编制，经采购人确认，现对招标文件作如下更正。`,
      `一、彩色多普勒超声诊断仪探头配置要求调整为标配探头不少于3个（凸阵、线阵、相控阵各1个）。`,
      `二、投标截止及开标时间顺延至${cnDate(newDeadline)}9时30分，开标地点不变。其他内容不变。`,
    ) });
    deadline = newDeadline;
  }
  if (s.terminated) {
    const ts = g.schedule(s.dept, 'procurement-termination', deadline, { noLate: true });
    if (!ts) return;
    g.emit(ts, { ...P, key: `${s.key}-termination`, title: `${s.title}终止公告`, fields: {
      projectCode: code, projectName: s.title, purchaser: r.purchaser, agency: r.agency?.name,
      originalNoticeTitle: `${s.title}招标公告`, originalNoticeDate: notice.publish, terminationDate: ts.formed,
      reason: '截至投标截止时间，递交投标文件的供应商不足三家。根据《政府采购货物和服务招标投标管理办法》（财政部令第87号）第四十三条，本次采购活动终止。',
      followUp: '采购人将重新组织采购，具体以重新发布的采购公告为准。', contactPerson: r.contact, contactPhone: r.phone,
    }, body: paras(
      `${s.title}（项目编号：${code}）于${cnDate(notice.publish)}发布招标公告，投标截止时间为${cnDate(deadline)}。`,
      `截至投标截止时间，递交投标文件的供应商不足三家，依据财政部令第87号第四十三条，本次采购活动终止。采购人将重新组织采购。`,
    ) });
    const again = g.schedule(s.dept, 'procurement-tender', shiftDate(ts.publish, rng.int(7, 15)));
    if (!again) return;
    notice = again;
    deadline = emitNotice(g, r, again, '（二次）');
  }
  procurementAward(g, r, notice, deadline);
}

/** The 招标公告 or 磋商/询价公告; returns the bid (response) deadline. */
function emitNotice(g: Gen, r: ProcRun, n: Slot, round: string): string {
  const { rng } = g;
  const { s } = r;
  const from = n.publish;
  const deadline = g.workday(shiftDate(from, s.method === '公开招标' ? rng.int(21, 26) : s.method === '竞争性磋商' ? rng.int(11, 14) : rng.int(5, 8)));
  const qualifications = '符合《政府采购法》第二十二条规定的条件；未被列入“信用中国”网站失信被执行人、重大税收违法失信主体及中国政府采购网政府采购严重违法失信行为记录名单；本项目不接受联合体投标。';
  const docsMethod = '供应商登录广东政府采购智慧云平台免费获取采购文件。';
  const base = { projectCode: r.code, projectName: `${s.title}${round}`, purchaser: r.purchaser, agency: r.agency?.name };
  const fields =
    s.method === '公开招标'
      ? {
          ...base, purchaseMethod: '公开招标', budgetAmount: money(r.budget), maxPrice: money(r.budget), requirement: s.requirement,
          lots: [{ lotNo: '1', name: s.title.replace(/^浈江区/, ''), budgetAmount: money(r.budget), contractPeriod: s.period }],
          qualifications, policyMeasures: '本项目专门面向中小企业采购；落实节能环保、促进残疾人就业等政府采购政策。',
          announcementStart: from, announcementEnd: g.addWd(from, 5), documentsFrom: from, documentsUntil: g.addWd(from, 5),
          documentsMethod: docsMethod, bidDeadline: deadline, bidDeadlineTime: '09:30', bidOpeningPlace: '韶关市公共资源交易中心浈江分中心开标室',
          contactPerson: r.contact, contactPhone: r.phone,
        }
      : {
          ...base, method: s.method, budgetAmount: money(r.budget), maxPrice: money(r.budget), requirement: s.requirement, qualifications,
          documentsFrom: from, documentsUntil: g.addWd(from, 3), documentsMethod: docsMethod, responseDeadline: deadline,
          responsePlace: '韶关市公共资源交易中心浈江分中心', contactPerson: r.contact, contactPhone: r.phone,
        };
  g.emit(n, { project: s.key, key: `${s.key}-notice${round ? '-2' : ''}`, title: `${s.title}${round}${s.method === '公开招标' ? '招标' : s.method}公告`, fields, body: paras(
    `${r.agency ? `${r.agency.name}受${r.purchaser}委托` : r.purchaser}，拟对${s.title}${round}进行${s.method}，欢迎合格的供应商参加。`,
    `项目编号：${r.code}；预算金额：${wan(r.budget)}；采购需求：${s.requirement}履约期限：${s.period}。`,
    `获取采购文件时间：${cnDate(from)}起；${s.method === '公开招标' ? '投标' : '响应文件提交'}截止时间：${cnDate(deadline)}9时30分。联系人：${r.contact}，电话：${r.phone}。`,
  ) });
  return deadline;
}
