// Information-processing fees (政府信息公开信息处理费, 政府信息公开条例 第四十二条;
// 国办函〔2020〕109号《政府信息公开信息处理费管理办法》, RULES.md §2). Pure and table-driven.
//
// 条例 第四十二条: 行政机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次
// 明显超过合理范围的，行政机关可以收取信息处理费。
//
// The agency chooses ONE of two schemes per request (109号):
// - 按件计收 (per request): in one natural month the applicant's 1st–10th requests are free, the
//   11th–30th cost 100 yuan each; from the 31st on, every further band of 10 costs 100 yuan more
//   per request (31st–40th 200 yuan, 41st–50th 300 yuan …).
// - 按量计收 (per page, for one request): pages 1–30 free; the part from 31 to 100 at 10 yuan a
//   page; 101–200 at 20 yuan; above 200 at 40 yuan.
// Unpaid within 20 working days of the fee notice: the request is not processed further
// (table 3 （六）2; see clock.ts).

export type FeeScheme = 'per_request' | 'per_page';

export const FEE_SCHEME_NAMES: Record<FeeScheme, string> = { per_request: '按件计收', per_page: '按量计收' };
export const FEE_BASIS = '《政府信息公开条例》第四十二条；《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）';

/** Bands as data: [first unit of the band, last unit (null = open), yuan per unit]. */
export const PER_PAGE_BANDS: readonly (readonly [from: number, to: number | null, yuan: number])[] = [
  [1, 30, 0],
  [31, 100, 10],
  [101, 200, 20],
  [201, null, 40],
];

export const PER_REQUEST_FREE = 10;
export const PER_REQUEST_BASE_TO = 30;
export const PER_REQUEST_BASE_YUAN = 100;
export const PER_REQUEST_BAND = 10;
export const PER_REQUEST_STEP_YUAN = 100;

function requireCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`${what}应为正整数`);
}

/** Yuan charged for the applicant's n-th request of a natural month (按件计收). */
export function feeForNthRequest(n: number): number {
  requireCount(n, '本月申请件次');
  if (n <= PER_REQUEST_FREE) return 0;
  if (n <= PER_REQUEST_BASE_TO) return PER_REQUEST_BASE_YUAN;
  return PER_REQUEST_BASE_YUAN + PER_REQUEST_STEP_YUAN * Math.ceil((n - PER_REQUEST_BASE_TO) / PER_REQUEST_BAND);
}

/** Yuan charged for one request of `pages` pages (按量计收), band by band. */
export function feeForPages(pages: number): number {
  requireCount(pages, '页数');
  let yuan = 0;
  for (const [from, to, price] of PER_PAGE_BANDS) {
    if (pages < from) break;
    const last = to === null ? pages : Math.min(pages, to);
    yuan += (last - from + 1) * price;
  }
  return yuan;
}

export interface FeeQuote {
  scheme: FeeScheme;
  quantity: number;
  yuan: number;
  /** Chinese explanation: which band applied and why. */
  explanation: string;
}

export function quoteFee(scheme: FeeScheme, quantity: number): FeeQuote {
  if (scheme === 'per_request') {
    const yuan = feeForNthRequest(quantity);
    const band = quantity <= PER_REQUEST_FREE ? `每月前${PER_REQUEST_FREE}件不收费` : quantity <= PER_REQUEST_BASE_TO ? `第${PER_REQUEST_FREE + 1}—${PER_REQUEST_BASE_TO}件每件${PER_REQUEST_BASE_YUAN}元` : `第${PER_REQUEST_BASE_TO + 1}件起每增加${PER_REQUEST_BAND}件为一档、每档每件提高${PER_REQUEST_STEP_YUAN}元`;
    return { scheme, quantity, yuan, explanation: `按件计收：本自然月第${quantity}件申请，${band}，应收 ${yuan} 元。` };
  }
  const yuan = feeForPages(quantity);
  const parts = PER_PAGE_BANDS.filter(([from]) => quantity >= from).map(([from, to, price]) => {
    const last = to === null ? quantity : Math.min(quantity, to);
    return price === 0 ? `${from}—${last}页免费` : `${from}—${last}页共${last - from + 1}页×${price}元`;
  });
  return { scheme, quantity, yuan, explanation: `按量计收：共${quantity}页，${parts.join('，')}，应收 ${yuan} 元。` };
}

/** Display of an amount kept in fen (分), e.g. 12345 → “123.45 元”. */
export function formatFen(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const rest = fen % 100;
  return `${yuan}${rest ? '.' + String(rest).padStart(2, '0') : ''} 元`;
}
