// The public JSON API v1 against the real app and database: filters, cursor pagination, stable
// error codes, CORS, and the OpenAPI document generated from the request schemas.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestEnv, publishIntention, type TestEnv } from './helpers/context.ts';

let env: TestEnv;
const ids: number[] = [];
before(async () => {
  env = await createTestEnv();
  for (let i = 1; i <= 5; i++) ids.push(await publishIntention(env, `2027年度采购意向（第${i}批）`));
});
after(async () => env?.close());

describe('GET /api/v1/disclosures', () => {
  test('pages newest first with an opaque cursor until nextCursor is null', async () => {
    const c = new Client(env.app);
    const seen: number[] = [];
    let url = '/api/v1/disclosures?limit=2&sector=procurement';
    for (let guard = 0; guard < 10; guard++) {
      const res = await c.get(url);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      const body = res.json();
      seen.push(...body.data.map((d: { id: number }) => d.id));
      if (!body.nextCursor) break;
      url = `/api/v1/disclosures?limit=2&sector=procurement&cursor=${encodeURIComponent(body.nextCursor)}`;
    }
    assert.deepEqual(seen, [...ids].reverse());
  });

  test('filters combine (department, item type) and unknown codes are 400s', async () => {
    const c = new Client(env.app);
    const ok = await c.get('/api/v1/disclosures?department=czj&itemType=procurement-intention&limit=100');
    assert.equal(ok.json().data.length, 5);
    const none = await c.get('/api/v1/disclosures?department=nyj');
    assert.equal(none.json().data.length, 0);
    const bad = await c.get('/api/v1/disclosures?department=nope');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'validation_failed');
    assert.equal(bad.json().error.details[0].field, 'department');
  });

  const errorCases: [string, string, number, string][] = [
    ['malformed cursor', '/api/v1/disclosures?cursor=%%%not-base64', 400, 'invalid_cursor'],
    ['cursor of the wrong shape', `/api/v1/disclosures?cursor=${Buffer.from('{"a":1}').toString('base64url')}`, 400, 'invalid_cursor'],
    ['limit out of range', '/api/v1/disclosures?limit=1000', 400, 'validation_failed'],
    ['unknown parameter', '/api/v1/disclosures?color=red', 400, 'validation_failed'],
    ['bad date', '/api/v1/disclosures?from=2026-13-01', 400, 'validation_failed'],
    ['unknown id', '/api/v1/disclosures/999999', 404, 'not_found'],
    ['non-numeric id', '/api/v1/disclosures/abc', 400, 'validation_failed'],
    ['unknown endpoint', '/api/v1/nothing', 404, 'not_found'],
  ];
  for (const [name, url, status, code] of errorCases) {
    test(`${name} → ${status} ${code}`, async () => {
      const res = await new Client(env.app).get(url);
      assert.equal(res.statusCode, status);
      const body = res.json();
      assert.equal(body.error.code, code);
      assert.equal(typeof body.error.message, 'string');
      assert.ok(Array.isArray(body.error.details), "Array.isArray(body.error.details)");
      assert.doesNotMatch(res.body, /at .*\.ts:\d+/, 'no stack trace');
    });
  }
});

describe('reference endpoints and OpenAPI', () => {
  test('item types carry fields schema, deadline rule and basis', async () => {
    const res = await new Client(env.app).get('/api/v1/item-types');
    const types = res.json().data as { code: string; sector: string; deadlineRule: { description: string }; fieldsSchema: { properties: object } }[];
    for (const s of ['housing', 'procurement', 'property', 'construction', 'general']) assert.ok(types.some((t) => t.sector === s), s);
    const award = types.find((t) => t.code === 'procurement-award')!;
    assert.match(award.deadlineRule.description, /2个工作日/);
    assert.ok('suppliers' in award.fieldsSchema.properties, "'suppliers' in award.fieldsSchema.properties");
  });

  test('departments list', async () => {
    const res = await new Client(env.app).get('/api/v1/departments');
    assert.deepEqual(res.json().data.map((d: { code: string }) => d.code).sort(), ['czj', 'gkb', 'nyj']);
  });

  test('the OpenAPI document describes every endpoint and its query parameters from the zod schemas', async () => {
    const doc = (await new Client(env.app).get('/api/v1/openapi.json')).json();
    assert.equal(doc.openapi, '3.1.0');
    for (const p of ['/disclosures', '/disclosures/{id}', '/item-types', '/departments']) assert.ok(doc.paths[p], p);
    const params = doc.paths['/disclosures'].get.parameters.map((p: { name: string }) => p.name);
    assert.deepEqual(params.sort(), ['cursor', 'department', 'from', 'includeWithdrawn', 'itemType', 'limit', 'project', 'sector', 'to']);
    assert.ok(doc.components.schemas.Disclosure.properties.withheld, "doc.components.schemas.Disclosure.properties.withheld");
    assert.ok(doc.components.schemas.Error.properties.error, "doc.components.schemas.Error.properties.error");
  });
});
