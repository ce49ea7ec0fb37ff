// Pure parts of the Excel module: CSV quoting, column layout, zip checks, sheet XML scanning.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { requireItemType } from '../item-types/catalogue-data.ts';
import { columnLetter, normaliseHeader, recordToRows, sheetColumns, toCellValue } from './columns.ts';
import { csvField, csvLine, parseCsv } from './csv.ts';
import { normaliseDateCell } from './import-service.ts';
import { parseDateStyles, parseSharedStrings, readSheetRows } from './sheet-xml.ts';
import { inspectXlsx } from './zip-guard.ts';

describe('csv (RFC 4180, Excel-safe)', () => {
  const cases: [unknown, string][] = [
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+86 751', "'+86 751"],
    ['-12.50', '-12.50'],
    ['-foo', "'-foo"],
    [true, '是'],
    [null, ''],
    [1234.5, '1234.5'],
  ];
  for (const [input, out] of cases) test(`${JSON.stringify(input)} → ${JSON.stringify(out)}`, () => assert.equal(csvField(input), out));
  test('lines end in CRLF and parse back', () => {
    const line = csvLine(['a,b', 'c"d', 'e\nf']);
    assert.ok(line.endsWith('\r\n'), "line.endsWith('\\r\\n')");
    assert.deepEqual(parseCsv('\uFEFF' + line + csvLine(['x'])), [['a,b', 'c"d', 'e\nf'], ['x']]);
  });
});

describe('columns', () => {
  test('letters', () => assert.deepEqual([1, 26, 27, 52, 703].map(columnLetter), ['A', 'Z', 'AA', 'AZ', 'AAA']));
  test('headers read back tolerate *, spaces, full width and （必填）', () => {
    assert.equal(normaliseHeader(' *中标供应商 · 统一社会信用代码 '), '中标供应商·统一社会信用代码');
    assert.equal(normaliseHeader('项目名称（必填）'), '项目名称');
  });
  test('a record with two table rows takes two sheet rows with its own columns repeated', () => {
    const cols = sheetColumns(requireItemType('procurement-award').fields);
    const rows = recordToRows(cols, 7, { title: 'T', formedDate: '2026-01-01', projectCode: null, body: '', fields: { projectName: 'P', suppliers: [{ name: 'A' }, { name: 'B' }], mainItems: [{ name: 'x' }] } });
    assert.equal(rows.length, 2);
    assert.deepEqual(rows.map((r) => [r._record, r['f.projectName'], r['f.suppliers.name'], r['f.mainItems.name']]), [[7, 'P', 'A', 'x'], [7, 'P', 'B', null]]);
    assert.equal(new Set(cols.map((c) => c.label)).size, cols.length, 'unique headers');
  });
  test('cell values: exact amounts as numbers only when a double holds them', () => {
    assert.equal(toCellValue('money', '1234.50'), 1234.5);
    assert.equal(toCellValue('money', '1234567890123456.78'), '1234567890123456.78');
    assert.deepEqual(toCellValue('date', '2026-03-01'), new Date(Date.UTC(2026, 2, 1)));
    assert.equal(toCellValue('boolean', false), '否');
  });
  test('dates typed in Excel’s many ways', () => {
    const cases: [unknown, unknown][] = [[new Date(Date.UTC(2026, 2, 1)), '2026-03-01'], [46082, '2026-03-01'], ['2026/3/1', '2026-03-01'], ['2026年3月1日', '2026-03-01'], ['2026.03.01', '2026-03-01'], ['明天', '明天']];
    for (const [i, o] of cases) assert.equal(normaliseDateCell(i), o, String(i));
  });
});

describe('zip guard', () => {
  test('not a zip, empty, OLE', () => {
    assert.equal((inspectXlsx(Buffer.alloc(0)) as { problem: { code: string } }).problem.code, 'empty_file');
    assert.equal((inspectXlsx(Buffer.from('hello world, not a zip file at all')) as { problem: { code: string } }).problem.code, 'not_xlsx');
    assert.equal((inspectXlsx(Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(100)])) as { problem: { code: string } }).problem.code, 'legacy_xls');
  });
  test('a truncated zip is corrupt', () => {
    const z = Buffer.concat([Buffer.from('504b0304', 'hex'), zlib.deflateRawSync(Buffer.alloc(100)), Buffer.alloc(64, 7)]);
    assert.equal((inspectXlsx(z) as { problem: { code: string } }).problem.code, 'corrupt_zip');
  });
});

describe('sheet XML', () => {
  test('shared, inline, boolean, error, formula, dates by style, cells without r', () => {
    const shared = parseSharedStrings('<sst><si><t>甲</t></si><si><r><t>乙</t></r><r><t xml:space="preserve"> 丙</t></r></si><si><t>&lt;&amp;&gt;</t></si></sst>');
    assert.deepEqual(shared, ['甲', '乙 丙', '<&>']);
    const styles = parseDateStyles('<styleSheet><numFmts><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="#,##0.00"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="14"/></cellXfs></styleSheet>');
    assert.deepEqual(styles, [false, true, false, true]);
    const xml = '<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>内联</t></is></c></row><row r="3"><c r="A3" s="1"><v>46082</v></c><c t="b"><v>1</v></c><c r="D3" t="e"><v>#N/A</v></c><c r="E3"><f>1+1</f><v>2</v></c><c r="F3" s="2"><v>12.5</v></c></row></sheetData></worksheet>';
    const rows = [...readSheetRows(xml, shared, styles)];
    assert.deepEqual(rows.map((r) => r.number), [1, 3]);
    assert.equal(rows[0]!.values[1], '乙 丙');
    assert.equal(rows[0]!.values[3], '内联');
    assert.deepEqual(rows[1]!.values[1], new Date(Date.UTC(2026, 2, 1)));
    assert.equal(rows[1]!.values[2], true);
    assert.deepEqual(rows[1]!.values[4], { error: '#N/A' });
    assert.deepEqual(rows[1]!.values[5], { formula: '1+1' });
    assert.equal(rows[1]!.values[6], 12.5);
  });
  test('prefixed elements, self-closing rows and cells, <cols> and spans are not cells or styles', () => {
    const xml = '<x:worksheet xmlns:x="main"><x:cols><x:col min="1"/></x:cols><x:sheetData><x:row r="1" spans="1:3"><x:c r="A1" t="str"><x:v>a&amp;b</x:v></x:c><x:c r="B1" s="1"/><x:c r="C1" t="str"><x:f/><x:v>x</x:v></x:c></x:row><x:row r="2"/><x:row r="3" spans="1:2"><x:c r="B3" s="1"><x:v>46082</x:v></x:c></x:row></x:sheetData><x:rowBreaks count="0"/></x:worksheet>';
    const rows = [...readSheetRows(xml, [], [false, true])];
    assert.deepEqual(rows.map((r) => r.number), [1, 3]);
    assert.equal(rows[0]!.values[1], 'a&b');
    assert.equal(rows[0]!.values[2], undefined);
    assert.deepEqual(rows[0]!.values[3], { formula: '' });
    assert.deepEqual(rows[1]!.values[2], new Date(Date.UTC(2026, 2, 1)));
  });
});
