// API keys for systems that push data in (the trading platform, issue 4 §5): one per department
// and purpose, created and revoked by the district office. Only the key's SHA-256 is stored and
// the key is shown once. Each key acts through its own technical user – an editor of the
// department whose password nobody knows – so drafts and events name the key, and the people who
// review its drafts are never their “author”.
import type { Db, Executor } from '../../db/index.ts';
import { forbidden, invalid, notFound } from '../../domain/errors.ts';
import { createUser, isOffice, randomToken, sha256Hex, type Principal } from '../accounts/service.ts';
import { findDepartmentById } from '../departments/service.ts';
import { appendEvent } from '../events/service.ts';
import * as repo from './repository.ts';

export const KEY_PREFIX = 'gk_';

export interface ApiKeyPrincipal {
  keyId: number;
  departmentId: number;
  /** Acts as the key's technical user: an editor of the key's department only. */
  principal: Principal;
}

export async function createApiKey(db: Db, office: Principal, input: { departmentId: number; name: string }): Promise<{ id: number; key: string }> {
  if (!isOffice(office)) throw forbidden('只有政务公开办可以创建接口密钥');
  const name = input.name.trim();
  const errors = [];
  if (!name) errors.push({ field: 'name', message: '请填写密钥用途（如“市公共资源交易平台推送”）', code: 'required' });
  else if (name.length > 100) errors.push({ field: 'name', message: '用途不能超过100个字', code: 'too_long' });
  const dept = Number.isInteger(input.departmentId) ? await findDepartmentById(db, input.departmentId) : undefined;
  if (!dept) errors.push({ field: 'departmentId', message: '请选择单位', code: 'required' });
  if (errors.length || !dept) throw invalid(errors);
  const key = `${KEY_PREFIX}${randomToken(32)}`;
  return db.transaction().execute(async (trx) => {
    const at = new Date().toISOString();
    const userId = await createUser(trx, { username: `api-${dept.code}-${randomToken(6).toLowerCase().replace(/[^a-z0-9]/g, 'x')}`, displayName: `接口：${name}`, password: randomToken(32), memberships: [{ departmentId: dept.id, role: 'editor' }] }, office.userId);
    const id = await repo.insertKey(trx, { departmentId: dept.id, userId, name, keyHash: sha256Hex(key), keyPrefix: key.slice(0, KEY_PREFIX.length + 6), createdBy: office.userId, at });
    await appendEvent(trx, { at, actorId: office.userId, entity: 'api-key', entityId: id, action: 'create', data: { departmentId: dept.id, name, userId } });
    return { id, key };
  });
}

export async function revokeApiKey(db: Db, office: Principal, id: number): Promise<void> {
  if (!isOffice(office)) throw forbidden('只有政务公开办可以吊销接口密钥');
  await db.transaction().execute(async (trx) => {
    const at = new Date().toISOString();
    if (!(await repo.revokeKey(trx, id, at))) throw notFound('接口密钥（或已吊销）');
    await appendEvent(trx, { at, actorId: office.userId, entity: 'api-key', entityId: id, action: 'revoke' });
  });
}

export const listApiKeys = (db: Executor) => repo.listKeys(db);

/** The key's principal, or null for an unknown or revoked key (the caller answers 401). */
export async function authenticateApiKey(db: Db, raw: string): Promise<ApiKeyPrincipal | null> {
  if (!raw.startsWith(KEY_PREFIX) || raw.length > 200) return null;
  const k = await repo.findByHash(db, sha256Hex(raw));
  if (!k || k.revoked_at) return null;
  const now = new Date().toISOString();
  // One write a minute at most: last use is for the office's overview, not an audit log.
  if (!k.last_used_at || Date.parse(now) - Date.parse(k.last_used_at) > 60_000) await repo.touchKey(db, k.id, now);
  return {
    keyId: k.id,
    departmentId: k.department_id,
    principal: { userId: k.user_id, username: k.username, displayName: k.display_name, csrfToken: '', sessionId: '', memberships: [{ role: 'editor', departmentId: k.department_id, departmentCode: k.department_code, departmentName: k.department_name }] },
  };
}
