// The ONLY way a 黑名单 entry leaves the system for the public (HTML and JSON): the person ID
// number masked (RULES.md §7: first 2 and last 3 kept), drafts never, the status as of today.
// Punitive publicity is the exception to de-identifying names (2018 政务公开要点), so names stay.
import { maskIdNumber } from '../privacy/masking.ts';
import type { EntryRow } from './repository.ts';
import { isCurrent, severityRule, STATUS_NAMES, SUBJECT_KIND_NAMES } from './rules.ts';

export type PublicStatus = 'active' | 'expired' | 'repaired' | 'revoked';

/** An active entry past its end date is shown as expired even before the job has run. */
export function publicStatus(e: { status: string; end_date: string }, today: string): PublicStatus {
  if (e.status === 'active') return isCurrent(e, today) ? 'active' : 'expired';
  return e.status as PublicStatus;
}

export interface PublicEntry {
  id: number;
  url: string;
  subject: { kind: 'company' | 'person'; kindName: string; name: string; creditCode: string | null; idNumberMasked: string | null };
  conduct: string;
  legalBasis: string;
  department: { code: string; name: string };
  decision: { number: string; date: string };
  sector: string;
  severity: { code: string; name: string };
  period: { start: string; end: string };
  status: PublicStatus;
  statusName: string;
  current: boolean;
  closedOn: string | null;
  closeReason: string | null;
  disclosure: { id: number; url: string } | null;
  publishedAt: string | null;
}

export function toPublicEntry(e: EntryRow, baseUrl: string, today: string, linkPublished = true): PublicEntry {
  const status = publicStatus(e, today);
  return {
    id: e.id,
    url: `${baseUrl}/blacklist/${e.id}`,
    subject: {
      kind: e.subject_kind,
      kindName: SUBJECT_KIND_NAMES[e.subject_kind] ?? e.subject_kind,
      name: e.name,
      creditCode: e.credit_code,
      idNumberMasked: e.id_number ? maskIdNumber(e.id_number) : null,
    },
    conduct: e.conduct,
    legalBasis: e.legal_basis,
    department: { code: e.department_code, name: e.department_name },
    decision: { number: e.decision_no, date: e.decision_date },
    sector: e.sector,
    severity: { code: e.severity, name: severityRule(e.severity)?.label ?? e.severity },
    period: { start: e.start_date, end: e.end_date },
    status,
    statusName: STATUS_NAMES[status] ?? status,
    current: status === 'active',
    closedOn: e.status === 'active' ? null : e.closed_on,
    closeReason: e.status === 'repaired' || e.status === 'revoked' ? e.close_reason : null,
    disclosure: e.disclosure_id && linkPublished ? { id: e.disclosure_id, url: `${baseUrl}/disclosures/${e.disclosure_id}` } : null,
    publishedAt: e.published_at,
  };
}
