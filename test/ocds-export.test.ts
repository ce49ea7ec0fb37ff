// OCDS 1.1 out (issue 4 §4) on both dialects: complete procurement and construction projects built
// through the services export as schema-valid releases, records and packages (official schema with
// bids, lots and withheldInformation applied as merge patches), plus the checks the official tools
// add. The project page shows the lifecycle with clocks and the stages not reached.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDateOrder, checkStructure } from '../src/modules/ocds/checks.ts';
import { validateRecordPackage, validateReleasePackage } from '../src/modules/ocds/schema.ts';
import { Client, createTestEnv, type TestEnv } from './helpers/context.ts';
import { buildConstructionProject, buildProcurementProject, publishAs, USCI_A, type BuiltProject } from './helpers/projects.ts';
import { createProject } from '../src/modules/projects/service.ts';

type Json = Record<string, any>;
let env: TestEnv;
let proc: BuiltProject;
let cons: BuiltProject;

before(async () => {
  env = await createTestEnv();
  proc = await buildProcurementProject(env);
  cons = await buildConstructionProject(env);
  await publishAs(env, 'procurement-intention', null, '不属于任何项目的采购意向', '2026-11-02', { purchaser: '韶关市浈江区财政局', budgetYear: 2027, items: [{ projectName: '办公用品', requirement: '纸张', budgetAmount: '10000.00', expectedMonth: '2027年1月' }] }); // not a release: no project
});
after(async () => env?.close());

function assertValidPackage(pkg: Json, kind: 'release' | 'record') {
  const errors = kind === 'release' ? validateReleasePackage(pkg) : validateRecordPackage(pkg);
  assert.deepEqual(errors, [], JSON.stringify(errors.slice(0, 5)));
  assert.deepEqual(checkStructure(pkg), [], 'no empty values, ids unique within arrays');
}

async function getJson(url: string): Promise<Json> {
  const res = await new Client(env.app).get(url);
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  return res.json();
}

describe('release feed', () => {
  test('pages through every release oldest first; each page is a valid release package', async () => {
    const seen: Json[] = [];
    let url: string | undefined = '/api/v1/ocds/releases?limit=4';
    for (let guard = 0; url && guard < 20; guard++) {
      const pkg = await getJson(url);
      assertValidPackage(pkg, 'release');
      assert.equal(pkg.version, '1.1');
      seen.push(...pkg.releases);
      url = pkg.links?.next ? new URL(pkg.links.next).pathname + new URL(pkg.links.next).search : undefined;
    }
    // 5 procurement notices + 1 correction version, 8 construction notices.
    assert.equal(seen.length, 14);
    assert.equal(new Set(seen.map((r) => r.id)).size, 14, 'release ids unique');
    assert.deepEqual(seen.map((r) => r.date), [...seen.map((r) => r.date)].sort());
    for (const r of seen) {
      assert.equal(r.language, 'zh');
      assert.match(r.date, /\+08:00$/);
      assert.match(r.id, new RegExp(`^${r.ocid}-\\d+-v\\d+$`));
    }
    const tenderV2 = seen.find((r) => r.id === `${proc.ocid}-${proc.disclosures.tender}-v2`)!;
    assert.deepEqual(tenderV2.tag, ['tenderUpdate'], 'a correction is an update');
    assert.equal(tenderV2.tender.amendments[0].rationale, '更正投标截止时间');
    assert.equal(tenderV2.tender.tenderPeriod.endDate, '2026-09-15T10:00:00+08:00');
  });

  test('since accepts a date-time; a bad cursor is a 400 with a stable code', async () => {
    const pkg = await getJson(`/api/v1/ocds/releases?since=${encodeURIComponent('2099-01-01T00:00:00+08:00')}`);
    assert.equal(pkg.releases.length, 0);
    const bad = await new Client(env.app).get('/api/v1/ocds/releases?since=%%%');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'invalid_cursor');
  });
});

describe('records', () => {
  test('procurement: valid record package; parties, lots, awards, contract and dates in order', async () => {
    const pkg = await getJson(`/api/v1/ocds/records/${proc.ocid}`);
    assertValidPackage(pkg, 'record');
    const rec = pkg.records[0];
    assert.equal(rec.ocid, proc.ocid);
    const c = rec.compiledRelease;
    assert.deepEqual(checkDateOrder(c), []);
    for (const r of rec.releases) assert.deepEqual(checkDateOrder(r), []);
    assert.deepEqual(c.tender.lots.map((l: Json) => l.id), ['1', '2']);
    assert.deepEqual(c.tender.value, { amount: 1500000, currency: 'CNY' });
    assert.equal(c.tender.procurementMethod, 'open');
    const supplier = c.parties.find((p: Json) => p.id === `CN-USCI-${USCI_A}`);
    assert.deepEqual(supplier.identifier, { scheme: 'CN-USCI', id: USCI_A, legalName: '韶关市甲家具有限公司' });
    assert.ok(supplier.roles.includes('supplier'), "supplier.roles.includes('supplier')");
    assert.ok(c.parties.some((p: Json) => p.roles.includes('buyer')) && c.parties.some((p: Json) => p.roles.includes('procuringEntity')), "c.parties.some((p: Json) => p.roles.includes('buyer')) && c.parties.some((p: Json) => p.roles.includes('procuringEnti…");
    assert.equal(c.awards.length, 2);
    assert.deepEqual(c.awards[0].relatedLots, ['1']);
    assert.equal(c.awards[1].value.amount, 350000.5);
    const contract = c.contracts[0];
    assert.equal(contract.id, 'HT-2026-015-1');
    assert.equal(contract.awardID, c.awards[0].id, 'the contract points at the award of its supplier');
    assert.equal(contract.implementation.milestones[0].status, 'met');
    const docs = rec.releases.flatMap((r: Json) => [...(r.tender?.documents ?? []), ...(r.awards ?? []).flatMap((a: Json) => a.documents ?? [])]);
    assert.ok(docs.some((d: Json) => d.title === '招标文件（第1包）.pdf' && /\/attachments\/\d+$/.test(d.url)), "docs.some((d: Json) => d.title === '招标文件（第1包）.pdf' && /\\/attachments\\/\\d+$/.test(d.url))");
    for (const d of docs) assert.match(d.url, /^https?:\/\/[\x21-\x7e]+$/, 'percent-encoded ASCII URL');
    assert.deepEqual(rec.releases.map((r: Json) => r.tag[0]), ['planning', 'tender', 'tenderUpdate', 'award', 'contract', 'implementation']);
  });

  test('construction: bids with ranks, lots from 标段, withheld 标底 and committee with their legal basis', async () => {
    const pkg = await getJson(`/api/v1/ocds/records/${cons.ocid}`);
    assertValidPackage(pkg, 'record');
    const rec = pkg.records[0];
    const c = rec.compiledRelease;
    assert.deepEqual(checkDateOrder(c), []);
    assert.deepEqual(c.tender.lots.map((l: Json) => [l.id, l.title]), [['01', '土建标段'], ['02', '安装标段']]);
    assert.equal(c.tender.mainProcurementCategory, 'works');
    assert.equal(c.planning.budget.projectID, '2026-440204-48-01-012345');
    const bids = c.bids.details;
    assert.deepEqual(bids.map((b: Json) => [b.rank, b.value.amount]), [[1, 19500000], [2, 19800000]]);
    assert.deepEqual(bids[0].relatedLots, ['01']);
    assert.equal(c.awards.length, 1, 'candidates publicity (pending) and result (active) are one award');
    assert.equal(c.awards[0].status, 'active');
    assert.deepEqual(c.awards[0].suppliers[0].id, `CN-USCI-${USCI_A}`);
    const tenderRelease = rec.releases.find((r: Json) => r.tag[0] === 'tender');
    const w = tenderRelease.withheldInformation.find((x: Json) => x.field === 'reservePrice');
    assert.match(w.rationale, /招标投标法》第二十二条/);
    assert.equal(tenderRelease.tender.value.amount, 25000000, 'the ceiling price is public');
    assert.ok(!JSON.stringify(tenderRelease).includes('23800000'), '标底 absent before the award');
    const evalRelease = rec.releases.find((r: Json) => r.tender?.awardCriteria === 'ratedCriteria');
    assert.ok(evalRelease.withheldInformation.some((x: Json) => x.field === 'committeeMembers' && /第三十七条/.test(x.rationale)), "evalRelease.withheldInformation.some((x: Json) => x.field === 'committeeMembers' && /第三十七条/.test(x.rationale))");
    assert.ok(!JSON.stringify(evalRelease).includes('赵一'), "!JSON.stringify(evalRelease).includes('赵一')");
    assert.equal(c.contracts[0].awardID, c.awards[0].id);
    assert.equal(c.contracts[0].amendments[0].rationale, '增加地下室防水');
  });

  test('unknown ocid → 404', async () => {
    const res = await new Client(env.app).get(`/api/v1/ocds/records/${env.ctx.config.ocidPrefix}-NOPE`);
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'not_found');
  });
});

describe('bulk file and project page', () => {
  test('the streamed bulk package holds every release and is valid', async () => {
    const pkg = await getJson('/api/v1/ocds/releases/bulk.json');
    assertValidPackage(pkg, 'release');
    assert.equal(pkg.releases.length, 14);
  });

  test('the project page shows each step with its clock and greys the stages not reached', async () => {
    const body = (await new Client(env.app).get(`/projects/${proc.projectId}`)).body;
    assert.match(body, /按时公开|逾期 \d+ 个工作日/);
    assert.match(body, /应于 \d{4}-\d{2}-\d{2} 前公开/);
    const early = await buildPartial();
    assert.match((await new Client(env.app).get(`/projects/${early}`)).body, /class="stage-tender not-reached"><span class="stage">招标公告<\/span>\s*<div><p class="empty">尚未公开/, 'a stage with no notice yet');
    assert.match(body, new RegExp(`/api/v1/ocds/records/${proc.ocid}`));
    const stages = [...body.matchAll(/<li class="stage-(\w+)/g)].map((m) => m[1]);
    assert.deepEqual(stages, ['plan', 'tender', 'candidates', 'evaluation', 'award', 'contract', 'performance'].filter((s) => stages.includes(s)), 'lifecycle order');
  });
});

/** A construction project with only its approval public. */
async function buildPartial(): Promise<number> {
  const pid = await env.ctx.database.db.transaction().execute((trx) => createProject(trx, { code: 'ZJGC-2026-009', title: '道路改造工程', sector: 'construction', departmentId: env.ids.czj }, env.ctx.config.ocidPrefix, null));
  await publishAs(env, 'construction-approval', pid, '道路改造工程批复', '2026-11-02', { projectName: '道路改造工程', investmentCode: '2026-440204-48-01-054321', approvalType: '核准', approvalNo: '浈发改〔2026〕30号', approvalDate: '2026-11-02', approvalBody: '浈江区发展和改革局', owner: '浈江区交通运输局', ownerCreditCode: USCI_A, location: '浈江区', scale: '道路 2 公里', totalInvestment: '8000000.00', fundSource: '财政资金' });
  return pid;
}
