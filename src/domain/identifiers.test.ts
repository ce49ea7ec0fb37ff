import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  completeCreditCode,
  completeIdNumber,
  creditCodeCheckChar,
  idNumberCheckChar,
  investmentCodeForm,
  isValidCreditCode,
  isValidIdNumber,
  isValidInvestmentCode,
  normaliseIdentifier,
  orgCodeCheckChar,
} from './identifiers.ts';

const TODAY = new Date('2025-06-30T00:00:00Z');

describe('normaliseIdentifier', () => {
  const cases: [string, string][] = [
    ['11010519491231002X', '11010519491231002X'],
    ['11010519491231002x', '11010519491231002X'],
    ['１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X'],
    ['110105 19491231 002X', '11010519491231002X'],
    ['110105\u300019491231\u3000002X', '11010519491231002X'],
    ['110105-19491231-002X', '11010519491231002X'],
    ['110105－19491231－002X', '11010519491231002X'], // full-width hyphen (fixed: was kept)
    ['110105–19491231–002X', '11010519491231002X'], // en dash
    ['９１３５０１００ｍ０００１００ｙ４３', '91350100M000100Y43'],
  ];
  for (const [raw, want] of cases) test(JSON.stringify(raw), () => assert.equal(normaliseIdentifier(raw), want));
});

describe('idNumberCheckChar (GB 11643: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, "10X98765432")', () => {
  const cases: [string, string][] = [
    ['11010519491231002', 'X'], // RULES.md §11 vector
    ['36042619910101007', '1'], // RULES.md §11 vector
    ['44010219900307123', completeIdNumber('44010219900307123').slice(-1)],
  ];
  for (const [first17, want] of cases) test(first17, () => assert.equal(idNumberCheckChar(first17), want));
  test('completeIdNumber appends the check character', () => {
    assert.equal(completeIdNumber('11010519491231002'), '11010519491231002X');
    assert.equal(completeIdNumber('36042619910101007'), '360426199101010071');
  });
});

describe('isValidIdNumber', () => {
  const cases: [string, boolean, string][] = [
    ['11010519491231002X', true, 'RULES.md §11 vector'],
    ['360426199101010071', true, 'RULES.md §11 vector'],
    ['11010519491231002x', true, 'lower-case x'],
    ['１１０１０５１９４９１２３１００２Ｘ', true, 'full-width'],
    ['110105 19491231 002X', true, 'spaced 6-8-4'],
    ['1101 0519 4912 3100 2X', true, 'spaced in fours'],
    ['110105-19491231-002X', true, 'hyphenated'],
    ['110105－19491231－002X', true, 'full-width hyphens'],
    ['110105194912310021', false, 'bad check character'],
    ['360426199101010072', false, 'bad check digit'],
    ['11010519491231002Y', false, 'check character not X'],
    [completeIdNumber('11010519490230002'), false, 'impossible birth date 1949-02-30'],
    [completeIdNumber('11010519491301002'), false, 'month 13'],
    [completeIdNumber('11010519490000002'), false, 'month 00'],
    [completeIdNumber('44010220000229123'), true, 'leap day 2000-02-29'],
    [completeIdNumber('44010219000229123'), false, '1900 is not a leap year'],
    [completeIdNumber('44010218790101123'), false, 'born before 1880'],
    [completeIdNumber('44010220250701123'), false, 'born after "today"'],
    [completeIdNumber('44010220250629123'), true, 'born the day before "today"'],
    [completeIdNumber('01010519491231002'), false, 'region starting with 0'],
    ['1101051949123100', false, '16 digits'],
    ['11010519491231002XX', false, '19 characters'],
    ['', false, 'empty'],
    ['110105491231002', true, '15-digit, born 1949-12-31'],
    ['110105491331002', false, '15-digit, month 13'],
    ['110105490229002', false, '15-digit, 1949-02-29'],
    ['440102960229123', true, '15-digit, 1996-02-29'],
    ['010105491231002', false, '15-digit, region starting with 0'],
    ['１１０１０５４９１２３１００２', true, '15-digit full-width'],
    ['11010549123100X', false, '15-digit with X'],
  ];
  for (const [raw, want, why] of cases) {
    test(`${why}: ${raw}`, () => assert.equal(isValidIdNumber(raw, TODAY), want));
  }
});

describe('organisation code and credit code check characters', () => {
  test('orgCodeCheckChar (GB 11714: 11 − Σ mod 11, 10 → X, 11 → 0)', () => {
    // Characters 9–17 of the RULES.md vectors are valid organisation codes.
    assert.equal(orgCodeCheckChar('M000100Y'), '4');
    assert.equal(orgCodeCheckChar('60003734'), '1');
    assert.equal(orgCodeCheckChar('6000373!'), null);
  });
  const cases: [string, string][] = [
    ['91350100M000100Y4', '3'],
    ['91110000600037341', 'L'],
  ];
  for (const [first17, want] of cases) test(`creditCodeCheckChar ${first17}`, () => assert.equal(creditCodeCheckChar(first17), want));
  test('creditCodeCheckChar rejects letters outside the alphabet (I O S V Z)', () => {
    assert.equal(creditCodeCheckChar('91350100I000100Y4'), null);
  });
  test('completeCreditCode builds valid codes', () => {
    assert.equal(completeCreditCode('91350100', 'M000100Y'), '91350100M000100Y43');
    assert.equal(completeCreditCode('91110000', '60003734'), '91110000600037341L');
    const made = completeCreditCode('91440200', '12345678');
    assert.ok(isValidCreditCode(made), made);
    assert.throws(() => completeCreditCode('91440200', '1234567!'));
  });
});

describe('isValidCreditCode (GB 32100)', () => {
  const cases: [string, boolean, string][] = [
    ['91350100M000100Y43', true, 'RULES.md §11 vector'],
    ['91110000600037341L', true, 'RULES.md §11 vector'],
    ['91110000600037341l', true, 'lower case'],
    ['９１１１００００６０００３７３４１Ｌ', true, 'full-width'],
    ['9111 0000 6000 3734 1L', true, 'spaced'],
    ['91110000600037341K', false, 'bad check character'],
    ['91350100M000100Y44', false, 'bad check character'],
    ['91350100M000100Y4', false, '17 characters'],
    ['91350100M000100I43', false, 'I is not in the alphabet'],
    ['91350100O000100Y43', false, 'O is not in the alphabet'],
    ['11010519491231002X', false, 'an ID number is not a credit code'],
  ];
  for (const [raw, want, why] of cases) test(`${why}: ${raw}`, () => assert.equal(isValidCreditCode(raw), want));

  test('a code whose embedded organisation code is wrong is rejected even with a matching last character', () => {
    // Organisation code part 60003734 + wrong check '2', then a credit check computed over it.
    const first17 = '91110000600037342';
    const last = creditCodeCheckChar(first17)!;
    assert.equal(isValidCreditCode(first17 + last), false);
  });
});

describe('investmentCodeForm (投资项目代码)', () => {
  const cases: [string, 'old' | 'new' | null, string][] = [
    ['2017-440304-48-03-012345', 'old', 'old form'],
    [' 2017-440304-48-03-012345 ', 'old', 'surrounding spaces'],
    ['２０１７－４４０３０４－４８－０３－０１２３４５', 'old', 'full-width (fixed: was rejected)'],
    ['1998-440304-48-03-012345', 'old', '19xx'],
    ['2105-440304-04-01-58043X', 'new', 'new form with hyphens'],
    ['2105440304040158043X', 'new', 'new form compact'],
    ['2105-440304-04-01-5A0B3C', 'new', 'new form with letters in the random part'],
    ['2105-440304-04-01-58043x', 'new', 'lower case (fixed: was rejected)'],
    ['21-05440304040158043X', null, 'misplaced hyphen (fixed: was accepted)'],
    ['2017-440304-48-03-01234', null, 'serial too short'],
    ['2017-44030-48-03-012345', null, 'region too short'],
    ['2017440304480301234', null, '19 characters'],
    ['SGZJ2025-GK-0012', null, 'procurement project number'],
    ['', null, 'empty'],
  ];
  for (const [raw, want, why] of cases) {
    test(`${why}: ${raw}`, () => {
      assert.equal(investmentCodeForm(raw), want);
      assert.equal(isValidInvestmentCode(raw), want !== null);
    });
  }
});
