// All SQL of the privacy module (its own tables; disclosures' rows come through their service).
import type { Executor } from '../../db/index.ts';
import type { PrivacyFindingStatus } from '../../db/schema.ts';

export function findBlobScan(db: Executor, sha256: string) {
  return db.selectFrom('privacy_blob_scans').selectAll().where('sha256', '=', sha256).executeTakeFirst();
}

export function blobScans(db: Executor, shas: string[]) {
  if (!shas.length) return Promise.resolve([]);
  return db.selectFrom('privacy_blob_scans').selectAll().where('sha256', 'in', shas).execute();
}

export async function saveBlobScan(db: Executor, row: { sha256: string; scanner: number; status: 'text' | 'no_text' | 'image' | 'unreadable'; message: string | null; findings: string; masked_sha256: string | null; pages: number | null; chars: number; ms: number; scanned_at: string }) {
  await db.deleteFrom('privacy_blob_scans').where('sha256', '=', row.sha256).execute();
  await db.insertInto('privacy_blob_scans').values(row).execute();
}

export function blobInfo(db: Executor, sha256: string) {
  return db.selectFrom('blobs').selectAll().where('sha256', '=', sha256).executeTakeFirst();
}

/** Current (not removed) attachments of a disclosure with their latest redacted rendition. */
export async function attachmentsWithRenditions(db: Executor, disclosureId: number) {
  const atts = await db
    .selectFrom('disclosure_attachments as a')
    .innerJoin('blobs as b', 'b.sha256', 'a.sha256')
    .select(['a.id', 'a.filename', 'a.sha256', 'b.size', 'b.mime'])
    .where('a.disclosure_id', '=', disclosureId)
    .where('a.removed_at', 'is', null)
    .orderBy('a.id')
    .execute();
  const rends = atts.length
    ? await db
        .selectFrom('attachment_renditions as r')
        .innerJoin('blobs as b', 'b.sha256', 'r.sha256')
        .select(['r.id', 'r.attachment_id', 'r.sha256', 'r.filename', 'r.created_at', 'r.created_by', 'b.size', 'b.mime'])
        .where('r.attachment_id', 'in', atts.map((a) => a.id))
        .where('r.superseded_at', 'is', null)
        .orderBy('r.id', 'desc')
        .execute()
    : [];
  return atts.map((a) => ({ ...a, redacted: rends.find((r) => r.attachment_id === a.id) }));
}

export async function insertRendition(db: Executor, r: { attachmentId: number; sha256: string; filename: string; at: string; by: number }): Promise<number> {
  await db.updateTable('attachment_renditions').set({ superseded_at: r.at }).where('attachment_id', '=', r.attachmentId).where('superseded_at', 'is', null).execute();
  const row = await db
    .insertInto('attachment_renditions')
    .values({ attachment_id: r.attachmentId, sha256: r.sha256, filename: r.filename, kind: 'redacted', created_at: r.at, created_by: r.by, superseded_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function listFindings(db: Executor, disclosureId: number) {
  return db.selectFrom('privacy_findings').selectAll().where('disclosure_id', '=', disclosureId).orderBy('id').execute();
}

export function findFinding(db: Executor, disclosureId: number, id: number) {
  return db.selectFrom('privacy_findings').selectAll().where('disclosure_id', '=', disclosureId).where('id', '=', id).executeTakeFirst();
}

export interface NewFinding {
  source: 'title' | 'body' | 'field' | 'attachment';
  attachment_id: number | null;
  path: string;
  location: string;
  kind: string;
  rule: string;
  confidence: number;
  fingerprint: string;
  preview: string;
  status: PrivacyFindingStatus;
  resolution: string | null;
  basis: string | null;
  decided_by: number | null;
  decided_at: string | null;
}

/** Replaces the computed findings; one-click masks are kept as the record of what was masked. */
export async function replaceFindings(db: Executor, disclosureId: number, rows: NewFinding[], at: string): Promise<void> {
  await db.deleteFrom('privacy_findings').where('disclosure_id', '=', disclosureId).where((eb) => eb.or([eb('resolution', 'is', null), eb('resolution', '!=', 'one-click')])).execute();
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('privacy_findings')
      .values(rows.slice(i, i + 200).map((r) => ({ ...r, disclosure_id: disclosureId, created_at: at })))
      .execute();
  }
}

/** Findings of many new drafts at once (nothing to replace): 16 parameters a row, 1,000 rows a statement. */
export async function insertFindings(db: Executor, rows: readonly (NewFinding & { disclosure_id: number })[], at: string): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('privacy_findings')
      .values(rows.slice(i, i + 1000).map((r) => ({ ...r, created_at: at })))
      .execute();
  }
}

export async function insertMaskRecord(db: Executor, disclosureId: number, r: NewFinding, at: string): Promise<void> {
  await db.insertInto('privacy_findings').values({ ...r, disclosure_id: disclosureId, created_at: at }).execute();
}

export function decisions(db: Executor, disclosureId: number) {
  return db.selectFrom('privacy_decisions').selectAll().where('disclosure_id', '=', disclosureId).orderBy('id').execute();
}

export async function insertDecision(db: Executor, d: { disclosureId: number; fingerprint: string; basis: string; note: string; by: number; at: string }) {
  await db.insertInto('privacy_decisions').values({ disclosure_id: d.disclosureId, fingerprint: d.fingerprint, basis: d.basis, note: d.note, decided_by: d.by, decided_at: d.at }).execute();
}

export async function insertReview(db: Executor, r: { disclosureId: number; reviewerId: number; reviewerName: string; at: string; checklist: string; findings: string; note: string }) {
  await db.insertInto('confidentiality_reviews').values({ disclosure_id: r.disclosureId, reviewer_id: r.reviewerId, reviewer_name: r.reviewerName, at: r.at, checklist: r.checklist, findings: r.findings, note: r.note }).execute();
}

export function reviews(db: Executor, disclosureId: number) {
  return db.selectFrom('confidentiality_reviews').selectAll().where('disclosure_id', '=', disclosureId).orderBy('id', 'desc').execute();
}

// ---- sweeps ----

export async function startSweep(db: Executor, s: { at: string; by: number | null; via: 'console' | 'cli' }): Promise<number> {
  const r = await db.insertInto('privacy_sweeps').values({ started_at: s.at, started_by: s.by, via: s.via, finished_at: null, disclosures: 0, attachments: 0, hits: 0 }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function addSweepHits(db: Executor, rows: { sweep_id: number; disclosure_id: number; version: number; location: string; kind: string; rule: string; confidence: number; preview: string }[]) {
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('privacy_sweep_hits').values(rows.slice(i, i + 200)).execute();
}

export async function finishSweep(db: Executor, id: number, s: { at: string; disclosures: number; attachments: number; hits: number }) {
  await db.updateTable('privacy_sweeps').set({ finished_at: s.at, disclosures: s.disclosures, attachments: s.attachments, hits: s.hits }).where('id', '=', id).execute();
}

export function latestSweep(db: Executor) {
  return db.selectFrom('privacy_sweeps').selectAll().where('finished_at', 'is not', null).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export function sweepHits(db: Executor, sweepId: number) {
  return db
    .selectFrom('privacy_sweep_hits as h')
    .innerJoin('disclosures as d', 'd.id', 'h.disclosure_id')
    .innerJoin('departments as dep', 'dep.id', 'd.department_id')
    .select(['h.disclosure_id', 'h.version', 'h.location', 'h.kind', 'h.rule', 'h.confidence', 'h.preview', 'd.title', 'd.state', 'dep.short_name as department_name'])
    .where('h.sweep_id', '=', sweepId)
    .orderBy('h.disclosure_id')
    .orderBy('h.id')
    .execute();
}

/** Ids and current versions of everything published (not withdrawn), for the sweep. */
/**
 * Every version the public can still open: the current one and the earlier ones at ?version=N, of
 * disclosures not withdrawn, minus versions sealed (disclosures/seals.ts) – a leak in an earlier
 * version is as public as one in the current version until it is sealed.
 */
export function publishedVersions(db: Executor) {
  return db
    .selectFrom('disclosures as d')
    .innerJoin('disclosure_versions as v', 'v.disclosure_id', 'd.id')
    .select(['d.id', 'v.version', 'd.item_type_id', 'd.project_id', 'v.title', 'v.body', 'v.fields', 'v.attachments'])
    .where('d.version', '>', 0)
    .where('d.state', '!=', 'withdrawn')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('version_seals as s').select('s.id').whereRef('s.disclosure_id', '=', 'v.disclosure_id').whereRef('s.version', '=', 'v.version'))))
    .orderBy('d.id')
    .orderBy('v.version')
    .execute();
}
