import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { readScoreSheet } from './import.ts';
import type { SchemeItem } from './scoring.ts';

const item: SchemeItem = { code: 'C1', name: '第三方评估', maxPoints: 20, kind: 'manual' };
const depts = [{ id: 1, code: 'czj' }, { id: 2, code: 'nyj' }];

async function book(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('结果');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('third-party score sheets: every problem by row and column, or all rows', async () => {
  const cases: [string, (string | number | null)[][], string[] | number][] = [
    ['good, columns in any order, blank rows skipped', [['说明', '得分', '单位代码'], ['好', 18, 'czj'], [null, null, null], ['', 12.5, 'NYJ']], 2],
    ['wrong headers', [['单位', '分数']], ['null:null:wrong_headers']],
    ['unknown, duplicate, out of range, not a number', [['单位代码', '得分'], ['czj', 18], ['czj', 10], ['xx', 21], ['nyj', '良']], ['3:A:duplicate', '4:A:unknown_department', '4:B:out_of_range', '5:B:out_of_range']],
    ['missing score', [['单位代码', '得分'], ['czj', null]], ['2:B:required']],
    ['no data rows', [['单位代码', '得分']], ['null:null:no_rows']],
  ];
  for (const [name, rows, expected] of cases) {
    const r = readScoreSheet(await book(rows), item, depts);
    if (typeof expected === 'number') {
      assert.ok(r.ok, name);
      assert.equal(r.ok && r.rows.length, expected, name);
      assert.deepEqual(r.ok && r.rows.map((x) => [x.departmentId, x.points]), [[1, 18], [2, 12.5]], name);
    } else {
      assert.equal(r.ok, false, name);
      assert.deepEqual(!r.ok && r.issues.map((i) => `${i.row}:${i.column}:${i.code}`), expected, name);
    }
  }
  const notXlsx = readScoreSheet(Buffer.from('plain text'), item, depts);
  assert.equal(!notXlsx.ok && notXlsx.issues[0]!.code, 'not_xlsx');
});
