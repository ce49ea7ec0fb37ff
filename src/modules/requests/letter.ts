// The answer letter (政府信息公开申请答复书) as DOCX, from a template per answer type with its legal
// basis quoted. The letter is kept in the blob store with the request.
import { answerType, REFUSAL_REASONS, type AnswerTypeCode } from './answer-types.ts';
import { cnDate, packDocument, para, title } from './docx-common.ts';

export interface LetterInput {
  department: { name: string; address: string | null; phone: string | null };
  refNo: string;
  applicantName: string;
  receivedDate: string;
  clarifiedDate: string | null;
  extension: { days: number } | null;
  description: string;
  answerType: AnswerTypeCode;
  reason: string | null;
  body: string;
  where: string;
  agency: string;
  fileNames: string[];
  date: string;
}

/** The decision paragraph of each answer type (the department's own explanation follows it). */
function decision(i: LetterInput): string {
  const reason = REFUSAL_REASONS.find((r) => r.code === i.reason);
  const files = i.fileNames.length ? '（见附件）' : '';
  switch (i.answerType) {
    case 'public_already':
      return `您申请获取的政府信息已经主动公开，您可以通过以下方式和途径获取：${i.where}。`;
    case 'provided':
      return `您申请获取的政府信息属于公开范围，现予以提供${files}。${i.where ? `获取方式：${i.where}。` : ''}`;
    case 'partial':
      return `您申请获取的政府信息中含有${reason?.label ?? '不应当公开'}的内容，依据${reason?.basis ?? '《政府信息公开条例》'}，该部分内容不予公开；其余内容可以公开，经区分处理后予以提供${files}。`;
    case 'refused':
      return `经审查，您申请获取的政府信息${reason?.label ?? ''}。依据${reason?.basis ?? '《政府信息公开条例》'}“${reason?.basisText ?? ''}”的规定，本机关决定不予公开。`;
    case 'not_held':
      return '经检索，本机关没有您所申请公开的政府信息，该政府信息不存在。';
    case 'not_this_agency':
      return `您所申请公开的政府信息不属于本机关负责公开。${i.agency ? `经核实，该信息由${i.agency}负责公开，您可以向该机关提出申请。` : ''}`;
    case 'repeated':
      return '本机关已就您提出的相同政府信息公开申请作出答复，您本次申请属于重复申请，本机关不予重复处理。';
    case 'other_channel':
      return `您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定，请您依照有关规定办理${i.where ? `：${i.where}` : ''}。`;
    case 'needs_creation':
      return '您所申请的信息需要本机关对现有政府信息进行加工、分析后方能形成，本机关不予提供。';
    case 'unclear_after_clarification':
      return '经补正，您的申请内容仍不明确，本机关无法确定您所需的政府信息，无法提供。';
    case 'petition':
      return '您提出的申请属于信访、投诉、举报事项，不作为政府信息公开申请处理，您可以通过信访、投诉、举报等相应渠道提出。';
    case 'publication':
      return `您申请获取的是公开出版物，您可以通过以下途径获取：${i.where}。`;
    case 'excessive':
      return '您申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，本机关认为申请理由不合理，不予处理。';
    case 'confirm_reissue':
      return '您的申请属于要求行政机关确认或者重新出具已获取的信息，不作为政府信息公开申请处理。';
    case 'other':
      return '';
  }
}

/** The applicant-facing paragraphs, in order (also what the tests look for in word/document.xml). */
export function letterParagraphs(i: LetterInput): string[] {
  const t = answerType(i.answerType)!;
  const desc = i.description.length > 300 ? `${i.description.slice(0, 300)}……` : i.description;
  const out = [
    `${i.applicantName}：`,
    `本机关于${cnDate(i.receivedDate)}收到您提出的政府信息公开申请（申请编号：${i.refNo}），申请获取：“${desc}”。${i.clarifiedDate ? `经补正，本机关于${cnDate(i.clarifiedDate)}收到补正后的申请。` : ''}${i.extension ? `经政府信息公开工作机构负责人同意，本机关已告知您延长答复期限${i.extension.days}个工作日。` : ''}`,
    `经审查，根据${t.basis}的规定，现答复如下：`,
  ];
  const d = decision(i);
  if (d) out.push(d);
  if (i.body.trim()) out.push(i.body.trim());
  if (t.basisText) out.push(`${t.basis}规定：“${t.basisText}”`);
  if (i.fileNames.length) out.push(`附件：${i.fileNames.map((n, k) => `${k + 1}. ${n}`).join('；')}`);
  out.push('如对本答复不服，您可以自收到本答复之日起60日内依法申请行政复议，或者自收到本答复之日起6个月内依法向人民法院提起行政诉讼；也可以依据《政府信息公开条例》第五十一条向上一级行政机关或者政府信息公开工作主管部门投诉、举报。');
  return out;
}

export async function buildAnswerLetter(i: LetterInput): Promise<Buffer> {
  const paragraphs = letterParagraphs(i);
  const contact = [i.department.address ? `地址：${i.department.address}` : '', i.department.phone ? `联系电话：${i.department.phone}` : ''].filter(Boolean).join('　');
  return packDocument({
    title: `政府信息公开申请答复书（${i.refNo}）`,
    creator: i.department.name,
    sections: [
      {
        children: [
          title(i.department.name),
          title('政府信息公开申请答复书'),
          para(`（${i.refNo}）`, { center: true }),
          para(paragraphs[0]!),
          ...paragraphs.slice(1).map((p) => para(p, { indent: true })),
          para(''),
          para(i.department.name, { right: true }),
          para(cnDate(i.date), { right: true }),
          ...(contact ? [para(contact, { size: 20 })] : []),
        ],
      },
    ],
  });
}
