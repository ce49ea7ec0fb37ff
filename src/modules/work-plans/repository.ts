// All SQL of the work-plans module.
import type { Executor } from '../../db/index.ts';
import type { WorkPlanRoundTable, WorkPlanTable } from '../../db/schema.ts';

export type RoundRow = Omit<WorkPlanRoundTable, 'id'> & { id: number };
export type PlanRow = Omit<WorkPlanTable, 'id'> & { id: number };
export type PlanWithNames = PlanRow & { department_name: string; department_code: string; round_title: string; round_year: number; due_date: string };

export async function insertRound(db: Executor, r: Omit<WorkPlanRoundTable, 'id'>): Promise<number> {
  const row = await db.insertInto('work_plan_rounds').values(r).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateRound(db: Executor, id: number, set: Partial<Pick<WorkPlanRoundTable, 'due_date' | 'title' | 'note' | 'updated_at'>>) {
  await db.updateTable('work_plan_rounds').set(set).where('id', '=', id).execute();
}

export function findRound(db: Executor, id: number): Promise<RoundRow | undefined> {
  return db.selectFrom('work_plan_rounds').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listRounds(db: Executor): Promise<RoundRow[]> {
  return db.selectFrom('work_plan_rounds').selectAll().orderBy('year', 'desc').orderBy('id', 'desc').execute();
}

export async function insertPlan(db: Executor, p: Omit<WorkPlanTable, 'id'>): Promise<number> {
  const row = await db.insertInto('work_plans').values(p).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePlan(db: Executor, id: number, set: Partial<Omit<WorkPlanTable, 'id' | 'round_id' | 'department_id'>>) {
  await db.updateTable('work_plans').set(set).where('id', '=', id).execute();
}

const planQuery = (db: Executor) =>
  db
    .selectFrom('work_plans')
    .innerJoin('departments', 'departments.id', 'work_plans.department_id')
    .innerJoin('work_plan_rounds', 'work_plan_rounds.id', 'work_plans.round_id')
    .selectAll('work_plans')
    .select(['departments.name as department_name', 'departments.code as department_code', 'work_plan_rounds.title as round_title', 'work_plan_rounds.year as round_year', 'work_plan_rounds.due_date as due_date']);

export function findPlan(db: Executor, roundId: number, departmentId: number): Promise<PlanWithNames | undefined> {
  return planQuery(db).where('work_plans.round_id', '=', roundId).where('work_plans.department_id', '=', departmentId).executeTakeFirst();
}

export function findPlanById(db: Executor, id: number): Promise<PlanWithNames | undefined> {
  return planQuery(db).where('work_plans.id', '=', id).executeTakeFirst();
}

export function plansOfRound(db: Executor, roundId: number): Promise<PlanWithNames[]> {
  return planQuery(db).where('work_plans.round_id', '=', roundId).execute();
}

export function publishedPlans(db: Executor, o: { departmentId?: number; year?: number; limit: number }): Promise<PlanWithNames[]> {
  let q = planQuery(db).where('work_plans.state', '=', 'published');
  if (o.departmentId !== undefined) q = q.where('work_plans.department_id', '=', o.departmentId);
  if (o.year !== undefined) q = q.where('work_plan_rounds.year', '=', o.year);
  return q.orderBy('work_plan_rounds.year', 'desc').orderBy('work_plans.id', 'desc').limit(o.limit).execute();
}

/** Departments that owe a plan: every unit except the office itself. */
export function planDepartments(db: Executor) {
  return db.selectFrom('departments').select(['id', 'code', 'name', 'short_name']).where('kind', '!=', 'office').orderBy('sort').orderBy('id').execute();
}
