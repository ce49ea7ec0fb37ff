import type { Executor } from '../../db/index.ts';

export function listEntries(db: Executor, departmentId: number) {
  return db
    .selectFrom('catalogue_entries as c')
    .innerJoin('item_types as t', 't.id', 'c.item_type_id')
    .selectAll('c')
    .select(['t.code as item_type_code', 't.name as item_type_name', 't.sector', 't.category', 't.deadline_rule', 't.legal_basis'])
    .where('c.department_id', '=', departmentId)
    .orderBy('t.sort')
    .execute();
}

export function findEntry(db: Executor, departmentId: number, itemTypeId: number) {
  return db.selectFrom('catalogue_entries').selectAll().where('department_id', '=', departmentId).where('item_type_id', '=', itemTypeId).executeTakeFirst();
}

export interface EntryValues {
  content: string;
  time_limit: string;
  channel: string;
  responsible_body: string;
  supervision_channel: string;
}

export async function upsertEntry(db: Executor, departmentId: number, itemTypeId: number, v: EntryValues, at: string): Promise<number> {
  const existing = await findEntry(db, departmentId, itemTypeId);
  if (existing) {
    await db.updateTable('catalogue_entries').set({ ...v, updated_at: at }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const row = await db
    .insertInto('catalogue_entries')
    .values({ department_id: departmentId, item_type_id: itemTypeId, ...v, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
