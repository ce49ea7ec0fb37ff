// The public page cache (ADR 0008) against the real app and database: anonymous GETs of opted-in
// routes are served from memory, every public change (publication, correction, withdrawal, sealing)
// shows at the next request, staff never read or fill it, each visitor gets their own CSRF token.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestEnv, principalOf, publishIntention, type TestEnv } from './helpers/context.ts';
import { confirmedReview } from '../src/modules/privacy/checklist.ts';

let env: TestEnv;
let id: number;
before(async () => {
  env = await createTestEnv();
  id = await publishIntention(env, '2027年度办公设备采购意向');
});
after(async () => env?.close());

const tokenOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1];

async function correct(disclosureId: number, title: string) {
  const svc = env.ctx.disclosures;
  const editor = await principalOf(env, 'editor');
  const reviewer = await principalOf(env, 'reviewer');
  await svc.startCorrection(editor, disclosureId, '更正标题');
  const { disclosure: d } = await svc.getForStaff(editor, disclosureId);
  await svc.updateDraft(editor, disclosureId, { projectId: null, title, body: d.body, formedDate: d.formed_date, fields: JSON.parse(d.fields) as Record<string, unknown> });
  await svc.submit(editor, disclosureId);
  await svc.approve(reviewer, disclosureId, null, confirmedReview());
  await svc.publish(reviewer, disclosureId);
}

describe('hits', () => {
  test('a miss, then a hit with the same bytes (HTML and JSON)', async () => {
    const c = new Client(env.app);
    for (const url of [`/disclosures/${id}?v=hit`, `/api/v1/disclosures/${id}`, '/api/v1/disclosures?limit=5', '/', '/search?q=办公设备', '/departments/czj', '/feeds/all.atom']) {
      const miss = await c.get(url);
      assert.equal(miss.statusCode, 200, url);
      assert.equal(miss.headers['x-cache'], 'miss', url);
      const hit = await c.get(url);
      assert.equal(hit.headers['x-cache'], 'hit', url);
      assert.equal(hit.body, miss.body, `${url}: same body`);
      assert.equal(hit.headers['content-type'], miss.headers['content-type'], url);
      assert.equal(hit.headers['cache-control'], miss.headers['cache-control'], url);
      assert.equal(hit.headers['content-security-policy'], miss.headers['content-security-policy'], `${url}: hooks still run`);
      assert.equal(hit.headers['access-control-allow-origin'], miss.headers['access-control-allow-origin'], url);
    }
  });

  test('routes that did not opt in are never cached', async () => {
    const c = new Client(env.app);
    const res = await c.get('/admin/login');
    assert.equal(res.headers['x-cache'], undefined);
  });

  test('HTML and JSON Accept classes are separate entries', async () => {
    const c = new Client(env.app);
    const url = `/api/v1/disclosures/${id}?v=accept`;
    assert.equal((await c.get(url, { accept: 'text/html' })).headers['x-cache'], 'miss');
    assert.equal((await c.get(url, { accept: 'application/json' })).headers['x-cache'], 'miss');
    assert.equal((await c.get(url, { accept: 'application/json' })).headers['x-cache'], 'hit');
    assert.equal((await c.get(url, { accept: 'text/html' })).headers['x-cache'], 'hit');
  });

  test('errors are not cached', async () => {
    const c = new Client(env.app);
    for (let i = 0; i < 2; i++) {
      const res = await c.get('/disclosures/999999');
      assert.equal(res.statusCode, 404);
      assert.equal(res.headers['x-cache'], 'miss');
    }
  });
});

describe('anonymous CSRF tokens', () => {
  test('two visitors each get their own token in the cached page and can submit the feedback form', async () => {
    const url = `/disclosures/${id}?v=tokens`;
    const a = new Client(env.app);
    const b = new Client(env.app);
    const ra = await a.get(url);
    const rb = await b.get(url);
    assert.equal(ra.headers['x-cache'], 'miss');
    assert.equal(rb.headers['x-cache'], 'hit');
    const ta = tokenOf(ra.body);
    const tb = tokenOf(rb.body);
    assert.ok(ta && tb, 'both pages carry a token');
    assert.equal(ta, a.cookies.get('gk_csrf'));
    assert.equal(tb, b.cookies.get('gk_csrf'));
    assert.notEqual(ta, tb);
    assert.ok(!rb.body.includes(ta!), "visitor B never sees A's token");
    assert.equal(rb.body.replaceAll(tb!, ta!), ra.body, 'identical except the token');
    for (const [c, token, who] of [[b, tb!, '乙'], [a, ta!, '甲']] as const) {
      const res = await c.post('/feedback', { _csrf: token, kind: 'disclosure', id: String(id), message: `请问本项目的预算金额是否包含运维费用？（${who}）`, name: '', contact: '13812345678', visibility: 'public', website: '' });
      assert.equal(res.statusCode, 200, `visitor ${who} submitted (${res.statusCode})`);
      assert.match(res.body, /留言已提交/, `visitor ${who}: receipt`);
    }
    assert.equal((await a.get(url)).headers['x-cache'], 'miss', 'a submitted question is a change (evented): the page is rendered again');
  });
});

describe('signed-in staff', () => {
  test('never get a cached page and never fill the cache', async () => {
    const url = `/disclosures/${id}?v=staff`;
    const staff = await new Client(env.app).login('editor');
    const own = await staff.get(url);
    assert.equal(own.headers['x-cache'], 'bypass');
    assert.match(own.body, /editor（/);
    const anon = new Client(env.app);
    const first = await anon.get(url);
    assert.equal(first.headers['x-cache'], 'miss', 'staff did not fill it');
    assert.doesNotMatch(first.body, /editor（/);
    assert.equal((await anon.get(url)).headers['x-cache'], 'hit');
    const again = await staff.get(url);
    assert.equal(again.headers['x-cache'], 'bypass');
    assert.match(again.body, /editor（/, 'staff still see their own page');
  });

  test('credentials on an API request bypass the cache', async () => {
    const c = new Client(env.app);
    const url = `/api/v1/disclosures/${id}?v=cred`;
    await c.get(url);
    assert.equal((await c.get(url)).headers['x-cache'], 'hit');
    assert.equal((await c.get(url, { authorization: 'Bearer x' })).headers['x-cache'], 'bypass');
    assert.equal((await c.get(url, { 'x-api-key': 'x' })).headers['x-cache'], 'bypass');
  });
});

describe('every public change shows at the next request', () => {
  test('publication: the new disclosure is on the home page and in the API list', async () => {
    const c = new Client(env.app);
    for (const url of ['/', '/api/v1/disclosures?limit=50']) {
      await c.get(url);
      assert.equal((await c.get(url)).headers['x-cache'], 'hit', url);
    }
    const newId = await publishIntention(env, '2027年度新发布的绿化养护采购意向');
    for (const url of ['/', '/api/v1/disclosures?limit=50']) {
      const res = await c.get(url);
      assert.equal(res.headers['x-cache'], 'miss', url);
      assert.match(res.body, /新发布的绿化养护/, url);
      assert.ok(url === '/' || res.json().data.some((d: { id: number }) => d.id === newId), 'listed in the API');
    }
    const s = await c.get('/search?q=绿化养护');
    assert.ok(s.body.includes(`/disclosures/${newId}"`), 'found by the search page');
  });

  test('correction: the page and the API show the corrected title immediately', async () => {
    const cid = await publishIntention(env, '2027年度会议服务采购意向（待更正）');
    const c = new Client(env.app);
    for (const url of [`/disclosures/${cid}`, `/api/v1/disclosures/${cid}`]) {
      await c.get(url);
      assert.equal((await c.get(url)).headers['x-cache'], 'hit', url);
    }
    await correct(cid, '2027年度会议服务采购意向（已更正）');
    for (const url of [`/disclosures/${cid}`, `/api/v1/disclosures/${cid}`]) {
      const res = await c.get(url);
      assert.equal(res.headers['x-cache'], 'miss', url);
      assert.match(res.body, /已更正/, url);
    }
  });

  test('withdrawal: the tombstone replaces the page immediately', async () => {
    const wid = await publishIntention(env, '2027年度印刷服务采购意向');
    const c = new Client(env.app);
    await c.get(`/disclosures/${wid}`);
    assert.equal((await c.get(`/disclosures/${wid}`)).headers['x-cache'], 'hit');
    await env.ctx.disclosures.withdraw(await principalOf(env, 'reviewer'), wid, '项目取消');
    const res = await c.get(`/disclosures/${wid}`);
    assert.equal(res.headers['x-cache'], 'miss');
    assert.match(res.body, /本信息已撤回/);
    const api = await c.get(`/api/v1/disclosures/${wid}`);
    assert.ok(api.json().withdrawal, 'the API shows the withdrawal');
  });

  test('sealing: the sealed version is gone at the next request (410), the history says so', async () => {
    const sid = await publishIntention(env, '2027年度保洁服务采购意向（误登内部测算）');
    await correct(sid, '2027年度保洁服务采购意向');
    const c = new Client(env.app);
    for (const url of [`/disclosures/${sid}?version=1`, `/disclosures/${sid}`, `/api/v1/disclosures/${sid}`]) {
      await c.get(url);
      assert.equal((await c.get(url)).headers['x-cache'], 'hit', url);
    }
    await env.ctx.disclosures.sealVersion(await principalOf(env, 'reviewer'), sid, 1, '含商业秘密');
    const old = await c.get(`/disclosures/${sid}?version=1`);
    assert.equal(old.statusCode, 410);
    assert.doesNotMatch(old.body, /误登内部测算/);
    assert.match((await c.get(`/disclosures/${sid}`)).body, /已屏蔽/);
    const api = await c.get(`/api/v1/disclosures/${sid}`);
    assert.ok(api.json().versions[0].sealed, 'the API shows the seal');
  });

  test('a write that appends no event is caught by the search index version (reindex)', async () => {
    const c = new Client(env.app);
    await c.get('/search?q=采购意向&v=reindex');
    assert.equal((await c.get('/search?q=采购意向&v=reindex')).headers['x-cache'], 'hit');
    await env.ctx.search.reindex({ clear: true });
    assert.equal((await c.get('/search?q=采购意向&v=reindex')).headers['x-cache'], 'miss');
  });
});

describe('configuration', () => {
  let small: TestEnv;
  let off: TestEnv;
  before(async () => {
    // ~24 KB: room for one or two disclosure pages; 3 API requests a minute per address.
    small = await createTestEnv({ PAGE_CACHE_MB: String(24 / 1024), RATE_LIMIT_PER_MINUTE: '3' });
    off = await createTestEnv({ PAGE_CACHE_MB: '0' });
  });
  after(async () => {
    await small?.close();
    await off?.close();
  });

  test('the byte limit evicts the least recently used pages', async () => {
    const ids: number[] = [];
    for (let i = 1; i <= 4; i++) ids.push(await publishIntention(small, `2027年度第${i}批设备采购意向`));
    const c = new Client(small.app);
    for (const i of ids) assert.equal((await c.get(`/disclosures/${i}`)).headers['x-cache'], 'miss');
    const cache = small.app.pageCache!;
    assert.ok(cache.evictions > 0, `evicted (${cache.size} entries, ${cache.bytes} bytes)`);
    assert.ok(cache.bytes <= cache.maxBytes, 'never above the limit');
    assert.equal((await c.get(`/disclosures/${ids[0]}`)).headers['x-cache'], 'miss', 'the oldest page was evicted');
    assert.equal((await c.get(`/disclosures/${ids[0]}`)).headers['x-cache'], 'hit', 'and is cached again');
  });

  test('a cache hit still counts against the per-IP rate limit', async () => {
    const c = new Client(small.app);
    const seen: (string | number)[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await c.get('/api/v1/disclosures?limit=1');
      seen.push(res.statusCode === 200 ? String(res.headers['x-cache']) : res.statusCode);
    }
    assert.deepEqual(seen, ['miss', 'hit', 'hit', 429]);
  });

  test('PAGE_CACHE_MB=0 disables the cache', async () => {
    assert.equal(off.app.pageCache, null);
    const c = new Client(off.app);
    for (let i = 0; i < 2; i++) {
      const res = await c.get('/');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['x-cache'], undefined);
    }
  });
});
