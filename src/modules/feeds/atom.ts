// PURE: Atom 1.0 (RFC 4287) documents. Ids are tag: URIs (RFC 4151) that never change for a
// document, so a reader shows a corrected notice as updated, not as a new one.

export interface AtomEntry {
  id: string;
  title: string;
  url: string;
  published: string;
  updated: string;
  author: string;
  summary: string;
  categories: { term: string; label: string }[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  selfUrl: string;
  htmlUrl: string;
  author: string;
  rights: string;
  entries: AtomEntry[];
  /** Used when there are no entries (a feed must still have <updated>). */
  fallbackUpdated: string;
}

// XML 1.0 allows only these characters; anything else would make the whole feed unreadable.
const ILLEGAL_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

export function xmlEscape(s: string): string {
  return s.replace(ILLEGAL_XML, '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export const TAG_DATE = '2026';

/** tag:<authority>,<date>:<specific> with the authority taken from the site's base URL. */
export function tagUri(baseUrl: string, specific: string): string {
  const host = new URL(baseUrl).hostname || 'localhost';
  return `tag:${host},${TAG_DATE}:${specific}`;
}

/** RFC 3339 without milliseconds (some readers reject fractional seconds). */
export function rfc3339(iso: string): string {
  const d = new Date(iso);
  return (Number.isNaN(d.getTime()) ? new Date(0) : d).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function renderAtom(f: AtomFeed): string {
  const updated = f.entries.length ? f.entries.map((e) => rfc3339(e.updated)).sort().at(-1)! : rfc3339(f.fallbackUpdated);
  const x = xmlEscape;
  const entries = f.entries
    .map(
      (e) => `  <entry>
    <id>${x(e.id)}</id>
    <title type="text">${x(e.title)}</title>
    <link rel="alternate" type="text/html" href="${x(e.url)}"/>
    <published>${rfc3339(e.published)}</published>
    <updated>${rfc3339(e.updated)}</updated>
    <author><name>${x(e.author)}</name></author>
${e.categories.map((c) => `    <category term="${x(c.term)}" label="${x(c.label)}"/>\n`).join('')}    <summary type="text">${x(e.summary)}</summary>
  </entry>
`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
  <id>${x(f.id)}</id>
  <title type="text">${x(f.title)}</title>
${f.subtitle ? `  <subtitle type="text">${x(f.subtitle)}</subtitle>\n` : ''}  <updated>${updated}</updated>
  <link rel="self" type="application/atom+xml" href="${x(f.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${x(f.htmlUrl)}"/>
  <author><name>${x(f.author)}</name></author>
  <generator>gongkai</generator>
  <rights>${x(f.rights)}</rights>
${entries}</feed>
`;
}
