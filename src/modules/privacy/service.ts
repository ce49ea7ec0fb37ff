// The privacy and secrecy guard over the disclosure lifecycle (issue 6): scans every stored file
// once, recomputes a working copy's findings on every save, refuses approval while any finding is
// unresolved or the 保密审查 checklist is incomplete, and hands publication the PUBLIC rendition of
// each attachment. Implements PrivacyGuard (disclosures/guard.ts).
import type { Db, Executor, Trx } from '../../db/index.ts';
import type { Disclosure } from '../../db/schema.ts';
import { conflict, invalid } from '../../domain/errors.ts';
import type { Principal } from '../accounts/service.ts';
import { recordBlob, type BlobStore } from '../attachments/store.ts';
import { appendEvent } from '../events/service.ts';
import type { NewDraftText, PrivacyGuard, UploadedFile, VersionAttachment } from '../disclosures/service.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import { CHECKLIST, unconfirmed, type ReviewInput } from './checklist.ts';
import { describeLocation, type FileFinding, type Location } from './findings.ts';
import * as repo from './repository.ts';
import { scanWorkingCopy, type DetectMemo } from './scan-disclosure.ts';
import { fileTypeOf, scanFile, SCANNER_VERSION } from './scan-file.ts';

type ScanRow = NonNullable<Awaited<ReturnType<typeof repo.findBlobScan>>>;
type AttachmentRow = Awaited<ReturnType<typeof repo.attachmentsWithRenditions>>[number];

export const RESOLUTION_NAMES: Record<string, string> = {
  'personal-field': '个人信息字段，公开时自动脱敏',
  'confidential-field': '保密字段，依法不予公开',
  withheld: '审核人决定不予公开',
  'one-click': '已在工作稿中脱敏',
  'xlsx-masked': '附件已自动生成脱敏版本，公开脱敏版本',
  'redacted-rendition': '已上传脱敏版本，公开脱敏版本',
  kept: '保留公开（已说明依据）',
};

export class PrivacyService implements PrivacyGuard {
  constructor(
    private readonly db: Db,
    private readonly blobs: BlobStore,
    private readonly itemTypes: ItemTypeRegistry,
  ) {}

  // ---- files: scanned once per content hash, outside any transaction ----

  /** The scan of a stored blob, made now if missing or made by an older scanner. */
  scanBlob(sha256: string, data?: Buffer): Promise<ScanRow> {
    return this.scanInto(this.db, sha256, data);
  }

  /** As scanBlob, writing through `ex` (the demo seed scans inside its one transaction). */
  async scanInto(ex: Executor, sha256: string, data?: Buffer): Promise<ScanRow> {
    const cached = await repo.findBlobScan(ex, sha256);
    if (cached && cached.scanner >= SCANNER_VERSION) return cached;
    const buf = data ?? (await this.blobs.read(sha256));
    const scan = await scanFile(buf, fileTypeOf(buf), sha256, { maskXlsx: true });
    const at = new Date().toISOString();
    let maskedSha: string | null = null;
    if (scan.masked) {
      const stored = await this.blobs.put(scan.masked);
      await recordBlob(ex, stored, at);
      maskedSha = stored.sha256;
    }
    const row = { sha256, scanner: SCANNER_VERSION, status: scan.status, message: scan.message ?? null, findings: JSON.stringify(scan.findings), masked_sha256: maskedSha, pages: scan.pages ?? null, chars: scan.chars, ms: scan.ms, scanned_at: at };
    await repo.saveBlobScan(ex, row);
    // The masked rendition is itself scanned, so what remains in it is a finding too.
    if (maskedSha && maskedSha !== sha256) await this.scanInto(ex, maskedSha, scan.masked);
    return row;
  }

  async prepareFiles(files: UploadedFile[]): Promise<void> {
    for (const f of files) {
      const stored = await this.blobs.put(f.data);
      await recordBlob(this.db, stored, new Date().toISOString());
      await this.scanBlob(stored.sha256, f.data);
    }
  }

  async ensureScanned(disclosureId: number): Promise<void> {
    for (const a of await repo.attachmentsWithRenditions(this.db, disclosureId)) {
      await this.scanBlob(a.sha256);
      if (a.redacted) await this.scanBlob(a.redacted.sha256);
    }
  }

  /** What the public gets for an attachment: redacted rendition, else masked XLSX, else the original. */
  private publicOf(a: AttachmentRow, scans: Map<string, ScanRow>): { sha256: string; rendition?: 'masked' | 'redacted' } {
    if (a.redacted) return { sha256: a.redacted.sha256, rendition: 'redacted' };
    const masked = scans.get(a.sha256)?.masked_sha256;
    return masked ? { sha256: masked, rendition: 'masked' } : { sha256: a.sha256 };
  }

  private async scansFor(ex: Executor, atts: AttachmentRow[]): Promise<Map<string, ScanRow>> {
    const first = await repo.blobScans(ex, atts.flatMap((a) => [a.sha256, ...(a.redacted ? [a.redacted.sha256] : [])]));
    const masked = first.map((s) => s.masked_sha256).filter((x): x is string => !!x);
    const second = await repo.blobScans(ex, masked);
    return new Map([...first, ...second].map((s) => [s.sha256, s]));
  }

  // ---- findings of a working copy ----

  async recompute(trx: Trx, d: Disclosure): Promise<void> {
    const t = this.itemTypes.get(d.item_type_id);
    if (!t) return;
    const decided = new Map((await repo.decisions(trx, d.id)).map((x) => [x.fingerprint, x]));
    const rows: repo.NewFinding[] = [];
    const open = (f: FileFinding) => {
      const k = decided.get(f.fingerprint);
      return k ? { status: 'kept' as const, resolution: 'kept', basis: k.note ? `${k.basis}：${k.note}` : k.basis, decided_by: k.decided_by, decided_at: k.decided_at } : { status: 'open' as const, resolution: null, basis: null, decided_by: null, decided_at: null };
    };
    const base = (f: FileFinding, location: Location) => ({ location: JSON.stringify(location), kind: f.kind, rule: f.rule, confidence: f.confidence, fingerprint: f.fingerprint, preview: f.preview });

    const fields = JSON.parse(d.fields) as Record<string, unknown>;
    for (const f of scanWorkingCopy(t.fields, { title: d.title, body: d.body, fields })) {
      const status = f.auto ? { status: 'masked' as const, resolution: f.auto.resolution, basis: f.auto.basis, decided_by: null, decided_at: null } : open(f);
      rows.push({ source: f.source, attachment_id: null, path: f.path, ...base(f, f.location), ...status });
    }

    const atts = await repo.attachmentsWithRenditions(trx, d.id);
    const scans = await this.scansFor(trx, atts);
    for (const a of atts) {
      const part = `附件“${a.filename}”`;
      const pub = this.publicOf(a, scans);
      const orig = scans.get(a.sha256);
      const fromScan = (scan: ScanRow | undefined, label: string, resolved?: string) => {
        if (!scan) {
          const f: FileFinding = { kind: 'manualReview', rule: 'not-scanned', confidence: 1, location: {}, preview: '附件尚未检查，请重新保存或稍后再试', fingerprint: `not-scanned-${a.id}` };
          rows.push({ source: 'attachment', attachment_id: a.id, path: '', ...base(f, { part: label }), ...open(f) });
          return;
        }
        for (const f of JSON.parse(scan.findings) as FileFinding[]) {
          const status = resolved ? { status: 'masked' as const, resolution: resolved, basis: null, decided_by: null, decided_at: null } : open(f);
          rows.push({ source: 'attachment', attachment_id: a.id, path: '', ...base(f, { ...f.location, part: label }), ...status });
        }
      };
      if (pub.sha256 === a.sha256) fromScan(orig, part);
      else {
        fromScan(orig, part, pub.rendition === 'redacted' ? 'redacted-rendition' : 'xlsx-masked');
        fromScan(scans.get(pub.sha256), `${part}（${pub.rendition === 'redacted' ? '上传的脱敏版本' : '自动脱敏版本'}）`);
      }
    }
    await repo.replaceFindings(trx, d.id, rows, new Date().toISOString());
  }

  /**
   * `recompute` for drafts just inserted in bulk (Excel import, OCDS ingestion): such a draft has
   * no attachments, no reviewer decisions and no earlier findings, so only its title, body and
   * fields are scanned – the same rows `recompute` writes, in one multi-row insert for the batch.
   */
  async recomputeNewDrafts(trx: Trx, ds: readonly NewDraftText[]): Promise<void> {
    const rows: (repo.NewFinding & { disclosure_id: number })[] = [];
    const opts = { today: new Date() };
    const memo: DetectMemo = new Map();
    for (const d of ds) {
      const t = this.itemTypes.get(d.item_type_id);
      if (!t) continue;
      const fields = JSON.parse(d.fields) as Record<string, unknown>;
      for (const f of scanWorkingCopy(t.fields, { title: d.title, body: d.body, fields }, opts, memo)) {
        const status = f.auto
          ? { status: 'masked' as const, resolution: f.auto.resolution, basis: f.auto.basis, decided_by: null, decided_at: null }
          : { status: 'open' as const, resolution: null, basis: null, decided_by: null, decided_at: null };
        rows.push({ disclosure_id: d.id, source: f.source, attachment_id: null, path: f.path, location: JSON.stringify(f.location), kind: f.kind, rule: f.rule, confidence: f.confidence, fingerprint: f.fingerprint, preview: f.preview, ...status });
      }
    }
    await repo.insertFindings(trx, rows, new Date().toISOString());
  }

  async findings(ex: Executor, disclosureId: number) {
    return (await repo.listFindings(ex, disclosureId)).map((f) => ({ ...f, where: describeLocation(JSON.parse(f.location) as Location) }));
  }

  private async openFindings(trx: Trx, disclosureId: number) {
    return (await this.findings(trx, disclosureId)).filter((f) => f.status === 'open');
  }

  private refuse(open: Awaited<ReturnType<PrivacyService['openFindings']>>): never {
    const list = open.slice(0, 5).map((f) => `${f.where}：${f.preview}`).join('；');
    throw conflict(`尚有 ${open.length} 处个人信息或保密问题未处理（${list}${open.length > 5 ? '…' : ''}）。请逐条脱敏、上传脱敏版本，或说明依据后保留，再审核通过。`);
  }

  async approve(trx: Trx, p: Principal, d: Disclosure, review: ReviewInput | undefined): Promise<void> {
    const missing = unconfirmed(review);
    if (missing.length) {
      throw invalid(missing.map((c) => ({ field: `check.${c.key}`, message: `保密审查未完成：请确认“${c.label}”（${c.basis}）`, code: 'required' })), '保密审查清单未全部确认，不能审核通过');
    }
    await this.recompute(trx, d);
    const open = await this.openFindings(trx, d.id);
    if (open.length) this.refuse(open);
    const all = await repo.listFindings(trx, d.id);
    const counts = { masked: all.filter((f) => f.status === 'masked').length, kept: all.filter((f) => f.status === 'kept').length };
    const at = new Date().toISOString();
    const checklist = CHECKLIST.map((c) => ({ key: c.key, label: c.label, basis: c.basis, confirmed: true }));
    const note = (review?.note ?? '').trim().slice(0, 2000);
    await repo.insertReview(trx, { disclosureId: d.id, reviewerId: p.userId, reviewerName: p.displayName, at, checklist: JSON.stringify(checklist), findings: JSON.stringify(counts), note });
    await appendEvent(trx, { at, actorId: p.userId, entity: 'disclosure', entityId: d.id, action: 'confidentiality-review', reason: note || null, data: { reviewer: p.displayName, checklist: checklist.map((c) => c.key), findings: counts } });
  }

  async assertResolved(trx: Trx, d: Disclosure): Promise<void> {
    await this.recompute(trx, d);
    const open = await this.openFindings(trx, d.id);
    if (open.length) this.refuse(open);
  }

  async versionAttachments(trx: Trx, disclosureId: number): Promise<VersionAttachment[]> {
    const atts = await repo.attachmentsWithRenditions(trx, disclosureId);
    const scans = await this.scansFor(trx, atts);
    const out: VersionAttachment[] = [];
    for (const a of atts) {
      const pub = this.publicOf(a, scans);
      if (pub.sha256 === a.sha256) {
        out.push({ id: a.id, filename: a.filename, sha256: a.sha256, size: a.size, mime: a.mime });
        continue;
      }
      const b = pub.rendition === 'redacted' ? { size: a.redacted!.size, mime: a.redacted!.mime } : await repo.blobInfo(trx, pub.sha256);
      if (!b) throw new Error(`rendition blob ${pub.sha256} missing`);
      out.push({ id: a.id, filename: a.filename, sha256: pub.sha256, size: b.size, mime: b.mime, rendition: pub.rendition! });
    }
    return out;
  }

  /** Attachments with their public rendition, for the console. */
  async attachmentsForStaff(disclosureId: number) {
    const atts = await repo.attachmentsWithRenditions(this.db, disclosureId);
    const scans = await this.scansFor(this.db, atts);
    return atts.map((a) => ({ ...a, scan: scans.get(a.sha256), public: this.publicOf(a, scans) }));
  }

  reviews(disclosureId: number) {
    return repo.reviews(this.db, disclosureId);
  }
}
