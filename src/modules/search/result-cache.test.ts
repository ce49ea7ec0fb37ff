import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResultCache } from './result-cache.ts';

test('a result is served only for the version it was computed under', () => {
  const c = new ResultCache<string>(4);
  c.set('q=采购', 7, 'r7');
  assert.equal(c.get('q=采购', 7), 'r7');
  assert.equal(c.get('q=采购', 8), undefined, 'a committed index change invalidates');
  assert.equal(c.get('q=采购', 7), undefined, 'and the stale entry is gone');
  assert.deepEqual([c.hits, c.misses], [1, 2]);
});

test('least recently used entries leave first; capacity holds', () => {
  const c = new ResultCache<number>(3);
  for (const [k, v] of [['a', 1], ['b', 2], ['c', 3]] as const) c.set(k, 1, v);
  assert.equal(c.get('a', 1), 1, 'touching a makes b the oldest');
  c.set('d', 1, 4);
  assert.equal(c.size, 3);
  assert.equal(c.get('b', 1), undefined, 'b was evicted');
  assert.deepEqual(['a', 'c', 'd'].map((k) => c.get(k, 1)), [1, 3, 4]);
});
