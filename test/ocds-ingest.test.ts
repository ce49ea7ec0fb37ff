// OCDS in (issue 4 §5) on both dialects: per-department API keys made and revoked by the office,
// a validation report per release with JSON paths, drafts only (never published), idempotent by
// release id; the real Portuguese package; our own export pushed back in.
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestEnv, type TestEnv } from './helpers/context.ts';
import { buildProcurementProject, USCI_A } from './helpers/projects.ts';

type Json = Record<string, any>;
let env: TestEnv;
let key = '';
const PORTUGAL = JSON.parse(fs.readFileSync(new URL('./fixtures/ocds/portugal-base-impic_release-package_1.1.json', import.meta.url), 'utf8')) as Json;

async function count(table: 'disclosures' | 'projects' | 'ocds_ingested_releases'): Promise<number> {
  const r = await env.ctx.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function createKey(departmentId: number, name: string): Promise<string> {
  const office = await new Client(env.app).login('office');
  const csrf = await office.csrfFrom('/admin/api-keys');
  const res = await office.post('/admin/api-keys', { _csrf: csrf, departmentId: String(departmentId), name });
  assert.equal(res.statusCode, 200);
  const m = /<code class="secret">(gk_[A-Za-z0-9_-]+)<\/code>/.exec(res.body);
  assert.ok(m, 'the key is shown once');
  return m[1]!;
}

function push(body: unknown, k = key, contentType = 'application/json') {
  return env.app.inject({ method: 'POST', url: '/api/v1/ingest/ocds', headers: { authorization: `Bearer ${k}`, 'content-type': contentType }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
}

before(async () => {
  env = await createTestEnv({ MAX_UPLOAD_MB: '1' });
  key = await createKey(env.ids.nyj, '市公共资源交易平台推送');
});
after(async () => env?.close());

describe('API keys', () => {
  test('only the office manages keys; the database keeps only a hash', async () => {
    const editor = await new Client(env.app).login('editor');
    assert.equal((await editor.get('/admin/api-keys')).statusCode, 403);
    const rows = await env.ctx.database.db.selectFrom('api_keys').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.notEqual(rows[0]!.key_hash, key);
    assert.match(rows[0]!.key_hash, /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(rows).includes(key), "!JSON.stringify(rows).includes(key)");
  });

  test('missing, wrong and revoked keys are 401; a revoke is an event', async () => {
    assert.equal((await env.app.inject({ method: 'POST', url: '/api/v1/ingest/ocds', payload: {} })).statusCode, 401);
    const wrong = await push({}, 'gk_not-a-key');
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.code, 'invalid_api_key');
    const other = await createKey(env.ids.czj, '临时密钥');
    const office = await new Client(env.app).login('office');
    const id = (await env.ctx.database.db.selectFrom('api_keys').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    const csrf = await office.csrfFrom('/admin/api-keys');
    assert.equal((await office.post(`/admin/api-keys/${id}/revoke`, { _csrf: csrf })).statusCode, 303);
    assert.equal((await push(PORTUGAL, other)).statusCode, 401);
    const ev = await env.ctx.database.db.selectFrom('events').select('action').where('entity', '=', 'api-key').where('entity_id', '=', id).execute();
    assert.deepEqual(ev.map((e) => e.action), ['create', 'revoke']);
  });
});

describe('bad packages', () => {
  test('not a package, not schema-valid, not JSON, too large → precise errors, nothing stored', async () => {
    const before = [await count('disclosures'), await count('projects')];
    const noReleases = await push({ hello: 1 });
    assert.equal(noReleases.statusCode, 400);
    assert.equal(noReleases.json().error.code, 'invalid_package');
    const { publisher: _p, ...noPublisher } = PORTUGAL;
    const invalid = await push(noPublisher);
    assert.equal(invalid.statusCode, 400);
    assert.ok(invalid.json().error.details.some((d: Json) => d.field === '/publisher'), JSON.stringify(invalid.json().error.details));
    assert.equal((await push('{"releases": [', key)).statusCode, 400);
    assert.equal((await push('<xml/>', key, 'application/xml')).statusCode, 415);
    const big = await push({ ...PORTUGAL, releases: Array.from({ length: 12 }, () => PORTUGAL.releases).flat() });
    assert.equal(big.statusCode, 413);
    assert.deepEqual([await count('disclosures'), await count('projects')], before);
  });

  test('a release that breaks the schema is rejected with its JSON path; the others are judged on their own', async () => {
    const broken = structuredClone(PORTUGAL);
    broken.releases = broken.releases.slice(0, 2);
    broken.releases[1].tender.value.amount = 'lots';
    const res = await push(broken);
    assert.equal(res.statusCode, 200);
    const r1 = res.json().releases[1];
    assert.equal(r1.status, 'rejected');
    assert.ok(r1.errors.some((e: Json) => e.path === '/releases/1/tender/value/amount'), JSON.stringify(r1.errors));
  });
});

describe('ingestion', () => {
  test('the real Portuguese package: schema-valid, every release reported with paths, nothing half-imported', async () => {
    const before = [await count('disclosures'), await count('projects')];
    const res = await push(PORTUGAL);
    assert.equal(res.statusCode, 200);
    const report = res.json();
    assert.equal(report.summary.received, 100);
    assert.equal(report.releases.length, 100);
    for (const r of report.releases) {
      assert.equal(r.status, 'rejected', 'EUR amounts and foreign identifiers cannot become Chinese notices');
      assert.ok(r.errors.length > 0, "r.errors.length > 0");
      for (const e of r.errors) assert.match(e.path, new RegExp(`^/releases/${r.index}(/|$)`));
      assert.ok(!r.errors.some((e: Json) => /不符合 OCDS 模式/.test(e.message)), 'the package itself is valid OCDS');
    }
    const contract = report.releases[0];
    assert.ok(contract.errors.some((e: Json) => e.path === '/releases/0/contracts/0/value/currency' && /CNY/.test(e.message)), JSON.stringify(contract.errors));
    const impl = report.releases.find((r: Json) => PORTUGAL.releases[r.index].tag.includes('implementation'));
    assert.match(impl.errors[0].message, /暂不能自动映射/);
    assert.deepEqual([await count('disclosures'), await count('projects')], before);
  });

  test('our own export pushed back: drafts for review in the key’s department, idempotent by release id', async () => {
    const built = await buildProcurementProject(env, 'ZJCG-2026-077');
    const record = (await new Client(env.app).get(`/api/v1/ocds/records/${built.ocid}`)).json();
    const pkg = { ...record, records: undefined, releases: record.records[0].releases };
    delete pkg.records;
    const before = await count('disclosures');
    const res = await push(pkg);
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    const report = res.json();
    const byTag = (t: string) => report.releases.find((r: Json) => pkg.releases[r.index].tag[0] === t);
    assert.equal(byTag('award').status, 'created', JSON.stringify(byTag('award')));
    assert.equal(byTag('contract').status, 'created', JSON.stringify(byTag('contract')));
    assert.equal(byTag('planning').status, 'rejected');
    assert.equal(report.summary.created, 2);
    assert.equal(await count('disclosures'), before + 2);
    const award = await env.ctx.database.db.selectFrom('disclosures').selectAll().where('id', '=', byTag('award').disclosureId).executeTakeFirstOrThrow();
    assert.equal(award.state, 'draft', 'never published directly');
    assert.equal(award.department_id, env.ids.nyj);
    assert.equal(award.project_id, built.projectId, 'attached to the project of the same ocid');
    const f = JSON.parse(award.fields);
    assert.deepEqual(f.suppliers[0], { name: '韶关市甲家具有限公司', creditCode: USCI_A, address: '浈江区一路1号', awardAmount: '800000.00' });
    assert.equal(f.evaluationExperts, '张三、李四、王五');
    assert.equal(f.lotNo, '1');
    const ev = await env.ctx.database.db.selectFrom('events').selectAll().where('entity', '=', 'disclosure').where('entity_id', '=', award.id).execute();
    assert.equal(JSON.parse(ev[0]!.data!).source, 'ocds');

    const again = (await push(pkg)).json();
    assert.equal(again.summary.created, 0);
    assert.equal(again.summary.skipped, 2);
    assert.equal(await count('disclosures'), before + 2, 'idempotent');
    assert.equal(await count('ocds_ingested_releases'), 2);
  });
});
