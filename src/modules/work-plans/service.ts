// Work plans (工作方案), issue 8 item 4: the office opens a round with a due date, each department
// fills its plan from the template, submits it, the office files (备案) or returns it, and the
// department publishes it. Every change is an event (entity 'work_plan_round' / 'work_plan') in the
// same transaction; the plan's `state` column caches the fold of its events (state.ts).
//
// Functions for other modules (assessment, dashboards) – all read-only:
//   workPlanStatus(db, roundId, today?) → DepartmentPlanRow[]: per department that owes a plan
//       { departmentId, departmentCode, departmentName, planId, status, submittedAt, late, missing },
//       where status is a plan state or 'not_started' / 'missing' (nothing submitted and the due
//       date has passed), submittedAt the first submission (ISO timestamp) and late = first
//       submitted after the due date (Beijing date).
//   roundCounts(rows) → { departments, filed, published, submitted, returned, draft, notStarted, late, missing }
//   latestRound(db) → the newest round or undefined.
//   listRoundsOf(db) / findRoundById(db, id) / publishedPlansOf(db, {departmentId?, year?, limit}).
import type { Db, Executor } from '../../db/index.ts';
import type { WorkPlanState } from '../../db/schema.ts';
import { conflict, forbidden, invalid, notFound, type ErrorDetail } from '../../domain/errors.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { canEdit, canReview, isOffice, type Principal } from '../accounts/service.ts';
import { todayInChina } from '../disclosures/service.ts';
import { appendEvent, historyOf } from '../events/service.ts';
import * as repo from './repository.ts';
import { departmentStatus, isLate, nextState, normaliseContent, validateContent, validateRound, type DepartmentPlanStatus, type WorkPlanAction, type WorkPlanContent, type WorkPlanTask } from './state.ts';

export type { PlanWithNames, RoundRow } from './repository.ts';

export const findRoundById = repo.findRound;
export const listRoundsOf = repo.listRounds;
export const publishedPlansOf = repo.publishedPlans;
export const findPlanById = repo.findPlanById;

export async function latestRound(db: Executor) {
  return (await repo.listRounds(db))[0];
}

export function planContent(p: { status_goals: string; tasks: string; organisation: string }): WorkPlanContent {
  return { statusGoals: p.status_goals, organisation: p.organisation, tasks: JSON.parse(p.tasks) as WorkPlanTask[] };
}

/** Department staff (信息员 or 审核人 of the department) hold the plan. */
export function canWritePlan(p: Principal, departmentId: number): boolean {
  return canEdit(p, departmentId) || canReview(p, departmentId);
}

export async function openRound(db: Db, p: Principal, raw: { year: string; title: string; dueDate: string; note: string }, now = new Date()): Promise<number> {
  if (!isOffice(p)) throw forbidden('只有政务公开办可以开启工作方案报送');
  const v = validateRound(raw, todayInChina(now));
  if (!v.ok) throw invalid(v.errors);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertRound(trx, { year: v.value.year, title: v.value.title, due_date: v.value.dueDate, note: v.value.note, created_by: p.userId, created_at: at, updated_at: at });
    await appendEvent(trx, { at, actorId: p.userId, entity: 'work_plan_round', entityId: id, action: 'create', data: v.value });
    return id;
  });
}

/** The office may move the due date (the plan's date is a default); lateness is recomputed. */
export async function changeDueDate(db: Db, p: Principal, roundId: number, dueDate: string, reason: string): Promise<void> {
  if (!isOffice(p)) throw forbidden('只有政务公开办可以调整报送截止日期');
  const round = await repo.findRound(db, roundId);
  if (!round) throw notFound('工作方案报送轮次');
  const errors: ErrorDetail[] = [];
  if (!isIsoDate(dueDate.trim())) errors.push({ field: 'dueDate', message: '报送截止日期格式应为 YYYY-MM-DD', code: 'invalid' });
  if (!reason.trim()) errors.push({ field: 'reason', message: '请说明调整截止日期的原因', code: 'required' });
  else if (reason.length > 1000) errors.push({ field: 'reason', message: '原因不能超过1000个字', code: 'too_long' });
  if (errors.length) throw invalid(errors);
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await repo.updateRound(trx, roundId, { due_date: dueDate.trim(), updated_at: at });
    for (const plan of await repo.plansOfRound(trx, roundId)) {
      const late = plan.first_submitted_at && isLate(plan.first_submitted_at, dueDate.trim()) ? 1 : 0;
      if (late !== plan.late) await repo.updatePlan(trx, plan.id, { late });
    }
    await appendEvent(trx, { at, actorId: p.userId, entity: 'work_plan_round', entityId: roundId, action: 'change-due-date', reason: reason.trim(), data: { from: round.due_date, to: dueDate.trim() } });
  });
}

export function getPlan(db: Executor, roundId: number, departmentId: number) {
  return repo.findPlan(db, roundId, departmentId);
}

/**
 * Saves the department's plan (creating it on first save) and, with `submit`, submits it. A draft
 * may be incomplete; a submission must pass validateContent(…, true). Nothing is stored on error.
 */
export async function savePlan(db: Db, p: Principal, roundId: number, departmentId: number, content: WorkPlanContent, o: { submit: boolean; now?: Date }): Promise<number> {
  if (!canWritePlan(p, departmentId)) throw forbidden('只能填写本单位的工作方案');
  const round = await repo.findRound(db, roundId);
  if (!round) throw notFound('工作方案报送轮次');
  const errors = validateContent(content, o.submit);
  if (errors.length) throw invalid(errors);
  const c = normaliseContent(content);
  const now = o.now ?? new Date();
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    let plan = await repo.findPlan(trx, roundId, departmentId);
    let id: number;
    if (!plan) {
      id = await repo.insertPlan(trx, { round_id: roundId, department_id: departmentId, state: 'draft', status_goals: c.statusGoals, tasks: JSON.stringify(c.tasks), organisation: c.organisation, first_submitted_at: null, submitted_at: null, late: 0, returned_reason: null, filed_at: null, filed_by: null, published_at: null, created_by: p.userId, created_at: at, updated_at: at });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'work_plan', entityId: id, action: 'create', data: { roundId, departmentId } });
      plan = (await repo.findPlan(trx, roundId, departmentId))!;
    } else {
      id = plan.id;
      if (nextState(plan.state, 'update') === null) throw conflict(`工作方案${plan.state === 'published' ? '已公开' : plan.state === 'filed' ? '已备案' : '已报送'}，不能再修改`);
      await repo.updatePlan(trx, id, { status_goals: c.statusGoals, tasks: JSON.stringify(c.tasks), organisation: c.organisation, updated_at: at });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'work_plan', entityId: id, action: 'update', data: { tasks: c.tasks.length } });
    }
    if (o.submit) {
      const to = nextState(plan.state, 'submit')!;
      const first = plan.first_submitted_at ?? at;
      const late = isLate(first, round.due_date);
      await repo.updatePlan(trx, id, { state: to, submitted_at: at, first_submitted_at: first, late: late ? 1 : 0, updated_at: at });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'work_plan', entityId: id, action: 'submit', data: { late, dueDate: round.due_date } });
    }
    return id;
  });
}

async function transition(db: Db, p: Principal, planId: number, action: Exclude<WorkPlanAction, 'create' | 'update' | 'submit'>, reason: string | null, set: (at: string) => Parameters<typeof repo.updatePlan>[2]): Promise<void> {
  const plan = await repo.findPlanById(db, planId);
  if (!plan) throw notFound('工作方案');
  const to = nextState(plan.state, action);
  if (to === null) throw conflict(`当前状态（${plan.state}）不能执行该操作`);
  const at = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await repo.updatePlan(trx, planId, { ...set(at), state: to, updated_at: at });
    await appendEvent(trx, { at, actorId: p.userId, entity: 'work_plan', entityId: planId, action, reason, data: { from: plan.state, to } });
  });
}

/** No self-approval: an office user who wrote or submitted this plan may not file or return it. */
async function requireIndependentOffice(db: Executor, p: Principal, planId: number): Promise<void> {
  if (!isOffice(p)) throw forbidden('只有政务公开办可以备案或退回工作方案');
  const history = await historyOf(db, 'work_plan', planId);
  if (history.some((e) => e.actor_id === p.userId && ['create', 'update', 'submit'].includes(e.action))) {
    throw forbidden('您参与了该工作方案的编写或报送，不能自行备案或退回（请由政务公开办其他人员办理）');
  }
}

export async function filePlan(db: Db, p: Principal, planId: number): Promise<void> {
  const plan = await repo.findPlanById(db, planId);
  if (!plan) throw notFound('工作方案');
  await requireIndependentOffice(db, p, planId);
  await transition(db, p, planId, 'file', null, (at) => ({ filed_at: at, filed_by: p.userId, returned_reason: null }));
}

export async function returnPlan(db: Db, p: Principal, planId: number, reason: string): Promise<void> {
  const plan = await repo.findPlanById(db, planId);
  if (!plan) throw notFound('工作方案');
  await requireIndependentOffice(db, p, planId);
  const r = reason.trim();
  if (!r) throw invalid([{ field: 'reason', message: '请填写退回原因（告知单位需要修改的内容）', code: 'required' }]);
  if (r.length > 2000) throw invalid([{ field: 'reason', message: '退回原因不能超过2000个字', code: 'too_long' }]);
  await transition(db, p, planId, 'return', r, () => ({ returned_reason: r }));
}

/** 谁制作谁公开: the department publishes its filed plan (the office may do it for them). */
export async function publishPlan(db: Db, p: Principal, planId: number): Promise<void> {
  const plan = await repo.findPlanById(db, planId);
  if (!plan) throw notFound('工作方案');
  if (!canWritePlan(p, plan.department_id) && !isOffice(p)) throw forbidden('只能公开本单位的工作方案');
  await transition(db, p, planId, 'publish', null, (at) => ({ published_at: at }));
}

export function planHistory(db: Executor, planId: number) {
  return historyOf(db, 'work_plan', planId);
}

export interface DepartmentPlanRow {
  departmentId: number;
  departmentCode: string;
  departmentName: string;
  planId: number | null;
  state: WorkPlanState | null;
  status: DepartmentPlanStatus;
  submittedAt: string | null;
  late: boolean;
  missing: boolean;
  returnedReason: string | null;
}

/** Every department's status in a round (for the office page, the dashboard and the assessment). */
export async function workPlanStatus(db: Executor, roundId: number, today = todayInChina()): Promise<DepartmentPlanRow[]> {
  const round = await repo.findRound(db, roundId);
  if (!round) throw notFound('工作方案报送轮次');
  const [depts, plans] = await Promise.all([repo.planDepartments(db), repo.plansOfRound(db, roundId)]);
  const byDept = new Map(plans.map((pl) => [pl.department_id, pl]));
  return depts.map((d) => {
    const pl = byDept.get(d.id);
    const status = departmentStatus(pl, round.due_date, today);
    return {
      departmentId: d.id,
      departmentCode: d.code,
      departmentName: d.name,
      planId: pl?.id ?? null,
      state: pl?.state ?? null,
      status,
      submittedAt: pl?.first_submitted_at ?? null,
      late: !!pl?.late,
      missing: status === 'missing',
      returnedReason: pl?.state === 'returned' ? pl.returned_reason : null,
    };
  });
}

export function roundCounts(rows: readonly DepartmentPlanRow[]) {
  const n = (f: (r: DepartmentPlanRow) => boolean) => rows.filter(f).length;
  return {
    departments: rows.length,
    filed: n((r) => r.state === 'filed' || r.state === 'published'),
    published: n((r) => r.state === 'published'),
    submitted: n((r) => r.state === 'submitted'),
    returned: n((r) => r.state === 'returned'),
    draft: n((r) => r.state === 'draft' && !r.missing),
    notStarted: n((r) => r.status === 'not_started'),
    late: n((r) => r.late),
    missing: n((r) => r.missing),
  };
}
