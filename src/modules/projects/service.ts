// A project gathers the disclosures of every department and stage of one allocation process
// (谁批准谁公开, 谁实施谁公开: one lifecycle, several publishers). Its ocid is stable for OCDS.
import type { Executor } from '../../db/index.ts';
import { invalid, notFound, type ErrorDetail } from '../../domain/errors.ts';
import { isValidInvestmentCode } from '../../domain/identifiers.ts';
import { appendEvent } from '../events/service.ts';
import { STAGE_NAMES, STAGES, type Stage } from '../item-types/types.ts';
import { timelinessOf, type Timeliness } from '../timeliness/due.ts';
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

export const findProjectsByCodes = repo.findProjectsByCodes;
export const findProjectsByIds = repo.findProjectsByIds;
export const findProjectByOcid = repo.findProjectByOcid;
export const projectsAfter = repo.projectsAfter;

/**
 * A project known by another publisher's ocid (OCDS ingestion): found by ocid, or registered with
 * that ocid kept as is – it is the process's identity across systems (OCDS 1.1 “ocid”).
 */
export async function ensureProjectByOcid(
  db: Executor,
  input: { ocid: string; title: string; sector: string; departmentId: number },
  actorId: number | null,
): Promise<{ id: number; created: boolean; sector: string }> {
  const found = await repo.findProjectByOcid(db, input.ocid);
  if (found) return { id: found.id, created: false, sector: found.sector };
  const code = input.ocid.replace(/[^A-Za-z0-9\-_.]/g, '-').slice(0, 64);
  const at = new Date().toISOString();
  const id = await repo.insertProject(db, { code, ocid: input.ocid, title: input.title.trim().slice(0, 200) || input.ocid, sector: input.sector, departmentId: input.departmentId, investmentCode: null, at });
  await appendEvent(db, { at, actorId, entity: 'project', entityId: id, action: 'create', data: { code, sector: input.sector, ocid: input.ocid, source: 'ocds' } });
  return { id, created: true, sector: input.sector };
}

/** The lifecycle of issue 4 §2, in order; policy, sanction and other stand outside it. */
export const LIFECYCLE: readonly Stage[] = ['approval', 'plan', 'tender', 'candidates', 'evaluation', 'award', 'contract', 'performance'];

type Step = Awaited<ReturnType<typeof repo.projectSteps>>[number];
export interface TimelineStep extends Step {
  clock: Timeliness;
}
export interface TimelineStage {
  stage: Stage;
  name: string;
  /** Empty: the stage is part of this sector's lifecycle but nothing is public yet (尚未公开). */
  steps: TimelineStep[];
}

/**
 * Pure: groups published steps by stage in lifecycle order, with each step's clock (due date and
 * on time or late, on the official calendar), and lists the stages of the sector's lifecycle not
 * reached yet. `stagesOfSector` are the stages the sector's item types cover.
 */
export function buildTimeline(steps: Step[], stagesOfSector: readonly string[], clock: (s: Step) => Timeliness = (s) => timelinessOf(s.due_rule, s.due_date, s.first_published_at)): TimelineStage[] {
  const byStage = new Map<string, TimelineStep[]>();
  for (const s of steps) byStage.set(s.stage, [...(byStage.get(s.stage) ?? []), { ...s, clock: clock(s) }]);
  const order = (s: string) => {
    const i = STAGES.indexOf(s as Stage);
    return i < 0 ? STAGES.length : i;
  };
  const stages = new Set<string>([...LIFECYCLE.filter((s) => stagesOfSector.includes(s)), ...byStage.keys()]);
  return [...stages]
    .sort((a, b) => order(a) - order(b))
    .map((stage) => ({
      stage: stage as Stage,
      name: STAGE_NAMES[stage as Stage] ?? stage,
      steps: (byStage.get(stage) ?? []).sort((a, b) => String(a.first_published_at).localeCompare(String(b.first_published_at))),
    }));
}

export async function projectLifecycle(db: Executor, id: number, stagesOfSector: readonly string[]): Promise<TimelineStage[]> {
  return buildTimeline(await repo.projectSteps(db, id), stagesOfSector);
}
