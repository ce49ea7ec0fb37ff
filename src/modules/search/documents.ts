// What goes into the index for each kind of document. Disclosures are built ONLY from the public
// snapshot (disclosures/public-json.ts: masked, withheld fields absent); a withdrawn disclosure is a
// tombstone (title and withdrawal reason, no body). Blacklist entries are built ONLY from their
// public view (blacklist/public-view.ts: ID numbers masked, drafts never); an entry that has left
// the current list is a tombstone the same way.
import type { PublicEntry } from '../blacklist/public-view.ts';
import type { DisclosureService } from '../disclosures/service.ts';

export type DocKind = 'disclosure' | 'project' | 'blacklist';

export const KIND_NAMES: Record<DocKind, string> = { disclosure: '公开信息', project: '项目', blacklist: '黑名单' };

/** One searchable document, whatever its kind. */
export interface IndexDoc {
  kind: DocKind;
  refId: number;
  state: 'published' | 'withdrawn';
  title: string;
  body: string;
  /** Site-relative URL of the document's page. */
  url: string;
  sector: string | null;
  itemType: string | null;
  department: string | null;
  projectId: number | null;
  stage: string | null;
  publishedAt: string;
  updatedAt: string;
}

export type Snapshot = NonNullable<Awaited<ReturnType<DisclosureService['publicSnapshot']>>>;

/** The calendar year of a timestamp in China time (UTC+8). */
export function chinaYear(iso: string): number {
  return new Date(Date.parse(iso) + 8 * 3600_000).getUTCFullYear();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Plain text of sanitised body HTML: block elements become line breaks, entities are decoded. */
export function htmlToText(h: string): string {
  return h
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<\/?(p|div|br|li|tr|h[1-6]|table|ul|ol|blockquote|pre)[^>]*>/gi, '\n')
    .replace(/<\/t[dh]>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*|#39);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const cp = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

function flattenValues(v: unknown, out: string[]): void {
  if (v === null || v === undefined || v === '') return;
  if (typeof v === 'boolean') out.push(v ? '是' : '否');
  else if (Array.isArray(v)) for (const x of v) flattenValues(x, out);
  else if (typeof v === 'object') for (const x of Object.values(v as Record<string, unknown>)) flattenValues(x, out);
  else out.push(String(v));
}

export function disclosureDoc(s: Snapshot): IndexDoc {
  const j = s.json;
  const published = j.firstPublishedAt ?? j.lastPublishedAt ?? new Date(0).toISOString();
  const base = {
    kind: 'disclosure' as const,
    refId: j.id,
    url: `/disclosures/${j.id}`,
    sector: j.sector,
    itemType: j.itemType.code,
    department: j.department.code,
    projectId: j.project?.id ?? null,
    stage: s.itemType?.stage ?? null,
    publishedAt: published,
  };
  if (j.state === 'withdrawn') {
    return { ...base, state: 'withdrawn', title: j.title, body: `本信息已撤回。撤回原因：${s.withdrawal?.reason ?? ''}`, updatedAt: s.withdrawal?.at ?? j.lastPublishedAt ?? published };
  }
  const values: string[] = [];
  for (const [, v] of Object.entries(j.fields)) flattenValues(v, values);
  const lines = [
    htmlToText(s.bodyHtml),
    values.join('\n'),
    s.attachmentNames.join('\n'),
    [j.department.name, j.itemType.name, j.project ? `${j.project.code} ${j.project.title}` : ''].filter(Boolean).join('\n'),
  ];
  return { ...base, state: 'published', title: j.title, body: lines.filter(Boolean).join('\n'), updatedAt: j.lastPublishedAt ?? published };
}

export interface ProjectSource {
  id: number;
  code: string;
  ocid: string;
  title: string;
  sector: string;
  investment_code: string | null;
  department_name: string;
  department_code?: string | null;
  created_at: string;
}

export function projectDoc(p: ProjectSource, sectorName: string, departmentCode: string | null): IndexDoc {
  return {
    kind: 'project',
    refId: p.id,
    state: 'published',
    title: p.title,
    body: [`项目编号 ${p.code}`, `开放合同数据标识 ${p.ocid}`, p.investment_code ? `投资项目代码 ${p.investment_code}` : '', p.department_name, sectorName].filter(Boolean).join('\n'),
    url: `/projects/${p.id}`,
    sector: p.sector,
    itemType: null,
    department: departmentCode,
    projectId: p.id,
    stage: null,
    publishedAt: p.created_at,
    updatedAt: p.created_at,
  };
}

/**
 * A 黑名单 entry from its public view – never from the row: only what /blacklist/:id shows (the
 * person's ID number masked per RULES.md §7) can reach the index, its snippets and feeds.
 *
 * An entry that has left the current list (期满, 信用修复, 撤销) is a tombstone, as a withdrawn
 * disclosure is: its page stays public as history, so it stays findable by the subject's name and
 * identifiers – which tells a searcher the listing has ended – but without the conduct and legal
 * basis, and in state `withdrawn` (ranked below live documents, filtered out by state=published).
 */
export function blacklistDoc(e: PublicEntry, o: { sectorName: string; updatedAt: string }): IndexDoc {
  const published = e.publishedAt ?? o.updatedAt;
  const id = [e.subject.creditCode ? `统一社会信用代码 ${e.subject.creditCode}` : '', e.subject.idNumberMasked ? `身份证号码（已脱敏）${e.subject.idNumberMasked}` : ''];
  const decision = `决定文书号 ${e.decision.number}（${e.decision.date}），${e.department.name}`;
  const base = {
    kind: 'blacklist' as const,
    refId: e.id,
    title: e.subject.name,
    url: `/blacklist/${e.id}`,
    sector: e.sector,
    itemType: null,
    department: e.department.code,
    projectId: null,
    stage: null,
    publishedAt: published,
    updatedAt: o.updatedAt,
  };
  if (!e.current) {
    const why = [`已移出黑名单公示：${e.statusName}${e.closedOn ? `（${e.closedOn}）` : ''}`, e.closeReason ?? ''].filter(Boolean).join('。');
    return { ...base, state: 'withdrawn', body: [why, ...id, decision].filter(Boolean).join('\n') };
  }
  const lines = [
    `黑名单 ${e.subject.kindName} ${e.statusName}`,
    ...id,
    `失信行为：${e.conduct}`,
    `认定依据：${e.legalBasis}`,
    decision,
    `${o.sectorName} ${e.severity.name} 公示期 ${e.period.start} 至 ${e.period.end}`,
  ];
  return { ...base, state: 'published', body: lines.filter(Boolean).join('\n') };
}
