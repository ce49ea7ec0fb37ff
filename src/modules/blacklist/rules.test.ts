import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { completeCreditCode, completeIdNumber } from '../../domain/identifiers.ts';
import { addMonths, checkPeriod, inForceOn, isCurrent, normaliseName, repairEligibleFrom, subjectKey } from './rules.ts';
import { validateEntry, type EntryInput } from './validation.ts';

describe('addMonths', () => {
  const cases: [string, number, string][] = [
    ['2026-01-15', 3, '2026-04-15'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-11-30', 3, '2027-02-28'],
    ['2026-05-10', 36, '2029-05-10'],
    ['2026-03-01', -13, '2025-02-01'],
  ];
  for (const [from, n, want] of cases) test(`${from} + ${n} months = ${want}`, () => assert.equal(addMonths(from, n), want));
});

describe('checkPeriod (RULES.md §8)', () => {
  const base = { sector: 'construction', decisionDate: '2026-01-10', startDate: '2026-01-10' };
  const cases: { name: string; severity: string; end: string; sector?: string; start?: string; codes: string[] }[] = [
    { name: 'ordinary, exactly 3 months', severity: 'ordinary', end: '2026-04-09', codes: [] },
    { name: 'ordinary, one day short of 3 months', severity: 'ordinary', end: '2026-04-08', codes: ['period_too_short'] },
    { name: 'ordinary, 1 year', severity: 'ordinary', end: '2027-01-10', codes: [] },
    { name: 'ordinary, 1 year and a day', severity: 'ordinary', end: '2027-01-11', codes: ['period_too_long'] },
    { name: 'serious, 11 months is too short', severity: 'serious', end: '2026-12-10', codes: ['period_too_short'] },
    { name: 'serious, 1 year', severity: 'serious', end: '2027-01-09', codes: [] },
    { name: 'serious, 3 years', severity: 'serious', end: '2029-01-10', codes: [] },
    { name: 'serious, over 3 years', severity: 'serious', end: '2029-01-11', codes: ['period_too_long'] },
    { name: 'procurement bar in procurement, 2 years', severity: 'procurement-bar', sector: 'procurement', end: '2028-01-09', codes: [] },
    { name: 'procurement bar outside procurement', severity: 'procurement-bar', end: '2028-01-09', codes: ['severity_sector'] },
    { name: 'procurement bar, 4 years', severity: 'procurement-bar', sector: 'procurement', end: '2030-01-09', codes: ['period_too_long'] },
    { name: 'end before start', severity: 'ordinary', end: '2026-01-09', codes: ['end_before_start'] },
    { name: 'start before the decision', severity: 'ordinary', start: '2026-01-05', end: '2026-06-30', codes: ['start_before_decision'] },
    // The maximum counts from the decision date, whatever the start.
    { name: 'serious starting late still ends by decision + 3 years', severity: 'serious', start: '2026-06-01', end: '2029-05-31', codes: ['period_too_long'] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const got = checkPeriod({ ...base, severity: c.severity, sector: c.sector ?? base.sector, startDate: c.start ?? base.startDate, endDate: c.end }).map((p) => p.code);
      assert.deepEqual(got, c.codes);
    });
  }
});

describe('normaliseName', () => {
  const same: [string, string][] = [
    ['广东丹霞建设工程有限公司', '广东丹霞建设工程有限责任公司'],
    ['广东 丹霞建设工程有限公司', '广东丹霞建设工程有限公司'],
    ['广东丹霞建设工程有限公司（韶关分公司）', '广东丹霞建设工程有限公司(韶关分公司)'],
    ['ＡＢＣ科技有限公司', 'abc科技有限公司'],
    ['韶关市\u3000宏达贸易有限公司', '韶关市宏达贸易有限公司'],
  ];
  for (const [a, b] of same) test(`${a} ≡ ${b}`, () => assert.equal(normaliseName(a), normaliseName(b)));
  test('different firms stay different', () => assert.notEqual(normaliseName('广东丹霞建设工程有限公司'), normaliseName('广东丹霞市政工程有限公司')));
});

describe('in force and current', () => {
  const e: { status: string; start_date: string; end_date: string; closed_on: string | null } = { status: 'active', start_date: '2026-01-01', end_date: '2026-06-30', closed_on: null };
  const cases: [string, Partial<typeof e>, string, boolean][] = [
    ['before start', {}, '2025-12-31', false],
    ['first day', {}, '2026-01-01', true],
    ['last day (inclusive)', {}, '2026-06-30', true],
    ['day after the end', {}, '2026-07-01', false],
    ['expired entry, date inside its period', { status: 'expired' }, '2026-03-01', true],
    ['revoked never was', { status: 'revoked', closed_on: '2026-03-01' }, '2026-02-01', false],
    ['repaired: before the repair', { status: 'repaired', closed_on: '2026-03-01' }, '2026-02-28', true],
    ['repaired: on the repair day', { status: 'repaired', closed_on: '2026-03-01' }, '2026-03-01', false],
    ['draft', { status: 'draft' }, '2026-03-01', false],
  ];
  for (const [name, patch, on, want] of cases) test(name, () => assert.equal(inForceOn({ ...e, ...patch }, on), want));
  test('current until the end date, whatever the job did', () => {
    assert.equal(isCurrent({ status: 'active', end_date: '2026-06-30' }, '2026-06-30'), true);
    assert.equal(isCurrent({ status: 'active', end_date: '2026-06-30' }, '2026-07-01'), false);
    assert.equal(isCurrent({ status: 'repaired', end_date: '2027-06-30' }, '2026-07-01'), false);
  });
  test('credit repair after the minimum period', () => {
    assert.equal(repairEligibleFrom('ordinary', '2026-01-10'), '2026-04-10');
    assert.equal(repairEligibleFrom('serious', '2026-01-10'), '2027-01-10');
    assert.equal(repairEligibleFrom('procurement-bar', '2026-01-10'), '2027-01-10');
  });
  test('subject key: credit code, else ID number, else name', () => {
    assert.equal(subjectKey({ creditCode: 'X', idNumber: 'Y', name: 'n' }), 'usci:X');
    assert.equal(subjectKey({ creditCode: null, idNumber: 'Y', name: 'n' }), 'id:Y');
    assert.equal(subjectKey({ creditCode: null, idNumber: null, name: '甲 有限责任公司' }), 'name:甲有限公司');
  });
});

describe('validateEntry', () => {
  const code = completeCreditCode('91440204', 'MA4UX1Y2');
  const ok: EntryInput = { departmentId: 1, subjectKind: 'company', name: '广东丹霞建设工程有限公司', creditCode: code, idNumber: '', conduct: '串通投标', legalBasis: '《招标投标法》第五十三条', decisionNo: '浈住建罚〔2026〕1号', decisionDate: '2026-01-10', sector: 'construction', severity: 'serious', startDate: '2026-01-10', endDate: '2027-01-09', disclosureId: '' };
  const sectors = ['procurement', 'construction', 'housing'];
  const cases: { name: string; patch: Partial<EntryInput>; errors: [string, string][] }[] = [
    { name: 'valid', patch: {}, errors: [] },
    { name: 'bad credit-code checksum', patch: { creditCode: code.slice(0, 17) + (code.endsWith('0') ? '1' : '0') }, errors: [['creditCode', 'bad_checksum']] },
    { name: 'company without credit code', patch: { creditCode: '' }, errors: [['creditCode', 'required']] },
    { name: 'person needs a valid ID number', patch: { subjectKind: 'person', creditCode: '', idNumber: '440204196205181234' }, errors: [['idNumber', 'bad_checksum']] },
    { name: 'end before start', patch: { endDate: '2026-01-01' }, errors: [['endDate', 'end_before_start']] },
    { name: 'period longer than the severity allows', patch: { severity: 'ordinary', endDate: '2027-06-30' }, errors: [['endDate', 'period_too_long']] },
    { name: 'not a date', patch: { decisionDate: '2026-02-30' }, errors: [['decisionDate', 'not_a_date']] },
    { name: 'period already over', patch: { decisionDate: '2025-01-10', startDate: '2025-01-10', endDate: '2026-01-09' }, errors: [['endDate', 'already_ended']] },
    { name: 'decision in the future', patch: { decisionDate: '2099-01-01', startDate: '2099-01-01', endDate: '2100-01-01' }, errors: [['decisionDate', 'in_future']] },
    { name: 'everything missing', patch: { name: '', conduct: '', legalBasis: '', decisionNo: '' }, errors: [['name', 'required'], ['conduct', 'required'], ['legalBasis', 'required'], ['decisionNo', 'required']] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const r = validateEntry({ ...ok, ...c.patch }, sectors, '2026-11-27');
      assert.deepEqual(r.errors.map((e) => [e.field, e.code]), c.errors);
      assert.equal(!!r.value, c.errors.length === 0);
    });
  }
  test('a person’s ID number is kept (normalised) for matching', () => {
    const id = completeIdNumber('44020419620518123');
    const r = validateEntry({ ...ok, subjectKind: 'person', creditCode: '', idNumber: id.toLowerCase(), severity: 'ordinary', endDate: '2026-12-31' }, sectors, '2026-11-27');
    assert.deepEqual(r.errors, []);
    assert.equal(r.value?.idNumber, id);
    assert.equal(r.value?.subjectKey, `id:${id}`);
  });
});
