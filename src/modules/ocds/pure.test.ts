// Pure parts of the OCDS module: merge patches, compiling records, the extra checks, dates.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDateOrder, checkStructure } from './checks.ts';
import { absoluteUrl, chinaDateTime, compact, localDate, Parties } from './helpers.ts';
import { compileRelease } from './records.ts';
import { mergePatch, patchedReleaseSchema, validateRelease } from './schema.ts';

describe('JSON Merge Patch (RFC 7386)', () => {
  const cases: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [['a'], { a: 1 }, { a: 1 }],
  ];
  for (const [t, p, r] of cases) test(`${JSON.stringify(t)} + ${JSON.stringify(p)}`, () => assert.deepEqual(mergePatch(t, p), r));
  test('the extensions add bids, lots and withheldInformation to the release schema', () => {
    const s = patchedReleaseSchema() as { properties: Record<string, unknown>; definitions: { Tender: { properties: Record<string, unknown> } } };
    assert.ok(s.properties.bids && s.properties.withheldInformation && s.definitions.Tender.properties.lots, "s.properties.bids && s.properties.withheldInformation && s.definitions.Tender.properties.lots");
  });
});

describe('helpers', () => {
  test('China time with +08:00', () => {
    assert.equal(chinaDateTime('2026-11-26T16:30:00.000Z'), '2026-11-27T00:30:00+08:00');
    assert.equal(localDate('2026-09-15', '9:30'), '2026-09-15T09:30:00+08:00');
    assert.equal(localDate('2026-09-15', undefined, true), '2026-09-15T23:59:59+08:00');
    assert.equal(localDate('15/09/2026'), undefined);
  });
  test('URLs are percent-encoded', () => assert.equal(absoluteUrl('https://gk.example', '/文件/a b.pdf'), 'https://gk.example/%E6%96%87%E4%BB%B6/a%20b.pdf'));
  test('compact drops every empty value', () => assert.deepEqual(compact({ a: '', b: [], c: {}, d: { e: undefined }, f: [{}], g: 0 }), { g: 0 }));
  test('parties: CN-USCI ids, roles merged', () => {
    const p = new Parties();
    p.add('甲公司', '91350100M000100Y43', 'tenderer');
    p.add('甲公司', '91350100M000100Y43', 'supplier');
    p.add('乙公司', undefined, 'supplier');
    const list = p.list();
    assert.equal(list[0]!.id, 'CN-USCI-91350100M000100Y43');
    assert.deepEqual(list[0]!.roles, ['tenderer', 'supplier']);
    assert.match(String(list[1]!.id), /^CN-NAME-[0-9a-f]{16}$/);
  });
});

describe('records and checks', () => {
  const r1 = { ocid: 'ocds-abcdef-1', id: 'r1', date: '2026-01-01T00:00:00+08:00', tag: ['tender'], initiationType: 'tender', tender: { id: 't', title: 'A', tenderPeriod: { endDate: '2026-01-10T00:00:00+08:00' } }, awards: [{ id: 'a1', status: 'pending', date: '2026-01-12T00:00:00+08:00' }] };
  const r2 = { ocid: 'ocds-abcdef-1', id: 'r2', date: '2026-01-20T00:00:00+08:00', tag: ['award'], initiationType: 'tender', tender: { id: 't', title: 'B' }, awards: [{ id: 'a1', status: 'active' }, { id: 'a2', status: 'active', date: '2026-01-05T00:00:00+08:00' }] };
  test('compiled release merges objects and arrays by id, latest wins', () => {
    const c = compileRelease('ocds-abcdef-1', [r2, r1]);
    assert.equal((c.tender as { title: string }).title, 'B');
    assert.deepEqual((c.awards as { id: string; status: string }[]).map((a) => [a.id, a.status]), [['a1', 'active'], ['a2', 'active']]);
    assert.deepEqual(c.tag, ['compiled']);
    assert.deepEqual(validateRelease(c), []);
  });
  test('date order and structure checks catch what the schema does not', () => {
    const c = compileRelease('ocds-abcdef-1', [r1, r2]);
    assert.deepEqual(checkDateOrder(c).map((p) => p.path), ['/awards/1/date']);
    assert.deepEqual(checkStructure({ a: [{ id: 1 }, { id: 1 }], b: '', c: {} }).map((p) => p.message.split(' ')[0]), ['duplicate', 'empty', 'empty']);
  });
});
