// PURE: inspections (督查检查) – the finding lifecycle and the validation of what the office records.
//
// The district plan (RULES.md §1, 保障措施): the office carries out periodic and unannounced
// inspections of each department's disclosure, its timeliness and its data submission to the public
// resource trading platform; departments rectify what is found within a deadline.
import type { FindingStatus } from '../../db/schema.ts';
import type { ErrorDetail } from '../../domain/errors.ts';
import { isIsoDate } from '../../calendar/index.ts';

export type FindingAction = 'create' | 'answer' | 'close' | 'reopen';

/**
 * open → answered (the department answers; it may add to its answer while answered) → closed (the
 * office accepts the rectification; it may also close an open finding it verified itself);
 * answered or closed → open (the office reopens: rectification not accepted).
 */
export const TRANSITIONS: Record<Exclude<FindingAction, 'create'>, Partial<Record<FindingStatus, FindingStatus>>> = {
  answer: { open: 'answered', answered: 'answered' },
  close: { open: 'closed', answered: 'closed' },
  reopen: { answered: 'open', closed: 'open' },
};

export function nextStatus(current: FindingStatus, action: FindingAction): FindingStatus | null {
  if (action === 'create') return null;
  return TRANSITIONS[action][current] ?? null;
}

export function deriveStatus(actions: readonly string[]): FindingStatus {
  let s: FindingStatus | null = null;
  for (const a of actions) {
    if (a === 'create') {
      if (s !== null) throw new Error('"create" twice');
      s = 'open';
      continue;
    }
    if (s === null) throw new Error(`event "${a}" before "create"`);
    const n = nextStatus(s, a as FindingAction);
    if (n === null) throw new Error(`event "${a}" not allowed in status "${s}"`);
    s = n;
  }
  if (s === null) throw new Error('no create event');
  return s;
}

export const STATUS_NAMES: Record<FindingStatus, string> = { open: '待整改', answered: '已答复待确认', closed: '已整改销号' };

export const KINDS = { scheduled: '定期检查', unannounced: '不定期抽查' } as const;
export type InspectionKind = keyof typeof KINDS;

export const SCOPES = { disclosure: '信息公开情况', timeliness: '公开时效', platform: '交易平台数据报送' } as const;
export type InspectionScope = keyof typeof SCOPES;

export interface InspectionInput {
  departmentId: number;
  kind: InspectionKind;
  scope: InspectionScope[];
  inspectionDate: string;
  inspectors: string;
  summary: string;
}

export interface FindingInput {
  description: string;
  evidence: string[];
  deadline: string;
}

export const MAX_EVIDENCE_LINKS = 10;

/** An evidence link must be an absolute http(s) URL (a disclosure, a page of the portal or a site). */
export function isHttpUrl(s: string): boolean {
  if (s.length > 1000) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
  } catch {
    return false;
  }
}

/** One link per line; blank lines ignored. */
export const splitLinks = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

export function validateInspection(raw: { department: string; kind: string; scope: string[]; inspectionDate: string; inspectors: string; summary: string }, today: string): { ok: true; value: InspectionInput } | { ok: false; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const departmentId = Number(raw.department);
  if (!Number.isInteger(departmentId) || departmentId <= 0) errors.push({ field: 'department', message: '请选择被检查单位', code: 'required' });
  if (!Object.hasOwn(KINDS, raw.kind)) errors.push({ field: 'kind', message: '请选择检查方式（定期检查或不定期抽查）', code: 'required' });
  const scope = [...new Set(raw.scope)];
  if (!scope.length) errors.push({ field: 'scope', message: '请至少选择一项检查内容', code: 'required' });
  else if (scope.some((s) => !Object.hasOwn(SCOPES, s))) errors.push({ field: 'scope', message: '检查内容无效', code: 'invalid' });
  const date = raw.inspectionDate.trim();
  if (!isIsoDate(date)) errors.push({ field: 'inspectionDate', message: '检查日期格式应为 YYYY-MM-DD', code: 'invalid' });
  else if (date > today) errors.push({ field: 'inspectionDate', message: `检查日期不能晚于今天（${today}）：请在检查后登记`, code: 'in_future' });
  const inspectors = raw.inspectors.trim();
  if (!inspectors) errors.push({ field: 'inspectors', message: '请填写检查人员', code: 'required' });
  else if (inspectors.length > 200) errors.push({ field: 'inspectors', message: '检查人员不能超过200个字', code: 'too_long' });
  const summary = raw.summary.trim();
  if (!summary) errors.push({ field: 'summary', message: '请填写检查情况概述', code: 'required' });
  else if (summary.length > 10_000) errors.push({ field: 'summary', message: '概述不能超过10000个字', code: 'too_long' });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { departmentId, kind: raw.kind as InspectionKind, scope: scope as InspectionScope[], inspectionDate: date, inspectors, summary } };
}

/**
 * A finding: a description, http(s) evidence links and a rectification deadline on or after the
 * inspection date. `prefix` names the form fields (`findings.0.` on the new-inspection form).
 */
export function validateFinding(raw: { description: string; evidence: string; deadline: string }, inspectionDate: string | null, prefix = ''): { ok: true; value: FindingInput } | { ok: false; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  const f = (k: string) => `${prefix}${k}`;
  const description = raw.description.trim();
  if (!description) errors.push({ field: f('description'), message: '请填写问题描述', code: 'required' });
  else if (description.length > 5000) errors.push({ field: f('description'), message: '问题描述不能超过5000个字', code: 'too_long' });
  const evidence = splitLinks(raw.evidence);
  const bad = evidence.filter((l) => !isHttpUrl(l));
  if (bad.length) errors.push({ field: f('evidence'), message: `证据链接须为 http:// 或 https:// 开头的完整网址，以下无效：${bad.slice(0, 3).join('、')}`, code: 'invalid_url' });
  else if (evidence.length > MAX_EVIDENCE_LINKS) errors.push({ field: f('evidence'), message: `证据链接最多${MAX_EVIDENCE_LINKS}个`, code: 'too_many' });
  const deadline = raw.deadline.trim();
  if (!isIsoDate(deadline)) errors.push({ field: f('deadline'), message: '整改期限格式应为 YYYY-MM-DD', code: 'invalid' });
  else if (inspectionDate && deadline < inspectionDate) errors.push({ field: f('deadline'), message: `整改期限不能早于检查日期（${inspectionDate}）`, code: 'before_inspection' });
  if (errors.length) return { ok: false, errors };
  return { ok: true, value: { description, evidence, deadline } };
}

/** The department's answer: text, and a date between the inspection and today. */
export function validateAnswer(raw: { body: string; answerDate: string }, inspectionDate: string, today: string): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const body = raw.body.trim();
  if (!body) errors.push({ field: 'body', message: '请填写整改情况', code: 'required' });
  else if (body.length > 5000) errors.push({ field: 'body', message: '整改情况不能超过5000个字', code: 'too_long' });
  const d = raw.answerDate.trim();
  if (!isIsoDate(d)) errors.push({ field: 'answerDate', message: '答复日期格式应为 YYYY-MM-DD', code: 'invalid' });
  else if (d < inspectionDate) errors.push({ field: 'answerDate', message: `答复日期不能早于检查日期（${inspectionDate}）`, code: 'before_inspection' });
  else if (d > today) errors.push({ field: 'answerDate', message: `答复日期不能晚于今天（${today}）`, code: 'in_future' });
  return errors;
}

/** Overdue: not closed and the deadline has passed. Closed on time: closed on or before the deadline. */
export const isOverdue = (f: { status: FindingStatus; deadline: string }, today: string) => f.status !== 'closed' && f.deadline < today;
export const closedOnTime = (f: { status: FindingStatus; deadline: string; closed_date: string | null }) => f.status === 'closed' && !!f.closed_date && f.closed_date <= f.deadline;
