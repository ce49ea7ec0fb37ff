// 黑名单 entries in search, feeds and the change feed (issue 5): indexed from the public view in the
// transaction of every public change, tombstones once they leave the current list, masked ID
// numbers only, /feeds/blacklist.atom, blacklist rows in /api/v1/changes, reindex. Both dialects.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import FeedParser from 'feedparser';
import { completeCreditCode, completeIdNumber } from '../src/domain/identifiers.ts';
import { todayInChina } from '../src/modules/disclosures/service.ts';
import { addDays, addMonths } from '../src/modules/blacklist/rules.ts';
import type { BlacklistHook, EntryInput } from '../src/modules/blacklist/service.ts';
import { BLACKLIST_EXPIRY_JOB } from '../src/modules/blacklist/job.ts';
import { createBlacklistScheduler } from '../src/jobs/blacklist.ts';
import { maskIdNumber } from '../src/modules/privacy/masking.ts';
import { Client, createTestEnv, principalOf, publishIntention, tinyPdf, type TestEnv } from './helpers/context.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => env?.close());

const today = todayInChina();
const BRAND = '恒达';
const CODE = completeCreditCode('91440204', 'MA4UXK7Q');
const PERSON_ID = completeIdNumber('44020419620518147');
const decision = addMonths(today, -2);

function entry(extra: Partial<EntryInput>): EntryInput {
  return {
    departmentId: env.ids.czj, subjectKind: 'company', name: `韶关市${BRAND}建筑工程有限公司`, creditCode: CODE, idNumber: '',
    conduct: '提供虚假材料谋取中标，骗取评标委员会信任', legalBasis: '《政府采购法》第七十七条', decisionNo: '浈财采罚〔2026〕31号', decisionDate: decision, sector: 'procurement', severity: 'procurement-bar',
    startDate: decision, endDate: addDays(addMonths(decision, 12), -1), disclosureId: '', ...extra,
  };
}

async function publish(input: EntryInput): Promise<number> {
  const id = await env.ctx.blacklist.createDraft(await principalOf(env, 'editor'), input);
  await env.ctx.blacklist.publish(await principalOf(env, 'reviewer'), id);
  return id;
}

const search = async (q: string, filter: Record<string, string> = {}) => {
  const r = await env.ctx.search.search({ q, sort: 'date', filter });
  assert.ok(r.ok, `search ${q} ok`);
  return r;
};

function parseFeed(xml: string): Promise<{ meta: FeedParser.Meta; items: FeedParser.Item[] }> {
  return new Promise((resolve, reject) => {
    const fp = new FeedParser({});
    const items: FeedParser.Item[] = [];
    fp.on('error', reject);
    fp.on('readable', () => {
      let it: FeedParser.Item | null;
      while ((it = fp.read())) items.push(it);
    });
    fp.on('end', () => resolve({ meta: fp.meta, items }));
    Readable.from([xml]).pipe(fp);
  });
}

interface ChangeJson { seq: number; entity: string; kind: string; at: string; reason: string | null; disclosure?: { id: number }; blacklist?: { id: number; url: string; status: string; current: boolean; subject: { idNumberMasked: string | null } } }

/** Reads the whole change feed page by page from `since`, as a mirror does. */
async function readChanges(since = '', limit = 2, extra = ''): Promise<{ rows: ChangeJson[]; cursor: string }> {
  const c = new Client(env.app);
  const rows: ChangeJson[] = [];
  let cursor = since;
  for (let i = 0; i < 100; i++) {
    const res = await c.get(`/api/v1/changes?limit=${limit}${cursor ? `&since=${cursor}` : ''}${extra}`);
    assert.equal(res.statusCode, 200, res.body);
    const b = res.json() as { data: ChangeJson[]; nextCursor: string; more: boolean };
    rows.push(...b.data);
    cursor = b.nextCursor;
    if (!b.more) break;
  }
  return { rows, cursor };
}

let company = 0;
let person = 0;

describe('indexing in the transaction of each public change', () => {
  test('publish: rolled back with the publication when a later hook fails; indexed when it succeeds', async () => {
    let fail = true;
    const seen: { action: string; status: string; doc: string | null }[] = [];
    const probe: BlacklistHook = async (trx, c) => {
      const doc = await trx.selectFrom('search_docs').select('state').where('kind', '=', 'blacklist').where('ref_id', '=', c.entryId).executeTakeFirst();
      const row = await trx.selectFrom('blacklist_entries').select('status').where('id', '=', c.entryId).executeTakeFirstOrThrow();
      seen.push({ action: c.action, status: row.status, doc: doc?.state ?? null });
      if (fail) throw new Error('probe failure');
    };
    env.ctx.blacklist.hooks.push(probe);
    try {
      company = await env.ctx.blacklist.createDraft(await principalOf(env, 'editor'), entry({}));
      const reviewer = await principalOf(env, 'reviewer');
      await assert.rejects(env.ctx.blacklist.publish(reviewer, company), /probe failure/);
      assert.equal((await search(BRAND)).total, 0, 'nothing indexed after the rollback');
      assert.equal((await env.ctx.blacklist.getForStaff(reviewer, company)).entry.status, 'draft');
      const feed = await readChanges();
      assert.ok(!feed.rows.some((r) => r.entity === 'blacklist'), 'no change row after the rollback');
      fail = false;
      await env.ctx.blacklist.publish(reviewer, company);
    } finally {
      env.ctx.blacklist.hooks.splice(env.ctx.blacklist.hooks.indexOf(probe), 1);
    }
    // The probe ran after the search hook, inside the publication: the document and the status change together.
    assert.deepEqual(seen, [{ action: 'publish', status: 'active', doc: 'published' }, { action: 'publish', status: 'active', doc: 'published' }]);
  });

  test("found by the company's two-character brand and by a credit-code substring; facet kind=黑名单", async () => {
    for (const q of [BRAND, CODE.slice(6, 14), CODE.slice(8, 16).toLowerCase(), CODE]) {
      const r = await search(q);
      assert.equal(r.total, 1, `one hit for ${q}`);
      const h = r.hits[0]!;
      assert.equal(h.kind, 'blacklist');
      assert.equal(h.kindName, '黑名单');
      assert.equal(h.refId, company);
      assert.equal(h.url, `/blacklist/${company}`);
      assert.equal(h.state, 'published');
      assert.equal(h.department, 'czj', 'department facet value: the deciding department');
      assert.equal(h.sector, 'procurement');
      assert.equal(h.itemType, null);
      assert.deepEqual(r.facets?.kind, [{ value: 'blacklist', label: '黑名单', count: 1 }]);
    }
    assert.equal((await search('骗取评标委员会')).total, 1, 'the conduct is searchable while listed');
    assert.equal((await search(BRAND, { kind: 'blacklist' })).total, 1);
    assert.equal((await search(BRAND, { kind: 'disclosure' })).total, 0);
  });

  test('/api/v1/search and /search link a hit to its public page', async () => {
    const c = new Client(env.app);
    const api = await c.get(`/api/v1/search?q=${encodeURIComponent(BRAND)}&kind=blacklist`);
    assert.equal(api.statusCode, 200, api.body);
    const b = api.json() as { data: { kind: string; id: number; url: string; department: { code: string } | null }[]; facets: { kind: { value: string; label: string; count: number }[] } };
    assert.equal(b.data[0]?.url, `${env.ctx.config.baseUrl}/blacklist/${company}`);
    assert.equal(b.data[0]?.kind, 'blacklist');
    assert.equal(b.data[0]?.department?.code, 'czj');
    assert.deepEqual(b.facets.kind, [{ value: 'blacklist', label: '黑名单', count: 1 }]);
    const page = await c.get(`/search?q=${encodeURIComponent(BRAND)}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`href="/blacklist/${company}"`), 'the hit links to /blacklist/:id');
    assert.ok(page.body.includes('<span>黑名单</span>'), 'the hit is labelled 黑名单');
    assert.ok(page.body.includes('kind=blacklist'), 'the kind facet links to 黑名单');
    assert.equal((await c.get(`/blacklist/${company}`)).statusCode, 200, 'the linked page exists');
  });
});

describe("a natural person's ID number", () => {
  test('never reaches the index, the feed or the change feed; the masked form does', async () => {
    person = await publish(entry({ subjectKind: 'person', name: '钟测石', creditCode: '', idNumber: PERSON_ID, conduct: '以虚假材料申报农村危房改造补助', legalBasis: '《农村危房改造补助资金管理办法》', decisionNo: '浈财罚〔2026〕5号', sector: 'housing', severity: 'ordinary' }));
    const masked = maskIdNumber(PERSON_ID);
    const db = env.ctx.database.db;
    const rows = await db.selectFrom('search_docs').selectAll().where('kind', '=', 'blacklist').where('ref_id', '=', person).execute();
    assert.equal(rows.length, 1, 'indexed once');
    const stored = JSON.stringify(rows);
    assert.ok(!stored.includes(PERSON_ID) && !stored.includes(PERSON_ID.slice(6, 14)), 'no full ID number or birth date in the stored document');
    assert.ok(stored.includes(masked), 'the masked ID number is what the public page shows');
    // The engines match what they were given: the middle of the number finds nothing, the name does.
    assert.equal((await search(PERSON_ID)).total, 0, 'full ID number not matched');
    assert.equal((await search(PERSON_ID.slice(4, 12))).total, 0, 'ID number digits not matched');
    assert.equal((await search('钟测石')).hits[0]?.refId, person);
    const c = new Client(env.app);
    const outputs = [(await c.get('/feeds/blacklist.atom')).body, (await c.get('/feeds/all.atom')).body, (await c.get('/api/v1/changes?limit=1000')).body, (await c.get('/search?q=%E9%92%9F%E6%B5%8B%E7%9F%B3')).body, JSON.stringify(await db.selectFrom('change_feed').selectAll().execute())];
    for (const [i, o] of outputs.entries()) {
      assert.ok(!o.includes(PERSON_ID), `output ${i}: no full ID number`);
      assert.ok(!o.includes(PERSON_ID.slice(6, 14)), `output ${i}: no birth date digits`);
    }
    assert.ok(outputs[0]!.includes(masked) && outputs[2]!.includes(masked), 'feed and change feed carry the masked number');
  });
});

describe('leaving the current list', () => {
  test('expiry by the scheduled job (as `gongkai blacklist-expire` runs it) leaves a tombstone in the same transaction', async () => {
    const db = env.ctx.database.db;
    await db.updateTable('blacklist_entries').set({ end_date: addDays(today, -1) }).where('id', '=', company).execute();
    const r = await createBlacklistScheduler(env.ctx).runOnce(BLACKLIST_EXPIRY_JOB, { force: true });
    assert.equal(r.status, 'ran', JSON.stringify(r));
    assert.equal((await env.ctx.blacklist.getPublic(company)).entry.status, 'expired');
    for (const q of [BRAND, CODE.slice(6, 14)]) {
      const hit = (await search(q)).hits.find((h) => h.refId === company && h.kind === 'blacklist');
      assert.ok(hit, `tombstone still found by ${q}`);
      assert.equal(hit.state, 'withdrawn');
      assert.match(hit.summary, /已移出黑名单公示：已到期/);
      assert.ok(!hit.summary.includes('骗取评标委员会'), 'the tombstone has no conduct');
    }
    assert.equal((await search('骗取评标委员会')).total, 0, 'the conduct is no longer searchable');
    assert.equal((await search(BRAND, { state: 'published' })).total, 0, 'not among live documents');
    const page = await new Client(env.app).get(`/search?q=${encodeURIComponent(BRAND)}`);
    assert.ok(page.body.includes('已移出公示'), 'the hit is marked as having left the list');
  });

  test('revocation leaves a tombstone with its reason', async () => {
    await env.ctx.blacklist.revoke(await principalOf(env, 'reviewer'), person, '原决定经行政复议撤销', [{ filename: '复议决定书.pdf', data: tinyPdf('revoke') }]);
    const hit = (await search('钟测石')).hits[0];
    assert.equal(hit?.state, 'withdrawn');
    assert.match(hit?.summary ?? '', /已撤销.*原决定经行政复议撤销/);
  });
});

describe('/feeds/blacklist.atom', () => {
  test('parses with feedparser, links entries to their pages, marks tombstones; /blacklist links it', async () => {
    const c = new Client(env.app);
    const fresh = await publish(entry({ name: '韶关市浈水测绘有限公司', creditCode: completeCreditCode('91440204', 'MB7RT21P'), decisionNo: '浈财采罚〔2026〕32号' }));
    const res = await c.get('/feeds/blacklist.atom');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/atom\+xml/);
    const { meta, items } = await parseFeed(res.body);
    const base = env.ctx.config.baseUrl;
    assert.equal(meta['#type'], 'atom');
    assert.equal(meta.xmlurl, `${base}/feeds/blacklist.atom`);
    assert.equal(meta.link, `${base}/blacklist`);
    assert.deepEqual(items.map((i) => i.guid).sort(), [company, person, fresh].map((id) => `tag:localhost,2026:blacklist/${id}`).sort());
    for (const it of items) {
      assert.match(it.link, new RegExp(`^${base}/blacklist/\\d+$`));
      assert.ok(it.date instanceof Date && it.pubdate instanceof Date && it.date >= it.pubdate, 'updated ≥ published');
      assert.ok(it.categories.includes('blacklist'), 'category blacklist');
    }
    const byId = (id: number) => items.find((i) => i.guid.endsWith(`/${id}`))!;
    assert.equal(byId(fresh).title, '黑名单：韶关市浈水测绘有限公司');
    assert.match(byId(company).title, /^【已移出公示】黑名单：/);
    assert.equal(byId(company).author, '财政局');
    const list = await c.get('/blacklist');
    assert.match(list.body, /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="\/feeds\/blacklist\.atom">/);
  });
});

describe('/api/v1/changes', () => {
  test('blacklist changes carry the public view, beside unchanged disclosure changes, with a stable cursor', async () => {
    const disclosure = await publishIntention(env, '办公家具采购意向');
    const all = await readChanges('', 2);
    const mine = all.rows.filter((r) => r.entity === 'blacklist' && r.blacklist?.id === company);
    assert.deepEqual(mine.map((r) => r.kind), ['publish', 'expire']);
    assert.equal(mine[0]!.blacklist!.status, 'active', 'the view as of the publication');
    assert.equal(mine[1]!.blacklist!.status, 'expired');
    assert.equal(mine[1]!.blacklist!.current, false);
    assert.equal(mine[1]!.blacklist!.url, `${env.ctx.config.baseUrl}/blacklist/${company}`);
    assert.ok(!('disclosure' in mine[0]!), 'no disclosure object on a blacklist change');
    const revoked = all.rows.find((r) => r.blacklist?.id === person && r.kind === 'revoke');
    assert.equal(revoked?.reason, '原决定经行政复议撤销');
    assert.equal(revoked?.blacklist?.subject.idNumberMasked, maskIdNumber(PERSON_ID));
    // Disclosure changes keep their shape and gain only `entity`.
    const d = all.rows.find((r) => r.entity === 'disclosure' && r.disclosure?.id === disclosure);
    assert.ok(d, 'the disclosure publication is in the feed');
    assert.deepEqual(Object.keys(d), ['seq', 'entity', 'kind', 'at', 'disclosure', 'reason']);
    assert.deepEqual(Object.keys(d.disclosure!), ['id', 'version', 'title', 'sector', 'itemType', 'department', 'projectId', 'url', 'apiUrl']);
    // Commit order, no gaps, no repeats; the same cursor gives the same page.
    const seqs = all.rows.map((r) => r.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b));
    assert.equal(new Set(seqs).size, seqs.length);
    const c = new Client(env.app);
    const first = (await c.get('/api/v1/changes?limit=3')).json() as { nextCursor: string };
    const page = async () => {
      const { data, nextCursor } = (await c.get(`/api/v1/changes?limit=3&since=${first.nextCursor}`)).json() as { data: unknown[]; nextCursor: string };
      return { data, nextCursor };
    };
    const a = await page();
    await publish(entry({ name: '韶关市浈江测试物流有限公司', creditCode: completeCreditCode('91440204', 'MC3QW85L'), decisionNo: '浈财采罚〔2026〕33号' }));
    assert.deepEqual(await page(), a, 'a page never changes (only `more` may turn true)');
    const after = await readChanges(all.cursor, 2);
    assert.deepEqual(after.rows.map((r) => [r.entity, r.kind]), [['blacklist', 'publish']], 'polling from the saved cursor sees exactly the new change');
    // Filtering by entity keeps the same sequence and cursor.
    const bl = await readChanges('', 50, '&entity=blacklist');
    assert.ok(bl.rows.length >= 5 && bl.rows.every((r) => r.entity === 'blacklist'), 'entity=blacklist');
    assert.deepEqual(bl.rows.map((r) => r.seq), [...all.rows, ...after.rows].filter((r) => r.entity === 'blacklist').map((r) => r.seq));
    const dl = await readChanges('', 50, '&entity=disclosure');
    assert.ok(dl.rows.length >= 1 && dl.rows.every((r) => r.entity === 'disclosure' && r.disclosure), 'entity=disclosure');
    assert.equal((await c.get('/api/v1/changes?entity=project')).statusCode, 400);
  });
});

describe('reindex', () => {
  test('`gongkai search reindex` rebuilds blacklist documents (live and tombstones) from the public view', async () => {
    const before = await env.ctx.database.db.selectFrom('search_docs').select(['ref_id', 'state', 'title', 'body', 'department', 'sector']).where('kind', '=', 'blacklist').orderBy('ref_id').execute();
    assert.ok(before.length >= 4, 'entries indexed');
    const r = await env.ctx.search.reindex({ clear: true });
    assert.equal(r.others.blacklist, before.length, 'every published entry reindexed');
    const rebuilt = await env.ctx.database.db.selectFrom('search_docs').select(['ref_id', 'state', 'title', 'body', 'department', 'sector']).where('kind', '=', 'blacklist').orderBy('ref_id').execute();
    assert.deepEqual(rebuilt, before, 'the same documents as the hooks wrote');
    assert.equal((await search(BRAND)).hits[0]?.state, 'withdrawn');
    assert.equal((await search('浈水测绘')).hits[0]?.state, 'published');
    assert.deepEqual((await search(CODE.slice(6, 14))).facets?.kind, [{ value: 'blacklist', label: '黑名单', count: 1 }]);
    await env.ctx.search.removeDocument(env.ctx.database.db, 'blacklist', company);
    assert.equal((await search(BRAND)).total, 0);
    await env.ctx.search.reindex();
    assert.equal((await search(BRAND)).total, 1, 'reindex without --clear restores a missing document');
  });
});

describe('migration 0017 on an existing change feed', () => {
  test('keeps every disclosure row, its seq and the sequence; refuses a blacklist row without its view', async () => {
    const fs = await import('node:fs');
    const { Migrator, sql } = await import('kysely');
    const { testConfig } = await import('./helpers/context.ts');
    const { openDatabase, dropSchema } = await import('../src/db/index.ts');
    const { migrations, migrateToLatest } = await import('../src/db/migrate.ts');
    const config = testConfig();
    const pg = config.dialect === 'postgres';
    const h = await openDatabase(config, { migrate: false });
    const db = h.db as unknown as import('kysely').Kysely<any>;
    try {
      const names = Object.keys(migrations(config.dialect)).sort();
      const previous = names[names.indexOf('0017-change-feed-entities') - 1]!;
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(config.dialect) }, ...(pg && config.databaseSchema ? { migrationTableSchema: config.databaseSchema } : {}) });
      const r = await migrator.migrateTo(previous);
      assert.equal(r.error, undefined, String(r.error));
      const old = { event_id: 1, disclosure_id: 7, version: 2, kind: 'correct', at: '2026-03-01T00:00:00.000Z', title: '旧标题', sector: 'procurement', item_type: 'procurement-intention', department: 'czj', project_id: null, reason: '更正' };
      await db.insertInto('change_feed').values([old, { ...old, disclosure_id: 8, version: 1, kind: 'publish', reason: null }]).execute();
      if (!pg) await sql`UPDATE sqlite_sequence SET seq = 20 WHERE name = 'change_feed'`.execute(db);
      const before = await db.selectFrom('change_feed').selectAll().orderBy('id').execute();
      // A person's entry published, then repaired, before the migration: backfilled with its views.
      const at = '2026-05-01T01:00:00.000Z';
      const dept = (await db.insertInto('departments').values({ code: 'czj', name: '韶关市浈江区财政局', short_name: '财政局', kind: 'bureau', created_at: at }).returning('id').executeTakeFirstOrThrow()).id;
      const user = (await db.insertInto('users').values({ username: 'u', display_name: 'u', password_hash: 'x', created_at: at }).returning('id').executeTakeFirstOrThrow()).id;
      const entryId = (await db.insertInto('blacklist_entries').values({ department_id: dept, subject_kind: 'person', name: '钟测石', name_key: '钟测石', credit_code: null, id_number: PERSON_ID, subject_key: `id:${PERSON_ID}`, conduct: '虚报', legal_basis: '依据', decision_no: '浈财罚〔2026〕9号', decision_date: '2026-04-28', sector: 'housing', severity: 'ordinary', start_date: '2026-04-28', end_date: '2027-04-27', status: 'repaired', closed_on: '2026-09-01', close_reason: '已整改', created_by: user, created_at: at, updated_at: at, published_at: at, published_by: user }).returning('id').executeTakeFirstOrThrow()).id;
      const ev = (action: string, when: string, reason: string | null) => db.insertInto('events').values({ at: when, actor_id: user, entity: 'blacklist', entity_id: entryId, action, reason, data: null }).execute();
      await ev('create', at, null);
      await ev('publish', at, null);
      await ev('repair', '2026-09-01T02:00:00.000Z', '已整改');
      await migrateToLatest(db, config.dialect, config.databaseSchema);
      const afterRows = await db.selectFrom('change_feed').selectAll().orderBy('id').execute();
      assert.deepEqual(afterRows.slice(0, before.length), before.map((b) => ({ ...b, entity: 'disclosure', entity_id: b.disclosure_id, payload: null })));
      const backfilled = afterRows.slice(before.length);
      assert.deepEqual(backfilled.map((r) => [r.entity, r.entity_id, r.kind, r.reason]), [['blacklist', entryId, 'publish', null], ['blacklist', entryId, 'repair', '已整改']]);
      assert.ok(!JSON.stringify(backfilled).includes(PERSON_ID), 'the ID number is masked in the backfill');
      const { publicViewOf } = await import('../src/modules/blacklist/service.ts');
      assert.deepEqual(JSON.parse(backfilled[1]!.payload), await publicViewOf(h.db, entryId, today), 'the frozen view equals the live public view');
      assert.equal(JSON.parse(backfilled[0]!.payload).status, 'active', 'the view as of the publication');
      const next = await db.insertInto('change_feed').values({ ...old, entity: 'disclosure', entity_id: 9, disclosure_id: 9 }).returning('id').executeTakeFirstOrThrow();
      assert.ok(next.id > before[before.length - 1]!.id, 'the sequence continues after the last seq');
      if (!pg) assert.deepEqual([...backfilled.map((r) => r.id), next.id], [21, 22, 23], 'the AUTOINCREMENT counter was carried over');
      const bad = { ...old, entity: 'blacklist', entity_id: 3, disclosure_id: null, version: null, item_type: null, kind: 'expire', payload: null };
      await assert.rejects(db.insertInto('change_feed').values(bad).execute(), 'a blacklist row needs its public view');
      await assert.rejects(db.insertInto('change_feed').values({ ...old, entity: 'disclosure', entity_id: 9, kind: 'expire' }).execute(), 'disclosure kinds only');
      await db.insertInto('change_feed').values({ ...bad, payload: '{}' }).execute();
    } finally {
      if (pg && config.databaseSchema) await dropSchema(h.db, config.databaseSchema);
      await h.destroy();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    }
  });
});
