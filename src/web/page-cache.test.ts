import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PageCache, cacheKey, chinaDay, coalescedReader, cutToken, joinToken } from './page-cache.ts';

const entry = (generation: number, text: string) => ({ generation, parts: [Buffer.from(text)], headers: [['content-type', 'text/plain'] as [string, string]] });

describe('PageCache', () => {
  test('a hit needs the same generation; a stale entry is dropped on sight', () => {
    const c = new PageCache(10_000);
    c.set('a', entry(3, 'x'));
    assert.equal(c.get('a', 3)?.parts[0]?.toString(), 'x');
    assert.equal(c.get('a', 4), undefined);
    assert.equal(c.size, 0);
    assert.equal(c.bytes, 0);
    assert.deepEqual([c.hits, c.misses], [1, 1]);
  });

  test('an older generation never replaces a newer entry', () => {
    const c = new PageCache(10_000);
    c.set('a', entry(5, 'new'));
    assert.equal(c.set('a', entry(4, 'old')), false);
    assert.equal(c.get('a', 5)?.parts[0]?.toString(), 'new');
  });

  test('bounded by bytes: the least recently used go first, oversized bodies are not stored', () => {
    const body = 'y'.repeat(1000);
    const c = new PageCache(3 * (1000 + 256 + 2));
    for (const k of ['a', 'b', 'c']) c.set(k, entry(1, body));
    assert.equal(c.size, 3);
    assert.ok(c.get('a', 1), 'a is still there');
    c.set('d', entry(1, body)); // evicts b, the least recent after a was read
    assert.equal(c.get('b', 1), undefined);
    assert.ok(c.get('a', 1) && c.get('c', 1) && c.get('d', 1), 'a, c and d stay');
    assert.ok(c.bytes <= c.maxBytes, 'never above the bound');
    assert.equal(c.evictions, 1);
    assert.equal(c.set('huge', entry(1, 'z'.repeat(10_000))), false);
  });
});

describe('token substitution', () => {
  test('cut then join with another token; bodies without it stay one part', () => {
    const cases: [string, number][] = [
      ['<input value="TOKEN-A-1234567890"> … <input value="TOKEN-A-1234567890">', 3],
      ['TOKEN-A-1234567890 at both ends TOKEN-A-1234567890', 3],
      ['no token here', 1],
      ['中文页面 TOKEN-A-1234567890 正文', 2],
    ];
    for (const [body, n] of cases) {
      const parts = cutToken(Buffer.from(body), 'TOKEN-A-1234567890');
      assert.equal(parts.length, n, body);
      assert.equal(joinToken(parts, 'TOKEN-B-0987654321').toString(), body.replaceAll('TOKEN-A-1234567890', 'TOKEN-B-0987654321'), body);
    }
    assert.equal(cutToken(Buffer.from('x'), null).length, 1);
  });
});

describe('keys', () => {
  test('China date, Accept class and the full URL are part of the key', () => {
    assert.equal(chinaDay(Date.parse('2026-12-05T15:59:59Z')), '2026-12-05');
    assert.equal(chinaDay(Date.parse('2026-12-05T16:00:00Z')), '2026-12-06');
    const k = (url: string, accept?: string) => cacheKey({ url, headers: accept ? { accept } : {} }, '2026-12-06');
    assert.notEqual(k('/search?q=a'), k('/search?q=b'));
    assert.notEqual(k('/disclosures/1'), k('/disclosures/1', 'application/json'));
    assert.equal(k('/disclosures/1'), k('/disclosures/1', 'text/html,application/xhtml+xml'));
  });
});

describe('coalescedReader', () => {
  test('callers share a read only if it was issued after they asked', async () => {
    // A fake database: each read returns the value committed when it was ISSUED.
    let committed = 1;
    let issued = 0;
    const pending: (() => void)[] = [];
    const read = () => {
      issued++;
      const value = committed;
      return new Promise<number>((ok) => pending.push(() => ok(value)));
    };
    const get = coalescedReader(read);
    const a = get(); // issues read 1 (sees 1)
    committed = 2; // a commit the next callers may already have seen
    const b = get();
    const c = get();
    assert.equal(issued, 1, 'b and c wait for the next read');
    pending.shift()!();
    assert.equal(await a, 1);
    await new Promise((r) => setImmediate(r));
    assert.equal(issued, 2, 'one read for b and c together');
    pending.shift()!();
    assert.deepEqual([await b, await c], [2, 2]);
    const d = get();
    assert.equal(issued, 3, 'nothing in flight: read at once');
    pending.shift()!();
    assert.equal(await d, 2);
  });

  test('a failed read fails its callers only; the next caller reads again', async () => {
    let fail = true;
    const get = coalescedReader(async () => {
      if (fail) throw new Error('down');
      return 7;
    });
    await assert.rejects(get(), /down/);
    fail = false;
    assert.equal(await get(), 7);
  });
});
