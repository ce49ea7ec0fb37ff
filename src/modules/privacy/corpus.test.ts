// Regression test on the labelled corpus (test/fixtures/pii/generate.ts). The bench (bench/pii.ts)
// runs the same evaluation on a larger corpus and measures speed.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidIdNumber } from '../../domain/identifiers.ts';
import { evaluate } from '../../../bench/pii.ts';
import { generateCorpus, CLEAN_GENRES, PERSONAL_GENRES } from '../../../test/fixtures/pii/generate.ts';
import { FINDING_KINDS } from './detector.ts';

const docs = generateCorpus({ docs: 800, seed: 7 });

describe('labelled corpus generator', () => {
  test('deterministic for a seed, different across seeds', () => {
    const again = generateCorpus({ docs: 50, seed: 7 });
    assert.deepEqual(again.map((d) => d.text), docs.slice(0, 50).map((d) => d.text));
    const other = generateCorpus({ docs: 50, seed: 8 });
    assert.notDeepEqual(other.map((d) => d.text), again.map((d) => d.text));
  });
  test('every genre occurs; personal genres have labels, clean genres none', () => {
    for (const g of [...PERSONAL_GENRES, ...CLEAN_GENRES]) assert.ok(docs.some((d) => d.genre === g), g);
    for (const d of docs) assert.equal(d.labels.length > 0, PERSONAL_GENRES.includes(d.genre), d.id);
  });
  test('labels point at their values', () => {
    for (const d of docs) for (const l of d.labels) assert.equal(d.text.slice(l.start, l.end), l.value, d.id);
  });
  test('generated ID numbers are valid (GB 11643 / 15-digit date)', () => {
    for (const d of docs) for (const l of d.labels) if (l.kind === 'idNumber') assert.ok(isValidIdNumber(l.value, new Date('2025-06-30')), l.value);
  });
  test('every kind is represented', () => {
    const kinds = new Set(docs.flatMap((d) => d.labels.map((l) => l.kind)));
    for (const k of FINDING_KINDS) assert.ok(kinds.has(k), k);
  });
});

describe('detector on the corpus', () => {
  const ev = evaluate(docs);
  test('recall 100 % on ID numbers and bank cards, in every format', () => {
    assert.equal(ev.perKind.idNumber.recall, 1);
    assert.equal(ev.perKind.bankCard.recall, 1);
    for (const [f, r] of Object.entries(ev.recallByFormat.idNumber)) assert.equal(r, 1, `idNumber ${f}`);
    for (const [f, r] of Object.entries(ev.recallByFormat.bankCard)) assert.equal(r, 1, `bankCard ${f}`);
  });
  test('notices without personal data: at least 99 % report nothing', () => {
    assert.ok(ev.cleanDocPrecision >= 0.99, String(ev.cleanDocPrecision));
  });
  test('precision and recall at least 99 % for every kind', () => {
    for (const k of FINDING_KINDS) {
      assert.ok(ev.perKind[k].precision >= 0.99, `${k} precision ${ev.perKind[k].precision}`);
      assert.ok(ev.perKind[k].recall >= 0.99, `${k} recall ${ev.perKind[k].recall}`);
    }
  });
});
