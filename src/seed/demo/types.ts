// The shape of the demo district, as consumed by src/seed/load.ts. demo-data.ts re-exports it.

export type DepartmentKind = 'bureau' | 'town' | 'office';
export type MemberRole = 'editor' | 'reviewer' | 'office' | 'admin';
export type ProjectSector = 'housing' | 'procurement' | 'property' | 'construction';
export type DemoState = 'draft' | 'submitted' | 'returned' | 'published' | 'withdrawn';

export interface DemoDepartment {
  code: string;
  name: string;
  shortName: string;
  kind: DepartmentKind;
  creditCode: string;
  address: string;
  phone: string;
  /** 信息公开指南, markdown. */
  guide: string;
}

export interface DemoUser {
  username: string;
  displayName: string;
  password: string;
  email: string;
  memberships: { department: string; role: MemberRole }[];
}

export interface DemoCatalogueEntry {
  department: string;
  itemType: string;
  content: string;
  timeLimit: string;
  channel: string;
  responsibleBody: string;
  supervisionChannel: string;
}

export interface DemoProject {
  key: string;
  /** ASCII letters, digits, hyphen; at most 64; unique. */
  code: string;
  title: string;
  sector: ProjectSector;
  department: string;
  investmentCode?: string;
}

export interface DemoCorrection {
  at: string;
  reason: string;
  title?: string;
  body?: string;
  fields?: Record<string, unknown>;
}

export interface DemoDisclosure {
  key: string;
  itemType: string;
  department: string;
  /** Project key. */
  project?: string;
  title: string;
  /** Markdown. */
  body: string;
  fields: Record<string, unknown>;
  formedDate: string;
  createdBy: string;
  reviewedBy?: string;
  state: DemoState;
  createdAt: string;
  submittedAt?: string;
  returnReason?: string;
  /** ISO UTC, China office hours on a working day. */
  publishedAt?: string;
  corrections?: DemoCorrection[];
  withdrawal?: { at: string; reason: string };
}

export interface DemoDistrict {
  departments: DemoDepartment[];
  users: DemoUser[];
  catalogue: DemoCatalogueEntry[];
  projects: DemoProject[];
  disclosures: DemoDisclosure[];
}
