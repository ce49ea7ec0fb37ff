// Escaped-by-default HTML templates (docs/adr/0002-html-templates.md): every interpolated value is
// escaped unless it is already `SafeHtml`, so forgetting to escape is impossible by construction.

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

export type Html = SafeHtml;
type Interp = SafeHtml | string | number | boolean | null | undefined | readonly Interp[];

function render(v: Interp): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Interp[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Marks trusted markup (sanitised rich text, server-rendered SVG). Use sparingly and only on sanitised input. */
export function raw(s: string): SafeHtml {
  return new SafeHtml(s);
}

export function attrs(a: Record<string, string | number | boolean | null | undefined>): SafeHtml {
  let out = '';
  for (const [k, v] of Object.entries(a)) {
    if (v === false || v === null || v === undefined) continue;
    out += v === true ? ` ${k}` : ` ${k}="${escapeHtml(String(v))}"`;
  }
  return new SafeHtml(out);
}
