// The file scanner on real generated files (test/fixtures/pii/files.ts): locations per format,
// the XLSX masked rendition, and bad input – corrupt, encrypted, zip bombs, huge sheets – giving a
// clear finding in bounded time, never a crash.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import * as F from '../../../test/fixtures/pii/files.ts';
import { scanXlsx } from './extract-office.ts';
import { stopPdfWorker } from './extract-pdf.ts';
import { formatLocation } from './findings.ts';
import { fileTypeOf, scanFile } from './scan-file.ts';

const HS = F.beneficiaries(4);
const scan = (buf: Buffer, name = '') => scanFile(buf, fileTypeOf(buf, name), name || 'x', { maskXlsx: true });

before(async () => {
  await scan(F.textPdf([['warm-up']])); // pdf.js loads once per process (about a second)
});
after(stopPdfWorker);

describe('locations per format', () => {
  test('text: line numbers', async () => {
    const r = await scan(Buffer.from(`第一行\n户主${HS[0]!.name}，身份证号码${HS[0]!.idNumber}\n`), 'a.txt');
    assert.deepEqual(r.findings.map((f) => [f.kind, formatLocation(f.location)]), [['idNumber', 'line 2']]);
    assert.equal(r.findings[0]!.preview, `44*************${HS[0]!.idNumber.slice(-3)}`);
  });
  test('text in GB18030 (as many offices still save it)', async () => {
    const gbk = Buffer.from([0xc9, 0xed, 0xb7, 0xdd, 0xd6, 0xa4, 0x3a, ...Buffer.from(HS[1]!.idNumber)]); // 身份证:
    const r = await scan(gbk, 'gbk.txt');
    assert.equal(r.findings[0]?.kind, 'idNumber');
  });
  test('PDF with a text layer (CJK, Identity-H + ToUnicode): page and line', async () => {
    const r = await scan(F.beneficiaryPdf(HS));
    assert.equal(r.status, 'text');
    assert.equal(r.pages, 1);
    assert.deepEqual(new Set(r.findings.map((f) => formatLocation(f.location))), new Set(['page 1, line 3', 'page 1, line 4', 'page 1, line 5', 'page 1, line 6']));
    assert.equal(r.findings.filter((f) => f.kind === 'idNumber').length, HS.length);
  });
  test('DOCX: paragraphs, a table row is one paragraph', async () => {
    const r = await scan(await F.beneficiaryDocx(HS));
    assert.equal(r.findings.filter((f) => f.kind === 'idNumber').length, HS.length);
    assert.equal(formatLocation(r.findings[0]!.location), 'paragraph 3');
  });
  test('XLSX: sheet!cell, and a masked rendition without raw values (names masked by their column)', async () => {
    const r = await scan(await F.beneficiaryXlsx(HS));
    const ids = r.findings.filter((f) => f.kind === 'idNumber').map((f) => formatLocation(f.location));
    assert.deepEqual(ids, ['补助对象名单!C2', '补助对象名单!C3', '补助对象名单!C4', '补助对象名单!C5']);
    assert.ok(r.findings.some((f) => f.kind === 'sensitiveIdentity' && f.location.cell === 'F2'), "r.findings.some((f) => f.kind === 'sensitiveIdentity' && f.location.cell === 'F2')");
    assert.ok(r.masked, "r.masked");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.masked as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('补助对象名单')!;
    assert.equal(ws.getCell('C2').text, `44*************${HS[0]!.idNumber.slice(-3)}`);
    assert.equal(ws.getCell('D2').text, `139****${HS[0]!.phone.slice(-4)}`);
    assert.equal(ws.getCell('B2').text, HS[0]!.name[0] + '*'.repeat(HS[0]!.name.length - 1));
    assert.equal(ws.getCell('G2').value, HS[0]!.amount, 'other cells untouched');
    const again = await scan(r.masked);
    assert.deepEqual(again.findings.filter((f) => f.kind === 'idNumber' || f.kind === 'mobile'), []);
  });
  test('PDF: an ID number and a grouped card number wrapped over two lines (and a page) are still found', async () => {
    const id = HS[2]!.idNumber;
    const filler = '经农户申请村民代表会议评议现将评议结果公示如下户主王建国身份证号码';
    const l1 = (filler + id.slice(0, 9)).slice(-30);
    const l2 = (id.slice(9) + '，现住龙溪村，属低保户，现住房经鉴定为Ｄ级危房需要改造').slice(0, 30);
    const r = await scan(F.textPdf([[l1], [l2, '公示期7天。']]));
    const ids = r.findings.filter((f) => f.kind === 'idNumber');
    assert.equal(ids.length, 1, JSON.stringify(r.findings));
    assert.deepEqual(ids[0]!.location, { page: 1, line: 1 });
    assert.equal(ids[0]!.preview, `44*************${id.slice(-3)}`);
  });
  test('scanned PDF (images only) and images: needs manual review', async () => {
    const r = await scan(F.imagePdf(3));
    assert.equal(r.status, 'no_text');
    assert.deepEqual(r.findings.map((f) => [f.kind, f.rule]), [['manualReview', 'pdf-no-text-layer']]);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
    assert.equal((await scan(png)).findings[0]?.kind, 'manualReview');
  });
  test('a PDF with one scanned page among text pages flags that page', async () => {
    const r = await scan(F.textPdf([['第一页正文内容'], [], ['第三页正文内容']]));
    assert.deepEqual(r.findings.map((f) => [f.rule, f.location.page]), [['pdf-page-no-text', 2]]);
  });
});

describe('bad input: a clear finding, bounded time, never a crash', () => {
  const cases: [string, () => Buffer | Promise<Buffer>, string, string, RegExp][] = [
    ['encrypted PDF (open password)', F.encryptedPdf, 'x.pdf', 'file-encrypted', /已加密/],
    ['corrupt PDF', F.corruptPdf, 'x.pdf', 'file-corrupt', /已损坏/],
    ['password-protected Office file (OLE container)', F.encryptedOffice, 'x.docx', 'file-encrypted', /加密/],
    ['DOCX with encrypted entries', F.flaggedEncryptedDocx, 'x.docx', 'file-encrypted', /加密/],
    ['DOCX zip bomb (3 GB declared)', F.declaredBombDocx, 'x.docx', 'zip-bomb', /压缩炸弹/],
    ['XLSX zip bomb (directory lies: 1 KB declared, 64 MB inside)', F.lyingBombXlsx, 'x.xlsx', 'zip-bomb', /压缩炸弹/],
    ['truncated XLSX', F.truncatedXlsx, 'x.xlsx', 'file-corrupt', /损坏|不完整|不是有效/],
  ];
  for (const [name, make, filename, rule, message] of cases) {
    test(name, async () => {
      const buf = await make();
      const t0 = Date.now();
      const r = await scanFile(buf, fileTypeOf(buf, filename), filename);
      assert.ok(Date.now() - t0 < 5000, `bounded time (${Date.now() - t0} ms)`);
      assert.equal(r.status, 'unreadable');
      assert.equal(r.findings.length, 1);
      assert.equal(r.findings[0]!.kind, 'unreadable');
      assert.equal(r.findings[0]!.rule, rule);
      assert.match(r.message ?? '', message);
    });
  }
  test('files over the size cap are not parsed', async () => {
    const r = await scanFile(Buffer.alloc(2048, 0x41), 'text', 'big.txt', { maxBytes: 1024 });
    assert.equal(r.findings[0]?.rule, 'file-too-large');
  });
  test('a huge sheet stops at the cell cap and says so', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('大表');
    for (let i = 0; i < 200; i++) ws.addRow([i, `第${i}行`, 'x', 'y']);
    const x = await scanXlsx(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer), {}, { maxCells: 100 });
    assert.match(x.truncated ?? '', /超过 100 个单元格的上限/);
    assert.ok(x.cells <= 104, "x.cells <= 104");
  });
});
