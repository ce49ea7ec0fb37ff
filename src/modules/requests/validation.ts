// What a request must contain (政府信息公开条例 第二十九条) and how each field is checked. Pure.
//
// 第二十九条: 政府信息公开申请应当包括下列内容：（一）申请人的姓名或者名称、身份证明、联系方式；
// （二）申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述；
// （三）申请公开的政府信息的形式要求，包括获取信息的方式、途径。
import type { ErrorDetail } from '../../domain/errors.ts';
import { isValidCreditCode, isValidIdNumber, normaliseIdentifier } from '../../domain/identifiers.ts';
import { APPLICANT_KINDS, type ApplicantKind } from '../annual-report/table3.ts';

export const APPLICANT_KIND_NAMES: Record<ApplicantKind, string> = {
  natural: '自然人',
  business: '法人或其他组织：商业企业',
  research: '法人或其他组织：科研机构',
  nonprofit: '法人或其他组织：社会公益组织',
  legal: '法人或其他组织：法律服务机构',
  other: '法人或其他组织：其他',
};

export const ID_TYPES = {
  resident_id: '居民身份证',
  passport: '护照',
  hk_macao: '港澳居民来往内地通行证',
  taiwan: '台湾居民来往大陆通行证',
  other_person: '其他有效身份证件',
  credit_code: '统一社会信用代码',
  other_org: '其他组织证照号码',
} as const;
export type IdType = keyof typeof ID_TYPES;
export const PERSON_ID_TYPES: readonly IdType[] = ['resident_id', 'passport', 'hk_macao', 'taiwan', 'other_person'];
export const ORG_ID_TYPES: readonly IdType[] = ['credit_code', 'other_org'];

export const DELIVERY_FORMS = { electronic: '电子文档', paper: '纸质文本' } as const;
export const DELIVERY_METHODS = { email: '电子邮件', online: '在本平台查询下载', post: '邮寄', pickup: '当面领取' } as const;
export type DeliveryForm = keyof typeof DELIVERY_FORMS;
export type DeliveryMethod = keyof typeof DELIVERY_METHODS;
const METHODS_OF: Record<DeliveryForm, readonly DeliveryMethod[]> = { electronic: ['email', 'online', 'pickup'], paper: ['post', 'pickup'] };

export const LIMITS = { name: 100, idNumber: 40, contactPerson: 50, phone: 30, email: 100, address: 200, descriptionMin: 5, description: 5000 } as const;

export interface ApplicantInput {
  applicantKind: ApplicantKind;
  applicantName: string;
  idType: IdType;
  idNumber: string;
  contactPerson: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  postcode: string | null;
  description: string;
  deliveryForm: DeliveryForm;
  deliveryMethod: DeliveryMethod;
}

const EMAIL_RE = /^[^\s@<>()"',;:]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}$/;
const PHONE_RE = /^(?:\+?86[\s-]?)?(?:1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|0\d{2,3}[\s-]?\d{7,8}(?:[\s-]?\d{1,5})?|\d{7,8})$/;

/** Turns raw form strings into a checked request, or every problem at once. */
export function validateApplicant(raw: Record<string, string>, today: Date = new Date()): { ok: true; value: ApplicantInput } | { ok: false; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const err = (field: string, message: string, code = 'invalid') => errors.push({ field, message, code });
  const s = (k: string) => (raw[k] ?? '').normalize('NFC').trim();
  const opt = (k: string) => s(k) || null;

  const kind = s('applicantKind') as ApplicantKind;
  if (!APPLICANT_KINDS.includes(kind)) err('applicantKind', '请选择申请人类型（自然人或法人、其他组织）', 'required');
  const isPerson = kind === 'natural';

  const name = s('applicantName');
  if (!name) err('applicantName', isPerson ? '请填写姓名' : '请填写单位名称', 'required');
  else if (name.length > LIMITS.name) err('applicantName', `名称不能超过${LIMITS.name}个字`, 'too_long');

  const idType = s('idType') as IdType;
  const allowedIds = isPerson ? PERSON_ID_TYPES : ORG_ID_TYPES;
  if (!allowedIds.includes(idType)) err('idType', isPerson ? '请选择身份证件类型' : '请选择证照类型', 'required');
  const idRaw = s('idNumber');
  let idNumber = idRaw;
  if (!idRaw) err('idNumber', '请填写证件号码（条例第二十九条：申请人的身份证明）', 'required');
  else if (idRaw.length > LIMITS.idNumber) err('idNumber', '证件号码过长', 'too_long');
  else if (idType === 'resident_id') {
    idNumber = normaliseIdentifier(idRaw);
    if (!isValidIdNumber(idNumber, today)) err('idNumber', '居民身份证号码无效：请核对出生日期和最后一位校验码（GB 11643）', 'checksum');
  } else if (idType === 'credit_code') {
    idNumber = normaliseIdentifier(idRaw);
    if (!isValidCreditCode(idNumber)) err('idNumber', '统一社会信用代码无效：请核对18位代码及校验码（GB 32100）', 'checksum');
  } else if (!/^[A-Za-z0-9()（）\-\s]{4,40}$/.test(idRaw)) err('idNumber', '证件号码只能包含字母、数字和连字符，至少4位', 'format');

  const contactPerson = isPerson ? null : opt('contactPerson');
  if (contactPerson && contactPerson.length > LIMITS.contactPerson) err('contactPerson', `联系人不能超过${LIMITS.contactPerson}个字`, 'too_long');

  const phone = opt('phone');
  const email = opt('email');
  if (!phone && !email) err('phone', '请至少填写联系电话或电子邮箱中的一项（查询办理进度时需要）', 'required');
  if (phone && (phone.length > LIMITS.phone || !PHONE_RE.test(phone.normalize('NFKC')))) err('phone', '联系电话格式不正确（手机号码11位，固定电话含区号）', 'format');
  if (email && (email.length > LIMITS.email || !EMAIL_RE.test(email))) err('email', '电子邮箱格式不正确', 'format');

  const address = opt('address');
  if (address && address.length > LIMITS.address) err('address', `通信地址不能超过${LIMITS.address}个字`, 'too_long');
  const postcode = opt('postcode');
  if (postcode && !/^\d{6}$/.test(postcode)) err('postcode', '邮政编码应为6位数字', 'format');

  const description = (raw.description ?? '').normalize('NFC').trim();
  if (!description) err('description', '请描述所需政府信息的名称、文号或便于查询的其他特征（条例第二十九条）', 'required');
  else if (description.length > LIMITS.description) err('description', `所需信息的描述不能超过${LIMITS.description}个字（现有 ${description.length} 字）；内容较多时请分项申请`, 'too_long');
  else if ([...new Set(description.replace(/\s/g, ''))].length < LIMITS.descriptionMin) err('description', '所需信息的描述过于简单，请写明信息名称、文号或其他特征', 'too_short');
  else if ((description.match(/https?:\/\//g) ?? []).length > 5) err('description', '描述中链接过多，请直接写明所需信息', 'spam');

  const deliveryForm = s('deliveryForm') as DeliveryForm;
  const deliveryMethod = s('deliveryMethod') as DeliveryMethod;
  if (!(deliveryForm in DELIVERY_FORMS)) err('deliveryForm', '请选择信息的提供形式（电子文档或纸质文本）', 'required');
  else if (!METHODS_OF[deliveryForm].includes(deliveryMethod)) {
    err('deliveryMethod', `提供形式为${DELIVERY_FORMS[deliveryForm]}时，获取方式可选：${METHODS_OF[deliveryForm].map((m) => DELIVERY_METHODS[m]).join('、')}`, 'invalid');
  } else if (deliveryMethod === 'email' && !email) err('email', '选择以电子邮件获取信息时，请填写电子邮箱', 'required');
  else if (deliveryMethod === 'post' && !address) err('address', '选择邮寄时，请填写通信地址', 'required');

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: { applicantKind: kind, applicantName: name, idType, idNumber, contactPerson, phone, email, address, postcode, description, deliveryForm, deliveryMethod },
  };
}
