// Row types of the privacy and secrecy guard (issue 6, migration 0008; version seals live in schema.ts).
// Split out of schema.ts by responsibility; schema.ts re-exports these and lists the tables in `Database`.
import type { Generated } from 'kysely';

type Id = Generated<number>;

// ---- privacy and secrecy guard (issue 6, migration 0008) ----

export interface PrivacyBlobScanTable {
  sha256: string;
  /** Version of the scanner that produced the row; an older row is rescanned. */
  scanner: number;
  status: 'text' | 'no_text' | 'image' | 'unreadable';
  message: string | null;
  findings: string; // JSON FileFinding[] (masked previews and fingerprints only)
  masked_sha256: string | null;
  pages: number | null;
  chars: number;
  ms: number;
  scanned_at: string;
}

export interface AttachmentRenditionTable {
  id: Id;
  attachment_id: number;
  sha256: string;
  filename: string;
  kind: 'redacted';
  created_at: string;
  created_by: number;
  superseded_at: string | null;
}

export type PrivacyFindingStatus = 'open' | 'masked' | 'kept';

export interface PrivacyFindingTable {
  id: Id;
  disclosure_id: number;
  source: 'title' | 'body' | 'field' | 'attachment';
  attachment_id: number | null;
  path: string;
  location: string; // JSON Location
  kind: string;
  rule: string;
  confidence: number;
  fingerprint: string;
  preview: string;
  status: PrivacyFindingStatus;
  resolution: string | null;
  basis: string | null;
  decided_by: number | null;
  decided_at: string | null;
  created_at: string;
}

export interface PrivacyDecisionTable {
  id: Id;
  disclosure_id: number;
  fingerprint: string;
  basis: string;
  note: string;
  decided_by: number;
  decided_at: string;
}

export interface ConfidentialityReviewTable {
  id: Id;
  disclosure_id: number;
  reviewer_id: number;
  reviewer_name: string;
  at: string;
  checklist: string; // JSON
  findings: string; // JSON counts by status
  note: string;
}

export interface PrivacySweepTable {
  id: Id;
  started_at: string;
  finished_at: string | null;
  started_by: number | null;
  via: 'console' | 'cli';
  disclosures: number;
  attachments: number;
  hits: number;
}

export interface PrivacySweepHitTable {
  id: Id;
  sweep_id: number;
  disclosure_id: number;
  version: number;
  location: string;
  kind: string;
  rule: string;
  confidence: number;
  preview: string;
}
