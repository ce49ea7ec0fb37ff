// PURE: highlighting and snippets computed from the same normalisation as the index, so what is
// marked is exactly what matched. Output is escaped HTML (only our <mark> tags are markup).
import { escapeHtml } from '../../web/html.ts';
import { normalise, normalisedString, type NormChar } from './tokenizer.ts';

export interface Span {
  start: number;
  end: number;
}

/** Source ranges of every occurrence of the (normalised) terms in `text`, merged and sorted. */
export function matchSpans(text: string, terms: readonly string[]): Span[] {
  if (!terms.length || !text) return [];
  const chars = normalise(text);
  const spans: Span[] = [];
  for (const term of terms) {
    const tc = [...term];
    if (!tc.length) continue;
    outer: for (let i = 0; i + tc.length <= chars.length; i++) {
      for (let k = 0; k < tc.length; k++) {
        const c = chars[i + k];
        if (!c || c.c !== tc[k]) continue outer;
      }
      spans.push({ start: (chars[i] as NormChar).start, end: (chars[i + tc.length - 1] as NormChar).end });
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/** Escaped HTML of `text` with every span wrapped in <mark>. */
export function markSpans(text: string, spans: readonly Span[]): string {
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    out += escapeHtml(text.slice(at, s.start)) + '<mark>' + escapeHtml(text.slice(s.start, s.end)) + '</mark>';
    at = s.end;
  }
  return out + escapeHtml(text.slice(at));
}

export function highlight(text: string, terms: readonly string[]): string {
  return markSpans(text, matchSpans(text, terms));
}

/**
 * A snippet of about `width` characters around the first match (or the start), escaped, with the
 * matches marked and an ellipsis where text was cut.
 */
export function snippet(text: string, terms: readonly string[], width = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const spans = matchSpans(flat, terms);
  const first = spans[0];
  let from = 0;
  if (first && first.start > width / 3) from = Math.max(0, first.start - Math.floor(width / 3));
  // Do not cut a surrogate pair.
  if (from > 0 && /[\udc00-\udfff]/.test(flat[from] ?? '')) from--;
  let to = Math.min(flat.length, from + width);
  if (to < flat.length && /[\udc00-\udfff]/.test(flat[to] ?? '')) to++;
  const part = flat.slice(from, to);
  const local = spans
    .filter((s) => s.end > from && s.start < to)
    .map((s) => ({ start: Math.max(0, s.start - from), end: Math.min(part.length, s.end - from) }));
  return (from > 0 ? '…' : '') + markSpans(part, local) + (to < flat.length ? '…' : '');
}

/** Occurrences of each term in a text (for relevance scoring). */
export function termFrequencies(text: string, terms: readonly string[]): number[] {
  const norm = normalisedString(text);
  return terms.map((t) => {
    let n = 0;
    for (let i = norm.indexOf(t); i >= 0; i = norm.indexOf(t, i + 1)) n++;
    return n;
  });
}
