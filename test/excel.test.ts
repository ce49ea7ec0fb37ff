// Excel in and out (issue 4 §3) against the real app on both dialects: the template, the dry-run
// report naming row, column and reason, all-or-nothing import, bad files, and export → import
// round trips without loss.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { completeCreditCode } from '../src/domain/identifiers.ts';
import { confirmedReview } from '../src/modules/privacy/checklist.ts';
import { parseCsv } from '../src/modules/excel/csv.ts';
import { Client, createTestEnv, principalOf, tinyPdf, type TestEnv } from './helpers/context.ts';
import { fillTemplate, makeZip, readSheet, type CellValue } from './helpers/xlsx.ts';

let env: TestEnv;
let editor: Client;
const SUPPLIER = completeCreditCode('91440204', 'MA4UX1Y2');
const SUPPLIER2 = completeCreditCode('91440200', '7076543X');

before(async () => {
  env = await createTestEnv({ MAX_UPLOAD_MB: '2' });
  editor = await new Client(env.app).login('editor');
});
after(async () => env?.close());

async function count(table: 'disclosures' | 'events'): Promise<number> {
  const r = await env.ctx.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function template(code: string): Promise<Buffer> {
  const res = await editor.get(`/admin/item-types/${code}/template.xlsx`);
  assert.equal(res.statusCode, 200, res.body.slice(0, 200));
  return res.rawPayload;
}

async function upload(data: Buffer, opts: { itemType?: string; mode?: 'check' | 'import'; filename?: string } = {}) {
  const csrf = await editor.csrfFrom('/admin/import');
  return editor.postMultipart('/admin/import', { _csrf: csrf, itemType: opts.itemType ?? 'procurement-award', departmentId: String(env.ids.czj), mode: opts.mode ?? 'check' }, [
    { name: 'file', filename: opts.filename ?? '中标结果.xlsx', data, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
  ]);
}

/** Two records: the first with two suppliers and two items (three sheet rows), the second one row. */
function awardRows(overrides: Record<number, Record<string, CellValue>> = {}): Record<string, CellValue>[] {
  const base = { 标题: '课桌椅采购项目中标结果公告', '信息形成（变更）日期': new Date(Date.UTC(2026, 10, 10)), 项目编号: 'ZJCG-2026-001', 项目名称: '课桌椅采购', 采购人: '韶关市浈江区教育局', 采购方式: '公开招标', '预算金额（元）': 1200000, 评审专家名单: '张三、李四、王五', '公告期限（工作日）': 1, '中标（成交）供应商确定日期': '2026/11/9' };
  const rows: Record<string, CellValue>[] = [
    { 记录序号: 1, ...base, '中标供应商·供应商名称': '韶关市甲家具有限公司', '中标供应商·统一社会信用代码': SUPPLIER, '中标供应商·供应商地址': '浈江区一路1号', '中标供应商·中标（成交）金额（元）': 800000, '主要标的信息·名称': '课桌椅', '主要标的信息·数量': 500, '主要标的信息·单位': '套' },
    { 记录序号: 1, '中标供应商·供应商名称': '韶关市乙家具有限公司', '中标供应商·统一社会信用代码': SUPPLIER2, '中标供应商·供应商地址': '浈江区二路2号', '中标供应商·中标（成交）金额（元）': 350000.5, '主要标的信息·名称': '讲台', '主要标的信息·数量': 20, '主要标的信息·单位': '张' },
    { 记录序号: 2, ...base, 标题: '图书采购中标结果公告', 项目编号: 'ZJCG-2026-002', '预算金额（元）': '300,000.00', '中标供应商·供应商名称': '韶关市丙书店', '中标供应商·统一社会信用代码': SUPPLIER, '中标供应商·供应商地址': '浈江区三路3号', '中标供应商·中标（成交）金额（元）': 299000, '主要标的信息·名称': '图书', '主要标的信息·数量': 3000, '主要标的信息·单位': '册' },
  ];
  for (const [i, o] of Object.entries(overrides)) Object.assign(rows[Number(i)]!, o);
  return rows;
}

describe('template', () => {
  test('has Chinese headers with keys in notes, required marks, lists, formats, an instructions sheet and a hidden item-type mark', async () => {
    const buf = await template('procurement-award');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    assert.deepEqual(wb.worksheets.map((w) => w.name), ['数据', '填写说明', '_gongkai']);
    assert.equal(wb.getWorksheet('_gongkai')!.state, 'veryHidden');
    const ws = wb.getWorksheet('数据')!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    assert.equal(headers[0], '记录序号');
    assert.ok(headers.includes('*项目编号') && headers.includes('采购代理机构') && headers.includes('*中标供应商·统一社会信用代码'), headers.join('|'));
    const codeCol = headers.indexOf('*中标供应商·统一社会信用代码') + 1;
    const cell = ws.getRow(1).getCell(codeCol);
    assert.match(String(cell.note), /字段键：f\.suppliers\.creditCode/);
    assert.equal(cell.font?.color?.argb, 'FFC00000', 'required header in red');
    assert.equal(ws.getColumn(codeCol).numFmt, '@', 'codes are text so Excel keeps all 18 characters');
    const methodCol = headers.indexOf('采购方式') + 1;
    const dv = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations.model;
    const letter = String.fromCharCode(64 + methodCol);
    const list = dv[`${letter}2`] ?? dv[`${letter}2:${letter}5001`];
    assert.equal(list?.type, 'list');
    assert.match(list!.formulae[0]!, /公开招标/);
    const guide = (await readSheet(buf, '填写说明')).map((r) => r.join(' ')).join('\n');
    assert.match(guide, /记录序号/);
    assert.match(guide, /f\.suppliers\.creditCode/);
  });

  test('unknown item type → 404; template needs a signed-in user', async () => {
    assert.equal((await editor.get('/admin/item-types/nope/template.xlsx')).statusCode, 404);
    const anon = await new Client(env.app).get('/admin/item-types/procurement-award/template.xlsx');
    assert.equal(anon.statusCode, 303);
  });
});

describe('import', () => {
  test('a dry run of a clean file reports success and saves nothing', async () => {
    const before = await count('disclosures');
    const res = await upload(await fillTemplate(await template('procurement-award'), awardRows()));
    assert.equal(res.statusCode, 200, res.body.match(/<td>[^<]*<\/td><td>[^<]*<\/td><td>[^<]*<\/td><td>[^<]*<\/td>/g)?.join('\n'));
    assert.match(res.body, /检查通过/);
    assert.match(res.body, /2 条记录（3 行）/);
    assert.equal(await count('disclosures'), before);
  });

  test('every bad cell is named by row, column letter, header and a Chinese reason; nothing is saved', async () => {
    const before = await count('disclosures');
    const bad = awardRows({ 0: { '中标供应商·统一社会信用代码': SUPPLIER.slice(0, 17) + (SUPPLIER[17] === '0' ? '1' : '0') }, 1: { '主要标的信息·数量': { formula: '10*2' } }, 2: { 项目名称: null, '中标（成交）供应商确定日期': '2026-02-30', 采购方式: '随便买' } });
    const file = await fillTemplate(await template('procurement-award'), bad, (wb) => wb.getWorksheet('数据')!.mergeCells('AC4:AD4'));
    const res = await upload(file, { mode: 'import' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /未保存任何记录/);
    const rows = [...res.body.matchAll(/<tr><td>(\d+|—)<\/td><td>([A-Z]+|—)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => ({ row: m[1]!, col: m[2]!, header: m[3]!, message: m[4]! }));
    const find = (row: string, re: RegExp) => rows.find((r) => r.row === row && re.test(r.header + r.message));
    assert.ok(find('2', /统一社会信用代码.*校验位不正确/), JSON.stringify(rows));
    assert.ok(find('3', /公式/), 'formula cell');
    assert.ok(find('4', /项目名称.*请填写项目名称/), 'missing required');
    assert.ok(find('4', /有效日期/), 'impossible date');
    assert.ok(find('4', /采购方式.*应为以下之一/), 'enum');
    assert.ok(rows.some((r) => r.row === '4' && r.col === 'AC' && /合并单元格/.test(r.message)), 'merged cell');
    for (const r of rows.filter((x) => x.row !== '—')) assert.match(r.col!, /^[A-Z]+$/);
    assert.equal(await count('disclosures'), before, 'nothing half-imported');
  });

  test('a clean import saves every record as a draft in one go, tables and amounts exact', async () => {
    const before = await count('disclosures');
    const res = await upload(await fillTemplate(await template('procurement-award'), awardRows()), { mode: 'import' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /导入成功/);
    assert.equal(await count('disclosures'), before + 2);
    const rows = await env.ctx.database.db.selectFrom('disclosures').selectAll().orderBy('id', 'desc').limit(2).execute();
    const first = rows.find((r) => r.title === '课桌椅采购项目中标结果公告')!;
    assert.equal(first.state, 'draft');
    assert.equal(first.formed_date, '2026-11-10');
    const f = JSON.parse(first.fields);
    assert.equal(f.budgetAmount, '1200000.00');
    assert.equal(f.awardDate, '2026-11-09', '2026/11/9 normalised');
    assert.deepEqual(f.suppliers.map((s: { creditCode: string; awardAmount: string }) => [s.creditCode, s.awardAmount]), [[SUPPLIER, '800000.00'], [SUPPLIER2, '350000.50']]);
    assert.deepEqual(f.mainItems.map((m: { name: string }) => m.name), ['课桌椅', '讲台']);
    const ev = await env.ctx.database.db.selectFrom('events').selectAll().where('entity', '=', 'disclosure').where('entity_id', '=', first.id).execute();
    assert.equal(ev[0]!.action, 'create');
    assert.equal(JSON.parse(ev[0]!.data!).source, 'xlsx');
  });

  test('one unknown project code in the last row keeps the whole file out', async () => {
    const before = await count('disclosures');
    const rows = awardRows({ 2: { 所属项目编号: 'NO-SUCH-PROJECT' } });
    const res = await upload(await fillTemplate(await template('procurement-award'), rows), { mode: 'import' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /项目编号“NO-SUCH-PROJECT”不存在/);
    assert.equal(await count('disclosures'), before);
  });

  test('an ID number stored as a number is caught before it loses digits', async () => {
    const buf = await fillTemplate(await template('housing-beneficiaries'), [{ 记录序号: 1, 标题: '名单', '信息形成（变更）日期': '2026-11-01', 年度: 2026, '任务和资金分配确定日期': '2026-10-01', '年度改造任务（户）': 1, '补助资金总额（元）': 1000, '补助对象名单·户主姓名': '张三', '补助对象名单·身份证号码': 440204199001011234, '补助对象名单·镇（街道）': '乐园镇', '补助对象名单·村（居）委会': '某村', '补助对象名单·危房等级': 'C级', '补助对象名单·改造方式': '修缮加固', '补助对象名单·补助金额（元）': 1000 }]);
    const res = await upload(buf, { itemType: 'housing-beneficiaries' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /存成了数字/);
  });
});

describe('bad files', () => {
  const cases: [string, () => Promise<Buffer>, RegExp, string?][] = [
    ['a PDF named .xlsx', async () => tinyPdf(), /不是 Excel 工作簿/],
    ['an old .xls (OLE) file', async () => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]), /Excel 97–2003/],
    ['a truncated xlsx', async () => (await template('procurement-award')).subarray(0, 4000), /损坏或不完整/],
    ['a zip bomb (a small file declaring gigabytes)', async () => makeZip([{ name: '[Content_Types].xml', data: Buffer.alloc(10) }, { name: 'xl/workbook.xml', data: Buffer.alloc(1000) }, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(1024 * 1024, 0x20), declaredSize: 2 ** 32 - 2 }]), /压缩炸弹/],
    ['a zip bomb (20 MB of zeros in 20 KB)', async () => makeZip([{ name: '[Content_Types].xml', data: Buffer.alloc(10) }, { name: 'xl/workbook.xml', data: Buffer.alloc(20 * 1024 * 1024) }]), /压缩炸弹/],
    ['a zip whose directory understates the inflated size', async () => makeZip([{ name: '[Content_Types].xml', data: Buffer.alloc(10) }, { name: 'xl/workbook.xml', data: Buffer.alloc(5_000_000), declaredSize: 1000 }]), /压缩炸弹/],
    ['a Word document', async () => makeZip([{ name: '[Content_Types].xml', data: Buffer.from('<x/>') }, { name: 'word/document.xml', data: Buffer.from('<w/>') }]), /Word/],
    ['the template of another item type', async () => fillTemplate(await template('procurement-intention'), [{ 标题: 'x' }]), /与所选信息类型“中标（成交）结果公告”/],
    ['a renamed data sheet', async () => fillTemplate(await template('procurement-award'), awardRows(), (wb) => (wb.getWorksheet('数据')!.name = 'Sheet1')), /找不到工作表“数据”.*“Sheet1”/],
    ['an unknown and a missing header', async () => fillTemplate(await template('procurement-award'), awardRows(), (wb) => { const ws = wb.getWorksheet('数据')!; ws.getRow(1).getCell(8).value = '采购单位'; wb.removeWorksheet(wb.getWorksheet('_gongkai')!.id); }), /缺少模板中的列：“采购人”[\s\S]*<td>H<\/td><td>采购单位<\/td><td>列标题“采购单位”不属于该信息类型的模板/],
  ];
  for (const [name, make, re] of cases) {
    test(`${name} → a precise message, nothing saved`, async () => {
      const before = await count('disclosures');
      const res = await upload(await make(), { mode: 'import' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, re);
      assert.equal(await count('disclosures'), before);
    });
  }

  test('an upload over the size limit is refused with 413 before reading it', async () => {
    const csrf = await editor.csrfFrom('/admin/import');
    const res = await editor.postMultipart('/admin/import', { _csrf: csrf, itemType: 'procurement-award', departmentId: String(env.ids.czj), mode: 'import' }, [{ name: 'file', filename: 'big.xlsx', data: Buffer.alloc(3 * 1024 * 1024) }]);
    assert.equal(res.statusCode, 413);
  });
});

describe('export', () => {
  const published: number[] = [];
  before(async () => {
    const svc = env.ctx.disclosures;
    const t = env.ctx.itemTypes.byCodeOrUndefined('procurement-award')!;
    const ed = await principalOf(env, 'editor');
    const rv = await principalOf(env, 'reviewer');
    for (const [i, title] of ['办公家具采购, 第"一"批 中标结果', '电脑采购中标结果'].entries()) {
      const id = await svc.createDraft(ed, {
        itemTypeId: t.id, departmentId: env.ids.czj, projectId: null, title, body: `正文第${i}段\n\n- 要点`, formedDate: '2026-11-0' + (i + 1),
        fields: { projectCode: `ZJCG-2026-1${i}`, projectName: '办公家具', purchaser: '浈江区财政局', purchaseMethod: '公开招标', budgetAmount: '123456789012.34', suppliers: [{ name: '甲公司', creditCode: SUPPLIER, address: '一路', awardAmount: '0.10' }, { name: '乙公司', creditCode: SUPPLIER2, address: '二路', awardAmount: '99.99' }], mainItems: [{ name: '桌子', quantity: '1.5', unit: '张', unitPrice: '10.00' }], evaluationExperts: '张三', announcementPeriod: 1, awardDate: '2026-11-01' },
      });
      await svc.submit(ed, id);
      await svc.approve(rv, id, null, confirmedReview());
      await svc.publish(rv, id);
      published.push(id);
    }
  });

  test('xlsx export of one item type imports back without loss', async () => {
    const res = await new Client(env.app).get('/sectors/procurement/export.xlsx?itemType=procurement-award');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-disposition']), /filename\*=UTF-8''/);
    const before = await count('disclosures');
    const imp = await upload(res.rawPayload, { mode: 'import', filename: 'export.xlsx' });
    assert.equal(imp.statusCode, 200, imp.body.match(/<td>[^<]*<\/td><td>[^<]*<\/td>/g)?.slice(0, 10).join('\n'));
    assert.equal(await count('disclosures'), before + 2);
    const db = env.ctx.database.db;
    const originals = await db.selectFrom('disclosures').selectAll().where('id', 'in', published).execute();
    const copies = await db.selectFrom('disclosures').selectAll().where('id', '>', Math.max(...published)).where('state', '=', 'draft').orderBy('id', 'desc').limit(2).execute();
    for (const o of originals) {
      const c = copies.find((x) => x.title === o.title);
      assert.ok(c, o.title);
      assert.deepEqual(JSON.parse(c.fields), JSON.parse(o.fields), 'fields identical');
      assert.equal(c.body, o.body);
      assert.equal(c.formed_date, o.formed_date);
    }
  });

  test('CSV export: UTF-8 BOM, RFC 4180 quoting, CRLF, the same filters', async () => {
    const res = await new Client(env.app).get('/sectors/procurement/export.csv?itemType=procurement-award');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/csv; charset=utf-8/);
    assert.deepEqual([...res.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.match(res.body, /\r\n/);
    assert.ok(res.body.includes('"办公家具采购, 第""一""批 中标结果"'), 'comma and quotes quoted');
    const rows = parseCsv(res.body);
    assert.equal(rows[0]![0], '记录序号');
    assert.equal(rows.length, 1 + 4, 'two records of two table rows each');
    const generic = parseCsv((await new Client(env.app).get('/sectors/procurement/export.csv?department=czj')).body);
    assert.equal(generic[0]![1], '标题');
    assert.equal(generic.length, 3);
    const none = parseCsv((await new Client(env.app).get('/sectors/procurement/export.csv?department=nyj')).body);
    assert.equal(none.length, 1, 'filter applied: header only');
  });

  test('the project list exports too; an unknown sector is 404', async () => {
    assert.equal((await new Client(env.app).get('/projects/export.xlsx')).statusCode, 200);
    assert.equal((await new Client(env.app).get('/sectors/nope/export.csv')).statusCode, 404);
  });
});
