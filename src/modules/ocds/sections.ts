// Per item type: which OCDS section a notice fills and how its fields map (issue 4 §4).
// Stable ids make the releases of one project merge into a coherent record: the tender is the
// project code, construction awards are per 标段 (candidates publicity = the pending award, the
// result = the same award made active), procurement awards per supplier (and 包), contracts by
// contract number, bids per bidder (and 标段).
import type { Json, SectionInput, SectionOutput } from './mapping.ts';
import { localDate, money, str } from './helpers.ts';

type Section = (i: SectionInput) => SectionOutput;
type Row = Record<string, unknown>;

const METHOD: Record<string, string> = { 公开招标: 'open', 邀请招标: 'selective', 竞争性谈判: 'limited', 竞争性磋商: 'limited', 询价: 'limited', 单一来源: 'direct', 框架协议采购: 'limited' };

const rows = (v: unknown): Row[] => (Array.isArray(v) ? (v as Row[]) : []);

function buyer(i: SectionInput, nameKey: string, codeKey?: string): Json | undefined {
  const name = str(i.f[nameKey]) ?? i.src.department.name;
  const code = (codeKey && str(i.f[codeKey])) || (name === i.src.department.name ? i.src.department.creditCode : undefined);
  return i.parties.add(name, code, 'buyer');
}

/** The agency runs the procedure when there is one; otherwise the buyer does (it gets both roles). */
function procuringEntity(i: SectionInput, buyerRef: Json | undefined): Json | undefined {
  const agency = str(i.f.agency);
  if (agency) return i.parties.add(agency, undefined, 'procuringEntity');
  if (buyerRef) i.parties.addRole(String(buyerRef.id), 'procuringEntity');
  return buyerRef;
}

const tenderId = (i: SectionInput) => i.src.project.code;
const title = (i: SectionInput) => str(i.f.projectName) ?? i.src.project.title;
const methodOf = (m: unknown) => (typeof m === 'string' ? METHOD[m] : undefined);

/** Procurement award ids: per supplier and 包, so a contract finds its award by the supplier's code. */
export const procurementAwardId = (creditCode: unknown, name: unknown, lotNo: unknown) => `award-${str(creditCode) ?? str(name) ?? 'x'}${str(lotNo) ? `-lot-${str(lotNo)}` : ''}`;
/** Construction awards: one per 标段 (or the whole tender). */
export const constructionAwardId = (sectionNo: unknown) => `award-${str(sectionNo) ?? 'main'}`;
const bidId = (creditCode: unknown, name: unknown, lot: unknown) => `bid-${str(creditCode) ?? str(name) ?? 'x'}${str(lot) ? `-lot-${str(lot)}` : ''}`;
const lots = (v: unknown) => (str(v) ? [str(v)!] : undefined);

// ---- procurement ----

const procurementTender: Section = (i) => {
  const f = i.f;
  const b = buyer(i, 'purchaser');
  const method = f.purchaseMethod ?? f.method ?? (i.src.itemType.code === 'procurement-single-source' ? '单一来源' : undefined);
  const start = localDate(f.documentsFrom) ?? localDate(f.announcementStart) ?? localDate(f.publicityStart);
  const end = localDate(f.bidDeadline, f.bidDeadlineTime) ?? localDate(f.responseDeadline, undefined, true) ?? localDate(f.applicationDeadline, undefined, true) ?? localDate(f.publicityEnd, undefined, true);
  const single = i.src.itemType.code === 'procurement-single-source';
  const tenderer = single ? i.parties.add(f.supplierName, f.supplierCreditCode, 'tenderer') : undefined;
  const docType = i.src.itemType.code === 'procurement-documents' ? 'biddingDocuments' : 'tenderNotice';
  return {
    tag: 'tender',
    release: {
      buyer: b,
      tender: {
        id: tenderId(i),
        title: title(i),
        description: str(f.requirement),
        status: 'active',
        value: money(f.budgetAmount),
        procurementMethod: methodOf(method),
        procurementMethodDetails: str(method),
        procurementMethodRationale: str(f.reason),
        eligibilityCriteria: str(f.qualifications),
        procuringEntity: procuringEntity(i, b),
        tenderPeriod: start || end ? { startDate: start, endDate: end } : undefined,
        submissionMethodDetails: str(f.documentsMethod),
        tenderers: tenderer ? [tenderer] : undefined,
        lots: rows(f.lots).map((l) => ({ id: str(l.lotNo), title: str(l.name), status: 'active', value: money(l.budgetAmount), description: str(l.contractPeriod) ? `合同履行期限：${str(l.contractPeriod)}` : undefined })),
        documents: i.documents(docType),
        amendments: i.amendment(),
      },
    },
  };
};

const procurementIntention: Section = (i) => {
  const f = i.f;
  const items = rows(f.items);
  const total = items.reduce((s, x) => s + Number(x.budgetAmount ?? 0), 0);
  return {
    tag: 'planning',
    release: {
      buyer: buyer(i, 'purchaser'),
      planning: {
        rationale: items.map((x) => `${str(x.projectName) ?? ''}：${str(x.requirement) ?? ''}（预计采购时间：${str(x.expectedMonth) ?? ''}）`).join('\n') || undefined,
        budget: items.length ? { description: `${str(f.budgetYear) ?? ''}年度采购意向`, amount: { amount: Math.round(total * 100) / 100, currency: 'CNY' }, project: title(i) } : undefined,
        documents: i.documents('plannedProcurementNotice'),
      },
      tender: { id: tenderId(i), title: title(i), status: 'planning' },
    },
  };
};

const procurementCorrection: Section = (i) => {
  const f = i.f;
  const date = localDate(f.correctionDate);
  const changes = rows(f.corrections);
  return {
    tag: 'tenderAmendment',
    release: {
      buyer: buyer(i, 'purchaser'),
      tender: {
        id: tenderId(i),
        title: title(i),
        tenderPeriod: f.newBidDeadline ? { endDate: localDate(f.newBidDeadline, undefined, true) } : undefined,
        amendments: [{ id: `${i.src.disclosureId}-v${i.src.version}`, date, rationale: `更正“${str(f.originalNoticeTitle) ?? ''}”`, description: changes.map((c) => `${str(c.item) ?? ''}：${str(c.before) ?? ''} → ${str(c.after) ?? ''}`).join('\n') }],
        documents: i.documents('clarifications'),
      },
    },
  };
};

const procurementTermination: Section = (i) => ({
  tag: 'tenderCancellation',
  release: {
    buyer: buyer(i, 'purchaser'),
    tender: {
      id: tenderId(i),
      title: title(i),
      status: 'cancelled',
      amendments: [{ id: `${i.src.disclosureId}-v${i.src.version}`, date: localDate(i.f.terminationDate), rationale: str(i.f.reason), description: '终止公告' }],
      documents: i.documents('cancellationDetails'),
    },
  },
});

const procurementAward: Section = (i) => {
  const f = i.f;
  const suppliers = rows(f.suppliers);
  const items = rows(f.mainItems).map((m, k) => ({ id: String(k + 1), description: [str(m.name), str(m.brand), str(m.model)].filter(Boolean).join(' '), quantity: Number.isFinite(Number(m.quantity)) && str(m.quantity) ? Number(m.quantity) : undefined, unit: str(m.unit) || m.unitPrice ? { name: str(m.unit), value: money(m.unitPrice) } : undefined }));
  const b = buyer(i, 'purchaser');
  return {
    tag: 'award',
    release: {
      buyer: b,
      // With a 包号 the budget is the lot's, not the whole tender's.
      tender: { id: tenderId(i), title: title(i), value: str(f.lotNo) ? undefined : money(f.budgetAmount), lots: str(f.lotNo) ? [{ id: str(f.lotNo), value: money(f.budgetAmount) }] : undefined, procurementMethod: methodOf(f.purchaseMethod), procurementMethodDetails: str(f.purchaseMethod), procuringEntity: procuringEntity(i, b) },
      awards: suppliers.map((s, k) => ({
        id: procurementAwardId(s.creditCode, s.name, f.lotNo),
        title: title(i),
        description: k === 0 && str(f.evaluationExperts) ? `评审专家：${str(f.evaluationExperts)}` : undefined,
        status: 'active',
        date: localDate(f.awardDate),
        value: money(s.awardAmount),
        suppliers: [i.parties.add(s.name, s.creditCode, 'supplier', s.address)],
        // The notice lists the main items once, not per supplier: they go with the first award.
        items: k === 0 ? items : undefined,
        relatedLots: lots(f.lotNo),
        documents: k === 0 ? i.documents('awardNotice') : undefined,
        amendments: i.amendment(),
      })),
    },
  };
};

const procurementContract: Section = (i) => {
  const f = i.f;
  i.parties.add(f.supplier, f.supplierCreditCode, 'supplier', f.supplierAddress);
  return {
    tag: 'contract',
    release: {
      buyer: buyer(i, 'purchaser'),
      tender: { id: tenderId(i), title: title(i) },
      contracts: [{
        id: str(f.contractNo),
        awardID: i.ctx.awardIdFor(i.src.project.id, { creditCode: str(f.supplierCreditCode), name: str(f.supplier) }) ?? procurementAwardId(f.supplierCreditCode, f.supplier, undefined),
        title: str(f.contractName),
        description: [str(f.mainItems), str(f.performancePeriod) && `履约期限：${str(f.performancePeriod)}`, str(f.performancePlace) && `履约地点：${str(f.performancePlace)}`].filter(Boolean).join('\n'),
        status: 'active',
        value: money(f.amount),
        dateSigned: localDate(f.signedDate),
        documents: i.documents('contractSigned'),
        amendments: i.amendment(),
      }],
    },
  };
};

const procurementAcceptance: Section = (i) => {
  const f = i.f;
  i.parties.add(f.supplier, f.supplierCreditCode, 'supplier');
  const status = f.acceptanceResult === '验收合格' ? 'met' : f.acceptanceResult === '部分合格' ? 'partiallyMet' : 'notMet';
  return {
    tag: 'implementation',
    release: {
      buyer: buyer(i, 'purchaser'),
      tender: { id: tenderId(i), title: title(i) },
      contracts: [{
        id: str(f.contractNo),
        awardID: i.ctx.awardIdFor(i.src.project.id, { creditCode: str(f.supplierCreditCode), name: str(f.supplier) }) ?? procurementAwardId(f.supplierCreditCode, f.supplier, undefined),
        value: money(f.contractAmount),
        implementation: {
          milestones: [{ id: `${i.src.disclosureId}-acceptance`, title: `履约验收：${str(f.acceptanceResult) ?? ''}`, type: 'delivery', description: str(f.acceptanceItems), status, dateMet: status === 'notMet' ? undefined : localDate(f.acceptanceDate) }],
          documents: i.documents('completionCertificate'),
        },
        amendments: i.amendment(),
      }],
    },
  };
};

// ---- construction ----

const constructionApproval: Section = (i) => {
  const f = i.f;
  return {
    tag: 'planning',
    release: {
      buyer: buyer(i, 'owner', 'ownerCreditCode'),
      planning: {
        rationale: str(f.scale),
        budget: { description: str(f.fundSource), amount: money(f.totalInvestment), project: str(f.projectName), projectID: str(f.investmentCode) },
        documents: i.documents('projectPlan').map((d) => ({ ...d, description: `${str(f.approvalType) ?? ''}：${str(f.approvalNo) ?? ''}（${str(f.approvalBody) ?? ''}）` })),
      },
      tender: { id: tenderId(i), title: title(i), status: 'planning', mainProcurementCategory: 'works' },
    },
  };
};

const constructionPlan: Section = (i) => {
  const f = i.f;
  const b = buyer(i, 'tenderer', 'tendererCreditCode');
  return {
    tag: 'planning',
    release: {
      buyer: b,
      planning: { budget: str(f.investmentCode) ? { projectID: str(f.investmentCode), project: title(i) } : undefined, documents: i.documents('procurementPlan') },
      tender: { id: tenderId(i), title: title(i), description: str(f.tenderContent), status: 'planning', mainProcurementCategory: 'works', value: money(f.estimatedAmount), procurementMethod: methodOf(f.tenderMethod), procurementMethodDetails: str(f.tenderMethod), eligibilityCriteria: str(f.qualificationRequirements) },
    },
  };
};

const constructionTender: Section = (i) => {
  const f = i.f;
  const b = buyer(i, 'tenderer');
  return {
    tag: 'tender',
    release: {
      buyer: b,
      tender: {
        id: tenderId(i),
        title: title(i),
        description: [str(f.conditions), str(f.overview)].filter(Boolean).join('\n'),
        status: 'active',
        mainProcurementCategory: 'works',
        value: money(f.maxPrice),
        procurementMethod: 'open',
        procurementMethodDetails: '公开招标',
        eligibilityCriteria: [str(f.bidderQualifications), f.jointVentureAccepted === true ? '接受联合体投标' : f.jointVentureAccepted === false ? '不接受联合体投标' : undefined].filter(Boolean).join('\n'),
        procuringEntity: procuringEntity(i, b),
        tenderPeriod: { startDate: localDate(f.documentsFrom), endDate: localDate(f.bidDeadline, f.bidDeadlineTime, true) },
        contractPeriod: Number(f.duration) > 0 ? { durationInDays: Number(f.duration) } : undefined,
        submissionMethodDetails: [str(f.documentsMethod), str(f.submissionMethod)].filter(Boolean).join('\n'),
        lots: rows(f.sections).map((s) => ({ id: str(s.sectionNo), title: str(s.name), description: str(s.scope), status: 'active', value: money(s.maxPrice), contractPeriod: Number(s.duration) > 0 ? { durationInDays: Number(s.duration) } : undefined })),
        documents: i.documents('tenderNotice'),
        amendments: i.amendment(),
      },
    },
  };
};

const constructionCandidates: Section = (i) => {
  const f = i.f;
  const cands = rows(f.candidates).sort((a, b) => Number(a.rank) - Number(b.rank));
  const first = cands[0];
  const details = cands.map((c) => ({
    id: bidId(c.creditCode, c.name, f.sectionNo),
    status: 'valid',
    tenderers: [i.parties.add(c.name, c.creditCode, 'tenderer')],
    value: money(c.bidPrice),
    hasRank: true,
    rank: Number(c.rank),
    relatedLots: lots(f.sectionNo),
  }));
  const describe = (c: Row) => [`第${str(c.rank)}名：${str(c.name) ?? ''}`, str(c.quality) && `质量：${str(c.quality)}`, str(c.duration) && `工期：${str(c.duration)}日历天`, str(c.projectManager) && `项目负责人：${str(c.projectManager)}（${str(c.pmCertificateName) ?? ''} ${str(c.pmCertificateNo) ?? ''}）`, str(c.pastPerformance) && `类似业绩：${str(c.pastPerformance)}`, str(c.awards) && `获奖情况：${str(c.awards)}`].filter(Boolean).join('；');
  return {
    tag: 'award',
    release: {
      buyer: buyer(i, 'tenderer'),
      tender: { id: tenderId(i), title: title(i) },
      bids: { statistics: [{ id: `${str(f.sectionNo) ?? 'main'}-candidates`, measure: 'qualifiedBidders', value: cands.length, relatedLot: str(f.sectionNo) }], details },
      awards: first
        ? [{
            id: constructionAwardId(f.sectionNo),
            title: `${title(i)}${str(f.sectionName) ? ` ${str(f.sectionName)}` : ''} 中标候选人公示`,
            description: `公示期 ${str(f.publicityStart) ?? ''} 至 ${str(f.publicityEnd) ?? ''}；异议渠道：${str(f.objectionChannel) ?? ''}\n${cands.map(describe).join('\n')}`,
            status: 'pending',
            date: localDate(f.publicityStart),
            value: money(first.bidPrice),
            suppliers: [i.parties.add(first.name, first.creditCode, 'tenderer')],
            relatedBids: [bidId(first.creditCode, first.name, f.sectionNo)],
            relatedLots: lots(f.sectionNo),
            documents: i.documents('awardNotice'),
            amendments: i.amendment(),
          }]
        : undefined,
    },
  };
};

const constructionEvaluation: Section = (i) => {
  const f = i.f;
  const ranked = rows(f.rankedBidders).sort((a, b) => Number(a.rank) - Number(b.rank));
  const experts = rows(f.experts).map((e) => `${str(e.code) ?? ''}（${[str(e.title), str(e.qualification), str(e.specialty)].filter(Boolean).join('，')}）：${str(e.opinion) ?? ''}`);
  return {
    tag: 'tenderUpdate',
    release: {
      buyer: buyer(i, 'tenderer'),
      tender: {
        id: tenderId(i),
        title: title(i),
        awardCriteria: f.evaluationMethod === '综合评估法' ? 'ratedCriteria' : f.evaluationMethod ? 'lowestCost' : undefined,
        awardCriteriaDetails: [`评标办法：${str(f.evaluationMethod) ?? ''}；评标日期：${str(f.evaluationDate) ?? ''}`, ...experts, ...ranked.map((r) => `第${str(r.rank)}名 ${str(r.name) ?? ''}：综合得分 ${str(r.totalScore) ?? ''}${str(r.technicalScore) ? `（技术 ${str(r.technicalScore)}，商务 ${str(r.commercialScore) ?? '—'}，价格 ${str(r.priceScore) ?? '—'}）` : ''}`), str(f.rejectedBids) && `否决投标：${str(f.rejectedBids)}`, str(f.objectionChannel) && `异议渠道：${str(f.objectionChannel)}`].filter(Boolean).join('\n'),
        numberOfTenderers: Number.isInteger(f.bidderCount) ? (f.bidderCount as number) : undefined,
        documents: i.documents('evaluationReports'),
        amendments: i.amendment(),
      },
      bids: {
        statistics: Number.isInteger(f.bidderCount) ? [{ id: `${str(f.sectionNo) ?? 'main'}-bids`, measure: 'bids', value: f.bidderCount as number, relatedLot: str(f.sectionNo) }] : undefined,
        details: ranked.map((r) => ({ id: bidId(r.creditCode, r.name, f.sectionNo), status: 'valid', tenderers: [i.parties.add(r.name, r.creditCode, 'tenderer')], value: money(r.bidPrice), hasRank: true, rank: Number(r.rank), relatedLots: lots(f.sectionNo) })),
      },
    },
  };
};

const constructionAward: Section = (i) => {
  const f = i.f;
  return {
    tag: 'award',
    release: {
      buyer: buyer(i, 'tenderer'),
      tender: { id: tenderId(i), title: title(i) },
      awards: [{
        id: constructionAwardId(f.sectionNo),
        title: `${title(i)}${str(f.sectionName) ? ` ${str(f.sectionName)}` : ''} 中标结果`,
        description: [str(f.quality) && `质量：${str(f.quality)}`, str(f.projectManager) && `项目负责人：${str(f.projectManager)}（${str(f.pmCertificateNo) ?? ''}）`].filter(Boolean).join('；'),
        status: 'active',
        date: localDate(f.awardNoticeDate),
        value: money(f.awardPrice),
        suppliers: [i.parties.add(f.winner, f.winnerCreditCode, 'supplier')],
        contractPeriod: Number(f.duration) > 0 ? { durationInDays: Number(f.duration) } : undefined,
        relatedLots: lots(f.sectionNo),
        documents: i.documents('awardNotice'),
        amendments: i.amendment(),
      }],
    },
  };
};

const constructionContract: Section = (i) => {
  const f = i.f;
  i.parties.add(f.contractor, f.contractorCreditCode, 'supplier');
  return {
    tag: 'contract',
    release: {
      buyer: buyer(i, 'employer'),
      tender: { id: tenderId(i), title: title(i) },
      contracts: [{
        id: str(f.contractNo),
        awardID: i.ctx.awardIdFor(i.src.project.id, { creditCode: str(f.contractorCreditCode), name: str(f.contractor) }) ?? constructionAwardId(undefined),
        title: title(i),
        description: [str(f.scope), str(f.paymentTerms) && `支付方式：${str(f.paymentTerms)}`, str(f.projectManager) && `项目负责人：${str(f.projectManager)}`].filter(Boolean).join('\n'),
        status: 'active',
        value: money(f.contractAmount),
        dateSigned: localDate(f.signedDate),
        period: { startDate: localDate(f.plannedStart), endDate: localDate(f.plannedCompletion, undefined, true) },
        documents: i.documents('contractSigned'),
        amendments: i.amendment(),
      }],
    },
  };
};

const constructionPerformance: Section = (i) => {
  const f = i.f;
  i.parties.add(f.contractor, undefined, 'supplier');
  const done = f.progress === '已竣工验收' || f.progress === '已结算';
  return {
    tag: 'implementation',
    release: {
      tender: { id: tenderId(i), title: title(i) },
      contracts: [{
        id: str(f.contractNo),
        awardID: i.ctx.awardIdFor(i.src.project.id, { name: str(f.contractor) }) ?? constructionAwardId(undefined),
        status: f.progress === '已结算' ? 'terminated' : 'active',
        period: f.actualStart ? { startDate: localDate(f.actualStart), endDate: localDate(f.actualCompletion, undefined, true) } : undefined,
        implementation: {
          milestones: [{ id: `${i.src.disclosureId}-progress`, title: `履约状态：${str(f.progress) ?? ''}（截至 ${str(f.reportDate) ?? ''}）`, type: 'delivery', description: [str(f.performanceAssessment), str(f.qualityAndSafety)].filter(Boolean).join('\n'), status: done ? 'met' : 'scheduled', dateMet: done ? localDate(f.completionAcceptanceDate ?? f.actualCompletion) : undefined }],
          documents: i.documents('physicalProgressReport'),
        },
        amendments: [...rows(f.changes).map((c, k) => ({ id: `change-${k + 1}`, date: localDate(c.date), rationale: str(c.content), description: str(c.amountChange) ? `变更金额：${str(c.amountChange)} 元` : undefined })), ...(i.amendment() ?? [])],
      }],
    },
  };
};

/** Item type code → section builder. Types not listed (policies, sanctions, credit) are not OCDS releases. */
export const SECTIONS: Record<string, Section> = {
  'procurement-intention': procurementIntention,
  'procurement-prequalification': procurementTender,
  'procurement-tender': procurementTender,
  'procurement-negotiation': procurementTender,
  'procurement-single-source': procurementTender,
  'procurement-documents': procurementTender,
  'procurement-correction': procurementCorrection,
  'procurement-termination': procurementTermination,
  'procurement-award': procurementAward,
  'procurement-contract': procurementContract,
  'procurement-acceptance': procurementAcceptance,
  'construction-approval': constructionApproval,
  'construction-plan': constructionPlan,
  'construction-tender': constructionTender,
  'construction-candidates': constructionCandidates,
  'construction-evaluation': constructionEvaluation,
  'construction-award': constructionAward,
  'construction-contract': constructionContract,
  'construction-performance': constructionPerformance,
};

/** Award ids an award notice creates, by supplier (for linking contracts). Pure. */
export function awardIdsOf(itemTypeCode: string, f: Record<string, unknown>): { creditCode?: string | undefined; name?: string | undefined; awardId: string }[] {
  if (itemTypeCode === 'procurement-award') return rows(f.suppliers).map((s) => ({ creditCode: str(s.creditCode), name: str(s.name), awardId: procurementAwardId(s.creditCode, s.name, f.lotNo) }));
  if (itemTypeCode === 'construction-award') return [{ creditCode: str(f.winnerCreditCode), name: str(f.winner), awardId: constructionAwardId(f.sectionNo) }];
  return [];
}
