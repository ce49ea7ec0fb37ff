import type { Executor } from '../../db/index.ts';
import { appendEvent } from '../events/service.ts';
import * as repo from './repository.ts';

export const DEPARTMENT_KIND_NAMES = { bureau: '区直部门', town: '镇（街道）', office: '政务公开办' } as const;

export const listDepartments = repo.listDepartments;
export const findDepartmentByCode = repo.findDepartmentByCode;
export const findDepartmentById = repo.findDepartmentById;

export async function createDepartment(db: Executor, d: Parameters<typeof repo.insertDepartment>[1], actorId: number | null) {
  const id = await repo.insertDepartment(db, d);
  await appendEvent(db, { at: d.at, actorId, entity: 'department', entityId: id, action: 'create', data: { code: d.code, name: d.name } });
  return id;
}

export async function updateGuide(db: Executor, id: number, guide: string, actorId: number) {
  await repo.updateGuide(db, id, guide);
  await appendEvent(db, { at: new Date().toISOString(), actorId, entity: 'department', entityId: id, action: 'update-guide' });
}
