// A project gathers the disclosures of every department and stage of one allocation process
// (谁批准谁公开, 谁实施谁公开: one lifecycle, several publishers). Its ocid is stable for OCDS.
import type { Executor } from '../../db/index.ts';
import { invalid, notFound, type ErrorDetail } from '../../domain/errors.ts';
import { isValidInvestmentCode } from '../../domain/identifiers.ts';
import { appendEvent } from '../events/service.ts';
import { STAGES, type Stage } from '../item-types/types.ts';
import * as repo from './repository.ts';

export const PROJECT_CODE_RE = /^[A-Za-z0-9][A-Za-z0-9\-_.]{0,63}$/;

export function ocidFor(prefix: string, code: string): string {
  return `${prefix}-${code}`;
}

export async function createProject(
  db: Executor,
  input: { code: string; title: string; sector: string; departmentId: number; investmentCode?: string | null },
  ocidPrefix: string,
  actorId: number | null,
): Promise<number> {
  const errors: ErrorDetail[] = [];
  const code = input.code.trim();
  if (!PROJECT_CODE_RE.test(code)) errors.push({ field: 'code', message: '项目编号只能包含字母、数字、连字符，最长64位', code: 'bad_code' });
  if (!input.title.trim()) errors.push({ field: 'title', message: '请填写项目名称', code: 'required' });
  const inv = input.investmentCode?.trim() || null;
  if (inv && !isValidInvestmentCode(inv)) errors.push({ field: 'investmentCode', message: '投资项目代码格式不正确', code: 'invalid_investment_code' });
  if (!errors.length && (await repo.findProjectByOcid(db, ocidFor(ocidPrefix, code)))) errors.push({ field: 'code', message: '该项目编号已存在', code: 'duplicate' });
  if (errors.length) throw invalid(errors);
  const at = new Date().toISOString();
  const id = await repo.insertProject(db, { code, ocid: ocidFor(ocidPrefix, code), title: input.title.trim(), sector: input.sector, departmentId: input.departmentId, investmentCode: inv, at });
  await appendEvent(db, { at, actorId, entity: 'project', entityId: id, action: 'create', data: { code, sector: input.sector } });
  return id;
}

export async function getProject(db: Executor, id: number) {
  const p = await repo.findProject(db, id);
  if (!p) throw notFound('项目');
  return p;
}

export const listProjects = repo.listProjects;

/** Timeline ordered by lifecycle stage, then publication time. */
export async function projectTimeline(db: Executor, id: number) {
  const steps = await repo.projectSteps(db, id);
  const order = (s: string) => {
    const i = STAGES.indexOf(s as Stage);
    return i < 0 ? STAGES.length : i;
  };
  return steps.sort((a, b) => order(a.stage) - order(b.stage) || String(a.first_published_at).localeCompare(String(b.first_published_at)));
}
