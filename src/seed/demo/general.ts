// Standalone disclosures (no project): 双公示 licences and penalties from every bureau and town, and
// the supervisory records in sanctions.ts, spread over the whole history until the target is reached.
import { DEPARTMENTS, creditCodeOf, displayName } from './departments.ts';
import { DOC_PREFIX, LICENCES, PENALTIES, type LicenceKind, type PenaltyKind } from './general-data.ts';
import { SANCTION_GENERATORS, agencyAssessments } from './sanctions.ts';
import { shiftDate, yearsLater, type Gen, type ScheduleOptions } from './timeline.ts';
import { cnDate, idNumber, money, paras, personName, roundYuan, type CompanyKind } from './vocabulary.ts';

/** Generates one standalone disclosure; false if it could not be scheduled. */
export type StandaloneGenerator = (g: Gen, dept: string, formed: string, key: string, opts?: ScheduleOptions) => boolean;

interface Party {
  name: string;
  type: '法人及非法人组织' | '自然人';
  creditCode?: string;
  legalRepresentative?: string;
  idNumber?: string;
}

function party(g: Gen, kind: CompanyKind | 'person'): Party {
  if (kind === 'person') return { name: personName(g.rng), type: '自然人', idNumber: idNumber(g.rng, 1955, 1998) };
  const c = g.companies.pick(kind, 10);
  return { name: c.name, type: '法人及非法人组织', creditCode: c.creditCode, legalRepresentative: c.legalRepresentative };
}

const isTown = (dept: string) => DEPARTMENTS.find((d) => d.code === dept)?.kind === 'town';
const docNo = (g: Gen, dept: string, kind: string, date: string) => `${DOC_PREFIX[dept] ?? '浈'}${kind}〔${date.slice(0, 4)}〕${g.rng.int(1, 320)}号`;

const licence: StandaloneGenerator = (g, dept, formed, key, opts) => {
  const L: LicenceKind = g.rng.pick(LICENCES[isTown(dept) ? 'town' : dept] ?? []);
  const s = g.schedule(dept, 'general-licence', formed, opts);
  if (!s) return false;
  const p = party(g, L.party);
  const until = L.years ? yearsLater(s.formed, L.years) : undefined;
  const no = docNo(g, dept, '许', s.formed);
  const content = L.content.replace('{p}', p.name);
  g.emit(s, { key, title: `${L.name}决定（${p.name}）`, fields: {
    decisionNo: no, licenceName: L.name, licenceCategory: L.category,
    ...(L.certificate ? { certificateName: L.certificate, certificateNo: `${DOC_PREFIX[dept] ?? ''}${s.formed.slice(0, 4)}${g.rng.digits(5)}` } : {}),
    content, licenseeName: p.name, licenseeType: p.type,
    ...(p.creditCode ? { licenseeCreditCode: p.creditCode, legalRepresentative: p.legalRepresentative } : { licenseeIdNumber: p.idNumber }),
    decisionDate: s.formed, validFrom: s.formed, ...(until ? { validUntil: until } : {}),
    licensingBody: displayName(dept), licensingBodyCreditCode: creditCodeOf(dept),
  }, body: paras(
    `${p.name}于${cnDate(shiftDate(s.formed, -g.rng.int(5, 18)))}向本机关提出${L.name}申请。经审查，申请材料齐全、符合法定形式，符合法定条件。`,
    `根据《中华人民共和国行政许可法》第三十八条第一款的规定，本机关决定：${content}（决定文书号：${no}）`,
    until ? `许可有效期自${cnDate(s.formed)}至${cnDate(until)}。` : `本许可决定自作出之日起生效。`,
  ) }, true);
  return true;
};

const penalty: StandaloneGenerator = (g, dept, formed, key, opts) => {
  const K: PenaltyKind = g.rng.pick(PENALTIES[isTown(dept) ? 'town' : dept] ?? []);
  const s = g.schedule(dept, 'general-penalty', formed, opts);
  if (!s) return false;
  const p = party(g, K.party);
  const fine = K.fine ? roundYuan(g.rng.int(K.fine[0], K.fine[1]), 100) : 0;
  const confiscated = K.type === '没收违法所得、没收非法财物' ? roundYuan(g.rng.int(800, 30000), 10) : 0;
  const no = docNo(g, dept, '罚决字', s.formed);
  const facts = K.facts.replace('{p}', p.name);
  const content = `${K.content}${fine ? `罚款人民币${money(fine).replace(/\.00$/, '')}元。` : ''}`;
  g.emit(s, { key, title: `行政处罚决定书（${no}）`, fields: {
    decisionNo: no, violationType: K.violation, facts, basis: K.basis, penaltyType: K.type, penaltyContent: content,
    ...(fine ? { fineAmount: money(fine) } : {}), ...(confiscated ? { confiscatedAmount: money(confiscated) } : {}),
    partyName: p.name, partyType: p.type,
    ...(p.creditCode ? { partyCreditCode: p.creditCode, legalRepresentative: p.legalRepresentative } : { partyIdNumber: p.idNumber }),
    decisionDate: s.formed, publicUntil: shiftDate(s.formed, K.type === '警告' ? 90 : 365),
    penaltyBody: displayName(dept), penaltyBodyCreditCode: creditCodeOf(dept),
  }, body: paras(
    `当事人：${p.name}${p.creditCode ? `（统一社会信用代码：${p.creditCode}）` : ''}。`,
    `经查，${facts}本机关于${cnDate(shiftDate(s.formed, -g.rng.int(20, 60)))}立案调查，并依法告知当事人拟作出行政处罚的事实、理由、依据及其依法享有的权利。`,
    `当事人的上述行为构成${K.violation}。依据${K.basis}，本机关决定：${content}`,
    `当事人如不服本处罚决定，可以在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。`,
  ) }, true);
  return true;
};

export const GENERATORS: Readonly<Record<string, StandaloneGenerator>> = {
  'general-licence': licence,
  'general-penalty': penalty,
  ...SANCTION_GENERATORS,
};

/** What each department publishes outside projects, with weights. */
const TOWN_MIX: readonly (readonly [string, number])[] = [['housing-policy', 5], ['general-licence', 3], ['general-penalty', 2]];
export const REPERTOIRE: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  fgj: [['general-licence', 5], ['general-penalty', 2], ['construction-violation', 1]],
  jxj: [['general-licence', 4], ['general-penalty', 2], ['procurement-intention', 1]],
  czj: [['procurement-complaint-decision', 2], ['procurement-inspection-decision', 2], ['procurement-bad-conduct', 2], ['procurement-intention', 2], ['general-penalty', 1], ['general-licence', 1]],
  cgj: [['general-licence', 5], ['general-penalty', 4], ['construction-credit', 1]],
  nyj: [['general-licence', 5], ['general-penalty', 3], ['procurement-intention', 1]],
  wjj: [['general-licence', 5], ['general-penalty', 4], ['procurement-intention', 1]],
  sjj: [['procurement-intention', 3], ['general-penalty', 2]],
  lyj: [['general-licence', 5], ['general-penalty', 4], ['procurement-intention', 1]],
  gtfj: [['general-licence', 4], ['general-penalty', 3]],
  swj: [['general-licence', 3], ['general-penalty', 5], ['procurement-intention', 1]],
  zjj: [['general-licence', 4], ['general-penalty', 2], ['construction-violation', 2], ['construction-credit', 3], ['housing-policy', 1]],
  lsz: TOWN_MIX, hpz: TOWN_MIX, xsz: TOWN_MIX, lyz: TOWN_MIX, dhjd: TOWN_MIX, czjd: TOWN_MIX,
};

/** How many standalone disclosures each department gets, relatively. */
const DEPT_WEIGHTS: readonly (readonly [string, number])[] = [
  ['fgj', 12], ['jxj', 10], ['czj', 22], ['cgj', 22], ['nyj', 17], ['wjj', 21], ['sjj', 7], ['lyj', 24], ['gtfj', 17],
  ['swj', 21], ['zjj', 22], ['lsz', 8], ['hpz', 14], ['xsz', 7], ['lyz', 7], ['dhjd', 6], ['czjd', 6],
];

/** Number of recent disclosures kept back for drafts, submissions and returns (lifecycle.ts). */
export const RECENT = 8;

export function generateStandalone(g: Gen, target: number): string[] {
  const { rng } = g;
  let seq = 0;
  const nextKey = (dept: string, type: string) => `${dept}-${type.replace(/^(general|procurement|construction|housing)-/, '')}-${String(++seq).padStart(4, '0')}`;
  agencyAssessments(g, nextKey);
  const latest = g.addWd(g.lastDay, -25);
  for (let guard = 0; g.out.length < target - RECENT && guard < target * 4; guard++) {
    const dept = rng.weighted(DEPT_WEIGHTS);
    const type = rng.weighted(REPERTOIRE[dept]!);
    let formed = g.dateAt(rng.float());
    if (formed > latest) formed = g.addWd(latest, -rng.int(0, 40));
    GENERATORS[type]!(g, dept, formed, nextKey(dept, type));
  }
  // Recent work, still in the office's hands: becomes drafts, submissions and returns.
  const recent: string[] = [];
  for (let guard = 0; recent.length < RECENT && guard < RECENT * 4; guard++) {
    const dept = rng.pick(['wjj', 'cgj', 'nyj', 'swj', 'zjj', 'lsz', 'gtfj', 'czj']);
    const type = rng.pick(['general-licence', 'general-penalty']);
    const formed = g.addWd(g.lastDay, -rng.int(0, 3));
    const key = nextKey(dept, type);
    if (GENERATORS[type]!(g, dept, formed, key, { publish: g.lastDay, noLate: true })) recent.push(key);
  }
  return recent;
}
