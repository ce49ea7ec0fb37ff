// The publication log against the real app and database (SQLite, or PostgreSQL by DATABASE_URL):
// one leaf per publish/correct/withdraw in the publication's transaction, proofs, checkpoints, key
// rotation, witnesses, no personal data in the log, and the verifier – passing on an untouched
// server and failing precisely on each tampering done directly in the database.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { HtmlValidate } from 'html-validate';
import { createTestEnv, testConfig, type TestEnv } from './helpers/context.ts';
import { bumpGeneration } from '../src/modules/events/service.ts';
import { createContext } from '../src/context.ts';
import { dropSchema } from '../src/db/index.ts';
import { generateDemoDistrict } from '../src/seed/demo-data.ts';
import { loadDemo } from '../src/seed/load.ts';
import { buildApp } from '../src/web/app.ts';
import type { Principal } from '../src/modules/accounts/service.ts';
import type { Role } from '../src/db/schema.ts';
import type { DraftInput } from '../src/modules/disclosures/service.ts';
import { decodeLeaf, encodeLeaf, leafTime } from '../src/modules/publication-log/leaf.ts';
import { contentHash } from '../src/modules/publication-log/content.ts';
import { verifyConsistency, verifyInclusion, leafHash } from '../src/modules/publication-log/merkle.ts';
import { addCosignature, generateSignerKey, openCheckpoint, parseNote, verifierKeyFromSigner } from '../src/modules/publication-log/note.ts';
import { PublicationLog, KEY_TRANSITION_DAYS } from '../src/modules/publication-log/service.ts';
import { logNotice } from '../src/modules/publication-log/views.ts';
import { page as layoutPage } from '../src/web/layout.ts';
import { html } from '../src/web/html.ts';
import { runLog } from '../src/cli/log.ts';
import { runVerify, verifyExportFile, verifyServer, type VerifyReport } from '../src/cli/verify.ts';
import { confirmedReview } from '../src/modules/privacy/checklist.ts';

const WITNESS = generateSignerKey('audit.zhenjiang.example/witness');
const WITNESS_VKEY = verifierKeyFromSigner(WITNESS);
const STRANGER = generateSignerKey('someone.example/witness');

const RAW_ID = '11010519491231002X';
const RAW_NAME = '欧阳明远';

let env: TestEnv;
let tmp: string;
before(async () => {
  env = await createTestEnv({ LOG_WITNESS_KEYS: WITNESS_VKEY });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-log-test-'));
});
after(async () => {
  await env?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const principal = (userId: number, ...m: [number, Role][]): Principal => ({
  userId,
  username: `u${userId}`,
  displayName: `u${userId}`,
  memberships: m.map(([departmentId, role]) => ({ departmentId, role, departmentCode: '', departmentName: '' })),
  csrfToken: '',
  sessionId: '',
});

const editor = () => principal(env.ids.editor, [env.ids.czj, 'editor']);
const reviewer = () => principal(env.ids.reviewer, [env.ids.czj, 'reviewer']);
const db = () => env.ctx.database.db;
const log = () => env.ctx.publicationLog;
const isPg = () => env.ctx.database.dialect === 'postgres';

function policyInput(title: string): DraftInput {
  return {
    itemTypeId: env.ctx.itemTypes.byCodeOrUndefined('housing-policy')!.id,
    departmentId: env.ids.czj,
    projectId: null,
    title,
    body: `${title}：根据省、市有关文件，现将本年度农村危房改造政策公开如下。`,
    formedDate: '2025-03-01',
    fields: {
      documentTitle: '浈江区农村危房改造实施方案',
      issuer: '浈江区住房和城乡建设局',
      issueDate: '2025-03-01',
      targetGroups: '农村低收入群体等重点对象',
      subsidyStandards: '按危房等级分档补助',
      summary: '明确补助对象、标准和程序。',
    },
  };
}

async function approvedDraft(input: DraftInput): Promise<number> {
  const svc = env.ctx.disclosures;
  const id = await svc.createDraft(editor(), input);
  await svc.submit(editor(), id);
  await svc.approve(reviewer(), id, null, confirmedReview());
  return id;
}

async function publishNew(title: string): Promise<number> {
  const id = await approvedDraft(policyInput(title));
  await env.ctx.disclosures.publish(reviewer(), id);
  return id;
}

async function correct(id: number, title: string): Promise<void> {
  const svc = env.ctx.disclosures;
  await svc.startCorrection(editor(), id, '文号录入错误');
  const input = policyInput(title);
  await svc.updateDraft(editor(), id, { projectId: null, title: input.title, body: input.body, formedDate: input.formedDate, fields: input.fields });
  await svc.submit(editor(), id);
  await svc.approve(reviewer(), id, null, confirmedReview());
  await svc.publish(reviewer(), id);
}

async function leaves() {
  const rows = await log().entries(0, await log().size());
  return rows.map((r) => ({ ...r, decoded: decodeLeaf(r.leaf) }));
}

/** Lets a test act as an administrator who bypasses the append-only triggers. */
async function withoutAppendOnly(fn: () => Promise<void>): Promise<void> {
  const tables = ['log_leaves', 'log_nodes', 'log_checkpoints'];
  if (isPg()) {
    for (const t of tables) await sql`ALTER TABLE ${sql.id(t)} DISABLE TRIGGER USER`.execute(db());
    try {
      await fn();
    } finally {
      for (const t of tables) await sql`ALTER TABLE ${sql.id(t)} ENABLE TRIGGER USER`.execute(db());
    }
    return;
  }
  for (const t of tables) {
    await sql`DROP TRIGGER ${sql.id(`${t}_no_update`)}`.execute(db());
    await sql`DROP TRIGGER ${sql.id(`${t}_no_delete`)}`.execute(db());
  }
  try {
    await fn();
  } finally {
    for (const t of tables) {
      await sql`CREATE TRIGGER ${sql.id(`${t}_no_update`)} BEFORE UPDATE ON ${sql.id(t)} BEGIN SELECT RAISE(ABORT, 'the publication log is append-only'); END`.execute(db());
      await sql`CREATE TRIGGER ${sql.id(`${t}_no_delete`)} BEFORE DELETE ON ${sql.id(t)} BEGIN SELECT RAISE(ABORT, 'the publication log is append-only'); END`.execute(db());
    }
  }
}

// Untyped access to the log tables for tampering (they are not in the app's Database type).
const raw = () => db().withTables<{
  log_leaves: { idx: number; disclosure_id: number; leaf_data: string; leaf_hash: Buffer };
  log_nodes: { level: number; idx: number; hash: Buffer };
  log_checkpoints: { id: number; size: number; root_hash: Buffer; note: string; created_at: string };
  log_cosignatures: { id: number; checkpoint_id: number; witness_key: string; signature_line: string; created_at: string };
  log_keys: { id: number; name: string; key_id: string; verifier_key: string; created_at: string; retired_at: string | null };
}>();

describe('publication log', () => {
  test('every publish, correction and withdrawal appends exactly one leaf; other steps none', async () => {
    const svc = env.ctx.disclosures;
    const s0 = await log().size();
    const id = await approvedDraft(policyInput('2025年农村危房改造政策'));
    assert.equal(await log().size(), s0, 'draft, submit and approve are not publications');
    await svc.publish(reviewer(), id);
    assert.equal(await log().size(), s0 + 1);
    await correct(id, '2025年农村危房改造政策（更正）');
    assert.equal(await log().size(), s0 + 2);
    await svc.withdraw(reviewer(), id, '政策已废止');
    assert.equal(await log().size(), s0 + 3);

    const mine = (await leaves()).slice(s0).map((l) => l.decoded);
    assert.deepEqual(mine.map((l) => [l.disclosureId, l.version, l.event, l.department]), [
      [id, 1, 'publish', 'czj'],
      [id, 2, 'correct', 'czj'],
      [id, 2, 'withdraw', 'czj'],
    ]);
    const versions = await db().selectFrom('disclosure_versions').selectAll().where('disclosure_id', '=', id).orderBy('version').execute();
    assert.equal(mine[0]!.time, leafTime(new Date(versions[0]!.published_at)), 'leaf time is the publication time');
    assert.equal(mine[1]!.time, leafTime(new Date(versions[1]!.published_at)));
    // The leaf hashes the public content, which the server still recomputes identically.
    const dl = await log().disclosureLog(id);
    assert.equal(dl.withdrawn, true);
    for (const [i, e] of dl.entries.entries()) assert.equal(e.contentHash, mine[i]!.contentHash);
    assert.equal(dl.entries[0]!.content, null, 'withdrawn content is not shown again');
    assert.equal(dl.entries[2]!.content?.kind, 'withdrawal');

    assert.deepEqual((await log().logEntriesFor(id)).map((e) => [e.index, e.event]), [[s0, 'publish'], [s0 + 1, 'correct'], [s0 + 2, 'withdraw']]);
  });

  test('a failing hook rolls back the publication together with its leaf', async () => {
    const svc = env.ctx.disclosures;
    const id = await approvedDraft(policyInput('回滚测试'));
    const s0 = await log().size();
    const failing = async () => {
      throw new Error('search index unavailable');
    };
    svc.hooks.push(failing); // runs after the log's hook, in the same transaction
    try {
      await assert.rejects(svc.publish(reviewer(), id), /search index unavailable/);
    } finally {
      svc.hooks.splice(svc.hooks.indexOf(failing), 1);
    }
    assert.equal(await log().size(), s0, 'the leaf was rolled back');
    const d = await db().selectFrom('disclosures').select(['state', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(d, { state: 'approved', version: 0 });
    assert.equal((await db().selectFrom('disclosure_versions').select('id').where('disclosure_id', '=', id).execute()).length, 0);
    // And publishing then works, with the next index.
    await svc.publish(reviewer(), id);
    assert.equal(await log().size(), s0 + 1);
  });

  test('concurrent publications get consecutive indexes and one consistent tree', async () => {
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await approvedDraft(policyInput(`并发发布 ${i}`)));
    const s0 = await log().size();
    await Promise.all(ids.map((id) => env.ctx.disclosures.publish(reviewer(), id)));
    const all = await leaves();
    assert.equal(all.length, s0 + ids.length);
    assert.deepEqual(all.map((l) => l.index), all.map((_, i) => i));
    assert.deepEqual(new Set(all.slice(s0).map((l) => l.decoded.disclosureId)), new Set(ids));
    const cp = await log().checkpoint();
    const p = await log().inclusionProof(s0 + 3, cp.size);
    assert.ok(verifyInclusion(s0 + 3, cp.size, leafHash(Buffer.from(all[s0 + 3]!.leaf)), p.proof, cp.root_hash), "verifyInclusion(s0 + 3, cp.size, leafHash(Buffer.from(all[s0 + 3]!.leaf)), p.proof, cp.root_hash)");
  });

  test('no personal data in any log table: only the masked public version is hashed', async () => {
    const t = env.ctx.itemTypes.byCodeOrUndefined('housing-beneficiaries')!;
    const id = await approvedDraft({
      itemTypeId: t.id,
      departmentId: env.ids.czj,
      projectId: null,
      title: '2025年农村危房改造补助对象名单',
      body: '现将补助对象名单公示如下。',
      formedDate: '2025-03-01',
      fields: {
        year: 2025,
        allocationDate: '2025-03-01',
        taskHouseholds: 1,
        totalFunds: '30000',
        households: [{ name: RAW_NAME, idNumber: RAW_ID, town: '东河街道', village: '东河社区', dwellingGrade: 'C级', renovationMode: '修缮加固', householdCategory: '低保户', subsidyAmount: '30000' }],
      },
    });
    await env.ctx.disclosures.publish(reviewer(), id);
    await log().checkpoint();
    // The raw values are in the published version row (staff data), and nowhere in the log.
    const version = await db().selectFrom('disclosure_versions').select('fields').where('disclosure_id', '=', id).executeTakeFirstOrThrow();
    assert.match(version.fields, new RegExp(RAW_ID));
    for (const table of ['log_leaves', 'log_nodes', 'log_checkpoints', 'log_keys', 'log_cosignatures'] as const) {
      const rows = await raw().selectFrom(table).selectAll().execute();
      const dump = JSON.stringify(rows, (_k, v: unknown) => (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('latin1') : v));
      for (const secret of [RAW_ID, RAW_NAME, '低保户']) assert.ok(!dump.includes(secret), `${secret} found in ${table}`);
    }
    // What was hashed is the masked content the API serves.
    const res = await env.app.inject({ method: 'GET', url: `/api/v1/log/disclosures/${id}` });
    assert.equal(res.statusCode, 200);
    assert.ok(!res.body.includes(RAW_ID) && !res.body.includes(RAW_NAME) && !res.body.includes('低保户'), "!res.body.includes(RAW_ID) && !res.body.includes(RAW_NAME) && !res.body.includes('低保户')");
    const entry = res.json().entries[0];
    const household = entry.content.fields.households[0];
    assert.equal(household.idNumber, '11*************02X');
    assert.notEqual(household.name, RAW_NAME);
    assert.ok(entry.content.withheld.some((w: { field: string }) => w.field === 'households.0.householdCategory'), "entry.content.withheld.some((w: { field: string }) => w.field === 'households.0.householdCategory')");
    const [leaf] = (await leaves()).filter((l) => l.decoded.disclosureId === id);
    assert.equal(contentHash(entry.content), leaf!.decoded.contentHash);
  });

  test('proofs API: entries, inclusion (by index and by hash) and consistency all verify', async () => {
    for (let i = 0; i < 5; i++) await publishNew(`证明测试 ${i}`);
    const cp1 = await log().checkpoint();
    await publishNew('证明测试 追加');
    await log().maybeCheckpoint();
    const noteRes = await env.app.inject({ method: 'GET', url: '/api/v1/log/checkpoint' });
    assert.equal(noteRes.statusCode, 200);
    assert.match(String(noteRes.headers['content-type']), /^text\/plain/);
    const keys = (await env.app.inject({ method: 'GET', url: '/api/v1/log/keys' })).json();
    const cp = openCheckpoint(noteRes.body, keys.keys.map((k: { verifierKey: string }) => k.verifierKey), keys.origin);
    assert.equal(cp.size, await log().size());
    assert.ok(cp.extensions.some((e) => /^time \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(e)), "cp.extensions.some((e) => /^time \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$/.test(e))");

    const entries = (await env.app.inject({ method: 'GET', url: `/api/v1/log/entries?start=0&end=${cp.size + 50}` })).json();
    assert.equal(entries.end, cp.size, 'a range past the end is cut to the log');
    for (const e of entries.entries) {
      const lh = leafHash(Buffer.from(e.leaf, 'utf8'));
      assert.equal(e.leafHash, lh.toString('base64'));
      const p = (await env.app.inject({ method: 'GET', url: `/api/v1/log/proof/inclusion?leaf=${e.index}&size=${cp.size}` })).json();
      assert.ok(verifyInclusion(e.index, cp.size, lh, p.proof.map((h: string) => Buffer.from(h, 'base64')), cp.rootHash), `leaf ${e.index}`);
    }
    const last = entries.entries[entries.entries.length - 1];
    const lastLeaf = decodeLeaf(last.leaf);
    const byHash = (await env.app.inject({ method: 'GET', url: `/api/v1/log/proof/inclusion?hash=${encodeURIComponent(last.leafHash)}&disclosure=${lastLeaf.disclosureId}` })).json();
    assert.equal(byHash.leafIndex, last.index);
    assert.equal(byHash.rootHash, cp.rootHash.toString('base64'));

    const c = (await env.app.inject({ method: 'GET', url: `/api/v1/log/proof/consistency?from=${cp1.size}&to=${cp.size}` })).json();
    assert.equal(c.fromRootHash, cp1.root_hash.toString('base64'));
    assert.ok(verifyConsistency(cp1.size, cp.size, c.proof.map((h: string) => Buffer.from(h, 'base64')), cp1.root_hash, cp.rootHash), "verifyConsistency(cp1.size, cp.size, c.proof.map((h: string) => Buffer.from(h, 'base64')), cp1.root_hash, cp.rootHash)");
    for (let m = 1; m < cp.size; m++) {
      const p = await log().consistencyProof(m, cp.size);
      assert.ok(verifyConsistency(m, cp.size, p.proof, p.oldRoot, cp.rootHash), `consistency ${m} → ${cp.size}`);
    }

    // Errors: the API's JSON shape, Chinese messages.
    const tooMany = await env.app.inject({ method: 'GET', url: '/api/v1/log/entries?start=0&end=1001' });
    assert.equal(tooMany.statusCode, 400);
    assert.equal(tooMany.json().error.code, 'range_too_large');
    assert.match(tooMany.json().error.message, /每次最多返回 1000 条/);
    const beyond = await env.app.inject({ method: 'GET', url: `/api/v1/log/proof/inclusion?leaf=${cp.size}&size=${cp.size}` });
    assert.equal(beyond.json().error.code, 'leaf_not_in_tree');
    const bad = await env.app.inject({ method: 'GET', url: '/api/v1/log/proof/consistency?from=abc' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().error.details.map((d: { field: string }) => d.field), ['from']);
    const unknown = await env.app.inject({ method: 'GET', url: `/api/v1/log/proof/inclusion?hash=${encodeURIComponent(Buffer.alloc(32).toString('base64'))}&disclosure=${lastLeaf.disclosureId}` });
    assert.equal(unknown.statusCode, 404);
    const noId = await env.app.inject({ method: 'GET', url: `/api/v1/log/proof/inclusion?hash=${encodeURIComponent(last.leafHash)}` });
    assert.equal(noId.json().error.details[0].field, 'disclosure');
  });

  test('checkpoints only when the log grew; the signer refuses a log that no longer extends its last checkpoint', async () => {
    await log().maybeCheckpoint();
    assert.equal(await log().maybeCheckpoint(), null, 'nothing new, no new checkpoint');
    await publishNew('检查点测试');
    const c = await log().maybeCheckpoint();
    assert.equal(c?.size, await log().size());
  });

  test('open-data page shows the key and checkpoint; each leaf has a proof page; all valid HTML', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'long-title': 'off', 'doctype-style': 'off', 'attribute-boolean-style': 'off', 'no-trailing-whitespace': 'off', 'prefer-native-element': 'off' } });
    const valid = async (body: string, name: string) => {
      const report = await validator.validateString(body, name);
      const messages = report.results.flatMap((r) => r.messages.map((m) => `${name} ${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
      assert.deepEqual(messages, [], messages.join('\n'));
      assert.equal((body.match(/<h1[\s>]/g) ?? []).length, 1, `${name}: one h1`);
    };
    const id = await publishNew('公开记录提示测试');
    await correct(id, '公开记录提示测试（更正）');
    await log().maybeCheckpoint();
    const page = await env.app.inject({ method: 'GET', url: '/open-data' });
    assert.equal(page.statusCode, 200);
    const [k] = await log().keys();
    assert.ok(page.body.includes(k!.verifierKey), "page.body.includes(k!.verifierKey)");
    assert.match(page.body, /如何核验/);
    assert.ok(page.body.includes(parseNote((await log().latestCheckpoint())!.note).text.split('\n')[0]!), "page.body.includes(parseNote((await log().latestCheckpoint())!.note).text.split('\\n')[0]!)");
    const proof = await env.app.inject({ method: 'GET', url: '/open-data/log/0' });
    assert.equal(proof.statusCode, 200);
    assert.match(proof.body, /公开记录第 1 条/);
    assert.match(proof.body, /核验通过/);
    await valid(page.body, '/open-data');
    await valid(proof.body, '/open-data/log/0');
    // The fragment the disclosure page embeds (routes-portal.ts): one line per logged event, with proof links.
    const entries = await log().logEntriesFor(id);
    const notice = logNotice(entries, 2).toString();
    assert.match(notice, new RegExp(`更正已登记于公开记录第 ${entries[1]!.index + 1} 条`));
    assert.ok(notice.includes(`href="/open-data/log/${entries[1]!.index}"`), "notice.includes(`href=\"/open-data/log/${entries[1]!.index}\"`)");
    assert.match(logNotice(entries, 1).toString(), new RegExp(`首次发布已登记于公开记录第 ${entries[0]!.index + 1} 条`));
    assert.match(logNotice([], 1).toString(), /公开记录启用之前/);
    await valid(layoutPage({ title: 't', content: html`<h1>t</h1>${logNotice(entries, 2)}` }).toString(), 'logNotice');
    assert.equal((await env.app.inject({ method: 'GET', url: '/open-data/log/999999' })).statusCode, 404);
  });

  test('the verifier passes on an untouched server and fails precisely on each tampering', async () => {
    // A disclosure with two versions, another plain one.
    const twoVersions = await publishNew('篡改测试（两个版本）');
    await correct(twoVersions, '篡改测试（两个版本，已更正）');
    const plain = await publishNew('篡改测试（正文）');
    await log().maybeCheckpoint();
    const address = await env.app.listen({ port: 0, host: '127.0.0.1' });
    const state = path.join(tmp, 'state.json');
    const [logKey] = await log().keys();
    const verify = () => verifyServer({ server: address, stateFile: state, keys: [logKey!.verifierKey], spot: 4 });
    const codes = (r: VerifyReport) => [...new Set(r.problems.map((p) => p.code))].sort();

    const clean = await verify();
    assert.deepEqual(clean.problems, []);
    assert.ok(clean.ok, "clean.ok");
    assert.ok(clean.disclosures >= 2, "clean.disclosures >= 2");
    const out: string[] = [];
    const err: string[] = [];
    assert.equal(await runVerify(['--server', address, '--state', state, '--key', logKey!.verifierKey], { out: (l) => out.push(l), err: (l) => err.push(l) }), 0, err.join('\n'));
    assert.match(out.join('\n'), /核验通过.*verified/);

    const v = (id: number, version: number) => db().selectFrom('disclosure_versions').selectAll().where('disclosure_id', '=', id).where('version', '=', version).executeTakeFirstOrThrow();

    // (a) A published body edited in place.
    const before = await v(plain, 1);
    await db().updateTable('disclosure_versions').set({ body_html: '<p>悄悄改过的正文</p>', body: '悄悄改过的正文' }).where('id', '=', before.id).execute();
    await bumpGeneration(db()); // raw SQL behind the services' back: tell the public page cache (ADR 0008)
    let r = await verify();
    assert.deepEqual(codes(r), ['content_changed']);
    assert.match(r.problems[0]!.zh, new RegExp(`第 ${plain} 号信息第 1 版的公开内容与登记时不一致`));
    assert.match(r.problems[0]!.en, new RegExp(`disclosure ${plain} version 1: public content differs`));
    err.length = 0;
    assert.equal(await runVerify(['--server', address, '--state', state, '--key', logKey!.verifierKey], { out: () => {}, err: (l) => err.push(l) }), 1);
    assert.match(err.join('\n'), /✗ \[content_changed\] 第 \d+ 号信息第 1 版的公开内容与登记时不一致.* \/ disclosure \d+ version 1: public content differs/);
    await db().updateTable('disclosure_versions').set({ body_html: before.body_html, body: before.body }).where('id', '=', before.id).execute();
    await bumpGeneration(db()); // raw SQL behind the services' back: tell the public page cache (ADR 0008)
    assert.ok((await verify()).ok, 'restored');

    // (b) A version deleted.
    const v1 = await v(twoVersions, 1);
    await db().deleteFrom('disclosure_versions').where('id', '=', v1.id).execute();
    await bumpGeneration(db()); // raw SQL behind the services' back: tell the public page cache (ADR 0008)
    r = await verify();
    assert.deepEqual(codes(r), ['version_deleted']);
    assert.ok(r.problems.every((p) => p.zh.includes(`第 ${twoVersions} 号信息第 1 版`)), "r.problems.every((p) => p.zh.includes(`第 ${twoVersions} 号信息第 1 版`))");
    await db().insertInto('disclosure_versions').values(v1).execute();
    await bumpGeneration(db()); // raw SQL behind the services' back: tell the public page cache (ADR 0008)
    assert.ok((await verify()).ok, 'restored');

    // (c) Back-dating: a version's published_at, then the disclosure's first_published_at.
    const v2 = await v(twoVersions, 2);
    const earlier = new Date(Date.parse(v2.published_at) - 3 * 86_400_000).toISOString();
    await db().updateTable('disclosure_versions').set({ published_at: earlier }).where('id', '=', v2.id).execute();
    await bumpGeneration(db()); // raw SQL behind the services' back: tell the public page cache (ADR 0008)
    r = await verify();
    assert.deepEqual(codes(r), ['content_changed', 'date_mismatch']);
    assert.ok(r.problems.some((p) => p.code === 'date_mismatch' && p.zh.includes(earlier) && p.en.includes('back-dated')), "r.problems.some((p) => p.code === 'date_mismatch' && p.zh.includes(earlier) && p.en.includes('back-dated'))");
    await db().updateTable('disclosure_versions').set({ published_at: v2.published_at }).where('id', '=', v2.id).execute();
    await bumpGeneration(db()); // raw SQL behind the services' back: tell the public page cache (ADR 0008)
    const d = await db().selectFrom('disclosures').select('first_published_at').where('id', '=', plain).executeTakeFirstOrThrow();
    await db().updateTable('disclosures').set({ first_published_at: '2024-01-02T01:00:00.000Z' }).where('id', '=', plain).execute();
    await bumpGeneration(db()); // raw SQL behind the services' back: tell the public page cache (ADR 0008)
    r = await verify();
    assert.deepEqual(codes(r), ['first_published_changed']);
    assert.match(r.problems[0]!.zh, /首次发布时间 2024-01-02T01:00:00.000Z 与登记的/);
    await db().updateTable('disclosures').set({ first_published_at: d.first_published_at }).where('id', '=', plain).execute();
    await bumpGeneration(db()); // raw SQL behind the services' back: tell the public page cache (ADR 0008)
    assert.ok((await verify()).ok, 'restored');

    // (d) The log itself: a leaf altered, then the log truncated (by someone who disables the triggers).
    await assert.rejects(raw().updateTable('log_leaves').set({ leaf_data: '{}' }).where('idx', '=', 0).execute(), /append-only/);
    await assert.rejects(raw().deleteFrom('log_nodes').where('level', '=', 1).execute(), /append-only/);
    const [target] = (await leaves()).filter((l) => l.decoded.disclosureId === plain);
    const forged = encodeLeaf({ ...target!.decoded, time: '2020-01-01T00:00:00Z' }).toString('utf8');
    await withoutAppendOnly(() => raw().updateTable('log_leaves').set({ leaf_data: forged }).where('idx', '=', target!.index).execute().then(() => undefined));
    r = await verify();
    assert.ok(codes(r).includes('leaf_hash_mismatch') && codes(r).includes('root_mismatch'), JSON.stringify(codes(r)));
    assert.ok(r.problems.some((p) => p.code === 'leaf_hash_mismatch' && p.zh.includes(`第 ${target!.index} 号叶子`)), "r.problems.some((p) => p.code === 'leaf_hash_mismatch' && p.zh.includes(`第 ${target!.index} 号叶子`))");
    await withoutAppendOnly(() => raw().updateTable('log_leaves').set({ leaf_data: target!.leaf }).where('idx', '=', target!.index).execute().then(() => undefined));
    assert.ok((await verify()).ok, 'restored');

    const size = await log().size();
    const lastLeaf = await raw().selectFrom('log_leaves').selectAll().where('idx', '=', size - 1).executeTakeFirstOrThrow();
    const lastNodes = await raw().selectFrom('log_nodes').selectAll().where((eb) => eb.or([eb('level', '=', 0).and('idx', '=', size - 1), eb('level', '>', 0)])).execute();
    const dropped = lastNodes.filter((n) => (Number(n.idx) + 1) * 2 ** Number(n.level) === size);
    await withoutAppendOnly(async () => {
      await raw().deleteFrom('log_leaves').where('idx', '=', size - 1).execute();
      for (const n of dropped) await raw().deleteFrom('log_nodes').where('level', '=', n.level).where('idx', '=', n.idx).execute();
    });
    r = await verify();
    assert.ok(codes(r).includes('entries_missing'), JSON.stringify(codes(r)));
    assert.ok(r.problems.some((p) => p.code === 'entries_missing' && p.zh.includes(`检查点有 ${size} 条记录`)), "r.problems.some((p) => p.code === 'entries_missing' && p.zh.includes(`检查点有 ${size} 条记录`))");
    // The signer refuses to sign the shorter log.
    await assert.rejects(log().checkpoint(), /拒绝签署/);
    // Hiding it by also removing the checkpoints does not help: the state file remembers.
    const cps = await raw().selectFrom('log_checkpoints').selectAll().where('size', '>=', size).execute();
    const cosigs = await raw().selectFrom('log_cosignatures').selectAll().where('checkpoint_id', 'in', cps.length ? cps.map((c) => c.id) : [-1]).execute();
    await withoutAppendOnly(async () => {
      await raw().deleteFrom('log_cosignatures').where('checkpoint_id', 'in', cps.length ? cps.map((c) => c.id) : [-1]).execute();
      await raw().deleteFrom('log_checkpoints').where('size', '>=', size).execute();
    });
    r = await verify();
    assert.ok(codes(r).includes('log_shrank'), JSON.stringify(codes(r)));
    await withoutAppendOnly(async () => {
      await raw().insertInto('log_leaves').values(lastLeaf).execute();
      for (const n of dropped) await raw().insertInto('log_nodes').values(n).execute();
      for (const c of cps) await raw().insertInto('log_checkpoints').values(c).execute();
      for (const c of cosigs) await raw().insertInto('log_cosignatures').values(c).execute();
    });
    assert.deepEqual((await verify()).problems, [], 'restored');

    // The log grows: consistency with the remembered checkpoint is proved.
    await publishNew('篡改测试之后');
    await log().maybeCheckpoint();
    const later = await verify();
    assert.ok(later.ok, JSON.stringify(later.problems));
    const saved = JSON.parse(fs.readFileSync(state, 'utf8'));
    assert.equal(saved.checkpoint.size, await log().size());
  });

  test('export and verify --file; a tampered export is caught', async () => {
    await publishNew('导出测试');
    const file = path.join(tmp, 'export.json');
    const io = { out: () => {}, err: () => {} };
    assert.equal(await runLog(['export', '--out', file], env.ctx, io), 0);
    const [logKey] = await log().keys();
    const ok = await verifyExportFile({ file, keys: [logKey!.verifierKey] });
    assert.deepEqual(ok.problems, []);
    assert.equal(ok.leaves, await log().size());
    const ex = JSON.parse(fs.readFileSync(file, 'utf8'));
    const d = ex.disclosures.find((x: { entries: { content: unknown }[] }) => x.entries.some((e) => e.content));
    const e = d.entries.find((x: { content: unknown }) => x.content);
    e.content.title = '改过的标题';
    fs.writeFileSync(file, JSON.stringify(ex));
    const bad = await verifyExportFile({ file, keys: [logKey!.verifierKey] });
    assert.deepEqual([...new Set(bad.problems.map((p) => p.code))], ['content_changed']);
    // The command line: 1 on a mismatch, 2 when it cannot verify at all.
    const lines: string[] = [];
    const cli = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    assert.equal(await runVerify(['--file', file, '--key', logKey!.verifierKey, '--state', path.join(tmp, 'file-state.json')], cli), 1);
    assert.ok(!fs.existsSync(path.join(tmp, 'file-state.json')), 'no state saved after a failure');
    assert.equal(await runVerify(['--file', path.join(tmp, 'missing.json')], cli), 2);
    assert.equal(await runVerify(['--server', 'http://127.0.0.1:1', '--file', file], cli), 2);
    assert.equal(await runVerify(['--key', 'not-a-key', '--server', 'http://127.0.0.1:1'], cli), 2);
    assert.equal(await runVerify(['--server', 'http://127.0.0.1:1', '--state', path.join(tmp, 's.json')], cli), 2, 'unreachable server: could not verify');
    assert.equal(await runLog(['frobnicate'], env.ctx, { out: () => {}, err: () => {} }), 2);
  });

  test('cosignature: accepted from a configured witness key, refused otherwise', async () => {
    await publishNew('见证测试');
    await log().maybeCheckpoint();
    const note = (await env.app.inject({ method: 'GET', url: '/api/v1/log/checkpoint' })).body;
    const post = (payload: string) => env.app.inject({ method: 'POST', url: '/api/v1/log/cosign', payload, headers: { 'content-type': 'text/plain; charset=utf-8' } });

    const ok = await post(addCosignature(note, WITNESS));
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().accepted.map((a: { name: string }) => a.name), ['audit.zhenjiang.example/witness']);
    const cosigned = (await env.app.inject({ method: 'GET', url: '/api/v1/log/checkpoint?cosigned=1' })).body;
    const keys = (await log().keys()).map((k) => k.verifierKey);
    assert.deepEqual(openCheckpoint(cosigned, [...keys, WITNESS_VKEY]).verifiedBy.sort(), [keys.length ? parseNote(note).signatures[0]!.name : '', 'audit.zhenjiang.example/witness'].sort());

    const stranger = await post(addCosignature(note, STRANGER));
    assert.equal(stranger.statusCode, 403);
    assert.equal(stranger.json().error.code, 'unknown_witness');
    assert.match(stranger.json().error.message, /不是由已配置的见证方密钥签署/);
    // A witness signature over different text (here: another size) matches no checkpoint of ours.
    const p = parseNote(note);
    const lines = p.text.split('\n');
    lines[1] = String(Number(lines[1]) + 1000);
    const forgedText = lines.join('\n');
    const forged = addCosignature(`${forgedText}\n${p.signatures.map((s) => `${s.line}\n`).join('')}`, WITNESS);
    const unknown = await post(forged);
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'unknown_checkpoint');
    // A corrupted witness signature.
    const good = addCosignature(note, WITNESS);
    // Flip a character past the 4-byte key ID (the first 6 base64 characters), inside the signature.
    const corrupt = good.replace(/(— audit\.zhenjiang\.example\/witness \S{20})(\S)/, (_m, a: string, c: string) => a + (c === 'A' ? 'B' : 'A'));
    assert.notEqual(corrupt, good);
    const badSig = await post(corrupt);
    assert.equal(badSig.statusCode, 400);
    assert.equal(badSig.json().error.code, 'bad_signature');
    assert.equal((await post('not a note')).json().error.code, 'malformed_note');
  });

  test('key rotation: old checkpoints stay verifiable, the verifier follows the rotation via the co-signature', async () => {
    const state = path.join(tmp, 'rotation-state.json');
    const address = env.app.server.listening ? `http://127.0.0.1:${(env.app.server.address() as { port: number }).port}` : await env.app.listen({ port: 0, host: '127.0.0.1' });
    const [oldKey] = await log().keys();
    await log().maybeCheckpoint();
    assert.ok((await verifyServer({ server: address, stateFile: state, keys: [oldKey!.verifierKey], spot: 2 })).ok, "(await verifyServer({ server: address, stateFile: state, keys: [oldKey!.verifierKey], spot: 2 })).ok");
    const oldNote = (await log().latestCheckpoint())!.note;

    const io: string[] = [];
    assert.equal(await runLog(['rotate-key'], env.ctx, { out: (s) => io.push(s), err: (s) => io.push(s) }), 0);
    const keys = await log().keys();
    assert.equal(keys.length, 2);
    const newKey = keys.find((k) => k.retiredAt === null)!;
    assert.ok(io.join('').includes(newKey.verifierKey), "io.join('').includes(newKey.verifierKey)");
    assert.equal(keys.find((k) => k.verifierKey === oldKey!.verifierKey)!.retiredAt !== null, true, 'old key retired, still published');
    const published = (await env.app.inject({ method: 'GET', url: '/api/v1/log/keys' })).json();
    assert.equal(published.keys.length, 2);
    assert.ok(fs.statSync(path.join(env.ctx.config.dataDir, 'keys', `publication-log-${newKey.keyId}.key`)).mode % 0o1000 === 0o600, "fs.statSync(path.join(env.ctx.config.dataDir, 'keys', `publication-log-${newKey.keyId}.key`)).mode % 0o1000 === 0o600");

    await publishNew('轮换之后');
    await log().maybeCheckpoint();
    const newNote = (await log().latestCheckpoint())!.note;
    assert.equal(openCheckpoint(oldNote, [oldKey!.verifierKey]).size > 0, true, 'old checkpoint verifies with the old key');
    assert.deepEqual(openCheckpoint(newNote, [newKey.verifierKey, oldKey!.verifierKey]).verifiedKeys.map((k) => k.keyId).sort(), [newKey.keyId, oldKey!.keyId].sort(), 'transition: both sign');

    // A verifier that only knew the old key passes and learns the new one.
    const r = await verifyServer({ server: address, stateFile: state, spot: 2 });
    assert.ok(r.ok, JSON.stringify(r.problems));
    assert.ok(r.info.some((l) => l.includes('key rotation')), "r.info.some((l) => l.includes('key rotation'))");
    assert.ok(JSON.parse(fs.readFileSync(state, 'utf8')).keys.includes(newKey.verifierKey), "JSON.parse(fs.readFileSync(state, 'utf8')).keys.includes(newKey.verifierKey)");

    // After the transition period only the new key signs; old-key-only verifiers are told so.
    const future = new PublicationLog({
      db: db(),
      dialect: env.ctx.database.dialect,
      itemTypes: env.ctx.itemTypes,
      keysDir: path.join(env.ctx.config.dataDir, 'keys'),
      baseUrl: env.ctx.config.baseUrl,
      witnessKeys: [],
      now: () => new Date(Date.now() + (KEY_TRANSITION_DAYS + 1) * 86_400_000),
    });
    const c = await future.maybeCheckpoint();
    assert.ok(c, 'signer set changed: new checkpoint');
    assert.deepEqual(parseNote(c.note).signatures.map((s) => s.keyId), [newKey.keyId]);
    assert.ok((await verifyServer({ server: address, stateFile: state, spot: 2 })).ok, 'learned key suffices');
    const onlyOld = await verifyServer({ server: address, keys: [oldKey!.verifierKey], spot: 0 });
    assert.deepEqual(onlyOld.problems.map((p) => p.code), ['checkpoint_unknown_key']);
  });
});

describe('publication log on the demo district', () => {
  let ctx: Awaited<ReturnType<typeof createContext>> | undefined;
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let config: ReturnType<typeof testConfig> | undefined;
  after(async () => {
    await app?.close();
    if (ctx && config?.dialect === 'postgres' && config.databaseSchema) await dropSchema(ctx.database.db, config.databaseSchema);
    await ctx?.close();
    if (config) fs.rmSync(config.dataDir, { recursive: true, force: true });
  });

  test('every publication, correction and withdrawal of the demo is in the log, and the verifier passes', async () => {
    config = testConfig();
    ctx = await createContext(config);
    const demo = generateDemoDistrict();
    await loadDemo(ctx.database.db, demo, { itemTypes: ctx.itemTypes, due: ctx.due, ocidPrefix: config.ocidPrefix, hooks: ctx.disclosures.hooks });
    const expected = demo.disclosures.reduce((n, d) => n + (d.state === 'published' || d.state === 'withdrawn' ? 1 + (d.corrections?.length ?? 0) + (d.withdrawal ? 1 : 0) : 0), 0);
    assert.ok(expected > 100, `demo has ${expected} publication events`);
    assert.equal(await ctx.publicationLog.size(), expected);
    const versions = await ctx.database.db.selectFrom('disclosure_versions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const withdrawals = demo.disclosures.filter((d) => d.withdrawal && (d.state === 'published' || d.state === 'withdrawn')).length;
    assert.equal(Number(versions.n) + withdrawals, expected, 'one leaf per published version plus one per withdrawal');
    assert.ok(await ctx.publicationLog.maybeCheckpoint(), "await ctx.publicationLog.maybeCheckpoint()");
    app = await buildApp(ctx, { logger: false });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const r = await verifyServer({ server: address, keys: (await ctx.publicationLog.keys()).map((k) => k.verifierKey), spot: 8 });
    assert.deepEqual(r.problems, []);
    assert.equal(r.leaves, expected);
  });
});
