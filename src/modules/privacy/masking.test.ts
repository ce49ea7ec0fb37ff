import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { completeIdNumber } from '../../domain/identifiers.ts';
import { detect, FINDING_KINDS } from './detector.ts';
import type { Finding, FindingKind } from './detector.ts';
import {
  MASK_RULES,
  NAME_MASK_RULE,
  REMOVED,
  maskAddress,
  maskField,
  maskName,
  maskPersonalInfo,
  maskText,
  maskValue,
} from './masking.ts';
import type { MaskFieldType } from './masking.ts';

const TODAY = new Date('2025-06-30T00:00:00Z');

describe('maskValue', () => {
  const rows: [FindingKind, string, string][] = [
    // ID: first 2 and last 3 kept, one star per hidden character (RULES.md §7: 44*************123)
    ['idNumber', '440102199003071123', '44*************123'],
    ['idNumber', '11010519491231002X', '11*************02X'],
    ['idNumber', '11010519491231002x', '11*************02X'],
    ['idNumber', '110105 19491231 002X', '11*************02X'],
    ['idNumber', '110105-19491231-002X', '11*************02X'],
    ['idNumber', '１１０１０５１９４９１２３１００２Ｘ', '11*************02X'],
    ['idNumber', '440232650312123', '44**********123'],
    // mobile: 138****1234
    ['mobile', '13812341234', '138****1234'],
    ['mobile', '138 1234 1234', '138****1234'],
    ['mobile', '138-1234-1234', '138****1234'],
    ['mobile', '１３８１２３４１２３４', '138****1234'],
    ['mobile', '+8613812341234', '+86 138****1234'],
    ['mobile', '+86 138-1234-1234', '+86 138****1234'],
    ['mobile', '86 13812341234', '86 138****1234'],
    // landline: area code and last 2
    ['landline', '0751-6612345', '0751-*****45'],
    ['landline', '020-87654321', '020-******21'],
    ['landline', '（0751）6612345', '0751-*****45'],
    ['landline', '(020)87654321', '020-******21'],
    ['landline', '0751 6612345', '0751-*****45'],
    ['landline', '07516612345', '0751-*****45'],
    ['landline', '02087654321', '020-******21'],
    ['landline', '020 8765 4321', '020-******21'],
    ['landline', '0751-6612345-801', '0751-*****45'],
    ['landline', '0751-6612345转801', '0751-*****45'],
    // e-mail: z***@example.com
    ['email', 'zhangsan@example.com', 'z***@example.com'],
    ['email', 'a@b.cn', 'a***@b.cn'],
    ['email', 'li.si+gk@mail.example.org', 'l***@mail.example.org'],
    // address: down to 乡镇/街道
    ['address', '乳源县大桥镇新村村委会上屋村12号', '乳源县大桥镇'],
    ['address', '韶关市浈江区东河街道解放路123号', '韶关市浈江区东河街道'],
    ['address', '东河街道办事处风度路5号', '东河街道办事处'],
    ['address', '大桥乡新村12号', '大桥乡'],
    ['address', '江苏省镇江市京口区大市口街道中山东路1号', '江苏省镇江市京口区大市口街道'],
    ['address', '韶关市浈江区解放路123号', '韶关市浈江区'],
    ['address', '乳源县鹰峰东路2号', '乳源县'],
    ['address', '翠园小区3栋501室', REMOVED],
    ['address', '解放路123号', REMOVED],
    ['address', '大桥镇新村5号', '大桥镇'],
    // removed entirely (个人信息保护法 28)
    ['bankCard', '6228480012345678907', REMOVED],
    ['bankCard', '6222 0212 3456 7890 128', REMOVED],
    ['sensitiveIdentity', '一级肢体残疾', REMOVED],
    ['sensitiveIdentity', '低保户', REMOVED],
  ];
  for (const [kind, value, want] of rows) test(`${kind} ${value}`, () => assert.equal(maskValue(kind, value), want));

  test('ID: the number of stars equals the hidden length', () => {
    for (const id of ['44010219900307112X', '440232650312123']) {
      const masked = maskValue('idNumber', id);
      assert.equal(masked.length, id.length);
      assert.equal(masked.replace(/[^*]/g, '').length, id.length - 5);
    }
  });
});

describe('maskName', () => {
  const rows: [string, string][] = [
    ['张三丰', '张**'],
    ['李四', '李*'],
    ['欧阳修文', '欧阳**'],
    ['欧阳修', '欧阳*'],
    ['司马', '司*'],
    ['买买提·艾力', '买**·**'],
    [' 王五 ', '王*'],
    ['王', '*'],
    ['', ''],
  ];
  for (const [name, want] of rows) test(JSON.stringify(name), () => assert.equal(maskName(name), want));
});

describe('maskText', () => {
  const id = completeIdNumber('44023219650312123');
  const text = `户主：张三丰，身份证号码：${id}，联系电话：13812341234，住址：乳源县大桥镇新村村委会上屋村12号，类别：低保户。`;

  test('masks every finding and keeps the rest', () => {
    const findings = detect(text, { today: TODAY });
    assert.equal(
      maskText(text, findings),
      '户主：张三丰，身份证号码：44*************231，联系电话：138****1234，住址：乳源县大桥镇，类别：【已删除】。'.replace('231', id.slice(-3)),
    );
  });
  test('applying right to left keeps offsets valid when lengths change', () => {
    const t = 'a@b.cn x 0751-6612345 y 一级残疾 z';
    const f: Finding[] = [
      { kind: 'email', start: 0, end: 6, value: 'a@b.cn', confidence: 1, rule: 'email' },
      { kind: 'landline', start: 9, end: 21, value: '0751-6612345', confidence: 1, rule: 'landline-area' },
      { kind: 'sensitiveIdentity', start: 24, end: 28, value: '一级残疾', confidence: 1, rule: 'sensitive-person-row' },
    ];
    assert.equal(maskText(t, f), `a***@b.cn x 0751-*****45 y ${REMOVED} z`);
    assert.equal(maskText(t, [...f].reverse()), `a***@b.cn x 0751-*****45 y ${REMOVED} z`, 'order of findings does not matter');
  });
  test('overlapping findings: the more confident one is applied', () => {
    const t = '卡号6222021234567890128';
    const f: Finding[] = [
      { kind: 'mobile', start: 2, end: 13, value: '62220212345', confidence: 0.5, rule: 'mobile-cn' },
      { kind: 'bankCard', start: 2, end: 21, value: '6222021234567890128', confidence: 0.9, rule: 'bankcard-luhn' },
    ];
    assert.equal(maskText(t, f), `卡号${REMOVED}`);
  });
  test('a finding that does not match the text throws', () => {
    assert.throws(() => maskText('abc', [{ kind: 'email', start: 0, end: 2, value: 'xy', confidence: 1, rule: 'email' }]), /does not match/);
    assert.throws(() => maskText('abc', [{ kind: 'email', start: 2, end: 9, value: 'c', confidence: 1, rule: 'email' }]), /does not match/);
  });
  test('no findings: text unchanged', () => assert.equal(maskText('采购项目编号SGZJ2025-GK-0012', []), '采购项目编号SGZJ2025-GK-0012'));
  test('maskPersonalInfo = detect + maskText', () => {
    assert.equal(maskPersonalInfo('1 李四 13812341234 低保户'), `1 李四 138****1234 ${REMOVED}`);
  });
});

describe('maskField', () => {
  const rows: [MaskFieldType, string, string][] = [
    ['idNumber', '440102199003071123', '44*************123'],
    ['idNumber', '440102199003071124', '44*************124'], // wrong check digit: still an ID field
    ['phone', '13812341234', '138****1234'],
    ['phone', '+86 138 1234 1234', '+86 138****1234'],
    ['phone', '0751-6612345', '0751-*****45'],
    ['phone', '12345', '***45'],
    ['phone', '0751-6612345/13812341234', '0751-*****45/138****1234'],
    ['phone', '13812341234、13912341234', '138****1234、139****1234'],
    ['text', '张三丰', '张**'],
    ['text', '李四', '李*'],
    ['personalName', '欧阳修文', '欧阳**'],
    ['text', '买买提·艾力', '买**·**'],
    ['text', '乳源县大桥镇新村村委会上屋村12号', '乳源县大桥镇'],
    ['text', '乳源县大桥镇新村村委会上屋村', '乳源县大桥镇'],
    ['address', '韶关市浈江区东河街道解放路123号', '韶关市浈江区东河街道'],
    ['textarea', '因病致贫，联系电话13812341234', `因病致贫，联系电话138****1234`],
    ['textarea', '家庭困难，长期无劳动能力', REMOVED],
    ['email', 'zhangsan@example.com', 'z***@example.com'],
    ['bankCard', '6228480012345678907', REMOVED],
    ['sensitiveIdentity', '低保户', REMOVED],
    ['money', '21000.00', REMOVED],
    ['date', '1965-03-12', REMOVED],
    ['enum', '低保户', REMOVED],
    ['text', '   ', ''],
  ];
  for (const [type, value, want] of rows) test(`${type} ${JSON.stringify(value)}`, () => assert.equal(maskField(type, value), want));
});

describe('MASK_RULES', () => {
  test('one rule per finding kind', () => assert.deepEqual(Object.keys(MASK_RULES).sort(), [...FINDING_KINDS].sort()));
  for (const kind of FINDING_KINDS) {
    const rule = MASK_RULES[kind];
    test(`${kind}: example is what maskValue produces`, () => assert.equal(maskValue(kind, rule.example.original), rule.example.masked));
    test(`${kind}: Chinese label, rule and a legal basis`, () => {
      assert.match(rule.label, /[\u4e00-\u9fff]/);
      assert.match(rule.rule, /[\u4e00-\u9fff]/);
      assert.ok(rule.basis.length > 0, "rule.basis.length > 0");
      assert.equal(rule.removed, rule.example.masked === REMOVED);
    });
  }
  test('bank accounts and sensitive identities cite 个人信息保护法 第二十八条', () => {
    for (const k of ['bankCard', 'sensitiveIdentity'] as const) {
      assert.ok(MASK_RULES[k].basis.some((b) => b.includes('个人信息保护法') && b.includes('第二十八条')), "MASK_RULES[k].basis.some((b) => b.includes('个人信息保护法') && b.includes('第二十八条'))");
      assert.equal(MASK_RULES[k].removed, true);
    }
  });
  test('ID rule cites RULES.md §7', () => assert.ok(MASK_RULES.idNumber.basis.some((b) => b.includes('RULES.md §7')), "MASK_RULES.idNumber.basis.some((b) => b.includes('RULES.md §7'))"));
  test('name rule example', () => assert.equal(maskName(NAME_MASK_RULE.example.original), NAME_MASK_RULE.example.masked));
  test('maskAddress never returns more than it was given', () => {
    for (const a of ['大桥镇', '镇江市', '小区3栋', '']) assert.ok(maskAddress(a).length <= Math.max(a.length, REMOVED.length), "maskAddress(a).length <= Math.max(a.length, REMOVED.length)");
  });
});
