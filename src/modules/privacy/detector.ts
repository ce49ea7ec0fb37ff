// Personal-information detector for text that is about to be published. Pure: no I/O.
//
// Why it exists: 政府信息公开条例 第十五条 – personal privacy is not disclosed when that harms the
// person; 个人信息保护法 第二十八条 – financial accounts and specific identities (disability, 低保),
// medical and health information are sensitive personal information; the 2018 政务公开工作要点 ask
// for de-identification before publication (RULES.md §2, §7).
//
// Design (speed target ≥ 20 MB/s on one core; bench/pii.ts measures it):
//   pass 1  one regex over runs of ≥ 10 digit-like characters (single spaces or hyphens may group
//           them, full-width digits allowed); each run is split into groups and classified in plain
//           code (ID, mobile, landline, bank card), trying sub-spans only at space boundaries;
//   pass 2  '(' area-code ')' landlines;
//   pass 3  indexOf('@') with a linear scan left and right (no regex backtracking on e-mails);
//   pass 4  one regex anchored on the road/village suffix + 号 (or 栋…室); the start of the address
//           is found by walking back over Han characters (at most 30);
//   pass 5  a plain alternation of sensitive core words (残疾, 低保, …), each widened by a sticky
//           pattern to its phrase (一级肢体残疾, 分散供养特困人员); kept only if its row or sentence
//           names a person.
// All quantifiers are bounded or run over disjoint character classes, so the engine backtracks a
// constant number of steps per position; context look-ups are bounded to a few hundred
// characters, so a text without line breaks stays linear too (tested).
//
// What "names a person" means (context for sensitive words, landlines, e-mails, addresses):
//   a line ≤ 200 characters with a valid ID number, a labelled name (户主：张三, 村民李四…), a name
//   followed by a sex cell (张三 男), an already-masked name or ID (张*丰, 44**********123X), or – in
//   a numbered/tab/| table row – a cell that looks like a name (common surname + 1–2 characters);
//   for prose, the same sentence (。！？, at most 150 characters each way) with an ID or a name.
//
// Confidence and the default threshold (documented decisions):
//   Findings carry a confidence in 0..1; `detect` drops those below `minConfidence` (default 0.5).
//   - Landlines, e-mail addresses and street addresses are usually an organisation's in notices;
//     they are scored by context: in a row/sentence that names a person 0.8–0.85 (reported); in an
//     organisation's contact block (采购人/代理机构/交易中心/公司/局/地点/传真 … nearest before the
//     value) 0.3 and without any marker 0.45 – i.e. not reported by default, because an
//     organisation's public contact phone in a procurement notice is not personal information.
//     E-mail without any marker scores 0.6 (reported); .gov.cn/.edu.cn/.org.cn mailboxes 0.35.
//   - Bank cards: UnionPay (62…) 0.9, 0.97 after an account label; other brands only after an
//     account label (0.85), grouped in fours (0.8) or in a person's row (0.75); a labelled account
//     in an organisation's context (户名：…交易中心 / 开户银行 / 账号) 0.3, whatever its prefix. An ID-shaped number that passes both checks is a card
//     only after an account label or as the second such number in a table row.
//   - 18-digit IDs 0.99, but 0.4 right after a number label (项目编号, 计划编号 …): region + date +
//     serial project numbers pass the check character one time in eleven.
//   - 15-digit IDs (no check digit) 0.9 after an ID label or in a person's row, 0.75 otherwise,
//     0.4 when they pass the MOD 11,10 check of the old 15-digit 工商注册号.
//   Pass `{ minConfidence: 0 }` to see everything (e.g. for a reviewer's "please check" list).
//
// 'idNumber-suspect': an 18-character string that fails the GB 11643 check character but has a
//   valid region and birth date is reported as kind 'idNumber', rule 'id18-suspect', confidence 0.6,
//   only when an ID label (身份证/证件/公民身份号码) stands right before it – a mistyped ID
//   number is still an ID number. Without the label it is not reported (procurement numbers often
//   contain a region code and a date).

import { idNumberCheckChar, isValidCreditCode, isValidIdNumber, investmentCodeForm } from '../../domain/identifiers.ts';

export const FINDING_KINDS = [
  'idNumber',
  'mobile',
  'landline',
  'bankCard',
  'email',
  'address',
  'sensitiveIdentity',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  kind: FindingKind;
  /** UTF-16 offsets into the original text, end exclusive. */
  start: number;
  end: number;
  /** Exactly `text.slice(start, end)`. */
  value: string;
  /** 0..1 */
  confidence: number;
  /** Stable rule id, see DETECTOR_RULES. */
  rule: string;
}

export interface DetectOptions {
  /** Drop findings below this confidence. Default DEFAULT_MIN_CONFIDENCE (0.5). */
  minConfidence?: number;
  /** Only report these kinds (all by default). */
  kinds?: readonly FindingKind[];
  /** Reference date for "birth date not in the future" (default: now). */
  today?: Date;
}

export const DEFAULT_MIN_CONFIDENCE = 0.5;

/** Rule ids with a short description, so reviewers and the UI can explain a finding. */
export const DETECTOR_RULES: Readonly<Record<string, { kind: FindingKind; description: string }>> = {
  'id18-checksum': { kind: 'idNumber', description: '18位居民身份证号码，校验码与出生日期有效（GB 11643）' },
  'id18-suspect': { kind: 'idNumber', description: '紧随“身份证号”等标签的18位号码，出生日期有效但校验码不符（疑似录入错误）' },
  id15: { kind: 'idNumber', description: '15位（一代）居民身份证号码，出生日期与省级代码有效' },
  'mobile-cn': { kind: 'mobile', description: '11位手机号码（1[3-9]开头）' },
  'mobile-cn-intl': { kind: 'mobile', description: '带 +86 / 86 前缀的手机号码' },
  'landline-area': { kind: 'landline', description: '带区号的固定电话（区号-7/8位号码）' },
  'landline-paren': { kind: 'landline', description: '区号加括号的固定电话，如（0751）8888888' },
  'landline-compact': { kind: 'landline', description: '区号与号码连写的固定电话，仅在“电话”等标签之后' },
  'bankcard-luhn': { kind: 'bankCard', description: '16–19位银行卡号，通过 Luhn 校验（银联62开头，或有“账号/银行卡”等标签，或位于个人信息行）' },
  email: { kind: 'email', description: '电子邮箱地址' },
  'address-house-number': { kind: 'address', description: '精确到门牌号的地址（…路/街/巷/村/组…号）' },
  'address-room': { kind: 'address', description: '精确到房号的地址（…栋…室）' },
  'sensitive-person-row': { kind: 'sensitiveIdentity', description: '列有个人姓名或身份证号的行中的特定身份、健康信息' },
  'sensitive-near-name': { kind: 'sensitiveIdentity', description: '与个人姓名或身份证号同在一句中的特定身份、健康信息' },
};

// ---------------------------------------------------------------------------------------------
// Character helpers

function isAsciiDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isDigitLike(c: number): boolean {
  return isAsciiDigit(c) || (c >= 0xff10 && c <= 0xff19);
}
function isLetterLike(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0xff21 && c <= 0xff3a) ||
    (c >= 0xff41 && c <= 0xff5a)
  );
}
function isAlnumLike(c: number): boolean {
  return isDigitLike(c) || isLetterLike(c);
}
function isHan(c: number): boolean {
  return c >= 0x4e00 && c <= 0x9fff;
}
function isSpaceSep(c: number): boolean {
  return c === 0x20 || c === 0xa0 || c === 0x3000;
}
function normaliseDigits(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += digitOf(s.charCodeAt(i));
  return out;
}
/** ASCII digit (or 'X') for a digit-like or x-like character, '' otherwise. */
function digitOf(c: number): string {
  if (isAsciiDigit(c)) return String.fromCharCode(c);
  if (c >= 0xff10 && c <= 0xff19) return String.fromCharCode(c - 0xfee0);
  if (c === 0x58 || c === 0x78 || c === 0xff38 || c === 0xff58) return 'X';
  return '';
}

/**
 * A character that glues a digit run to an adjacent code, e.g. `GK-0012`, `No.123`, `3.1415…`.
 * '/' only glues to letters: `0751-8888888/13812345678` lists two numbers.
 */
function gluesToNeighbour(c: number, neighbour: number): boolean {
  if (c === 0x2d || c === 0xff0d || c === 0x5f || c === 0x2e || c === 0xff0e || c === 0x23 || c === 0xff03) {
    return isAlnumLike(neighbour);
  }
  if (c === 0x2f) return isLetterLike(neighbour);
  return false;
}

function leftBoundaryOk(text: string, pos: number): boolean {
  if (pos === 0) return true;
  const c = text.charCodeAt(pos - 1);
  if (isAlnumLike(c) || c === 0x40 /* @ */) return false;
  return !(pos >= 2 && gluesToNeighbour(c, text.charCodeAt(pos - 2)));
}

function rightBoundaryOk(text: string, pos: number): boolean {
  if (pos >= text.length) return true;
  const c = text.charCodeAt(pos);
  if (isAlnumLike(c) || c === 0x40) return false;
  if (gluesToNeighbour(c, text.charCodeAt(pos + 1))) return false;
  // "12,345" – a thousands separator continues the number.
  if (c === 0x2c && isAsciiDigit(text.charCodeAt(pos + 1)) && isAsciiDigit(text.charCodeAt(pos + 2)) &&
    isAsciiDigit(text.charCodeAt(pos + 3)) && !isDigitLike(text.charCodeAt(pos + 4))) return false;
  return true;
}

/**
 * The line around pos, searched at most 400 characters each way so that a text without line breaks
 * stays linear; a clipped line is longer than any "row" limit used below.
 */
function lineBounds(text: string, pos: number): [number, number] {
  const LIMIT = 400;
  let s = pos;
  const sMin = Math.max(0, pos - LIMIT);
  while (s > sMin && text.charCodeAt(s - 1) !== 10) s--;
  let e = pos;
  const eMax = Math.min(text.length, pos + LIMIT);
  while (e < eMax && text.charCodeAt(e) !== 10) e++;
  return [s, e];
}

function precedes(text: string, pos: number, re: RegExp, n: number): boolean {
  return re.test(text.slice(Math.max(0, pos - n), pos));
}

/** Like precedes, but the label must be on the same line (a table header names a column, not a cell). */
function precedesOnLine(text: string, pos: number, re: RegExp, n: number): boolean {
  let s = pos;
  const min = Math.max(0, pos - n);
  while (s > min && text.charCodeAt(s - 1) !== 10) s--;
  return re.test(text.slice(s, pos));
}

// ---------------------------------------------------------------------------------------------
// Context: does this finding sit in a person's row/clause or in an organisation's contact block?

const ID_LABEL_RE = /身份证|证件|身份号码|公民身份/;
// Labels of document and project numbers. Such numbers are often region code + date + serial and
// then pass the ID check character one time in eleven.
const NUMBER_LABEL_RE = /编号|编码|代码|计划号|合同号|流水号|订单号|批次号|项目号|文号|注册号|登记号|备案号|档案号|单号/;
const BANK_LABEL_RE = /银行|卡号|账号|帐号|账户|帐户|开户|存折|一卡通|一折通|社保卡|储蓄|借记|信用卡|收款/;
const PHONE_LABEL_RE = /电话|手机|联系|[Tt][Ee][Ll]|传真|热线|号码/;
const CREDIT_LABEL_RE = /信用代码|社会信用|纳税人识别号|税号|注册号/;

// Words that introduce a person's data (group 1) or an organisation's (the rest). A bare 中心 is
// not an organisation marker: 中心村 is a common village name.
const MARK_RE = new RegExp(
  '(姓名|户主|申请人|家庭住址|现住址|住址|户籍|居住|家住|身份证|村民|农户|受助|救助对象|补助对象|家庭成员|监护人|本人|个人|困难户|危房户)' +
    '|采购人|采购单位|代理机构|招标人|招标代理|信用代码|公司|集团|事务所|委员会|政府|局|办公室' +
    '|(?:交易|采购|服务|政务|管理|卫生|指挥|信息|数据|评审|检测|监测|培训|文化|活动|医疗)中心' +
    // 咨询电话/举报电话 introduce an office's public service number, even in a sentence about 农户.
    '|医院|学校|投诉|监督|举报|咨询|开标|递交|投标|项目地点|地点|传真|邮编|热线|单位|名称',
  'g',
);

type Ctx = 'person' | 'org' | 'neutral';

/** The kind of the last marker in s. */
function lastMarker(s: string): Ctx {
  MARK_RE.lastIndex = 0;
  let last: Ctx = 'neutral';
  let m: RegExpExecArray | null;
  while ((m = MARK_RE.exec(s)) !== null) last = m[1] !== undefined ? 'person' : 'org';
  return last;
}

/** Last match index of a global regex in s, or -1. */
function lastMatch(re: RegExp, s: string): number {
  re.lastIndex = 0;
  let last = -1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) last = m.index + m[0].length;
  return last;
}

class Scan {
  private personRowCache = new Map<number, boolean>();
  /** Last marker of each (previous) line, by line start. */
  private lineMarker = new Map<number, Ctx>();
  /** Starts of lines on which an ID number was found: such a line names a person. */
  readonly idLines = new Set<number>();
  /** Start offsets of ID findings, in text order (the digit pass runs left to right). */
  readonly idStarts: number[] = [];
  constructor(
    readonly text: string,
    readonly today: Date,
  ) {}

  /** A line that names a person: a valid ID number, a labelled name, or a table row with a name cell. */
  isPersonRow(lineStart: number, lineEnd: number): boolean {
    if (this.idLines.has(lineStart)) return true;
    const cached = this.personRowCache.get(lineStart);
    if (cached !== undefined) return cached;
    const line = this.text.slice(lineStart, lineEnd);
    const r = lineNamesPerson(line, this.today);
    this.personRowCache.set(lineStart, r);
    return r;
  }

  private lineS = -1;
  private lineE = -1;
  /** lineBounds with a one-line cache: candidates arrive in text order, often several per line. */
  line(pos: number): [number, number] {
    if (pos >= this.lineS && pos < this.lineE) return [this.lineS, this.lineE];
    const b = lineBounds(this.text, pos);
    // Only a complete line (not clipped at the 400-character search limit) may be reused.
    const complete = (b[0] === 0 || this.text.charCodeAt(b[0] - 1) === 10) && (b[1] === this.text.length || this.text.charCodeAt(b[1]) === 10);
    if (complete) {
      this.lineS = b[0];
      this.lineE = b[1];
    }
    return b;
  }

  /** A table row (numbered, or with tab/| cells) on which an ID number was already found before pos. */
  secondIdInRow(pos: number): boolean {
    const [ls, le] = this.line(pos);
    if (le - ls > 200 || !this.idLines.has(ls)) return false;
    const line = this.text.slice(ls, le);
    return ROW_START_RE.test(line) || /[\t|｜]/.test(line);
  }

  hasIdIn(from: number, to: number): boolean {
    const a = this.idStarts;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < a.length && a[lo]! < to;
  }

  /**
   * 'person' when the value sits in a row that names a person (unless an organisation word labels
   * it on that row), otherwise whichever marker – personal or organisational – is nearest before it
   * on its line or on the three lines before (a contact block of a notice); 'neutral' when there is
   * none.
   */
  context(start: number, _end: number): Ctx {
    const text = this.text;
    const [ls, le] = this.line(start);
    if (le - ls <= 200 && this.isPersonRow(ls, le)) {
      return lastMarker(text.slice(ls, start)) === 'org' ? 'org' : 'person';
    }
    // Nearest marker first on this line, then on up to three lines before it (a contact block:
    // "2.采购代理机构信息 / 名称：… / 地址：… / 联系方式：…"), each line scanned once.
    const from = Math.max(ls, start - 120);
    const onLine = lastMarker(text.slice(from, start));
    if (onLine !== 'neutral' || from > ls) return onLine;
    let end = ls - 1; // the '\n' ending the previous line
    for (let k = 0; k < 3 && end >= 0; k++) {
      const [ps] = lineBounds(text, end);
      let mk = this.lineMarker.get(ps);
      if (mk === undefined) {
        mk = lastMarker(text.slice(Math.max(ps, end - 120), end));
        this.lineMarker.set(ps, mk);
      }
      if (mk !== 'neutral') return mk;
      end = ps - 1;
    }
    return 'neutral';
  }
}

// ---------------------------------------------------------------------------------------------
// Personal names (only used as context, never reported on their own)

// Common single-character surnames. Rare surnames that mostly begin ordinary words
// (危 全 应 和 平 国 计 来 都 普 相 初 门 云 容 敬 公 利 居 干 元 信 展 智 幸 富 由 明 时 原 单 管 项 支 路 房 …)
// are left out on purpose: a missed name costs less than a policy sentence read as a person.
const SURNAMES = new Set(
  ('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧赖常符麦简车连卫芦师成田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝游辛靳柴蒙鲍华喻祁蒲滕屈饶牟艾尤穆卓古吉缪褚娄窦戚岑景党宫卜冷晏席米柏宗瞿桂佟臧闵苟邬边卞姬仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池麻迟邝封匡鞠荆冀郁胥储栗燕楚鄢谌奚皮粟冼蔺闻厉伊郜阚屠帅禹') .split(''),
);
const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '令狐', '澹台', '轩辕', '端木', '独孤', '南宫', '西门', '百里', '呼延', '钟离', '宗政', '濮阳', '淳于', '拓跋', '申屠'];

// Ordinary words that start with a surname character and could stand alone in a cell or clause.
const NOT_NAMES = new Set(
  ('万元 金额 金融 安全 安置 安排 文件 文化 管理 房屋 时间 全部 项目 单位 施工 关于 康复 华侨 黄金 高度 高速 高层 周期 周边 周年 林地 林业 石材 方式 方案 方面 ' +
    '田地 程序 于是 何时 许可 严格 常规 温度 齐全 平方 合计 国家 公告 公示 公开 公司 信息 原因 原有 原址 宣传 计划 江河 路面 包括 包含 ' +
    '陆续 史料 杨梅 鲁班 向阳 阳光 和谐 白色 龙头 顾问 毛坯 万户 万人 余额 余款 任务 任何 任职 任期 付款 付清 方法 申请 申报 申诉 ' +
    '段落 雷电 侯选 汤料 孔径 武装 戴帽 莫名 殷实 詹天 柳树 甘蔗 包装 宁静 尚未 舒适 阮囊 纪律 纪念 梅雨 童年 凌晨 毕业 季度 霍乱 ' +
    '涂料 苗木 谷物 盛大 曲线 翁源 蓝色 游客 辛苦 柴油 蒙古 华南 喻为 蒲扇 屈服 穆斯 卓越 古代 吉祥 景观 党员 党委 党建 宫殿 冷库 ' +
    '席位 米粮 宗教 桂花 边界 边缘 沙石 荣誉 郎中 池塘 麻醉 迟延 封闭 冀望 郁闷 燕窝 楚国 皮肤 闻名 厉害 伊始 屠宰 帅气 禹州 ' +
    '钱款 高等 高效 马路 胡同 黎明 黄色 金属 石头 田野 董事 叶片 程度 苏醒 韦氏 夏季 秦岭 秦朝 江西 江苏 尹氏 薛氏 易于 乔木 伍拾 ' +
    '庞大 颜色 倪氏 庄园 聂氏 章程 岳父 翟氏 欧元 耿直 关系 关注 关键 兰花 焦点 俞氏 左右 左侧 祝贺 包干 包工 柯氏 毕竟 季节 裴氏 ' +
    '谷歌 曲江 冉冉 骆驼 靳氏 鲍鱼 祁连 滕氏 饶恕 牟利 艾滋 尤其 缪氏 褚氏 娄底 窦氏 戚氏 岑溪 卜卦 晏氏 柏油 瞿氏 佟氏 臧氏 闵行 ' +
    '苟且 邬氏 卞氏 姬氏 仇恨 栾川 隋朝 刁难 巫山 寇氏 桑拿 甄别 丛林 仲裁 虞城 敖包 巩固 佘氏 匡算 鞠躬 荆州 胥氏 储备 储蓄 栗子 ' +
    '鄢陵 谌氏 奚落 粟米 冼氏 蔺氏 阚氏 郜氏 韩国 唐朝 宋体 许多 何况 罗列 郑重 梁山 谢谢 曹操 彭湃 曾经 肖像 田间 袁氏 潘氏 蒋氏 ' +
    '蔡氏 杜绝 吕氏 丁字 沈阳 姚氏 卢比 姜黄 崔氏 钟点 钟表 谭氏 汪洋 范围 廖氏 贾氏 付出 邹氏 孟春 熊猫 邱氏 闫氏 陶瓷 贺电 郝氏 ' +
    '常规 常用 常住 常年 常务 符合 麦粒 简介 简易 简称 车辆 车位 车库 连续 连片 连接 卫生 卫星 芦苇 师资 师生 成交 成本 成员 成立 成果 成功 成品 成绩 成效 成都 ' +
    '龚氏 邵阳 严重 严禁 覃塘 武器 温暖 康乐 施行 牛奶 樊城 葛根 邢台 安徽 齐心 乔迁 王牌 王国 李子 张贴 张家 刘海 陈旧 陈列 杨树 ' +
    '赵县 吴川 周一 周二 周三 周四 周五 周六 周日 周末 徐州 孙子 马上 马达 朱砂 胡乱 郭氏 林场 林区 罗马 宋朝 唐山 许昌 冯氏 邓氏 ' +
    '于都 于此 于该 余下 余额 杜仲 叶子 苏州 魏氏 丁香 任意 沈氏 姚安 卢氏 姜汁 崔嵬 钟山 谭氏 陆地 陆上 汪氏 金色 石灰 廖氏 贾宝 ' +
    '夏天 韦伯 方向 方便 白天 白蚁 邹城 孟氏 熊氏 秦皇 江门 尹氏 薛氏 段氏 雷州 侯氏 龙门 史上 陶氏 黎族 贺州 顾及 毛巾 郝氏 龚氏')
    .split(' '),
);

// Characters that end places, organisations and things, not given names.
const NON_NAME_END = new Set('村镇乡区县市省街路组户局所站厂场院会委办队部科室处庄屯寨湾岭园苑城楼堂宫号栋年月日级类项批期费款额价率数量房屋道巷弄里坊坪坑垌洞寺庙湖塘港'.split(''));
// Characters that may follow a name in prose ("张三因病", "李四家", "王五为低保户").
const NAME_FOLLOW = new Set('因为系是患家住，的等在于及和与男女户身年现属、。；：:,;（(）) \t|｜'.split(''));

/** Is `s` (2–4 Han characters) plausibly a Chinese personal name? */
export function looksLikePersonName(s: string): boolean {
  if (s.length < 2 || s.length > 4) return false;
  for (let i = 0; i < s.length; i++) if (!isHan(s.charCodeAt(i))) return false;
  // Only whole tokens are compared: 韩国飞, 王国华, 李子明 are names although 韩国, 王国, 李子 are words.
  if (NOT_NAMES.has(s)) return false;
  const last = s[s.length - 1]!;
  if (NON_NAME_END.has(last)) return false;
  if (s.length >= 3 && COMPOUND_SURNAMES.includes(s.slice(0, 2))) return true;
  if (s.length === 4) return false;
  return SURNAMES.has(s[0]!);
}

/**
 * Names introduced by a label: 户主：张三 / 村民李四因病 / 申请人 王五. The name is the longest
 * 2–3 character prefix that is followed by a non-Han character or a typical follower (因/家/为…).
 */
const LABELLED_NAME_RE =
  /(?:户主姓名|户主|姓名|申请人|村民|农户|居民|受助人|救助对象|补助对象|监护人|患者|家属|其中|户名|经查|经核实)[：:\s]*([\u4e00-\u9fff]{2,5})/g;

function nameAt(s: string): string | null {
  for (const len of [3, 2, 4]) {
    if (s.length < len) continue;
    const cand = s.slice(0, len);
    const next = s[len];
    if (next !== undefined && isHan(next.charCodeAt(0)) && !NAME_FOLLOW.has(next)) continue;
    if (looksLikePersonName(cand)) return cand;
  }
  return null;
}

/** Offsets of labelled names in s (relative to s). */
function labelledNames(s: string): number[] {
  const out: number[] = [];
  LABELLED_NAME_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = LABELLED_NAME_RE.exec(s)) !== null) {
    const cap = m[1]!;
    // Look past the capture so that "村民张三因病" sees the follower '因'.
    const after = s.slice(m.index + m[0].length - cap.length, m.index + m[0].length - cap.length + 6);
    if (nameAt(after) !== null) out.push(m.index + m[0].length - cap.length);
  }
  return out;
}

// A Han token standing alone between cell or clause separators: "| 张三 |", "，李四、".
const CELL_TOKEN_RE = /(?:^|[\s|｜\t，,、；;：:（(])([\u4e00-\u9fff]{2,4})(?=$|[\s|｜\t，,、；;（(）)])/g;

function cellNames(s: string): number[] {
  const out: number[] = [];
  CELL_TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CELL_TOKEN_RE.exec(s)) !== null) {
    const tok = m[1]!;
    if (looksLikePersonName(tok)) out.push(m.index + m[0].length - tok.length);
    // The lookahead leaves the separator unconsumed, so adjacent cells are all seen.
  }
  return out;
}

// "其中张三为低保户", "张三系五保户", "张三（男，68岁）": a name right before a typical verb or
// bracket, starting at a clause boundary or after a short introducing word.
const PROSE_FOLLOWERS = new Set('为系属是因患家（(，、'.split(''));
const PROSE_INTRO_RE = /(?:其中|户主|村民|农户|居民|将|经|对|由|其|与|和|及)$/;

function proseNames(s: string): number[] {
  const out: number[] = [];
  for (let f = 2; f < s.length; f++) {
    if (!PROSE_FOLLOWERS.has(s[f]!)) continue;
    for (const len of [2, 3, 4]) {
      const st = f - len;
      if (st < 0) break;
      if (!SURNAMES.has(s[st]!) && (len < 3 || !COMPOUND_SURNAMES.includes(s.slice(st, st + 2)))) continue;
      const tok = s.slice(st, f);
      const prev = st === 0 ? 0 : s.charCodeAt(st - 1);
      const introduced = st === 0 || !isHan(prev) || PROSE_INTRO_RE.test(s.slice(Math.max(0, st - 2), st));
      if (introduced && looksLikePersonName(tok)) out.push(st);
    }
  }
  return out;
}

const ROW_START_RE = /^\s*(?:\d{1,4}|[０-９]{1,4})(?:[.、．\s\t|｜]|$)/;
// Lists that were already partly masked still name a person: "张*丰", "李**", "王某某", "44**********123X".
const MASKED_NAME_RE = /(?:^|[\s|｜\t，,、；;：:（(])[\u4e00-\u9fff](?:[*＊×]{1,3}[\u4e00-\u9fff]?|某{1,2})(?=$|[\s|｜\t，,、；;（(）)])/;
const NAME_SEX_RE = /(?:^|[\s|｜\t，,、])([\u4e00-\u9fff]{2,4})[\s|｜\t，,、（(]+[男女](?=$|[\s|｜\t，,、）)])/g;
const MASKED_ID_RE = /(?<![0-9A-Za-z*])[0-9]{1,6}[*＊]{6,14}[0-9]{1,4}[0-9Xx]?(?![0-9A-Za-z*])/;
const ID18_IN_LINE_RE = /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx](?![0-9A-Za-z])/g;

function lineNamesPerson(line: string, today: Date): boolean {
  ID18_IN_LINE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ID18_IN_LINE_RE.exec(line)) !== null) if (isValidIdNumber(m[0], today)) return true;
  if (labelledNames(line).length > 0 || MASKED_ID_RE.test(line)) return true;
  // "张三 男 1965年3月 …": a name followed by a sex cell.
  NAME_SEX_RE.lastIndex = 0;
  let ns: RegExpExecArray | null;
  while ((ns = NAME_SEX_RE.exec(line)) !== null) if (looksLikePersonName(ns[1]!)) return true;
  const tableLike = ROW_START_RE.test(line) || /[\t|｜]/.test(line);
  return tableLike && (cellNames(line).length > 0 || MASKED_NAME_RE.test(line));
}

// ---------------------------------------------------------------------------------------------
// Pass 1: digit runs

// Runs of at least 10 digit-like characters (the shortest entity is a 3-digit area code plus 7
// digits); single spaces or hyphens may separate digits. A trailing X belongs to an ID number.
// Found by a plain loop: cheaper than a regex here, and it counts the digits on the way.
function isRunSep(c: number): boolean {
  return c === 0x20 || c === 0xa0 || c === 0x3000 || c === 0x2d || c === 0xff0d || c === 0x2010 || c === 0x2011 || c === 0x2013;
}
function isXLike(c: number): boolean {
  return c === 0x58 || c === 0x78 || c === 0xff38 || c === 0xff58;
}

interface Group {
  start: number; // offset of first digit in text
  end: number;
  digits: string; // ASCII digits (plus trailing 'X')
  sep: 's' | 'h' | ''; // separator before this group
}

const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

function luhnOk(d: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = d.length - 1; i >= 0; i--) {
    let v = d.charCodeAt(i) - 48;
    if (v < 0 || v > 9) return false;
    if (dbl) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

/** ISO 7064 MOD 11,10 – the check digit of the old 15-digit 工商注册号 (GS15-2006). */
function mod1110Ok(d: string): boolean {
  let p = 10;
  for (let i = 0; i < d.length; i++) {
    let s = (p % 11) + (d.charCodeAt(i) - 48);
    if (i === d.length - 1) return s % 10 === 1;
    s %= 10;
    p = (s === 0 ? 10 : s) * 2;
  }
  return false;
}

const AREA_CODE_RE = /^0(?:10|2\d|[3-9]\d\d)$/;

function landlineSplitOk(area: string, local: string): boolean {
  if (!AREA_CODE_RE.test(area)) return false;
  if (!/^[2-9]/.test(local)) return false;
  // 010 and 02x are followed by 8 digits; 4-digit area codes by 7 or 8.
  return area.length === 3 ? local.length === 8 : local.length === 7 || local.length === 8;
}

function sameSeparators(groups: Group[], i: number, j: number): boolean {
  const first = groups[i + 1]?.sep;
  for (let k = i + 2; k <= j; k++) if (groups[k]!.sep !== first) return false;
  return true;
}

interface Candidate {
  kind: FindingKind;
  rule: string;
  confidence: number;
  start: number;
  end: number;
}

function classifyDigits(
  scan: Scan,
  groups: Group[],
  i: number,
  j: number,
  plusAt: number, // offset of a leading '+', or -1
): Candidate | null {
  const text = scan.text;
  let d = '';
  for (let k = i; k <= j; k++) d += groups[k]!.digits;
  const lens: number[] = [];
  for (let k = i; k <= j; k++) lens.push(groups[k]!.digits.length);
  const n = lens.length;
  const start = i === 0 && plusAt >= 0 ? plusAt : groups[i]!.start;
  const end = groups[j]!.end;
  // Mixed separators ("0751-888 8888") are not one number – except after a country code:
  // "+86 138-1234-5678".
  const countryCode = groups[i]!.digits === '86' && n > 1;
  if (n > 1 && !sameSeparators(groups, countryCode ? i + 1 : i, j)) return null;
  if (countryCode && !(d.length === 13 && /^861[3-9]/.test(d))) return null;
  const hasX = d.endsWith('X');
  const digitsOnly = hasX ? d.slice(0, -1) : d;
  if (digitsOnly.includes('X')) return null;

  // 居民身份证号码, 18 characters (GB 11643). Groupings people use: 6-8-4, 6-4-4-4, 4-4-4-4-2.
  const idShape =
    n === 1 ||
    (n === 3 && lens[0] === 6 && lens[1] === 8) ||
    (n === 4 && lens[0] === 6 && lens[1] === 4 && lens[2] === 4) ||
    (n === 5 && lens[0] === 4 && lens[1] === 4 && lens[2] === 4 && lens[3] === 4);
  if (d.length === 18 && idShape) {
    if (isValidIdNumber(d, scan.today)) {
      const foreigner = d[0] === '9'; // 外国人永久居留身份证 (2023) starts with 9
      const plausible = PROVINCES.has(d.slice(0, 2)) || foreigner;
      // An all-digit 统一社会信用代码 can pass both checks; the label or a leading 9 decides.
      const creditCode = (foreigner || precedes(text, start, CREDIT_LABEL_RE, 20)) && isValidCreditCode(d);
      // An ID-shaped, Luhn-valid number is a card only right after an account label (same line), or
      // as the second such number in a table row that already gave the person's ID ("一卡通账号").
      const card = !hasX && luhnOk(d) && (precedesOnLine(text, start, BANK_LABEL_RE, 12) || scan.secondIdInRow(start));
      if (plausible && !creditCode && !card) {
        // "项目编号：440204202303317173" – a number label and no ID label: most likely a project number.
        const numberLabel = precedesOnLine(text, start, NUMBER_LABEL_RE, 12) && !precedesOnLine(text, start, ID_LABEL_RE, 12);
        return { kind: 'idNumber', rule: 'id18-checksum', confidence: numberLabel ? 0.4 : 0.99, start, end };
      }
    } else if (PROVINCES.has(d.slice(0, 2)) && precedes(text, start, ID_LABEL_RE, 12) && !precedesOnLine(text, start, BANK_LABEL_RE, 12)) {
      const first17 = digitsOnly.slice(0, 17);
      if (first17.length === 17 && isValidIdNumber(first17 + idNumberCheckChar(first17), scan.today)) {
        return { kind: 'idNumber', rule: 'id18-suspect', confidence: 0.6, start, end };
      }
    }
  }
  if (hasX) return null;

  // 15-digit (first generation) ID numbers: YYMMDD birth date, no check digit.
  if (d.length === 15 && (n === 1 || (n === 3 && lens[0] === 6 && lens[1] === 6) || (n === 2 && lens[0] === 6))) {
    if (PROVINCES.has(d.slice(0, 2)) && isValidIdNumber(d, scan.today)) {
      const [ls, le] = scan.line(start);
      const labelled = precedes(text, start, ID_LABEL_RE, 12) || scan.isPersonRow(ls, le);
      // The old 15-digit 工商注册号 always passes MOD 11,10; without an ID label or a person's
      // row such a number is more likely a company's registration number.
      const conf = labelled ? 0.9 : mod1110Ok(d) || precedes(text, start, CREDIT_LABEL_RE, 20) ? 0.4 : 0.75;
      return { kind: 'idNumber', rule: 'id15', confidence: conf, start, end };
    }
  }

  // Mobile numbers: 1[3-9] + 9 digits, optionally after +86 / 86.
  if (d.length === 11 && /^1[3-9]/.test(d) && mobileShape(lens, 0)) {
    return { kind: 'mobile', rule: 'mobile-cn', confidence: 0.95, start, end };
  }
  if (d.length === 13 && /^861[3-9]/.test(d)) {
    // "+8613812345678" needs the plus; "86 138…" is prefixed by its own group.
    const prefixed = lens[0] === 2 ? mobileShape(lens, 1) : i === 0 && plusAt >= 0 && n === 1;
    if (prefixed) return { kind: 'mobile', rule: 'mobile-cn-intl', confidence: 0.95, start, end };
  }

  // Landlines: area code + 7/8 digits (optional extension).
  if (n >= 2 && n <= 4 && d[0] === '0') {
    const area = groups[i]!.digits;
    let local = '';
    let ok = false;
    if (n === 2) {
      local = groups[i + 1]!.digits;
      ok = landlineSplitOk(area, local);
    } else if (n === 3) {
      const a = groups[i + 1]!.digits;
      const b = groups[i + 2]!.digits;
      // 020 8888 8888 or 0751-8888888-801 (extension)
      if (landlineSplitOk(area, a + b) && b.length === 4 && (a.length === 3 || a.length === 4)) ok = true;
      else if (landlineSplitOk(area, a) && b.length <= 5 && groups[i + 2]!.sep === 'h') ok = true;
    }
    if (ok) return { kind: 'landline', rule: 'landline-area', ...landlineConfidence(scan, start, end), start, end };
  }
  if (n === 1 && (d.length === 11 || d.length === 12) && d[0] === '0' && precedes(text, start, PHONE_LABEL_RE, 8)) {
    for (const al of [3, 4]) {
      if (landlineSplitOk(d.slice(0, al), d.slice(al))) {
        return { kind: 'landline', rule: 'landline-compact', ...landlineConfidence(scan, start, end), start, end };
      }
    }
  }

  // Bank card numbers: 16–19 digits passing Luhn.
  if (d.length >= 16 && d.length <= 19 && luhnOk(d)) {
    const cardShape =
      n === 1 ||
      (n >= 3 && lens.slice(0, -1).every((l) => l === 4) && lens[n - 1]! >= 1 && lens[n - 1]! <= 4) ||
      (n === 2 && lens[0] === 6);
    if (!cardShape) return null;
    const bankLabel = precedesOnLine(text, start, BANK_LABEL_RE, 30);
    const grouped = n >= 3;
    const unionPay = d.startsWith('62');
    const intlBrand = /^(?:60|4|5[1-5]|2[2-7]|35|9[45])/.test(d);
    let conf: number;
    if (unionPay) conf = bankLabel ? 0.97 : 0.9;
    else if (bankLabel && intlBrand) conf = 0.85;
    else if (grouped && intlBrand) conf = 0.8;
    else conf = bankLabel ? 0.45 : 0.35;
    if (!unionPay || bankLabel) {
      // Beneficiary rows: a Luhn-valid account number in a row naming a person is that person's;
      // an account under an organisation's name (保证金账户, 户名：…交易中心) is not personal.
      const ctx = scan.context(start, end);
      if (ctx === 'person') conf = Math.max(conf, 0.75);
      else if (ctx === 'org') conf = Math.min(conf, 0.3);
    }
    return { kind: 'bankCard', rule: 'bankcard-luhn', confidence: conf, start, end };
  }
  return null;
}

/** Accepted mobile groupings from lens[from]: 13812345678, 138 1234 5678, 138-12345678. */
function mobileShape(lens: readonly number[], from: number): boolean {
  const n = lens.length - from;
  return n === 1 || (n === 3 && lens[from] === 3 && lens[from + 1] === 4) || (n === 2 && lens[from] === 3);
}

function landlineConfidence(scan: Scan, start: number, end: number): { confidence: number } {
  const ctx = scan.context(start, end);
  return { confidence: ctx === 'person' ? 0.8 : ctx === 'org' ? 0.3 : 0.45 };
}

function scanDigitRuns(scan: Scan, out: Candidate[]): void {
  const text = scan.text;
  const len = text.length;
  let q = 0;
  while (q < len) {
    if (!isDigitLike(text.charCodeAt(q))) {
      q++;
      continue;
    }
    const first = q;
    let digitsTotal = 0;
    while (q < len) {
      const c = text.charCodeAt(q);
      if (isDigitLike(c)) digitsTotal++;
      else if (!(isRunSep(c) && isDigitLike(text.charCodeAt(q + 1)))) break;
      q++;
    }
    if (q < len && isXLike(text.charCodeAt(q))) q++;
    const runEnd = q;
    if (digitsTotal < 10) continue;
    const prev = text.charCodeAt(first - 1);
    const plusAt = prev === 0x2b || prev === 0xff0b ? first - 1 : -1;
    const runStart = plusAt >= 0 ? plusAt : first;
    // 投资项目代码 (RULES.md §11: 4-6-2-2-6, 24 characters with hyphens) are project identifiers,
    // not personal data. (The 20-character compact form is longer than any entity here anyway.)
    if (runEnd - first === 24 && !isDigitLike(text.charCodeAt(first + 4)) && investmentCodeForm(text.slice(first, runEnd)) !== null) continue;
    const groups: Group[] = [];
    let gStart = -1;
    let ascii = true;
    let sep: Group['sep'] = '';
    for (let p = first; p <= runEnd; p++) {
      const c = p < runEnd ? text.charCodeAt(p) : -1;
      const isD = c !== -1 && isDigitLike(c);
      if (isD) {
        if (gStart === -1) {
          gStart = p;
          ascii = true;
        }
        if (c > 0x39) ascii = false;
        continue;
      }
      if (gStart !== -1) {
        const raw = text.slice(gStart, p);
        groups.push({ start: gStart, end: p, digits: ascii ? raw : normaliseDigits(raw), sep });
        gStart = -1;
      }
      if (c === -1) break;
      if (digitOf(c) === 'X') {
        // Trailing X (the regex only allows it last): part of the last group.
        const g = groups[groups.length - 1]!;
        g.digits += 'X';
        g.end = p + 1;
      } else sep = isSpaceSep(c) ? 's' : 'h';
    }
    const leftOk = leftBoundaryOk(text, runStart);
    const rightOk = rightBoundaryOk(text, runEnd);
    const last = groups.length - 1;
    let i = 0;
    while (i <= last) {
      // A sub-span may start inside a run only after a space: "1 440102…" is a row number and an
      // ID; "GK-0012" is one code.
      const startOk = i === 0 ? leftOk : groups[i]!.sep === 's';
      // No accepted grouping starts with a single digit ("1 1 1 1 …" is a list of small numbers).
      if (!startOk || groups[i]!.digits.length < 2) {
        i++;
        continue;
      }
      let best: Candidate | null = null;
      let bestJ = -1;
      let len = 0;
      for (let j = i; j <= last; j++) {
        len += groups[j]!.digits.length;
        if (len > 21) break;
        if (len < 10) continue;
        const endOk = j === last ? rightOk : groups[j + 1]!.sep === 's';
        if (!endOk) continue;
        const c = classifyDigits(scan, groups, i, j, plusAt);
        if (c !== null) {
          best = c;
          bestJ = j;
        }
      }
      if (best !== null) {
        out.push(best);
        if (best.kind === 'idNumber' && best.confidence >= 0.75) {
          scan.idLines.add(scan.line(best.start)[0]);
          scan.idStarts.push(best.start);
        }
        i = bestJ + 1;
      } else i++;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Pass 2: (0751)8888888

const PAREN_LANDLINE_RE = /[(（]\s?(0(?:10|2\d|[3-9]\d\d))\s?[)）][\s\-－]?([2-9]\d{6,7})(?![0-9A-Za-z])/g;

function scanParenLandlines(scan: Scan, out: Candidate[]): void {
  PAREN_LANDLINE_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PAREN_LANDLINE_RE.exec(scan.text)) !== null) {
    if (!landlineSplitOk(m[1]!, m[2]!)) continue;
    const start = m.index;
    const end = start + m[0].length;
    out.push({ kind: 'landline', rule: 'landline-paren', ...landlineConfidence(scan, start, end), start, end });
  }
}

// ---------------------------------------------------------------------------------------------
// Pass 3: e-mail addresses

function isLocalChar(c: number): boolean {
  return isAsciiDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2e || c === 0x5f || c === 0x25 || c === 0x2b || c === 0x2d;
}
function isDomainChar(c: number): boolean {
  return isAsciiDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2e || c === 0x2d;
}
const INSTITUTION_MAIL_RE = /\.(?:gov|edu|org)\.cn$|\.gov$/i;

function scanEmails(scan: Scan, out: Candidate[]): void {
  const text = scan.text;
  let at = text.indexOf('@');
  while (at !== -1) {
    let s = at;
    while (s > 0 && isLocalChar(text.charCodeAt(s - 1))) s--;
    while (s < at && (text[s] === '.' || text[s] === '-')) s++;
    let e = at + 1;
    while (e < text.length && isDomainChar(text.charCodeAt(e))) e++;
    while (e > at + 1 && (text[e - 1] === '.' || text[e - 1] === '-')) e--;
    const domain = text.slice(at + 1, e);
    const labels = domain.split('.');
    const tld = labels[labels.length - 1] ?? '';
    if (s < at && labels.length >= 2 && labels.every((l) => l.length > 0) && /^[A-Za-z]{2,}$/.test(tld)) {
      const ctx = scan.context(s, e);
      let conf: number;
      if (ctx === 'person') conf = 0.85;
      else if (ctx === 'org' || INSTITUTION_MAIL_RE.test(domain)) conf = 0.35;
      else conf = 0.6;
      out.push({ kind: 'email', rule: 'email', confidence: conf, start: s, end: e });
    }
    at = text.indexOf('@', Math.max(e, at + 1));
  }
}

// ---------------------------------------------------------------------------------------------
// Pass 4: street addresses down to the house number

const CN_NUM = '[一二三四五六七八九十百零〇]';
const HOUSE_NO = `(?:[0-9０-９]{1,5}(?:[-－之][0-9０-９]{1,4})?|${CN_NUM}{1,5})`;
const UNIT = `(?:[0-9０-９A-Za-zＡ-Ｚ]{1,5}|[一二三四五六七八九十]{1,3})(?:栋|幢|座|号楼|楼|单元|层|室|房|铺|档)`;
const ADDRESS_RE = new RegExp(
  `(?:路|街|大道|巷|弄|胡同|村|组|里|坊|屯|庄|寨|社区|小区|花园|苑|大厦|广场|队)(?:[东南西北中]段)?${HOUSE_NO}号(?:院|楼|栋|幢|座)?(?:[-－]?${UNIT})*` +
    `|(?:[0-9０-９A-Za-z]{1,4}|[一二三四五六七八九十]{1,3})(?:栋|幢|座|号楼)(?:[0-9０-９]{1,2}单元)?[0-9０-９]{3,5}(?:室|房|号)?`,
  'g',
);
// "3号标段", "1号地块", "87号令": numbered things that are not doors.
const NOT_ADDRESS_AFTER_RE = /(?:标段|标|包|令|文|公告|线|地块|工程|项目|机|车|站台|泊位|仓)/y;
const ADDRESS_NUMBERED_PART = new Set('路街巷弄号栋组队坊里'.split(''));
// A bare 住 is a label too ("张三住大桥镇…"), but not in 住房/住宅/住所/住户.
const ADDRESS_LABEL_RE = /(?:家庭住址|现住址|户籍地址|户籍地|住址|地址|家住|现住|住在|居住于|居住在|位于|坐落于|地处|住(?![房宅院所户]))/g;

function scanAddresses(scan: Scan, out: Candidate[]): void {
  const text = scan.text;
  ADDRESS_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ADDRESS_RE.exec(text)) !== null) {
    const anchor = m.index;
    let end = anchor + m[0].length;
    NOT_ADDRESS_AFTER_RE.lastIndex = end;
    if (NOT_ADDRESS_AFTER_RE.test(text)) continue;
    // Numbers glued to a following code ("…村5号A") are not a door number.
    if (isAlnumLike(text.charCodeAt(end)) && !/[室房号]$/.test(m[0])) continue;
    let s = anchor;
    const isRoomForm = isDigitLike(text.charCodeAt(anchor)) || isLetterLike(text.charCodeAt(anchor)) || /^[一二三四五六七八九十]/.test(m[0]);
    const limit = Math.max(0, anchor - 30);
    while (s > limit) {
      const c = text.charCodeAt(s - 1);
      if (isHan(c)) s--;
      else if (isDigitLike(c) && ADDRESS_NUMBERED_PART.has(text[s]!)) {
        // "解放路2巷3号": digits belong to the address only when they number a lane or road.
        let k = s - 1;
        while (k > limit && isDigitLike(text.charCodeAt(k - 1))) k--;
        if (k > 0 && isAlnumLike(text.charCodeAt(k - 1))) break;
        s = k;
      } else break;
    }
    // Drop a leading label ("住址", "家住") that the walk swallowed.
    const prefix = text.slice(s, anchor);
    const labelEnd = lastMatch(ADDRESS_LABEL_RE, prefix);
    if (labelEnd > 0) s += labelEnd;
    // "路5号" alone is too little to be an address; "3栋501室" alone is still a room.
    if (!isRoomForm && anchor - s < 2) continue;
    if (end - s < 4) continue;
    while (end > s && isSpaceSep(text.charCodeAt(end - 1))) end--;
    const ctx = scan.context(s, end);
    const confidence = ctx === 'person' ? 0.85 : ctx === 'org' ? 0.3 : 0.45;
    out.push({
      kind: 'address',
      rule: isRoomForm ? 'address-room' : 'address-house-number',
      confidence,
      start: s,
      end,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Pass 5: sensitive identities (个人信息保护法 第二十八条: 特定身份、医疗健康、金融账户…)

const SENSITIVE_SRC = (
  [
    '(?:[一二三四1-4]级|重度|中度|轻度|贫困)?(?:肢体|视力|听力|言语|智力|精神|多重)?残疾(?:人家庭|军人|人|户|证)?(?:[一二三四1-4]级)?',
    '(?:城乡|农村|城市)?(?<!最)低保(?:边缘户|边缘家庭|对象|户|家庭|金)?',
    '(?:分散供养|集中供养)?特困(?:供养人员|供养对象|人员|户|对象|供养)?',
    '(?:分散供养|集中供养)?五保(?:供养|户|对象)?',
    '重大疾病',
    '重病(?:患者|户)?',
    '大病',
    '患病',
    '患有[\\u4e00-\\u9fff]{1,6}?(?:病|症|癌|瘤|压|炎|障碍|残疾)',
    '患有[\\u4e00-\\u9fff]{1,4}',
    '精神病(?:人|患者)?',
    '精神障碍(?:患者)?',
    '艾滋病?(?:病人|患者|感染者)?',
    'HIV',
    '吸毒(?:人员)?',
    '戒毒(?:人员)?',
    '服刑(?:人员)?',
    '刑满释放(?:人员)?',
    '社区矫正(?:对象|人员)?',
    '癌症',
    '尿毒症',
    '白血病',
    '瘫痪',
    '偏瘫',
    '智障',
    '建档立卡贫困户',
    '贫困户',
  ].join('|'));
// Sticky: tried at a few offsets before each core word found by SENSITIVE_CORE_RE. The core regex is
// a plain alternation of words and scans about three times faster than the full pattern with its
// optional prefixes.
const SENSITIVE_RE = new RegExp(SENSITIVE_SRC, 'y');
const SENSITIVE_CORE_RE = /残疾|低保|特困|五保|重大疾病|重病|大病|患病|患有|精神病|精神障碍|艾滋|HIV|吸毒|戒毒|服刑|刑满释放|社区矫正|癌症|尿毒症|白血病|瘫痪|偏瘫|智障|贫困户/g;
const SENSITIVE_MAX_PREFIX = 6; // "分散供养特困", "贫困肢体残疾", "建档立卡贫困户"
// In "label：value" records the value is the sensitive part: "残疾类别：肢体", "是否低保户：是".
const SENSITIVE_VALUE_RE = /(?:类别|等级|类型|情况|状况|程度|证号)?[：:]\s*[^\s，,；;。|｜\t\n：:]{1,12}/y;
// The word names an organisation or a policy, not a person's status.
const SENSITIVE_ORG_AFTER_RE = /(?:人?联合会|人联|协会|基金会|医院|康复中心|服务中心|管理所|工作站|防治|人?福利性单位|人?福利企业|人就业|事业|所(?![在属有得以])|专项|政策|标准)/y;

const CLAUSE_END = new Set('。！？!?\n'.split(''));

function scanSensitive(scan: Scan, out: Candidate[]): void {
  const text = scan.text;
  SENSITIVE_CORE_RE.lastIndex = 0;
  let core: RegExpExecArray | null;
  let sentenceStart = -1;
  let sentenceEnd = -1;
  let sentenceNamesPerson = false;
  let lastEnd = 0;
  while ((core = SENSITIVE_CORE_RE.exec(text)) !== null) {
    const c = core.index;
    if (c < lastEnd) continue;
    // The full phrase is the earliest match that starts at most SENSITIVE_MAX_PREFIX characters
    // before the core word and covers it.
    let s = -1;
    let e = -1;
    for (let st = Math.max(lastEnd, c - SENSITIVE_MAX_PREFIX); st <= c; st++) {
      SENSITIVE_RE.lastIndex = st;
      const m = SENSITIVE_RE.exec(text);
      if (m !== null && st + m[0].length > c) {
        s = st;
        e = st + m[0].length;
        break;
      }
    }
    if (s === -1) continue;
    SENSITIVE_ORG_AFTER_RE.lastIndex = e;
    const orgName = SENSITIVE_ORG_AFTER_RE.test(text);
    SENSITIVE_VALUE_RE.lastIndex = e;
    const value = orgName ? null : SENSITIVE_VALUE_RE.exec(text);
    if (value !== null && value !== undefined) e += value[0].length;
    lastEnd = e;
    SENSITIVE_CORE_RE.lastIndex = Math.max(SENSITIVE_CORE_RE.lastIndex, e);
    if (orgName) continue;
    const [ls, le] = scan.line(s);
    if (le - ls <= 200 && scan.isPersonRow(ls, le)) {
      out.push({ kind: 'sensitiveIdentity', rule: 'sensitive-person-row', confidence: 0.9, start: s, end: e });
      continue;
    }
    // Same sentence: bounded by sentence punctuation and the line, at most 150 characters each side.
    // A sentence that gives an ID number or a name is about that person.
    // Policy sentences list several of these words; the sentence is judged once.
    if (s < sentenceEnd && s >= sentenceStart) {
      if (sentenceNamesPerson) out.push({ kind: 'sensitiveIdentity', rule: 'sensitive-near-name', confidence: 0.85, start: s, end: e });
      continue;
    }
    let cs = s;
    while (cs > Math.max(ls, s - 150) && !CLAUSE_END.has(text[cs - 1]!)) cs--;
    let ce = e;
    while (ce < Math.min(le, e + 150) && !CLAUSE_END.has(text[ce]!)) ce++;
    const clause = text.slice(cs, ce);
    sentenceStart = cs;
    sentenceEnd = ce;
    sentenceNamesPerson = scan.hasIdIn(cs, ce) || labelledNames(clause).length > 0 || proseNames(clause).length > 0;
    if (sentenceNamesPerson) {
      out.push({ kind: 'sensitiveIdentity', rule: 'sensitive-near-name', confidence: 0.85, start: s, end: e });
    }
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * Finds personal information in `text`. Findings are sorted by start, never overlap, and
 * `value === text.slice(start, end)`.
 */
export function detect(text: string, opts: DetectOptions = {}): Finding[] {
  const minConfidence = opts.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  const kinds = opts.kinds ? new Set<FindingKind>(opts.kinds) : null;
  const scan = new Scan(text, opts.today ?? new Date());
  const cands: Candidate[] = [];
  const want = (k: FindingKind): boolean => kinds === null || kinds.has(k);
  // Always: ID numbers found here tell the other passes which rows name a person, so a `kinds`
  // filter must not change what is found for the kinds it keeps.
  scanDigitRuns(scan, cands);
  if (want('landline')) scanParenLandlines(scan, cands);
  if (want('email')) scanEmails(scan, cands);
  if (want('address')) scanAddresses(scan, cands);
  if (want('sensitiveIdentity')) scanSensitive(scan, cands);

  const kept = resolveOverlaps(cands.filter((c) => c.confidence >= minConfidence && want(c.kind)));
  return kept.map((c) => ({
    kind: c.kind,
    start: c.start,
    end: c.end,
    value: text.slice(c.start, c.end),
    confidence: c.confidence,
    rule: c.rule,
  }));
}

/**
 * Sweeps candidates in start order; of two overlapping ones the more confident (then longer) stays.
 * Linear after the sort, so a document with thousands of findings stays fast.
 */
function resolveOverlaps(cands: Candidate[]): Candidate[] {
  const sorted = [...cands].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Candidate[] = [];
  for (const c of sorted) {
    const last = kept[kept.length - 1];
    if (last === undefined || c.start >= last.end) {
      kept.push(c);
      continue;
    }
    const better = c.confidence > last.confidence || (c.confidence === last.confidence && c.end - c.start > last.end - last.start);
    if (better) kept[kept.length - 1] = c;
  }
  return kept;
}
