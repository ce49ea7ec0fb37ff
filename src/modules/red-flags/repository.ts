// All SQL of the red-flags module: the office's thresholds (red_flag_settings).
import type { Executor } from '../../db/index.ts';

export function listSettings(db: Executor) {
  return db
    .selectFrom('red_flag_settings as s')
    .leftJoin('users as u', 'u.id', 's.updated_by')
    .select(['s.id', 's.code', 's.params', 's.updated_at', 's.updated_by', 'u.display_name as updated_by_name'])
    .orderBy('s.code')
    .execute();
}

export function findSetting(db: Executor, code: string) {
  return db.selectFrom('red_flag_settings').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertSetting(db: Executor, s: { code: string; params: string; at: string; by: number | null }): Promise<number> {
  const row = await db.insertInto('red_flag_settings').values({ code: s.code, params: s.params, updated_at: s.at, updated_by: s.by }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSetting(db: Executor, id: number, s: { params: string; at: string; by: number | null }): Promise<void> {
  await db.updateTable('red_flag_settings').set({ params: s.params, updated_at: s.at, updated_by: s.by }).where('id', '=', id).execute();
}
