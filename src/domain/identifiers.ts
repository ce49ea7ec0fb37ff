// Chinese public identifiers: pure validation, no I/O.
// Each rule quotes the standard it encodes (see ../shared/RULES.md §11).

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** Normalises full-width digits/letters and strips spaces, so "４４ ０１…" validates like "4401…". */
export function normaliseIdentifier(raw: string): string {
  return raw
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    // Hyphen-like separators people type: ASCII -, full-width －, and the Unicode dashes ‐ ‑ ‒ – —.
    .replace(/[\s\u3000\-\uFF0D\u2010-\u2014]/g, '')
    .toUpperCase();
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** GB 11643-1999 check character of the first 17 digits of a 居民身份证号码. */
export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/**
 * 居民身份证号码 (GB 11643-1999): 18 characters, 6-digit region, 8-digit birth date,
 * 3-digit sequence, check character `"10X98765432"[Σ(aᵢ·wᵢ) mod 11]`.
 * The 15-digit form (pre-1999) has a 6-digit birth date YYMMDD (19YY) and no check digit.
 */
export function isValidIdNumber(raw: string, today: Date = new Date()): boolean {
  const s = normaliseIdentifier(raw);
  if (/^\d{17}[\dX]$/.test(s)) {
    const y = Number(s.slice(6, 10));
    const m = Number(s.slice(10, 12));
    const d = Number(s.slice(12, 14));
    if (y < 1880 || !isRealDate(y, m, d)) return false;
    if (Date.UTC(y, m - 1, d) > today.getTime()) return false;
    if (s[0] === '0') return false;
    return idNumberCheckChar(s.slice(0, 17)) === s[17];
  }
  if (/^\d{15}$/.test(s)) {
    const y = 1900 + Number(s.slice(6, 8));
    const m = Number(s.slice(8, 10));
    const d = Number(s.slice(10, 12));
    return s[0] !== '0' && isRealDate(y, m, d);
  }
  return false;
}

const USCI_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCI_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** 组织机构代码 check character (GB 11714-1997): 11 − Σ mod 11, 10 → X, 11 → 0. */
export function orgCodeCheckChar(first8: string): string | null {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = first8[i]!;
    const v = /\d/.test(c) ? Number(c) : /[A-Z]/.test(c) ? c.charCodeAt(0) - 55 : NaN;
    if (Number.isNaN(v)) return null;
    sum += v * ORG_WEIGHTS[i]!;
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

/** 统一社会信用代码 check character (GB 32100-2015): alphabet[(31 − Σ mod 31) mod 31]. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCI_ALPHABET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * USCI_WEIGHTS[i]!;
  }
  return USCI_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from the alphabet without I O S V Z;
 * characters 9–17 form a valid 组织机构代码 (GB 11714).
 */
export function isValidCreditCode(raw: string): boolean {
  const s = normaliseIdentifier(raw);
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s)) return false;
  if (creditCodeCheckChar(s.slice(0, 17)) !== s[17]) return false;
  const org = s.slice(8, 17);
  return orgCodeCheckChar(org.slice(0, 8)) === org[8];
}

/**
 * 投资项目代码. Old form `YYYY-RRRRRR-II-TT-NNNNNN` (no check digit).
 * New form (GB/T 40058-2021): 4-digit time, 6-digit region, 2-digit department, 2-digit type,
 * 5 random characters and 1 check character; the check algorithm is unverified (RULES.md §11),
 * so only the structure is validated.
 */
export function investmentCodeForm(raw: string): 'old' | 'new' | null {
  // Same width/case folding as the other identifiers, but hyphens are kept: they are part of the structure.
  const s = raw
    .trim()
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\uFF0D\u2010-\u2014]/g, '-')
    .toUpperCase();
  if (/^(19|20)\d{2}-\d{6}-\d{2}-\d{2}-\d{6}$/.test(s)) return 'old';
  // New form: either written without separators or grouped exactly like the old form (4-6-2-2-6);
  // hyphens anywhere else are not the published structure.
  if (/^\d{4}-\d{6}-\d{2}-\d{2}-[0-9A-Z]{5}[0-9A-Z]$/.test(s) || /^\d{14}[0-9A-Z]{5}[0-9A-Z]$/.test(s)) return 'new';
  return null;
}

export function isValidInvestmentCode(raw: string): boolean {
  return investmentCodeForm(raw) !== null;
}

/** Builds a valid 统一社会信用代码 from a 17-character prefix whose chars 9–16 form an org code body. */
export function completeCreditCode(prefix8: string, orgBody8: string): string {
  const orgCheck = orgCodeCheckChar(orgBody8);
  if (orgCheck === null) throw new Error('invalid organisation code body');
  const first17 = prefix8 + orgBody8 + orgCheck;
  const check = creditCodeCheckChar(first17);
  if (check === null) throw new Error('invalid credit code prefix');
  return first17 + check;
}

/** Builds a valid 18-digit ID number from its first 17 digits (for fixtures and demo data). */
export function completeIdNumber(first17: string): string {
  return first17 + idNumberCheckChar(first17);
}
