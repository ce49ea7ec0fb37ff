// 行政复议 and 行政诉讼 about disclosure (政府信息公开条例 第五十一条), recorded per department and report
// year; they fill table 4 of the annual report. Nothing is deleted: a wrong record is voided with
// a reason. Every change is an event.
import type { Db, Executor } from '../../db/index.ts';
import type { ReviewCaseTable } from '../../db/schema.ts';
import * as repo from './repository.ts';
import { conflict, forbidden, invalid, notFound, type ErrorDetail } from '../../domain/errors.ts';
import { hasRole, isOffice, type Principal } from '../accounts/service.ts';
import { isIsoDate } from '../../calendar/index.ts';
import { appendEvent } from '../events/service.ts';
import { CASE_KINDS, CASE_RESULTS, emptyTable4, totaliseTable4, type CaseKind, type CaseResult, type Table4 } from '../annual-report/tables.ts';

export interface CaseInput {
  departmentId: number;
  year: number;
  kind: CaseKind;
  result: CaseResult;
  caseNo: string;
  requestRef: string | null;
  filedDate: string | null;
  decidedDate: string | null;
  note: string;
}

export const CASE_KIND_NAMES: Record<CaseKind, string> = { reconsideration: '行政复议', litigation_direct: '行政诉讼（未经复议直接起诉）', litigation_after: '行政诉讼（复议后起诉）' };
export const CASE_RESULT_NAMES: Record<CaseResult, string> = { upheld: '结果维持', corrected: '结果纠正', other: '其他结果', pending: '尚未审结' };

export function validateCase(raw: Record<string, string>, departmentId: number): { ok: true; value: CaseInput } | { ok: false; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const year = Number(raw.year);
  if (!Number.isInteger(year) || year < 2008 || year > 2100) errors.push({ field: 'year', message: '请填写年度（如 2025）' });
  const kind = raw.kind as CaseKind;
  if (!CASE_KINDS.some((k) => k.key === kind)) errors.push({ field: 'kind', message: '请选择案件类型（行政复议、直接起诉或复议后起诉）' });
  const result = raw.result as CaseResult;
  if (!CASE_RESULTS.some((r) => r.key === result)) errors.push({ field: 'result', message: '请选择结果（维持、纠正、其他或尚未审结）' });
  const date = (k: string) => {
    const v = (raw[k] ?? '').trim();
    if (v && !isIsoDate(v)) errors.push({ field: k, message: '日期格式应为 YYYY-MM-DD' });
    return v || null;
  };
  const filedDate = date('filedDate');
  const decidedDate = date('decidedDate');
  if (result === 'pending' && decidedDate) errors.push({ field: 'decidedDate', message: '尚未审结的案件不应填写审结日期' });
  if (filedDate && decidedDate && decidedDate < filedDate) errors.push({ field: 'decidedDate', message: '审结日期不能早于立案日期' });
  const caseNo = (raw.caseNo ?? '').trim();
  if (caseNo.length > 100) errors.push({ field: 'caseNo', message: '案号不能超过100个字' });
  const note = (raw.note ?? '').trim();
  if (note.length > 2000) errors.push({ field: 'note', message: '备注不能超过2000个字' });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { departmentId, year, kind, result, caseNo, requestRef: (raw.requestRef ?? '').trim() || null, filedDate, decidedDate, note } };
}

export class ReviewCaseService {
  constructor(private readonly db: Db) {}

  private canRecord(p: Principal, departmentId: number): boolean {
    return hasRole(p, 'editor', departmentId) || hasRole(p, 'reviewer', departmentId) || isOffice(p);
  }

  async create(p: Principal, c: CaseInput, ex: Executor = this.db, at = new Date().toISOString()): Promise<number> {
    if (!this.canRecord(p, c.departmentId)) throw forbidden('只能登记本单位的复议、诉讼案件');
    return insertCase(ex, c, p.userId, at);
  }

  async setResult(p: Principal, id: number, result: CaseResult, decidedDate: string | null): Promise<void> {
    const c = await repo.findCase(this.db, id);
    if (!c || c.voided_at || !this.canRecord(p, c.department_id)) throw notFound('案件');
    if (!CASE_RESULTS.some((r) => r.key === result)) throw invalid([{ field: 'result', message: '请选择结果' }]);
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await repo.updateCase(trx, id, { result, decided_date: result === 'pending' ? null : decidedDate, updated_at: at });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'review_case', entityId: id, action: 'result', data: { from: c.result, to: result, decidedDate } });
    });
  }

  async void(p: Principal, id: number, reason: string): Promise<void> {
    const c = await repo.findCase(this.db, id);
    if (!c || !this.canRecord(p, c.department_id)) throw notFound('案件');
    if (c.voided_at) throw conflict('该记录已作废');
    if (!reason.trim()) throw invalid([{ field: 'reason', message: '请说明作废原因' }]);
    const at = new Date().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await repo.updateCase(trx, id, { voided_at: at, void_reason: reason.trim(), updated_at: at });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'review_case', entityId: id, action: 'void', reason: reason.trim() });
    });
  }

  list(p: Principal, departmentIds: number[] | null, year?: number) {
    const ids = isOffice(p) ? departmentIds : (departmentIds ?? [...new Set(p.memberships.map((m) => m.departmentId))]).filter((id) => this.canRecord(p, id));
    return repo.listCases(this.db, { departmentIds: ids, year });
  }
}

export async function insertCase(ex: Executor, c: CaseInput, actorId: number | null, at: string): Promise<number> {
  const row: Omit<ReviewCaseTable, 'id'> = { department_id: c.departmentId, year: c.year, kind: c.kind, result: c.result, case_no: c.caseNo, request_ref: c.requestRef, filed_date: c.filedDate, decided_date: c.decidedDate, note: c.note, created_by: actorId, created_at: at, updated_at: at, voided_at: null, void_reason: null };
  const id = await repo.insertCase(ex, row);
  await appendEvent(ex, { at, actorId, entity: 'review_case', entityId: id, action: 'create', data: { kind: c.kind, result: c.result, year: c.year } });
  return id;
}

/** Table 4 of a report: the department's (or, with null, every department's) cases of the year. */
export async function table4For(db: Executor, departmentId: number | null, year: number): Promise<Table4> {
  const t = emptyTable4();
  for (const r of await repo.countCases(db, departmentId, year)) t[r.kind][CASE_RESULTS.findIndex((x) => x.key === r.result)]! += Number(r.n);
  return totaliseTable4(t);
}
