// Disclosure rules: who may do what, when, and what the public sees. Every change is one
// transaction that writes the row, the event and (on publication) the immutable version.
import type { Db, Executor, Trx } from '../../db/index.ts';
import type { Disclosure, DisclosureState } from '../../db/schema.ts';
import { AppError, conflict, forbidden, invalid, notFound, type ErrorDetail } from '../../domain/errors.ts';
import { renderMarkdown } from '../../web/richtext.ts';
import { canEdit, canReview, canSeeDepartment, isOffice, type Principal } from '../accounts/service.ts';
import { recordBlob, type BlobStore } from '../attachments/store.ts';
import { cleanFilename, sniffMime } from '../attachments/sniff.ts';
import { appendEvent, appendEvents, historyOf } from '../events/service.ts';
import { validateFields } from '../item-types/fields.ts';
import type { ItemType, ItemTypeRegistry } from '../item-types/service.ts';
import { toPublicJsonList } from './public-json.ts';
import * as repo from './repository.ts';
import { sealsOf, sealVersion } from './seals.ts';
import { EDITABLE_STATES, nextState, type DisclosureAction } from './state.ts';
import { WITHHELD_KEY, type ReviewInput } from '../privacy/checklist.ts';
import type { ApprovalGate, GateWarning, PrivacyChange, PrivacyGuard } from './guard.ts';

export type { ApprovalGate, GateWarning, NewDraftText, PrivacyChange, PrivacyGuard, VersionAttachment } from './guard.ts';

export interface DueResult {
  dueDate: string | null;
  /** `calendar_unknown`: the period runs into a year whose official calendar is not loaded. */
  status: 'ok' | 'calendar_unknown' | 'no_rule';
}
export type DueComputer = (ruleCode: string, startDate: string) => DueResult;

export interface DraftInput {
  itemTypeId: number;
  departmentId: number;
  projectId: number | null;
  title: string;
  body: string;
  formedDate: string;
  fields: Record<string, unknown>;
}

export interface UploadedFile {
  filename: string;
  data: Buffer;
}

export interface PublicationEvent {
  disclosureId: number;
  version: number;
  event: 'publish' | 'correct' | 'withdraw';
  at: string;
}
/** Called inside the publication transaction (search index, publication log, feeds…). */
export type PublicationHook = (trx: Trx, e: PublicationEvent) => Promise<void>;

export const TITLE_MAX = 200;
export const BODY_MAX = 100_000;

export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export class DisclosureService {
  readonly hooks: PublicationHook[] = [];
  /** Wired by createContext (context.ts). */
  privacy: PrivacyGuard | null = null;
  /** Further approval checks (黑名单 cross-check, issue 8 §2); wired by createContext. */
  readonly approvalGates: ApprovalGate[] = [];

  constructor(
    private readonly db: Db,
    private readonly dialect: 'sqlite' | 'postgres',
    private readonly itemTypes: ItemTypeRegistry,
    private readonly due: DueComputer,
    private readonly blobs: BlobStore,
  ) {}

  /** Validates everything an editor typed; returns normalised fields or every problem at once. */
  validateDraft(input: DraftInput): { itemType: ItemType; fields: Record<string, unknown> } {
    const errors: ErrorDetail[] = [];
    const itemType = this.itemTypes.get(input.itemTypeId);
    if (!itemType || !itemType.active) throw new AppError(400, 'unknown_item_type', '信息类型不存在或已停用');
    const title = input.title.trim();
    if (!title) errors.push({ field: 'title', message: '请填写标题', code: 'required' });
    else if (title.length > TITLE_MAX) errors.push({ field: 'title', message: `标题不能超过${TITLE_MAX}个字`, code: 'too_long' });
    if (input.body.length > BODY_MAX) errors.push({ field: 'body', message: `正文不能超过${BODY_MAX}个字`, code: 'too_long' });
    if (!input.formedDate) errors.push({ field: 'formedDate', message: '请填写信息形成（变更）日期', code: 'required' });
    else if (!isIsoDate(input.formedDate)) errors.push({ field: 'formedDate', message: '信息形成（变更）日期格式应为 YYYY-MM-DD', code: 'not_a_date' });
    else if (input.formedDate > todayInChina()) errors.push({ field: 'formedDate', message: '信息形成（变更）日期不能晚于今天', code: 'in_future' });
    // A reviewer's withholding decisions (privacy guard) belong to the stored copy, not to what an
    // editor submits: an edit drops them, and the findings they resolved are open again.
    const { [WITHHELD_KEY]: _decisions, ...submitted } = input.fields;
    const v = validateFields(itemType.fields, submitted);
    let fields: Record<string, unknown> = {};
    if (v.ok) fields = v.value;
    else for (const e of v.errors) errors.push({ field: `f.${e.path}`, message: `${e.label}：${e.message}`, code: e.code });
    if (errors.length) throw invalid(errors);
    return { itemType, fields };
  }

  /** Another department's record is reported as absent, not forbidden: its existence is not public. */
  private async loadForChange(trx: Executor, id: number, p: Principal): Promise<Disclosure> {
    const d = await repo.lockDisclosure(trx, id, this.dialect);
    if (!d || !canSeeDepartment(p, d.department_id)) throw notFound('信息');
    return d;
  }

  private async transition(trx: Trx, p: Principal, d: Disclosure, action: DisclosureAction, reason: string | null, set: Parameters<typeof repo.updateDisclosure>[2] = {}, data?: unknown): Promise<DisclosureState> {
    const to = nextState(d.state, action);
    if (to === null) throw conflict(`当前状态（${d.state}）下不能执行该操作`);
    const at = new Date().toISOString();
    await repo.updateDisclosure(trx, d.id, { ...set, state: to, updated_at: at });
    await appendEvent(trx, { at, actorId: p.userId, entity: 'disclosure', entityId: d.id, action, reason, data });
    return to;
  }

  private dueFor(itemType: ItemType, formedDate: string): DueResult {
    return this.due(itemType.deadlineRule, formedDate);
  }

  private async storeFiles(trx: Trx, p: Principal, disclosureId: number, files: UploadedFile[]): Promise<void> {
    for (const f of files) {
      const stored = await this.blobs.put(f.data);
      const at = new Date().toISOString();
      await recordBlob(trx, stored, at);
      const attId = await repo.insertAttachment(trx, { disclosureId, sha256: stored.sha256, filename: cleanFilename(f.filename), at, by: p.userId });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'disclosure', entityId: disclosureId, action: 'attach', data: { attachmentId: attId, sha256: stored.sha256, filename: cleanFilename(f.filename), size: stored.size, mime: stored.mime } });
    }
  }

  /** Refuses a wrong type or size before anything else, so a bad file never costs the user a valid form. */
  private checkFiles(files: UploadedFile[]): void {
    for (const f of files) {
      if (f.data.length > this.blobs.maxBytes) throw new AppError(413, 'payload_too_large', `附件“${cleanFilename(f.filename)}”超过大小上限`, [{ field: 'files', message: `附件“${cleanFilename(f.filename)}”超过大小上限` }]);
      if (!sniffMime(f.data)) throw new AppError(415, 'unsupported_media_type', `附件“${cleanFilename(f.filename)}”不是 PDF、DOCX、XLSX、JPEG 或 PNG 文件（按文件内容识别），未保存`, [{ field: 'files', message: `附件“${cleanFilename(f.filename)}”的类型不受支持：仅接受 PDF、DOCX、XLSX、JPEG、PNG（按文件内容识别）` }]);
    }
  }

  async createDraft(p: Principal, input: DraftInput, files: UploadedFile[] = []): Promise<number> {
    if (!canEdit(p, input.departmentId)) throw forbidden('只有本单位信息员可以起草信息');
    this.checkFiles(files);
    const { itemType, fields } = this.validateDraft(input);
    await this.checkProject(input.projectId);
    const due = this.dueFor(itemType, input.formedDate);
    await this.privacy?.prepareFiles(files);
    return this.db.transaction().execute(async (trx) => {
      const at = new Date().toISOString();
      const id = await repo.insertDisclosure(trx, {
        itemTypeId: itemType.id,
        departmentId: input.departmentId,
        projectId: input.projectId,
        title: input.title.trim(),
        body: input.body,
        fields: JSON.stringify(fields),
        formedDate: input.formedDate,
        dueDate: due.dueDate,
        dueRule: itemType.deadlineRule,
        createdBy: p.userId,
        at,
      });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'disclosure', entityId: id, action: 'create', data: { itemType: itemType.code, dueStatus: due.status } });
      await this.storeFiles(trx, p, id, files);
      await this.recomputePrivacy(trx, id);
      return id;
    });
  }

  /**
   * Many drafts at once (Excel import, OCDS ingestion): every input is validated first and every
   * problem reported (field names prefixed with the input's index, `3.f.suppliers.0.creditCode`);
   * then all are written in ONE transaction – all or nothing (issue 4 §3). `afterInsert` runs in
   * that transaction with the new ids.
   */
  async createDraftsBulk(p: Principal, inputs: DraftInput[], source: Record<string, unknown> = {}, afterInsert?: (trx: Trx, ids: number[]) => Promise<void>): Promise<number[]> {
    const errors: ErrorDetail[] = [];
    const prepared: { input: DraftInput; itemType: ItemType; fields: Record<string, unknown> }[] = [];
    inputs.forEach((input, i) => {
      if (!canEdit(p, input.departmentId)) throw forbidden('只有本单位信息员可以起草信息');
      try {
        prepared.push({ input, ...this.validateDraft(input) });
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 400) throw e;
        for (const d of e.details.length ? e.details : [{ field: '', message: e.message, code: e.code }]) errors.push({ ...d, field: `${i}.${d.field}` });
      }
    });
    const projectIds = [...new Set(inputs.map((x) => x.projectId).filter((x): x is number => x !== null))];
    for (const pid of projectIds) {
      try {
        await this.checkProject(pid);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        inputs.forEach((x, i) => x.projectId === pid && errors.push({ field: `${i}.projectId`, message: '所选项目不存在', code: 'unknown_project' }));
      }
    }
    if (errors.length) throw invalid(errors);
    const dues = new Map<string, DueResult>();
    // The same rows as createDraft writes for each (row, `create` event, privacy findings), but in
    // multi-row statements: per-row round trips made a 50,000-row workbook take minutes.
    const at = new Date().toISOString();
    const rows = prepared.map(({ input, itemType, fields }) => {
      const dk = `${itemType.deadlineRule}|${input.formedDate}`;
      let due = dues.get(dk);
      if (!due) dues.set(dk, (due = this.dueFor(itemType, input.formedDate)));
      const row: repo.InsertDisclosure = { itemTypeId: itemType.id, departmentId: input.departmentId, projectId: input.projectId, title: input.title.trim(), body: input.body, fields: JSON.stringify(fields), formedDate: input.formedDate, dueDate: due.dueDate, dueRule: itemType.deadlineRule, createdBy: p.userId, at };
      return { row, data: { itemType: itemType.code, dueStatus: due.status, ...source } };
    });
    return this.db.transaction().execute(async (trx) => {
      const ids = await repo.insertDisclosures(trx, rows.map((r) => r.row));
      await appendEvents(trx, ids.map((id, i) => ({ at, actorId: p.userId, entity: 'disclosure', entityId: id, action: 'create', data: rows[i]!.data })));
      await this.privacy?.recomputeNewDrafts(trx, ids.map((id, i) => ({ id, item_type_id: rows[i]!.row.itemTypeId, title: rows[i]!.row.title, body: rows[i]!.row.body, fields: rows[i]!.row.fields })));
      // The caller's own rows (an ingestion ledger …) commit or fail with the drafts.
      if (afterInsert) await afterInsert(trx, ids);
      return ids;
    });
  }

  async updateDraft(p: Principal, id: number, input: Omit<DraftInput, 'departmentId' | 'itemTypeId'>, files: UploadedFile[] = [], removeAttachmentIds: number[] = []): Promise<void> {
    const current = await repo.findDisclosure(this.db, id);
    if (!current || !canSeeDepartment(p, current.department_id)) throw notFound('信息');
    if (!canEdit(p, current.department_id)) throw forbidden('只有本单位信息员可以修改信息');
    this.checkFiles(files);
    const { itemType, fields } = this.validateDraft({ ...input, itemTypeId: current.item_type_id, departmentId: current.department_id });
    await this.checkProject(input.projectId);
    const due = this.dueFor(itemType, input.formedDate);
    await this.privacy?.prepareFiles(files);
    await this.db.transaction().execute(async (trx) => {
      const d = await this.loadForChange(trx, id, p);
      if (!EDITABLE_STATES.includes(d.state)) throw conflict('只有草稿或被退回的信息可以修改');
      await this.transition(trx, p, d, 'update', null, {
        title: input.title.trim(),
        body: input.body,
        fields: JSON.stringify(fields),
        formed_date: input.formedDate,
        project_id: input.projectId,
        due_date: due.dueDate,
        due_rule: itemType.deadlineRule,
      });
      const at = new Date().toISOString();
      for (const attId of removeAttachmentIds) {
        if (await repo.markAttachmentRemoved(trx, id, attId, at)) {
          await appendEvent(trx, { at, actorId: p.userId, entity: 'disclosure', entityId: id, action: 'detach', data: { attachmentId: attId } });
        }
      }
      await this.storeFiles(trx, p, id, files);
      await this.recomputePrivacy(trx, id);
    });
  }

  private async recomputePrivacy(trx: Trx, id: number): Promise<void> {
    if (!this.privacy) return;
    const d = await repo.findDisclosure(trx, id);
    if (d) await this.privacy.recompute(trx, d);
  }

  /**
   * A privacy decision on the working copy (mask a finding, keep it with a basis, withhold a field,
   * a redacted rendition): one transaction that applies it, writes the event and recomputes the
   * findings. Only before approval; only the department's editors and reviewers.
   */
  async privacyChange<T>(p: Principal, id: number, change: PrivacyChange<T>): Promise<T | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const d = await this.loadForChange(trx, id, p);
      const allowed = canReview(p, d.department_id) || (!change.reviewerOnly && canEdit(p, d.department_id));
      if (!allowed) throw forbidden(change.reviewerOnly ? '只有本单位审核人可以作出保留或不予公开的决定' : '只有本单位信息员或审核人可以处理');
      if (nextState(d.state, change.action) === null) throw conflict('只有草稿、被退回或待审核的信息可以处理个人信息问题');
      const r = await change.apply(trx, d);
      const at = new Date().toISOString();
      if (r.set) {
        await repo.updateDisclosure(trx, id, {
          ...(r.set.title !== undefined ? { title: r.set.title } : {}),
          ...(r.set.body !== undefined ? { body: r.set.body } : {}),
          ...(r.set.fields !== undefined ? { fields: JSON.stringify(r.set.fields) } : {}),
          updated_at: at,
        });
      }
      await appendEvent(trx, { at, actorId: p.userId, entity: 'disclosure', entityId: id, action: change.action, reason: r.reason ?? null, data: r.data });
      await this.recomputePrivacy(trx, id);
      return r.result;
    });
  }

  private async checkProject(projectId: number | null): Promise<void> {
    if (projectId === null) return;
    const exists = await this.db.selectFrom('projects').select('id').where('id', '=', projectId).executeTakeFirst();
    if (!exists) throw invalid([{ field: 'projectId', message: '所选项目不存在', code: 'unknown_project' }]);
  }

  async submit(p: Principal, id: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const d = await this.loadForChange(trx, id, p);
      if (!canEdit(p, d.department_id)) throw forbidden('只有本单位信息员可以提交审核');
      await this.transition(trx, p, d, 'submit', null);
    });
  }

  /**
   * 保密审查 before publication: a reviewer of the department who did not write or submit this
   * version approves it. No self-approval, ever (issue 2 §4).
   */
  async approve(p: Principal, id: number, note: string | null, review: ReviewInput | undefined, overrides: Record<string, string> = {}): Promise<void> {
    await this.privacy?.ensureScanned(id);
    await this.db.transaction().execute(async (trx) => {
      const d = await this.loadForChange(trx, id, p);
      if (!canReview(p, d.department_id)) throw forbidden('只有本单位审核人可以审核');
      const authors = await repo.authorsSinceLastPublish(trx, id);
      if (authors.includes(p.userId)) throw forbidden('不能审核自己起草或修改的信息');
      if (nextState(d.state, 'approve') === null) throw conflict(`当前状态（${d.state}）下不能执行该操作`);
      // 保密审查 (issue 6 §4): the checklist and every finding resolved, recorded with the approval.
      await this.privacy?.approve(trx, p, d, review);
      for (const g of this.approvalGates) await g.check(trx, p, d, overrides[g.overrideField] ?? '');
      await this.transition(trx, p, d, 'approve', note);
    });
  }

  /** What the approval gates would refuse for this working copy (shown on the review page). */
  async approvalWarnings(d: Disclosure): Promise<GateWarning[]> {
    const out: GateWarning[] = [];
    for (const g of this.approvalGates) out.push(...(await g.warnings(this.db, d)));
    return out;
  }

  async returnToEditor(p: Principal, id: number, reason: string): Promise<void> {
    const r = reason.trim();
    if (!r) throw invalid([{ field: 'reason', message: '请填写退回原因', code: 'required' }]);
    if (r.length > 2000) throw invalid([{ field: 'reason', message: '退回原因不能超过2000个字', code: 'too_long' }]);
    await this.db.transaction().execute(async (trx) => {
      const d = await this.loadForChange(trx, id, p);
      if (!canReview(p, d.department_id)) throw forbidden('只有本单位审核人可以退回');
      await this.transition(trx, p, d, 'return', r);
    });
  }

  /** Publishes the approved working copy as a new immutable version. */
  async publish(p: Principal, id: number): Promise<number> {
    await this.privacy?.ensureScanned(id);
    return this.db.transaction().execute(async (trx) => {
      const d = await this.loadForChange(trx, id, p);
      if (!canReview(p, d.department_id) && !canEdit(p, d.department_id)) throw forbidden('只有本单位人员可以发布');
      const version = d.version + 1;
      const at = new Date().toISOString();
      // The public rendition of each attachment (masked/redacted); originals stay internal (issue 6 §3).
      await this.privacy?.assertResolved(trx, d);
      const attachments = this.privacy ? await this.privacy.versionAttachments(trx, id) : await repo.currentAttachments(trx, id);
      await repo.insertVersion(trx, {
        disclosureId: id,
        version,
        title: d.title,
        body: d.body,
        bodyHtml: renderMarkdown(d.body),
        fields: d.fields,
        formedDate: d.formed_date,
        attachments: JSON.stringify(attachments),
        changeReason: version > 1 ? d.pending_reason : null,
        at,
        by: p.userId,
        dueDate: d.due_date,
      });
      await this.transition(trx, p, d, 'publish', version > 1 ? d.pending_reason : null, {
        version,
        first_published_at: d.first_published_at ?? at,
        last_published_at: at,
        pending_reason: null,
      }, { version });
      for (const h of this.hooks) await h(trx, { disclosureId: id, version, event: version > 1 ? 'correct' : 'publish', at });
      return version;
    });
  }

  /** Opens a published disclosure for correction; the reason will be public with the new version. */
  async startCorrection(p: Principal, id: number, reason: string): Promise<void> {
    const r = reason.trim();
    if (!r) throw invalid([{ field: 'reason', message: '请填写更正原因（将随新版本公开）', code: 'required' }]);
    if (r.length > 2000) throw invalid([{ field: 'reason', message: '更正原因不能超过2000个字', code: 'too_long' }]);
    await this.db.transaction().execute(async (trx) => {
      const d = await this.loadForChange(trx, id, p);
      if (!canEdit(p, d.department_id)) throw forbidden('只有本单位信息员可以发起更正');
      await this.transition(trx, p, d, 'correct', r, { pending_reason: r });
    });
  }

  /** Withdrawal leaves a public tombstone with the reason; nothing is deleted. */
  async withdraw(p: Principal, id: number, reason: string): Promise<void> {
    const r = reason.trim();
    if (!r) throw invalid([{ field: 'reason', message: '请填写撤回原因（将公开显示）', code: 'required' }]);
    if (r.length > 2000) throw invalid([{ field: 'reason', message: '撤回原因不能超过2000个字', code: 'too_long' }]);
    await this.db.transaction().execute(async (trx) => {
      const d = await this.loadForChange(trx, id, p);
      if (!canReview(p, d.department_id)) throw forbidden('只有本单位审核人可以撤回已发布信息');
      await this.transition(trx, p, d, 'withdraw', r);
      const at = new Date().toISOString();
      for (const h of this.hooks) await h(trx, { disclosureId: id, version: d.version, event: 'withdraw', at });
    });
  }

  // ---- reads ----

  async getForStaff(p: Principal, id: number) {
    const d = await repo.findDisclosure(this.db, id);
    if (!d || !canSeeDepartment(p, d.department_id)) throw notFound('信息');
    const [attachments, versions, authors] = await Promise.all([
      repo.currentAttachments(this.db, id),
      repo.listVersions(this.db, id),
      repo.authorsSinceLastPublish(this.db, id),
    ]);
    return { disclosure: d, itemType: this.itemTypes.get(d.item_type_id)!, attachments, versions, authors };
  }

  async getPublic(id: number) {
    const d = await repo.findDisclosure(this.db, id);
    if (!d || d.version === 0) throw notFound('信息');
    const [versions, projects, withdrawal, row, seals] = await Promise.all([
      repo.listVersions(this.db, id),
      repo.projectRefs(this.db, d.project_id ? [d.project_id] : []),
      d.state === 'withdrawn' ? repo.latestEvent(this.db, id, 'withdraw') : Promise.resolve(undefined),
      repo.findPublicRow(this.db, id),
      sealsOf(this.db, id),
    ]);
    return { disclosure: d, itemType: this.itemTypes.get(d.item_type_id)!, versions, project: projects[0], withdrawal, row: row!, seals };
  }

  /** Health probe: one trivial read. */
  async ping(): Promise<void> {
    await repo.countPublic(this.db, { sector: '__none__' });
  }

  /** The attachment if it belongs to a published version of a disclosure that is not withdrawn. */
  async publicAttachment(disclosureId: number, attachmentId: number) {
    const d = await repo.findDisclosure(this.db, disclosureId);
    if (!d || d.version === 0 || d.state === 'withdrawn') throw notFound('附件');
    const [versions, seals] = await Promise.all([repo.listVersions(this.db, disclosureId), sealsOf(this.db, disclosureId)]);
    for (const v of versions) {
      if (seals.has(v.version)) continue;
      const list = JSON.parse(v.attachments) as { id: number; filename: string; sha256: string; mime: string; size: number }[];
      const a = list.find((x) => x.id === attachmentId);
      if (a) return a;
    }
    throw notFound('附件');
  }

  /** Seals an earlier version (seals.ts): its content is never public again. */
  sealVersion(p: Principal, id: number, version: number, reason: string): Promise<void> {
    return sealVersion(this.db, p, id, version, reason);
  }

  sealsOf(id: number) {
    return sealsOf(this.db, id);
  }

  async staffAttachment(p: Principal, disclosureId: number, attachmentId: number) {
    const { attachments, versions } = await this.getForStaff(p, disclosureId);
    const a = attachments.find((x) => x.id === attachmentId) ?? versions.flatMap((v) => JSON.parse(v.attachments) as typeof attachments).find((x) => x.id === attachmentId);
    if (!a) throw notFound('附件');
    return a;
  }

  listPublicPage = (f: repo.PublicListFilter, limit: number, offset: number) => repo.listPublicPage(this.db, f, limit, offset);
  countPublic = (f: repo.PublicListFilter) => repo.countPublic(this.db, f);
  listPublicAfter = (f: repo.PublicListFilter, limit: number, cursor: { at: string; id: number } | null) => repo.listPublicAfter(this.db, f, limit, cursor);
  countsBySector = () => repo.countsBySector(this.db);

  myDrafts(p: Principal) {
    return repo.listWorkingCopies(this.db, { createdBy: p.userId, states: ['draft', 'returned', 'submitted', 'approved'] });
  }

  reviewQueue(p: Principal) {
    const depts = p.memberships.filter((m) => m.role === 'reviewer').map((m) => m.departmentId);
    return repo.listWorkingCopies(this.db, { departmentIds: depts, states: ['submitted'] });
  }

  readyToPublish(p: Principal) {
    const depts = p.memberships.filter((m) => m.role === 'reviewer' || m.role === 'editor').map((m) => m.departmentId);
    return repo.listWorkingCopies(this.db, { departmentIds: depts, states: ['approved'] });
  }

  departmentRecords(p: Principal, states?: DisclosureState[]) {
    const depts = isOffice(p) ? undefined : [...new Set(p.memberships.map((m) => m.departmentId))];
    return repo.listWorkingCopies(this.db, { ...(depts ? { departmentIds: depts } : {}), ...(states ? { states } : {}) });
  }

  /**
   * The public content of one disclosure read through `ex` – the publication hooks pass their own
   * transaction (search index, change feed, webhooks; issue 5). The same masked JSON as the API
   * (public-json.ts), the current version's sanitised body and attachment names, and for a
   * withdrawn disclosure only what its tombstone shows.
   */
  async publicSnapshot(ex: Executor, id: number) {
    const row = await repo.findPublicRow(ex, id);
    if (!row) return undefined;
    const [json] = await toPublicJsonList(ex, this.itemTypes, '', [row]);
    const withdrawn = row.state === 'withdrawn';
    const version = await repo.findVersion(ex, id, row.version);
    const events = await historyOf(ex, 'disclosure', id);
    const last = [...events].reverse().find((e) => e.action === 'publish' || e.action === 'withdraw');
    return {
      json: json!,
      itemType: this.itemTypes.byCodeOrUndefined(row.item_type_code)!,
      bodyHtml: withdrawn ? '' : (version?.body_html ?? ''),
      attachmentNames: withdrawn ? [] : (JSON.parse(version?.attachments ?? '[]') as { filename: string }[]).map((a) => a.filename),
      changeReason: version?.change_reason ?? null,
      /** The latest publish/withdraw event: what the change feed records. */
      lastEvent: last ? { id: last.id, action: last.action as 'publish' | 'withdraw', at: last.at, reason: last.reason } : undefined,
      withdrawal: withdrawn && last?.action === 'withdraw' ? { at: last.at, reason: last.reason ?? '' } : undefined,
    };
  }

  async stateMatchesEvents(id: number): Promise<{ cached: DisclosureState; actions: string[] }> {
    const d = await repo.findDisclosure(this.db, id);
    if (!d) throw notFound('信息');
    return { cached: d.state, actions: await repo.eventActions(this.db, id) };
  }
}

export async function awardPublishedFor(db: Executor, projectId: number | null, stage: string): Promise<boolean> {
  if (['award', 'contract', 'performance'].includes(stage)) return true;
  return projectId === null ? false : repo.projectAwardPublished(db, projectId);
}

export { searchPublicTitles } from './repository.ts';
