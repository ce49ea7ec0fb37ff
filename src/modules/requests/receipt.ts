// Which day a request was received (政府信息公开条例 第三十一条), from the channel it came by. Pure.
//
// 第三十一条: 行政机关收到政府信息公开申请的时间，按照下列规定确定：
// （一）申请人当面提交政府信息公开申请的，以提交之日为收到申请之日；
// （二）申请人以邮寄方式提交政府信息公开申请的，以行政机关签收之日为收到申请之日；以平常信函等无需
//       签收的邮寄方式提交政府信息公开申请的，政府信息公开工作机构应当于收到申请的当日与申请人确认，
//       确认之日为收到申请之日；
// （三）申请人通过互联网渠道或者政府信息公开工作机构的传真提交政府信息公开申请的，以双方确认之日为
//       收到申请之日。
import { isIsoDate, type IsoDate } from '../../calendar/index.ts';

export const CHANNELS = ['online', 'in_person', 'mail_signed', 'mail_plain', 'fax', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_NAMES: Record<Channel, string> = {
  online: '网上申请（本平台）',
  in_person: '当面提交',
  mail_signed: '邮寄（需签收）',
  mail_plain: '平常信函',
  fax: '传真',
  email: '电子邮件',
};

/** The date staff must give for each channel, and what the law calls it. */
export const RECEIPT_DATE_FIELD: Record<Channel, { label: string; basis: string }> = {
  online: { label: '双方确认之日', basis: '条例第三十一条第（三）项：通过互联网渠道提交的，以双方确认之日为收到申请之日' },
  in_person: { label: '当面提交之日', basis: '条例第三十一条第（一）项：当面提交的，以提交之日为收到申请之日' },
  mail_signed: { label: '本机关签收之日', basis: '条例第三十一条第（二）项：以邮寄方式提交的，以行政机关签收之日为收到申请之日' },
  mail_plain: { label: '与申请人确认之日', basis: '条例第三十一条第（二）项：以平常信函等无需签收的方式提交的，以确认之日为收到申请之日' },
  fax: { label: '双方确认之日', basis: '条例第三十一条第（三）项：通过传真提交的，以双方确认之日为收到申请之日' },
  email: { label: '双方确认之日', basis: '条例第三十一条第（三）项：通过互联网渠道提交的，以双方确认之日为收到申请之日' },
};

export interface ReceiptInput {
  channel: Channel;
  /** The date of the channel's event (提交 / 签收 / 确认), as entered by staff. */
  date: string;
  /** The day the application reached the agency or was sent (for checks only). */
  submittedDate?: string;
  today: IsoDate;
}

/** The receipt date and its basis, or a Chinese error on the `receivedDate` field. */
export function receiptDate(i: ReceiptInput): { ok: true; date: IsoDate; basis: string } | { ok: false; message: string } {
  const f = RECEIPT_DATE_FIELD[i.channel];
  if (!i.date) return { ok: false, message: `请填写${f.label}` };
  if (!isIsoDate(i.date)) return { ok: false, message: `${f.label}格式应为 YYYY-MM-DD` };
  if (i.date > i.today) return { ok: false, message: `${f.label}不能晚于今天` };
  if (i.submittedDate && isIsoDate(i.submittedDate) && i.date < i.submittedDate) return { ok: false, message: `${f.label}不能早于申请提交之日（${i.submittedDate}）` };
  return { ok: true, date: i.date, basis: f.basis };
}
