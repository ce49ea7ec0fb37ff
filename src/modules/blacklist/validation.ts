// What an editor typed into a 黑名单 entry, validated all at once (every problem reported, with a
// stable code per field). Pure apart from the sector list passed in.
import type { ErrorDetail } from '../../domain/errors.ts';
import { isValidCreditCode, isValidIdNumber, normaliseIdentifier } from '../../domain/identifiers.ts';
import { isIsoDate, todayInChina } from '../disclosures/service.ts';
import { checkPeriod, normaliseName, severityRule, subjectKey } from './rules.ts';
import type { BlacklistSeverity } from '../../db/schema.ts';

/** As a form or API client sends it: strings throughout. */
export interface EntryInput {
  departmentId: number;
  subjectKind: string;
  name: string;
  creditCode: string;
  idNumber: string;
  conduct: string;
  legalBasis: string;
  decisionNo: string;
  decisionDate: string;
  sector: string;
  severity: string;
  startDate: string;
  endDate: string;
  disclosureId: string;
}

export interface ValidEntry {
  departmentId: number;
  subjectKind: 'company' | 'person';
  name: string;
  nameKey: string;
  creditCode: string | null;
  idNumber: string | null;
  subjectKey: string;
  conduct: string;
  legalBasis: string;
  decisionNo: string;
  decisionDate: string;
  sector: string;
  severity: BlacklistSeverity;
  startDate: string;
  endDate: string;
  disclosureId: number | null;
}

export const LIMITS = { name: 200, conduct: 5000, legalBasis: 1000, decisionNo: 100, reason: 2000 } as const;

export function validateEntry(input: EntryInput, sectors: readonly string[], today = todayInChina()): { value?: ValidEntry; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const add = (field: string, message: string, code: string) => errors.push({ field, message, code });
  const kind = input.subjectKind === 'person' ? 'person' : input.subjectKind === 'company' ? 'company' : null;
  if (!kind) add('subjectKind', '请选择当事人类型', 'required');
  const name = input.name.trim();
  if (!name) add('name', '请填写当事人名称或姓名', 'required');
  else if (name.length > LIMITS.name) add('name', `名称不能超过${LIMITS.name}个字`, 'too_long');
  const creditCode = normaliseIdentifier(input.creditCode);
  if (creditCode && !isValidCreditCode(creditCode)) add('creditCode', '统一社会信用代码校验位不正确，请核对（GB 32100）', 'bad_checksum');
  if (kind === 'company' && !creditCode) add('creditCode', '法人及非法人组织请填写统一社会信用代码', 'required');
  const idNumber = normaliseIdentifier(input.idNumber);
  if (kind === 'company' && idNumber) add('idNumber', '法人及非法人组织不填写身份证号码', 'not_allowed');
  if (kind === 'person') {
    if (!idNumber) add('idNumber', '自然人请填写身份证号码（公开时脱敏显示）', 'required');
    else if (!isValidIdNumber(idNumber)) add('idNumber', '身份证号码校验位或出生日期不正确，请核对（GB 11643）', 'bad_checksum');
  }
  const conduct = input.conduct.trim();
  if (!conduct) add('conduct', '请填写失信行为', 'required');
  else if (conduct.length > LIMITS.conduct) add('conduct', `失信行为不能超过${LIMITS.conduct}个字`, 'too_long');
  const legalBasis = input.legalBasis.trim();
  if (!legalBasis) add('legalBasis', '请填写认定依据', 'required');
  else if (legalBasis.length > LIMITS.legalBasis) add('legalBasis', `认定依据不能超过${LIMITS.legalBasis}个字`, 'too_long');
  const decisionNo = input.decisionNo.trim();
  if (!decisionNo) add('decisionNo', '请填写决定文书号', 'required');
  else if (decisionNo.length > LIMITS.decisionNo) add('decisionNo', `决定文书号不能超过${LIMITS.decisionNo}个字`, 'too_long');
  const dates: Record<'decisionDate' | 'startDate' | 'endDate', string> = { decisionDate: input.decisionDate.trim(), startDate: input.startDate.trim(), endDate: input.endDate.trim() };
  const labels = { decisionDate: '决定日期', startDate: '公示开始日期', endDate: '公示截止日期' };
  let datesOk = true;
  for (const k of ['decisionDate', 'startDate', 'endDate'] as const) {
    if (!dates[k]) {
      add(k, `请填写${labels[k]}`, 'required');
      datesOk = false;
    } else if (!isIsoDate(dates[k])) {
      add(k, `${labels[k]}格式应为 YYYY-MM-DD`, 'not_a_date');
      datesOk = false;
    }
  }
  if (datesOk && dates.decisionDate > today) add('decisionDate', '决定日期不能晚于今天', 'in_future');
  // A period already over can never be published: the entry would go straight to history.
  if (datesOk && dates.endDate < today && dates.endDate >= dates.startDate) add('endDate', '公示截止日期已过，该记录无需再公示', 'already_ended');
  if (!sectors.includes(input.sector)) add('sector', '请选择领域', 'required');
  const rule = severityRule(input.severity);
  if (!rule) add('severity', '请选择失信严重程度', 'required');
  if (datesOk && rule && sectors.includes(input.sector)) {
    for (const p of checkPeriod({ severity: input.severity, sector: input.sector, decisionDate: dates.decisionDate, startDate: dates.startDate, endDate: dates.endDate })) add(p.field, p.message, p.code);
  }
  let disclosureId: number | null = null;
  if (input.disclosureId.trim()) {
    if (/^\d{1,10}$/.test(input.disclosureId.trim())) disclosureId = Number(input.disclosureId.trim());
    else add('disclosureId', '关联信息编号应为数字（公开信息网址中的编号）', 'not_a_number');
  }
  if (errors.length || !kind || !rule) return { errors };
  return {
    errors,
    value: {
      departmentId: input.departmentId,
      subjectKind: kind,
      name,
      nameKey: normaliseName(name),
      creditCode: creditCode || null,
      idNumber: kind === 'person' ? idNumber : null,
      subjectKey: subjectKey({ creditCode: creditCode || null, idNumber: kind === 'person' ? idNumber : null, name }),
      conduct,
      legalBasis,
      decisionNo,
      decisionDate: dates.decisionDate,
      sector: input.sector,
      severity: rule.code,
      startDate: dates.startDate,
      endDate: dates.endDate,
      disclosureId,
    },
  };
}

/** Item types whose disclosures an entry may link to: the sanction records behind a listing. */
export const LINKABLE_TYPES = ['procurement-bad-conduct', 'construction-violation', 'construction-credit', 'general-penalty'] as const;
