// The search-result cache never serves a result older than the last committed index change: a
// publication, a correction and a withdrawal each show at the very next identical query, both
// through the service and through the /search page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestEnv, principalOf, publishIntention, type TestEnv } from './helpers/context.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => env?.close());

const titles = async (q: string) => {
  const r = await env.ctx.search.search({ q, sort: 'date' });
  assert.ok(r.ok, 'query parses');
  return r.ok ? r.hits.map((h) => `${h.state}:${h.title}`) : [];
};

test('repeated queries hit the cache; every committed change is seen at once', async () => {
  const first = await publishIntention(env, '澜沧路照明设施维护采购意向');
  assert.deepEqual(await titles('澜沧路'), ['published:澜沧路照明设施维护采购意向']);
  const hitsBefore = env.ctx.search.results.hits;
  assert.deepEqual(await titles('澜沧路'), ['published:澜沧路照明设施维护采购意向']);
  assert.equal(env.ctx.search.results.hits, hitsBefore + 1, 'the second identical query was served from the cache');

  await publishIntention(env, '澜沧路绿化养护采购意向');
  assert.deepEqual((await titles('澜沧路')).sort(), ['published:澜沧路照明设施维护采购意向', 'published:澜沧路绿化养护采购意向']);

  const reviewer = await principalOf(env, 'reviewer');
  const svc = env.ctx.disclosures;
  await svc.withdraw(reviewer, first, '重复发布');
  assert.ok((await titles('澜沧路')).includes('withdrawn:澜沧路照明设施维护采购意向'), 'withdrawal shows at once');

  // The page, through HTTP, agrees with the service.
  const page = await new Client(env.app).get(`/search?q=${encodeURIComponent('澜沧路')}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<mark>澜沧路<\/mark>绿化养护采购意向/);
});
