import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  LeafError,
  canonicalContentHash,
  canonicalJson,
  decodeLeaf,
  encodeLeaf,
  leafTime,
  publicationLeafHash,
  type PublicContent,
  type PublicationLeaf,
} from './leaf.ts';
import { leafHash } from './merkle.ts';

const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('canonicalJson', () => {
  const table: Array<[string, unknown, string]> = [
    ['sorted keys, no whitespace', { b: 1, a: 2 }, '{"a":2,"b":1}'],
    ['sorted recursively', { z: { y: 1, x: [{ d: 1, c: 2 }] }, a: null }, '{"a":null,"z":{"x":[{"c":2,"d":1}],"y":1}}'],
    ['arrays keep their order', [3, 1, 2], '[3,1,2]'],
    ['uppercase sorts before lowercase (code units)', { a: 1, B: 2 }, '{"B":2,"a":1}'],
    ['integers written without a fraction', 1.0, '1'],
    ['negative zero is 0 (RFC 8785 §3.2.2.3)', -0, '0'],
    ['large numbers as ECMAScript writes them', 1e21, '1e+21'],
    ['small numbers as ECMAScript writes them', 1e-7, '1e-7'],
    ['shortest round-trip double', 0.1 + 0.2, '0.30000000000000004'],
    ['Chinese text stays UTF-8, not \\u escapes', { 标题: '关于公开的通知' }, '{"标题":"关于公开的通知"}'],
    ['control characters are escaped', 'a\u0001b\n"', '"a\\u0001b\\n\\""'],
    ['booleans', [true, false], '[true,false]'],
    ['undefined properties are omitted', { a: undefined, b: 1 }, '{"b":1}'],
    ['null-prototype objects are plain', Object.assign(Object.create(null) as object, { k: 'v' }), '{"k":"v"}'],
    ['empty containers', { a: [], b: {} }, '{"a":[],"b":{}}'],
  ];
  for (const [name, input, want] of table) {
    test(name, () => assert.equal(canonicalJson(input), want));
  }

  test('key order is by UTF-16 code units, as RFC 8785 §3.2.3 sorts its example', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    assert.equal(
      canonicalJson(input),
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  const bad: Array<[string, unknown]> = [
    ['NaN', Number.NaN],
    ['Infinity', { a: Number.POSITIVE_INFINITY }],
    ['bigint', { a: 1n }],
    ['function', { f: () => 1 }],
    ['symbol', Symbol('x')],
    ['undefined at top level', undefined],
    ['undefined in an array', [1, undefined]],
    ['Date (convert explicitly)', { d: new Date(0) }],
    ['Map', new Map()],
    ['Buffer', Buffer.from('x')],
    ['lone surrogate in a value', { a: '\ud800' }],
    ['lone surrogate in a key', { ['\udc00']: 1 }],
  ];
  for (const [name, input] of bad) {
    test(`rejects ${name}`, () => assert.throws(() => canonicalJson(input), TypeError));
  }

  test('rejects cycles but allows the same object twice side by side', () => {
    const shared = { x: 1 };
    assert.equal(canonicalJson({ a: shared, b: shared }), '{"a":{"x":1},"b":{"x":1}}');
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    assert.throws(() => canonicalJson(cyc), /cycle/);
  });
});

describe('canonicalContentHash', () => {
  const content: PublicContent = {
    title: '2024年区级财政专项资金分配结果公示',
    body: '根据……现予公示。',
    fields: { 金额: 1250000, 项目: '老旧小区改造', 批次: 2 },
    attachments: [
      { name: '分配明细.xlsx', sha256: 'a'.repeat(64) },
      { name: '批复文件.pdf', sha256: 'b'.repeat(64) },
    ],
    formedDate: '2024-03-01',
  };

  test('is the SHA-256 of the canonical JSON, independent of key order', () => {
    const want = sha256hex(
      '{"attachments":[{"name":"分配明细.xlsx","sha256":"' + 'a'.repeat(64) + '"},{"name":"批复文件.pdf","sha256":"' + 'b'.repeat(64) +
        '"}],"body":"根据……现予公示。","fields":{"批次":2,"金额":1250000,"项目":"老旧小区改造"},"formedDate":"2024-03-01","title":"2024年区级财政专项资金分配结果公示"}',
    );
    assert.equal(canonicalContentHash(content), want);
    const reordered: PublicContent = {
      formedDate: content.formedDate,
      attachments: content.attachments,
      fields: { 项目: '老旧小区改造', 批次: 2, 金额: 1250000 },
      body: content.body,
      title: content.title,
    };
    assert.equal(canonicalContentHash(reordered), want);
  });

  test('changes with any published detail, including attachment order and extra fields', () => {
    const base = canonicalContentHash(content);
    const variants: PublicContent[] = [
      { ...content, title: content.title + ' ' },
      { ...content, fields: { ...content.fields, 金额: 1250001 } },
      { ...content, attachments: [...content.attachments].reverse() },
      { ...content, correctionReason: '金额笔误' },
    ];
    for (const v of variants) assert.notEqual(canonicalContentHash(v), base);
  });

  test('validates the required shape', () => {
    const bad: Array<[string, unknown]> = [
      ['title', { ...content, title: 1 }],
      ['fields', { ...content, fields: [] }],
      ['attachments', { ...content, attachments: {} }],
      ['attachment hash case', { ...content, attachments: [{ name: 'a.pdf', sha256: 'A'.repeat(64) }] }],
      ['attachment hash length', { ...content, attachments: [{ name: 'a.pdf', sha256: 'a'.repeat(63) }] }],
      ['attachment name', { ...content, attachments: [{ name: '', sha256: 'a'.repeat(64) }] }],
    ];
    for (const [what, c] of bad) assert.throws(() => canonicalContentHash(c as PublicContent), TypeError, what);
  });
});

describe('publication leaf', () => {
  const leaf: PublicationLeaf = {
    disclosureId: 42,
    version: 1,
    event: 'publish',
    time: '2024-03-01T08:00:00Z',
    department: '区发改委',
    contentHash: 'c'.repeat(64),
  };
  const canonical =
    '{"contentHash":"' + 'c'.repeat(64) + '","department":"区发改委","disclosureId":42,"event":"publish","time":"2024-03-01T08:00:00Z","version":1}';

  test('encodes to sorted, whitespace-free UTF-8 JSON and decodes back', () => {
    const bytes = encodeLeaf(leaf);
    assert.equal(bytes.toString('utf8'), canonical);
    assert.deepEqual(decodeLeaf(bytes), leaf);
    assert.deepEqual(decodeLeaf(canonical), leaf);
  });

  test('the leaf hash is the RFC 6962 hash of those bytes', () => {
    assert.equal(publicationLeafHash(leaf).toString('hex'), leafHash(Buffer.from(canonical, 'utf8')).toString('hex'));
  });

  test('every event kind round-trips', () => {
    for (const event of ['publish', 'correct', 'withdraw'] as const) {
      const l = { ...leaf, event, version: 3 };
      assert.deepEqual(decodeLeaf(encodeLeaf(l)), l);
    }
  });

  const invalid: Array<[string, Record<string, unknown>]> = [
    ['disclosureId 0', { disclosureId: 0 }],
    ['disclosureId fraction', { disclosureId: 1.5 }],
    ['disclosureId string', { disclosureId: '42' }],
    ['version 0', { version: 0 }],
    ['unknown event', { event: 'delete' }],
    ['time with milliseconds', { time: '2024-03-01T08:00:00.000Z' }],
    ['time with offset', { time: '2024-03-01T16:00:00+08:00' }],
    ['time lowercase z', { time: '2024-03-01T08:00:00z' }],
    ['impossible date', { time: '2024-02-30T08:00:00Z' }],
    ['hour 24', { time: '2024-03-01T24:00:00Z' }],
    ['leap second', { time: '2016-12-31T23:59:60Z' }],
    ['date only', { time: '2024-03-01' }],
    ['empty department', { department: '' }],
    ['department with spaces around', { department: ' 区发改委' }],
    ['department with newline', { department: '区\n发改委' }],
    ['uppercase content hash', { contentHash: 'C'.repeat(64) }],
    ['short content hash', { contentHash: 'c'.repeat(63) }],
    ['extra key', { note: 'x' }],
  ];
  for (const [name, patch] of invalid) {
    test(`encodeLeaf rejects ${name}`, () => {
      assert.throws(() => encodeLeaf({ ...leaf, ...patch } as PublicationLeaf), LeafError);
    });
  }

  test('encodeLeaf rejects a missing key', () => {
    const { department: _omit, ...rest } = leaf;
    assert.throws(() => encodeLeaf(rest as PublicationLeaf), LeafError);
  });

  const nonCanonical: Array<[string, string | Uint8Array]> = [
    ['whitespace', canonical.replace(',', ', ')],
    ['key order', canonical.replace('{"contentHash":"' + 'c'.repeat(64) + '",', '{').replace('}', ',"contentHash":"' + 'c'.repeat(64) + '"}')],
    ['1.0 for 1', canonical.replace('"version":1', '"version":1.0')],
    ['escaped Chinese', canonical.replace('区发改委', '\\u533a发改委')],
    ['duplicate key', canonical.replace('{', '{"version":1,')],
    ['trailing newline', canonical + '\n'],
    ['BOM', '\ufeff' + canonical],
    ['invalid UTF-8', Buffer.concat([Buffer.from(canonical.slice(0, -1)), Buffer.from([0xff]), Buffer.from('}')])],
    ['not JSON', '{'],
    ['array', '[]'],
  ];
  for (const [name, input] of nonCanonical) {
    test(`decodeLeaf rejects ${name}`, () => assert.throws(() => decodeLeaf(input), LeafError));
  }

  test('leafTime writes UTC seconds and drops milliseconds', () => {
    assert.equal(leafTime(new Date('2024-03-01T16:00:00.999+08:00')), '2024-03-01T08:00:00Z');
    assert.throws(() => leafTime(new Date(Number.NaN)), RangeError);
    assert.throws(() => leafTime(new Date(Date.UTC(10000, 0, 1))), LeafError);
  });
});
