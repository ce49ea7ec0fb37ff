// Answering a request: the department drafts the answer (type, reason, text, files), the privacy
// guard scans it, someone resolves what it found, and only then is the answer sent – the letter
// generated as DOCX, kept, and the answer event closes the clock.
import { AppError, conflict, invalid, notFound, type ErrorDetail } from '../../domain/errors.ts';
import type { Principal } from '../accounts/service.ts';
import { recordBlob, type BlobStore } from '../attachments/store.ts';
import { cleanFilename, sniffMime, type AllowedMime } from '../attachments/sniff.ts';
import { findDepartmentById } from '../departments/service.ts';
import { todayInChina, type UploadedFile } from '../disclosures/service.ts';
import { appendEvent } from '../events/service.ts';
import type { ResultItem } from '../annual-report/table3.ts';
import { answerType, resultOfAnswer, type AnswerTypeCode } from './answer-types.ts';
import { buildAnswerLetter } from './letter.ts';
import { ACK_BASES, blocksSending, ownValues, scanFile, scanText, type AckBasis, type PrivacyReport, type ScanResult } from './privacy-guard.ts';
import * as repo from './repository.ts';
import type { RequestRow, RequestService } from './service.ts';

export const ANSWER_TEXT_MAX = 20_000;
const OPEN = ['in_progress', 'consulting', 'fee_pending'];

export interface AnswerDraftInput {
  answerType: string;
  reason: string | null;
  body: string;
  where: string;
  agency: string;
}

export interface DeliveredFile {
  filename: string;
  mime: string;
  data: Buffer;
}

export class AnswerService {
  constructor(
    private readonly requests: RequestService,
    private readonly blobs: BlobStore,
  ) {}

  private get db() {
    return this.requests.db;
  }

  private validate(input: AnswerDraftInput, clarified: boolean): { result: string; errors: ErrorDetail[] } {
    const errors: ErrorDetail[] = [];
    const m = resultOfAnswer(input.answerType, input.reason || null, this.requests.opts.resultOverrides);
    if (!m.ok) errors.push({ field: m.field, message: m.message, code: 'contradicts_table3' });
    const t = answerType(input.answerType);
    if (t?.needs?.where && !input.where.trim()) errors.push({ field: 'where', message: `答复类型“${t.label}”须写明获取的方式和途径`, code: 'required' });
    if (t?.needs?.agency && !input.agency.trim()) errors.push({ field: 'agency', message: '请写明负责公开该信息的机关名称和联系方式（条例第三十六条第（五）项）', code: 'required' });
    if (t?.requiresClarification && !clarified) errors.push({ field: 'answerType', message: '只有经过补正的申请才能以“补正后申请内容仍不明确”答复', code: 'no_clarification' });
    for (const [k, v] of [['body', input.body], ['where', input.where], ['agency', input.agency]] as const) if (v.length > ANSWER_TEXT_MAX) errors.push({ field: k, message: `内容不能超过${ANSWER_TEXT_MAX}个字`, code: 'too_long' });
    return { result: m.ok ? m.result : '', errors };
  }

  private checkFiles(files: UploadedFile[]): void {
    for (const f of files) {
      if (f.data.length > this.blobs.maxBytes) throw new AppError(413, 'payload_too_large', `文件“${cleanFilename(f.filename)}”超过大小上限`);
      if (!sniffMime(f.data)) throw new AppError(415, 'unsupported_media_type', `文件“${cleanFilename(f.filename)}”不是 PDF、DOCX、XLSX、JPEG 或 PNG 文件（按文件内容识别），未保存`);
    }
  }

  /** Saves (or replaces) the draft answer, stores new files and rescans everything. */
  async saveDraft(p: Principal, id: number, input: AnswerDraftInput, files: UploadedFile[] = [], removeFileIds: number[] = []): Promise<PrivacyReport> {
    const req = await this.requests.loadForStaff(p, id);
    if (!OPEN.includes(req.state)) throw conflict(req.state === 'clarification' ? '申请人补正期间不能答复' : '只有办理中的申请可以拟定答复');
    const clock = await this.requests.clockOf(id);
    const { result, errors } = this.validate(input, clock.clarification.completed !== null);
    if (errors.length) throw invalid(errors);
    this.checkFiles(files);
    const own = ownValues(req);
    const stored: { f: UploadedFile; blob: Awaited<ReturnType<BlobStore['put']>> }[] = [];
    for (const f of files) stored.push({ f, blob: await this.blobs.put(f.data) });
    const at = new Date().toISOString();
    return this.db.transaction().execute(async (trx) => {
      for (const fid of removeFileIds) if (await repo.markFileRemoved(trx, id, fid, at)) await appendEvent(trx, { at, actorId: p.userId, entity: 'request', entityId: id, action: 'file_remove', data: { fileId: fid } });
      for (const { f, blob } of stored) {
        await recordBlob(trx, blob, at);
        const name = cleanFilename(f.filename);
        const fileId = await repo.insertFile(trx, { requestId: id, purpose: 'answer', sha256: blob.sha256, filename: name, scan: '{}', at, by: p.userId });
        await repo.setFileScan(trx, fileId, JSON.stringify(scanFile(fileId, name, f.data, blob.mime, own)));
        await appendEvent(trx, { at, actorId: p.userId, entity: 'request', entityId: id, action: 'file_add', data: { fileId, sha256: blob.sha256, filename: name, size: blob.size, mime: blob.mime } });
      }
      const text = [input.where, input.agency, input.body].filter((s) => s.trim()).join('\n');
      const scans: ScanResult[] = [scanText('text', '答复正文', text, own)];
      for (const f of await repo.listFiles(trx, id)) if (f.purpose === 'answer') scans.push(JSON.parse(f.scan) as ScanResult);
      // Any change voids an earlier acknowledgement: what was checked is no longer what is sent.
      const report: PrivacyReport = { scans, ack: null };
      await repo.saveAnswer(trx, id, { answer_type: input.answerType, reason: input.reason || null, result, body: input.body, where_text: input.where, agency_text: input.agency, privacy: JSON.stringify(report), by: p.userId, at });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'request', entityId: id, action: 'answer_draft', data: { answerType: input.answerType, result, findings: scans.reduce((n, s) => n + s.findings.length, 0), unscannable: scans.filter((s) => s.status === 'unscannable').length } });
      return report;
    });
  }

  /** Someone takes responsibility for what the scan found (条例 第十五条), with a stated basis. */
  async acknowledge(p: Principal, id: number, basis: string, note: string): Promise<void> {
    await this.requests.loadForStaff(p, id);
    if (!(basis in ACK_BASES)) throw invalid([{ field: 'basis', message: '请选择处理依据' }]);
    if (note.length > 1000) throw invalid([{ field: 'note', message: '说明不能超过1000个字' }]);
    await this.db.transaction().execute(async (trx) => {
      const a = await repo.findAnswer(trx, id);
      if (!a || a.state !== 'draft') throw conflict('没有待发送的答复');
      const report = JSON.parse(a.privacy) as PrivacyReport;
      if (!blocksSending(report)) throw conflict('答复未发现需要处理的个人信息');
      const at = new Date().toISOString();
      report.ack = { byId: p.userId, byName: p.displayName, at, basis: basis as AckBasis, note: note.trim() };
      await repo.setAnswerPrivacy(trx, id, JSON.stringify(report), at);
      await appendEvent(trx, { at, actorId: p.userId, entity: 'request', entityId: id, action: 'privacy_ack', reason: note.trim() || null, data: { basis } });
    });
  }

  /** Sends the answer: refuses while the privacy guard blocks; generates and keeps the letter. */
  async send(p: Principal, id: number, date: string = todayInChina()): Promise<{ letterFileId: number }> {
    const req = await this.requests.loadForStaff(p, id);
    const a = await repo.findAnswer(this.db, id);
    if (!a || a.state !== 'draft') throw conflict('请先拟定答复');
    const report = JSON.parse(a.privacy) as PrivacyReport;
    if (blocksSending(report)) throw new AppError(409, 'privacy_blocked', '答复或附件中发现个人信息（或有无法自动检查的文件），处理前不能发送：请替换为已遮盖的文件，或登记可以提供的依据。');
    const clock = await this.requests.clockOf(id);
    // Check the step before building the letter, so a refused date costs nothing.
    this.requests.fold([...(await this.requests.clockEvents(this.db, id)), { kind: 'answer', date, answerType: a.answer_type, result: a.result as ResultItem }]);
    const dept = (await findDepartmentById(this.db, req.department_id!))!;
    const files = (await repo.listFiles(this.db, id)).filter((f) => f.purpose === 'answer');
    const letter = await buildAnswerLetter({
      department: { name: dept.name, address: dept.address, phone: dept.phone },
      refNo: req.ref_no,
      applicantName: req.applicant_name,
      receivedDate: clock.receivedDate!,
      clarifiedDate: clock.clarification.completed,
      extension: clock.extension,
      description: req.description,
      answerType: a.answer_type as AnswerTypeCode,
      reason: a.reason,
      body: a.body,
      where: a.where_text,
      agency: a.agency_text,
      fileNames: files.map((f) => f.filename),
      date,
    });
    const blob = await this.blobs.put(letter);
    return this.db.transaction().execute(async (trx) => {
      const r = (await repo.lockRequest(trx, id, this.requests.dialect)) as RequestRow;
      const at = new Date().toISOString();
      await recordBlob(trx, blob, at);
      const letterFileId = await repo.insertFile(trx, { requestId: id, purpose: 'letter', sha256: blob.sha256, filename: `政府信息公开申请答复书-${req.ref_no}.docx`, scan: '{}', at, by: p.userId });
      await repo.markAnswerSent(trx, id, blob.sha256, date, at);
      await this.requests.applyEvent(trx, r, { kind: 'answer', date, answerType: a.answer_type, result: a.result as ResultItem }, p.userId, at);
      return { letterFileId };
    });
  }

  private async read(f: { filename: string; mime: string; sha256: string }): Promise<DeliveredFile> {
    return { filename: f.filename, mime: f.mime, data: await this.blobs.read(f.sha256) };
  }

  async fileForStaff(p: Principal, id: number, fileId: number): Promise<DeliveredFile> {
    await this.requests.loadForStaff(p, id);
    const f = (await repo.listFiles(this.db, id)).find((x) => x.id === fileId);
    if (!f) throw notFound('文件');
    return this.read(f);
  }

  /** The applicant gets the letter and the delivered files once the answer has been sent. */
  async filesForApplicant(r: RequestRow) {
    if (r.state !== 'answered') return [];
    return (await repo.listFiles(this.db, r.id)).filter((f) => f.purpose === 'letter' || f.purpose === 'answer');
  }

  async fileForApplicant(r: RequestRow, fileId: number): Promise<DeliveredFile> {
    const f = (await this.filesForApplicant(r)).find((x) => x.id === fileId);
    if (!f) throw notFound('文件');
    return this.read(f);
  }
}

export type { AllowedMime };
