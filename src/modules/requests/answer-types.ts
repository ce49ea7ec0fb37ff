// The ways a request can be answered (政府信息公开条例 第三十六条 and the articles around it) and
// the sub-item of the annual report's table 3 each one is counted in (RULES.md §3). Pure data.
//
// The mapping is data, not logic: RULES.md marks two of its entries as common practice rather than
// text of 国办公开办函〔2021〕30号 (`unverified` below). An installation that reads them
// differently changes RESULT_OF_ANSWER here (or passes `resultOverrides` to RequestService) –
// no other code decides which row an answer falls in.
import type { ResultItem } from '../annual-report/table3.ts';

export const ANSWER_TYPE_CODES = [
  'public_already',
  'provided',
  'partial',
  'refused',
  'not_held',
  'not_this_agency',
  'repeated',
  'other_channel',
  'needs_creation',
  'unclear_after_clarification',
  'petition',
  'publication',
  'excessive',
  'confirm_reissue',
  'other',
] as const;
export type AnswerTypeCode = (typeof ANSWER_TYPE_CODES)[number];

export interface AnswerType {
  code: AnswerTypeCode;
  label: string;
  /** Article of the 条例 (or document) the answer rests on, shown in the letter and the UI. */
  basis: string;
  /** The text of that article (quoted in the answer letter). */
  basisText: string;
  /** Counted in this table 3 sub-item; 'byReason' = the refusal reason chooses among （三）1–8. */
  result: ResultItem | 'byReason';
  /** Needs a refusal reason: refused (counted by it) and partial (reason of the withheld part). */
  needsReason?: true;
  /** What the department must fill in. */
  needs?: { where?: true; agency?: true; files?: true };
  /** Only after a completed 补正 (条例 第三十条). */
  requiresClarification?: true;
  /** RULES.md: the mapping is common practice, not verified text (kept as data). */
  unverified?: string;
}

const A36 = '《政府信息公开条例》第三十六条';

export const ANSWER_TYPES: readonly AnswerType[] = [
  { code: 'public_already', label: '已主动公开，告知获取方式和途径', basis: `${A36}第（一）项`, basisText: '所申请公开信息已经主动公开的，告知申请人获取该政府信息的方式、途径。', result: '1', needs: { where: true } },
  { code: 'provided', label: '予以公开（提供信息）', basis: `${A36}第（二）项`, basisText: '所申请公开信息可以公开的，向申请人提供该政府信息，或者告知申请人获取该政府信息的方式、途径和时间。', result: '1', needs: { files: true } },
  { code: 'partial', label: '部分公开（区分处理）', basis: '《政府信息公开条例》第三十七条', basisText: '申请公开的信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理的，行政机关应当向申请人提供可以公开的政府信息内容，并对不予公开的内容说明理由。', result: '2', needsReason: true, needs: { files: true } },
  { code: 'refused', label: '不予公开（说明理由）', basis: `${A36}第（三）项`, basisText: '行政机关依据本条例的规定决定不予公开的，告知申请人不予公开并说明理由。', result: 'byReason', needsReason: true },
  { code: 'not_held', label: '经检索没有所申请的信息（信息不存在）', basis: `${A36}第（四）项`, basisText: '经检索没有所申请公开信息的，告知申请人该政府信息不存在。', result: '4.1' },
  { code: 'not_this_agency', label: '不属于本机关负责公开（告知负责机关）', basis: `${A36}第（五）项`, basisText: '所申请公开信息不属于本行政机关负责公开的，告知申请人并说明理由；能够确定负责公开该政府信息的行政机关的，告知申请人该行政机关的名称、联系方式。', result: '4.1', needs: { agency: true } },
  { code: 'repeated', label: '重复申请，不予重复处理', basis: `${A36}第（六）项`, basisText: '行政机关已就申请人提出的政府信息公开申请作出答复、申请人重复申请公开相同政府信息的，告知申请人不予重复处理。', result: '5.2' },
  { code: 'other_channel', label: '属于工商、不动产登记资料等，告知依法查询途径', basis: `${A36}第（七）项`, basisText: '所申请公开信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定的，告知申请人依照有关法律、行政法规的规定办理。', result: '3.8', needs: { where: true }, unverified: 'RULES.md §3：“其他法定途径 → （三）8”为通行做法，未经核实' },
  { code: 'needs_creation', label: '没有现成信息，需要另行制作', basis: '《政府信息公开条例》第三十八条', basisText: '行政机关向申请人提供的信息，应当是已制作或者获取的政府信息。除依照本条例第三十七条的规定能够作区分处理的外，需要行政机关对现有政府信息进行加工、分析的，行政机关可以不予提供。', result: '4.2' },
  { code: 'unclear_after_clarification', label: '补正后申请内容仍不明确', basis: '《政府信息公开条例》第三十条', basisText: '政府信息公开申请内容不明确的，行政机关应当给予指导和释明，并自收到申请之日起7个工作日内一次性告知申请人作出补正，说明需要补正的事项和合理的补正期限。', result: '4.3', requiresClarification: true },
  { code: 'petition', label: '信访、投诉、举报类申请，不作为政府信息公开申请处理', basis: '《政府信息公开条例》第三十九条第一款', basisText: '申请人以政府信息公开申请的形式进行信访、投诉、举报等活动，行政机关应当告知申请人不作为政府信息公开申请处理并可以告知通过相应渠道提出。', result: '5.1' },
  { code: 'publication', label: '要求提供公开出版物，告知获取途径', basis: '《政府信息公开条例》第三十九条第二款', basisText: '申请人提出的申请内容为要求行政机关提供政府公报、报刊、书籍等公开出版物的，行政机关可以告知获取的途径。', result: '5.3', needs: { where: true }, unverified: 'RULES.md §3：“公开出版物 → （五）3”为通行做法，未经核实' },
  { code: 'excessive', label: '无正当理由大量、反复申请，不予处理', basis: '《政府信息公开条例》第三十五条', basisText: '申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人说明理由。行政机关认为申请理由不合理的，告知申请人不予处理。', result: '5.4' },
  { code: 'confirm_reissue', label: '要求确认或重新出具已获取的信息，不予处理', basis: '国办公开办函〔2021〕30号（年度报告格式）', basisText: '申请人要求行政机关确认或者重新出具已获取的政府信息的，不作为政府信息公开申请处理。', result: '5.5' },
  { code: 'other', label: '其他处理', basis: '《政府信息公开条例》', basisText: '', result: '6.3' },
];

/** Why information is withheld: the sub-items （三）1–8 with their legal basis. */
export const REFUSAL_REASONS: readonly { code: ResultItem; label: string; basis: string; basisText: string }[] = [
  { code: '3.1', label: '属于国家秘密', basis: '《政府信息公开条例》第十四条', basisText: '依法确定为国家秘密的政府信息……不予公开。' },
  { code: '3.2', label: '其他法律行政法规禁止公开', basis: '《政府信息公开条例》第十四条', basisText: '……法律、行政法规禁止公开的政府信息……不予公开。' },
  { code: '3.3', label: '危及“三安全一稳定”', basis: '《政府信息公开条例》第十四条', basisText: '……公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开。' },
  { code: '3.4', label: '保护第三方合法权益（商业秘密、个人隐私）', basis: '《政府信息公开条例》第十五条', basisText: '涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开。但是，第三方同意公开或者行政机关认为不公开会对公共利益造成重大影响的，予以公开。' },
  { code: '3.5', label: '属于三类内部事务信息', basis: '《政府信息公开条例》第十六条第一款', basisText: '行政机关的内部事务信息，包括人事管理、后勤管理、内部工作流程等方面的信息，可以不予公开。' },
  { code: '3.6', label: '属于四类过程性信息', basis: '《政府信息公开条例》第十六条第二款', basisText: '行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息……可以不予公开。' },
  { code: '3.7', label: '属于行政执法案卷', basis: '《政府信息公开条例》第十六条第二款', basisText: '……以及行政执法案卷信息，可以不予公开。' },
  { code: '3.8', label: '属于行政查询事项', basis: `${A36}第（七）项`, basisText: '有关法律、行政法规对信息的获取有特别规定的，告知申请人依照有关法律、行政法规的规定办理。' },
];

/** Closures the system records itself (no answer letter chooses them). */
export const CLOSURE_RESULTS = {
  clarifyLapsed: '6.1',
  feeLapsed: '6.2',
  withdrawn: '6.3',
} as const satisfies Record<string, ResultItem>;

export function answerType(code: string): AnswerType | undefined {
  return ANSWER_TYPES.find((a) => a.code === code);
}

export type ResultOverrides = Partial<Record<AnswerTypeCode, ResultItem>>;

/**
 * The table 3 sub-item an answer is counted in, or a Chinese message saying why the combination
 * contradicts the table (e.g. 予以公开 with a refusal reason, 不予公开 with a reason outside （三）).
 */
export function resultOfAnswer(code: string, reason: string | null, overrides: ResultOverrides = {}): { ok: true; result: ResultItem } | { ok: false; field: 'answerType' | 'reason'; message: string } {
  const t = answerType(code);
  if (!t) return { ok: false, field: 'answerType', message: '请选择答复类型' };
  const validReason = REFUSAL_REASONS.find((r) => r.code === reason);
  if (t.needsReason) {
    if (!reason) return { ok: false, field: 'reason', message: `答复类型“${t.label}”须选择不予公开的理由（年报表三（三）1–8）` };
    if (!validReason) return { ok: false, field: 'reason', message: `理由“${reason}”不是年报表三“（三）不予公开”的子项（1–8），与答复类型“${t.label}”矛盾` };
  } else if (reason) {
    return { ok: false, field: 'reason', message: `答复类型“${t.label}”计入年报表三的固定子项，不能再选择不予公开理由（与年度报告表三矛盾）` };
  }
  const override = overrides[t.code];
  if (override) return { ok: true, result: override };
  return { ok: true, result: t.result === 'byReason' ? validReason!.code : t.result };
}
