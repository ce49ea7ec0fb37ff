// Withdrawn notices as OCDS (issue 4 §4). A withdrawal (撤回, final: the portal keeps a tombstone
// with the public reason) of a tender, award or contract notice is published the OCDS 1.1 way:
// one more release, dated at the withdrawal, that sets the status of what the notice announced to
// `cancelled` (tenderStatus / awardStatus / contractStatus codelists), tagged `tenderCancellation`
// or `awardCancellation` (releaseTag codelist; there is no contract cancellation tag, so a contract
// gets `contractUpdate`), with the reason as an amendment's rationale and in a document of type
// `cancellationDetails` (“documentation of the arrangements, or reasons, for cancellation of a
// contracting process, award or specific contract”) that links to the tombstone. The withdrawn
// notice's own releases leave the feed, as its content leaves the portal; the ids it used stay so
// the compiled record marks the right tender, awards and contracts. Pure.
import { absoluteUrl, chinaDateTime, compact, type Json } from './helpers.ts';

/** What withdrawing a notice of each item type cancels. Other notices (plans, corrections, reports) cancel nothing. */
export const CANCELS: Readonly<Record<string, 'tender' | 'award' | 'contract'>> = {
  'procurement-prequalification': 'tender',
  'procurement-tender': 'tender',
  'procurement-negotiation': 'tender',
  'procurement-single-source': 'tender',
  'construction-tender': 'tender',
  'procurement-award': 'award',
  'construction-candidates': 'award',
  'construction-award': 'award',
  'procurement-contract': 'contract',
  'construction-contract': 'contract',
};

export interface Withdrawal {
  disclosureId: number;
  /** Title of the withdrawn notice (its last published version). */
  title: string;
  /** UTC ISO time of the withdrawal event. */
  at: string;
  /** The public withdrawal reason (required when withdrawing). */
  reason: string;
}

export const withdrawalReleaseId = (ocid: string, disclosureId: number) => `${ocid}-${disclosureId}-withdrawn`;

const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

/**
 * The cancellation release of a withdrawn notice, from the release its last version made (`last`,
 * for the ids it used); null when the item type cancels nothing or the notice named nothing.
 */
export function cancellationRelease(last: Json, itemTypeCode: string, w: Withdrawal, baseUrl: string): Json | null {
  const what = CANCELS[itemTypeCode];
  if (!what) return null;
  const date = chinaDateTime(w.at);
  const documents = [{ id: `${w.disclosureId}-withdrawal`, documentType: 'cancellationDetails', title: `撤回：${w.title}`, description: `撤回原因：${w.reason}`, url: absoluteUrl(baseUrl, `/disclosures/${w.disclosureId}`), datePublished: date, format: 'text/html', language: 'zh' }];
  const amendments = [{ id: `${w.disclosureId}-withdrawal`, date, rationale: w.reason, description: `已撤回“${w.title}”` }];
  const tender = (last.tender ?? {}) as Json;
  const tenderRef = { id: tender.id, title: tender.title };
  let tag: string;
  let body: Json;
  if (what === 'tender') {
    tag = 'tenderCancellation';
    body = { tender: { ...tenderRef, status: 'cancelled', lots: list(tender.lots).map((l) => ({ id: l.id, status: 'cancelled' })), documents, amendments } };
  } else if (what === 'award') {
    const awards = list(last.awards);
    if (!awards.length) return null;
    tag = 'awardCancellation';
    body = { tender: tenderRef, awards: awards.map((a) => ({ id: a.id, status: 'cancelled', documents, amendments })) };
  } else {
    const contracts = list(last.contracts);
    if (!contracts.length) return null;
    tag = 'contractUpdate';
    body = { tender: tenderRef, contracts: contracts.map((c) => ({ id: c.id, awardID: c.awardID, status: 'cancelled', documents, amendments })) };
  }
  if (tenderRef.id === undefined) return null;
  return compact({ ocid: last.ocid, id: withdrawalReleaseId(String(last.ocid), w.disclosureId), date, tag: [tag], initiationType: 'tender', language: 'zh', ...body });
}
