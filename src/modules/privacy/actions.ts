// A reviewer's (or editor's) decisions on findings, each one transaction through
// DisclosureService.privacyChange (which checks the role and state, writes the event and
// recomputes): mask a finding in the working copy with one click, keep it with a stated legal
// basis, withhold a field ("依法不予公开" with the reason on the public page), or upload a redacted
// rendition of a PDF/DOCX attachment. Events carry masked previews only, never the raw value.
import type { Db } from '../../db/index.ts';
import { AppError, conflict, invalid, notFound } from '../../domain/errors.ts';
import type { Principal } from '../accounts/service.ts';
import { recordBlob, type BlobStore } from '../attachments/store.ts';
import { cleanFilename } from '../attachments/sniff.ts';
import type { DisclosureService, UploadedFile } from '../disclosures/service.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import { KEEP_BASES, WITHHELD_KEY, WITHHOLD_REASONS, type KeepBasis, type WithholdReason } from './checklist.ts';
import { describeLocation, type Location } from './findings.ts';
import { maskText } from './masking.ts';
import * as repo from './repository.ts';
import { scanWorkingCopy, sourceText, withSourceText, type TextSource, type WorkingCopy } from './scan-disclosure.ts';
import type { PrivacyService } from './service.ts';

export class PrivacyActions {
  constructor(
    private readonly db: Db,
    private readonly disclosures: DisclosureService,
    private readonly privacy: PrivacyService,
    private readonly blobs: BlobStore,
    private readonly itemTypes: ItemTypeRegistry,
  ) {}

  /** One click: every occurrence of the finding's value in its source is masked by MASK_RULES. */
  async mask(p: Principal, disclosureId: number, findingId: number): Promise<void> {
    await this.disclosures.privacyChange(p, disclosureId, {
      action: 'privacy-mask',
      reviewerOnly: false,
      apply: async (trx, d) => {
        const f = await repo.findFinding(trx, disclosureId, findingId);
        if (!f || f.status !== 'open') throw conflict('该问题已处理或已不存在，请刷新页面');
        if (f.source === 'attachment') throw conflict('附件中的问题请上传脱敏版本，或说明依据后保留');
        const t = this.itemTypes.get(d.item_type_id)!;
        const wc: WorkingCopy = { title: d.title, body: d.body, fields: JSON.parse(d.fields) as Record<string, unknown> };
        const same = scanWorkingCopy(t.fields, wc).filter((x) => x.source === f.source && x.path === f.path && x.fingerprint === f.fingerprint);
        if (!same.length) throw conflict('工作稿已变化，未找到该问题，请刷新页面');
        if (!same[0]!.maskable) throw conflict('该字段不是文本字段，不能一键脱敏：请退回起草人修改，或说明依据后保留/不予公开');
        const text = sourceText(wc, f.source as TextSource, f.path)!;
        const masked = maskText(text, same.map((x) => x.raw));
        const next = withSourceText(wc, f.source as TextSource, f.path, masked);
        const at = new Date().toISOString();
        await repo.insertMaskRecord(trx, disclosureId, { source: f.source, attachment_id: null, path: f.path, location: f.location, kind: f.kind, rule: f.rule, confidence: f.confidence, fingerprint: f.fingerprint, preview: f.preview, status: 'masked', resolution: 'one-click', basis: `已按规则脱敏（${same.length}处）`, decided_by: p.userId, decided_at: at }, at);
        const where = describeLocation(JSON.parse(f.location) as Location);
        return {
          set: f.source === 'title' ? { title: next.title } : f.source === 'body' ? { body: next.body } : { fields: next.fields },
          data: { kind: f.kind, location: where, preview: f.preview, occurrences: same.length },
          reason: `一键脱敏：${where}`,
        };
      },
    });
  }

  /** Keeps a finding public with a stated legal basis (惩戒公示, 第三方同意, 法律规定公开 …). */
  async keep(p: Principal, disclosureId: number, findingId: number, basis: string, note: string): Promise<void> {
    const b = KEEP_BASES[basis as KeepBasis];
    if (!b) throw invalid([{ field: 'basis', message: '请选择保留公开的依据', code: 'required' }]);
    const n = note.trim();
    if (n.length > 500) throw invalid([{ field: 'note', message: '说明不能超过500个字', code: 'too_long' }]);
    if ((basis === 'law' || basis === 'consent' || basis === 'publicInterest') && !n) throw invalid([{ field: 'note', message: '请写明具体依据（法律条文、同意书编号或公共利益理由）', code: 'required' }]);
    await this.disclosures.privacyChange(p, disclosureId, {
      action: 'privacy-keep',
      reviewerOnly: true,
      apply: async (trx) => {
        const f = await repo.findFinding(trx, disclosureId, findingId);
        if (!f || f.status !== 'open') throw conflict('该问题已处理或已不存在，请刷新页面');
        const at = new Date().toISOString();
        await repo.insertDecision(trx, { disclosureId, fingerprint: f.fingerprint, basis: b.label, note: n, by: p.userId, at });
        return { data: { kind: f.kind, location: describeLocation(JSON.parse(f.location) as Location), preview: f.preview, basis: b.label, legalBasis: b.basis, note: n }, reason: `保留公开：${b.label}${n ? `（${n}）` : ''}` };
      },
    });
  }

  /** Withholds the field (or table cell) of a finding: the public sees 依法不予公开 and the reason. */
  async withhold(p: Principal, disclosureId: number, findingId: number, reason: string): Promise<void> {
    const r = WITHHOLD_REASONS[reason as WithholdReason];
    if (!r) throw invalid([{ field: 'reason', message: '请选择不予公开的理由', code: 'required' }]);
    await this.disclosures.privacyChange(p, disclosureId, {
      action: 'privacy-withhold',
      reviewerOnly: true,
      apply: async (trx, d) => {
        const f = await repo.findFinding(trx, disclosureId, findingId);
        if (!f || f.status !== 'open') throw conflict('该问题已处理或已不存在，请刷新页面');
        if (f.source !== 'field') throw conflict('只有结构化字段可以不予公开；标题和正文请脱敏');
        const fields = JSON.parse(d.fields) as Record<string, unknown>;
        fields[WITHHELD_KEY] = { ...((fields[WITHHELD_KEY] ?? {}) as Record<string, string>), [f.path]: r };
        return { set: { fields }, data: { kind: f.kind, location: describeLocation(JSON.parse(f.location) as Location), preview: f.preview, field: f.path, reason: r }, reason: `不予公开：${r}` };
      },
    });
  }

  /**
   * A redacted rendition of a PDF/DOCX (or image) attachment: stored as the public rendition, the
   * original stays internal. It is scanned like any file; what it still contains is a finding.
   */
  async uploadRendition(p: Principal, disclosureId: number, attachmentId: number, file: UploadedFile | undefined): Promise<void> {
    if (!file) throw invalid([{ field: 'file', message: '请选择脱敏后的文件', code: 'required' }]);
    if (file.data.length > this.blobs.maxBytes) throw new AppError(413, 'payload_too_large', '文件超过大小上限', [{ field: 'file', message: '文件超过大小上限' }]);
    const stored = await this.blobs.put(file.data);
    await recordBlob(this.db, stored, new Date().toISOString());
    await this.privacy.scanBlob(stored.sha256, file.data);
    await this.disclosures.privacyChange(p, disclosureId, {
      action: 'privacy-rendition',
      reviewerOnly: false,
      apply: async (trx) => {
        const atts = await repo.attachmentsWithRenditions(trx, disclosureId);
        const a = atts.find((x) => x.id === attachmentId);
        if (!a) throw notFound('附件');
        if (a.mime !== stored.mime) throw invalid([{ field: 'file', message: `脱敏版本应与原附件同一格式（${a.mime.includes('pdf') ? 'PDF' : a.mime.includes('word') ? 'DOCX' : a.mime.includes('sheet') ? 'XLSX' : '图片'}）`, code: 'wrong_type' }]);
        if (stored.sha256 === a.sha256) throw invalid([{ field: 'file', message: '上传的文件与原件完全相同，未作脱敏', code: 'unchanged' }]);
        const at = new Date().toISOString();
        const id = await repo.insertRendition(trx, { attachmentId, sha256: stored.sha256, filename: cleanFilename(file.filename), at, by: p.userId });
        return { data: { attachmentId, renditionId: id, sha256: stored.sha256, filename: cleanFilename(file.filename), size: stored.size }, reason: `上传脱敏版本：${a.filename}` };
      },
    });
  }
}
