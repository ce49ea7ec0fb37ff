// Accounts, roles and sessions. Passwords are argon2id hashes; session tokens are random, and only
// their SHA-256 is stored so a leaked database holds no usable session.
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db, Executor } from '../../db/index.ts';
import type { Role } from '../../db/schema.ts';
import { appendEvent } from '../events/service.ts';
import * as repo from './repository.ts';

export const SESSION_TTL_MS = 8 * 60 * 60 * 1000; // a working day; renewed while active
const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILED_PER_USER = 5;
export const MAX_FAILED_PER_IP = 30;

export interface Membership {
  role: Role;
  departmentId: number;
  departmentCode: string;
  departmentName: string;
}

export interface Principal {
  userId: number;
  username: string;
  displayName: string;
  memberships: Membership[];
  csrfToken: string;
  sessionId: string;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

export function sha256Hex(s: string): string {
  return crypto.createHash('sha256').update(s).digest('hex');
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export async function createUser(
  db: Executor,
  u: { username: string; displayName: string; email?: string | null; password: string; memberships: { departmentId: number; role: Role }[] },
  actorId: number | null,
): Promise<number> {
  const at = new Date().toISOString();
  const id = await repo.insertUser(db, { username: u.username, displayName: u.displayName, email: u.email ?? null, passwordHash: await hashPassword(u.password), at });
  for (const m of u.memberships) await repo.insertMembership(db, id, m.departmentId, m.role);
  await appendEvent(db, { at, actorId, entity: 'user', entityId: id, action: 'create', data: { username: u.username, memberships: u.memberships } });
  return id;
}

export type LoginResult =
  | { ok: true; token: string; principal: Principal }
  | { ok: false; reason: 'invalid' | 'rate_limited'; retryAfterSeconds?: number };

/** Rate limit: at most 5 failures per user name and 30 per IP in 15 minutes. */
export async function login(db: Db, username: string, password: string, ip: string): Promise<LoginResult> {
  const now = Date.now();
  const since = new Date(now - LOGIN_WINDOW_MS).toISOString();
  const [byUser, byIp] = await Promise.all([
    repo.countFailedAttempts(db, since, { username }),
    repo.countFailedAttempts(db, since, { ip }),
  ]);
  if (byUser >= MAX_FAILED_PER_USER || byIp >= MAX_FAILED_PER_IP) {
    return { ok: false, reason: 'rate_limited', retryAfterSeconds: Math.ceil(LOGIN_WINDOW_MS / 1000) };
  }
  const user = await repo.findUserByUsername(db, username);
  // Verify against a fixed hash for unknown users too, so timing does not reveal which names exist.
  const ok = user ? user.disabled === 0 && (await verify(user.password_hash, password)) : (await verify(DUMMY_HASH, password), false);
  const at = new Date(now).toISOString();
  await repo.insertLoginAttempt(db, { username, ip, at, success: ok });
  if (!ok || !user) return { ok: false, reason: 'invalid' };
  const token = randomToken();
  const csrf = randomToken(24);
  const sessionId = sha256Hex(token);
  await db.transaction().execute(async (trx) => {
    await repo.insertSession(trx, { id: sessionId, userId: user.id, csrf, at, expiresAt: new Date(now + SESSION_TTL_MS).toISOString() });
    await appendEvent(trx, { at, actorId: user.id, entity: 'user', entityId: user.id, action: 'login', data: { ip } });
  });
  const principal = await principalFor(db, user.id, sessionId, csrf);
  return { ok: true, token, principal: principal! };
}

const DUMMY_HASH = await hashPassword(randomToken());

async function principalFor(db: Executor, userId: number, sessionId: string, csrf: string): Promise<Principal | null> {
  const user = await repo.findUserById(db, userId);
  if (!user || user.disabled) return null;
  const ms = await repo.membershipsOf(db, userId);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    csrfToken: csrf,
    sessionId,
    memberships: ms.map((m) => ({ role: m.role, departmentId: m.department_id, departmentCode: m.department_code, departmentName: m.department_name })),
  };
}

export async function principalFromToken(db: Db, token: string): Promise<Principal | null> {
  const id = sha256Hex(token);
  const s = await repo.findSession(db, id);
  if (!s) return null;
  const now = Date.now();
  if (s.expires_at < new Date(now).toISOString()) {
    await repo.deleteSession(db, id);
    return null;
  }
  // Renew at most once a minute to avoid a write per request.
  if (now - Date.parse(s.last_seen_at) > 60_000) {
    await repo.touchSession(db, id, new Date(now).toISOString(), new Date(now + SESSION_TTL_MS).toISOString());
  }
  return principalFor(db, s.user_id, id, s.csrf_token);
}

export async function logout(db: Db, principal: Principal): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await repo.deleteSession(trx, principal.sessionId);
    await appendEvent(trx, { at: new Date().toISOString(), actorId: principal.userId, entity: 'user', entityId: principal.userId, action: 'logout' });
  });
}

// ---- permissions (pure) ----

export function hasRole(p: Principal | null | undefined, role: Role, departmentId?: number): boolean {
  if (!p) return false;
  return p.memberships.some((m) => m.role === role && (departmentId === undefined || m.departmentId === departmentId));
}

/** The district office and administrators see every department's records. */
export function isOffice(p: Principal | null | undefined): boolean {
  return hasRole(p, 'office') || hasRole(p, 'admin');
}

export function canSeeDepartment(p: Principal, departmentId: number): boolean {
  return isOffice(p) || p.memberships.some((m) => m.departmentId === departmentId);
}

export function canEdit(p: Principal, departmentId: number): boolean {
  return hasRole(p, 'editor', departmentId);
}

export function canReview(p: Principal, departmentId: number): boolean {
  return hasRole(p, 'reviewer', departmentId);
}

export function editableDepartments(p: Principal): Membership[] {
  return p.memberships.filter((m) => m.role === 'editor');
}

export function departmentIdsOf(p: Principal): number[] {
  return [...new Set(p.memberships.map((m) => m.departmentId))];
}

export const ROLE_NAMES: Record<Role, string> = { editor: '信息员', reviewer: '审核人', office: '政务公开办', admin: '系统管理员' };
