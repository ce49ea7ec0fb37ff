// Pure mapping of one published disclosure version to an OCDS 1.1 release (issue 4 §4). Input is
// the PUBLIC view of the version (withheld fields absent, personal ones masked – public-view.ts);
// the release carries the withheld fields in `withheldInformation` with their legal basis.
import { absoluteUrl, chinaDateTime, compact, Parties, type Json } from './helpers.ts';
import { SECTIONS } from './sections.ts';

export type { Json };

export interface ReleaseSource {
  ocid: string;
  project: { id: number; code: string; title: string; sector: string; investmentCode: string | null };
  disclosureId: number;
  version: number;
  itemType: { code: string; stage: string; name: string; fieldLabels: Record<string, string> };
  title: string;
  formedDate: string;
  /** UTC ISO timestamp of this version's publication. */
  publishedAt: string;
  changeReason: string | null;
  /** Public values (masked) and what was withheld, from publicFieldsJson. */
  fields: Record<string, unknown>;
  withheld: { field: string; reason: string }[];
  attachments: { id: number; filename: string; mime: string }[];
  department: { name: string; creditCode: string | null };
}

export interface MapContext {
  baseUrl: string;
  /** Award id of the project's award to a supplier (by credit code, else name), for contracts. */
  awardIdFor(projectId: number, supplier: { creditCode?: string | undefined; name?: string | undefined }): string | undefined;
}

/** Item types with an OCDS mapping: the procurement and construction lifecycle notices. */
export const MAPPED_ITEM_TYPES: readonly string[] = Object.keys(SECTIONS);

export const releaseId = (ocid: string, disclosureId: number, version: number) => `${ocid}-${disclosureId}-v${version}`;

const TAG_UPDATE: Record<string, string> = { planning: 'planningUpdate', tender: 'tenderUpdate', award: 'awardUpdate', contract: 'contractUpdate', implementation: 'implementationUpdate' };

export interface SectionInput {
  src: ReleaseSource;
  ctx: MapContext;
  f: Record<string, unknown>;
  parties: Parties;
  /** Documents of this release: the public notice page and the version's attachments. */
  documents(type: string): Json[];
  /** Amendment describing this correction (version > 1), for the section being changed. */
  amendment(): Json[] | undefined;
}

export interface SectionOutput {
  tag: string;
  release: Json;
}

/** Maps a published version to a release, or null when its item type has no OCDS meaning. */
export function toRelease(src: ReleaseSource, ctx: MapContext): Json | null {
  const section = SECTIONS[src.itemType.code];
  if (!section) return null;
  const date = chinaDateTime(src.publishedAt);
  const parties = new Parties();
  const input: SectionInput = {
    src,
    ctx,
    f: src.fields,
    parties,
    documents: (type) => [
      { id: `${src.disclosureId}-notice`, documentType: type, title: src.title, url: absoluteUrl(ctx.baseUrl, `/disclosures/${src.disclosureId}?version=${src.version}`), datePublished: date, format: 'text/html', language: 'zh' },
      ...src.attachments.map((a) => ({ id: `${src.disclosureId}-att-${a.id}`, documentType: type, title: a.filename, url: absoluteUrl(ctx.baseUrl, `/disclosures/${src.disclosureId}/attachments/${a.id}`), datePublished: date, format: a.mime, language: 'zh' })),
    ],
    amendment: () => (src.version > 1 ? [{ id: `${src.disclosureId}-v${src.version}`, date, rationale: src.changeReason ?? '更正', description: `更正：${src.title}` }] : undefined),
  };
  const out = section(input);
  const tag = src.version > 1 ? (TAG_UPDATE[out.tag] ?? out.tag) : out.tag;
  const withheld = src.withheld.map((w) => {
    const [key, index, col] = w.field.split('.');
    const label = src.itemType.fieldLabels[col ? `${key}.${col}` : key!] ?? w.field;
    return { id: `${src.disclosureId}-${w.field}`, field: w.field, name: index !== undefined ? `${label}（第${Number(index) + 1}行）` : label, rationale: w.reason };
  });
  return compact({
    ocid: src.ocid,
    id: releaseId(src.ocid, src.disclosureId, src.version),
    date,
    tag: [tag],
    initiationType: 'tender',
    language: 'zh',
    ...out.release,
    parties: parties.list(),
    withheldInformation: withheld,
  });
}
