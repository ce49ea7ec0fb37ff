import type { Executor } from '../../db/index.ts';

export async function insertProject(db: Executor, p: { code: string; ocid: string; title: string; sector: string; departmentId: number; investmentCode: string | null; at: string }) {
  const row = await db
    .insertInto('projects')
    .values({ code: p.code, ocid: p.ocid, title: p.title, sector: p.sector, department_id: p.departmentId, investment_code: p.investmentCode, created_at: p.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findProject(db: Executor, id: number) {
  return db
    .selectFrom('projects as p')
    .innerJoin('departments as dep', 'dep.id', 'p.department_id')
    .selectAll('p')
    .select(['dep.short_name as department_name', 'dep.code as department_code'])
    .where('p.id', '=', id)
    .executeTakeFirst();
}

export function findProjectByOcid(db: Executor, ocid: string) {
  return db.selectFrom('projects').selectAll().where('ocid', '=', ocid).executeTakeFirst();
}

export function listProjects(db: Executor, f: { sector?: string; departmentIds?: number[]; limit?: number; offset?: number }) {
  let q = db.selectFrom('projects as p').innerJoin('departments as dep', 'dep.id', 'p.department_id').selectAll('p').select('dep.short_name as department_name');
  if (f.sector) q = q.where('p.sector', '=', f.sector);
  if (f.departmentIds) q = q.where('p.department_id', 'in', f.departmentIds.length ? f.departmentIds : [-1]);
  return q.orderBy('p.id', 'desc').limit(f.limit ?? 500).offset(f.offset ?? 0).execute();
}

/** The public steps of a project: each published disclosure's current version. */
export function projectSteps(db: Executor, projectId: number) {
  return db
    .selectFrom('disclosures as d')
    .innerJoin('disclosure_versions as v', (j) => j.onRef('v.disclosure_id', '=', 'd.id').onRef('v.version', '=', 'd.version'))
    .innerJoin('item_types as t', 't.id', 'd.item_type_id')
    .innerJoin('departments as dep', 'dep.id', 'd.department_id')
    .select(['d.id', 'd.state', 'd.version', 'd.first_published_at', 'd.due_date', 'd.due_rule', 'v.title', 'v.formed_date', 'v.published_at', 't.stage', 't.name as item_type_name', 't.sector', 'dep.short_name as department_name', 'dep.code as department_code'])
    .where('d.project_id', '=', projectId)
    .where('d.version', '>', 0)
    .orderBy('d.first_published_at')
    .execute();
}

export function findProjectsByCodes(db: Executor, codes: string[]) {
  if (!codes.length) return Promise.resolve([]);
  return db.selectFrom('projects').select(['id', 'code', 'ocid', 'sector', 'title']).where((eb) => eb.or([eb('code', 'in', codes), eb('ocid', 'in', codes)])).execute();
}

export function findProjectsByIds(db: Executor, ids: number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('projects').select(['id', 'code', 'ocid', 'sector', 'title']).where('id', 'in', ids).execute();
}

/** Projects of the given sectors, oldest first, keyset-paged by id (bulk exports). */
export function projectsAfter(db: Executor, sectors: string[], afterId: number, limit: number) {
  return db.selectFrom('projects').selectAll().where('sector', 'in', sectors).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}
