import type { Executor } from '../../db/index.ts';
import type { Role } from '../../db/schema.ts';

export async function findUserByUsername(db: Executor, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: Executor, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Executor, u: { username: string; displayName: string; email: string | null; passwordHash: string; at: string }) {
  const row = await db
    .insertInto('users')
    .values({ username: u.username, display_name: u.displayName, email: u.email, password_hash: u.passwordHash, disabled: 0, created_at: u.at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertMembership(db: Executor, userId: number, departmentId: number, role: Role) {
  await db.insertInto('memberships').values({ user_id: userId, department_id: departmentId, role }).execute();
}

export async function membershipsOf(db: Executor, userId: number) {
  return db
    .selectFrom('memberships')
    .innerJoin('departments', 'departments.id', 'memberships.department_id')
    .select(['memberships.role', 'departments.id as department_id', 'departments.code as department_code', 'departments.short_name as department_name'])
    .where('memberships.user_id', '=', userId)
    .orderBy('departments.sort')
    .execute();
}

export async function insertSession(db: Executor, s: { id: string; userId: number; csrf: string; at: string; expiresAt: string }) {
  await db
    .insertInto('sessions')
    .values({ id: s.id, user_id: s.userId, csrf_token: s.csrf, created_at: s.at, expires_at: s.expiresAt, last_seen_at: s.at })
    .execute();
}

export async function findSession(db: Executor, id: string) {
  return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchSession(db: Executor, id: string, at: string, expiresAt: string) {
  await db.updateTable('sessions').set({ last_seen_at: at, expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Executor, id: string) {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteExpiredSessions(db: Executor, now: string) {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}

export async function insertLoginAttempt(db: Executor, a: { username: string; ip: string; at: string; success: boolean }) {
  await db.insertInto('login_attempts').values({ username: a.username, ip: a.ip, at: a.at, success: a.success ? 1 : 0 }).execute();
}

export async function countFailedAttempts(db: Executor, since: string, by: { username?: string; ip?: string }) {
  let q = db.selectFrom('login_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('at', '>=', since).where('success', '=', 0);
  if (by.username !== undefined) q = q.where('username', '=', by.username);
  if (by.ip !== undefined) q = q.where('ip', '=', by.ip);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listUsersWithMemberships(db: Executor) {
  return db
    .selectFrom('users')
    .leftJoin('memberships', 'memberships.user_id', 'users.id')
    .leftJoin('departments', 'departments.id', 'memberships.department_id')
    .select(['users.id', 'users.username', 'users.display_name', 'memberships.role', 'departments.short_name as department_name'])
    .orderBy('users.id')
    .execute();
}
