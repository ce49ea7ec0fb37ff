// The second half of a procurement: 中标（成交）结果 (with the 采购文件), 合同 and 验收结果.
import type { ProcRun } from './procurement.ts';
import { shiftDate, type Gen, type Slot } from './timeline.ts';
import { cnDate, money, paras, personName, roundYuan, wan } from './vocabulary.ts';

export function procurementAward(g: Gen, r: ProcRun, notice: Slot, deadline: string): void {
  const { rng } = g;
  const { s } = r;
  const P = { project: s.key };
  const winner = g.companies.pick(s.supplierKind, 6);
  const ratio = 0.88 + rng.float() * 0.09;
  const prices = r.unitPrices.map((p) => roundYuan((p / 100) * ratio, 10));
  const offered = s.items.map((it) => (it.brands ? rng.pick(it.brands) : undefined));
  const amount = s.items.reduce((sum, it, i) => sum + it.qty * prices[i]!, 0);
  const experts = Array.from({ length: s.method === '公开招标' ? 5 : 3 }, () => personName(rng));
  const awardDay = g.workday(shiftDate(deadline, rng.int(1, 4)));
  const aw = g.schedule(s.dept, 'procurement-award', awardDay);
  if (!aw) return;
  const methodWord = s.method === '公开招标' ? '中标' : '成交';
  const base = { projectCode: r.code, projectName: s.title, purchaser: r.purchaser, ...(r.agency ? { agency: r.agency.name } : {}) };
  const agencyFee = r.agency ? roundYuan((amount / 100) * 0.012, 10) : 0;
  g.emit(aw, { ...P, key: `${s.key}-award`, title: `${s.title}${methodWord}结果公告`, fields: {
    ...base, purchaseMethod: s.method, budgetAmount: money(r.budget),
    suppliers: [{ name: winner.name, creditCode: winner.creditCode, address: winner.address, awardAmount: money(amount) }],
    mainItems: s.items.map((it, i) => ({
      name: it.name, ...(offered[i] ? { brand: offered[i]![0], model: offered[i]![1] } : it.model ? { model: it.model } : {}),
      quantity: String(it.qty), unit: it.unit, unitPrice: money(prices[i]!),
    })),
    evaluationExperts: experts.join('、'), ...(r.agency ? { agencyFee: money(agencyFee) } : {}),
    announcementPeriod: 1, awardDate: aw.formed, contactPerson: r.contact, contactPhone: r.phone,
  }, body: paras(
    `${s.title}（项目编号：${r.code}）经评审，并经采购人确认，现将${methodWord}结果公告如下。`,
    `${methodWord}供应商：${winner.name}，地址：${winner.address}，${methodWord}金额：${wan(amount)}。`,
    `评审专家名单：${experts.join('、')}。本公告期限为1个工作日。各有关当事人对${methodWord}结果有异议的，可以在公告期限届满之日起7个工作日内以书面形式提出质疑。`,
  ) });
  if (s.method === '公开招标') {
    const doc = g.schedule(s.dept, 'procurement-documents', aw.formed, { publish: aw.publish });
    if (doc) {
      g.emit(doc, { ...P, key: `${s.key}-documents`, title: `${s.title}招标文件`, fields: {
        ...base, documentTitle: `${s.title}招标文件`, purchaseMethod: '公开招标', documentDate: notice.publish, awardDate: aw.formed,
        notes: '依据《政府采购法实施条例》第四十三条，招标文件随中标结果同时公告。',
      }, body: paras(
        `根据《政府采购法实施条例》第四十三条，现将${s.title}招标文件随中标结果同时公告。`,
        `招标文件于${cnDate(notice.publish)}发出，中标供应商于${cnDate(aw.formed)}确定。招标文件全文见附件（演示数据不含附件）。`,
      ) });
    }
  }

  const signed = g.workday(shiftDate(aw.publish, rng.int(5, 20)));
  const ct = g.schedule(s.dept, 'procurement-contract', signed);
  if (!ct) return;
  const contractNo = `${r.code}-HT01`;
  const itemsText = s.items.map((it, i) => `${it.name}${offered[i] ? `（${offered[i]!.join(' ')}）` : it.model ? `（${it.model}）` : ''}${it.qty}${it.unit}，单价${money(prices[i]!)}元`).join('；');
  g.emit(ct, { ...P, key: `${s.key}-contract`, title: `${s.title}政府采购合同公告`, fields: {
    contractNo, contractName: `${s.title}采购合同`, projectCode: r.code, projectName: s.title, purchaser: r.purchaser,
    supplier: winner.name, supplierCreditCode: winner.creditCode, supplierAddress: winner.address, amount: money(amount),
    signedDate: ct.formed, awardNoticeDate: aw.publish, mainItems: itemsText, performancePeriod: s.period,
    performancePlace: '采购人指定地点', paymentTerms: '合同签订后支付30%预付款，验收合格后支付至95%，余款质保期满无质量问题后付清。', smeContract: true,
  }, body: paras(
    `${r.purchaser}与${winner.name}于${cnDate(ct.formed)}签订《${s.title}采购合同》（合同编号：${contractNo}），合同金额${wan(amount)}。`,
    `主要标的：${itemsText}。履约期限：${s.period}。`,
    `根据《政府采购法实施条例》第五十条，现予公告。`,
  ) });

  const yearly = s.items.some((it) => it.unit === '年');
  const accDay = g.workday(shiftDate(ct.formed, yearly ? rng.int(360, 380) : rng.int(40, 100)));
  const ac = g.schedule(s.dept, 'procurement-acceptance', accDay);
  if (!ac) return;
  const team = Array.from({ length: 3 }, () => personName(rng)).join('、');
  g.emit(ac, { ...P, key: `${s.key}-acceptance`, title: `${s.title}${yearly ? '年度' : ''}履约验收结果公告`, fields: {
    projectCode: r.code, projectName: s.title, contractNo, purchaser: r.purchaser, supplier: winner.name, supplierCreditCode: winner.creditCode,
    contractAmount: money(amount), acceptanceDate: ac.formed, acceptanceResult: '验收合格', acceptanceTeam: team,
    acceptanceItems: yearly
      ? '对照合同约定的服务标准，对清扫保洁质量、作业时间、人员配备、车辆设备和投诉处理情况进行考核，年度考核得分92.5分。'
      : '对货物的品牌型号、数量、外观、技术参数、安装调试及培训情况逐项核验，均符合合同约定。',
  }, body: paras(
    `${r.purchaser}于${cnDate(ac.formed)}组织验收小组（成员：${team}）对${s.title}进行${yearly ? '年度履约' : ''}验收。`,
    `验收结论：验收合格。${yearly ? '供应商按合同约定提供服务，年度考核结果为合格。' : '供应商按合同约定的时间、数量和质量交付货物，安装调试和培训已完成。'}`,
  ) });
}
