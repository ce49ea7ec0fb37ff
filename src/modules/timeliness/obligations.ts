// Obligations: information that has formed (or changed) but is not published yet. A department
// registers one as soon as the information exists, so the 20-working-day clock (条例 第二十六条) or
// the item type's own rule is watched before anything is drafted. The link to the publication is
// a `disclosure_id` on the obligation, set by the department on the obligation's page (any of its
// drafts or published records of the same item type); when that disclosure is published (or a
// correction of it), the publication hook marks the obligation fulfilled in the same transaction.
import type { DialectName } from '../../config.ts';
import type { Db } from '../../db/index.ts';
import type { ObligationState } from '../../db/schema.ts';
import { AppError, conflict, forbidden, invalid, notFound, type ErrorDetail } from '../../domain/errors.ts';
import { canEdit, canReview, canSeeDepartment, isOffice, type Principal } from '../accounts/service.ts';
import { isIsoDate, todayInChina, type DisclosureService, type DueComputer, type PublicationHook } from '../disclosures/service.ts';
import { appendEvent } from '../events/service.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import { chinaDate } from './due.ts';
import * as repo from './repository-obligations.ts';

export interface ObligationInput {
  departmentId: number;
  itemTypeId: number;
  title: string;
  formedDate: string;
  note: string;
}

export const OBLIGATION_STATE_NAMES: Record<ObligationState, string> = { open: '待公开', fulfilled: '已公开', cancelled: '已撤销' };

const TITLE_MAX = 200;
const NOTE_MAX = 2000;

/** Departments where the principal may register obligations: editors and reviewers. */
export function registeringDepartments(p: Principal) {
  return [...new Map(p.memberships.filter((m) => m.role === 'editor' || m.role === 'reviewer').map((m) => [m.departmentId, m])).values()];
}

function canManage(p: Principal, departmentId: number): boolean {
  return canEdit(p, departmentId) || canReview(p, departmentId);
}

export class ObligationService {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
    private readonly itemTypes: ItemTypeRegistry,
    private readonly due: DueComputer,
    private readonly disclosures: DisclosureService,
  ) {}

  validate(input: ObligationInput): ErrorDetail[] {
    const errors: ErrorDetail[] = [];
    const t = this.itemTypes.get(input.itemTypeId);
    if (!t || !t.active) errors.push({ field: 'itemTypeId', message: '请选择信息类型', code: 'required' });
    const title = input.title.trim();
    if (!title) errors.push({ field: 'title', message: '请填写信息名称', code: 'required' });
    else if (title.length > TITLE_MAX) errors.push({ field: 'title', message: `信息名称不能超过${TITLE_MAX}个字`, code: 'too_long' });
    if (!input.formedDate) errors.push({ field: 'formedDate', message: '请填写信息形成（变更）日期', code: 'required' });
    else if (!isIsoDate(input.formedDate)) errors.push({ field: 'formedDate', message: '信息形成（变更）日期格式应为 YYYY-MM-DD', code: 'not_a_date' });
    else if (input.formedDate > todayInChina()) errors.push({ field: 'formedDate', message: '信息形成（变更）日期不能晚于今天', code: 'in_future' });
    if (input.note.length > NOTE_MAX) errors.push({ field: 'note', message: `备注不能超过${NOTE_MAX}个字`, code: 'too_long' });
    return errors;
  }

  async register(p: Principal, input: ObligationInput): Promise<number> {
    if (!canManage(p, input.departmentId)) throw forbidden('只能为本单位登记待公开信息');
    const errors = this.validate(input);
    if (errors.length) throw invalid(errors);
    const t = this.itemTypes.get(input.itemTypeId)!;
    const due = this.due(t.deadlineRule, input.formedDate);
    return this.db.transaction().execute(async (trx) => {
      const at = new Date().toISOString();
      const id = await repo.insertObligation(trx, { departmentId: input.departmentId, itemTypeId: t.id, title: input.title.trim(), formedDate: input.formedDate, note: input.note.trim(), dueDate: due.dueDate, dueRule: t.deadlineRule, createdBy: p.userId, at });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'obligation', entityId: id, action: 'create', data: { departmentId: input.departmentId, itemType: t.code, formedDate: input.formedDate, dueDate: due.dueDate, dueStatus: due.status } });
      return id;
    });
  }

  async get(p: Principal, id: number): Promise<repo.ObligationView> {
    const o = await repo.findObligation(this.db, id);
    if (!o || !canSeeDepartment(p, o.department_id)) throw notFound('待公开信息');
    return o;
  }

  /** Office and admins see every department's obligations; others their own departments'. */
  list(p: Principal, f: { states?: ObligationState[]; overdueOn?: string; departmentId?: number } = {}) {
    const own = [...new Set(p.memberships.map((m) => m.departmentId))];
    const departmentIds = f.departmentId !== undefined ? (isOffice(p) || own.includes(f.departmentId) ? [f.departmentId] : []) : isOffice(p) ? undefined : own;
    return repo.listObligations(this.db, { departmentIds, states: f.overdueOn ? ['open'] : f.states, dueBefore: f.overdueOn });
  }

  linkCandidates(o: { department_id: number; item_type_id: number }) {
    return repo.linkCandidates(this.db, o.department_id, o.item_type_id);
  }

  /** Links the obligation to the disclosure that publishes it; fulfilled at once if already published since it formed. */
  async link(p: Principal, id: number, disclosureId: number): Promise<void> {
    const o = await this.get(p, id);
    if (!canManage(p, o.department_id)) throw forbidden('只能处理本单位的待公开信息');
    const { disclosure: d, versions } = await this.disclosures.getForStaff(p, disclosureId).catch((e: unknown) => {
      if (e instanceof AppError && e.status === 404) throw invalid([{ field: 'disclosureId', message: '所选信息不存在', code: 'unknown_disclosure' }]);
      throw e;
    });
    if (d.department_id !== o.department_id || d.item_type_id !== o.item_type_id) {
      throw invalid([{ field: 'disclosureId', message: '只能关联本单位同一信息类型的信息；类型登记错误的，请撤销后重新登记', code: 'mismatch' }]);
    }
    if (d.state === 'withdrawn') throw invalid([{ field: 'disclosureId', message: '所选信息已撤回', code: 'withdrawn' }]);
    // The first version published on or after the day the information formed fulfils it (a
    // correction obligation linked to an older record waits for the correction).
    const publishedSince = versions.map((v) => v.published_at).filter((at) => chinaDate(at) >= o.formed_date).sort()[0] ?? null;
    await this.db.transaction().execute(async (trx) => {
      const cur = await repo.lockObligation(trx, id, this.dialect);
      if (!cur || cur.state !== 'open') throw conflict('只有待公开状态的登记可以关联信息');
      if (await repo.linkedElsewhere(trx, disclosureId, id)) throw invalid([{ field: 'disclosureId', message: '该信息已关联其他登记', code: 'already_linked' }]);
      const at = new Date().toISOString();
      await repo.updateObligation(trx, id, { disclosure_id: disclosureId, updated_at: at, ...(publishedSince ? { state: 'fulfilled' as const, fulfilled_at: publishedSince } : {}) });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'obligation', entityId: id, action: 'link', data: { disclosureId } });
      if (publishedSince) await appendEvent(trx, { at, actorId: p.userId, entity: 'obligation', entityId: id, action: 'fulfil', data: { disclosureId, publishedAt: publishedSince } });
    });
  }

  async cancel(p: Principal, id: number, reason: string): Promise<void> {
    const r = reason.trim();
    if (!r) throw invalid([{ field: 'reason', message: '请填写撤销原因', code: 'required' }]);
    if (r.length > NOTE_MAX) throw invalid([{ field: 'reason', message: `撤销原因不能超过${NOTE_MAX}个字`, code: 'too_long' }]);
    const o = await this.get(p, id);
    if (!canManage(p, o.department_id)) throw forbidden('只能处理本单位的待公开信息');
    await this.db.transaction().execute(async (trx) => {
      const cur = await repo.lockObligation(trx, id, this.dialect);
      if (!cur || cur.state !== 'open') throw conflict('只有待公开状态的登记可以撤销');
      const at = new Date().toISOString();
      await repo.updateObligation(trx, id, { state: 'cancelled', cancel_reason: r, updated_at: at });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'obligation', entityId: id, action: 'cancel', reason: r });
    });
  }

  /** Runs inside the publication transaction: publishing (or correcting) a linked disclosure fulfils it. */
  readonly hook: PublicationHook = async (trx, e) => {
    if (e.event === 'withdraw') return;
    for (const o of await repo.openObligationsOf(trx, e.disclosureId)) {
      await repo.updateObligation(trx, o.id, { state: 'fulfilled', fulfilled_at: e.at, updated_at: e.at });
      await appendEvent(trx, { at: e.at, actorId: null, entity: 'obligation', entityId: o.id, action: 'fulfil', data: { disclosureId: e.disclosureId, version: e.version } });
    }
  };
}

export function assertDepartmentChoice(p: Principal, departmentId: number): void {
  if (!Number.isInteger(departmentId) || !canManage(p, departmentId)) throw new AppError(400, 'validation_failed', '请选择本单位', [{ field: 'departmentId', message: '请选择登记单位', code: 'required' }]);
}
