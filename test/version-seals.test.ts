// Sealing (屏蔽) an earlier version that leaked something (issue 6): after a correction fixed the
// current text, the old version is still public at ?version=N, in the API and in the publication
// log's content view – until a reviewer seals it. Then the public keeps the entry, never the content.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestEnv, principalOf, publishIntention, type TestEnv } from './helpers/context.ts';
import { confirmedReview } from '../src/modules/privacy/checklist.ts';
import { historyOf } from '../src/modules/events/service.ts';
import { runSweep } from '../src/modules/privacy/sweep.ts';

// RULES.md §11 test vector: a valid 居民身份证号码 (checksum X).
const ID = '11010519491231002X';
const sweepHitsFor = async (disclosureId: number) => {
  const r = await runSweep(env.ctx.database.db, { privacy: env.ctx.privacy, itemTypes: env.ctx.itemTypes }, { by: null, via: 'cli' });
  const rows = await env.ctx.database.db.selectFrom('privacy_sweep_hits').select(['version', 'kind']).where('sweep_id', '=', r.id).where('disclosure_id', '=', disclosureId).execute();
  return rows.map((x) => `${x.version}:${x.kind}`);
};

let env: TestEnv;
let id: number;
// Something the detector cannot know is secret: a supplier's internal cost estimate (商业秘密).
const LEAK = '（误登：供应商内部成本测算表）';

before(async () => {
  env = await createTestEnv();
  id = await publishIntention(env, `2027年度物业服务采购意向${LEAK}`);
  const editor = await principalOf(env, 'editor');
  const reviewer = await principalOf(env, 'reviewer');
  const svc = env.ctx.disclosures;
  await svc.startCorrection(editor, id, '删除误登的商业秘密');
  const { disclosure: d } = await svc.getForStaff(editor, id);
  await svc.updateDraft(editor, id, { projectId: null, title: '2027年度物业服务采购意向', body: d.body, formedDate: d.formed_date, fields: JSON.parse(d.fields) as Record<string, unknown> });
  await svc.submit(editor, id);
  await svc.approve(reviewer, id, null, confirmedReview());
  await svc.publish(reviewer, id);
});
after(async () => env?.close());

describe('sealing an earlier version', () => {
  test('before sealing, version 1 with the leak is public in the portal, the API and the log', async () => {
    const c = new Client(env.app);
    assert.match((await c.get(`/disclosures/${id}?version=1`)).body, /成本测算表/);
    assert.match((await c.get(`/api/v1/log/disclosures/${id}`)).body, /成本测算表/);
  });

  test('the privacy sweep also scans earlier versions the public can still open', async () => {
    // A leak published before the guard existed (written straight into the stored version 1).
    await env.ctx.database.db.updateTable('disclosure_versions').set({ body: `经办人身份证号码${ID}` }).where('disclosure_id', '=', id).where('version', '=', 1).execute();
    assert.deepEqual(await sweepHitsFor(id), ['1:idNumber']);
  });

  test('rules: only a reviewer of the department, never the current version, a reason, only once', async () => {
    const svc = env.ctx.disclosures;
    const editor = await principalOf(env, 'editor');
    const reviewer = await principalOf(env, 'reviewer');
    const cases: [string, () => Promise<unknown>, number, string][] = [
      ['editor', () => svc.sealVersion(editor, id, 1, '含商业秘密'), 403, 'forbidden'],
      ['current version', () => svc.sealVersion(reviewer, id, 2, '含商业秘密'), 409, 'current_version'],
      ['no reason', () => svc.sealVersion(reviewer, id, 1, '   '), 400, 'validation_failed'],
      ['no such version', () => svc.sealVersion(reviewer, id, 7, '含商业秘密'), 404, 'not_found'],
      ['no version chosen (a form without one parses to NaN)', () => svc.sealVersion(reviewer, id, Number.NaN, '含商业秘密'), 400, 'validation_failed'],
    ];
    for (const [label, run, status, code] of cases) {
      await assert.rejects(run(), (e: { status: number; code: string }) => e.status === status && e.code === code, label);
    }
  });

  test('the console form seals version 1; a second attempt is refused with the form re-rendered', async () => {
    const staff = await new Client(env.app).login('reviewer');
    const page = await staff.get(`/admin/disclosures/${id}`);
    assert.match(page.body, /屏蔽历史版本/);
    assert.match(page.body, /<option value="1">第 1 版<\/option>/);
    assert.doesNotMatch(page.body, /<option value="2">/, 'the current version is not offered');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const empty = await staff.post(`/admin/disclosures/${id}/seal`, { _csrf: csrf, version: '1', sealReason: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /请填写屏蔽原因/);
    const ok = await staff.post(`/admin/disclosures/${id}/seal`, { _csrf: csrf, version: '1', sealReason: '含有供应商的商业秘密，依据政府信息公开条例第十五条不予公开' });
    assert.equal(ok.statusCode, 303);
    const again = await staff.post(`/admin/disclosures/${id}/seal`, { _csrf: csrf, version: '1', sealReason: '重复' });
    assert.equal(again.statusCode, 409);
    const events = await historyOf(env.ctx.database.db, 'disclosure', id);
    const seal = events.filter((e) => e.action === 'seal-version');
    assert.equal(seal.length, 1, 'one seal event');
    assert.doesNotMatch(JSON.stringify(seal), /成本测算/, 'the event records the reason, not the leaked content');
  });

  test('after sealing, no public output has version 1 content; the history keeps its entry', async () => {
    const c = new Client(env.app);
    const v1 = await c.get(`/disclosures/${id}?version=1`);
    assert.equal(v1.statusCode, 410);
    assert.match(v1.body, /已屏蔽/);
    assert.match(v1.body, /含有供应商的商业秘密/);
    assert.doesNotMatch(v1.body, /成本测算/);
    const current = await c.get(`/disclosures/${id}`);
    assert.equal(current.statusCode, 200);
    assert.match(current.body, /已屏蔽/);
    assert.doesNotMatch(current.body, /成本测算|\?version=1"/);
    const api = (await c.get(`/api/v1/disclosures/${id}`)).json();
    assert.deepEqual(api.versions.map((v: { version: number; url: string | null; sealed: { reason: string } | null }) => [v.version, v.url === null, v.sealed?.reason ?? null]), [[1, true, '含有供应商的商业秘密，依据政府信息公开条例第十五条不予公开'], [2, false, null]]);
    const log = await c.get(`/api/v1/log/disclosures/${id}`);
    assert.doesNotMatch(log.body, /成本测算/);
    const entries = log.json().entries as { version: number; note?: string; content: unknown; contentHash: string | null }[];
    const first = entries.find((e) => e.version === 1)!;
    assert.equal(first.note, 'sealed');
    assert.equal(first.content, null);
    assert.ok(first.contentHash, 'the hash stays, so the log still verifies');
    assert.deepEqual(await sweepHitsFor(id), [], 'a sealed version is no longer public, so the sweep no longer lists it');
    assert.doesNotMatch((await c.get(`/disclosures/${id}?version=1`)).body, new RegExp(ID));
    for (const url of ['/feeds/all.atom', `/search?q=${encodeURIComponent('成本测算')}`, '/api/v1/changes']) {
      assert.doesNotMatch((await c.get(url)).body, /成本测算表/, url);
    }
  });
});
