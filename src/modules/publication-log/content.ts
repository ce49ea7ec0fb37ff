// What a leaf's contentHash commits to: the public content of one disclosure version (or of a
// withdrawal's tombstone), exactly as the public may see it. Pure: no I/O.
//
// Personal data never enters the log (个人信息保护法 第二十八条; 条例 第十五条; RULES.md §7): the
// fields are the output of publicFields()/publicFieldsJson() – the very functions the portal and the
// API use – so personal values are hashed in their masked form and confidential values are not
// hashed at all, only their legal basis. Even the hash of a raw value would be a problem: an ID
// number has so few unknown digits that its hash is as good as the number.
//
// Fields secret "until the award" (招标投标法 第二十二条 标底, 第三十七条 评标委员会名单) are hashed as
// withheld for every item type whose own stage is before the award, whatever the project's state
// at the time. So the hash never depends on a later event (the award of the same project), and no
// hash ever covers a value while it was secret. The price: such a value, once revealed by the award,
// is not covered by the earlier notice's leaf (the award notice itself covers what it publishes).
//
// The publication date is part of the content (publishedAt, to the millisecond as stored): back-
// dating a version (国办秘函〔2019〕19号: a forged publication date fails the website inspection
// outright, RULES.md §9) changes the hash, and the leaf's own UTC time pins it independently.
import { canonicalContentHash, type AttachmentRef, type PublicContent } from './leaf.ts';

export const CONTENT_SCHEMA = 'gongkai-public-content/1';

/** Stages whose own notice makes "until award" fields public (as awardPublishedFor in disclosures). */
export const AWARD_STAGES: readonly string[] = ['award', 'contract', 'performance'];

export interface VersionContentInput {
  itemType: string;
  title: string;
  /** The sanitised HTML the portal and the API show (disclosure_versions.body_html). */
  bodyHtml: string;
  /** publicFieldsJson(publicFields(…)).values */
  fields: Record<string, unknown>;
  /** publicFieldsJson(publicFields(…)).withheld */
  withheld: { field: string; reason: string }[];
  attachments: AttachmentRef[];
  formedDate: string;
  publishedAt: string;
  changeReason: string | null;
}

export interface VersionContent extends PublicContent {
  schema: string;
  kind: 'version';
  itemType: string;
  withheld: { field: string; reason: string }[];
  publishedAt: string;
  changeReason: string | null;
}

export interface WithdrawalContentInput {
  itemType: string;
  title: string;
  formedDate: string;
  withdrawnAt: string;
  reason: string;
}

export interface WithdrawalContent extends PublicContent {
  schema: string;
  kind: 'withdrawal';
  itemType: string;
  withdrawal: { at: string; reason: string };
}

export type LogContent = VersionContent | WithdrawalContent;

export function versionContent(i: VersionContentInput): VersionContent {
  return {
    schema: CONTENT_SCHEMA,
    kind: 'version',
    itemType: i.itemType,
    title: i.title,
    body: i.bodyHtml,
    fields: i.fields,
    withheld: i.withheld.map((w) => ({ field: w.field, reason: w.reason })),
    attachments: i.attachments.map((a) => ({ name: a.name, sha256: a.sha256.toLowerCase() })),
    formedDate: i.formedDate,
    publishedAt: i.publishedAt,
    changeReason: i.changeReason,
  };
}

/** The tombstone the public keeps seeing after a withdrawal: title, dates and the reason, no content. */
export function withdrawalContent(i: WithdrawalContentInput): WithdrawalContent {
  return {
    schema: CONTENT_SCHEMA,
    kind: 'withdrawal',
    itemType: i.itemType,
    title: i.title,
    body: '',
    fields: {},
    attachments: [],
    formedDate: i.formedDate,
    withdrawal: { at: i.withdrawnAt, reason: i.reason },
  };
}

/** Lowercase hex SHA-256 of the canonical JSON – the leaf's contentHash. */
export function contentHash(c: LogContent | PublicContent): string {
  return canonicalContentHash(c);
}

/** Whether an item type's own publication makes "until award" fields public. */
export function stageRevealsAwardSecrets(stage: string): boolean {
  return AWARD_STAGES.includes(stage);
}
