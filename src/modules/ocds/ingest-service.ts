// OCDS in (issue 4 §5): a trading platform pushes a release package with its department's API key.
// The package is validated against the official schema (with our extensions); each release is
// mapped into a project (by ocid) and a DRAFT of the matching item type, never published; the
// answer is a report per release (created / skipped / rejected, errors with JSON paths).
// Idempotent by release id: a release already ingested is skipped, whoever sends it again.
import type { Db } from '../../db/index.ts';
import { AppError } from '../../domain/errors.ts';
import type { ApiKeyPrincipal } from '../api-keys/service.ts';
import type { DisclosureService, DraftInput } from '../disclosures/service.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import { ensureProjectByOcid, findProjectByOcid } from '../projects/service.ts';
import type { Json } from './helpers.ts';
import { mapReleaseToDraft, type MappedDraft, type PathError } from './ingest-mapping.ts';
import * as repo from './repository.ts';
import { validateReleasePackage } from './schema.ts';

export interface ReleaseReport {
  index: number;
  id: string | null;
  ocid: string | null;
  status: 'created' | 'skipped' | 'rejected';
  itemType?: string;
  projectId?: number;
  disclosureId?: number;
  errors: PathError[];
  warnings: string[];
}

export interface IngestReport {
  summary: { received: number; created: number; skipped: number; rejected: number };
  releases: ReleaseReport[];
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export class OcdsIngestService {
  constructor(
    private readonly db: Db,
    private readonly disclosures: DisclosureService,
    private readonly reg: ItemTypeRegistry,
  ) {}

  async ingest(key: ApiKeyPrincipal, body: unknown): Promise<IngestReport> {
    if (!isObject(body) || !Array.isArray(body.releases)) {
      throw new AppError(400, 'invalid_package', '请求正文应为 OCDS 1.1 发布包（release package）JSON：含 releases 数组', [{ field: '/releases', message: '缺少 releases 数组' }]);
    }
    const schemaErrors = validateReleasePackage(body);
    const packageErrors = schemaErrors.filter((e) => !/^\/releases\/\d+/.test(e.path));
    if (packageErrors.length) {
      throw new AppError(400, 'invalid_package', '发布包不符合 OCDS 1.1 发布包模式（release-package-schema）', packageErrors.map((e) => ({ field: e.path, message: e.message })));
    }
    const releases = body.releases as unknown[];
    const reports: ReleaseReport[] = releases.map((r, index) => ({ index, id: isObject(r) && typeof r.id === 'string' ? r.id : null, ocid: isObject(r) && typeof r.ocid === 'string' ? r.ocid : null, status: 'rejected', errors: [], warnings: [] }));
    for (const e of schemaErrors) {
      const m = /^\/releases\/(\d+)/.exec(e.path);
      if (m) reports[Number(m[1])]!.errors.push({ path: e.path, message: `不符合 OCDS 模式：${e.message}` });
    }
    const seen = new Set<string>();
    for (const rep of reports) {
      if (rep.id && seen.has(rep.id)) rep.errors.push({ path: `/releases/${rep.index}/id`, message: `发布编号“${rep.id}”在本包中重复` });
      if (rep.id) seen.add(rep.id);
    }
    const done = new Map((await repo.ingestedReleases(this.db, [...seen])).map((r) => [r.release_id, r]));

    // Map what can be mapped; validate with the same rules as the forms.
    const ready: { rep: ReleaseReport; draft: MappedDraft; input: DraftInput }[] = [];
    for (const rep of reports) {
      if (rep.errors.length) continue;
      const prev = done.get(rep.id!);
      if (prev) {
        Object.assign(rep, { status: 'skipped', projectId: prev.project_id, disclosureId: prev.disclosure_id });
        rep.warnings.push('该发布此前已接收，未重复创建');
        continue;
      }
      const release = releases[rep.index] as Json;
      const known = await findProjectByOcid(this.db, rep.ocid!);
      const mapped = mapReleaseToDraft(release, rep.index, known?.sector);
      if (!mapped.ok) {
        rep.errors.push(...mapped.errors);
        continue;
      }
      const t = this.reg.byCodeOrUndefined(mapped.draft.itemTypeCode)!;
      rep.itemType = t.code;
      rep.warnings.push(...mapped.draft.warnings);
      const input: DraftInput = { itemTypeId: t.id, departmentId: key.departmentId, projectId: null, title: mapped.draft.title.slice(0, 200), body: mapped.draft.body, formedDate: mapped.draft.formedDate, fields: mapped.draft.fields };
      try {
        this.disclosures.validateDraft(input);
      } catch (e) {
        if (!(e instanceof AppError) || e.status !== 400) throw e;
        for (const d of e.details) {
          const k = d.field.startsWith('f.') ? d.field.slice(2) : d.field;
          const path = mapped.draft.paths[k] ?? mapped.draft.paths[k.replace(/\.\d+\./, '.0.')] ?? mapped.draft.paths[k.split('.')[0]!] ?? `/releases/${rep.index}`;
          rep.errors.push({ path, message: d.message });
        }
        continue;
      }
      ready.push({ rep, draft: mapped.draft, input });
    }

    if (ready.length) {
      // Projects first (found or registered by ocid), then every draft and its ledger row in one transaction.
      for (const x of ready) {
        const pr = await ensureProjectByOcid(this.db, { ocid: x.rep.ocid!, title: x.draft.projectTitle, sector: x.draft.sector, departmentId: key.departmentId }, key.principal.userId);
        x.input.projectId = pr.id;
        x.rep.projectId = pr.id;
      }
      const at = new Date().toISOString();
      let ids: number[];
      try {
        ids = await this.disclosures.createDraftsBulk(key.principal, ready.map((x) => x.input), { source: 'ocds', apiKeyId: key.keyId }, async (trx, newIds) => {
          await repo.insertIngested(trx, ready.map((x, i) => ({ releaseId: x.rep.id!, ocid: x.rep.ocid!, apiKeyId: key.keyId, projectId: x.input.projectId!, disclosureId: newIds[i]!, at })));
        });
      } catch (e) {
        if (e instanceof AppError) throw e;
        // A concurrent push of the same release ids: nothing of this batch was written.
        throw new AppError(409, 'conflict', '部分发布正在被另一请求同时接收，请稍后重试（重复的发布会被跳过）');
      }
      ready.forEach((x, i) => Object.assign(x.rep, { status: 'created', disclosureId: ids[i] }));
    }
    const count = (s: ReleaseReport['status']) => reports.filter((r) => r.status === s).length;
    return { summary: { received: reports.length, created: count('created'), skipped: count('skipped'), rejected: count('rejected') }, releases: reports };
  }
}
