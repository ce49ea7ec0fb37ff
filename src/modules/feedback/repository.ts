// All SQL of the feedback module.
import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/index.ts';
import type { FeedbackTable } from '../../db/schema.ts';

export async function insertFeedback(db: Executor, v: Insertable<FeedbackTable>): Promise<number> {
  const r = await db.insertInto('feedback').values(v).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateFeedback(db: Executor, id: number, v: Updateable<FeedbackTable>): Promise<void> {
  await db.updateTable('feedback').set(v).where('id', '=', id).execute();
}

export function findFeedback(db: Executor, id: number) {
  return db
    .selectFrom('feedback as f')
    .innerJoin('departments as d', 'd.id', 'f.department_id')
    .leftJoin('users as u', 'u.id', 'f.answered_by')
    .selectAll('f')
    .select(['d.name as department_name', 'u.display_name as answered_by_name'])
    .where('f.id', '=', id)
    .executeTakeFirst();
}

export async function countByIpSince(db: Executor, ipHash: string, since: string): Promise<number> {
  const r = await db.selectFrom('feedback').select((eb) => eb.fn.countAll<number>().as('n')).where('ip_hash', '=', ipHash).where('submitted_at', '>=', since).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Answered, public messages about one disclosure or project, oldest first. */
export function listPublic(db: Executor, kind: 'disclosure' | 'project', targetId: number) {
  return db
    .selectFrom('feedback as f')
    .innerJoin('departments as d', 'd.id', 'f.department_id')
    .select(['f.id', 'f.message', 'f.answer', 'f.submitted_date', 'f.answered_date', 'd.name as department_name'])
    .where('f.target_kind', '=', kind)
    .where('f.target_id', '=', targetId)
    .where('f.state', '=', 'answered')
    .where('f.public_requested', '=', 1)
    .where('f.staff_private', '=', 0)
    .orderBy('f.id')
    .limit(200)
    .execute();
}

/** Staff list: the departments' messages (undefined = all), unanswered first then newest. */
export function listForStaff(db: Executor, departmentIds: number[] | undefined, o: { state?: 'pending' | 'answered'; limit?: number } = {}) {
  let q = db
    .selectFrom('feedback as f')
    .innerJoin('departments as d', 'd.id', 'f.department_id')
    .select(['f.id', 'f.target_kind', 'f.target_id', 'f.department_id', 'd.short_name as department_name', 'f.message', 'f.state', 'f.submitted_date', 'f.due_date', 'f.answered_date', 'f.public_requested', 'f.staff_private', 'f.wants_reply'])
    .orderBy('f.state', 'desc')
    .orderBy('f.submitted_date', 'desc')
    .orderBy('f.id', 'desc')
    .limit(o.limit ?? 500);
  if (departmentIds) q = q.where('f.department_id', 'in', departmentIds.length ? departmentIds : [-1]);
  if (o.state) q = q.where('f.state', '=', o.state);
  return q.execute();
}

/** Seed only: a few published disclosures and projects to hang demo messages on. */
export async function seedTargets(db: Executor) {
  const disclosures = await db.selectFrom('disclosures').select(['id', 'department_id']).where('state', '=', 'published').orderBy('first_published_at', 'desc').orderBy('id').limit(6).execute();
  const projects = await db.selectFrom('projects').select(['id', 'department_id']).orderBy('id').limit(1).execute();
  return { disclosures, projects };
}
