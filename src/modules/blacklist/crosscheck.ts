// Cross-checks (issue 8 §2): which parties a tender, candidate publicity or award names, and
// whether any is on the 黑名单 on a date. Matching is by 统一社会信用代码 first, then by
// normalised name (rules.ts normaliseName). Persons are never matched by name alone: common
// names (陈志强) would block unrelated notices; the parties these notices name are organisations.
import type { Executor, Trx } from '../../db/index.ts';
import type { Disclosure } from '../../db/schema.ts';
import { AppError, invalid } from '../../domain/errors.ts';
import { isValidCreditCode, normaliseIdentifier } from '../../domain/identifiers.ts';
import type { Principal } from '../accounts/service.ts';
import type { ApprovalGate, GateWarning } from '../disclosures/guard.ts';
import { todayInChina } from '../disclosures/service.ts';
import { appendEvent } from '../events/service.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import * as repo from './repository.ts';
import { inForceOn, normaliseName, severityRule } from './rules.ts';

export interface Party {
  name?: string | undefined;
  creditCode?: string | undefined;
}

export interface BlacklistMatch {
  /** Index of the party in the input array. */
  party: number;
  matchedBy: 'creditCode' | 'name';
  /** Matched by name while both sides carry different credit codes: probably another firm of that name. */
  codeConflict: boolean;
  entry: {
    id: number;
    name: string;
    creditCode: string | null;
    sector: string;
    severity: string;
    departmentId: number;
    decisionNo: string;
    decisionDate: string;
    startDate: string;
    endDate: string;
    status: string;
  };
}

/**
 * The published entries in force on `onDate` ('YYYY-MM-DD') that name one of `parties`. A party
 * with a valid credit code is matched on it; if no entry has that code, on its normalised name.
 * Stable contract: the red-flags module calls it for the "blacklisted participant" flag.
 */
export async function findActiveMatches(db: Executor, parties: readonly Party[], onDate: string): Promise<BlacklistMatch[]> {
  const norm = parties.map((p) => {
    const code = p.creditCode ? normaliseIdentifier(p.creditCode) : '';
    return { code: code && isValidCreditCode(code) ? code : '', key: p.name ? normaliseName(p.name) : '' };
  });
  const codes = [...new Set(norm.map((n) => n.code).filter(Boolean))];
  const keys = [...new Set(norm.map((n) => n.key).filter(Boolean))];
  const rows = (await repo.candidatesFor(db, codes, keys)).filter((e) => inForceOn(e, onDate));
  const out: BlacklistMatch[] = [];
  norm.forEach((n, i) => {
    const byCode = n.code ? rows.filter((e) => e.credit_code === n.code) : [];
    const hits = byCode.length ? byCode.map((e) => ({ e, by: 'creditCode' as const })) : n.key ? rows.filter((e) => e.subject_kind === 'company' && e.name_key === n.key).map((e) => ({ e, by: 'name' as const })) : [];
    for (const { e, by } of hits) {
      out.push({
        party: i,
        matchedBy: by,
        codeConflict: by === 'name' && !!n.code && !!e.credit_code && e.credit_code !== n.code,
        entry: { id: e.id, name: e.name, creditCode: e.credit_code, sector: e.sector, severity: e.severity, departmentId: e.department_id, decisionNo: e.decision_no, decisionDate: e.decision_date, startDate: e.start_date, endDate: e.end_date, status: e.status },
      });
    }
  });
  return out;
}

type Row = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
const rows = (v: unknown): Row[] => (Array.isArray(v) ? v.filter((x): x is Row => !!x && typeof x === 'object') : []);

/** Where each checked item type names its parties (catalogue-data.ts field keys). */
export const PARTY_FIELDS: Readonly<Record<string, (f: Row) => (Party & { role: string })[]>> = {
  'procurement-tender': (f) => [{ role: '采购代理机构', name: str(f.agency) }],
  'procurement-award': (f) => [...rows(f.suppliers).map((r) => ({ role: '中标供应商', name: str(r.name), creditCode: str(r.creditCode) })), { role: '采购代理机构', name: str(f.agency) }],
  'construction-tender': (f) => [{ role: '招标代理机构', name: str(f.agency) }],
  'construction-candidates': (f) => [...rows(f.candidates).map((r) => ({ role: '中标候选人', name: str(r.name), creditCode: str(r.creditCode) })), { role: '招标代理机构', name: str(f.agency) }],
  'construction-evaluation': (f) => rows(f.rankedBidders).map((r) => ({ role: '投标人', name: str(r.name), creditCode: str(r.creditCode) })),
  'construction-award': (f) => [{ role: '中标人', name: str(f.winner), creditCode: str(f.winnerCreditCode) }, { role: '招标代理机构', name: str(f.agency) }],
};

export function partiesOf(itemTypeCode: string, fields: Row): (Party & { role: string })[] {
  const pick = PARTY_FIELDS[itemTypeCode];
  return pick ? pick(fields).filter((p) => p.name || p.creditCode) : [];
}

export const OVERRIDE_FIELD = 'blacklistOverride';

/**
 * The approval gate the disclosure lifecycle runs (disclosures/guard.ts ApprovalGate): approval of
 * a notice naming a party on the 黑名单 today is refused (409 `blacklisted_party`) unless the
 * reviewer records why it may still be published; the override is an event on the disclosure.
 */
export function blacklistGate(itemTypes: ItemTypeRegistry): ApprovalGate {
  const matchesFor = async (ex: Executor, d: Disclosure) => {
    const t = itemTypes.get(d.item_type_id);
    if (!t) return { parties: [], matches: [] };
    const parties = partiesOf(t.code, JSON.parse(d.fields) as Row);
    return { parties, matches: await findActiveMatches(ex, parties, todayInChina()) };
  };
  const describe = (parties: (Party & { role: string })[], matches: BlacklistMatch[]) =>
    matches.map((m) => {
      const p = parties[m.party]!;
      const sev = severityRule(m.entry.severity)?.label ?? m.entry.severity;
      return `${p.role}“${p.name ?? p.creditCode ?? ''}”${m.matchedBy === 'creditCode' ? '（统一社会信用代码一致）' : m.codeConflict ? '（名称一致，但统一社会信用代码不同，请核实）' : '（名称一致）'}：列入黑名单，${sev}，决定文号 ${m.entry.decisionNo}，公示期 ${m.entry.startDate} 至 ${m.entry.endDate}（/blacklist/${m.entry.id}）`;
    });
  return {
    overrideField: OVERRIDE_FIELD,
    async warnings(ex: Executor, d: Disclosure): Promise<GateWarning[]> {
      const { parties, matches } = await matchesFor(ex, d);
      if (!matches.length) return [];
      return [{ code: 'blacklisted_party', title: '本信息涉及黑名单主体', message: '以下当事人正处于黑名单公示期内。请核实后退回修改；确需发布的，须填写理由（将记入操作记录）。', items: describe(parties, matches), overrideLabel: '仍予通过的理由（如：决定已被撤销待更新、同名不同主体等）', field: OVERRIDE_FIELD }];
    },
    async check(trx: Trx, p: Principal, d: Disclosure, overrideReason: string): Promise<void> {
      const { parties, matches } = await matchesFor(trx, d);
      if (!matches.length) return;
      const reason = overrideReason.trim();
      const items = describe(parties, matches);
      if (!reason) {
        throw new AppError(409, 'blacklisted_party', `本信息涉及黑名单主体，不能审核通过：${items.join('；')}。如确需通过，请填写理由。`, [{ field: OVERRIDE_FIELD, message: '本信息涉及黑名单主体：请退回修改，或填写仍予通过的理由', code: 'blacklisted_party' }]);
      }
      if (reason.length > 2000) throw invalid([{ field: OVERRIDE_FIELD, message: '理由不能超过2000个字', code: 'too_long' }]);
      await appendEvent(trx, { at: new Date().toISOString(), actorId: p.userId, entity: 'disclosure', entityId: d.id, action: 'blacklist-override', reason, data: { matches: matches.map((m) => ({ entryId: m.entry.id, name: m.entry.name, matchedBy: m.matchedBy, party: parties[m.party]?.name ?? null })) } });
    },
  };
}
