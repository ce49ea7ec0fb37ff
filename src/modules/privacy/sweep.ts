// The sweep (issue 6 §6): everything already published – the current public version of every
// disclosure that is not withdrawn, and its attachments' public renditions – scanned as the public
// sees it (publicFields: masked, withheld fields absent). Hits are suspected leaks to correct.
// Values a reviewer kept with a stated basis (惩戒公示 …) are not reported again.
import type { Db } from '../../db/index.ts';
import { publicFields, publicFieldsJson } from '../disclosures/public-view.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import { describeLocation, type FileFinding, type Location } from './findings.ts';
import * as repo from './repository.ts';
import { scanLines, scanRow, toFileFinding } from './scan-core.ts';
import type { PrivacyService } from './service.ts';

export interface SweepResult {
  id: number;
  disclosures: number;
  attachments: number;
  hits: number;
}

function flatten(label: string, v: unknown, out: { text: string; label: string; cells?: string[] }[]) {
  if (v === null || v === undefined) return;
  if (Array.isArray(v)) {
    v.forEach((row, i) => {
      if (row && typeof row === 'object') out.push({ text: '', label: `${label}第${i + 1}行`, cells: Object.values(row as Record<string, unknown>).map((c) => (typeof c === 'string' || typeof c === 'number' ? String(c) : '')) });
    });
    return;
  }
  out.push({ text: String(v), label });
}

/** Findings in what the public sees of one version (title, body, public field values). */
export function scanPublicVersion(v: { title: string; body: string; fields: Record<string, unknown>; labels: Map<string, string> }): FileFinding[] {
  const out: FileFinding[] = [];
  out.push(...scanLines(v.title, { part: '标题' }).map(({ location, ...f }) => ({ ...f, location: { part: '标题' } as Location })));
  out.push(...scanLines(v.body, { part: '正文' }));
  const parts: { text: string; label: string; cells?: string[] }[] = [];
  for (const [k, val] of Object.entries(v.fields)) flatten(v.labels.get(k) ?? k, val, parts);
  for (const p of parts) {
    if (p.cells) for (const h of scanRow(p.cells)) out.push(toFileFinding(h.finding, { part: '结构化信息', label: p.label }));
    else out.push(...scanLines(p.text, { part: '结构化信息', label: p.label }));
  }
  return out;
}

export async function runSweep(db: Db, deps: { privacy: PrivacyService; itemTypes: ItemTypeRegistry }, opts: { by: number | null; via: 'console' | 'cli'; onProgress?: (done: number, total: number) => void }): Promise<SweepResult> {
  const rows = await repo.publishedVersions(db);
  const id = await repo.startSweep(db, { at: new Date().toISOString(), by: opts.by, via: opts.via });
  const attachmentKeys = new Set<string>();
  let hits = 0;
  let done = 0;
  for (const r of rows) {
    const t = deps.itemTypes.get(r.item_type_id);
    const kept = new Set((await repo.decisions(db, r.id)).map((d) => d.fingerprint));
    const found: FileFinding[] = [];
    if (t) {
      // The same view the portal, the API and the exports render (award secrets stay conservative: revealed).
      const pub = publicFieldsJson(publicFields(t.fields, JSON.parse(r.fields) as Record<string, unknown>, { awardPublished: true }));
      found.push(...scanPublicVersion({ title: r.title, body: r.body, fields: pub.values, labels: new Map(t.fields.map((f) => [f.key, f.label])) }));
    }
    for (const a of JSON.parse(r.attachments) as { filename: string; sha256: string }[]) {
      attachmentKeys.add(`${r.id}:${a.sha256}`);
      try {
        const scan = await deps.privacy.scanBlob(a.sha256);
        for (const f of JSON.parse(scan.findings) as FileFinding[]) found.push({ ...f, location: { ...f.location, part: `附件“${a.filename}”` } });
      } catch {
        found.push({ kind: 'unreadable', rule: 'file-missing', confidence: 1, location: { part: `附件“${a.filename}”` }, preview: '附件文件无法读取', fingerprint: `missing-${a.sha256}` });
      }
    }
    const fresh = found.filter((f) => !kept.has(f.fingerprint));
    await repo.addSweepHits(db, fresh.map((f) => ({ sweep_id: id, disclosure_id: r.id, version: r.version, location: describeLocation(f.location), kind: f.kind, rule: f.rule, confidence: f.confidence, preview: f.preview })));
    hits += fresh.length;
    opts.onProgress?.(++done, rows.length);
  }
  // Rows are versions (earlier ones are public too); the summary counts disclosures.
  const disclosures = new Set(rows.map((r) => r.id)).size;
  const attachments = attachmentKeys.size;
  await repo.finishSweep(db, id, { at: new Date().toISOString(), disclosures, attachments, hits });
  return { id, disclosures, attachments, hits };
}
