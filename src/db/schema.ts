// Row types of every table, as Kysely sees them. Timestamps are ISO-8601 UTC strings and dates
// 'YYYY-MM-DD' strings on both dialects (docs/adr/0003-portable-storage-types.md); JSON columns are text.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { PrivacyBlobScanTable, AttachmentRenditionTable, PrivacyFindingTable, PrivacyDecisionTable, ConfidentialityReviewTable, PrivacySweepTable, PrivacySweepHitTable } from './schema-privacy.ts';
import type { WorkPlanRoundTable, WorkPlanTable, InspectionTable, InspectionFindingTable, InspectionAnswerTable, AssessmentTable, AssessmentScoreTable, AssessmentSnapshotTable, FeedbackTable, BlacklistEntryTable, BlacklistDocumentTable, RedFlagSettingTable } from './schema-supervision.ts';

type Id = Generated<number>;

export interface DepartmentTable {
  id: Id;
  code: string;
  name: string;
  short_name: string;
  kind: 'bureau' | 'town' | 'office';
  credit_code: string | null;
  parent_id: number | null;
  address: string | null;
  phone: string | null;
  guide: string;
  sort: number;
  created_at: string;
}

export interface UserTable {
  id: Id;
  username: string;
  display_name: string;
  email: string | null;
  password_hash: string;
  disabled: number;
  created_at: string;
}

export type Role = 'editor' | 'reviewer' | 'office' | 'admin';

export interface MembershipTable {
  id: Id;
  user_id: number;
  department_id: number;
  role: Role;
}

export interface SessionTable {
  id: string; // sha256 of the cookie token: a stolen database does not yield live sessions
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface LoginAttemptTable {
  id: Id;
  username: string;
  ip: string;
  at: string;
  success: number;
}

export interface SectorTable {
  code: string;
  name: string;
  sort: number;
}

export interface ItemTypeTable {
  id: Id;
  code: string;
  sector: string;
  category: string;
  stage: string;
  name: string;
  description: string;
  fields: string; // JSON FieldDef[]
  deadline_rule: string;
  min_duration_rule: string | null;
  legal_basis: string;
  channels: string; // JSON string[]
  dual_publicity: string | null;
  active: number;
  sort: number;
}

export interface CatalogueEntryTable {
  id: Id;
  department_id: number;
  item_type_id: number;
  content: string;
  time_limit: string;
  channel: string;
  responsible_body: string;
  supervision_channel: string;
  updated_at: string;
}

export interface ProjectTable {
  id: Id;
  code: string;
  ocid: string;
  title: string;
  sector: string;
  department_id: number;
  investment_code: string | null;
  created_at: string;
}

export type DisclosureState = 'draft' | 'submitted' | 'returned' | 'approved' | 'published' | 'withdrawn';

export interface DisclosureTable {
  id: Id;
  item_type_id: number;
  department_id: number;
  project_id: number | null;
  /** Cache of the state derived from the event log; rewritten in the same transaction as each event. */
  state: DisclosureState;
  title: string;
  body: string; // Markdown source of the working copy
  fields: string; // JSON of the working copy
  formed_date: string;
  due_date: string | null;
  due_rule: string | null;
  created_by: number;
  created_at: string;
  updated_at: string;
  first_published_at: string | null;
  last_published_at: string | null;
  /** Number of published versions (0 before first publication). */
  version: number;
  /** Pending change reason for a correction being drafted on a published disclosure. */
  pending_reason: string | null;
}

export interface DisclosureVersionTable {
  id: Id;
  disclosure_id: number;
  version: number;
  title: string;
  body: string;
  body_html: string;
  fields: string;
  formed_date: string;
  attachments: string; // JSON [{id, filename, sha256, size, mime}]
  change_reason: string | null;
  published_at: string;
  published_by: number;
  due_date: string | null;
}

export interface BlobTable {
  sha256: string;
  size: number;
  mime: string;
  created_at: string;
}

export interface DisclosureAttachmentTable {
  id: Id;
  disclosure_id: number;
  sha256: string;
  filename: string;
  created_at: string;
  created_by: number;
  removed_at: string | null;
}

export interface EventTable {
  id: Id;
  at: string;
  actor_id: number | null;
  entity: string;
  entity_id: number;
  action: string;
  reason: string | null;
  data: string | null; // JSON
}

export interface Database {
  departments: DepartmentTable;
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  login_attempts: LoginAttemptTable;
  sectors: SectorTable;
  item_types: ItemTypeTable;
  catalogue_entries: CatalogueEntryTable;
  projects: ProjectTable;
  disclosures: DisclosureTable;
  disclosure_versions: DisclosureVersionTable;
  blobs: BlobTable;
  disclosure_attachments: DisclosureAttachmentTable;
  events: EventTable;
  calendar_imports: CalendarImportTable;
  calendar_entries: CalendarEntryTable;
  deadline_changes: DeadlineChangeTable;
  obligations: ObligationTable;
  reminders: ReminderTable;
  jobs: JobTable;
  job_runs: JobRunTable;
  search_docs: SearchDocTable;
  search_meta: SearchMetaTable;
  content_generation: ContentGenerationTable;
  version_seals: VersionSealTable;
  change_feed: ChangeFeedTable;
  subscriptions: SubscriptionTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  api_keys: ApiKeyTable;
  ocds_ingested_releases: OcdsIngestedReleaseTable;
  requests: RequestTable;
  request_answers: RequestAnswerTable;
  request_files: RequestFileTable;
  request_attempts: RequestAttemptTable;
  request_reminders: RequestReminderTable;
  review_cases: ReviewCaseTable;
  annual_reports: AnnualReportTable;
  privacy_blob_scans: PrivacyBlobScanTable;
  attachment_renditions: AttachmentRenditionTable;
  privacy_findings: PrivacyFindingTable;
  privacy_decisions: PrivacyDecisionTable;
  confidentiality_reviews: ConfidentialityReviewTable;
  privacy_sweeps: PrivacySweepTable;
  privacy_sweep_hits: PrivacySweepHitTable;
  blacklist_entries: BlacklistEntryTable;
  blacklist_documents: BlacklistDocumentTable;
  assessments: AssessmentTable;
  assessment_scores: AssessmentScoreTable;
  assessment_snapshots: AssessmentSnapshotTable;
  feedback: FeedbackTable;
  work_plan_rounds: WorkPlanRoundTable;
  work_plans: WorkPlanTable;
  inspections: InspectionTable;
  inspection_findings: InspectionFindingTable;
  inspection_answers: InspectionAnswerTable;
  red_flag_settings: RedFlagSettingTable;
}

export type Department = Selectable<DepartmentTable>;
export type User = Selectable<UserTable>;
export type ItemTypeRow = Selectable<ItemTypeTable>;
export type Disclosure = Selectable<DisclosureTable>;
export type DisclosureVersion = Selectable<DisclosureVersionTable>;
export type Project = Selectable<ProjectTable>;
export type EventRow = Selectable<EventTable>;
export type NewEvent = Insertable<EventTable>;
export type DisclosureUpdate = Updateable<DisclosureTable>;
export type Json<T> = ColumnType<T, string, string>;

// ---- timeliness (issue 3, migration 0003) ----

export interface CalendarImportTable {
  id: Id;
  at: string;
  actor_id: number | null;
  via: 'bundled' | 'console' | 'cli';
  filename: string | null;
  sha256: string;
  notice_years: string; // JSON number[]
  entries_added: number;
  entries_removed: number;
  summary: string; // JSON
}

export interface CalendarEntryTable {
  date: string;
  weekday: string;
  type: 'holiday' | 'workday';
  name: string;
  notice_year: number;
  source: string;
  import_id: number | null;
}

export interface DeadlineChangeTable {
  id: Id;
  import_id: number;
  subject: 'disclosure' | 'obligation';
  subject_id: number;
  old_due: string | null;
  new_due: string | null;
}

export type ObligationState = 'open' | 'fulfilled' | 'cancelled';

export interface ObligationTable {
  id: Id;
  department_id: number;
  item_type_id: number;
  title: string;
  formed_date: string;
  note: string;
  due_date: string | null;
  due_rule: string;
  state: ObligationState;
  disclosure_id: number | null;
  created_by: number;
  created_at: string;
  updated_at: string;
  fulfilled_at: string | null;
  cancel_reason: string | null;
}

export interface ReminderTable {
  id: Id;
  subject: 'disclosure' | 'obligation';
  subject_id: number;
  kind: 'due_soon' | 'overdue';
  due_date: string;
  department_id: number;
  title: string;
  created_at: string;
  status: 'pending' | 'sent' | 'failed' | 'logged' | 'no_recipients';
  attempts: number;
  recipients: string; // JSON string[]
  subject_line: string;
  sent_at: string | null;
  error: string | null;
}

export interface JobTable {
  name: string;
  locked_by: string | null;
  locked_until: string | null;
  last_started_at: string | null;
  last_finished_at: string | null;
  last_status: string | null;
}

export interface JobRunTable {
  id: Id;
  job: string;
  instance: string;
  started_at: string;
  finished_at: string | null;
  status: 'running' | 'ok' | 'failed';
  summary: string | null;
  error: string | null;
}

// ---- search, open data, subscriptions (issue 5, migration 0004) ----
/** One row (id = 1): raised with every change to the search index (result-cache validity). */
export interface SearchMetaTable {
  id: number;
  version: ColumnType<number, number | undefined, number>;
}

/** A sealed (屏蔽) earlier version: public history keeps the entry, never the content again. */
export interface VersionSealTable {
  id: Id;
  disclosure_id: number;
  version: number;
  reason: string;
  sealed_by: number;
  sealed_at: string;
}

export interface SearchDocTable {
  /** Sort key: first publication ms × 1024 + tie-breaker (newest first = key order). */
  id: number;
  kind: string;
  ref_id: number;
  state: 'published' | 'withdrawn';
  title: string;
  body: string;
  url: string;
  sector: string | null;
  item_type: string | null;
  department: string | null;
  project_id: number | null;
  stage: string | null;
  year: number | null;
  published_at: string;
  updated_at: string;
}

export interface ChangeFeedTable {
  id: Id;
  event_id: number;
  /** Migration 0017: a disclosure version or a 黑名单 entry (whose public view is `payload`). */
  entity: ColumnType<'disclosure' | 'blacklist', 'disclosure' | 'blacklist' | undefined, never>;
  entity_id: number;
  /** Disclosures only (NULL for blacklist rows), as are `version` and `item_type`. */
  disclosure_id: number | null;
  version: number | null;
  kind: 'publish' | 'correct' | 'withdraw' | 'repair' | 'revoke' | 'expire';
  at: string;
  title: string;
  sector: string;
  item_type: string | null;
  department: string;
  project_id: number | null;
  reason: string | null;
  payload: string | null;
}

export interface SubscriptionTable {
  id: Id;
  email: string;
  kind: 'sector' | 'department' | 'project' | 'search';
  target: string;
  label: string;
  token: string;
  state: 'pending' | 'active' | 'unsubscribed' | 'bouncing';
  created_at: string;
  confirmed_at: string | null;
  ended_at: string | null;
  last_digest_at: string | null;
  failures: ColumnType<number, number | undefined, number>;
}

export interface WebhookTable {
  id: Id;
  url: string;
  secret: string;
  label: string;
  filter: string;
  active: ColumnType<number, number | undefined, number>;
  created_at: string;
  created_by: number | null;
}

export interface WebhookDeliveryTable {
  id: Id;
  webhook_id: number;
  change_seq: number;
  payload: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: string;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

// ---- API keys and OCDS ingestion (issue 4, migration 0005) ----

export interface ApiKeyTable {
  id: Id;
  department_id: number;
  /** The key's technical user (an editor of the department that cannot log in). */
  user_id: number;
  name: string;
  key_hash: string; // SHA-256 hex of the key
  key_prefix: string;
  created_by: number;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export interface OcdsIngestedReleaseTable {
  id: Id;
  release_id: string;
  ocid: string;
  api_key_id: number;
  project_id: number;
  disclosure_id: number;
  at: string;
}

// ---- disclosure requests and annual reports (issue 7, migration 0007) ----

export type RequestStateName = 'submitted' | 'in_progress' | 'clarification' | 'consulting' | 'fee_pending' | 'answered' | 'closed';

export interface RequestTable {
  id: Id;
  ref_no: string;
  /** SHA-256 of the normalised tracking code; the code itself is never stored. */
  code_hash: string;
  department_id: number | null;
  applicant_kind: 'natural' | 'business' | 'research' | 'nonprofit' | 'legal' | 'other';
  applicant_name: string;
  id_type: string;
  id_number: string;
  contact_person: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  postcode: string | null;
  description: string;
  delivery_form: 'electronic' | 'paper';
  delivery_method: 'email' | 'post' | 'pickup' | 'online';
  channel: 'online' | 'in_person' | 'mail_signed' | 'mail_plain' | 'fax' | 'email';
  submitted_at: string;
  submitted_date: string;
  received_date: string | null;
  /** Cache of the fold of the request's events (modules/requests/clock.ts). */
  state: RequestStateName;
  due_date: string | null;
  due_status: string;
  outcome: string | null;
  answer_type: string | null;
  closed_date: string | null;
  late: ColumnType<number, number | undefined, number>;
  fee_paid_fen: ColumnType<number, number | undefined, number>;
  fee_paid_date: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface RequestAnswerTable {
  id: Id;
  request_id: number;
  answer_type: string;
  reason: string | null;
  result: string;
  body: string;
  where_text: string;
  agency_text: string;
  state: 'draft' | 'sent';
  privacy: string; // JSON
  letter_sha256: string | null;
  sent_date: string | null;
  created_by: number;
  created_at: string;
  updated_at: string;
}

export interface RequestFileTable {
  id: Id;
  request_id: number;
  purpose: 'answer' | 'letter' | 'incoming';
  sha256: string;
  filename: string;
  scan: string; // JSON
  created_at: string;
  created_by: number | null;
  removed_at: string | null;
}

export interface RequestAttemptTable {
  id: Id;
  kind: 'file' | 'track';
  ip: string;
  key_hash: string | null;
  at: string;
  success: number;
}

export interface RequestReminderTable {
  id: Id;
  request_id: number;
  kind: 'due_soon' | 'overdue';
  due_date: string;
  department_id: number | null;
  created_at: string;
  status: 'pending' | 'sent' | 'failed' | 'logged' | 'no_recipients';
  attempts: ColumnType<number, number | undefined, number>;
  recipients: string;
  subject_line: string;
  sent_at: string | null;
  error: string | null;
}

export interface ReviewCaseTable {
  id: Id;
  department_id: number;
  year: number;
  kind: 'reconsideration' | 'litigation_direct' | 'litigation_after';
  result: 'upheld' | 'corrected' | 'other' | 'pending';
  case_no: string;
  request_ref: string | null;
  filed_date: string | null;
  decided_date: string | null;
  note: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  voided_at: string | null;
  void_reason: string | null;
}

export interface AnnualReportTable {
  id: Id;
  scope: string;
  department_id: number | null;
  year: number;
  kind: 'gov' | 'progress';
  state: 'draft' | 'published';
  inputs: string; // JSON
  snapshot: string | null; // JSON
  docx_sha256: string | null;
  version: ColumnType<number, number | undefined, number>;
  published_at: string | null;
  published_by: number | null;
  created_at: string;
  updated_at: string;
  updated_by: number | null;
}

/** One row (id = 1): raised with every change a public page can show (public page cache, ADR 0008). */
export interface ContentGenerationTable {
  id: number;
  generation: ColumnType<number, number | undefined, number>;
}

export type * from './schema-privacy.ts';
export type * from './schema-supervision.ts';
