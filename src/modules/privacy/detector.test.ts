import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { completeCreditCode, completeIdNumber } from '../../domain/identifiers.ts';
import { DETECTOR_RULES, detect, looksLikePersonName } from './detector.ts';
import type { Finding, FindingKind } from './detector.ts';

const TODAY = new Date('2025-06-30T00:00:00Z');

/** Appends the Luhn check digit. */
function luhn(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let v = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  }
  return body + String((10 - (sum % 10)) % 10);
}
/** The same number with the last digit changed: fails Luhn. */
function breakLast(s: string): string {
  const last = Number(s[s.length - 1]);
  return s.slice(0, -1) + String((last + 1) % 10);
}
function fullWidth(s: string): string {
  return s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

const ID_A = completeIdNumber('44023219650312123'); // Guangdong, born 1965-03-12
const ID_B = '11010519491231002X'; // RULES.md §11
const ID_C = '360426199101010071'; // RULES.md §11
const ID_BAD = ID_A.slice(0, 17) + (ID_A.endsWith('9') ? '0' : ID_A.endsWith('X') ? '1' : String(Number(ID_A[17]) + 1));
const ID_IMPOSSIBLE = completeIdNumber('44023219650230123'); // 1965-02-30
const CARD_62 = luhn('622848001234567890'); // 19 digits, UnionPay
const CARD_62_16 = luhn('622202123456789'); // 16 digits
const CARD_4 = luhn('436742123456789'); // 16 digits, Visa-range
const CREDIT_NUMERIC = completeCreditCode('91440200', '12345678');

type Want = [FindingKind, string, string?]; // kind, value, rule

function check(text: string, want: Want[], opts: { minConfidence?: number } = {}): void {
  const got = detect(text, { today: TODAY, ...opts });
  const simplified = got.map((f) => [f.kind, f.value, f.rule] as const);
  const expected = want.map(([k, v, r]) => [k, v, r ?? simplified.find((g) => g[0] === k && g[1] === v)?.[2] ?? '?'] as const);
  assert.deepEqual(simplified, expected, JSON.stringify(got, null, 1));
  for (const f of got) {
    assert.equal(text.slice(f.start, f.end), f.value, 'positions refer to the original text');
    assert.ok(f.confidence >= 0 && f.confidence <= 1, "f.confidence >= 0 && f.confidence <= 1");
    assert.ok(f.rule in DETECTOR_RULES, `rule ${f.rule} is documented`);
    assert.equal(DETECTOR_RULES[f.rule]!.kind, f.kind);
  }
}

function cases(title: string, rows: [string, string, Want[]][]): void {
  describe(title, () => {
    for (const [name, text, want] of rows) test(name, () => check(text, want));
  });
}

cases('idNumber: positives', [
  ['plain after a label', `身份证号码：${ID_A}。`, [['idNumber', ID_A, 'id18-checksum']]],
  ['RULES.md vector with X', `证件号${ID_B}，`, [['idNumber', ID_B, 'id18-checksum']]],
  ['RULES.md vector', `${ID_C}`, [['idNumber', ID_C, 'id18-checksum']]],
  ['lower-case x', `号码 ${ID_B.toLowerCase()} 备注`, [['idNumber', ID_B.toLowerCase()]]],
  ['spaced 6-8-4', `身份证 ${ID_A.slice(0, 6)} ${ID_A.slice(6, 14)} ${ID_A.slice(14)}，`, [['idNumber', `${ID_A.slice(0, 6)} ${ID_A.slice(6, 14)} ${ID_A.slice(14)}`]]],
  ['hyphenated 6-8-4', `身份证：${ID_B.slice(0, 6)}-${ID_B.slice(6, 14)}-${ID_B.slice(14)}`, [['idNumber', `${ID_B.slice(0, 6)}-${ID_B.slice(6, 14)}-${ID_B.slice(14)}`]]],
  ['grouped in fours', `ID number ${ID_A.replace(/(.{4})/g, '$1 ').trim()}.`, [['idNumber', ID_A.replace(/(.{4})/g, '$1 ').trim()]]],
  ['full-width', `身份证号：${fullWidth(ID_B)}`, [['idNumber', fullWidth(ID_B)]]],
  ['full-width with ideographic spaces', `${fullWidth(ID_C.slice(0, 6))}\u3000${fullWidth(ID_C.slice(6, 14))}\u3000${fullWidth(ID_C.slice(14))}`, [['idNumber', `${fullWidth(ID_C.slice(0, 6))}\u3000${fullWidth(ID_C.slice(6, 14))}\u3000${fullWidth(ID_C.slice(14))}`]]],
  ['6-4-4-4', `${ID_A.slice(0, 6)} ${ID_A.slice(6, 10)} ${ID_A.slice(10, 14)} ${ID_A.slice(14)}`, [['idNumber', `${ID_A.slice(0, 6)} ${ID_A.slice(6, 10)} ${ID_A.slice(10, 14)} ${ID_A.slice(14)}`]]],
  ['"证件编号" is an ID label', `证件编号：${ID_A}`, [['idNumber', ID_A]]],
  ['after a row number and a space', `1 ${ID_A} 张三`, [['idNumber', ID_A]]],
  ['two IDs separated by a space', `${ID_A} ${ID_C}`, [['idNumber', ID_A], ['idNumber', ID_C]]],
  ['15-digit after a label', '身份证号：440232650312123', [['idNumber', '440232650312123', 'id15']]],
  ['bad checksum right after an ID label: suspect', `身份证号：${ID_BAD}`, [['idNumber', ID_BAD, 'id18-suspect']]],
]);

cases('idNumber: negatives', [
  ['bad checksum without a label', `编号${ID_BAD}`, []],
  ['impossible birth date even with a label', `身份证号：${ID_IMPOSSIBLE}`, []],
  ['inside a longer digit run', `1${ID_A}5`, []],
  ['letters before', `ID${ID_A}`, []],
  ['glued with a hyphen to a code', `GK-${ID_A}`, []],
  ['统一社会信用代码 with letters', '统一社会信用代码：91350100M000100Y43', []],
  ['统一社会信用代码, RULES.md vector', '信用代码91110000600037341L', []],
  ['all-digit 统一社会信用代码', `统一社会信用代码：${CREDIT_NUMERIC}`, []],
  ['投资项目代码 old form', '项目代码：2017-440304-48-03-012345', []],
  ['投资项目代码 new form', '项目代码：2105-440304-04-01-58043X', []],
  ['18 digits in a hyphenated code', `采购编号：${ID_A.slice(0, 6)}-${ID_A.slice(6)}-01`, []],
  ['mixed separators', `${ID_A.slice(0, 6)} ${ID_A.slice(6, 14)}-${ID_A.slice(14)}`, []],
  ['birth date in the future', `身份证号：${completeIdNumber('44023220260101123')}`, []],
  // Region + date + serial project numbers pass the check character one time in eleven.
  ['project number that happens to pass the ID check', `招标项目编号：${completeIdNumber('44020420230331717')}`, []],
  ['unusual grouping 6-12', `${ID_A.slice(0, 6)} ${ID_A.slice(6)}`, []],
]);

describe('idNumber: 15-digit numbers and company registration numbers', () => {
  // A 15-digit number with a valid region and birth date that also passes ISO 7064 MOD 11,10 –
  // the check of the old 工商注册号 – is likely a registration number without an ID label.
  function regNo(first14: string): string {
    for (let d = 0; d <= 9; d++) {
      const s = first14 + d;
      let p = 10;
      let ok = false;
      for (let i = 0; i < 15; i++) {
        const v = (p % 11) + Number(s[i]);
        if (i === 14) ok = v % 10 === 1;
        else p = ((v % 10) || 10) * 2;
      }
      if (ok) return s;
    }
    throw new Error('no check digit');
  }
  const reg = regNo('44023265031212');
  test('registration-number-like 15 digits are not reported by default', () => check(`编号${reg}`, []));
  test('…but are reported after an ID label', () => check(`身份证号码：${reg}`, [['idNumber', reg, 'id15']]));
  test('…and in a row that names a person', () => check(`1 张三 ${reg} 男`, [['idNumber', reg, 'id15']]));
  test('15 digits with an impossible date are never an ID', () => check('身份证：440232651312123', []));
  test('15 digits with an unknown province are not an ID', () => check('身份证：990232650312123', []));
});

cases('mobile: positives', [
  ['plain', '手机：13812345678', [['mobile', '13812345678', 'mobile-cn']]],
  ['3-4-4 spaces', '电话 138 1234 5678。', [['mobile', '138 1234 5678']]],
  ['3-4-4 hyphens', '联系138-1234-5678', [['mobile', '138-1234-5678']]],
  ['+86 prefix', '+8613912345678', [['mobile', '+8613912345678', 'mobile-cn-intl']]],
  ['+86 and spaces', '电话：+86 139 1234 5678', [['mobile', '+86 139 1234 5678', 'mobile-cn-intl']]],
  ['+86 with hyphens inside', '（+86 199-1234-5678）', [['mobile', '+86 199-1234-5678', 'mobile-cn-intl']]],
  ['full-width', '１５９１２３４５６７８', [['mobile', '１５９１２３４５６７８']]],
  ['two numbers separated by a slash', '13812345678/13912345678', [['mobile', '13812345678'], ['mobile', '13912345678']]],
  ['two numbers separated by a comma', '13812345678,13912345678', [['mobile', '13812345678'], ['mobile', '13912345678']]],
  ['followed by Chinese', '张三13812345678男', [['mobile', '13812345678']]],
  ['at the end of an English sentence', 'Call 13812345678.', [['mobile', '13812345678']]],
]);

cases('mobile: negatives', [
  ['12 digits', '138123456789', []],
  ['part of a 16-digit project number', '4402138123456789', []],
  ['after a letter', 'A13812345678', []],
  ['before a letter', '13812345678B', []],
  ['decimal', '13812345678.25', []],
  ['12x prefix is not mobile', '12345678901', []],
  ['mixed separators', '138-1234 5678', []],
  ['inside a procurement code', 'SGZJ-13812345678-01', []],
  ['e-mail local part only as e-mail', '13812345678@qq.com', [['email', '13812345678@qq.com']]],
]);

describe('landline', () => {
  test('in a row that names a person it is reported', () =>
    check('户主：张三，家庭电话：0751-6612345', [['landline', '0751-6612345', 'landline-area']]));
  test('bracketed area code in a person row', () =>
    check('1 张三 （0751）6612345 大桥镇', [['landline', '（0751）6612345', 'landline-paren']]));
  test("an organisation's contact phone is not reported by default", () =>
    check('采购人：韶关市某某区教育局\n联系电话：0751-8888888', []));
  test("…but is returned at minConfidence 0 with confidence 0.3", () => {
    const f = detect('采购人：韶关市某某区教育局\n联系电话：0751-8888888', { minConfidence: 0, today: TODAY });
    assert.deepEqual(f.map((x) => [x.kind, x.value, x.confidence]), [['landline', '0751-8888888', 0.3]]);
  });
  test('without context the confidence is 0.45', () => {
    const f = detect('电话 020-87654321', { minConfidence: 0, today: TODAY });
    assert.deepEqual(f.map((x) => [x.kind, x.value, x.confidence]), [['landline', '020-87654321', 0.45]]);
  });
  const negatives: [string, string][] = [
    ['3-digit area needs 8 digits', '020-8765432'],
    ['local number may not start with 1', '0751-1234567'],
    ['area code must start with 0', '1751-8123456'],
    ['6-digit local part', '0751-812345'],
    ['a date', '2025-06-30'],
    ['phone-like digits inside a longer run', '075188888889999'],
  ];
  for (const [name, text] of negatives) {
    test(`negative: ${name}`, () => assert.deepEqual(detect(`户主：张三 ${text}`, { minConfidence: 0, today: TODAY }).filter((f) => f.kind === 'landline'), []));
  }
  test('extension is part of the number', () => {
    const f = detect('户主：张三 电话0751-6612345-801', { today: TODAY });
    assert.deepEqual(f.map((x) => x.value), ['0751-6612345-801']);
  });
  test('compact form only after a phone label', () => {
    assert.deepEqual(detect('户主：张三 电话07516612345', { today: TODAY }).map((x) => x.rule), ['landline-compact']);
    assert.deepEqual(detect('户主：张三 编号07516612345', { minConfidence: 0, today: TODAY }), []);
  });
});

cases('bankCard: positives', [
  ['UnionPay 19 digits without a label', `1 张三 ${CARD_62} 2.1万元`, [['bankCard', CARD_62, 'bankcard-luhn']]],
  ['UnionPay 16 digits after a label', `银行卡号：${CARD_62_16}`, [['bankCard', CARD_62_16]]],
  ['grouped in fours', `卡号 ${CARD_62.replace(/(.{4})/g, '$1 ').trim()}`, [['bankCard', CARD_62.replace(/(.{4})/g, '$1 ').trim()]]],
  ['hyphen-grouped', `账号：${CARD_62_16.replace(/(.{4})(?!$)/g, '$1-')}`, [['bankCard', CARD_62_16.replace(/(.{4})(?!$)/g, '$1-')]]],
  ['6 + rest grouping', `${CARD_62.slice(0, 6)} ${CARD_62.slice(6)}`, [['bankCard', `${CARD_62.slice(0, 6)} ${CARD_62.slice(6)}`]]],
  // 622588 199703131137 also passes as an ID (Gansu 62…, born 1997-03-13); the 6-12 grouping is a card's.
  ['6 + 12 grouping that also passes the ID check', '1 | 张三 | 622588 199703131137', [['bankCard', '622588 199703131137']]],
  ['Visa-range with a label', `开户银行：农业银行，账号：${CARD_4}`, [['bankCard', CARD_4]]],
  ['Visa-range grouped', `${CARD_4.replace(/(.{4})/g, '$1 ').trim()}`, [['bankCard', CARD_4.replace(/(.{4})/g, '$1 ').trim()]]],
  ['Visa-range in a row naming a person', `2 李四 ${ID_C} ${CARD_4}`, [['idNumber', ID_C], ['bankCard', CARD_4]]],
  ['full-width', `卡号：${fullWidth(CARD_62)}`, [['bankCard', fullWidth(CARD_62)]]],
  ['an 18-digit card after a bank label that also looks like an ID', `银行卡号：${luhn('62284800123456789')}`, [['bankCard', luhn('62284800123456789')]]],
]);

cases('bankCard: negatives', [
  ['fails Luhn', `卡号：${breakLast(CARD_62)}`, []],
  ['Visa-range without a label or grouping', `项目编号：${CARD_4}`, []],
  ['20 digits', `账号：${CARD_62}0`, []],
  ['letters glued', `CG${CARD_62}`, []],
  ['corporate account of an organisation', `户名：韶关市公共资源交易中心\n开户银行：中国银行韶关分行\n账号：${CARD_4}`, []],
  ['procurement project number', '项目编号：4402042025000123', []],
]);

cases('email', [
  ['personal mailbox', '个人邮箱：zhangsan1990@qq.com', [['email', 'zhangsan1990@qq.com', 'email']]],
  ['with dots and plus', '请发送至 li.si+gk@example.com。', [['email', 'li.si+gk@example.com']]],
  ['stops at Chinese', '邮箱wangwu@163.com联系', [['email', 'wangwu@163.com']]],
  ['trailing dot is not part of it', 'Mail: a_b@mail.example.org.', [['email', 'a_b@mail.example.org']]],
  ['no domain dot', 'user@localhost', []],
  ['no local part', '@example.com', []],
  ['numeric TLD', 'a@1.2.3.4', []],
  ["an agency's mailbox is not reported by default", '采购代理机构：某某招标代理有限公司\n电子邮箱：zbdl@163.com', []],
  ['a government mailbox is not reported by default', '来信请寄 xxgk@sg.gov.cn', []],
]);

cases('address', [
  ['labelled house number', '住址：乳源县大桥镇新村村委会上屋村12号，', [['address', '乳源县大桥镇新村村委会上屋村12号', 'address-house-number']]],
  ['家住', '户主张三家住东河街道解放路2巷3号。', [['address', '东河街道解放路2巷3号']]],
  ['room form', '住址：韶关市浈江区翠园小区3栋501室', [['address', '韶关市浈江区翠园小区3栋501室', 'address-room']]],
  ['house number with building and room', '现住址：浈江区风度北路36号2栋1单元302室', [['address', '浈江区风度北路36号2栋1单元302室']]],
  ['table cell', `3 王五 ${ID_C} 大桥镇新村村民小组8号 拆除重建`, [['idNumber', ID_C], ['address', '大桥镇新村村民小组8号']]],
  ['numbered lot, not a door', '住址相关：工业西路3号标段', []],
  ['document number', '根据财政部令第87号和国办发〔2017〕97号', []],
  ['village without a number', '住址：大桥镇新村村委会上屋村', []],
  ["an organisation's address is not reported by default", '采购人：某某区教育局\n地址：韶关市浈江区解放路123号', []],
]);

cases('sensitiveIdentity', [
  ['category in a person row', `1 张三 ${ID_A} 低保户 拆除重建`, [['idNumber', ID_A], ['sensitiveIdentity', '低保户', 'sensitive-person-row']]],
  ['degree and type', '2 李四 男 肢体残疾二级 修缮加固', [['sensitiveIdentity', '肢体残疾二级']]],
  ['labelled name', '户主：王五，类别：分散供养特困人员', [['sensitiveIdentity', '分散供养特困人员']]],
  ['near a name in prose', '经核查，村民赵六患有尿毒症，家庭困难。', [['sensitiveIdentity', '患有尿毒症']]],
  ['name introduced by 其中', '本批共3户，其中陈七为五保户', [['sensitiveIdentity', '五保户']]],
  ['health, long paragraph', '申请人周八因患病丧失劳动能力，' + '经评议同意列入改造计划。'.repeat(20), [['sensitiveIdentity', '患病']]],
  ['policy sentence, no person', '对低保户、分散供养特困人员、贫困残疾人家庭和建档立卡贫困户等4类重点对象优先改造。', []],
  ['procurement policy', '残疾人福利性单位视同小型、微型企业，享受预留份额、评审优惠等政府采购支持政策。', []],
  ['organisation name near a name', '联系人：张三（区残疾人联合会）', []],
  ['最低保障 is not 低保', '户主：张三，收入高于最低保障线', []],
  ['hospital', '户主：张三，工作单位：市精神病医院', []],
  ['label：value records: the value goes too', `户主姓名：黄金凤 身份证：${ID_A} 残疾类别：肢体 残疾等级：二级`, [['idNumber', ID_A], ['sensitiveIdentity', '残疾类别：肢体'], ['sensitiveIdentity', '残疾等级：二级']]],
  ['yes/no field', '1 | 张三 | 是否低保户：是 | 拆除重建', [['sensitiveIdentity', '低保户：是']]],
  ['a name followed by a sex cell makes a row', '张三 男 1965年3月 患有高血压 大桥镇新村5号', [['sensitiveIdentity', '患有高血压'], ['address', '大桥镇新村5号']]],
  ['already-masked list still names a person', '3 | 王*明 | 44**********1234 | 大桥镇新村5号 | 五保户', [['address', '大桥镇新村5号'], ['sensitiveIdentity', '五保户']]],
  ['statistics are not a person', '本镇低保户共计128户，五保户36户，特困供养人员45人。', []],
]);

describe('realistic documents', () => {
  const id1 = completeIdNumber('44023219650312123');
  const id2 = completeIdNumber('44023219781105402');
  const id3 = '440232520708151';
  const card1 = luhn('621799123456789012');
  const mob1 = '13802561234';
  const text = [
    '大桥镇2025年农村危房改造补助对象公示',
    '根据《乳源瑶族自治县2025年农村危房改造实施方案》，经农户申请、村级评议、镇级审核，现将第一批补助对象公示如下：',
    '序号 户主姓名 身份证号码 联系电话 家庭住址 类别 改造方式 补助金额（万元）',
    `1 张三丰 ${id1} ${mob1} 大桥镇新村村委会上屋村12号 低保户 拆除重建 2.1`,
    `2 李四 ${id2} 138 0256 5678 大桥镇老屋村8号 一级肢体残疾 修缮加固 1.2`,
    `3 王五 ${id3} 0751-5286123 大桥镇新村村民小组3号 分散供养特困人员 拆除重建 2.1`,
    `补助资金通过“一卡通”发放，张三丰账号：${card1}。`,
    '本次改造优先保障低保户、分散供养特困人员、贫困残疾人家庭等重点对象。',
    '公示期为2025年6月3日至2025年6月9日（5个工作日）。如有异议，请在公示期内向大桥镇人民政府反映，联系电话：0751-5281234。',
    '大桥镇人民政府',
    '2025年6月3日',
  ].join('\n');

  test('农村危房改造 beneficiary list: exact findings', () => {
    check(text, [
      ['idNumber', id1, 'id18-checksum'],
      ['mobile', mob1, 'mobile-cn'],
      ['address', '大桥镇新村村委会上屋村12号', 'address-house-number'],
      ['sensitiveIdentity', '低保户', 'sensitive-person-row'],
      ['idNumber', id2, 'id18-checksum'],
      ['mobile', '138 0256 5678', 'mobile-cn'],
      ['address', '大桥镇老屋村8号', 'address-house-number'],
      ['sensitiveIdentity', '一级肢体残疾', 'sensitive-person-row'],
      ['idNumber', id3, 'id15'],
      ['landline', '0751-5286123', 'landline-area'],
      ['address', '大桥镇新村村民小组3号', 'address-house-number'],
      ['sensitiveIdentity', '分散供养特困人员', 'sensitive-person-row'],
      ['bankCard', card1, 'bankcard-luhn'],
    ]);
  });

  const notice = [
    '乳源瑶族自治县某某中学教学楼维修工程采购项目结果公告',
    '一、项目编号：SGZJ2025-GK-0012（财政编号：4402042025000123）',
    '二、项目名称：某某中学教学楼维修工程',
    '三、中标（成交）信息',
    '供应商名称：广东某某建设工程有限公司',
    '统一社会信用代码：91350100M000100Y43',
    `供应商地址：韶关市武江区沿江路16号`,
    '中标（成交）金额：1,234,567.89元（大写：壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分）',
    '投资项目代码：2017-440232-48-03-012345',
    '四、评审专家名单：张某某、李某某、王某某',
    '五、其他补充事宜：本项目落实政府采购政策，残疾人福利性单位视同小型、微型企业。',
    '六、凡对本次公告内容提出询问，请按以下方式联系。',
    '1.采购人信息',
    '名称：乳源瑶族自治县某某中学',
    '地址：乳源县鹰峰东路2号',
    '联系方式：0751-5321234',
    '2.采购代理机构信息',
    '名称：广东某某招标代理有限公司',
    `统一社会信用代码：${CREDIT_NUMERIC}`,
    '地址：韶关市浈江区工业西路5号3楼',
    '联系方式：0751-8888888，（0751）8123456',
    '电子邮箱：gdzb@163.com',
    '3.项目联系方式',
    '项目联系人：陈工',
    '电话：0751-8888888',
    '开标时间：2025年06月18日 09:30，公告期限：2025-06-20至2025-06-23（1个工作日）。',
  ].join('\n');

  test('procurement result notice: nothing personal at the default threshold', () => check(notice, []));
  test('procurement result notice: organisation contacts only at minConfidence 0, all below 0.5', () => {
    const all = detect(notice, { minConfidence: 0, today: TODAY });
    assert.deepEqual(
      all.map((f) => [f.kind, f.value]),
      [
        ['address', '韶关市武江区沿江路16号'],
        ['address', '乳源县鹰峰东路2号'],
        ['landline', '0751-5321234'],
        ['address', '韶关市浈江区工业西路5号3楼'],
        ['landline', '0751-8888888'],
        ['landline', '（0751）8123456'],
        ['email', 'gdzb@163.com'],
        ['landline', '0751-8888888'],
      ],
    );
    assert.ok(all.every((f) => f.confidence < 0.5), "all.every((f) => f.confidence < 0.5)");
  });
});

describe('options and invariants', () => {
  const text = `户主：张三 身份证：${ID_A} 手机：13812345678 低保户`;
  test('kinds filter', () => {
    assert.deepEqual(detect(text, { kinds: ['mobile'], today: TODAY }).map((f) => f.kind), ['mobile']);
  });
  test('a kinds filter does not change what is found for the kinds kept', () => {
    const row = `3 | 阿甲 | ${ID_C} | 五保户`; // only the ID tells that this row names a person (阿甲: no known surname)
    const all = detect(row, { today: TODAY }).filter((f) => f.kind === 'sensitiveIdentity');
    assert.equal(all.length, 1);
    assert.deepEqual(detect(row, { kinds: ['sensitiveIdentity'], today: TODAY }), all);
  });
  test('findings are sorted and never overlap', () => {
    const f = detect(text + '\n' + text, { minConfidence: 0, today: TODAY });
    for (let i = 1; i < f.length; i++) assert.ok(f[i]!.start >= f[i - 1]!.end, "f[i]!.start >= f[i - 1]!.end");
  });
  test('empty text', () => assert.deepEqual(detect(''), []));
  test('pathological input scales linearly', () => {
    // CPU time of 8× the input must grow far less than the 64× a quadratic scan would take
    // (a ratio, not an absolute limit: the machine may be shared).
    const nasty = (k: number): string =>
      ['1 ', '1-', '@a', '路1号', '残疾', '138 ', '张三 ', 'a'].map((u) => u.repeat(1500 * k)).join('') + '@';
    const cpu = (t: string): number => {
      const c0 = process.cpuUsage();
      detect(t, { today: TODAY });
      const c = process.cpuUsage(c0);
      return c.user + c.system;
    };
    const best = (t: string): number => Math.min(cpu(t), cpu(t), cpu(t)); // least-disturbed run
    const small = best(nasty(4));
    const large = best(nasty(32));
    assert.ok(large < small * 24, `8× input took ${(large / small).toFixed(1)}× the time`);
  });
  test('looksLikePersonName', () => {
    const rows: [string, boolean][] = [
      ['张三丰', true], ['李四', true], ['欧阳修文', true], ['黄金', false], ['新村村', false],
      ['身份证号', false], ['户主姓名', false], ['王村', false], ['张', false], ['陈旧', false],
    ];
    for (const [s, want] of rows) assert.equal(looksLikePersonName(s), want, s);
  });
});

// Keep the type import used (the Finding shape is part of the contract).
const _shape: Finding = { kind: 'email', start: 0, end: 1, value: 'a', confidence: 1, rule: 'email' };
void _shape;
