// The red-flag core, table-driven: every flag tripped, clear and not testable, with its boundaries.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateProject, type BlacklistHit, type EvalEnv, type FlagStatus } from './evaluate.ts';
import { amountsInText, awardsOf, cents, type AwardRecord, type NoticeInput, type ProjectInput } from './extract.ts';
import { FLAGS, defaultThresholds, mergeThresholds, parseThreshold, type FlagCode } from './flags.ts';

let seq = 0;
const n = (itemType: string, fields: Record<string, unknown>, extra: Partial<NoticeInput> = {}): NoticeInput => ({
  disclosureId: ++seq, itemType, title: itemType, formedDate: '2026-03-02', dueDate: '2026-03-04', publishedAt: '2026-03-03T02:00:00Z', lateWorkingDays: 0, fields, ...extra,
});
const project = (sector: string, notices: NoticeInput[], id = 1): ProjectInput => ({ id, title: `项目${id}`, sector, departmentId: 7, departmentName: '住建局', notices });
// Mon–Fri stub: enough for the working-day minimums tested here (no holidays in the dates used).
const weekdays = (a: string, b: string) => {
  let c = 0;
  for (let t = Date.parse(`${a}T00:00:00Z`) + 86_400_000; t <= Date.parse(`${b}T00:00:00Z`); t += 86_400_000) if (![0, 6].includes(new Date(t).getUTCDay())) c++;
  return c;
};
const env = (o: Partial<EvalEnv> = {}): EvalEnv => ({ thresholds: defaultThresholds(), workingDaysBetween: weekdays, awards: [], blacklist: [], ...o });
const statusOf = (p: ProjectInput, code: FlagCode, e: EvalEnv = env()): FlagStatus => {
  const r = evaluateProject(p, e).find((x) => x.code === code);
  assert.ok(r, `${code} not evaluated for ${p.sector}`);
  return r.status;
};

const bidder = (name: string, price: string, cc?: string) => ({ rank: 1, name, ...(cc ? { creditCode: cc } : {}), bidPrice: price, totalScore: '90' });
const evaluation = (bidders: Record<string, unknown>[], extra: Record<string, unknown> = {}) => n('construction-evaluation', { bidderCount: bidders.length, rankedBidders: bidders, ...extra });
const consAward = (price: string, extra: Record<string, unknown> = {}) => n('construction-award', { winner: '甲建设有限公司', winnerCreditCode: 'A1', tenderer: '住建局', awardPrice: price, awardNoticeDate: '2026-03-02', ...extra });
const procAward = (budget: string, amounts: string[], extra: Record<string, unknown> = {}) => n('procurement-award', { purchaser: '卫健局', budgetAmount: budget, awardDate: '2026-03-02', suppliers: amounts.map((a, i) => ({ name: `供应商${i}`, creditCode: `C${i}`, awardAmount: a })), ...extra });

describe('flags as data', () => {
  test('every flag has a name, definition, legal basis and valid default thresholds', () => {
    for (const f of FLAGS) {
      assert.ok(f.name && f.definition && f.legalBasis.includes('《'), f.code);
      assert.ok(f.cardinal === null || /^R\d{3}$/.test(f.cardinal), f.code);
      for (const t of f.thresholds) assert.ok(t.min <= t.default && t.default <= t.max, `${f.code}.${t.key}`);
    }
    assert.equal(FLAGS.length, 10);
  });

  test('stored thresholds merge over the defaults; out-of-bounds values fall back', () => {
    const th = mergeThresholds({ 'repeat-winner': { minWins: 4, windowMonths: 99 }, 'award-near-budget': { percent: 2.5 } });
    assert.equal(th['repeat-winner'].minWins, 4);
    assert.equal(th['repeat-winner'].windowMonths, 12);
    assert.equal(th['award-near-budget'].percent, 2.5);
  });

  const tender = FLAGS.find((f) => f.code === 'short-bid-period')!.thresholds[0]!;
  const pct = FLAGS.find((f) => f.code === 'award-near-budget')!.thresholds[0]!;
  for (const [def, raw, ok] of [
    [tender, '20', true], [tender, '19', false], [tender, '90', true], [tender, '91', false], [tender, '20.5', false], [tender, '', false], [tender, 'abc', false],
    [pct, '0.1', true], [pct, '0.09', false], [pct, '10', true], [pct, '1.25', true], [pct, '1.255', false],
  ] as const) {
    test(`parseThreshold ${def.key}=${JSON.stringify(raw)} → ${ok ? 'ok' : 'error'}`, () => assert.equal(parseThreshold(def, raw).ok, ok));
  }
});

describe('extract helpers', () => {
  test('money is exact cents; amounts are read out of free text', () => {
    assert.equal(cents('1,234.5'), 123450n);
    assert.equal(cents(12), 1200n);
    assert.equal(cents('x'), null);
    assert.deepEqual(amountsInText('甲公司（投标报价：1,000,000.00元）；乙公司投标报价 98.5万元'), [100_000_000n, 98_500_000n]);
  });
});

type Row = [name: string, p: () => ProjectInput, code: FlagCode, expect: FlagStatus, e?: () => EvalEnv];
const cases: Row[] = [
  // single bid (R018)
  ['one bidder trips', () => project('construction', [evaluation([bidder('甲', '100')])]), 'single-bid', 'tripped'],
  ['two bidders are clear', () => project('construction', [evaluation([bidder('甲', '100'), bidder('乙', '101')])]), 'single-bid', 'clear'],
  ['two bidders trip with maxBidders 2', () => project('construction', [evaluation([bidder('甲', '100'), bidder('乙', '101')])]), 'single-bid', 'tripped', () => env({ thresholds: mergeThresholds({ 'single-bid': { maxBidders: 2 } }) })],
  ['procurement has no bidder count', () => project('procurement', [procAward('100', ['90'])]), 'single-bid', 'not_testable'],
  // bid period (R003): 20 days is the boundary
  ['construction 19 days trips', () => project('construction', [n('construction-tender', { documentsFrom: '2026-03-02', bidDeadline: '2026-03-21' })]), 'short-bid-period', 'tripped'],
  ['construction 20 days is clear', () => project('construction', [n('construction-tender', { documentsFrom: '2026-03-02', bidDeadline: '2026-03-22' })]), 'short-bid-period', 'clear'],
  ['a correction extending the deadline clears it', () => project('procurement', [n('procurement-tender', { documentsFrom: '2026-03-02', bidDeadline: '2026-03-16' }), n('procurement-correction', { correctionDate: '2026-03-05', newBidDeadline: '2026-03-25' })]), 'short-bid-period', 'clear'],
  ['磋商 9 days trips', () => project('procurement', [n('procurement-negotiation', { method: '竞争性磋商', documentsFrom: '2026-03-02', responseDeadline: '2026-03-11' })]), 'short-bid-period', 'tripped'],
  ['磋商 10 days is clear', () => project('procurement', [n('procurement-negotiation', { method: '竞争性磋商', documentsFrom: '2026-03-02', responseDeadline: '2026-03-12' })]), 'short-bid-period', 'clear'],
  ['询价 2 working days trips', () => project('procurement', [n('procurement-negotiation', { method: '询价', documentsFrom: '2026-03-06', responseDeadline: '2026-03-10' })]), 'short-bid-period', 'tripped'],
  ['询价 3 working days is clear', () => project('procurement', [n('procurement-negotiation', { method: '询价', documentsFrom: '2026-03-06', responseDeadline: '2026-03-11' })]), 'short-bid-period', 'clear'],
  ['询价 outside the calendar is not testable', () => project('procurement', [n('procurement-negotiation', { method: '询价', documentsFrom: '2031-03-06', responseDeadline: '2031-03-11' })]), 'short-bid-period', 'not_testable', () => env({ workingDaysBetween: () => null })],
  ['no tender notice is not testable', () => project('construction', [consAward('100')]), 'short-bid-period', 'not_testable'],
  // candidate publicity: 3 days
  ['2 days of publicity trips', () => project('construction', [n('construction-candidates', { publicityStart: '2026-03-02', publicityEnd: '2026-03-04' })]), 'short-candidate-publicity', 'tripped'],
  ['3 days of publicity is clear', () => project('construction', [n('construction-candidates', { publicityStart: '2026-03-02', publicityEnd: '2026-03-05' })]), 'short-candidate-publicity', 'clear'],
  ['no publicity is not testable', () => project('construction', [consAward('100')]), 'short-candidate-publicity', 'not_testable'],
  // late result or contract
  ['an award 1 working day late trips', () => project('procurement', [procAward('100', ['90'], {}), n('procurement-contract', {}, { lateWorkingDays: 1 })]), 'late-publication', 'tripped'],
  ['on time is clear', () => project('procurement', [procAward('100', ['90'])]), 'late-publication', 'clear'],
  ['1 day late is clear with a tolerance of 1', () => project('procurement', [n('procurement-contract', {}, { lateWorkingDays: 1 })]), 'late-publication', 'clear', () => env({ thresholds: mergeThresholds({ 'late-publication': { toleranceWorkingDays: 1 } }) })],
  ['an unknown due date is not testable', () => project('procurement', [n('procurement-contract', {}, { lateWorkingDays: null, dueDate: null })]), 'late-publication', 'not_testable'],
  ['no award or contract is not testable', () => project('procurement', []), 'late-publication', 'not_testable'],
  // award near budget: 1% inclusive
  ['exactly 99% of the budget trips', () => project('procurement', [procAward('1000000.00', ['600000.00', '390000.00'])]), 'award-near-budget', 'tripped'],
  ['one cent under 99% is clear', () => project('procurement', [procAward('1000000.00', ['989999.99'])]), 'award-near-budget', 'clear'],
  ['over the budget trips', () => project('procurement', [procAward('1000000.00', ['1000000.01'])]), 'award-near-budget', 'tripped'],
  ['construction uses the section ceiling', () => project('construction', [n('construction-tender', { maxPrice: '2000000', sections: [{ sectionNo: '01', maxPrice: '1000000' }] }), consAward('995000', { sectionNo: '01' })]), 'award-near-budget', 'tripped'],
  ['construction below the tender ceiling is clear', () => project('construction', [n('construction-tender', { maxPrice: '1000000' }), consAward('900000')]), 'award-near-budget', 'clear'],
  ['no ceiling is not testable', () => project('construction', [consAward('900000')]), 'award-near-budget', 'not_testable'],
  // identical prices (R028)
  ['two equal prices trip', () => project('construction', [evaluation([bidder('甲', '100.00'), bidder('乙', '100'), bidder('丙', '101')])]), 'identical-bid-prices', 'tripped'],
  ['the same bidder in two notices is not a duplicate', () => project('construction', [evaluation([bidder('甲', '100', 'X1'), bidder('乙', '101')]), n('construction-candidates', { candidates: [bidder('甲', '100', 'X1')] })]), 'identical-bid-prices', 'clear'],
  ['two equal prices are clear when 3 are required', () => project('construction', [evaluation([bidder('甲', '100'), bidder('乙', '100')])]), 'identical-bid-prices', 'clear', () => env({ thresholds: mergeThresholds({ 'identical-bid-prices': { minBids: 3 } }) })],
  ['one price is not testable', () => project('construction', [evaluation([bidder('甲', '100')])]), 'identical-bid-prices', 'not_testable'],
  // lowest bid disqualified (R036)
  ['a rejected bid below every qualified bid trips', () => project('construction', [evaluation([bidder('甲', '100'), bidder('乙', '110')], { bidderCount: 3, rejectedBids: '丙公司（投标报价：99.99元）：投标报价低于成本。' })]), 'lowest-bid-disqualified', 'tripped'],
  ['a rejected bid equal to the lowest is clear', () => project('construction', [evaluation([bidder('甲', '100'), bidder('乙', '110')], { bidderCount: 3, rejectedBids: '丙公司（投标报价：100元）：资格不符。' })]), 'lowest-bid-disqualified', 'clear'],
  ['no rejected bids is clear', () => project('construction', [evaluation([bidder('甲', '100'), bidder('乙', '110')])]), 'lowest-bid-disqualified', 'clear'],
  ['rejected without a price is not testable', () => project('construction', [evaluation([bidder('甲', '100')], { bidderCount: 2, rejectedBids: '丙公司：资格不符。' })]), 'lowest-bid-disqualified', 'not_testable'],
  ['missing bidders without a rejection text are not testable', () => project('construction', [evaluation([bidder('甲', '100')], { bidderCount: 2 })]), 'lowest-bid-disqualified', 'not_testable'],
  // blacklisted participant
  ['a blacklist hit trips', () => project('construction', [consAward('1')]), 'blacklisted-participant', 'tripped', () => env({ blacklist: [{ name: '甲建设有限公司', role: '中标人', disclosureId: 1, onDate: '2026-03-02', entry: '不良行为记录（2025-01-01 至 2027-01-01）' } satisfies BlacklistHit] })],
  ['no hit is clear', () => project('construction', [consAward('1')]), 'blacklisted-participant', 'clear'],
  ['no blacklist module is not testable', () => project('construction', [consAward('1')]), 'blacklisted-participant', 'not_testable', () => env({ blacklist: null })],
  ['no parties are not testable', () => project('construction', [n('construction-tender', {})]), 'blacklisted-participant', 'not_testable'],
  // missing notice
  ['a contract without an award trips', () => project('procurement', [n('procurement-tender', {}), n('procurement-contract', {})]), 'missing-notice', 'tripped'],
  ['a construction award without candidates trips', () => project('construction', [n('construction-tender', {}), consAward('1')]), 'missing-notice', 'tripped'],
  ['acceptance without a contract trips', () => project('procurement', [n('procurement-tender', {}), procAward('1', ['1']), n('procurement-acceptance', {})]), 'missing-notice', 'tripped'],
  ['a complete chain is clear', () => project('construction', [n('construction-tender', {}), n('construction-candidates', {}), consAward('1'), n('construction-contract', {})]), 'missing-notice', 'clear'],
  ['only a tender is not testable', () => project('construction', [n('construction-tender', {})]), 'missing-notice', 'not_testable'],
];

describe('evaluateProject', () => {
  for (const [name, p, code, expect, e] of cases) {
    test(`${code}: ${name}`, () => assert.equal(statusOf(p(), code, e?.()), expect));
  }

  test('candidate publicity does not apply to procurement projects', () => {
    assert.ok(!evaluateProject(project('procurement', []), env()).some((r) => r.code === 'short-candidate-publicity'), "!evaluateProject(project('procurement', []), env()).some((r) => r.code === 'short-candidate-publicity')");
    assert.equal(evaluateProject(project('construction', []), env()).length, 10);
  });

  test('evidence carries the values and the disclosure they come from', () => {
    const p = project('construction', [n('construction-candidates', { publicityStart: '2026-03-02', publicityEnd: '2026-03-04' })]);
    const r = evaluateProject(p, env()).find((x) => x.code === 'short-candidate-publicity')!;
    assert.match(r.evidence[0]!.value, /2026-03-02 至 2026-03-04，共 2 日/);
    assert.equal(r.evidence[0]!.disclosureId, p.notices[0]!.disclosureId);
  });
});

describe('repeat winner', () => {
  const win = (id: number, date: string, supplier = 'A1', buyer = '住建局') =>
    project('construction', [n('construction-award', { winner: supplier === 'A1' ? '甲建设有限公司' : '乙', winnerCreditCode: supplier, tenderer: buyer, awardPrice: '1', awardNoticeDate: date })], id);
  const all = (ps: ProjectInput[]): AwardRecord[] => ps.flatMap(awardsOf);
  for (const [name, dates, expect] of [
    ['3 wins within 12 months trip', ['2025-01-10', '2025-06-01', '2026-01-09'], 'tripped'],
    ['3 wins spread over exactly 12 months are clear', ['2025-01-10', '2025-06-01', '2026-01-10'], 'clear'],
    ['2 wins are clear', ['2025-01-10', '2025-06-01'], 'clear'],
  ] as const) {
    test(name, () => {
      const ps = dates.map((d, i) => win(i + 1, d));
      assert.equal(statusOf(ps[0]!, 'repeat-winner', env({ awards: all(ps) })), expect);
    });
  }
  test('another buyer or another supplier does not count', () => {
    const ps = [win(1, '2025-01-10'), win(2, '2025-02-10', 'A1', '城管局'), win(3, '2025-03-10', 'B2')];
    assert.equal(statusOf(ps[0]!, 'repeat-winner', env({ awards: all(ps) })), 'clear');
  });
  test('no award is not testable', () => assert.equal(statusOf(project('construction', []), 'repeat-winner'), 'not_testable'));
});
