// The demo 黑名单 (issue 8 "done when"): entries across departments, some expired, one repaired,
// one revoked, person IDs masked, and a submitted award naming a listed company that the review
// gate blocks. Loads the whole demo district once (both dialects).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { createContext, type AppContext } from '../src/context.ts';
import type { Config } from '../src/config.ts';
import { dropSchema } from '../src/db/index.ts';
import { generateDemoDistrict } from '../src/seed/demo-data.ts';
import { loadDemo } from '../src/seed/load.ts';
import { buildApp } from '../src/web/app.ts';
import { BLACKLIST_DEMO_AWARD_TITLE } from '../src/modules/blacklist/seed.ts';
import { findActiveMatches, partiesOf } from '../src/modules/blacklist/service.ts';
import { Client, testConfig } from './helpers/context.ts';

let config: Config;
let ctx: AppContext;
let app: FastifyInstance;

before(async () => {
  config = testConfig();
  ctx = await createContext(config);
  await loadDemo(ctx.database.db, generateDemoDistrict(), { itemTypes: ctx.itemTypes, due: ctx.due, ocidPrefix: config.ocidPrefix, hooks: ctx.disclosures.hooks, blobs: ctx.blobs, blacklistHooks: ctx.blacklist.hooks });
  app = await buildApp(ctx, { logger: false });
  await app.ready();
});
after(async () => {
  await app?.close();
  if (config.dialect === 'postgres' && config.databaseSchema) await dropSchema(ctx.database.db, config.databaseSchema);
  await ctx?.close();
  fs.rmSync(config.dataDir, { recursive: true, force: true });
});

test('the demo has entries in every status across departments, IDs masked', async () => {
  const rows = await ctx.database.db.selectFrom('blacklist_entries as b').innerJoin('departments as d', 'd.id', 'b.department_id').select(['b.status', 'b.subject_kind', 'b.id_number', 'd.code', 'b.disclosure_id']).execute();
  assert.ok(rows.length >= 12 && rows.length <= 20, `${rows.length} entries`);
  const statuses = new Set(rows.map((r) => r.status));
  for (const s of ['active', 'expired', 'repaired', 'revoked']) assert.ok(statuses.has(s as never), `status ${s}`);
  const depts = new Set(rows.map((r) => r.code));
  for (const d of ['czj', 'zjj', 'lsz']) assert.ok(depts.has(d), `department ${d}`);
  assert.ok(rows.some((r) => r.disclosure_id !== null), 'entries linked to their sanction records');
  const persons = rows.filter((r) => r.subject_kind === 'person');
  assert.ok(persons.length >= 2, "persons.length >= 2");
  const c = new Client(app);
  const all = await c.get('/api/v1/blacklist?status=all&limit=100');
  const page = await c.get('/blacklist');
  for (const p of persons) {
    assert.ok(!all.body.includes(p.id_number!), 'API masks the ID number');
    assert.ok(!page.body.includes(p.id_number!), 'page masks the ID number');
  }
  const history = await c.get('/blacklist?view=history');
  assert.match(history.body, /已信用修复/);
  assert.match(history.body, /已撤销/);
  assert.match(history.body, /已到期/);
});

test('a submitted award names a listed company and the review gate blocks it', async () => {
  const d = await ctx.database.db.selectFrom('disclosures').selectAll().where('title', '=', BLACKLIST_DEMO_AWARD_TITLE).executeTakeFirstOrThrow();
  assert.equal(d.state, 'submitted');
  const w = await ctx.disclosures.approvalWarnings(d);
  assert.equal(w.length, 1);
  assert.equal(w[0]!.code, 'blacklisted_party');
  // …and a published award whose winner was listed on its award date (the red-flag case).
  const awards = await ctx.database.db.selectFrom('disclosures').innerJoin('item_types', 'item_types.id', 'disclosures.item_type_id').select(['disclosures.fields', 'disclosures.project_id']).where('item_types.code', '=', 'construction-award').where('disclosures.state', '=', 'published').execute();
  let flagged = 0;
  for (const a of awards) {
    const f = JSON.parse(a.fields) as Record<string, string>;
    if ((await findActiveMatches(ctx.database.db, partiesOf('construction-award', f), f.awardNoticeDate!)).length) flagged++;
  }
  assert.ok(flagged >= 1, 'a published award names a company listed on its award date');
});

test('the demo entries are in the search index, /feeds/blacklist.atom and the change feed (issue 5)', async () => {
  const db = ctx.database.db;
  const entries = await db.selectFrom('blacklist_entries').select(['id', 'status']).where('status', '!=', 'draft').execute();
  const docs = await db.selectFrom('search_docs').select(['ref_id', 'state']).where('kind', '=', 'blacklist').execute();
  assert.equal(docs.length, entries.length, 'every published entry indexed');
  for (const e of entries) assert.equal(docs.find((d) => d.ref_id === e.id)?.state, e.status === 'active' ? 'published' : 'withdrawn', `entry ${e.id} (${e.status})`);
  const events = await db.selectFrom('events').select(['id', 'entity_id', 'action']).where('entity', '=', 'blacklist').where('action', 'in', ['publish', 'expire', 'repair', 'revoke']).orderBy('id').execute();
  const changes = await db.selectFrom('change_feed').select(['event_id', 'entity_id', 'kind', 'payload']).where('entity', '=', 'blacklist').orderBy('id').execute();
  assert.deepEqual(changes.map((c) => [c.event_id, c.entity_id, c.kind]), events.map((e) => [e.id, e.entity_id, e.action]), 'one change per public event, in order');
  const states = changes.map((c) => [c.kind, (JSON.parse(c.payload!) as { status: string }).status]);
  for (const [kind, status] of states) assert.equal(status, kind === 'publish' ? 'active' : kind === 'expire' ? 'expired' : kind === 'repair' ? 'repaired' : 'revoked', `${kind}: the view as of the change`);
  const feed = await new Client(app).get('/feeds/blacklist.atom');
  assert.equal(feed.statusCode, 200);
  assert.equal((feed.body.match(/<entry>/g) ?? []).length, Math.min(50, entries.length));
});
