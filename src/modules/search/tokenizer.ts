// PURE: the one tokenizer of the search index, shared by SQLite (FTS5) and PostgreSQL (tsvector)
// so both databases give the same answers (docs/adr/0005-search.md).
//
// Text is normalised code point by code point (NFKC, lower case; whitespace, control and format
// characters are separators). Every maximal run of non-separator characters – Han, Latin, digits
// and punctuation alike – is indexed as its overlapping character bigrams plus one unigram for the
// run's last character ("危房改造" → 危房 房改 改造 造), one token per character position. Then:
//   - a query term of n ≥ 2 characters is the phrase of its n−1 bigrams, which matches exactly
//     where the term occurs as a substring (consecutive bigrams overlap by one character and a
//     bigram never spans a separator, so the phrase cannot match anything else);
//   - a one-character term is a prefix query: every character position starts exactly one token.
// Measured in STACK.md: CJK bigrams as a phrase were exact on every query kind; jieba's search
// mode and Intl.Segmenter were not, FTS5's trigram tokenizer cannot find two-character words.
//
// Tokens are made safe for both engines by mapping ASCII punctuation to its full-width form
// (NFKC has already folded full-width forms to ASCII, so the mapping is injective): FTS5's `ascii`
// tokenizer then treats every token as one word (all code points > 127 are token characters), and
// PostgreSQL's tsvector/tsquery literals need no escaping at all (no ASCII quote or backslash).

/** One normalised character and the UTF-16 range of the source text it came from. */
export interface NormChar {
  c: string;
  start: number;
  end: number;
}

export const MAX_QUERY_CHARS = 100;
export const MAX_QUERY_TERMS = 8;

const SEPARATOR = /^[\s\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}]$/u;

function isSeparator(c: string): boolean {
  const cp = c.charCodeAt(0);
  if (cp < 0x80) return cp <= 0x20 || cp === 0x7f;
  if (cp >= 0x3400 && cp <= 0x9fff) return false; // CJK ideographs: the common case, no regex
  return SEPARATOR.test(c);
}

/** Normalised form of one code point (NFKC, lower case); fast paths for ASCII and CJK ideographs. */
export function normaliseCodePoint(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : ch;
  if (cp >= 0x3400 && cp <= 0x9fff) return ch; // NFKC and case are identities here
  // Lone surrogates cannot be stored as UTF-8; both databases would see U+FFFD.
  if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd';
  return ch.normalize('NFKC').toLowerCase();
}

/**
 * Normalised characters of `text` with their source offsets; `null` marks a separator.
 * An expansion (㈱ → (株)) maps every produced character to the same source range.
 */
export function normalise(text: string): (NormChar | null)[] {
  const out: (NormChar | null)[] = [];
  let i = 0;
  for (const ch of text) {
    const start = i;
    i += ch.length;
    const n = normaliseCodePoint(ch);
    if (n.length === ch.length && n === ch) {
      out.push(isSeparator(n) ? null : { c: n, start, end: i });
      continue;
    }
    for (const c of n) out.push(isSeparator(c) ? null : { c, start, end: i });
  }
  return out;
}

// Per UTF-16 code unit of the BMP: 1 = normalises to itself and is not a separator (CJK, lower-case
// ASCII, most punctuation: nearly every character of a notice), 2 = a separator, 3 = anything else
// (mapped by NFKC or case, or half of a surrogate pair); 0 = not yet classified. Filled lazily.
const UNIT_CLASS = new Uint8Array(0x10000);

function unitClass(cu: number): number {
  let k = UNIT_CLASS[cu]!;
  if (k === 0) {
    const ch = String.fromCharCode(cu);
    k = cu >= 0xd800 && cu <= 0xdfff ? 3 : normaliseCodePoint(ch) !== ch ? 3 : isSeparator(ch) ? 2 : 1;
    UNIT_CLASS[cu] = k;
  }
  return k;
}

/**
 * The normalised text as one string, every separator as a single space (scoring, verification).
 * Runs of characters that normalise to themselves are copied as slices; only the rest goes through
 * normaliseCodePoint – relevance ranking calls this for a thousand candidate bodies per query.
 */
export function normalisedString(text: string): string {
  let out = '';
  let sep = false;
  let run = -1;
  for (let i = 0; i < text.length; i++) {
    const k = unitClass(text.charCodeAt(i));
    if (k === 1) {
      if (run < 0) {
        if (sep && out) out += ' ';
        sep = false;
        run = i;
      }
      continue;
    }
    if (run >= 0) {
      out += text.slice(run, i);
      run = -1;
    }
    if (k === 2) {
      sep = true;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (ch.length === 2) i++;
    for (const c of normaliseCodePoint(ch)) {
      if (isSeparator(c)) sep = true;
      else {
        if (sep && out) out += ' ';
        sep = false;
        out += c;
      }
    }
  }
  if (run >= 0) out += text.slice(run);
  return out;
}

/** Normalised runs of a string (the terms of a query, or the words of a text). */
export function runs(text: string): string[] {
  const s = normalisedString(text);
  return s ? s.split(' ') : [];
}

function safeChar(c: string): string {
  const cp = c.charCodeAt(0);
  // ASCII punctuation → full-width form (U+FF01–U+FF5E); letters and digits stay as they are.
  if (c.length === 1 && cp >= 0x21 && cp <= 0x7e && !/[a-z0-9]/.test(c)) return String.fromCharCode(cp + 0xfee0);
  return c;
}

/** The tokens of one run, one per character position: bigrams, then the last character alone. */
export function runTokens(run: string): string[] {
  const chars = [...run].map(safeChar);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) out.push(i + 1 < chars.length ? chars[i]! + chars[i + 1]! : chars[i]!);
  return out;
}

/** Tokens of a text in position order (position = index in the returned array). */
export function textTokens(text: string, maxTokens = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = [];
  for (const r of runs(text)) {
    for (const t of runTokens(r)) {
      if (out.length >= maxTokens) return out;
      out.push(t);
    }
  }
  return out;
}

/** A query term as the engines see it: a phrase of bigrams, or one prefix for a single character. */
export type TermQuery = { kind: 'phrase'; tokens: string[] } | { kind: 'prefix'; token: string };

export function termQuery(term: string): TermQuery {
  const toks = runTokens(term);
  if (toks.length === 1) return { kind: 'prefix', token: toks[0]! };
  return { kind: 'phrase', tokens: toks.slice(0, -1) };
}

export type ParsedQuery =
  | { ok: true; terms: string[]; queries: TermQuery[] }
  | { ok: false; reason: 'empty' | 'too_long' | 'no_searchable_text' | 'too_many_terms'; message: string };

// Characters trimmed from both ends of a term: quotes, brackets and FTS/boolean operator symbols a
// visitor may type out of habit. Inside a term punctuation is kept (项目编号 ZJCG-2026-015).
const EDGE_NOISE = /^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu;

/**
 * Parses what a visitor typed. Whitespace separates terms; every term must occur (AND) as an
 * exact substring. There is no operator syntax: `"`, `*`, `NEAR`, `AND` are text, never FTS syntax.
 */
export function parseQuery(raw: string): ParsedQuery {
  const q = raw.trim();
  if (!q) return { ok: false, reason: 'empty', message: '请输入搜索词' };
  if ([...q].length > MAX_QUERY_CHARS) return { ok: false, reason: 'too_long', message: `搜索词过长：最多 ${MAX_QUERY_CHARS} 个字` };
  const terms: string[] = [];
  for (const r of runs(q)) {
    const t = r.replace(EDGE_NOISE, '');
    if (t && !terms.includes(t)) terms.push(t);
  }
  if (!terms.length) return { ok: false, reason: 'no_searchable_text', message: '搜索词只含标点或符号，请输入文字、字母或数字' };
  if (terms.length > MAX_QUERY_TERMS) return { ok: false, reason: 'too_many_terms', message: `搜索词过多：最多 ${MAX_QUERY_TERMS} 个（用空格分隔）` };
  return { ok: true, terms, queries: terms.map(termQuery) };
}

/** FTS5 MATCH expression: every token is a quoted string, so no user text is ever FTS syntax. */
export function fts5Match(queries: TermQuery[]): string {
  return queries
    .map((q) => (q.kind === 'prefix' ? `"${q.token}"*` : `"${q.tokens.join(' ')}"`))
    .join(' AND ');
}

/** PostgreSQL tsquery literal with the same meaning (`<->` phrase, `:*` prefix). */
export function tsqueryLiteral(queries: TermQuery[]): string {
  return queries
    .map((q) => (q.kind === 'prefix' ? `'${q.token}':*` : `(${q.tokens.map((t) => `'${t}'`).join(' <-> ')})`))
    .join(' & ');
}

/** The same query without adjacency (every bigram present): a candidate filter for long documents. */
export function tsqueryAllTokens(queries: TermQuery[]): string {
  return queries.map((q) => (q.kind === 'prefix' ? `'${q.token}':*` : q.tokens.map((t) => `'${t}'`).join(' & '))).join(' & ');
}

// PostgreSQL keeps positions 1–16383 and at most 256 positions per lexeme (tsvector.h MAXENTRYPOS,
// MAXNUMPOS); beyond that a phrase may be lost or falsely matched. Such documents are flagged
// `lossy` and verified against their normalised text instead (repository.ts pgMatch).
export const PG_MAX_POS = 16383;
export const PG_MAX_POSITIONS_PER_LEXEME = 256;

/** tsvector literal of title tokens followed by body tokens; `lossy` when positions would be cut. */
export function tsvectorLiteral(titleTokens: string[], bodyTokens: string[]): { literal: string; lossy: boolean } {
  const positions = new Map<string, number[]>();
  let pos = 0;
  let lossy = false;
  for (const t of [...titleTokens, ...bodyTokens]) {
    pos++;
    if (pos > PG_MAX_POS) {
      lossy = true;
      break;
    }
    const list = positions.get(t);
    if (!list) positions.set(t, [pos]);
    else if (list.length < PG_MAX_POSITIONS_PER_LEXEME) list.push(pos);
    else lossy = true;
  }
  const parts: string[] = [];
  for (const [t, ps] of positions) parts.push(`'${t}':${ps.join(',')}`);
  return { literal: parts.join(' '), lossy };
}

/** The normalised text (separators as single spaces) for exact verification of lossy documents. */
export const normalisedText = normalisedString;
