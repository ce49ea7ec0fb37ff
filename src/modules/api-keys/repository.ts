import type { Executor } from '../../db/index.ts';

export async function insertKey(db: Executor, k: { departmentId: number; userId: number; name: string; keyHash: string; keyPrefix: string; createdBy: number; at: string }) {
  const r = await db
    .insertInto('api_keys')
    .values({ department_id: k.departmentId, user_id: k.userId, name: k.name, key_hash: k.keyHash, key_prefix: k.keyPrefix, created_by: k.createdBy, created_at: k.at, revoked_at: null, last_used_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export function findByHash(db: Executor, keyHash: string) {
  return db
    .selectFrom('api_keys as k')
    .innerJoin('departments as d', 'd.id', 'k.department_id')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .select(['k.id', 'k.department_id', 'k.user_id', 'k.name', 'k.revoked_at', 'k.last_used_at', 'd.code as department_code', 'd.short_name as department_name', 'u.username', 'u.display_name'])
    .where('k.key_hash', '=', keyHash)
    .executeTakeFirst();
}

export function listKeys(db: Executor) {
  return db
    .selectFrom('api_keys as k')
    .innerJoin('departments as d', 'd.id', 'k.department_id')
    .innerJoin('users as u', 'u.id', 'k.created_by')
    .select(['k.id', 'k.name', 'k.key_prefix', 'k.created_at', 'k.revoked_at', 'k.last_used_at', 'd.short_name as department_name', 'u.display_name as created_by_name'])
    .orderBy('k.id', 'desc')
    .execute();
}

export async function revokeKey(db: Executor, id: number, at: string): Promise<boolean> {
  const r = await db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function touchKey(db: Executor, id: number, at: string) {
  await db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
}
