import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { completeCreditCode, completeIdNumber } from '../../domain/identifiers.ts';
import { getItemType } from './catalogue-data.ts';
import {
  fieldsToFormValues,
  formFieldName,
  parseFormFields,
  publicView,
  toJsonSchema,
  validateFields,
  type FieldError,
} from './fields.ts';
import type { FieldDef, FieldType } from './types.ts';

const TODAY = new Date('2026-11-26T00:00:00Z');
const USCI = '91350100M000100Y43'; // RULES.md §11 test vector
const ID = '11010519491231002X'; // RULES.md §11 test vector

function one(def: FieldDef, raw: unknown) {
  return validateFields([def], raw === undefined ? {} : { [def.key]: raw }, { today: TODAY });
}
function ok(def: FieldDef, raw: unknown): unknown {
  const r = one(def, raw);
  assert.ok(r.ok, `expected ${JSON.stringify(raw)} to pass: ${r.ok ? '' : JSON.stringify(r.errors)}`);
  return r.value[def.key];
}
function fail(def: FieldDef, raw: unknown): FieldError {
  const r = one(def, raw);
  assert.ok(!r.ok, `expected ${JSON.stringify(raw)} to fail`);
  assert.equal(r.errors.length, 1);
  return r.errors[0]!;
}
const f = (type: FieldType, extra: Partial<FieldDef> = {}): FieldDef => ({ key: 'v', label: '测试项', type, ...extra });

describe('validateFields: accepted values are normalised', () => {
  const cases: [string, FieldDef, unknown, unknown][] = [
    ['text trimmed', f('text'), '  招标公告 ', '招标公告'],
    ['text line breaks become spaces', f('text'), 'a\r\nb\tc', 'a b c'],
    ['text from a number (Excel cell)', f('text'), 2025, '2025'],
    ['text full-width space trimmed', f('text'), '\u3000项目\u3000', '项目'],
    ['textarea keeps line breaks, CRLF→LF', f('textarea'), ' 一、\r\n二、 ', '一、\n二、'],
    ['textarea drops control characters', f('textarea'), 'a\u0000b\u0007c', 'abc'],
    ['integer from number', f('integer'), 42, 42],
    ['integer from string with commas', f('integer'), '1,234', 1234],
    ['integer full-width digits', f('integer'), '１２', 12],
    ['integer within min/max', f('integer', { min: 1, max: 3 }), '3', 3],
    ['money adds two decimals', f('money'), '1234.5', '1234.50'],
    ['money thousands separators', f('money'), '1,234,567.8', '1234567.80'],
    ['money currency sign and 元', f('money'), '￥1,200元', '1200.00'],
    ['money from number', f('money'), 99.9, '99.90'],
    ['money zero', f('money'), '0', '0.00'],
    ['money leading zeros dropped', f('money'), '007.10', '7.10'],
    ['money trailing zero decimals ok', f('money'), '12.500', '12.50'],
    ['money negative where min allows', f('money', { min: -1e9 }), '-300', '-300.00'],
    ['money full-width', f('money'), '１２３．４', '123.40'],
    ['decimal trims trailing zeros', f('decimal'), '85.50', '85.5'],
    ['decimal integer value', f('decimal'), '40.00', '40'],
    ['decimal negative', f('decimal'), '-0.25', '-0.25'],
    ['decimal from number', f('decimal'), 3.125, '3.125'],
    ['date strict', f('date'), '2025-02-28', '2025-02-28'],
    ['date leap day', f('date'), '2024-02-29', '2024-02-29'],
    ['date from Date object', f('date'), new Date('2025-03-01T00:00:00Z'), '2025-03-01'],
    ['enum in options', f('enum', { options: ['C级', 'D级'] }), ' D级 ', 'D级'],
    ['boolean true', f('boolean'), true, true],
    ['boolean "是"', f('boolean'), '是', true],
    ['boolean "false"', f('boolean'), 'false', false],
    ['boolean "0"', f('boolean'), '0', false],
    ['credit code', f('creditCode'), USCI, USCI],
    ['credit code lower case and spaces', f('creditCode'), ' 91350100m000100y43 ', USCI],
    ['credit code second vector', f('creditCode'), '91110000600037341L', '91110000600037341L'],
    ['id number', f('idNumber'), ID, ID],
    ['id number lower-case x', f('idNumber'), '11010519491231002x', ID],
    ['id number second vector', f('idNumber'), '360426199101010071', '360426199101010071'],
    ['investment code old form', f('investmentCode'), '2024-440204-48-01-012345', '2024-440204-48-01-012345'],
    ['investment code new form', f('investmentCode'), '2110440204480100A1B2', '2110440204480100A1B2'],
    ['phone mobile', f('phone'), '138 0013 8000', '13800138000'],
    ['phone landline', f('phone'), '0751-8881234', '0751-8881234'],
    ['phone landline in brackets', f('phone'), '（0751）8881234', '0751-8881234'],
    ['phone hotline', f('phone'), '12345', '12345'],
    ['phone +86 mobile', f('phone'), '+8613800138000', '13800138000'],
    ['url https', f('url'), ' https://www.zhenjiang.gov.cn/a?b=1 ', 'https://www.zhenjiang.gov.cn/a?b=1'],
  ];
  for (const [name, def, raw, expected] of cases) {
    test(name, () => assert.deepEqual(ok(def, raw), expected));
  }
});

describe('validateFields: rejected values give a stable code and a Chinese message', () => {
  const cases: [string, FieldDef, unknown, string, RegExp][] = [
    ['required text', f('text', { required: true }), '   ', 'required', /^请填写测试项$/],
    ['required absent', f('date', { required: true }), undefined, 'required', /请填写测试项/],
    ['required null', f('money', { required: true }), null, 'required', /请填写/],
    ['text too long (default 500)', f('text'), 'x'.repeat(501), 'too_long', /不能超过500个字（当前501个）/],
    ['text maxLength counts characters, not UTF-16 units', f('text', { maxLength: 2 }), '𠀀𠀀𠀀', 'too_long', /不能超过2个字/],
    ['textarea too long (default 20000)', f('textarea'), '字'.repeat(20001), 'too_long', /20000/],
    ['text from an object', f('text'), { a: 1 }, 'invalid_type', /应为文本/],
    ['integer with decimals', f('integer'), '1.5', 'not_an_integer', /应为整数/],
    ['integer number with decimals', f('integer'), 2.5, 'not_an_integer', /应为整数/],
    ['integer words', f('integer'), '十二', 'not_an_integer', /应为整数/],
    ['integer below min', f('integer', { min: 1 }), '0', 'too_small', /不能小于1/],
    ['integer above max', f('integer', { max: 100 }), 101, 'too_large', /不能大于100/],
    ['integer unsafe', f('integer'), '99999999999999999999', 'too_large', /超出允许范围/],
    ['money three decimals', f('money'), '1.005', 'too_many_decimals', /两位小数/],
    ['money decimal comma', f('money'), '1,5', 'not_an_amount', /应为金额/],
    ['money in 万元 is ambiguous', f('money'), '12万元', 'not_an_amount', /应为金额/],
    ['money negative by default', f('money'), '-1', 'too_small', /不能为负数/],
    ['money exponent', f('money'), 1e21, 'not_an_amount', /应为金额/],
    ['money too many digits', f('money'), '1234567890123456', 'too_large', /超出允许范围/],
    ['money above max', f('money', { max: 100 }), '100.01', 'too_large', /不能大于100/],
    ['decimal letters', f('decimal'), '8a', 'not_a_number', /应为数字/],
    ['decimal above max', f('decimal', { max: 100 }), '100.5', 'too_large', /不能大于100/],
    ['decimal seven places', f('decimal'), '0.1234567', 'too_many_decimals', /6位小数/],
    ['date slashes', f('date'), '2025/03/01', 'not_a_date', /YYYY-MM-DD/],
    ['date not real', f('date'), '2025-02-29', 'not_a_date', /有效日期/],
    ['date with time', f('date'), '2025-03-01T10:00', 'not_a_date', /有效日期/],
    ['date Chinese', f('date'), '2025年3月1日', 'not_a_date', /有效日期/],
    ['enum not in options', f('enum', { options: ['C级', 'D级'] }), 'B级', 'not_in_options', /应为以下之一：C级、D级/],
    ['boolean junk', f('boolean'), 'maybe', 'not_a_boolean', /“是”或“否”/],
    ['credit code length', f('creditCode'), '9135010', 'invalid_credit_code', /应为18位（当前7位）/],
    ['credit code letter O', f('creditCode'), '91350100O000100Y43', 'invalid_credit_code', /无效字符/],
    ['credit code check char', f('creditCode'), '91350100M000100Y44', 'invalid_credit_code', /^统一社会信用代码校验位不正确$/],
    ['id number length', f('idNumber'), '1101051949123100', 'invalid_id_number', /应为18位/],
    ['id number check char', f('idNumber'), '110105194912310021', 'invalid_id_number', /校验位不正确/],
    ['id number birth date', f('idNumber'), completeIdNumber('44020419491332002'), 'invalid_id_number', /出生日期不正确/],
    ['id number born in the future', f('idNumber'), completeIdNumber('44020420300101002'), 'invalid_id_number', /出生日期/],
    ['id number letters', f('idNumber'), '11010519491231002A', 'invalid_id_number', /无效字符/],
    ['investment code', f('investmentCode'), '2024-44020-48-01-012345', 'invalid_investment_code', /投资项目代码格式不正确/],
    ['phone too short', f('phone'), '12', 'invalid_phone', /不是有效的电话号码/],
    ['phone letters', f('phone'), '0751-CALLME', 'invalid_phone', /电话号码/],
    ['url javascript', f('url'), 'javascript:alert(1)', 'invalid_url', /http/],
    ['url relative', f('url'), '/path', 'invalid_url', /网址/],
  ];
  for (const [name, def, raw, code, message] of cases) {
    test(name, () => {
      const e = fail(def, raw);
      assert.equal(e.code, code);
      assert.match(e.message, message);
      assert.equal(e.path, 'v');
      assert.equal(e.label, '测试项');
    });
  }

  test('credit code with a broken organisation-code part is rejected even with a matching final check', () => {
    // Build chars 1–17 with a wrong org check char, then give it the matching USCI check char.
    const good = completeCreditCode('91440204', 'MA4W1234');
    const wrongOrg = good.slice(0, 16) + (good[16] === '0' ? '1' : '0');
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let sum = 0;
    for (let i = 0; i < 17; i++) sum += alphabet.indexOf(wrongOrg[i]!) * weights[i]!;
    const forged = wrongOrg + alphabet[(31 - (sum % 31)) % 31];
    const e = fail(f('creditCode'), forged);
    assert.equal(e.code, 'invalid_credit_code');
    assert.match(e.message, /组织机构代码校验位不正确/);
  });

  test('unknown keys are rejected', () => {
    const r = validateFields([f('text')], { v: 'a', vv: 'b' });
    assert.ok(!r.ok, "!r.ok");
    assert.deepEqual(r.errors.map((e) => [e.path, e.code]), [['vv', 'unknown_field']]);
    assert.match(r.errors[0]!.message, /不存在字段“vv”/);
  });

  test('inherited properties are not read as input', () => {
    const r = validateFields([{ key: 'constructor', label: '构造', type: 'text', required: true }], {});
    assert.ok(!r.ok, "!r.ok");
    assert.equal(r.errors[0]!.code, 'required');
  });

  test('blank optional values are omitted and all errors are reported in field order', () => {
    const defs: FieldDef[] = [
      { key: 'a', label: '甲', type: 'text' },
      { key: 'b', label: '乙', type: 'money', required: true },
      { key: 'c', label: '丙', type: 'date' },
    ];
    assert.deepEqual(validateFields(defs, { a: ' ', b: '1' }), { ok: true, value: { b: '1.00' } });
    const r = validateFields(defs, { c: 'x' });
    assert.ok(!r.ok, "!r.ok");
    assert.deepEqual(r.errors.map((e) => `${e.key}:${e.code}`), ['b:required', 'c:not_a_date']);
  });
});

describe('validateFields: tables', () => {
  const award = getItemType('procurement-award')!;
  const suppliers = award.fields.find((d) => d.key === 'suppliers')!;
  const base = {
    projectCode: 'ZJCG2025-001',
    projectName: '医疗设备采购项目',
    purchaser: '浈江区第一人民医院',
    budgetAmount: '1,000,000',
    mainItems: [{ name: '彩色多普勒超声诊断仪', quantity: '2', unitPrice: '450000' }],
    evaluationExperts: '张三、李四、王五',
    announcementPeriod: '1',
    awardDate: '2025-05-06',
  };

  test('a valid award is normalised, cell by cell', () => {
    const r = validateFields(award.fields, {
      ...base,
      suppliers: [{ name: ' 韶关市康华医疗器械有限公司 ', creditCode: USCI.toLowerCase(), address: '韶关市浈江区', awardAmount: '898,000' }],
    });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.errors));
    assert.deepEqual(r.value.suppliers, [
      { name: '韶关市康华医疗器械有限公司', creditCode: USCI, address: '韶关市浈江区', awardAmount: '898000.00' },
    ]);
    assert.equal(r.value.budgetAmount, '1000000.00');
    assert.equal(r.value.announcementPeriod, 1);
    assert.deepEqual(r.value.mainItems, [{ name: '彩色多普勒超声诊断仪', quantity: '2', unitPrice: '450000.00' }]);
  });

  test('cell errors carry the row in path (0-based) and label (1-based)', () => {
    const r = validateFields(award.fields, {
      ...base,
      suppliers: [
        { name: '甲公司', creditCode: USCI, address: '韶关', awardAmount: '1' },
        { name: '乙公司', creditCode: '91350100M000100Y44', address: '韶关', awardAmount: '1', colour: 'red' },
      ],
    });
    assert.ok(!r.ok, "!r.ok");
    assert.deepEqual(r.errors, [
      {
        path: 'suppliers.1.creditCode',
        key: 'creditCode',
        label: '中标供应商第2行·统一社会信用代码',
        message: '统一社会信用代码校验位不正确',
        code: 'invalid_credit_code',
      },
      {
        path: 'suppliers.1.colour',
        key: 'colour',
        label: '中标供应商第2行·colour',
        message: '不存在字段“colour”',
        code: 'unknown_field',
      },
    ]);
  });

  test('required cells, required tables, blank rows, non-rows, non-tables', () => {
    const cases: [string, unknown, string[]][] = [
      ['missing cell', [{ name: '甲公司', address: '韶关', awardAmount: '1' }], ['suppliers.0.creditCode:required']],
      ['no rows', [], ['suppliers:required']],
      ['only blank rows', [{ name: ' ', creditCode: '' }], ['suppliers:required']],
      ['not an array', 'abc', ['suppliers:not_a_table']],
      ['a row that is not an object', [7], ['suppliers.0:not_a_row']],
    ];
    for (const [name, rows, expected] of cases) {
      const r = validateFields(award.fields, { ...base, suppliers: rows });
      assert.ok(!r.ok, name);
      assert.deepEqual(r.errors.map((e) => `${e.path}:${e.code}`), expected, name);
    }
    const r = validateFields(award.fields, { ...base, suppliers: [] });
    assert.ok(!r.ok, "!r.ok");
    assert.equal(r.errors[0]!.message, '请至少填写一行中标供应商');
  });

  test('blank rows are dropped from the value', () => {
    const r = validateFields([suppliers], {
      suppliers: [{}, { name: '甲公司', creditCode: USCI, address: '韶关', awardAmount: '5' }, { name: '' }],
    });
    assert.ok(r.ok, "r.ok");
    assert.equal((r.value.suppliers as unknown[]).length, 1);
  });

  test('at most 2000 rows', () => {
    const row = { name: '甲公司', creditCode: USCI, address: '韶关', awardAmount: '5' };
    assert.ok(validateFields([suppliers], { suppliers: Array.from({ length: 2000 }, () => row) }).ok, "validateFields([suppliers], { suppliers: Array.from({ length: 2000 }, () => row) }).ok");
    const r = validateFields([suppliers], { suppliers: Array.from({ length: 2001 }, () => row) });
    assert.ok(!r.ok, "!r.ok");
    assert.deepEqual(r.errors.map((e) => e.code), ['too_many_rows']);
    assert.match(r.errors[0]!.message, /最多2000行（当前2001行）/);
  });
});

describe('parseFormFields and fieldsToFormValues', () => {
  const defs: FieldDef[] = [
    { key: 'projectName', label: '项目名称', type: 'text', required: true },
    { key: 'budgetAmount', label: '预算金额', type: 'money' },
    { key: 'year', label: '年度', type: 'integer' },
    { key: 'urgent', label: '是否紧急', type: 'boolean' },
    {
      key: 'rows',
      label: '明细',
      type: 'table',
      columns: [
        { key: 'name', label: '名称', type: 'text', required: true },
        { key: 'amount', label: '金额', type: 'money' },
      ],
    },
  ];

  test('flat names become nested input; rows sorted numerically, blank rows dropped, other names ignored', () => {
    const body = {
      _csrf: 'token',
      'f.projectName': '  道路改造 ',
      'f.budgetAmount': '1,000',
      'f.urgent': ['false', 'true'],
      'f.rows.10.name': '第三行',
      'f.rows.2.name': '第二行',
      'f.rows.2.amount': '',
      'f.rows.0.name': '第一行',
      'f.rows.0.amount': '12.5',
      'f.rows.5.name': '  ',
      'f.rows.5.amount': '',
      'f.bogus': 'x',
      'g.projectName': 'ignored',
      'f.rows.x.name': 'malformed',
    };
    const input = parseFormFields(defs, body);
    assert.deepEqual(input, {
      projectName: '  道路改造 ',
      budgetAmount: '1,000',
      urgent: 'true',
      rows: [{ name: '第一行', amount: '12.5' }, { name: '第二行', amount: '' }, { name: '第三行' }],
      bogus: 'x',
    });
    const r = validateFields(defs, input);
    assert.ok(!r.ok, "!r.ok");
    assert.deepEqual(r.errors.map((e) => `${e.path}:${e.code}`), ['bogus:unknown_field']);
  });

  test('invalid input round-trips exactly as typed', () => {
    const body = { 'f.projectName': '', 'f.budgetAmount': '一百万', 'f.year': '二〇二五', 'f.rows.0.name': '', 'f.rows.0.amount': 'abc' };
    const input = parseFormFields(defs, body);
    const r = validateFields(defs, input);
    assert.ok(!r.ok, "!r.ok");
    assert.deepEqual(r.errors.map((e) => `${e.path}:${e.code}`), [
      'projectName:required',
      'budgetAmount:not_an_amount',
      'year:not_an_integer',
      'rows.0.name:required',
      'rows.0.amount:not_an_amount',
    ]);
    assert.deepEqual(fieldsToFormValues(defs, input), body);
  });

  test('a valid value survives value → form → parse → validate unchanged', () => {
    const value = {
      projectName: '浈江区东堤北路市政道路改造工程',
      budgetAmount: '1234.50',
      year: 2025,
      urgent: false,
      rows: [{ name: '甲', amount: '1.00' }, { name: '乙' }],
    };
    const form = fieldsToFormValues(defs, value);
    assert.deepEqual(form, {
      'f.projectName': '浈江区东堤北路市政道路改造工程',
      'f.budgetAmount': '1234.50',
      'f.year': '2025',
      'f.urgent': 'false',
      'f.rows.0.name': '甲',
      'f.rows.0.amount': '1.00',
      'f.rows.1.name': '乙',
    });
    const r = validateFields(defs, parseFormFields(defs, form));
    assert.deepEqual(r, { ok: true, value });
  });

  test('round trip for every shipped item type with a tabular field', () => {
    const housing = getItemType('housing-beneficiaries')!;
    const value = {
      year: 2025,
      allocationDate: '2025-04-10',
      taskHouseholds: 2,
      totalFunds: '80000.00',
      households: [
        { name: '黄某某', idNumber: completeIdNumber('44020419600101001'), town: '犁市镇', village: '黄塘村', dwellingGrade: 'D级', renovationMode: '拆除重建', subsidyAmount: '40000.00' },
        { name: '李某某', idNumber: completeIdNumber('44020419551212002'), town: '花坪镇', village: '花坪村', dwellingGrade: 'C级', renovationMode: '修缮加固', householdCategory: '低保户', subsidyAmount: '40000.00' },
      ],
    };
    const first = validateFields(housing.fields, value, { today: TODAY });
    assert.deepEqual(first, { ok: true, value });
    const again = validateFields(housing.fields, parseFormFields(housing.fields, fieldsToFormValues(housing.fields, value)), { today: TODAY });
    assert.deepEqual(again, first);
  });

  test('formFieldName', () => {
    assert.equal(formFieldName('a'), 'f.a');
    assert.equal(formFieldName('rows', 3, 'name'), 'f.rows.3.name');
  });
});

describe('toJsonSchema', () => {
  test('describes every field type of the catalogue', () => {
    const award = getItemType('procurement-award')!;
    const s = toJsonSchema(award.fields) as {
      $schema: string;
      type: string;
      additionalProperties: boolean;
      required: string[];
      properties: Record<string, Record<string, unknown>>;
    };
    assert.equal(s.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.equal(s.additionalProperties, false);
    assert.ok(s.required.includes('suppliers') && s.required.includes('awardDate'), "s.required.includes('suppliers') && s.required.includes('awardDate')");
    assert.equal(s.properties.budgetAmount!.type, 'string');
    assert.match('1234.50', new RegExp(String(s.properties.budgetAmount!.pattern)));
    assert.doesNotMatch('1234.5', new RegExp(String(s.properties.budgetAmount!.pattern)));
    assert.equal(s.properties.announcementPeriod!.type, 'integer');
    assert.equal(s.properties.announcementPeriod!.minimum, 1);
    assert.equal(s.properties.awardDate!.format, 'date');
    const sup = s.properties.suppliers as { type: string; minItems: number; maxItems: number; items: { required: string[]; properties: Record<string, Record<string, unknown>> } };
    assert.equal(sup.type, 'array');
    assert.equal(sup.minItems, 1);
    assert.equal(sup.maxItems, 2000);
    assert.deepEqual(sup.items.required, ['name', 'creditCode', 'address', 'awardAmount']);
    assert.match(USCI, new RegExp(String(sup.items.properties.creditCode!.pattern)));
    assert.equal(sup.items.properties.creditCode!['x-fieldType'], 'creditCode');
  });

  test('flags personal and confidential fields, types enums and booleans', () => {
    const types: FieldType[] = ['text', 'textarea', 'integer', 'money', 'decimal', 'date', 'enum', 'boolean', 'creditCode', 'idNumber', 'investmentCode', 'phone', 'url'];
    const defs: FieldDef[] = types.map((t) => ({ key: t, label: t, type: t, ...(t === 'enum' ? { options: ['甲', '乙'] } : {}) }));
    defs.push({ key: 'secret', label: '标底', type: 'money', confidential: { until: 'award', basis: '《招标投标法》第二十二条' } });
    const s = toJsonSchema(defs) as { properties: Record<string, Record<string, unknown>> };
    assert.deepEqual(Object.keys(s.properties), [...types, 'secret']);
    assert.deepEqual(s.properties.enum!.enum, ['甲', '乙']);
    assert.equal(s.properties.boolean!.type, 'boolean');
    assert.equal(s.properties.textarea!.maxLength, 20000);
    assert.equal(s.properties.idNumber!['x-personal'], undefined); // only when the def says so
    assert.deepEqual(s.properties.secret!['x-confidential'], { until: 'award', basis: '《招标投标法》第二十二条' });
    assert.match('2024-440204-48-01-012345', new RegExp(String(s.properties.investmentCode!.pattern)));
    const housing = toJsonSchema(getItemType('housing-beneficiaries')!.fields) as { properties: Record<string, { items: { properties: Record<string, Record<string, unknown>> } }> };
    assert.equal(housing.properties.households!.items.properties.idNumber!['x-personal'], true);
  });
});

describe('publicView', () => {
  const tender = getItemType('construction-tender')!;
  const value = { projectName: '道路工程', reservePrice: '8800000.00', maxPrice: '9000000.00' };

  test('标底 is withheld before the award with its legal basis, shown after', () => {
    const before = publicView(tender.fields, value, { awardPublished: false });
    const reserve = before.find((p) => p.key === 'reservePrice')!;
    assert.equal(reserve.value, null);
    assert.deepEqual(reserve.withheld, { reason: '《招标投标法》第二十二条', until: 'award' });
    assert.equal(before.find((p) => p.key === 'maxPrice')!.value, '9000000.00');
    const after = publicView(tender.fields, value, { awardPublished: true });
    const r2 = after.find((p) => p.key === 'reservePrice')!;
    assert.equal(r2.value, '8800000.00');
    assert.equal(r2.withheld, undefined);
  });

  test('absent fields are listed with value null, in definition order', () => {
    const v = publicView(tender.fields, value, { awardPublished: false });
    assert.deepEqual(v.map((p) => p.key), tender.fields.map((d) => d.key));
    const overview = v.find((p) => p.key === 'overview')!;
    assert.equal(overview.value, null);
    assert.equal(overview.withheld, undefined);
  });

  test('evaluation committee names withheld until the award', () => {
    const ev = getItemType('construction-evaluation')!;
    const pv = publicView(ev.fields, { committeeMembers: '张某、李某' }, { awardPublished: false });
    assert.deepEqual(pv.find((p) => p.key === 'committeeMembers')!.withheld, { reason: '《招标投标法》第三十七条', until: 'award' });
  });

  test('always-confidential columns are withheld even after the award; personal columns flagged, not masked', () => {
    const housing = getItemType('housing-beneficiaries')!;
    const id = completeIdNumber('44020419600101001');
    const pv = publicView(
      housing.fields,
      { households: [{ name: '黄某某', idNumber: id, householdCategory: '低保户', subsidyAmount: '1.00' }] },
      { awardPublished: true },
    );
    const h = pv.find((p) => p.key === 'households')!;
    const rows = h.value as Record<string, unknown>[];
    assert.equal(rows[0]!.householdCategory, null);
    assert.equal(rows[0]!.idNumber, id); // masking is the masking module's job
    assert.equal(rows[0]!.village, null);
    const cols = Object.fromEntries(h.columns!.map((c) => [c.key, c]));
    assert.equal(cols.idNumber!.personal, true);
    assert.equal(cols.name!.personal, true);
    assert.match(cols.householdCategory!.withheld!.reason, /个人信息保护法/);
    assert.equal(cols.subsidyAmount!.personal, undefined);
  });

  test('personal scalar fields are flagged', () => {
    const pen = getItemType('general-penalty')!;
    const pv = publicView(pen.fields, { partyIdNumber: ID }, { awardPublished: false });
    const p = pv.find((x) => x.key === 'partyIdNumber')!;
    assert.equal(p.personal, true);
    assert.equal(p.value, ID);
  });
});
