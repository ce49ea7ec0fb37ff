// The seam between the disclosure lifecycle and the privacy and secrecy guard (issue 6): the
// lifecycle calls these at each save, approval and publication; modules/privacy implements them.
import type { Executor, Trx } from '../../db/index.ts';
import type { Disclosure } from '../../db/schema.ts';
import type { Principal } from '../accounts/service.ts';
import type { ReviewInput } from '../privacy/checklist.ts';
import type { UploadedFile } from './service.ts';
import type { NeutralAction } from './state.ts';

/** An attachment as a published version lists it: the PUBLIC rendition (masked/redacted) when there is one. */
export interface VersionAttachment {
  id: number;
  filename: string;
  sha256: string;
  size: number;
  mime: string;
  rendition?: 'masked' | 'redacted';
}

/** What the privacy guard scans of a draft just written in bulk: its stored title, body and fields. */
export type NewDraftText = Pick<Disclosure, 'id' | 'item_type_id' | 'title' | 'body' | 'fields'>;

/**
 * The privacy and secrecy guard (issue 6, modules/privacy): findings recomputed on every save,
 * approval refused while any is unresolved, the 保密审查 checklist recorded with the approval, and
 * the public renditions of attachments in each published version.
 */
export interface PrivacyGuard {
  /** Stores and scans new files before the save transaction (PDF/XLSX parsing is slow). */
  prepareFiles(files: UploadedFile[]): Promise<void>;
  /** Scans any current attachment not yet scanned (data loaded before the guard existed). */
  ensureScanned(disclosureId: number): Promise<void>;
  recompute(trx: Trx, d: Disclosure): Promise<void>;
  /** recompute for drafts just written in bulk (no attachments, decisions or earlier findings). */
  recomputeNewDrafts(trx: Trx, ds: readonly NewDraftText[]): Promise<void>;
  /** Throws unless the checklist is complete and every finding resolved; records the review. */
  approve(trx: Trx, p: Principal, d: Disclosure, review: ReviewInput | undefined): Promise<void>;
  assertResolved(trx: Trx, d: Disclosure): Promise<void>;
  versionAttachments(trx: Trx, disclosureId: number): Promise<VersionAttachment[]>;
}

export interface PrivacyChange<T> {
  action: NeutralAction;
  /** Keep-with-basis and withholding are a reviewer's legal judgement; masking anyone may do. */
  reviewerOnly: boolean;
  apply: (trx: Trx, d: Disclosure) => Promise<{ set?: { title?: string; body?: string; fields?: Record<string, unknown> }; data: unknown; reason?: string | null; result?: T }>;
}

/** A blocking warning an approval gate shows the reviewer on the review page. */
export interface GateWarning {
  code: string;
  title: string;
  message: string;
  items: string[];
  /** Label of the override-reason textarea; `field` is its form field name. */
  overrideLabel: string;
  field: string;
}

/**
 * A check that can refuse approval besides the privacy guard (e.g. the 黑名单 cross-check, issue 8
 * §2). `check` runs inside the approval transaction: it throws 409 while a problem stands and no
 * override reason was given, and records the override as an event when one was.
 */
export interface ApprovalGate {
  /** Form field of the approval form carrying the reviewer's override reason. */
  readonly overrideField: string;
  warnings(ex: Executor, d: Disclosure): Promise<GateWarning[]>;
  check(trx: Trx, p: Principal, d: Disclosure, overrideReason: string): Promise<void>;
}
