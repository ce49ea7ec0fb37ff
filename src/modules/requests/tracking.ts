// Tracking codes: the applicant's only key to a request without an account. 100 random bits in
// Crockford base32 (no I, L, O, U: nothing to misread), shown as five groups of four. Only the
// SHA-256 of the code is stored, so a copy of the database does not let anyone track requests.
// A code alone shows nothing: the applicant must also give the phone number or e-mail address
// of the request, compared in constant time.
import crypto from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_BITS = 100;
export const CODE_CHARS = CODE_BITS / 5; // 20

export function newTrackingCode(random: (n: number) => Buffer = crypto.randomBytes): string {
  const bytes = random(Math.ceil(CODE_BITS / 8)); // 13 bytes = 104 bits, the first 100 used
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  bits >>= BigInt(bytes.length * 8 - CODE_BITS);
  let out = '';
  for (let i = CODE_CHARS - 1; i >= 0; i--) out += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return formatTrackingCode(out);
}

export function formatTrackingCode(raw: string): string {
  return raw.match(/.{1,4}/g)!.join('-');
}

/**
 * What a person may type: lower case, spaces, hyphens, full-width characters, and the letters
 * Crockford maps (O→0, I/L→1). Returns null if it cannot be a code.
 */
export function normaliseTrackingCode(input: string): string | null {
  const s = input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-_.－—]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (s.length !== CODE_CHARS) return null;
  for (const c of s) if (!ALPHABET.includes(c)) return null;
  return s;
}

export function hashTrackingCode(normalised: string): string {
  return crypto.createHash('sha256').update(`gongkai-request:${normalised}`).digest('hex');
}

/** Phone → digits without +86/86; e-mail → trimmed lower case. Empty if neither. */
export function normaliseContact(input: string): string {
  const s = input.normalize('NFKC').trim();
  if (s.includes('@')) return s.toLowerCase();
  let d = s.replace(/\D/g, '');
  if (d.length === 13 && d.startsWith('86')) d = d.slice(2);
  return d;
}

function digest(s: string): Buffer {
  return crypto.createHash('sha256').update(s).digest();
}

/**
 * Whether `given` matches one of the request's contacts. Every candidate is compared (no early
 * exit), each with timingSafeEqual over fixed-length digests, so timing reveals nothing.
 */
export function contactMatches(given: string, candidates: readonly (string | null)[]): boolean {
  const g = normaliseContact(given);
  const gd = digest(g);
  let ok = false;
  for (const c of candidates) {
    const n = c ? normaliseContact(c) : '';
    const equal = crypto.timingSafeEqual(gd, digest(n));
    ok = (equal && n !== '' && g !== '') || ok;
  }
  return ok;
}
