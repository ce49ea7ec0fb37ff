// Item types are data (DESIGN.md §3): adding one needs no new table, page or route.
// These types describe that data; catalogue-data.ts holds the shipped item types.

/** 领域. Kept as an open string set in the database so sectors can be added (RULES.md §1). */
export const SECTORS = ['housing', 'procurement', 'property', 'construction', 'general'] as const;
export type Sector = (typeof SECTORS)[number];

export const SECTOR_NAMES: Record<Sector, string> = {
  housing: '住房保障',
  procurement: '政府采购',
  property: '国有产权交易',
  construction: '工程建设项目招标投标',
  general: '双公示（行政许可、行政处罚）',
};

/** 信息类别 (the six-way grouping of local catalogues, RULES.md §1). */
export const CATEGORIES = ['approval', 'project', 'process', 'award', 'contract', 'sanction'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_NAMES: Record<Category, string> = {
  approval: '批准结果信息',
  project: '项目基本信息',
  process: '配置（交易）过程信息',
  award: '中标（成交）信息',
  contract: '合同履约信息',
  sanction: '监管处罚信息',
};

/** Stages of a project's lifecycle, in order (issue 4 §2). `policy` and `other` sit outside it. */
export const STAGES = [
  'approval',
  'plan',
  'tender',
  'candidates',
  'evaluation',
  'award',
  'contract',
  'performance',
  'sanction',
  'policy',
  'other',
] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_NAMES: Record<Stage, string> = {
  approval: '审批核准',
  plan: '计划意向',
  tender: '招标公告',
  candidates: '候选人公示',
  evaluation: '评标情况',
  award: '中标结果',
  contract: '合同履约',
  performance: '履约验收',
  sanction: '监管处罚',
  policy: '政策措施',
  other: '其他',
};

export type FieldType =
  | 'text' // single line
  | 'textarea' // multi-line plain text
  | 'integer'
  | 'money' // exact decimal in yuan, stored as a string "1234.56"
  | 'decimal' // exact decimal, other units (area, percentage, score)
  | 'date' // YYYY-MM-DD
  | 'enum'
  | 'boolean'
  | 'creditCode' // 统一社会信用代码, GB 32100 checksum
  | 'idNumber' // 居民身份证号码, GB 11643 checksum (always personal)
  | 'investmentCode' // 投资项目代码, structure only
  | 'phone'
  | 'url'
  | 'table'; // repeated rows of `columns`

/** Why and until when a field is withheld from the public (条例 14–16; 招标投标法 22, 37). */
export interface Confidentiality {
  /** `award`: secret until the result is published (标底, evaluation committee names). `always`: never public. */
  until: 'award' | 'always';
  basis: string;
}

export interface FieldDef {
  /** camelCase English key, stable: it is the JSON key in the API, OCDS mapping and xlsx header note. */
  key: string;
  /** Chinese label shown in forms, pages and xlsx headers. */
  label: string;
  type: FieldType;
  required?: boolean;
  help?: string;
  options?: readonly string[]; // enum
  maxLength?: number;
  min?: number;
  max?: number;
  /** Personal data (个人信息): masked before it reaches any public output. */
  personal?: boolean;
  confidential?: Confidentiality;
  /** For `table`: the columns of each row. Nested tables are not allowed. */
  columns?: readonly FieldDef[];
}

/**
 * A minimum period described by two of the type's own date fields (公示期, 公告期, 投标期 …),
 * so that deadline checks and red flags need not hard-code field keys.
 */
export interface PeriodDef {
  /** Code of the minimum-duration rule in src/calendar/deadline-rules.ts. */
  rule: string;
  /** Key of the date field holding the first day of the period. */
  from: string;
  /** Key of the date field holding the last day of the period. */
  to: string;
}

export interface ItemTypeDef {
  /** kebab-case English code, stable (URLs, API, templates). */
  code: string;
  sector: Sector;
  category: Category;
  stage: Stage;
  /** Chinese name, e.g. 中标（成交）结果公告. */
  name: string;
  description: string;
  fields: readonly FieldDef[];
  /** Code of the deadline rule in src/calendar/deadline-rules.ts. */
  deadlineRule: string;
  /** Minimum publication-period rule (公示期 ≥ N), if any. */
  minDurationRule?: string;
  /** Law and article that oblige publication. */
  legalBasis: string;
  /** Default channels (方式). */
  channels: readonly string[];
  /** 双公示 kind, counted in the annual report's table 2. */
  dualPublicity?: 'licence' | 'penalty';
  /** Periods (field pairs) checked against minimum-duration rules; `minDurationRule` is the main one. */
  periods?: readonly PeriodDef[];
  /** Rule for withdrawing a published record once its decision is changed or revoked (行政处罚法 48). */
  withdrawalRule?: string;
}
