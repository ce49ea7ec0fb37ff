// Public download links (issue 4 §3–§4): the sector page offers its filtered list as xlsx and CSV
// and, for procurement and construction, the OCDS feed and bulk file; a project page offers the
// project's notices as xlsx and CSV next to its OCDS record. Every link answers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { parseCsv } from '../src/modules/excel/csv.ts';
import { Client, createTestEnv, type TestEnv } from './helpers/context.ts';
import { buildProcurementProject, type BuiltProject } from './helpers/projects.ts';

let env: TestEnv;
let proc: BuiltProject;
before(async () => {
  env = await createTestEnv();
  proc = await buildProcurementProject(env);
});
after(async () => env?.close());

const hrefs = (body: string) => [...body.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

describe('download links', () => {
  test('sector page: the filtered list as xlsx and CSV, and the OCDS feed for procurement', async () => {
    const c = new Client(env.app);
    const body = (await c.get('/sectors/procurement?itemType=procurement-award')).body;
    const links = hrefs(body);
    assert.ok(links.includes('/sectors/procurement/export.xlsx?itemType=procurement-award'), 'xlsx with the page’s filter');
    assert.ok(links.includes('/sectors/procurement/export.csv?itemType=procurement-award'), 'CSV with the page’s filter');
    assert.ok(links.includes('/api/v1/ocds/releases') && links.includes('/api/v1/ocds/releases/bulk.json'), 'OCDS feed and bulk file');
    const csv = await c.get('/sectors/procurement/export.csv?itemType=procurement-award');
    assert.equal(csv.statusCode, 200);
    const rows = parseCsv(csv.body);
    assert.ok(rows.slice(1).some((r) => r.includes('课桌椅采购中标结果公告（第1包）')), 'the award is in the file');
    assert.ok(!rows.slice(1).some((r) => r.includes('课桌椅采购合同公告')), 'only the filtered item type');
    assert.equal((await c.get('/api/v1/ocds/releases')).statusCode, 200);
    const housing = hrefs((await c.get('/sectors/housing')).body);
    assert.ok(housing.includes('/sectors/housing/export.xlsx') && !housing.includes('/api/v1/ocds/releases'), 'no OCDS for a sector without contracting');
  });

  test('project page: xlsx and CSV of the project’s notices, and its OCDS record', async () => {
    const c = new Client(env.app);
    const links = hrefs((await c.get(`/projects/${proc.projectId}`)).body);
    for (const l of [`/projects/${proc.projectId}/export.xlsx`, `/projects/${proc.projectId}/export.csv`, `/api/v1/ocds/records/${proc.ocid}`]) assert.ok(links.includes(l), `link ${l}`);
    const csv = await c.get(`/projects/${proc.projectId}/export.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /^text\/csv/);
    const rows = parseCsv(csv.body);
    assert.equal(rows.length - 1, Object.keys(proc.disclosures).length, 'one row per notice of the project');
    const xlsx = await c.get(`/projects/${proc.projectId}/export.xlsx`);
    assert.equal(xlsx.statusCode, 200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    assert.equal(wb.worksheets[0]!.actualRowCount, 1 + Object.keys(proc.disclosures).length, 'the same rows in the workbook');
    assert.equal((await c.get(`/api/v1/ocds/records/${proc.ocid}`)).statusCode, 200);
    assert.equal((await c.get('/projects/999999/export.csv')).statusCode, 404);
  });
});
