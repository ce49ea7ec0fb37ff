// THE test of issue 6: a demo-like 危房改造 beneficiary list – raw ID numbers and phone numbers in
// personal fields, in the body, in an XLSX and in a PDF attachment – cannot be published until
// masked; once published, no public output contains a raw ID number or phone number: the page,
// the lists, the API, search, feeds, the change feed, OCDS, the CSV/XLSX exports, the bulk files,
// the publication log and the attachment downloads (every public GET route in src/).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { Client, createTestEnv, principalOf, type TestEnv } from './helpers/context.ts';
import { confirmedReview } from '../src/modules/privacy/checklist.ts';
import { extractPdfText, stopPdfWorker } from '../src/modules/privacy/extract-pdf.ts';
import { runBulkExport } from '../src/modules/opendata/export.ts';
import { createProject } from '../src/modules/projects/service.ts';
import { beneficiaries, beneficiaryPdf, beneficiaryXlsx, textPdf } from './fixtures/pii/files.ts';

let env: TestEnv;
let id = 0;
let projectId = 0;
let ocid = '';
const HS = beneficiaries(5, 11);
/** Every raw value, also as people type them (spaced ID, hyphenated phone). */
const RAW = HS.flatMap((h) => [h.idNumber, `${h.idNumber.slice(0, 6)} ${h.idNumber.slice(6, 14)} ${h.idNumber.slice(14)}`, h.phone, `${h.phone.slice(0, 3)}-${h.phone.slice(3, 7)}-${h.phone.slice(7)}`]);
const DIGITS = HS.flatMap((h) => [h.idNumber, h.phone]);

before(async () => {
  env = await createTestEnv();
  const { db } = env.ctx.database;
  projectId = await db.transaction().execute((trx) => createProject(trx, { code: 'ZJWG-2026-2', title: '浈江区2026年农村危房改造（第二批）', sector: 'housing', departmentId: env.ids.czj }, env.ctx.config.ocidPrefix, null));
  ocid = (await db.selectFrom('projects').select('ocid').where('id', '=', projectId).executeTakeFirstOrThrow()).ocid;
});
after(async () => {
  await stopPdfWorker();
  await env?.close();
});

/** Text of any response: HTML/JSON/CSV as is, XLSX cell by cell, PDF through its text layer. */
async function textOf(body: Buffer, type: string): Promise<string> {
  if (type.includes('spreadsheetml') || body.subarray(0, 2).toString('latin1') === 'PK') {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as unknown as ArrayBuffer);
    const out: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => out.push(String(c.text)))));
    return out.join('\n');
  }
  if (type.includes('pdf')) return (await extractPdfText(body)).pages.map((p) => p.text).join('\n');
  return body.toString('utf8');
}

function assertClean(what: string, text: string) {
  const squashed = text.replace(/[\s\-]/g, '');
  for (const raw of RAW) assert.ok(!text.includes(raw), `${what} contains a raw value`);
  for (const d of DIGITS) assert.ok(!squashed.includes(d), `${what} contains a raw value (ignoring spaces/hyphens)`);
}

describe('a 危房改造 list with raw personal data', () => {
  test('cannot be approved (so not published) until masked', async () => {
    const svc = env.ctx.disclosures;
    const t = env.ctx.itemTypes.byCodeOrUndefined('housing-beneficiaries')!;
    const ed = await principalOf(env, 'editor');
    const rv = await principalOf(env, 'reviewer');
    const body = ['经农户申请、村镇两级评议公示和区级审批，现将补助对象名单予以公布。', ...HS.map((h, i) => `${i + 1}. 户主${h.name}，身份证号码${RAW[i * 4 + (i % 2)]}，联系电话${RAW[i * 4 + 2 + (i % 2)]}。`)].join('\n');
    id = await svc.createDraft(ed, {
      itemTypeId: t.id, departmentId: env.ids.czj, projectId, title: '浈江区2026年农村危房改造补助对象名单（第二批）', body, formedDate: '2026-11-02',
      fields: { year: 2026, allocationDate: '2026-11-02', taskHouseholds: HS.length, totalFunds: '200000.00', complaintPhone: '0751-8764183',
        households: HS.map((h) => ({ name: h.name, idNumber: h.idNumber, town: '犁市镇', village: h.village, dwellingGrade: 'D级', renovationMode: '拆除重建', householdCategory: h.category === '一般户' ? '其他脱贫不稳定户' : h.category, subsidyAmount: '40000.00' })) },
    }, [{ filename: '补助对象名单.xlsx', data: await beneficiaryXlsx(HS) }, { filename: '补助对象名单.pdf', data: beneficiaryPdf(HS) }]);
    await svc.submit(ed, id);
    await assert.rejects(svc.approve(rv, id, null, confirmedReview()), (e: { status: number }) => e.status === 409);
    await assert.rejects(svc.publish(rv, id), (e: { status: number }) => e.status === 409);
    assert.equal((await new Client(env.app).get(`/disclosures/${id}`)).statusCode, 404);
  });

  test('is masked (one click per body finding, a redacted PDF), approved and published', async () => {
    const rv = await principalOf(env, 'reviewer');
    for (let guard = 0; guard < 50; guard++) {
      const open = (await env.ctx.privacy.findings(env.ctx.database.db, id)).filter((f) => f.status === 'open' && f.source === 'body');
      if (!open.length) break;
      await env.ctx.privacyActions.mask(rv, id, open[0]!.id);
    }
    const pdf = (await env.ctx.privacy.attachmentsForStaff(id)).find((a) => a.mime === 'application/pdf')!;
    const redacted = textPdf([['浈江区农村危房改造补助对象名单', ...HS.map((h) => `${h.name[0]}** ${h.village}`)]]);
    await env.ctx.privacyActions.uploadRendition(rv, id, pdf.id, { filename: '补助对象名单（脱敏）.pdf', data: redacted });
    await env.ctx.disclosures.approve(rv, id, null, confirmedReview());
    await env.ctx.disclosures.publish(rv, id);
  });

  test('no public output contains a raw ID number or phone number', { timeout: 120_000 }, async () => {
    const c = new Client(env.app);
    const manifest = await runBulkExport(env.ctx, { date: '2026-11-30' });
    const page = await c.get(`/disclosures/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /44\*{13}/, 'the page shows masked ID numbers');
    const attachmentUrls = [...page.body.matchAll(/href="(\/disclosures\/\d+\/attachments\/\d+)"/g)].map((m) => m[1]!);
    assert.equal(attachmentUrls.length, 2);
    const apiOne = (await c.get(`/api/v1/disclosures/${id}`)).json() as { attachments: { url: string }[] };
    const urls = [
      '/', '/sectors/housing', `/disclosures/${id}`, `/disclosures/${id}?version=1`, ...attachmentUrls, ...apiOne.attachments.map((a) => new URL(a.url).pathname),
      '/api/v1/disclosures?limit=100', '/api/v1/disclosures?sector=housing', `/api/v1/disclosures/${id}`,
      '/projects', `/projects/${projectId}`, '/projects/export.csv', '/projects/export.xlsx', '/sectors/housing/export.csv', '/sectors/housing/export.xlsx',
      `/search?q=${encodeURIComponent('危房改造')}`, `/api/v1/search?q=${encodeURIComponent('危房改造')}`, `/api/v1/search?q=${encodeURIComponent('补助对象')}`,
      '/feeds/all.atom', '/feeds/sectors/housing.atom', '/feeds/departments/czj.atom', `/feeds/projects/${projectId}.atom`, `/feeds/search.atom?q=${encodeURIComponent('危房')}`,
      '/api/v1/changes', '/api/v1/ocds/releases', '/api/v1/ocds/releases/bulk.json', `/api/v1/ocds/records/${encodeURIComponent(ocid)}`,
      '/open-data', ...manifest.files.map((f) => `/open-data/files/2026-11-30/${f.name}`),
      '/api/v1/log/entries?start=0&end=100', `/api/v1/log/disclosures/${id}`, '/api/v1/log/checkpoint', '/departments', '/departments/czj',
    ];
    let fetched = 0;
    for (const url of urls) {
      const res = await c.get(url);
      assert.ok([200, 404].includes(res.statusCode), `${url}: ${res.statusCode}`);
      if (res.statusCode !== 200) continue;
      fetched++;
      assertClean(url, await textOf(res.rawPayload, String(res.headers['content-type'] ?? '')));
    }
    assert.ok(fetched >= urls.length - 3, `most outputs exist (${fetched}/${urls.length})`);
    // The masked XLSX rendition keeps the list usable: masked IDs and names are there.
    const xlsx = await c.get(attachmentUrls.find((u) => u)!);
    const xtext = await textOf(xlsx.rawPayload, String(xlsx.headers['content-type']));
    assert.match(xtext, /44\*{13}|\*\*/);
    // Internal indexes the public is served from hold no raw value either.
    const { db } = env.ctx.database;
    for (const r of await db.selectFrom('search_docs').select(['title', 'body']).execute()) assertClean('search index', `${r.title}\n${r.body}`);
    for (const r of await db.selectFrom('change_feed').selectAll().execute()) assertClean('change feed', JSON.stringify(r));
    for (const r of await db.selectFrom('events').select(['data', 'reason']).where('action', 'like', 'privacy-%').execute()) assertClean('privacy events', JSON.stringify(r));
  });

  test('staff still reach the original attachments (internal)', async () => {
    const staff = await new Client(env.app).login('reviewer');
    const atts = await env.ctx.privacy.attachmentsForStaff(id);
    const orig = await staff.get(`/admin/disclosures/${id}/attachments/${atts.find((a) => a.mime.includes('sheet'))!.id}`);
    assert.ok((await textOf(orig.rawPayload, 'spreadsheetml')).includes(HS[0]!.idNumber), "(await textOf(orig.rawPayload, 'spreadsheetml')).includes(HS[0]!.idNumber)");
  });
});
