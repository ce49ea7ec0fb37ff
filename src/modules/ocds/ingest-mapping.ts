// Pure: maps one incoming OCDS release to the draft of an item type (issue 4 §5). What it cannot
// fill is left out, and the field rules (validateDraft) then name what is missing; every field
// remembers the JSON path it came from so that errors point into the sender's document.
import type { Json } from './helpers.ts';
import { chinaDateTime } from './helpers.ts';

export interface MappedDraft {
  itemTypeCode: string;
  sector: 'procurement' | 'construction';
  projectTitle: string;
  title: string;
  formedDate: string;
  body: string;
  fields: Record<string, unknown>;
  /** Field key (or `table.i.column`) → JSON Pointer in the package, for error reports. */
  paths: Record<string, string>;
  warnings: string[];
}

export interface PathError {
  path: string;
  message: string;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const s = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

const METHOD_NAMES: Record<string, string> = { open: '公开招标', selective: '邀请招标' };

/** Local (China) date of an OCDS date-time. */
function localDay(v: unknown): string | undefined {
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) return undefined;
  return chinaDateTime(new Date(Date.parse(v)).toISOString()).slice(0, 10);
}

class Builder {
  fields: Record<string, unknown> = {};
  paths: Record<string, string> = {};
  errors: PathError[] = [];
  warnings: string[] = [];
  constructor(readonly base: string) {}

  set(key: string, value: unknown, path: string) {
    this.paths[key] = `${this.base}${path}`;
    if (value !== undefined && value !== null && value !== '') this.fields[key] = value;
  }

  amount(key: string, value: unknown, path: string) {
    if (!isObject(value)) return this.set(key, undefined, path);
    if (value.currency !== undefined && value.currency !== 'CNY') {
      this.errors.push({ path: `${this.base}${path}/currency`, message: `仅接受人民币（CNY）金额，收到 ${String(value.currency)}` });
      return;
    }
    this.set(key, typeof value.amount === 'number' ? String(value.amount) : undefined, `${path}/amount`);
  }
}

/** The organisation's 统一社会信用代码: identifier scheme CN-USCI, or an id `CN-USCI-…`. */
function usci(parties: Json[], ref: unknown): string | undefined {
  if (!isObject(ref)) return undefined;
  const p = parties.find((x) => x.id === ref.id);
  const ids = [p?.identifier, ...arr(p?.additionalIdentifiers)];
  for (const i of ids) if (isObject(i) && i.scheme === 'CN-USCI' && s(i.id)) return s(i.id);
  const id = s(ref.id);
  return id?.startsWith('CN-USCI-') ? id.slice(8) : undefined;
}

function partyIndex(parties: Json[], ref: unknown): number {
  return isObject(ref) ? parties.findIndex((x) => x.id === ref.id) : -1;
}

function buyerOf(r: Json): { name?: string | undefined; path: string } {
  if (isObject(r.buyer) && s(r.buyer.name)) return { name: s(r.buyer.name), path: '/buyer/name' };
  const parties = arr(r.parties);
  const i = parties.findIndex((p) => Array.isArray(p.roles) && p.roles.includes('buyer'));
  return i >= 0 ? { name: s(parties[i]!.name), path: `/parties/${i}/name` } : { path: '/buyer' };
}

function chooseItemType(r: Json, sector: 'procurement' | 'construction'): string | null {
  const tags = new Set((Array.isArray(r.tag) ? r.tag : []).map(String));
  const awards = arr(r.awards);
  if (tags.has('contract') || tags.has('contractUpdate') || tags.has('contractAmendment')) return `${sector}-contract`;
  if (tags.has('award') || tags.has('awardUpdate')) {
    if (sector === 'construction' && awards.length && awards.every((a) => a.status === 'pending')) return 'construction-candidates';
    return `${sector}-award`;
  }
  if (tags.has('tender') || tags.has('tenderUpdate')) return `${sector}-tender`;
  return null;
}

/**
 * Maps release number `index` of a package. `knownSector` is the sector of the project already
 * registered under this ocid, if any; otherwise works are construction, the rest procurement.
 */
export function mapReleaseToDraft(r: Json, index: number, knownSector?: string): { ok: true; draft: MappedDraft } | { ok: false; errors: PathError[] } {
  const base = `/releases/${index}`;
  const tender = isObject(r.tender) ? r.tender : {};
  const sector = knownSector === 'construction' || (!knownSector && tender.mainProcurementCategory === 'works') ? 'construction' : 'procurement';
  const code = chooseItemType(r, sector);
  if (!code || !['procurement-tender', 'procurement-award', 'procurement-contract', 'construction-tender', 'construction-award', 'construction-contract'].includes(code)) {
    return { ok: false, errors: [{ path: `${base}/tag`, message: `暂不能自动映射该发布（tag：${(Array.isArray(r.tag) ? r.tag : []).join(', ') || '无'}；${sector === 'construction' ? '工程建设' : '政府采购'}）：目前支持招标公告（tender）、中标结果（award）和合同（contract）` }] };
  }
  const b = new Builder(base);
  const parties = arr(r.parties);
  const buyer = buyerOf(r);
  const projectName = s(tender.title) ?? s(tender.description);
  const projectPath = s(tender.title) ? '/tender/title' : '/tender/description';
  b.set('projectCode', s(tender.id), '/tender/id');
  b.set('projectName', projectName, projectPath);
  const awards = arr(r.awards);
  const contracts = arr(r.contracts);

  if (code === 'procurement-tender' || code === 'construction-tender') {
    const period = isObject(tender.tenderPeriod) ? tender.tenderPeriod : {};
    b.set(code === 'procurement-tender' ? 'purchaser' : 'tenderer', buyer.name, buyer.path);
    if (isObject(tender.procuringEntity) && s(tender.procuringEntity.name) !== buyer.name) b.set('agency', s(tender.procuringEntity.name), '/tender/procuringEntity/name');
    b.set('documentsFrom', localDay(period.startDate), '/tender/tenderPeriod/startDate');
    b.set('bidDeadline', localDay(period.endDate), '/tender/tenderPeriod/endDate');
    if (code === 'procurement-tender') {
      b.set('purchaseMethod', METHOD_NAMES[String(tender.procurementMethod)] ?? s(tender.procurementMethodDetails), '/tender/procurementMethod');
      b.amount('budgetAmount', tender.value, '/tender/value');
      b.set('requirement', s(tender.description), '/tender/description');
      b.set('qualifications', s(tender.eligibilityCriteria), '/tender/eligibilityCriteria');
      b.set('announcementStart', localDay(period.startDate), '/tender/tenderPeriod/startDate');
      b.set('documentsMethod', s(tender.submissionMethodDetails), '/tender/submissionMethodDetails');
      b.set('lots', arr(tender.lots).map((l) => ({ lotNo: s(l.id), name: s(l.title), budgetAmount: isObject(l.value) ? s(l.value.amount) : undefined })), '/tender/lots');
    } else {
      b.amount('maxPrice', tender.value, '/tender/value');
      b.set('overview', s(tender.description), '/tender/description');
      b.set('bidderQualifications', s(tender.eligibilityCriteria), '/tender/eligibilityCriteria');
      b.set('submissionMethod', s(tender.submissionMethodDetails), '/tender/submissionMethodDetails');
      b.set('sections', arr(tender.lots).map((l) => ({ sectionNo: s(l.id), name: s(l.title), scope: s(l.description), maxPrice: isObject(l.value) ? s(l.value.amount) : undefined })), '/tender/lots');
    }
  } else if (code === 'procurement-award') {
    b.set('purchaser', buyer.name, buyer.path);
    if (isObject(tender.procuringEntity) && s(tender.procuringEntity.name) !== buyer.name) b.set('agency', s(tender.procuringEntity.name), '/tender/procuringEntity/name');
    b.set('purchaseMethod', s(tender.procurementMethodDetails) ?? METHOD_NAMES[String(tender.procurementMethod)], '/tender/procurementMethodDetails');
    const lotsOf = arr(tender.lots);
    const lotWithValue = lotsOf.findIndex((l) => isObject(l.value));
    if (!isObject(tender.value) && lotWithValue >= 0) b.amount('budgetAmount', lotsOf[lotWithValue]!.value, `/tender/lots/${lotWithValue}/value`);
    else b.amount('budgetAmount', tender.value, '/tender/value');
    const active = awards.map((a, i) => ({ a, i })).filter((x) => x.a.status !== 'pending' && x.a.status !== 'cancelled' && x.a.status !== 'unsuccessful');
    const first = active[0];
    b.set('lotNo', first && Array.isArray(first.a.relatedLots) ? s(first.a.relatedLots[0]) : undefined, first ? `/awards/${first.i}/relatedLots` : '/awards');
    b.set('awardDate', first ? localDay(first.a.date) : undefined, first ? `/awards/${first.i}/date` : '/awards');
    const suppliers: Json[] = [];
    active.forEach(({ a, i }) => {
      arr(a.suppliers).forEach((sup, j) => {
        const k = suppliers.length;
        const pi = partyIndex(parties, sup);
        const p = pi >= 0 ? parties[pi]! : {};
        b.paths[`suppliers.${k}.name`] = `${base}/awards/${i}/suppliers/${j}/name`;
        b.paths[`suppliers.${k}.creditCode`] = pi >= 0 ? `${base}/parties/${pi}/identifier` : `${base}/awards/${i}/suppliers/${j}/id`;
        b.paths[`suppliers.${k}.address`] = pi >= 0 ? `${base}/parties/${pi}/address/streetAddress` : `${base}/awards/${i}/suppliers/${j}`;
        b.paths[`suppliers.${k}.awardAmount`] = `${base}/awards/${i}/value/amount`;
        if (isObject(a.value) && a.value.currency !== undefined && a.value.currency !== 'CNY') b.errors.push({ path: `${base}/awards/${i}/value/currency`, message: `仅接受人民币（CNY）金额，收到 ${String(a.value.currency)}` });
        suppliers.push({ name: s(sup.name), creditCode: usci(parties, sup), address: isObject(p.address) ? s(p.address.streetAddress) : undefined, awardAmount: isObject(a.value) ? s(a.value.amount) : undefined });
      });
    });
    b.set('suppliers', suppliers, '/awards');
    const items = active.flatMap(({ a }) => arr(a.items));
    b.set('mainItems', items.map((it) => ({ name: s(it.description), quantity: s(it.quantity), unit: isObject(it.unit) ? s(it.unit.name) : undefined, unitPrice: isObject(it.unit) && isObject(it.unit.value) ? s(it.unit.value.amount) : undefined })), first ? `/awards/${first.i}/items` : '/awards');
    const experts = first ? /评审专家[：:]\s*(.+)/.exec(String(first.a.description ?? ''))?.[1] : undefined;
    b.set('evaluationExperts', experts?.trim(), first ? `/awards/${first.i}/description` : '/awards');
    // 财政部令第87号 第六十九条: the result is announced for one working day.
    b.set('announcementPeriod', 1, '/awards');
    b.warnings.push('公告期限按法定1个工作日填写（OCDS 无对应字段）');
  } else if (code === 'construction-award') {
    b.set('tenderer', buyer.name, buyer.path);
    const i = awards.findIndex((a) => a.status === 'active') >= 0 ? awards.findIndex((a) => a.status === 'active') : 0;
    const a = awards[i] ?? {};
    const sup = arr(a.suppliers)[0];
    const pi = partyIndex(parties, sup);
    b.set('winner', s(sup?.name), `/awards/${i}/suppliers/0/name`);
    b.set('winnerCreditCode', usci(parties, sup), pi >= 0 ? `/parties/${pi}/identifier` : `/awards/${i}/suppliers/0/id`);
    b.amount('awardPrice', a.value, `/awards/${i}/value`);
    b.set('awardNoticeDate', localDay(a.date), `/awards/${i}/date`);
    b.set('sectionNo', Array.isArray(a.relatedLots) ? s(a.relatedLots[0]) : undefined, `/awards/${i}/relatedLots`);
    const d = isObject(a.contractPeriod) ? a.contractPeriod.durationInDays : undefined;
    b.set('duration', typeof d === 'number' ? d : undefined, `/awards/${i}/contractPeriod/durationInDays`);
  } else {
    const c = contracts[0] ?? {};
    const supIdx = parties.findIndex((p) => Array.isArray(p.roles) && p.roles.includes('supplier'));
    const sup = supIdx >= 0 ? parties[supIdx]! : undefined;
    const lines = String(c.description ?? '').split('\n');
    const pick = (label: string) => lines.find((l) => l.startsWith(label))?.slice(label.length).trim();
    const rest = lines.filter((l) => !/^(履约期限|履约地点|支付方式|项目负责人)：/.test(l)).join('\n').trim() || undefined;
    const period = isObject(c.period) ? c.period : {};
    b.set('contractNo', s(c.id), '/contracts/0/id');
    b.set(code === 'procurement-contract' ? 'purchaser' : 'employer', buyer.name, buyer.path);
    b.set(code === 'procurement-contract' ? 'supplier' : 'contractor', s(sup?.name), supIdx >= 0 ? `/parties/${supIdx}/name` : '/parties');
    b.set(code === 'procurement-contract' ? 'supplierCreditCode' : 'contractorCreditCode', sup ? usci(parties, sup) : undefined, supIdx >= 0 ? `/parties/${supIdx}/identifier` : '/parties');
    b.amount(code === 'procurement-contract' ? 'amount' : 'contractAmount', c.value, '/contracts/0/value');
    b.set('signedDate', localDay(c.dateSigned), '/contracts/0/dateSigned');
    if (code === 'procurement-contract') {
      b.set('contractName', s(c.title), '/contracts/0/title');
      b.set('mainItems', rest, '/contracts/0/description');
      b.set('performancePeriod', pick('履约期限：') ?? (localDay(period.startDate) && localDay(period.endDate) ? `${localDay(period.startDate)}至${localDay(period.endDate)}` : undefined), '/contracts/0/period');
      b.set('performancePlace', pick('履约地点：'), '/contracts/0/description');
    } else {
      b.set('plannedStart', localDay(period.startDate), '/contracts/0/period/startDate');
      b.set('plannedCompletion', localDay(period.endDate), '/contracts/0/period/endDate');
      b.set('scope', rest, '/contracts/0/description');
      b.set('paymentTerms', pick('支付方式：'), '/contracts/0/description');
      b.set('projectManager', pick('项目负责人：'), '/contracts/0/description');
    }
  }
  if (b.errors.length) return { ok: false, errors: b.errors };
  const formedDate = localDay(r.date) ?? '';
  return {
    ok: true,
    draft: {
      itemTypeCode: code,
      sector,
      projectTitle: projectName ?? String(r.ocid),
      title: projectName ? `${projectName}（${String(r.id)}）` : String(r.id),
      formedDate,
      body: `由接口推送的开放合同数据（OCDS）发布 ${String(r.id)} 生成，请核对后提交审核。`,
      fields: b.fields,
      paths: { ...b.paths, title: `${base}${projectPath}`, formedDate: `${base}/date` },
      warnings: b.warnings,
    },
  };
}
