// The OpenAPI document lists every JSON API endpoint the server answers (issue 5: "OpenAPI document
// complete for every endpoint"), and every path it lists is a real route.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestEnv, type TestEnv } from './helpers/context.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => env?.close());

// Every route under /api/v1 (besides the document itself), method and Fastify path.
const SERVED: [method: 'GET' | 'POST', path: string][] = [
  ['GET', '/disclosures'], ['GET', '/disclosures/:id'], ['GET', '/item-types'], ['GET', '/departments'],
  ['GET', '/calendar/due'], ['GET', '/calendar/days'], ['GET', '/search'], ['GET', '/changes'],
  ['GET', '/ocds/releases'], ['GET', '/ocds/releases/bulk.json'], ['GET', '/ocds/records/:ocid'], ['POST', '/ingest/ocds'],
  ['GET', '/blacklist'], ['GET', '/blacklist/:id'], ['GET', '/projects/:id/red-flags'], ['GET', '/red-flags'],
  ['GET', '/work-plans'], ['GET', '/work-plans/:id'], ['GET', '/work-plan-rounds/:id/status'],
  ['GET', '/inspections'], ['GET', '/inspections/stats'], ['GET', '/inspections/:id'], ['GET', '/assessments'], ['GET', '/assessments/:id'],
  ['GET', '/log/checkpoint'], ['GET', '/log/keys'], ['GET', '/log/entries'], ['GET', '/log/proof/inclusion'],
  ['GET', '/log/proof/consistency'], ['GET', '/log/disclosures/:id'], ['POST', '/log/cosign'],
];
const toOpenApi = (p: string) => p.replace(/:(\w+)/g, '{$1}');

test('every served endpoint is documented, with its method, and every documented one is served', async () => {
  const doc = (await env.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
  for (const [method, p] of SERVED) {
    assert.ok(env.app.hasRoute({ method, url: `/api/v1${p}` }), `${method} /api/v1${p} is a route`);
    assert.ok(doc.paths[toOpenApi(p)]?.[method.toLowerCase()], `${method} ${p} is in the OpenAPI document`);
  }
  const served = new Set(SERVED.map(([m, p]) => `${m.toLowerCase()} ${toOpenApi(p)}`));
  const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).filter((k) => ['get', 'post', 'put', 'delete', 'patch'].includes(k)).map((m) => `${m} ${p}`));
  assert.deepEqual(documented.filter((d) => !served.has(d)), [], 'documented but not in the list of served endpoints');
});
