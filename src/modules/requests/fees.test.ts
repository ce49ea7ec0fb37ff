// 国办函〔2020〕109号 fee tiers, both schemes (RULES.md §2), and the other pure request helpers:
// tracking codes, contacts, receipt dates (条例 第三十一条), answer → table 3 mapping.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { feeForNthRequest, feeForPages, formatFen, quoteFee } from './fees.ts';
import { contactMatches, hashTrackingCode, newTrackingCode, normaliseContact, normaliseTrackingCode, CODE_BITS } from './tracking.ts';
import { receiptDate } from './receipt.ts';
import { resultOfAnswer, ANSWER_TYPES } from './answer-types.ts';

describe('按件计收: the n-th request of a natural month', () => {
  const cases: [number, number][] = [[1, 0], [10, 0], [11, 100], [30, 100], [31, 200], [40, 200], [41, 300], [50, 300], [51, 400], [75, 600]];
  for (const [n, yuan] of cases) test(`request ${n} → ${yuan} yuan`, () => assert.equal(feeForNthRequest(n), yuan));
});

describe('按量计收: pages of one request, band by band', () => {
  const cases: [number, number][] = [[1, 0], [30, 0], [31, 10], [100, 700], [101, 720], [200, 2700], [201, 2740], [250, 4700]];
  for (const [pages, yuan] of cases) test(`${pages} pages → ${yuan} yuan`, () => assert.equal(feeForPages(pages), yuan));
  test('the quote explains the bands', () => {
    const q = quoteFee('per_page', 150);
    assert.equal(q.yuan, 70 * 10 + 50 * 20);
    assert.match(q.explanation, /31—100页共70页×10元/);
    assert.match(q.explanation, /101—150页共50页×20元/);
  });
  test('non-positive or fractional quantities are refused', () => {
    assert.throws(() => feeForPages(0), RangeError);
    assert.throws(() => feeForNthRequest(1.5), RangeError);
  });
  test('amounts in fen are shown in yuan', () => {
    assert.equal(formatFen(270000), '2700 元');
    assert.equal(formatFen(12345), '123.45 元');
  });
});

describe('tracking codes', () => {
  test('100 random bits in five groups of four Crockford base32 characters', () => {
    assert.ok(CODE_BITS >= 80, "CODE_BITS >= 80");
    const code = newTrackingCode();
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/);
    const codes = new Set(Array.from({ length: 2000 }, () => newTrackingCode()));
    assert.equal(codes.size, 2000);
  });
  test('a deterministic source gives the expected encoding (all ones → ZZZZ…)', () => {
    assert.equal(newTrackingCode((n) => Buffer.alloc(n, 0xff)), 'ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    assert.equal(newTrackingCode((n) => Buffer.alloc(n, 0)), '0000-0000-0000-0000-0000');
  });
  test('what people type is normalised: case, spaces, O/I/L', () => {
    const code = newTrackingCode();
    const typed = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    assert.equal(normaliseTrackingCode(typed), code.replace(/-/g, ''));
    assert.equal(hashTrackingCode(normaliseTrackingCode(typed)!), hashTrackingCode(code.replace(/-/g, '')));
    assert.equal(normaliseTrackingCode('ABCD'), null);
    assert.equal(normaliseTrackingCode('UUUU-UUUU-UUUU-UUUU-UUUU'), null);
  });
  test('contacts: phone digits without +86, e-mail case-insensitive; empty never matches', () => {
    assert.equal(normaliseContact('+86 138-0013-8000'), '13800138000');
    assert.equal(normaliseContact(' Zhang@Example.COM '), 'zhang@example.com');
    assert.ok(contactMatches('138 0013 8000', ['13800138000', null]), "contactMatches('138 0013 8000', ['13800138000', null])");
    assert.ok(contactMatches('ZHANG@example.com', [null, 'zhang@example.com']), "contactMatches('ZHANG@example.com', [null, 'zhang@example.com'])");
    assert.ok(!contactMatches('13800138001', ['13800138000', 'zhang@example.com']), "!contactMatches('13800138001', ['13800138000', 'zhang@example.com'])");
    assert.ok(!contactMatches('', [null, '']), "!contactMatches('', [null, ''])");
  });
});

describe('receipt date (条例 第三十一条)', () => {
  const cases: [string, Parameters<typeof receiptDate>[0], string | RegExp][] = [
    ['in person: the day it was handed in', { channel: 'in_person', date: '2026-03-02', today: '2026-03-05' }, '2026-03-02'],
    ['signed mail: the signing day', { channel: 'mail_signed', date: '2026-03-04', submittedDate: '2026-03-01', today: '2026-03-05' }, '2026-03-04'],
    ['plain mail: the day receipt is confirmed', { channel: 'mail_plain', date: '2026-03-05', today: '2026-03-05' }, '2026-03-05'],
    ['online: the day both sides confirm', { channel: 'online', date: '2026-03-03', submittedDate: '2026-03-02', today: '2026-03-05' }, '2026-03-03'],
    ['no date in the future', { channel: 'fax', date: '2026-03-06', today: '2026-03-05' }, /不能晚于今天/],
    ['not before submission', { channel: 'online', date: '2026-03-01', submittedDate: '2026-03-02', today: '2026-03-05' }, /不能早于/],
    ['a real date', { channel: 'in_person', date: '2026-02-30', today: '2026-03-05' }, /YYYY-MM-DD/],
  ];
  for (const [name, input, want] of cases) {
    test(name, () => {
      const r = receiptDate(input);
      if (typeof want === 'string') {
        assert.ok(r.ok, "r.ok");
        assert.equal(r.date, want);
        assert.match(r.basis, /第三十一条/);
      } else {
        assert.ok(!r.ok, "!r.ok");
        assert.match(r.message, want);
      }
    });
  }
});

describe('answer types → table 3 sub-items (RULES.md §3)', () => {
  const cases: [string, string | null, string | RegExp][] = [
    ['public_already', null, '1'],
    ['provided', null, '1'],
    ['partial', '3.4', '2'],
    ['refused', '3.1', '3.1'],
    ['refused', '3.7', '3.7'],
    ['not_held', null, '4.1'],
    ['not_this_agency', null, '4.1'],
    ['needs_creation', null, '4.2'],
    ['unclear_after_clarification', null, '4.3'],
    ['petition', null, '5.1'],
    ['repeated', null, '5.2'],
    ['publication', null, '5.3'],
    ['other_channel', null, '3.8'],
    ['other', null, '6.3'],
    ['refused', null, /须选择/],
    ['refused', '4.1', /矛盾/],
    ['provided', '3.4', /矛盾/],
    ['nonsense', null, /请选择/],
  ];
  for (const [type, reason, want] of cases) {
    test(`${type}${reason ? ` + ${reason}` : ''}`, () => {
      const r = resultOfAnswer(type, reason);
      if (typeof want === 'string') assert.deepEqual(r, { ok: true, result: want });
      else assert.ok(!r.ok && want.test(r.message), "!r.ok && want.test(r.message)");
    });
  }
  test('the seven answer types of 条例 第三十六条 are all present', () => {
    for (const item of ['（一）', '（二）', '（三）', '（四）', '（五）', '（六）', '（七）']) assert.ok(ANSWER_TYPES.some((a) => a.basis.endsWith(`第三十六条第${item}项`)), item);
  });
  test('the mapping is data: an override moves an answer type to another row', () => {
    assert.deepEqual(resultOfAnswer('other_channel', null, { other_channel: '6.3' }), { ok: true, result: '6.3' });
  });
});
