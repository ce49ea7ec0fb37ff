// The 保密审查 (confidentiality review) checklist and the legal bases a reviewer may state for
// keeping a finding public or withholding a field. Data, so the console, the records and the
// tests share one list. Pure.
//
// 政府信息公开条例（2019）:
//   第十四条 依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及
//     国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开。
//   第十五条 涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开。
//     但是，第三方同意公开或者行政机关认为不公开会对公共利益造成重大影响的，予以公开。
//   第十六条 行政机关的内部事务信息……可以不予公开。行政机关在履行行政管理职能过程中形成的讨论
//     记录、过程稿、磋商信函、请示报告等过程性信息以及行政执法案卷信息，可以不予公开。

export const CHECKLIST = [
  { key: 'stateSecret', label: '不涉及国家秘密', basis: '《政府信息公开条例》第十四条' },
  { key: 'commercialSecret', label: '不涉及商业秘密，或权利人已同意公开', basis: '《政府信息公开条例》第十五条' },
  { key: 'privacy', label: '个人隐私已脱敏，或有公开的法定依据', basis: '《政府信息公开条例》第十五条；《个人信息保护法》第二十八条' },
  { key: 'security', label: '公开后不会危及国家安全、公共安全、经济安全和社会稳定（三安全一稳定）', basis: '《政府信息公开条例》第十四条' },
  { key: 'process', label: '不属于内部事务信息或过程性信息（讨论记录、过程稿、请示报告等），或依法应当公开', basis: '《政府信息公开条例》第十六条' },
] as const;

export type ChecklistKey = (typeof CHECKLIST)[number]['key'];

export interface ReviewInput {
  /** Every item must be confirmed for approval. */
  checklist: Partial<Record<ChecklistKey, boolean>>;
  note?: string;
}

/** A review that confirms every item (for callers that completed the review elsewhere, and tests). */
export function confirmedReview(note = ''): ReviewInput {
  return { checklist: Object.fromEntries(CHECKLIST.map((c) => [c.key, true])) as Record<ChecklistKey, boolean>, note };
}

/** Items not confirmed, in checklist order. */
export function unconfirmed(r: ReviewInput | undefined): (typeof CHECKLIST)[number][] {
  return CHECKLIST.filter((c) => r?.checklist[c.key] !== true);
}

/** Legal bases for publishing a detected value unmasked (kept) – the exceptions to 条例 15. */
export const KEEP_BASES = {
  punitive: { label: '惩戒公示（行政处罚等依法公示）', basis: '2018年政务公开工作要点（惩戒公示除外）；《行政处罚法》第四十八条' },
  consent: { label: '第三方同意公开', basis: '《政府信息公开条例》第十五条' },
  law: { label: '法律、法规规定公开（如中标候选人项目负责人证书）', basis: '相关法律、行政法规的公开规定' },
  publicInterest: { label: '不公开会对公共利益造成重大影响', basis: '《政府信息公开条例》第十五条' },
  organisation: { label: '属于单位的公开联系方式，不是个人信息', basis: '《个人信息保护法》第四条（个人信息是与自然人有关的信息）' },
  checked: { label: '已人工逐页核查，不含应保护的信息', basis: '保密审查人工核查' },
} as const;
export type KeepBasis = keyof typeof KEEP_BASES;

/** Reasons for withholding a field's value from the public (shown as 依法不予公开 + reason). */
export const WITHHOLD_REASONS = {
  privacy: '涉及个人隐私，公开会损害第三方合法权益（《政府信息公开条例》第十五条）',
  sensitive: '属于敏感个人信息（《个人信息保护法》第二十八条）',
  commercial: '涉及商业秘密（《政府信息公开条例》第十五条）',
  secret: '依法确定为国家秘密或法律禁止公开（《政府信息公开条例》第十四条）',
  process: '属于过程性信息（《政府信息公开条例》第十六条）',
} as const;
export type WithholdReason = keyof typeof WITHHOLD_REASONS;

/** Key inside a working copy's (and version's) fields JSON: paths withheld by a reviewer → reason. */
export const WITHHELD_KEY = '_withheld';
