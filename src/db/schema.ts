// Row types of every table, as Kysely sees them. Timestamps are ISO-8601 UTC strings and dates
// 'YYYY-MM-DD' strings on both dialects (docs/adr/0003-portable-storage-types.md); JSON columns are text.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

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
