// Requests (依申请公开): filing, receipt, tracking, and every step of the statutory clock. Each step
// is an event (entity 'request' in the append-only log); the row's state, due date and outcome are
// the fold of those events (clock.ts), rewritten in the same transaction.
//
// Privacy: a request is private. The applicant sees it by tracking code + contact; the target
// department's staff see all of it; the office sees deadlines and statistics only – for routing an
// "unsure" request, the description with personal data masked, never the applicant.
import type { DialectName } from '../../config.ts';
import type { WorkingCalendar } from '../../calendar/index.ts';
import type { Db, Trx } from '../../db/index.ts';
import type { Department } from '../../db/schema.ts';
import { AppError, conflict, forbidden, invalid, notFound, type ErrorDetail } from '../../domain/errors.ts';
import { hasRole, isOffice, type Principal } from '../accounts/service.ts';
import { findDepartmentByCode, findDepartmentById } from '../departments/service.ts';
import { todayInChina } from '../disclosures/service.ts';
import { appendEvent, historyOf } from '../events/service.ts';
import { maskPersonalInfo } from '../privacy/masking.ts';
import { answerType, type ResultOverrides } from './answer-types.ts';
import { CLOCK_EVENT_KINDS, ClockError, REQUEST_STATE_NAMES, foldClock, type ClockEvent, type ClockResult } from './clock.ts';
import { CHANNELS, receiptDate, type Channel } from './receipt.ts';
import * as repo from './repository.ts';
import { contactMatches, hashTrackingCode, newTrackingCode, normaliseTrackingCode } from './tracking.ts';
import { validateApplicant, type ApplicantInput } from './validation.ts';

/** Rate limits (per client IP unless noted), enforced from the database so they hold across instances. */
export const LIMITS = {
  filePerIpPerHour: 10,
  trackFailuresPerIp: 10,
  trackFailuresPerCode: 5,
  windowMs: 15 * 60_000,
} as const;

export interface RequestOptions {
  feePausesClock?: boolean;
  resultOverrides?: ResultOverrides;
}

export type RequestRow = NonNullable<Awaited<ReturnType<typeof repo.findRequest>>>;
/** Clock steps staff record by hand (receipt and answer have their own methods). */
export type StepEvent = Extract<ClockEvent, { kind: 'clarify' | 'clarified' | 'clarify_lapsed' | 'consult' | 'consulted' | 'extend' | 'fee_notice' | 'fee_paid' | 'fee_lapsed' | 'withdraw' }>;

const genericNotFound = () => new AppError(404, 'not_found', '未找到与该查询码和联系方式相符的申请。请核对查询码（回执上的20位字符）和提交申请时填写的联系电话或电子邮箱。');

export class RequestService {
  constructor(
    readonly db: Db,
    readonly dialect: DialectName,
    readonly calendar: () => WorkingCalendar,
    readonly opts: RequestOptions = {},
  ) {}

  // ---- the clock ----

  async clockEvents(ex: Db | Trx, id: number): Promise<ClockEvent[]> {
    const rows = await historyOf(ex, 'request', id);
    return rows.filter((r) => (CLOCK_EVENT_KINDS as readonly string[]).includes(r.action) && r.data).map((r) => JSON.parse(r.data!) as ClockEvent);
  }

  fold(events: readonly ClockEvent[]): ClockResult {
    try {
      return foldClock(events, this.calendar(), { feePausesClock: this.opts.feePausesClock ?? true });
    } catch (e) {
      if (e instanceof ClockError) throw new AppError(409, 'clock_rule', e.message);
      throw e;
    }
  }

  async clockOf(id: number): Promise<ClockResult> {
    return this.fold(await this.clockEvents(this.db, id));
  }

  /** Appends a clock event after checking it against the history; refreshes the row's cache. */
  async applyEvent(trx: Trx, req: Pick<RequestRow, 'id'>, ev: ClockEvent, actorId: number | null, at = new Date().toISOString(), reason: string | null = null, prior?: readonly ClockEvent[]): Promise<ClockResult> {
    const today = todayInChina(new Date(at));
    if (ev.date > today) throw invalid([{ field: 'date', message: '日期不能晚于今天', code: 'in_future' }]);
    // `prior`: the request's clock events when the caller already holds them (the demo seed).
    const r = this.fold([...(prior ?? (await this.clockEvents(trx, req.id))), ev]);
    await appendEvent(trx, { at, actorId, entity: 'request', entityId: req.id, action: ev.kind, reason, data: ev });
    await repo.updateRequest(trx, req.id, {
      state: r.state,
      received_date: r.receivedDate,
      due_date: r.dueDate ?? (r.dueStatus === 'closed' ? r.dueAtClose : null),
      due_status: r.dueStatus,
      outcome: r.outcome,
      answer_type: r.answerType,
      closed_date: r.closedDate,
      late: r.late ? 1 : 0,
      fee_paid_fen: r.fee?.paid ? r.fee.amountFen : 0,
      fee_paid_date: r.fee?.paid ?? null,
      updated_at: at,
    });
    return r;
  }

  // ---- permissions ----

  /** Editors and reviewers of the target department handle its requests. */
  canHandle(p: Principal, departmentId: number | null): boolean {
    return departmentId !== null && (hasRole(p, 'editor', departmentId) || hasRole(p, 'reviewer', departmentId));
  }

  /** A request of another department is reported as absent: its existence is private. */
  async loadForStaff(p: Principal, id: number): Promise<RequestRow> {
    const r = await repo.findRequest(this.db, id);
    if (!r || !this.canHandle(p, r.department_id)) throw notFound('申请');
    return r;
  }

  private async lockForStaff(trx: Trx, p: Principal, id: number): Promise<RequestRow> {
    const r = await repo.lockRequest(trx, id, this.dialect);
    if (!r || !this.canHandle(p, r.department_id)) throw notFound('申请');
    return r;
  }

  // ---- filing ----

  private async rateLimitFiling(ip: string): Promise<void> {
    const since = new Date(Date.now() - 60 * 60_000).toISOString();
    if ((await repo.countAttempts(this.db, { kind: 'file', ip, since })) >= LIMITS.filePerIpPerHour) {
      throw new AppError(429, 'rate_limited', '同一网络地址提交申请过于频繁，请一小时后再试，或到政务服务中心窗口提交。');
    }
  }

  private async resolveDepartment(code: string, field = 'department'): Promise<Department | null> {
    if (code === 'unsure' || code === '') return null;
    const d = await findDepartmentByCode(this.db, code);
    if (!d) throw invalid([{ field, message: '请选择受理机关，或选择“不确定，由政务公开办转交”', code: 'unknown_department' }]);
    return d;
  }

  private insertRow(trx: Trx, a: ApplicantInput, o: { departmentId: number | null; channel: Channel; codeHash: string; at: string; submittedDate: string; by: number | null }) {
    return repo.insertRequest(trx, {
      code_hash: o.codeHash,
      department_id: o.departmentId,
      applicant_kind: a.applicantKind,
      applicant_name: a.applicantName,
      id_type: a.idType,
      id_number: a.idNumber,
      contact_person: a.contactPerson,
      phone: a.phone,
      email: a.email,
      address: a.address,
      postcode: a.postcode,
      description: a.description,
      delivery_form: a.deliveryForm,
      delivery_method: a.deliveryMethod,
      channel: o.channel,
      submitted_at: o.at,
      submitted_date: o.submittedDate,
      received_date: null,
      fee_paid_date: null,
      state: 'submitted',
      due_date: null,
      due_status: 'not_started',
      outcome: null,
      answer_type: null,
      closed_date: null,
      created_by: o.by,
      created_at: o.at,
      updated_at: o.at,
    }, `YSQ${o.submittedDate.slice(0, 4)}-`);
  }

  /**
   * A request filed on this platform. Its receipt is confirmed by the department (条例 第三十一条
   * 第（三）项: 以双方确认之日为收到申请之日); until then the clock has not started.
   */
  async fileOnline(raw: Record<string, string>, ip: string, honeypot: string): Promise<{ code: string; refNo: string; departmentName: string | null }> {
    // A filled hidden field is a bot; the message is deliberately plain.
    if (honeypot.trim() !== '') throw new AppError(400, 'rejected', '提交未通过校验，请刷新页面后重新填写。');
    await this.rateLimitFiling(ip);
    const v = validateApplicant(raw);
    if (!v.ok) throw invalid(v.errors);
    const dept = await this.resolveDepartment(raw.department ?? '');
    const code = newTrackingCode();
    const at = new Date().toISOString();
    const today = todayInChina();
    const refNo = await this.db.transaction().execute(async (trx) => {
      const { id, refNo } = await this.insertRow(trx, v.value, { departmentId: dept?.id ?? null, channel: 'online', codeHash: hashTrackingCode(normaliseTrackingCode(code)!), at, submittedDate: today, by: null });
      await appendEvent(trx, { at, actorId: null, entity: 'request', entityId: id, action: 'submit', data: { kind: 'submit', date: today } satisfies ClockEvent });
      await repo.insertAttempt(trx, { kind: 'file', ip, keyHash: null, at, success: true });
      return refNo;
    });
    return { code, refNo, departmentName: dept?.name ?? null };
  }

  /** Staff register a request received on paper, by post, fax or in person, with the 条例 31 date. */
  async register(p: Principal, raw: Record<string, string>): Promise<{ id: number; code: string; refNo: string }> {
    const dept = await this.resolveDepartment(raw.department ?? '');
    if (dept ? !this.canHandle(p, dept.id) && !isOffice(p) : !isOffice(p)) throw forbidden('只能登记本单位收到的申请；不确定受理机关的申请由政务公开办登记');
    const errors: ErrorDetail[] = [];
    const v = validateApplicant(raw);
    if (!v.ok) errors.push(...v.errors);
    const channel = raw.channel as Channel;
    if (!CHANNELS.includes(channel) || channel === 'online') errors.push({ field: 'channel', message: '请选择申请的提交方式', code: 'required' });
    const today = todayInChina();
    const submitted = raw.submittedDate || raw.receivedDate || '';
    const rd = CHANNELS.includes(channel) ? receiptDate({ channel, date: raw.receivedDate ?? '', submittedDate: submitted, today }) : null;
    if (rd && !rd.ok) errors.push({ field: 'receivedDate', message: rd.message, code: 'invalid' });
    if (errors.length || !v.ok || !rd || !rd.ok) throw invalid(errors);
    const code = newTrackingCode();
    const at = new Date().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const { id, refNo } = await this.insertRow(trx, v.value, { departmentId: dept?.id ?? null, channel, codeHash: hashTrackingCode(normaliseTrackingCode(code)!), at, submittedDate: submitted <= rd.date ? submitted : rd.date, by: p.userId });
      const row = (await repo.findRequest(trx, id))!;
      await this.applyEvent(trx, row, { kind: 'receive', date: rd.date, basis: rd.basis }, p.userId, at);
      return { id, code, refNo };
    });
  }

  // ---- tracking (no login) ----

  /**
   * The applicant's view: code + phone or e-mail. Unknown code and wrong contact give the same
   * answer; failures are limited per IP and per code, so neither codes nor contacts can be guessed.
   */
  async track(codeInput: string, contact: string, ip: string): Promise<RequestRow> {
    const since = new Date(Date.now() - LIMITS.windowMs).toISOString();
    const norm = normaliseTrackingCode(codeInput);
    const keyHash = norm ? hashTrackingCode(norm) : null;
    const [byIp, byCode] = await Promise.all([
      repo.countAttempts(this.db, { kind: 'track', ip, since, success: false }),
      keyHash ? repo.countAttempts(this.db, { kind: 'track', keyHash, since, success: false }) : Promise.resolve(0),
    ]);
    if (byIp >= LIMITS.trackFailuresPerIp || byCode >= LIMITS.trackFailuresPerCode) {
      throw new AppError(429, 'rate_limited', '查询失败次数过多，请15分钟后再试。');
    }
    const row = keyHash ? await repo.findByCodeHash(this.db, keyHash) : undefined;
    // Compare the contact even when the code is unknown, so both paths take the same time.
    const ok = contactMatches(contact, row ? [row.phone, row.email] : ['\u0000', '\u0000']) && !!row;
    await repo.insertAttempt(this.db, { kind: 'track', ip, keyHash, at: new Date().toISOString(), success: ok });
    if (!ok || !row) throw genericNotFound();
    return row;
  }

  // ---- staff steps ----

  /** 确认收到: starts the clock of an online request (条例 第三十一条第（三）项). */
  async confirmReceipt(p: Principal, id: number, date: string): Promise<ClockResult> {
    return this.db.transaction().execute(async (trx) => {
      const r = await this.lockForStaff(trx, p, id);
      if (r.state !== 'submitted') throw conflict('该申请已确认收到');
      const rd = receiptDate({ channel: r.channel, date, submittedDate: r.submitted_date, today: todayInChina() });
      if (!rd.ok) throw invalid([{ field: 'date', message: rd.message }]);
      return this.applyEvent(trx, r, { kind: 'receive', date: rd.date, basis: rd.basis }, p.userId);
    });
  }

  /** The office forwards an "unsure" request to the department that holds the information. */
  async route(p: Principal, id: number, departmentId: number): Promise<void> {
    if (!isOffice(p)) throw forbidden('只有政务公开办可以转交申请');
    const dept = await findDepartmentById(this.db, departmentId);
    if (!dept) throw invalid([{ field: 'department', message: '请选择受理机关' }]);
    await this.db.transaction().execute(async (trx) => {
      const r = await repo.lockRequest(trx, id, this.dialect);
      if (!r || r.department_id !== null) throw notFound('待转交的申请');
      const at = new Date().toISOString();
      await repo.updateRequest(trx, id, { department_id: dept.id, updated_at: at });
      await this.applyEvent(trx, r, { kind: 'route', date: todayInChina(), department: dept.name }, p.userId, at);
    });
  }

  /** Records one step of the clock (补正, consultation, extension, fee, withdrawal). */
  async step(p: Principal, id: number, ev: StepEvent, note: string | null = null): Promise<ClockResult> {
    return this.db.transaction().execute(async (trx) => {
      const r = await this.lockForStaff(trx, p, id);
      if (ev.kind === 'extend' && !hasRole(p, 'reviewer', r.department_id!)) throw forbidden('延长答复期限须由本单位审核人登记（并填写同意延长的负责人）');
      let e: ClockEvent = ev;
      if (ev.kind === 'consult') {
        // Consultations are numbered per request, so a reply can name the one it answers.
        const n = (await this.clockEvents(trx, id)).filter((x) => x.kind === 'consult').length + 1;
        e = { ...ev, id: String(n) };
      }
      return this.applyEvent(trx, r, e, p.userId, new Date().toISOString(), note);
    });
  }

  /** The applicant's n-th request to this department in the month of this one (fee per request). */
  async nthInMonth(r: RequestRow): Promise<number> {
    if (r.department_id === null) return 1;
    return repo.countApplicantMonth(this.db, r.id_number, r.department_id, r.submitted_date.slice(0, 7), r.id);
  }

  // ---- lists ----

  /** Staff: the requests of their departments (full rows). */
  listForStaff(p: Principal, open = false) {
    const ids = [...new Set(p.memberships.filter((m) => m.role === 'editor' || m.role === 'reviewer').map((m) => m.departmentId))];
    return repo.listRequests(this.db, { departmentIds: ids, open, limit: 500 });
  }

  /** The office: requests waiting to be routed, with the description masked and no applicant data. */
  async unroutedForOffice(p: Principal) {
    if (!isOffice(p)) throw forbidden();
    const rows = await repo.listRequests(this.db, { unrouted: true, open: true, limit: 200 });
    return rows.map((r) => ({ id: r.id, ref_no: r.ref_no, submitted_date: r.submitted_date, state: r.state, description: maskPersonalInfo(r.description) }));
  }

  /** The office: deadlines and counts per department and state – never who asked or what. */
  async officeOverview(p: Principal) {
    if (!isOffice(p)) throw forbidden();
    const [deadlines, counts] = await Promise.all([repo.listDeadlines(this.db, 500), repo.countByDepartmentState(this.db)]);
    return { deadlines, counts };
  }

  /** Everything the department sees about one request. */
  async detail(p: Principal, id: number) {
    const r = await this.loadForStaff(p, id);
    const [events, files, answer] = await Promise.all([historyOf(this.db, 'request', id), repo.listFiles(this.db, id), repo.findAnswer(this.db, id)]);
    const clock = this.fold(events.filter((e) => (CLOCK_EVENT_KINDS as readonly string[]).includes(e.action) && e.data).map((e) => JSON.parse(e.data!) as ClockEvent));
    const dept = r.department_id !== null ? await findDepartmentById(this.db, r.department_id) : undefined;
    return { request: r, department: dept, clock, events, files, answer, stateName: REQUEST_STATE_NAMES[clock.state], answerTypeName: r.answer_type ? answerType(r.answer_type)?.label : undefined };
  }

  listFiles(id: number) {
    return repo.listFiles(this.db, id);
  }

  // ---- for the annual report (counts only, no applicant data) ----

  /** Requests received by the end of `year` and not closed before it (null = all; 'unrouted' = not yet routed). */
  async reportRows(departmentId: number | null | 'unrouted', year: number) {
    const rows = await repo.requestsForReport(this.db, departmentId, year);
    return rows.map((r) => ({ applicantKind: r.applicant_kind, receivedDate: r.received_date!, closedDate: r.closed_date, outcome: r.outcome, late: r.late === 1 }));
  }

  /** Information-processing fees paid in `year` (report part 六). */
  feesPaid(departmentId: number | null, year: number) {
    return repo.feesPaid(this.db, departmentId, year);
  }
}
