// The invariants of 国办公开办函〔2021〕30号 (RULES.md §3), counting table 3 from requests, and
// corrections. Table-driven; every broken case names its row and column in Chinese.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyAdjustments, countTable3, type RequestRowForReport } from './report.ts';
import { checkInvariants, emptyTable2, emptyTable4, totaliseTable4, addWanYuan, type Table2, type Table4 } from './tables.ts';
import { emptyTable3, count, totalise, table3Json, TABLE3_ROWS, type Table3 } from './table3.ts';

function balanced(): Table3 {
  const t = emptyTable3();
  count(t, 'new', 'natural', 5);
  count(t, 'carried', 'natural', 1);
  count(t, '1', 'natural', 3);
  count(t, '3.4', 'natural', 1);
  count(t, 'forward', 'natural', 2);
  count(t, 'new', 'legal', 2);
  count(t, '6.2', 'legal', 2);
  return totalise(t);
}

const t4 = (): Table4 => {
  const t = emptyTable4();
  t.reconsideration = [1, 1, 0, 1, 0];
  return totaliseTable4(t);
};

const CASES: [string, (x: { table2: Table2; table3: Table3; table4: Table4 }) => void, RegExp | null][] = [
  ['a balanced report passes', () => {}, null],
  ['一 + 二 ≠ 三（七） + 四 in one column', (x) => void (x.table3.new[0]! += 1, x.table3.new[6]! += 1), /表三“自然人”列：“一、本年新收政府信息公开申请数量”（6）与“二、上年结转政府信息公开申请数量”（1）之和 7，应等于“（七）总计”（4）与“四、结转下年度继续办理”（2）之和 6/],
  ['（七） ≠ the sum of the sub-items', (x) => void (x.table3.total[4]! += 1), /表三“（七）总计”行“法律服务机构”列：应等于（一）至（六）各项之和 2，实为 3/],
  ['总计 column ≠ the sum of the six columns', (x) => void (x.table3['3.4'][6]! += 1), /表三“4\.保护第三方合法权益”行“总计”列：应等于自然人及法人或其他组织各列之和 1，实为 2/],
  ['a negative cell', (x) => void (x.table3['5.2'][1] = -1), /表三“2\.重复申请”行“商业企业”列：应为非负整数/],
  ['a fractional cell', (x) => void (x.table3.forward[2] = 0.5), /表三“四、结转下年度继续办理”行“科研机构”列：应为非负整数/],
  ['table 4: 总计 ≠ its four results', (x) => void (x.table4.reconsideration[4] = 5), /表四“行政复议”“总计”：应等于结果维持、结果纠正、其他结果、尚未审结之和 3，实为 5/],
  ['table 2: a fee amount that is not a number of 万元', (x) => void (x.table2.feesWanYuan = '1,5'), /表二“行政事业性收费”行“本年收费金额（单位：万元）”/],
  ['table 2: a negative count', (x) => void (x.table2.rules.issued = -2), /表二“规章”行“本年制发件数”/],
];

describe('checkInvariants', () => {
  for (const [name, breakIt, message] of CASES) {
    test(name, () => {
      const x = { table2: emptyTable2(), table3: balanced(), table4: t4() };
      breakIt(x);
      const errors = checkInvariants(x);
      if (message === null) assert.deepEqual(errors, []);
      else {
        assert.ok(errors.length >= 1, "errors.length >= 1");
        assert.ok(errors.some((e) => message.test(e.message)), errors.map((e) => e.message).join('\n'));
      }
    });
  }
});

describe('countTable3 from requests', () => {
  const r = (applicantKind: RequestRowForReport['applicantKind'], receivedDate: string, closedDate: string | null, outcome: string | null): RequestRowForReport => ({ applicantKind, receivedDate, closedDate, outcome, late: false });
  const rows = [
    r('natural', '2024-12-20', '2025-01-08', '1'), // 二 and （一）
    r('natural', '2025-03-01', '2025-03-20', '3.4'), // 一 and （三）4
    r('business', '2025-12-20', null, null), // 一 and 四
    r('business', '2025-12-22', '2026-01-05', '2'), // 一 and 四 (closed next year)
    r('legal', '2024-11-01', '2024-12-01', '1'), // closed before the year: not counted
    r('other', '2026-01-02', null, null), // received after the year: not counted
  ];
  test('一/二 by receipt year, 三 by closing year, 四 what is still open at year end', () => {
    const t = countTable3(rows, 2025);
    assert.deepEqual(t.new, [1, 2, 0, 0, 0, 0, 3]);
    assert.deepEqual(t.carried, [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(t['1'], [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(t['3.4'], [1, 0, 0, 0, 0, 0, 1]);
    assert.deepEqual(t.total, [2, 0, 0, 0, 0, 0, 2]);
    assert.deepEqual(t.forward, [0, 2, 0, 0, 0, 0, 2]);
    assert.deepEqual(checkInvariants({ table2: emptyTable2(), table3: t, table4: emptyTable4() }), []);
  });
  test('the JSON form lists every official row with seven values', () => {
    const j = table3Json(countTable3(rows, 2025));
    assert.equal(j.rows.length, TABLE3_ROWS.length);
    assert.equal(j.rows.length, 2 + 21 + 1 + 1);
    assert.ok(j.rows.every((x) => x.values.length === 7), "j.rows.every((x) => x.values.length === 7)");
  });
});

describe('corrections by the department', () => {
  test('totals follow the corrected cells; a one-sided correction unbalances the report', () => {
    const one = applyAdjustments(balanced(), { new: [1, 0, 0, 0, 0, 0] });
    assert.equal(one.new[6], 8);
    const errors = checkInvariants({ table2: emptyTable2(), table3: one, table4: t4() });
    assert.deepEqual(errors.map((e) => e.column), ['自然人', '总计'], 'the balance breaks in the corrected column and in 总计');
    const both = applyAdjustments(balanced(), { new: [1, 0, 0, 0, 0, 0], '1': [1, 0, 0, 0, 0, 0] });
    assert.equal(both.total[0], 5);
    assert.equal(both.total[6], 7);
    assert.deepEqual(checkInvariants({ table2: emptyTable2(), table3: both, table4: t4() }), []);
  });
  test('万元 amounts add exactly', () => {
    assert.equal(addWanYuan('0.1', '0.2'), '0.3');
    assert.equal(addWanYuan('12.0005', '0.9995'), '13');
  });
});
