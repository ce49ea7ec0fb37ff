// The privacy guard on what is sent to an applicant: the same detector as for disclosures
// (privacy/detector.ts) over the answer's text and the text of every delivered file. Pure.
//
// 政府信息公开条例 第十五条: 涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关
// 不得公开。但是，第三方同意公开或者行政机关认为不公开会对公共利益造成重大影响的，予以公开。
//
// An answer with findings (or with a file whose text cannot be read) cannot be sent until someone
// resolves it: by replacing the file or text with a masked one (a new scan), or by recording, with
// their name, why the personal data may go to this applicant (their own data, third-party consent,
// overriding public interest, or "checked by hand" for files that cannot be read). Findings about
// the applicant's own identity number, phone and e-mail are not reported: they are theirs.
import { detect, type FindingKind } from '../privacy/detector.ts';
import { maskValue } from '../privacy/masking.ts';
import type { AllowedMime } from '../attachments/sniff.ts';
import { extractText } from './file-text.ts';
import { normaliseContact } from './tracking.ts';

export const FINDING_KIND_NAMES: Record<FindingKind, string> = {
  idNumber: '身份证号码',
  mobile: '手机号码',
  landline: '固定电话',
  bankCard: '银行卡号',
  email: '电子邮箱',
  address: '详细住址',
  sensitiveIdentity: '敏感身份或健康信息',
};

export interface ScanFinding {
  kind: FindingKind;
  /** Masked, so the scan record itself holds no personal data. */
  masked: string;
  rule: string;
}

export interface ScanResult {
  /** 'text' = the answer's own text; otherwise the file's id. */
  source: 'text' | number;
  name: string;
  status: 'clean' | 'findings' | 'unscannable';
  findings: ScanFinding[];
  reason?: string;
}

export const ACK_BASES = {
  applicant_own: '所涉个人信息属于申请人本人',
  consent: '第三方已书面同意公开（条例第十五条）',
  public_interest: '不公开会对公共利益造成重大影响（条例第十五条）',
  checked: '已逐页人工核查，不含应当保护的个人信息',
} as const;
export type AckBasis = keyof typeof ACK_BASES;

export interface PrivacyReport {
  scans: ScanResult[];
  ack: { byId: number; byName: string; at: string; basis: AckBasis; note: string } | null;
}

/** The applicant's own identifiers, normalised, never reported as findings in their answer. */
export function ownValues(a: { id_number: string; phone: string | null; email: string | null }): Set<string> {
  return new Set([a.id_number.toUpperCase().replace(/\s/g, ''), a.phone ? normaliseContact(a.phone) : '', a.email ? normaliseContact(a.email) : ''].filter(Boolean));
}

function isOwn(kind: FindingKind, value: string, own: Set<string>): boolean {
  if (kind === 'idNumber') return own.has(value.normalize('NFKC').toUpperCase().replace(/\s/g, ''));
  if (kind === 'mobile' || kind === 'landline' || kind === 'email') return own.has(normaliseContact(value));
  return false;
}

export function scanText(source: 'text' | number, name: string, text: string, own: Set<string>): ScanResult {
  const findings = detect(text)
    .filter((f) => !isOwn(f.kind, f.value, own))
    .map((f) => ({ kind: f.kind, masked: maskValue(f.kind, f.value), rule: f.rule }));
  return { source, name, status: findings.length ? 'findings' : 'clean', findings };
}

export function scanFile(fileId: number, name: string, data: Buffer, mime: AllowedMime, own: Set<string>): ScanResult {
  const ex = extractText(data, mime);
  if (ex.status === 'unscannable') return { source: fileId, name, status: 'unscannable', findings: [], reason: ex.reason };
  return scanText(fileId, name, ex.text, own);
}

/** Whether sending must wait: findings or unreadable files, and nobody has resolved them. */
export function blocksSending(r: PrivacyReport): boolean {
  return r.ack === null && r.scans.some((s) => s.status !== 'clean');
}

/** One line per problem, in Chinese, for the console. */
export function describeScan(s: ScanResult): string {
  if (s.status === 'clean') return `${s.name}：未发现个人信息`;
  if (s.status === 'unscannable') return `${s.name}：${s.reason ?? '无法自动检查'}，须人工核查`;
  const byKind = new Map<FindingKind, string[]>();
  for (const f of s.findings) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f.masked]);
  return `${s.name}：发现 ${[...byKind].map(([k, v]) => `${FINDING_KIND_NAMES[k]} ${v.length} 处（${v.slice(0, 3).join('、')}${v.length > 3 ? '…' : ''}）`).join('；')}`;
}
