// The bounded ZIP reader: each limit, each kind of damage, the caller's wording, and entry order.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { zip, type ZipInput } from '../../test/fixtures/pii/pdf-zip.ts';
import { readEntry, verifyAllEntries, zipDirectory, zipEntries, ZipError, type ZipErrorCode, type ZipLimits, type ZipProblem, type ZipReadOptions } from './zip.ts';

const LIMITS: ZipLimits = { maxEntries: 10, maxTotalBytes: 64 * 1024 * 1024, maxEntryBytes: 32 * 1024 * 1024, maxRatio: 200 };
const opts = (limits: Partial<ZipLimits> = {}): ZipReadOptions => ({
  limits: { ...LIMITS, ...limits },
  messages: (code, d, l) => `${code}|${d.name ?? ''}|${d.count ?? ''}|${l.maxEntries}`,
});
const small = (name: string, text = '<x/>'): ZipInput => ({ name, data: Buffer.from(text) });
const CENTRAL = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** Reads the directory and inflates every entry, as a caller would. */
function readAll(buf: Buffer, o: ZipReadOptions): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of zipEntries(buf, o)) out.set(e.name, readEntry(buf, e, o));
  return out;
}

function failure(f: () => unknown): ZipError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof ZipError, `a ZipError, not ${String(e)}`);
    return e;
  }
  assert.fail('expected a ZipError');
}

/** A copy of `z` with `patch` applied (offsets of the first central record / the end record). */
function patched(z: Buffer, patch: (b: Buffer, central: number, eocd: number) => void): Buffer {
  const b = Buffer.from(z);
  patch(b, b.indexOf(CENTRAL), b.lastIndexOf(EOCD));
  return b;
}

describe('bounded zip reader: limits and damage', () => {
  const two = zip([small('[Content_Types].xml'), small('word/document.xml', '<w:document>正文</w:document>')]);
  const cases: [string, () => Buffer, Partial<ZipLimits>, ZipErrorCode, ZipProblem][] = [
    // zip bombs
    ['ratio: 8 MB of blanks deflated ~1000:1, over 200:1', () => zip([{ name: 'word/document.xml', data: Buffer.alloc(8 * 1024 * 1024, 0x20) }]), {}, 'ratio_too_high', 'zip_bomb'],
    ['too many entries', () => zip(Array.from({ length: 4 }, (_, i) => small(`f${i}.xml`))), { maxEntries: 3 }, 'too_many_entries', 'zip_bomb'],
    ['one entry over its cap (declared 3 GB)', () => zip([{ name: 'a.xml', data: Buffer.from('<a/>'), declaredSize: 3_000_000_000 }]), {}, 'entry_too_large', 'zip_bomb'],
    ['entries together over the total', () => zip([{ name: 'a.xml', data: Buffer.alloc(600_000, 7), method: 0 }, { name: 'b.xml', data: Buffer.alloc(600_000, 7), method: 0 }]), { maxTotalBytes: 1_000_000 }, 'total_too_large', 'zip_bomb'],
    ['the directory understates the size (1 KB declared, 5 MB inside)', () => zip([{ name: 'a.xml', data: Buffer.alloc(5_000_000, 0x20), declaredSize: 1024 }]), {}, 'inflates_beyond_declared', 'zip_bomb'],
    ['ZIP64 marker in the entry count', () => patched(two, (b, _c, e) => b.writeUInt16LE(0xffff, e + 10)), {}, 'zip64', 'zip_bomb'],
    ['ZIP64 marker in the directory size', () => patched(two, (b, _c, e) => b.writeUInt32LE(0xffffffff, e + 12)), {}, 'zip64', 'zip_bomb'],
    // truncated or damaged
    ['not a zip', () => Buffer.from('hello world, not a zip file at all'), {}, 'not_zip', 'corrupt'],
    ['cut before the end of the central directory', () => two.subarray(0, two.lastIndexOf(EOCD) - 10), {}, 'no_directory', 'corrupt'],
    ['directory said to reach past its end record', () => patched(two, (b, _c, e) => b.writeUInt32LE(b.readUInt32LE(e + 12) + 100, e + 12)), {}, 'bad_directory', 'corrupt'],
    ['directory with fewer records than counted', () => patched(two, (b, _c, e) => b.writeUInt16LE(3, e + 10)), {}, 'bad_directory_entry', 'corrupt'],
    ['local header not where the directory says', () => patched(two, (b, c) => b.writeUInt32LE(5, c + 42)), {}, 'bad_local_header', 'corrupt'],
    ['entry data cut short', () => patched(two, (b, c) => b.writeUInt32LE(two.length, c + 20)), {}, 'truncated_entry', 'corrupt'],
    ['unsupported compression method', () => patched(two, (b, c) => b.writeUInt16LE(12, c + 10)), {}, 'unsupported_method', 'corrupt'],
    ['stored entry whose sizes differ', () => zip([{ name: 'a.xml', data: Buffer.from('<a/>'), method: 0, declaredSize: 3 }]), {}, 'size_mismatch', 'corrupt'],
    ['deflated entry that inflates short', () => zip([{ name: 'a.xml', data: Buffer.from('<a>some text</a>'), declaredSize: 99 }]), {}, 'size_mismatch', 'corrupt'],
    ['deflate stream that is garbage', () => patched(two, (b, c) => b.fill(0xff, b.readUInt32LE(c + 42) + 30 + b.readUInt16LE(c + 28), b.readUInt32LE(c + 42) + 30 + b.readUInt16LE(c + 28) + 4)), {}, 'inflate_failed', 'corrupt'],
    // locked
    ['entry flagged encrypted', () => patched(two, (b, c) => b.writeUInt16LE(b.readUInt16LE(c + 8) | 1, c + 8)), {}, 'encrypted', 'encrypted'],
    ['OLE container (password-protected Office file, .xls)', () => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(100)]), {}, 'ole_container', 'legacy'],
  ];
  for (const [name, make, limits, code, problem] of cases) {
    test(`${name} → ${code}`, () => {
      const e = failure(() => readAll(make(), opts(limits)));
      assert.equal(e.code, code, e.message);
      assert.equal(e.problem, problem);
      assert.ok(e.message.startsWith(`${code}|`), `the caller's wording: ${e.message}`);
    });
  }
  test('within the limits, with a sound package: every entry inflates to its bytes', () => {
    const got = readAll(two, opts());
    assert.deepEqual([...got.keys()], ['[Content_Types].xml', 'word/document.xml']);
    assert.equal(got.get('word/document.xml')!.toString('utf8'), '<w:document>正文</w:document>');
  });
  test('limits are the caller’s: the same file passes looser ones', () => {
    const bomb = zip([{ name: 'a.xml', data: Buffer.alloc(8 * 1024 * 1024, 0x20) }]);
    assert.equal(readAll(bomb, opts({ maxRatio: 5000 })).get('a.xml')!.length, 8 * 1024 * 1024);
    const many = zip(Array.from({ length: 4 }, (_, i) => small(`f${i}.xml`)));
    assert.equal(zipDirectory(many, opts({ maxEntries: 4 })).length, 4);
    const big = zip([{ name: 'a.xml', data: Buffer.alloc(600_000, 7), method: 0 }]);
    assert.equal(zipDirectory(big, opts({ maxEntryBytes: undefined, maxTotalBytes: 600_000 })).length, 1, 'no per-entry cap: only the total counts');
  });
  test('entries up to 1 MB are not ratio-checked', () => {
    const blanks = zip([{ name: 'a.xml', data: Buffer.alloc(1024 * 1024, 0x20) }]);
    assert.equal(zipDirectory(blanks, opts({ maxRatio: 2 })).length, 1);
  });
  test('the message gets the detail: the entry count and the limit', () => {
    const e = failure(() => zipDirectory(zip(Array.from({ length: 4 }, (_, i) => small(`f${i}.xml`))), opts({ maxEntries: 3 })));
    assert.equal(e.message, 'too_many_entries||4|3');
    assert.deepEqual(e.detail, { count: 4 });
  });
});

describe('bounded zip reader: order and names', () => {
  test('zipEntries yields the entries before a later record’s problem; zipDirectory checks all first', () => {
    const z = patched(zip([small('a.xml'), small('b.xml')]), (b, c) => {
      const second = b.indexOf(CENTRAL, c + 4);
      b.writeUInt16LE(b.readUInt16LE(second + 8) | 1, second + 8);
    });
    const seen: string[] = [];
    const e = failure(() => {
      for (const entry of zipEntries(z, opts())) seen.push(entry.name);
    });
    assert.deepEqual(seen, ['a.xml']);
    assert.equal(e.code, 'encrypted');
    assert.deepEqual(e.detail, { name: 'b.xml' });
    assert.equal(failure(() => zipDirectory(z, opts())).code, 'encrypted');
  });
  test('a lying directory passes zipDirectory and is caught by verifyAllEntries', () => {
    const z = zip([small('a.xml'), { name: 'b.xml', data: Buffer.alloc(5_000_000, 0x20), declaredSize: 1024 }]);
    const entries = zipDirectory(z, opts());
    assert.equal(entries.length, 2);
    assert.equal(failure(() => verifyAllEntries(z, entries, opts())).code, 'inflates_beyond_declared');
  });
  // Nothing here writes an entry to disk and callers compare names with fixed part names, so
  // path-like names are neither rejected nor normalised: they simply never match a part.
  test('path traversal and absolute names are returned verbatim, never resolved', () => {
    const names = ['../../etc/passwd', '/abs/xl/workbook.xml', 'xl/../xl/workbook.xml', 'C:\\x.xml', 'a/./b.xml'];
    const z = zip(names.map((n) => small(n)));
    assert.deepEqual(zipDirectory(z, opts()).map((e) => e.name), names);
  });
});
