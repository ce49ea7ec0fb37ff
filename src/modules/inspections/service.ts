// Inspections (督查检查), issue 8 item 5: the office records scheduled and unannounced checks of a
// department (disclosure, timeliness, trading-platform data submission) with findings – evidence
// links, an optional attachment, a rectification deadline – and follows them up; the department
// answers each finding. All dated; every change is an event (entity 'inspection' /
// 'inspection_finding') in the same transaction as the change.
//
// Functions for other modules (assessment, dashboards) – read-only:
//   inspectionFindingStats(db, departmentId | null, fromDate | null, toDate | null, today?)
//       → { total, closed, closedOnTime, open, overdue } over findings of inspections dated in
//       [fromDate, toDate]: open = not closed (open or answered), overdue = not closed and the
//       deadline before today, closedOnTime = closed on or before the deadline.
//   closedInspectionsOf(db, departmentId) → inspections of the department whose findings are all
//       closed (the public summary on the department page).
import type { Db, Executor } from '../../db/index.ts';
import { AppError, conflict, forbidden, invalid, notFound, type ErrorDetail } from '../../domain/errors.ts';
import { canEdit, canReview, canSeeDepartment, departmentIdsOf, isOffice, type Principal } from '../accounts/service.ts';
import type { BlobStore } from '../attachments/store.ts';
import { recordBlob } from '../attachments/store.ts';
import { findDepartmentById } from '../departments/service.ts';
import { todayInChina, type UploadedFile } from '../disclosures/service.ts';
import { appendEvent, historyOf } from '../events/service.ts';
import * as repo from './repository.ts';
import { closedOnTime, isOverdue, nextStatus, validateAnswer, validateFinding, validateInspection, type FindingAction, type FindingInput } from './state.ts';

export type { AnswerRow, FindingRow, InspectionRow } from './repository.ts';

/** Findings' attachments are evidence (a screenshot, a scan): 10 MB is plenty. */
export const MAX_FINDING_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export function canAnswer(p: Principal, departmentId: number): boolean {
  return canEdit(p, departmentId) || canReview(p, departmentId);
}

type RawFinding = { description: string; evidence: string; deadline: string };
type RawInspection = { department: string; kind: string; scope: string[]; inspectionDate: string; inspectors: string; summary: string };

/**
 * Records an inspection with its first findings (blank finding blocks are ignored). All or nothing:
 * any error in the inspection or a finding stores nothing and lists every error.
 */
export async function createInspection(db: Db, p: Principal, raw: RawInspection, findings: RawFinding[], now = new Date()): Promise<number> {
  if (!isOffice(p)) throw forbidden('只有政务公开办可以登记督查检查');
  const v = validateInspection(raw, todayInChina(now));
  const errors: ErrorDetail[] = v.ok ? [] : [...v.errors];
  if (v.ok) {
    const d = await findDepartmentById(db, v.value.departmentId);
    if (!d || d.kind === 'office') errors.push({ field: 'department', message: '请选择被检查单位', code: 'invalid' });
  }
  const valid: FindingInput[] = [];
  findings.forEach((f, i) => {
    if (!f.description.trim() && !f.evidence.trim() && !f.deadline.trim()) return;
    const r = validateFinding(f, v.ok ? v.value.inspectionDate : raw.inspectionDate.trim() || null, `findings.${i}.`);
    if (r.ok) valid.push(r.value);
    else errors.push(...r.errors.map((e) => ({ ...e, message: `问题${i + 1}：${e.message}` })));
  });
  if (errors.length || !v.ok) throw invalid(errors);
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertInspection(trx, { department_id: v.value.departmentId, kind: v.value.kind, scope: JSON.stringify(v.value.scope), inspection_date: v.value.inspectionDate, inspectors: v.value.inspectors, summary: v.value.summary, created_by: p.userId, created_at: at, updated_at: at });
    await appendEvent(trx, { at, actorId: p.userId, entity: 'inspection', entityId: id, action: 'create', data: { ...v.value, findings: valid.length } });
    for (const f of valid) await insertFinding(trx, p.userId, id, f, null, at);
    return id;
  });
}

async function insertFinding(trx: Executor, actorId: number, inspectionId: number, f: FindingInput, file: { sha256: string; filename: string } | null, at: string): Promise<number> {
  const id = await repo.insertFinding(trx, { inspection_id: inspectionId, description: f.description, evidence: JSON.stringify(f.evidence), attachment_sha256: file?.sha256 ?? null, attachment_filename: file?.filename ?? null, deadline: f.deadline, status: 'open', closed_date: null, closed_by: null, created_by: actorId, created_at: at, updated_at: at });
  await appendEvent(trx, { at, actorId, entity: 'inspection_finding', entityId: id, action: 'create', data: { inspectionId, deadline: f.deadline, evidence: f.evidence, attachment: file?.filename ?? null } });
  await appendEvent(trx, { at, actorId, entity: 'inspection', entityId: inspectionId, action: 'add-finding', data: { findingId: id } });
  return id;
}

/** Adds a finding to a recorded inspection, with at most one attachment (stored by SHA-256). */
export async function addFinding(db: Db, blobs: BlobStore, p: Principal, inspectionId: number, raw: RawFinding, files: UploadedFile[], now = new Date()): Promise<number> {
  if (!isOffice(p)) throw forbidden('只有政务公开办可以登记检查发现的问题');
  const insp = await repo.findInspection(db, inspectionId);
  if (!insp) throw notFound('督查检查');
  const r = validateFinding(raw, insp.inspection_date);
  const errors = r.ok ? [] : [...r.errors];
  if (files.length > 1) errors.push({ field: 'attachment', message: '每个问题最多上传一个附件', code: 'too_many' });
  const file = files[0];
  if (file && file.data.length > MAX_FINDING_ATTACHMENT_BYTES) errors.push({ field: 'attachment', message: `附件不能超过 ${MAX_FINDING_ATTACHMENT_BYTES / 1024 / 1024} MB`, code: 'too_large' });
  if (errors.length || !r.ok) throw invalid(errors);
  let stored: { sha256: string; size: number; mime: string } | null = null;
  if (file) {
    try {
      stored = await blobs.put(file.data);
    } catch (e) {
      if (e instanceof AppError && (e.status === 413 || e.status === 415)) throw invalid([{ field: 'attachment', message: e.message, code: e.code }]);
      throw e;
    }
  }
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    if (stored) await recordBlob(trx, stored, at);
    const id = await insertFinding(trx, p.userId, inspectionId, r.value, stored && file ? { sha256: stored.sha256, filename: file.filename.slice(0, 200) } : null, at);
    await repo.updateInspection(trx, inspectionId, { updated_at: at });
    return id;
  });
}

async function loadFinding(db: Executor, p: Principal, findingId: number) {
  const f = await repo.findFinding(db, findingId);
  const insp = f ? await repo.findInspection(db, f.inspection_id) : undefined;
  if (!f || !insp || !canSeeDepartment(p, insp.department_id)) throw notFound('问题');
  return { f, insp };
}

async function move(db: Db, p: Principal, findingId: number, action: Exclude<FindingAction, 'create'>, o: { reason?: string | null; data?: Record<string, unknown>; now?: Date; answer?: { body: string; answerDate: string } }) {
  const { f, insp } = await loadFinding(db, p, findingId);
  const to = nextStatus(f.status, action);
  if (to === null) throw conflict(`该问题当前状态不能执行此操作`);
  const now = o.now ?? new Date();
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    if (o.answer) await repo.insertAnswer(trx, { finding_id: findingId, body: o.answer.body.trim(), answer_date: o.answer.answerDate.trim(), answered_by: p.userId, created_at: at });
    const closing = action === 'close';
    await repo.updateFinding(trx, findingId, { status: to, updated_at: at, ...(closing ? { closed_date: todayInChina(now), closed_by: p.userId } : action === 'reopen' ? { closed_date: null, closed_by: null } : {}) });
    await appendEvent(trx, { at, actorId: p.userId, entity: 'inspection_finding', entityId: findingId, action, reason: o.reason ?? null, data: { from: f.status, to, ...(o.data ?? {}) } });
    await repo.updateInspection(trx, insp.id, { updated_at: at });
  });
}

/** The department (信息员 or 审核人 of the inspected department) answers a finding. */
export async function answerFinding(db: Db, p: Principal, findingId: number, raw: { body: string; answerDate: string }, now = new Date()): Promise<void> {
  const { insp } = await loadFinding(db, p, findingId);
  if (!canAnswer(p, insp.department_id)) throw forbidden('只有被检查单位的信息员或审核人可以答复整改情况');
  const errors = validateAnswer(raw, insp.inspection_date, todayInChina(now));
  if (errors.length) throw invalid(errors);
  await move(db, p, findingId, 'answer', { now, answer: raw, data: { answerDate: raw.answerDate.trim() } });
}

export async function closeFinding(db: Db, p: Principal, findingId: number, note: string, now = new Date()): Promise<void> {
  if (!isOffice(p)) throw forbidden('只有政务公开办可以确认整改销号');
  if (note.length > 2000) throw invalid([{ field: 'note', message: '说明不能超过2000个字', code: 'too_long' }]);
  await move(db, p, findingId, 'close', { reason: note.trim() || null, now });
}

export async function reopenFinding(db: Db, p: Principal, findingId: number, reason: string, now = new Date()): Promise<void> {
  if (!isOffice(p)) throw forbidden('只有政务公开办可以重新打开问题');
  if (!reason.trim()) throw invalid([{ field: 'reason', message: '请说明整改未通过的原因', code: 'required' }]);
  if (reason.length > 2000) throw invalid([{ field: 'reason', message: '原因不能超过2000个字', code: 'too_long' }]);
  await move(db, p, findingId, 'reopen', { reason: reason.trim(), now });
}

/** One inspection with findings and answers; another department's inspection is 404. */
export async function getInspection(db: Executor, p: Principal, id: number) {
  const insp = await repo.findInspection(db, id);
  if (!insp || !canSeeDepartment(p, insp.department_id)) throw notFound('督查检查');
  const findings = await repo.findingsOf(db, [id]);
  const answers = await repo.answersOf(db, findings.map((f) => f.id));
  return { inspection: insp, findings, answers, history: await historyOf(db, 'inspection', id) };
}

export function findingHistory(db: Executor, findingId: number) {
  return historyOf(db, 'inspection_finding', findingId);
}

/** The office sees every department; staff only their own departments. */
export async function listInspectionsFor(db: Executor, p: Principal, f: { departmentId?: number; kind?: string; from?: string; to?: string; status?: string }, today = todayInChina()) {
  const mine = departmentIdsOf(p);
  const departmentIds = isOffice(p) ? (f.departmentId ? [f.departmentId] : null) : f.departmentId ? mine.filter((d) => d === f.departmentId) : mine;
  const rows = await repo.listInspections(db, { departmentIds, kind: f.kind, from: f.from, to: f.to });
  const findings = await repo.findingsOf(db, rows.map((r) => r.id));
  const out = rows.map((r) => {
    const fs = findings.filter((x) => x.inspection_id === r.id);
    return { ...r, findings: fs.length, openFindings: fs.filter((x) => x.status !== 'closed').length, overdueFindings: fs.filter((x) => isOverdue(x, today)).length };
  });
  if (f.status === 'open') return out.filter((r) => r.openFindings > 0);
  if (f.status === 'closed') return out.filter((r) => r.openFindings === 0);
  if (f.status === 'overdue') return out.filter((r) => r.overdueFindings > 0);
  return out;
}

export async function inspectionFindingStats(db: Executor, departmentId: number | null, fromDate: string | null, toDate: string | null, today = todayInChina()) {
  const rows = await repo.findingsForStats(db, departmentId, fromDate, toDate);
  const closed = rows.filter((r) => r.status === 'closed');
  return {
    total: rows.length,
    closed: closed.length,
    closedOnTime: closed.filter((r) => closedOnTime(r)).length,
    open: rows.length - closed.length,
    overdue: rows.filter((r) => isOverdue(r, today)).length,
  };
}

export async function closedInspectionsOf(db: Executor, departmentId: number) {
  const rows = await repo.listInspections(db, { departmentIds: [departmentId] }, 50);
  const findings = await repo.findingsOf(db, rows.map((r) => r.id));
  return rows
    .map((r) => ({ ...r, findingCount: findings.filter((f) => f.inspection_id === r.id).length, allClosed: findings.every((f) => f.inspection_id !== r.id || f.status === 'closed') }))
    .filter((r) => r.allClosed);
}

/** A finding's attachment for someone who may see the inspection. */
export async function findingAttachment(db: Executor, p: Principal, inspectionId: number, findingId: number) {
  const { f, insp } = await loadFinding(db, p, findingId);
  if (insp.id !== inspectionId || !f.attachment_sha256) throw notFound('附件');
  return { sha256: f.attachment_sha256, filename: f.attachment_filename ?? 'attachment', mime: (await repo.blobMime(db, f.attachment_sha256)) ?? 'application/octet-stream' };
}
