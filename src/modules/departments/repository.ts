import type { Executor } from '../../db/index.ts';

export function listDepartments(db: Executor) {
  return db.selectFrom('departments').selectAll().orderBy('sort').orderBy('id').execute();
}

export function findDepartmentByCode(db: Executor, code: string) {
  return db.selectFrom('departments').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findDepartmentById(db: Executor, id: number) {
  return db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertDepartment(
  db: Executor,
  d: { code: string; name: string; shortName: string; kind: 'bureau' | 'town' | 'office'; creditCode: string | null; address: string | null; phone: string | null; guide: string; sort: number; at: string },
) {
  const row = await db
    .insertInto('departments')
    .values({ code: d.code, name: d.name, short_name: d.shortName, kind: d.kind, credit_code: d.creditCode, parent_id: null, address: d.address, phone: d.phone, guide: d.guide, sort: d.sort, created_at: d.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateGuide(db: Executor, id: number, guide: string) {
  await db.updateTable('departments').set({ guide }).where('id', '=', id).execute();
}
