// Full-text search on both dialects: exact substring meaning against a ground truth on a generated
// corpus, facets, highlighting, bad queries, and the index following publication, correction and
// withdrawal in the same transaction.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Client, createTestEnv, principalOf, publishIntention, type TestEnv } from './helpers/context.ts';
import type { IndexDoc } from '../src/modules/search/documents.ts';
import { normalisedString } from '../src/modules/search/tokenizer.ts';
import { confirmedReview } from '../src/modules/privacy/checklist.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => env?.close());

// ---- generated corpus: near-misses on purpose (shared characters, words cut by punctuation) ----
const WORDS = ['危房改造', '采购', '公告', '华宇', '澜智', '海淀区', '教育局', '中标', '结果', '项目', '房改', '改造项目', '危房', '政府', '购买', '意向'];
const ASCII = ['ZJCG-2026-015', 'ab12', 'GK', 'zj', '2026', '015'];
const PUNCT = ['，', '。', ' ', '-', '（', '）', '\n'];

function corpus(n: number, seed = 7): IndexDoc[] {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
  const text = (parts: number) => Array.from({ length: parts }, () => (rnd() < 0.15 ? pick(ASCII) : pick(WORDS)) + (rnd() < 0.4 ? pick(PUNCT) : '')).join('');
  const sectors = ['housing', 'procurement', 'property'];
  return Array.from({ length: n }, (_, i) => ({
    kind: 'blacklist' as const, // a kind no other test writes, so the corpus is isolated by filter
    refId: 900_000 + i,
    state: 'published' as const,
    title: text(3),
    body: text(12),
    url: `/x/${i}`,
    sector: sectors[i % 3]!,
    itemType: null,
    department: i % 2 ? 'czj' : 'nyj',
    projectId: null,
    stage: null,
    publishedAt: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
    updatedAt: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
  }));
}

describe('exact substring semantics on a generated corpus', () => {
  const docs = corpus(2500);
  before(async () => {
    const { db } = env.ctx.database;
    for (let i = 0; i < docs.length; i += 250) {
      await db.transaction().execute(async (trx) => {
        for (const d of docs.slice(i, i + 250)) await env.ctx.search.indexDocument(trx, d);
      });
    }
  });

  const queries: [string, string][] = [
    ['one character', '房'],
    ['one character, also inside words', '改'],
    ['two characters', '采购'],
    ['two characters spanning words', '购公'],
    ['rare two characters', '澜智'],
    ['phrase', '危房改造项目'],
    ['cross-word substring', '淀区教'],
    ['ASCII word', 'gk'],
    ['ASCII substring of a code', 'cg-2026-01'],
    ['digits', '2026'],
    ['mixed Han and ASCII', '华宇ab'],
    ['two terms (AND)', '危房 中标'],
    ['punctuation inside a term', '采购，公告'],
    ['upper case folds', 'ZJCG'],
    ['no match', '不存在的词'],
  ];
  for (const [name, q] of queries) {
    test(`${name}: ${q} – recall and precision 1`, async () => {
      const terms = q.split(' ').map((t) => normalisedString(t));
      const truth = new Set(docs.filter((d) => terms.every((t) => normalisedString(d.title).includes(t) || normalisedString(d.body).includes(t))).map((d) => d.refId));
      const r = await env.ctx.search.search({ q, sort: 'date', perPage: 100, filter: { kind: 'blacklist' } });
      assert.ok(r.ok, "r.ok");
      assert.equal(r.total, truth.size, `count for ${q}`);
      const got = new Set<number>();
      for (let p = 1; p <= r.lastPage && got.size < truth.size; p++) {
        const page = await env.ctx.search.search({ q, sort: 'date', page: p, perPage: 100, filter: { kind: 'blacklist' }, facets: false });
        assert.ok(page.ok, "page.ok");
        for (const h of page.hits) got.add(h.refId);
      }
      assert.deepEqual([...got].sort(), [...truth].sort());
    });
  }

  test('SQL LIKE over the stored text agrees for Han queries', async () => {
    const { db } = env.ctx.database;
    for (const q of ['危房改造', '采购', '房', '淀区教', '华宇']) {
      const like = await sql<{ n: number }>`SELECT count(*) AS n FROM search_docs WHERE kind = 'blacklist' AND (title LIKE ${'%' + q + '%'} OR body LIKE ${'%' + q + '%'})`.execute(db);
      const r = await env.ctx.search.search({ q, filter: { kind: 'blacklist' }, facets: false });
      assert.ok(r.ok, "r.ok");
      assert.equal(r.total, Number(like.rows[0]!.n), q);
    }
  });

  test('date sort is newest first; relevance puts title matches first', async () => {
    const d = await env.ctx.search.search({ q: '华宇', sort: 'date', filter: { kind: 'blacklist' } });
    assert.ok(d.ok, "d.ok");
    const times = d.hits.map((h) => h.publishedAt);
    assert.deepEqual(times, [...times].sort().reverse());
    const r = await env.ctx.search.search({ q: '华宇', sort: 'relevance', filter: { kind: 'blacklist' } });
    assert.ok(r.ok, "r.ok");
    assert.ok(r.hits[0]!.title.includes('华宇'), 'best hit has the term in its title');
    assert.equal(r.total, d.total);
  });

  test('facets count the matches and filters combine with the query', async () => {
    const r = await env.ctx.search.search({ q: '采购', filter: { kind: 'blacklist' } });
    assert.ok(r.ok && r.facets, "r.ok && r.facets");
    const sum = r.facets.sector.reduce((s, f) => s + f.count, 0);
    assert.equal(sum, r.total);
    assert.equal(r.facetsApproximate, false);
    const housing = r.facets.sector.find((f) => f.value === 'housing')!;
    const f = await env.ctx.search.search({ q: '采购', filter: { kind: 'blacklist', sector: 'housing' } });
    assert.ok(f.ok, "f.ok");
    assert.equal(f.total, housing.count);
    const both = await env.ctx.search.search({ q: '采购', filter: { kind: 'blacklist', sector: 'housing', department: 'czj' } });
    assert.ok(both.ok, "both.ok");
    const truth = docs.filter((d) => d.sector === 'housing' && d.department === 'czj' && (d.title + '\n' + d.body).includes('采购')).length;
    assert.equal(both.total, truth);
  });
});

describe('the index follows publication, correction and withdrawal', () => {
  let id: number;
  before(async () => {
    id = await publishIntention(env, '城区危房改造工程监理服务采购意向');
  });

  test('published: found by a substring, highlighted, with the public page link', async () => {
    const res = await new Client(env.app).get('/search?q=' + encodeURIComponent('危房改造') + '&kind=disclosure');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<mark>危房改造<\/mark>/);
    assert.match(res.body, new RegExp(`href="/disclosures/${id}"`));
    const api = await new Client(env.app).get('/api/v1/search?q=' + encodeURIComponent('监理服务') + '&kind=disclosure');
    assert.equal(api.statusCode, 200);
    const body = api.json();
    assert.equal(body.data[0].id, id);
    assert.equal(body.data[0].itemType.code, 'procurement-intention');
    assert.ok(body.facets.sector.some((f: { value: string }) => f.value === 'procurement'), "body.facets.sector.some((f: { value: string }) => f.value === 'procurement')");
  });

  test('correction replaces the indexed text in the same transaction', async () => {
    const svc = env.ctx.disclosures;
    const editor = await principalOf(env, 'editor');
    const reviewer = await principalOf(env, 'reviewer');
    await svc.startCorrection(editor, id, '项目名称有误');
    const d = await svc.getForStaff(editor, id);
    await svc.updateDraft(editor, id, { title: '城区棚户区改造工程监理服务采购意向', body: d.disclosure.body, formedDate: d.disclosure.formed_date, projectId: null, fields: JSON.parse(d.disclosure.fields) });
    await svc.submit(editor, id);
    await svc.approve(reviewer, id, null, confirmedReview());
    await svc.publish(reviewer, id);
    const old = await env.ctx.search.search({ q: '危房改造', filter: { kind: 'disclosure' } });
    const now = await env.ctx.search.search({ q: '棚户区', filter: { kind: 'disclosure' } });
    assert.ok(old.ok && now.ok, "old.ok && now.ok");
    assert.equal(old.hits.some((h) => h.refId === id), false);
    assert.equal(now.hits[0]?.refId, id);
  });

  test('withdrawal leaves a tombstone: title and reason findable, body not', async () => {
    const reviewer = await principalOf(env, 'reviewer');
    await env.ctx.disclosures.withdraw(reviewer, id, '重复发布（撤回编号WX-77）');
    const byReason = await env.ctx.search.search({ q: 'WX-77', filter: { kind: 'disclosure' } });
    assert.ok(byReason.ok, "byReason.ok");
    assert.equal(byReason.hits[0]?.refId, id);
    assert.equal(byReason.hits[0]?.state, 'withdrawn');
    const byBody = await env.ctx.search.search({ q: '采购意向正文', filter: { kind: 'disclosure' } });
    assert.ok(byBody.ok, "byBody.ok");
    assert.equal(byBody.hits.some((h) => h.refId === id), false);
    const page = await new Client(env.app).get('/search?q=WX-77');
    assert.match(page.body, /已撤回/);
  });

  test('reindex rebuilds the same answers', async () => {
    const before = await env.ctx.search.search({ q: '棚户区', filter: { kind: 'disclosure' } });
    const r = await env.ctx.search.reindex({ clear: false });
    assert.ok(r.disclosures >= 1, "r.disclosures >= 1");
    const after = await env.ctx.search.search({ q: '棚户区', filter: { kind: 'disclosure' } });
    assert.ok(before.ok && after.ok, "before.ok && after.ok");
    assert.deepEqual(after.hits.map((h) => h.refId), before.hits.map((h) => h.refId));
  });
});

describe('bad input: a clear answer, never a 500', () => {
  const cases: [string, string, number, string | null][] = [
    ['punctuation only', '/api/v1/search?q=%22*%22%20%EF%BC%8C', 400, 'no_searchable_text'],
    ['FTS operators are plain text', '/api/v1/search?q=NEAR%20AND%20OR', 200, null],
    ['an unbalanced quote', '/api/v1/search?q=%22%E9%87%87%E8%B4%AD', 200, null],
    ['10 KB query', '/api/v1/search?q=' + encodeURIComponent('采'.repeat(10_000)), 400, 'too_long'],
    ['100,000th page', '/api/v1/search?q=%E9%87%87%E8%B4%AD&page=100000', 400, 'page_out_of_range'],
    ['unknown sector', '/api/v1/search?q=a&sector=nope', 400, 'validation_failed'],
    ['unknown parameter', '/api/v1/search?q=a&colour=red', 400, 'validation_failed'],
    ['limit too large', '/api/v1/search?q=a&limit=1000', 400, 'validation_failed'],
  ];
  for (const [name, url, status, code] of cases) {
    test(`API: ${name} → ${status}`, async () => {
      const res = await new Client(env.app).get(url);
      assert.equal(res.statusCode, status, res.body.slice(0, 300));
      if (code) assert.equal(res.json().error.code, code);
    });
  }
  const pages: [string, string, number, RegExp][] = [
    ['page: punctuation only', '/search?q=%22%22%22', 400, /标点或符号/],
    ['page: 10 KB', '/search?q=' + encodeURIComponent('x'.repeat(10_000)), 400, /搜索词过长/],
    ['page: deep page', '/search?q=%E9%87%87%E8%B4%AD&page=100000', 400, /只能查看前/],
    ['page: bad filter values are ignored', '/search?q=%E9%87%87%E8%B4%AD&sector=%3Cscript%3E&page=abc', 200, /搜索结果/],
    ['page: empty', '/search', 200, /请输入搜索词/],
  ];
  for (const [name, url, status, re] of pages) {
    test(name, async () => {
      const res = await new Client(env.app).get(url);
      assert.equal(res.statusCode, status);
      assert.match(res.body, re);
      assert.doesNotMatch(res.body, /<script>/);
    });
  }
  test('highlighting escapes HTML from the indexed text', async () => {
    await env.ctx.database.db.transaction().execute((trx) =>
      env.ctx.search.indexDocument(trx, { kind: 'blacklist', refId: 1, state: 'published', title: '<img src=x onerror=alert(1)>华宇科技', body: '"><script>alert(1)</script>华宇', url: '/b/1', sector: null, itemType: null, department: null, projectId: null, stage: null, publishedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }),
    );
    const res = await new Client(env.app).get('/search?q=' + encodeURIComponent('华宇科技') + '&kind=blacklist');
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /<img src=x/);
    assert.doesNotMatch(res.body, /<script>alert/);
    assert.match(res.body, /&lt;img src=x onerror=alert\(1\)&gt;<mark>华宇科技<\/mark>/);
  });
});
