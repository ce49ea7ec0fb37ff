// Withdrawn notices in OCDS (issue 4 §4, src/modules/ocds/cancellation.ts): withdrawing a tender,
// an award or a contract notice publishes a cancellation release the OCDS 1.1 way – status
// `cancelled`, tag tenderCancellation / awardCancellation / contractUpdate, the public reason as an
// amendment rationale and a `cancellationDetails` document – schema-valid, in the feed at the time
// of the withdrawal, in the record and in the bulk file; the withdrawn notice's content is gone.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDateOrder, checkStructure } from '../src/modules/ocds/checks.ts';
import { validateRecordPackage, validateReleasePackage } from '../src/modules/ocds/schema.ts';
import { Client, createTestEnv, principalOf, type TestEnv } from './helpers/context.ts';
import { buildConstructionProject, buildProcurementProject, USCI_A, USCI_B, type BuiltProject } from './helpers/projects.ts';

type Json = Record<string, any>;
let env: TestEnv;
let proc: BuiltProject;
let proc2: BuiltProject;
let cons: BuiltProject;
const REASON = { award: '中标供应商资格存疑，依法重新评审', contract: '合同公告信息有误，更正后重新发布', tender: '采购需求发生重大变化，依法终止本次采购' };

before(async () => {
  env = await createTestEnv();
  proc = await buildProcurementProject(env);
  proc2 = await buildProcurementProject(env, 'ZJCG-2026-016');
  cons = await buildConstructionProject(env);
  const rv = await principalOf(env, 'reviewer');
  await env.ctx.disclosures.withdraw(rv, proc.disclosures.award!, REASON.award);
  await env.ctx.disclosures.withdraw(rv, proc.disclosures.contract!, REASON.contract);
  await env.ctx.disclosures.withdraw(rv, proc2.disclosures.tender!, REASON.tender);
  await env.ctx.disclosures.withdraw(rv, cons.disclosures.evaluation!, '评标情况公示内容有误'); // cancels nothing
});
after(async () => env?.close());

async function getJson(url: string): Promise<Json> {
  const res = await new Client(env.app).get(url);
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  return res.json();
}

function assertValid(pkg: Json, kind: 'release' | 'record') {
  const errors = kind === 'release' ? validateReleasePackage(pkg) : validateRecordPackage(pkg);
  assert.deepEqual(errors, [], JSON.stringify(errors.slice(0, 5)));
  assert.deepEqual(checkStructure(pkg), [], 'no empty values, ids unique within arrays');
}

const cancellationDoc = (docs: Json[] | undefined, reason: string) => docs?.find((d) => d.documentType === 'cancellationDetails' && d.description === `撤回原因：${reason}`);

describe('withdrawn notices as cancellation releases', () => {
  test('award and contract withdrawn: the record marks both cancelled with the public reason', async () => {
    const pkg = await getJson(`/api/v1/ocds/records/${proc.ocid}`);
    assertValid(pkg, 'record');
    const rec = pkg.records[0];
    const awardRel = rec.releases.find((r: Json) => r.id === `${proc.ocid}-${proc.disclosures.award}-withdrawn`);
    assert.deepEqual(awardRel.tag, ['awardCancellation']);
    assert.deepEqual(awardRel.awards.map((a: Json) => [a.id, a.status]), [[`award-${USCI_A}-lot-1`, 'cancelled'], [`award-${USCI_B}-lot-1`, 'cancelled']]);
    assert.equal(awardRel.awards[0].amendments[0].rationale, REASON.award);
    const doc = cancellationDoc(awardRel.awards[0].documents, REASON.award);
    assert.ok(doc, 'a cancellationDetails document with the reason');
    assert.match(doc.url, new RegExp(`/disclosures/${proc.disclosures.award}$`), 'it links to the tombstone');
    const contractRel = rec.releases.find((r: Json) => r.id === `${proc.ocid}-${proc.disclosures.contract}-withdrawn`);
    assert.deepEqual(contractRel.tag, ['contractUpdate']);
    assert.deepEqual(contractRel.contracts.map((c: Json) => [c.id, c.awardID, c.status]), [['HT-2026-015-1', `award-${USCI_A}-lot-1`, 'cancelled']]);
    assert.equal(contractRel.contracts[0].amendments[0].rationale, REASON.contract);

    // The withdrawn notices' own releases are gone, and with them their content.
    const ids = rec.releases.map((r: Json) => r.id);
    assert.ok(!ids.includes(`${proc.ocid}-${proc.disclosures.award}-v1`) && !ids.includes(`${proc.ocid}-${proc.disclosures.contract}-v1`), 'no releases of the withdrawn versions');
    assert.ok(!JSON.stringify(rec.releases).includes('张三、李四、王五'), 'the withdrawn award’s experts are not in any release');

    const c = rec.compiledRelease;
    assert.deepEqual(c.awards.map((a: Json) => a.status), ['cancelled', 'cancelled']);
    assert.equal(c.contracts[0].status, 'cancelled');
    assert.equal(c.tender.status, 'active', 'the tender itself stands');
    assert.deepEqual(checkDateOrder(c), []);
  });

  test('tender withdrawn: tenderCancellation with the tender and its lots cancelled', async () => {
    const pkg = await getJson(`/api/v1/ocds/records/${proc2.ocid}`);
    assertValid(pkg, 'record');
    const rel = pkg.records[0].releases.find((r: Json) => r.tag[0] === 'tenderCancellation');
    assert.equal(rel.id, `${proc2.ocid}-${proc2.disclosures.tender}-withdrawn`);
    assert.equal(rel.tender.id, 'ZJCG-2026-016');
    assert.equal(rel.tender.status, 'cancelled');
    assert.deepEqual(rel.tender.lots, [{ id: '1', status: 'cancelled' }, { id: '2', status: 'cancelled' }]);
    assert.equal(rel.tender.amendments[0].rationale, REASON.tender);
    assert.ok(cancellationDoc(rel.tender.documents, REASON.tender), 'a cancellationDetails document with the reason');
    assert.match(rel.date, /\+08:00$/);
    assert.equal(pkg.records[0].compiledRelease.tender.status, 'cancelled');
  });

  test('a withdrawn notice that announced no tender, award or contract gives no release; its content leaves the feed', async () => {
    const pkg = await getJson(`/api/v1/ocds/records/${cons.ocid}`);
    assertValid(pkg, 'record');
    const ids = pkg.records[0].releases.map((r: Json) => r.id);
    assert.ok(!ids.some((id: string) => id.startsWith(`${cons.ocid}-${cons.disclosures.evaluation}-`)), 'nothing of the withdrawn evaluation report');
    assert.equal(pkg.records[0].compiledRelease.awards[0].status, 'active');
  });

  test('the feed pages versions and withdrawals together, each withdrawal at its own time; the bulk file agrees', async () => {
    const seen: Json[] = [];
    let url: string | undefined = '/api/v1/ocds/releases?limit=3';
    for (let guard = 0; url && guard < 40; guard++) {
      const pkg = await getJson(url);
      assertValid(pkg, 'release');
      seen.push(...pkg.releases);
      url = pkg.links?.next ? new URL(pkg.links.next).pathname + new URL(pkg.links.next).search : undefined;
    }
    const cancels = seen.filter((r) => r.id.endsWith('-withdrawn'));
    assert.equal(cancels.length, 3, 'award, contract and tender withdrawals');
    assert.equal(new Set(seen.map((r) => r.id)).size, seen.length, 'no release twice across pages');
    assert.deepEqual(seen.map((r) => r.date), [...seen.map((r) => r.date)].sort(), 'in time order');
    const bulk = await getJson('/api/v1/ocds/releases/bulk.json');
    assertValid(bulk, 'release');
    assert.deepEqual(bulk.releases.map((r: Json) => r.id).sort(), seen.map((r) => r.id).sort(), 'the bulk file holds the same releases');
  });
});
