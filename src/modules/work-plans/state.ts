// PURE: the work-plan (工作方案) lifecycle, its template and its validation rules.
//
// The district plan (RULES.md §1, 保障措施): each department drafts a work plan from the template –
// (一) 工作现状和目标; (二) 主要任务和措施, per information category its content, responsible
// body, channel and time limit, plus the catalogue platform and the 黑名单; (三) 组织保障、监督和考核 –
// files it with the district office (备案) by the deadline (in 2018: 30 August) and publishes it.
import type { WorkPlanState } from '../../db/schema.ts';
import type { ErrorDetail } from '../../domain/errors.ts';
import { isIsoDate } from '../../calendar/index.ts';

export type WorkPlanAction = 'create' | 'update' | 'submit' | 'file' | 'return' | 'publish';

/** Which action is allowed from which state, and where it leads. */
export const TRANSITIONS: Record<Exclude<WorkPlanAction, 'create' | 'update'>, Partial<Record<WorkPlanState, WorkPlanState>>> = {
  submit: { draft: 'submitted', returned: 'submitted' },
  // 备案 by the district office; a returned plan goes back to the department, editable, with a reason.
  file: { submitted: 'filed' },
  return: { submitted: 'returned' },
  // The department publishes its plan once the office has filed it.
  publish: { filed: 'published' },
};

/** The department holds the plan (may edit it) only in these states. */
export const EDITABLE_STATES: readonly WorkPlanState[] = ['draft', 'returned'];

export function nextState(current: WorkPlanState, action: WorkPlanAction): WorkPlanState | null {
  if (action === 'create') return null;
  if (action === 'update') return EDITABLE_STATES.includes(current) ? current : null;
  return TRANSITIONS[action][current] ?? null;
}

/** The state is the fold of the plan's events; the `state` column caches it. */
export function deriveState(actions: readonly string[]): WorkPlanState {
  let state: WorkPlanState | null = null;
  for (const a of actions) {
    if (a === 'create') {
      if (state !== null) throw new Error('"create" twice');
      state = 'draft';
      continue;
    }
    if (state === null) throw new Error(`event "${a}" before "create"`);
    const n = nextState(state, a as WorkPlanAction);
    if (n === null) throw new Error(`event "${a}" not allowed in state "${state}"`);
    state = n;
  }
  if (state === null) throw new Error('no create event');
  return state;
}

export const STATE_NAMES: Record<WorkPlanState, string> = {
  draft: '草稿',
  submitted: '已报送待备案',
  returned: '已退回修改',
  filed: '已备案',
  published: '已公开',
};

/** Round-level status of one department: a state, or not started / missing (nothing submitted). */
export type DepartmentPlanStatus = WorkPlanState | 'not_started' | 'missing';

export const STATUS_NAMES: Record<DepartmentPlanStatus, string> = { ...STATE_NAMES, not_started: '未报送', missing: '逾期未报送' };

/** Section 二's categories: the four sectors of 国办发〔2017〕97号 plus the catalogue platform and 黑名单. */
export const TASK_CATEGORIES = [
  { key: 'housing', name: '住房保障' },
  { key: 'procurement', name: '政府采购' },
  { key: 'property', name: '国有产权交易' },
  { key: 'construction', name: '工程建设项目招标投标' },
  { key: 'catalogue', name: '目录平台' },
  { key: 'blacklist', name: '黑名单' },
] as const;
export type TaskCategory = (typeof TASK_CATEGORIES)[number]['key'];
export const TASK_CATEGORY_NAMES = Object.fromEntries(TASK_CATEGORIES.map((c) => [c.key, c.name])) as Record<TaskCategory, string>;
export const isTaskCategory = (s: string): s is TaskCategory => TASK_CATEGORIES.some((c) => c.key === s);

export const TASK_FIELDS = [
  { key: 'content', name: '公开内容' },
  { key: 'responsibleBody', name: '责任主体' },
  { key: 'channel', name: '公开方式（渠道）' },
  { key: 'timeLimit', name: '公开时限' },
] as const;
export type TaskField = (typeof TASK_FIELDS)[number]['key'];

export interface WorkPlanTask {
  category: TaskCategory;
  content: string;
  responsibleBody: string;
  channel: string;
  timeLimit: string;
}

export interface WorkPlanContent {
  statusGoals: string;
  tasks: WorkPlanTask[];
  organisation: string;
}

export const MAX_SECTION_CHARS = 20_000;
export const MAX_TASK_FIELD_CHARS = 500;
export const MAX_ROWS_PER_CATEGORY = 30;

const blankTask = (t: WorkPlanTask) => TASK_FIELDS.every((f) => !t[f.key].trim());

/** The form field name of one task cell: `task.procurement.0.content`. */
export const taskFieldName = (category: TaskCategory, index: number, field: TaskField) => `task.${category}.${index}.${field}`;

/**
 * Checks a plan. A draft may be incomplete (lengths only); a submission needs sections 一 and 三,
 * at least one task, and every task row that was started must be complete.
 */
export function validateContent(c: WorkPlanContent, forSubmission: boolean): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  for (const [field, name, value] of [['statusGoals', '（一）工作现状和目标', c.statusGoals], ['organisation', '（三）组织保障、监督和考核', c.organisation]] as const) {
    if (value.length > MAX_SECTION_CHARS) errors.push({ field, message: `${name}不能超过${MAX_SECTION_CHARS}个字`, code: 'too_long' });
    else if (forSubmission && !value.trim()) errors.push({ field, message: `请填写${name}（报送前必填）`, code: 'required' });
  }
  const perCategory = new Map<TaskCategory, number>();
  c.tasks.forEach((t) => {
    const i = perCategory.get(t.category) ?? 0;
    perCategory.set(t.category, i + 1);
    const cat = TASK_CATEGORY_NAMES[t.category];
    for (const f of TASK_FIELDS) {
      const v = t[f.key];
      if (v.length > MAX_TASK_FIELD_CHARS) errors.push({ field: taskFieldName(t.category, i, f.key), message: `${cat}第${i + 1}行：${f.name}不能超过${MAX_TASK_FIELD_CHARS}个字`, code: 'too_long' });
      else if (forSubmission && !v.trim() && !blankTask(t)) errors.push({ field: taskFieldName(t.category, i, f.key), message: `${cat}第${i + 1}行：请填写${f.name}（已填写的行须填写完整）`, code: 'required' });
    }
  });
  for (const [cat, n] of perCategory) if (n > MAX_ROWS_PER_CATEGORY) errors.push({ field: taskFieldName(cat, 0, 'content'), message: `${TASK_CATEGORY_NAMES[cat]}最多${MAX_ROWS_PER_CATEGORY}行`, code: 'too_many' });
  if (forSubmission && !c.tasks.some((t) => !blankTask(t))) {
    errors.push({ field: taskFieldName('procurement', 0, 'content'), message: '（二）主要任务和措施：请至少填写一项任务（公开内容、责任主体、公开方式和时限）', code: 'required' });
  }
  return errors;
}

/** Drops blank rows and trims every cell: what is stored. */
export function normaliseContent(c: WorkPlanContent): WorkPlanContent {
  return {
    statusGoals: c.statusGoals.trim(),
    organisation: c.organisation.trim(),
    tasks: c.tasks.filter((t) => !blankTask(t)).map((t) => ({ category: t.category, content: t.content.trim(), responsibleBody: t.responsibleBody.trim(), channel: t.channel.trim(), timeLimit: t.timeLimit.trim() })),
  };
}

export interface RoundInput {
  year: number;
  title: string;
  dueDate: string;
  note: string;
}

/** The plan's default deadline: 30 August of the round's year (RULES.md §1, the 2018 plan). */
export const defaultDueDate = (year: number) => `${year}-08-30`;

/** A new round: a sensible year, a title and a due date that is not already past. */
export function validateRound(raw: { year: string; title: string; dueDate: string; note: string }, today: string): { ok: true; value: RoundInput } | { ok: false; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const year = Number(raw.year.trim());
  if (!/^\d{4}$/.test(raw.year.trim()) || year < 2018 || year > 2100) errors.push({ field: 'year', message: '请填写年度（四位数字，如 2026）', code: 'invalid' });
  const title = raw.title.trim();
  if (!title) errors.push({ field: 'title', message: '请填写本轮工作方案的名称', code: 'required' });
  else if (title.length > 100) errors.push({ field: 'title', message: '名称不能超过100个字', code: 'too_long' });
  const dueDate = raw.dueDate.trim();
  if (!isIsoDate(dueDate)) errors.push({ field: 'dueDate', message: '报送截止日期格式应为 YYYY-MM-DD', code: 'invalid' });
  else if (dueDate < today) errors.push({ field: 'dueDate', message: `报送截止日期不能早于今天（${today}）`, code: 'in_past' });
  const note = raw.note.trim();
  if (note.length > 2000) errors.push({ field: 'note', message: '说明不能超过2000个字', code: 'too_long' });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { year, title, dueDate, note } };
}

/** China date (UTC+8) of an ISO timestamp. */
export const chinaDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

/** Late = first submitted on a day after the due date (Beijing time). A resubmission after a return does not make a plan late. */
export const isLate = (firstSubmittedAt: string, dueDate: string) => chinaDate(firstSubmittedAt) > dueDate;

/** A department's status in a round from its plan (or none) and today's date. */
export function departmentStatus(plan: { state: WorkPlanState; first_submitted_at: string | null } | undefined, dueDate: string, today: string): DepartmentPlanStatus {
  if (plan?.first_submitted_at) return plan.state;
  if (today > dueDate) return 'missing';
  return plan ? plan.state : 'not_started';
}
