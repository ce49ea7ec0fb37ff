// 黑名单 rules (issue 8 §1–2): drafting by the deciding department's editor, publication by a
// different reviewer of that department (谁制作谁公开; no self-approval), credit repair and
// revocation with a reason and a document, expiry on the end date, every change an event in the
// same transaction.
//
// STABLE CONTRACT for other modules (red flags call it for the "blacklisted participant" flag):
//
//   findActiveMatches(db: Executor, parties: { name?: string; creditCode?: string }[], onDate: string)
//     : Promise<BlacklistMatch[]>
//
//   Published entries in force on `onDate` ('YYYY-MM-DD', China) naming a party – matched by
//   统一社会信用代码 first, then by normalised name (whitespace, full-width, （）, 有限责任公司).
//   Each match carries `party` (index into `parties`), `matchedBy` ('creditCode' | 'name'),
//   `codeConflict` and the entry (id, name, creditCode, sector, severity, dates, decisionNo).
//   "In force": start ≤ onDate ≤ end, not revoked, and not yet repaired on that date.
import type { Db, Executor, Trx } from '../../db/index.ts';
import type { BlacklistEntry } from '../../db/schema.ts';
import { AppError, conflict, forbidden, invalid, notFound } from '../../domain/errors.ts';
import { canEdit, canReview, canSeeDepartment, isOffice, type Principal } from '../accounts/service.ts';
import { recordBlob, type BlobStore } from '../attachments/store.ts';
import { cleanFilename, sniffMime } from '../attachments/sniff.ts';
import { todayInChina, type UploadedFile } from '../disclosures/service.ts';
import { appendEvent, historyOf } from '../events/service.ts';
import { toPublicEntry, type PublicEntry } from './public-view.ts';
import * as repo from './repository.ts';
import { repairEligibleFrom } from './rules.ts';
import { LIMITS, LINKABLE_TYPES, validateEntry, type EntryInput, type ValidEntry } from './validation.ts';

export { findActiveMatches, blacklistGate, partiesOf, type BlacklistMatch, type Party } from './crosscheck.ts';
export type { EntryInput } from './validation.ts';
export type { EntryRow, PublicFilter } from './repository.ts';

/** Events of an entry the public may see (drafting is internal). */
export const PUBLIC_ACTIONS = ['publish', 'expire', 'repair', 'revoke'] as const;
export type PublicAction = (typeof PUBLIC_ACTIONS)[number];

/** A public change of an entry, with its public view as of that change (site-relative URLs). */
export interface BlacklistChange {
  entryId: number;
  action: PublicAction;
  at: string;
  eventId: number;
  entry: PublicEntry;
  reason: string | null;
}

/**
 * Runs inside the transaction of every public change (publish, repair, revoke, expire), like the
 * disclosures' publication hooks: context.ts registers the search index and the change feed here,
 * so this module needs neither (no import cycle, no other module's repository).
 */
export type BlacklistHook = (trx: Trx, change: BlacklistChange) => Promise<void>;

async function disclosureLinkable(ex: Executor, disclosureId: number | null): Promise<boolean> {
  const d = disclosureId ? await repo.disclosureRef(ex, disclosureId) : undefined;
  return !!d && d.version > 0 && d.state !== 'withdrawn';
}

/** What /blacklist/:id shows (site-relative URLs), as of `today`; undefined for a draft. */
export async function publicViewOf(ex: Executor, id: number, today: string): Promise<PublicEntry | undefined> {
  const e = await repo.findEntry(ex, id);
  if (!e || e.status === 'draft') return undefined;
  return toPublicEntry(e, '', today, await disclosureLinkable(ex, e.disclosure_id));
}

/** Runs the hooks of one public change with the entry's view as of `today` (the service; the demo seed). */
export async function runBlacklistHooks(hooks: readonly BlacklistHook[], trx: Trx, c: Omit<BlacklistChange, 'entry'>, today: string): Promise<void> {
  if (!hooks.length) return;
  const entry = await publicViewOf(trx, c.entryId, today);
  if (!entry) return;
  for (const h of hooks) await h(trx, { ...c, entry });
}

export class BlacklistService {
  readonly hooks: BlacklistHook[] = [];

  constructor(
    private readonly db: Db,
    private readonly dialect: 'sqlite' | 'postgres',
    private readonly blobs: BlobStore,
    private readonly sectors: () => string[],
  ) {}

  private async validate(input: EntryInput, exceptId: number | null): Promise<ValidEntry> {
    const { value, errors } = validateEntry(input, this.sectors());
    if (!value) throw invalid(errors);
    if (value.disclosureId !== null) {
      const d = await repo.disclosureRef(this.db, value.disclosureId);
      if (!d || d.version === 0) throw invalid([{ field: 'disclosureId', message: '关联信息不存在或尚未发布', code: 'unknown_disclosure' }]);
      if (!(LINKABLE_TYPES as readonly string[]).includes(d.item_type_code)) throw invalid([{ field: 'disclosureId', message: '只能关联不良行为记录、违法违规处理决定、信用信息或行政处罚信息', code: 'not_linkable' }]);
    }
    await this.checkConflicts(this.db, value, exceptId);
    return value;
  }

  /** Duplicate decision and overlapping period: checked on save and again when publishing. */
  private async checkConflicts(ex: Executor, v: Pick<ValidEntry, 'subjectKey' | 'decisionNo' | 'sector' | 'startDate' | 'endDate'>, exceptId: number | null): Promise<void> {
    const dup = await repo.findDuplicate(ex, v.subjectKey, v.decisionNo, exceptId);
    if (dup) throw new AppError(409, 'duplicate_entry', '该当事人的这份决定已录入黑名单，请勿重复录入', [{ field: 'decisionNo', message: `该当事人的决定文书号“${v.decisionNo}”已录入（记录 ${dup.id}），请勿重复录入`, code: 'duplicate_entry' }]);
    const o = await repo.findOverlapping(ex, { subjectKey: v.subjectKey, sector: v.sector, start: v.startDate, end: v.endDate, exceptId });
    if (o) throw new AppError(409, 'overlapping_period', '该当事人在本领域已有公示期重叠的黑名单记录', [{ field: 'startDate', message: `该当事人在本领域已有公示期重叠的记录（${o.decision_no}，${o.start_date} 至 ${o.end_date}），请核对公示期`, code: 'overlapping_period' }]);
  }

  private checkFiles(files: UploadedFile[]): void {
    for (const f of files) {
      if (f.data.length > this.blobs.maxBytes) throw new AppError(413, 'payload_too_large', `文件“${cleanFilename(f.filename)}”超过大小上限`, [{ field: 'document', message: `文件“${cleanFilename(f.filename)}”超过大小上限` }]);
      if (!sniffMime(f.data)) throw new AppError(415, 'unsupported_media_type', `文件“${cleanFilename(f.filename)}”不是 PDF、DOCX、XLSX、JPEG 或 PNG 文件`, [{ field: 'document', message: `文件“${cleanFilename(f.filename)}”的类型不受支持：仅接受 PDF、DOCX、XLSX、JPEG、PNG（按文件内容识别）` }]);
    }
  }

  private async storeDocuments(trx: Executor, p: Principal, entryId: number, kind: 'decision' | 'repair' | 'revoke', files: UploadedFile[], at: string) {
    const out: { id: number; filename: string; sha256: string }[] = [];
    for (const f of files) {
      const stored = await this.blobs.put(f.data);
      await recordBlob(trx, stored, at);
      const filename = cleanFilename(f.filename);
      out.push({ id: await repo.insertDocument(trx, { entryId, kind, sha256: stored.sha256, filename, at, by: p.userId }), filename, sha256: stored.sha256 });
    }
    return out;
  }

  private row(v: ValidEntry) {
    return {
      department_id: v.departmentId, subject_kind: v.subjectKind, name: v.name, name_key: v.nameKey, credit_code: v.creditCode, id_number: v.idNumber,
      subject_key: v.subjectKey, conduct: v.conduct, legal_basis: v.legalBasis, decision_no: v.decisionNo, decision_date: v.decisionDate, sector: v.sector,
      severity: v.severity, start_date: v.startDate, end_date: v.endDate, disclosure_id: v.disclosureId,
    };
  }

  /** Event data: what changed, with the ID number never written into the log in full. */
  private eventData(v: ValidEntry) {
    const { idNumber, nameKey: _k, subjectKey: _s, ...rest } = v;
    return { ...rest, idNumber: idNumber ? `${idNumber.slice(0, 2)}…${idNumber.slice(-3)}` : null };
  }

  async createDraft(p: Principal, input: EntryInput, files: UploadedFile[] = []): Promise<number> {
    if (!canEdit(p, input.departmentId)) throw forbidden('只有作出决定的单位的信息员可以录入黑名单');
    this.checkFiles(files);
    const v = await this.validate(input, null);
    return this.db.transaction().execute(async (trx) => {
      await this.checkConflicts(trx, v, null);
      const at = new Date().toISOString();
      const id = await repo.insertEntry(trx, { ...this.row(v), status: 'draft', created_by: p.userId, created_at: at, updated_at: at });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'blacklist', entityId: id, action: 'create', data: this.eventData(v) });
      const docs = await this.storeDocuments(trx, p, id, 'decision', files, at);
      for (const d of docs) await appendEvent(trx, { at, actorId: p.userId, entity: 'blacklist', entityId: id, action: 'attach', data: { documentId: d.id, kind: 'decision', filename: d.filename, sha256: d.sha256 } });
      return id;
    });
  }

  private async loadForChange(trx: Executor, p: Principal, id: number): Promise<BlacklistEntry> {
    const e = await repo.lockEntry(trx, id, this.dialect);
    if (!e || !canSeeDepartment(p, e.department_id)) throw notFound('黑名单记录');
    return e;
  }

  async updateDraft(p: Principal, id: number, input: Omit<EntryInput, 'departmentId'>): Promise<void> {
    const current = await repo.findEntry(this.db, id);
    if (!current || !canSeeDepartment(p, current.department_id)) throw notFound('黑名单记录');
    if (!canEdit(p, current.department_id)) throw forbidden('只有本单位信息员可以修改');
    if (current.status !== 'draft') throw conflict('只有草稿可以修改；已公示的记录请办理信用修复或撤销');
    const v = await this.validate({ ...input, departmentId: current.department_id }, id);
    await this.db.transaction().execute(async (trx) => {
      const e = await this.loadForChange(trx, p, id);
      if (e.status !== 'draft') throw conflict('只有草稿可以修改');
      const at = new Date().toISOString();
      await repo.updateEntry(trx, id, { ...this.row(v), updated_at: at });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'blacklist', entityId: id, action: 'update', data: this.eventData(v) });
    });
  }

  /** A reviewer of the deciding department who neither drafted nor edited it publishes it. */
  async publish(p: Principal, id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const e = await this.loadForChange(trx, p, id);
      if (!canReview(p, e.department_id)) throw forbidden('只有作出决定的单位的审核人可以发布');
      if ((await repo.entryAuthors(trx, id)).includes(p.userId)) throw forbidden('不能发布自己录入或修改的黑名单记录，请由本单位其他审核人审核发布');
      if (e.status !== 'draft') throw conflict('该记录已发布');
      const today = todayInChina();
      if (e.end_date < today) throw new AppError(409, 'already_ended', '公示截止日期已过，不能再发布', [{ field: 'endDate', message: '公示截止日期已过，不能再发布', code: 'already_ended' }]);
      await this.checkConflicts(trx, { subjectKey: e.subject_key, decisionNo: e.decision_no, sector: e.sector, startDate: e.start_date, endDate: e.end_date }, id);
      const at = new Date().toISOString();
      await repo.updateEntry(trx, id, { status: 'active', published_at: at, published_by: p.userId, updated_at: at });
      const eventId = await appendEvent(trx, { at, actorId: p.userId, entity: 'blacklist', entityId: id, action: 'publish', data: { startDate: e.start_date, endDate: e.end_date } });
      await this.runHooks(trx, { entryId: id, action: 'publish', at, eventId, reason: null }, today);
    });
  }

  /**
   * 信用修复: the subject corrected its conduct and applied after the minimum period (RULES.md §8:
   * "credit repair may be applied for after the minimum"). Recorded with the reason and the
   * repair decision document; the entry leaves the current list that day.
   */
  async repair(p: Principal, id: number, reason: string, files: UploadedFile[]): Promise<void> {
    await this.close(p, id, 'repair', reason, files);
  }

  /** The decision was annulled (复议, 诉讼 or self-correction): the listing is void from the start. */
  async revoke(p: Principal, id: number, reason: string, files: UploadedFile[]): Promise<void> {
    await this.close(p, id, 'revoke', reason, files);
  }

  private async close(p: Principal, id: number, action: 'repair' | 'revoke', reason: string, files: UploadedFile[]): Promise<void> {
    const r = reason.trim();
    const what = action === 'repair' ? '信用修复' : '撤销';
    const errors = [];
    if (!r) errors.push({ field: 'reason', message: `请填写${what}理由`, code: 'required' });
    else if (r.length > LIMITS.reason) errors.push({ field: 'reason', message: `理由不能超过${LIMITS.reason}个字`, code: 'too_long' });
    if (!files.length) errors.push({ field: 'document', message: `请上传${what}决定书或相关证明材料`, code: 'required' });
    if (errors.length) throw invalid(errors);
    this.checkFiles(files);
    await this.db.transaction().execute(async (trx) => {
      const e = await this.loadForChange(trx, p, id);
      if (!canReview(p, e.department_id)) throw forbidden(`只有作出决定的单位的审核人可以办理${what}`);
      const today = todayInChina();
      if (action === 'repair') {
        if (e.status !== 'active' || e.end_date < today) throw conflict('只有公示中的记录可以办理信用修复');
        const from = repairEligibleFrom(e.severity, e.decision_date);
        if (today < from) throw new AppError(409, 'repair_too_early', `最短公示期未满，${from} 起方可申请信用修复`, [{ field: 'reason', message: `最短公示期未满，${from} 起方可申请信用修复（《信用修复管理办法》）`, code: 'repair_too_early' }]);
      } else if (e.status === 'draft' || e.status === 'revoked') {
        throw conflict(e.status === 'draft' ? '草稿尚未公示，无需撤销' : '该记录已撤销');
      }
      const at = new Date().toISOString();
      await repo.updateEntry(trx, id, { status: action === 'repair' ? 'repaired' : 'revoked', closed_on: today, close_reason: r, updated_at: at });
      const docs = await this.storeDocuments(trx, p, id, action, files, at);
      const eventId = await appendEvent(trx, { at, actorId: p.userId, entity: 'blacklist', entityId: id, action, reason: r, data: { from: e.status, documents: docs } });
      await this.runHooks(trx, { entryId: id, action, at, eventId, reason: r }, today);
    });
  }

  /**
   * The expiry job: active entries whose last day has passed become `expired`, one event each.
   * Idempotent (an expired entry is not active any more); safe to run late or twice.
   */
  async expireDue(now = new Date()): Promise<{ expired: number }> {
    const today = todayInChina(now);
    const due = await repo.dueToExpire(this.db, today);
    let n = 0;
    for (const d of due) {
      await this.db.transaction().execute(async (trx) => {
        const e = await repo.lockEntry(trx, d.id, this.dialect);
        if (!e || e.status !== 'active' || e.end_date >= today) return;
        const at = new Date().toISOString();
        await repo.updateEntry(trx, d.id, { status: 'expired', closed_on: e.end_date, updated_at: at });
        const eventId = await appendEvent(trx, { at, actorId: null, entity: 'blacklist', entityId: d.id, action: 'expire', data: { endDate: e.end_date } });
        await this.runHooks(trx, { entryId: d.id, action: 'expire', at, eventId, reason: null }, today);
        n++;
      });
    }
    return { expired: n };
  }

  private runHooks(trx: Trx, c: Omit<BlacklistChange, 'entry'>, today: string): Promise<void> {
    return runBlacklistHooks(this.hooks, trx, c, today);
  }

  /** What /blacklist/:id shows (site-relative URLs), as of `today`; undefined for a draft. */
  publicView(ex: Executor, id: number, today = todayInChina()): Promise<PublicEntry | undefined> {
    return publicViewOf(ex, id, today);
  }

  /** Public views of the published entries after `afterId`, in id order (rebuilding the search index). */
  async publicViewsAfter(ex: Executor, afterId: number, limit: number, today = todayInChina()): Promise<{ entry: PublicEntry; updatedAt: string }[]> {
    const rows = await repo.listPublishedAfter(ex, afterId, limit);
    const out: { entry: PublicEntry; updatedAt: string }[] = [];
    for (const r of rows) out.push({ entry: toPublicEntry(r, '', today, await disclosureLinkable(ex, r.disclosure_id)), updatedAt: r.updated_at });
    return out;
  }

  // ---- reads ----

  listPublic = (f: repo.PublicFilter, limit: number, offset: number) => repo.listPublic(this.db, f, limit, offset);
  countPublic = (f: repo.PublicFilter) => repo.countPublic(this.db, f);

  async getPublic(id: number) {
    const e = await repo.findEntry(this.db, id);
    if (!e || e.status === 'draft') throw notFound('黑名单记录');
    const events = (await historyOf(this.db, 'blacklist', id)).filter((x) => (PUBLIC_ACTIONS as readonly string[]).includes(x.action));
    const disclosure = e.disclosure_id ? await repo.disclosureRef(this.db, e.disclosure_id) : undefined;
    return { entry: e, events, disclosure: disclosure && disclosure.version > 0 && disclosure.state !== 'withdrawn' ? disclosure : undefined };
  }

  async getForStaff(p: Principal, id: number) {
    const e = await repo.findEntry(this.db, id);
    if (!e || !canSeeDepartment(p, e.department_id)) throw notFound('黑名单记录');
    const [events, documents, authors] = await Promise.all([historyOf(this.db, 'blacklist', id), repo.listDocuments(this.db, id), repo.entryAuthors(this.db, id)]);
    return { entry: e, events, documents, authors };
  }

  async staffDocument(p: Principal, id: number, docId: number) {
    await this.getForStaff(p, id);
    const d = await repo.findDocument(this.db, id, docId);
    if (!d) throw notFound('文件');
    return d;
  }

  staffList(p: Principal, status?: string) {
    const depts = isOffice(p) ? undefined : [...new Set(p.memberships.map((m) => m.departmentId))];
    return repo.listForStaff(this.db, { ...(depts ? { departmentIds: depts } : {}), ...(status ? { status } : {}) });
  }
}
