// Row types of supervision (issue 8: blacklist, red flags, work plans, inspections, assessment, feedback; migrations 0009–0012).
// Split out of schema.ts by responsibility; schema.ts re-exports these and lists the tables in `Database`.
import type { Generated, Selectable } from 'kysely';

type Id = Generated<number>;

// ---- work plans and inspections (issue 8 items 4–5, migration 0011) ----

export type WorkPlanState = 'draft' | 'submitted' | 'returned' | 'filed' | 'published';

export interface WorkPlanRoundTable {
  id: Id;
  year: number;
  title: string;
  due_date: string;
  note: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface WorkPlanTable {
  id: Id;
  round_id: number;
  department_id: number;
  state: WorkPlanState;
  status_goals: string;
  tasks: string; // JSON WorkPlanTask[]
  organisation: string;
  first_submitted_at: string | null;
  submitted_at: string | null;
  late: number;
  returned_reason: string | null;
  filed_at: string | null;
  filed_by: number | null;
  published_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export type FindingStatus = 'open' | 'answered' | 'closed';

export interface InspectionTable {
  id: Id;
  department_id: number;
  kind: 'scheduled' | 'unannounced';
  scope: string; // JSON InspectionScope[]
  inspection_date: string;
  inspectors: string;
  summary: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface InspectionFindingTable {
  id: Id;
  inspection_id: number;
  seq: number;
  description: string;
  evidence: string; // JSON string[]
  attachment_sha256: string | null;
  attachment_filename: string | null;
  deadline: string;
  status: FindingStatus;
  closed_date: string | null;
  closed_by: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface InspectionAnswerTable {
  id: Id;
  finding_id: number;
  body: string;
  answer_date: string;
  answered_by: number | null;
  created_at: string;
}

// ---- assessment and public feedback (issue 8, migration 0012) ----

export interface AssessmentTable {
  id: Id;
  name: string;
  year: number;
  period_from: string;
  period_to: string;
  items: string; // JSON SchemeItem[]
  commend_top: number;
  commend_min_x100: number | null;
  criticise_bottom: number;
  criticise_below_x100: number | null;
  state: 'draft' | 'published';
  snapshot_id: number | null;
  published_at: string | null;
  published_by: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface AssessmentScoreTable {
  id: Id;
  assessment_id: number;
  department_id: number;
  item_code: string;
  points_x100: number;
  source: 'manual' | 'third_party';
  note: string;
  entered_by: number | null;
  entered_at: string;
}

export interface AssessmentSnapshotTable {
  id: Id;
  assessment_id: number;
  run_at: string;
  run_by: number | null;
  as_of: string;
  results: string; // JSON AssessmentResult
}

export interface FeedbackTable {
  id: Id;
  target_kind: 'disclosure' | 'project';
  target_id: number;
  department_id: number;
  name: string;
  contact: string;
  wants_reply: number;
  message: string;
  public_requested: number;
  staff_private: number;
  state: 'pending' | 'answered';
  submitted_at: string;
  submitted_date: string;
  reply_days: number;
  due_date: string | null;
  answer: string | null;
  answered_at: string | null;
  answered_date: string | null;
  answered_by: number | null;
  ip_hash: string;
  updated_at: string;
}

// ---- blacklist (issue 8 §1, migration 0009) ----

export type BlacklistStatus = 'draft' | 'active' | 'expired' | 'repaired' | 'revoked';
export type BlacklistSeverity = 'ordinary' | 'serious' | 'procurement-bar';

export interface BlacklistEntryTable {
  id: Id;
  department_id: number;
  subject_kind: 'company' | 'person';
  name: string;
  name_key: string;
  credit_code: string | null;
  /** Internal only: every public output masks it. */
  id_number: string | null;
  subject_key: string;
  conduct: string;
  legal_basis: string;
  decision_no: string;
  decision_date: string;
  sector: string;
  severity: BlacklistSeverity;
  start_date: string;
  end_date: string;
  status: BlacklistStatus;
  disclosure_id: number | null;
  closed_on: string | null;
  close_reason: string | null;
  created_by: number;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  published_by: number | null;
}

export interface BlacklistDocumentTable {
  id: Id;
  entry_id: number;
  kind: 'decision' | 'repair' | 'revoke';
  sha256: string;
  filename: string;
  created_at: string;
  created_by: number;
}

export type BlacklistEntry = Selectable<BlacklistEntryTable>;

// ---- red flags (issue 8 item 3, migration 0010) ----

export interface RedFlagSettingTable {
  id: Id;
  /** Flag code (modules/red-flags/flags.ts). */
  code: string;
  params: string; // JSON Record<string, number>
  updated_at: string;
  updated_by: number | null;
}
