// What a scan reports, independent of where the text came from (a disclosure's title, body or
// fields, or an attachment's pages, paragraphs or cells). Pure.
//
// A finding never carries the raw value beyond the function that found it: what is stored, logged,
// printed or written to an event is the masked preview (MASK_RULES) and a fingerprint.
import crypto from 'node:crypto';
import type { FindingKind } from './detector.ts';
import { MASK_RULES } from './masking.ts';

/**
 * Detector kinds plus two about files: `manualReview` (no text layer – a scan or an image – so a
 * person must look) and `unreadable` (encrypted, corrupt, a zip bomb, over the size caps).
 */
export type ScanKind = FindingKind | 'manualReview' | 'unreadable';

export const KIND_NAMES: Record<ScanKind, string> = {
  idNumber: '居民身份证号码',
  mobile: '手机号码',
  landline: '固定电话',
  bankCard: '银行卡号（金融账户）',
  email: '电子邮箱',
  address: '详细住址',
  sensitiveIdentity: '特定身份、健康信息',
  manualReview: '需人工核查（无文字层）',
  unreadable: '文件无法读取',
};

/** Where a finding is; every part optional. */
export interface Location {
  /** 1-based. */
  page?: number;
  line?: number;
  paragraph?: number;
  sheet?: string;
  /** A1 reference. */
  cell?: string;
  /** Field path of a disclosure (`households.2.idNumber`) and its label for people. */
  field?: string;
  label?: string;
  /** The part of a disclosure: 标题, 正文 … or an attachment's file name. */
  part?: string;
}

export interface FileFinding {
  kind: ScanKind;
  rule: string;
  confidence: number;
  location: Location;
  /** Masked value (or, for manualReview/unreadable, the message). */
  preview: string;
  fingerprint: string;
}

// Excel quotes a sheet name in a reference only when it holds spaces or punctuation.
const sheetRef = (sheet: string) => (/[\s'!,;:()[\]{}\-+*/=<>&^%$#@~`"]/.test(sheet) ? `'${sheet.replace(/'/g, "''")}'` : sheet);

/** For the CLI and machine output: `page 2, line 5`, `Sheet1!C5`, `paragraph 4`, `line 3`. */
export function formatLocation(l: Location): string {
  const parts: string[] = [];
  if (l.sheet !== undefined && l.cell !== undefined) parts.push(`${sheetRef(l.sheet)}!${l.cell}`);
  else if (l.sheet !== undefined) parts.push(sheetRef(l.sheet));
  if (l.page !== undefined) parts.push(`page ${l.page}`);
  if (l.paragraph !== undefined) parts.push(`paragraph ${l.paragraph}`);
  if (l.line !== undefined) parts.push(`line ${l.line}`);
  if (l.field !== undefined) parts.push(`field ${l.field}`);
  return parts.join(', ') || 'file';
}

/** For people, in Chinese: `附件“名单.xlsx” Sheet1!C5`, `正文第3行`, `补助对象名单第2行·身份证号码`. */
export function describeLocation(l: Location): string {
  const parts: string[] = [];
  if (l.part) parts.push(l.part);
  if (l.label) parts.push(l.label);
  if (l.sheet !== undefined) parts.push(l.cell !== undefined ? `${sheetRef(l.sheet)}!${l.cell}` : `工作表 ${l.sheet}`);
  if (l.page !== undefined) parts.push(`第${l.page}页`);
  if (l.paragraph !== undefined) parts.push(`第${l.paragraph}段`);
  if (l.line !== undefined) parts.push(`第${l.line}行`);
  return parts.join(' ') || '整个文件';
}

/** Normalises what a person would consider the same value (full-width, spaces, hyphens, case). */
export function normaliseValue(v: string): string {
  return v.normalize('NFKC').replace(/[\s\-－]/g, '').toUpperCase();
}

/**
 * A stable id of "this value of this kind", used to carry a reviewer's decision across saves.
 * The database holds the raw working copy anyway; the fingerprint is only kept out of events.
 */
export function fingerprint(kind: ScanKind, value: string): string {
  return crypto.createHash('sha256').update(`${kind}\u0000${normaliseValue(value)}`).digest('hex').slice(0, 32);
}

const REMOVED_LABEL: Partial<Record<FindingKind, string>> = { bankCard: '银行卡号', sensitiveIdentity: '特定身份/健康信息' };

/** The masked preview of a detected value (the only form in which it leaves the scanner). */
export function previewOf(kind: FindingKind, value: string, maskValue: (k: FindingKind, v: string) => string): string {
  // Removed kinds say what was removed and how long it was, so a reviewer can tell findings apart.
  return MASK_RULES[kind].removed ? `【已删除·${REMOVED_LABEL[kind] ?? MASK_RULES[kind].label}·${Array.from(value).length}字】` : maskValue(kind, value);
}

/** Line numbers (1-based) of offsets in a text, computed once. */
export function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
