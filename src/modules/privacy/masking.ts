// Masking (去标识化) of personal information before publication. Pure: no I/O.
//
// Basis (RULES.md §7):
// - 政府信息公开条例 第十五条: personal privacy is not disclosed where that harms the third party.
// - 个人信息保护法 第二十八条: "敏感个人信息是一旦泄露或者非法使用，容易导致自然人的人格尊严受到
//   侵害或者人身、财产安全受到危害的个人信息，包括生物识别、宗教信仰、特定身份、医疗健康、金融账户、
//   行踪轨迹等信息，以及不满十四周岁未成年人的个人信息" – so bank accounts and disability, 低保 or
//   health status are never published: they are removed, not partly shown.
// - 2018 政务公开工作要点: personal data is de-identified before publication (except punitive publicity).
// - Common practice (RULES.md §7): ID number keeps the first 2 and last 3 characters, mobile
//   `138****1234`, address only down to 乡镇/街道. GB/T 37964-2019 describes these techniques.

import type { FieldType } from '../item-types/types.ts';
import { normaliseIdentifier } from '../../domain/identifiers.ts';
import { DEFAULT_MIN_CONFIDENCE, detect } from './detector.ts';
import type { Finding, FindingKind } from './detector.ts';

/** What replaces a value that must not be published at all. */
export const REMOVED = '【已删除】';

export interface MaskRule {
  /** 中文名称 */
  label: string;
  /** 中文规则说明, shown in the UI next to masked values. */
  rule: string;
  example: { original: string; masked: string };
  /** Legal basis, quoted so a reviewer can check it. */
  basis: readonly string[];
  /** true: the value is removed entirely (REMOVED), not partly shown. */
  removed: boolean;
}

const BASIS_PRIVACY = '《中华人民共和国政府信息公开条例》第十五条（个人隐私不予公开）';
const BASIS_PIPL_28 = '《中华人民共和国个人信息保护法》第二十八条（敏感个人信息：特定身份、医疗健康、金融账户等）';
const BASIS_2018 = '2018年政务公开工作要点（公开前对个人信息去标识化）';
const BASIS_RULES = 'RULES.md §7（常用遮蔽规则）';
const BASIS_GBT = 'GB/T 37964-2019《信息安全技术 个人信息去标识化指南》';

/** Per kind: how it is masked and why. Data, so the UI can list the rules. */
export const MASK_RULES: Readonly<Record<FindingKind, MaskRule>> = {
  idNumber: {
    label: '居民身份证号码',
    rule: '保留前2位和后3位，中间每一位以“*”代替',
    example: { original: '44010219900307123X', masked: '44*************23X' },
    basis: [BASIS_PRIVACY, BASIS_2018, BASIS_RULES, BASIS_GBT],
    removed: false,
  },
  mobile: {
    label: '手机号码',
    rule: '保留前3位和后4位，中间4位以“*”代替',
    example: { original: '13812341234', masked: '138****1234' },
    basis: [BASIS_PRIVACY, BASIS_2018, BASIS_RULES],
    removed: false,
  },
  landline: {
    label: '固定电话',
    rule: '保留区号和最后2位，其余号码以“*”代替',
    example: { original: '0751-6612345', masked: '0751-*****45' },
    basis: [BASIS_PRIVACY, BASIS_2018, BASIS_RULES],
    removed: false,
  },
  bankCard: {
    label: '银行卡号（金融账户）',
    rule: '整体删除，不予公开',
    example: { original: '6228480012345678901', masked: REMOVED },
    basis: [BASIS_PIPL_28, BASIS_PRIVACY, BASIS_RULES],
    removed: true,
  },
  email: {
    label: '电子邮箱',
    rule: '用户名仅保留首字符，其后以“***”代替，保留域名',
    example: { original: 'zhangsan@example.com', masked: 'z***@example.com' },
    basis: [BASIS_PRIVACY, BASIS_2018],
    removed: false,
  },
  address: {
    label: '详细住址',
    rule: '只保留到乡镇（街道）一级，删去村组、门牌号等；无乡镇（街道）时只保留到县（区）',
    example: { original: '乳源县大桥镇新村村委会上屋村12号', masked: '乳源县大桥镇' },
    basis: [BASIS_PRIVACY, BASIS_2018, BASIS_RULES],
    removed: false,
  },
  sensitiveIdentity: {
    label: '特定身份、健康状况（残疾、低保、特困、疾病等）',
    rule: '整体删除，不予公开',
    example: { original: '一级残疾', masked: REMOVED },
    basis: [BASIS_PIPL_28, BASIS_PRIVACY, BASIS_RULES],
    removed: true,
  },
};

/** The rule for personal-name fields (names are not found in free text, only masked in fields). */
export const NAME_MASK_RULE: MaskRule = {
  label: '姓名',
  rule: '保留姓氏，名字每个字以“*”代替（如“张**”“李*”）',
  example: { original: '张三丰', masked: '张**' },
  basis: [BASIS_PRIVACY, BASIS_2018],
  removed: false,
};

// ---------------------------------------------------------------------------------------------

function toAscii(s: string): string {
  return s.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF0B]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}
function digitsOf(s: string): string {
  return toAscii(s).replace(/[^0-9]/g, '');
}

/** `44010219900307123X` → `44*************23X` (first 2 and last 3 kept; one star per hidden character). */
export function maskIdNumber(value: string): string {
  const s = normaliseIdentifier(value);
  if (s.length <= 5) return '*'.repeat(s.length);
  return s.slice(0, 2) + '*'.repeat(s.length - 5) + s.slice(-3);
}

/** `13812341234` / `+86 138 1234 1234` → `138****1234` / `+86 138****1234`. */
export function maskMobile(value: string): string {
  const d = digitsOf(value);
  let prefix = '';
  let core = d;
  if (d.length === 13 && d.startsWith('86')) {
    prefix = /^\s*[+＋]/.test(value) ? '+86 ' : '86 ';
    core = d.slice(2);
  }
  if (core.length < 8) return prefix + '*'.repeat(core.length);
  return prefix + core.slice(0, 3) + '*'.repeat(core.length - 7) + core.slice(-4);
}

const AREA_RE = /^0(?:10|2\d|[3-9]\d\d)/;

/**
 * `0751-6612345` / `(020)87654321` → `0751-*****45` / `020-******21`: area code and last 2 kept.
 * An extension (`0751-6612345-801`) is dropped: it would otherwise be the "last 2" shown.
 */
export function maskLandline(value: string): string {
  let ascii = toAscii(value);
  const groups = ascii.match(/\d+/g) ?? [];
  // "020 8888 8888" is a grouped local number; only a short group after a full 7/8-digit one is an extension.
  if (groups.length === 3 && groups[1]!.length >= 7 && groups[2]!.length <= 5) ascii = ascii.replace(/[-－转\s]*\d{1,5}\s*$/, '');
  // An explicit first group (before a separator or a closing bracket) is the area code.
  const grouped = /^\s*[(（]?\s*(0\d{2,3})\s*[)）\-－\s]/.exec(ascii);
  const d = digitsOf(ascii);
  let area = grouped?.[1] ?? AREA_RE.exec(d)?.[0] ?? '';
  if (!d.startsWith(area)) area = '';
  const rest = d.slice(area.length);
  const masked = rest.length <= 2 ? '*'.repeat(rest.length) : '*'.repeat(rest.length - 2) + rest.slice(-2);
  return area ? `${area}-${masked}` : masked;
}

/** `zhangsan@example.com` → `z***@example.com`. */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${value[0]}***${value.slice(at)}`;
}

// County names that begin with 镇/乡 (镇江市, 镇原县 …, 乡宁县, 乡城县) and 乡村 are not town units.
const TOWN_RE = /街道办事处|街道|办事处|苏木|镇(?![江原平赉康远雄坪巴沅安])|乡(?![宁城村镇])/g;
// 小区, 社区, 园区 … are not districts.
const DISTRICT_RE = /(?<![小社园校厂矿景营片城院])区|县(?![道城])|旗/g;

/**
 * Cuts an address to the 乡镇/街道 level: keeps up to and including the first 镇/乡/街道/办事处;
 * without one, up to the county/district; without either, removes it.
 */
export function maskAddress(value: string): string {
  for (const re of [TOWN_RE, DISTRICT_RE]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(value)) !== null) {
      if (m.index === 0) continue; // a unit needs a name before it
      return value.slice(0, m.index + m[0].length);
    }
  }
  return REMOVED;
}

const COMPOUND_SURNAMES = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '夏侯', '令狐', '澹台', '轩辕', '端木', '独孤', '南宫', '西门', '百里', '呼延', '钟离', '宗政', '濮阳', '淳于', '拓跋', '申屠'];

/** `张三丰` → `张**`, `李四` → `李*`, `欧阳修文` → `欧阳**`; one star per hidden character. */
export function maskName(value: string): string {
  const s = value.trim();
  const chars = Array.from(s);
  if (chars.length <= 1) return '*'.repeat(chars.length);
  const keep = chars.length >= 3 && COMPOUND_SURNAMES.includes(chars.slice(0, 2).join('')) ? 2 : 1;
  return chars.slice(0, keep).join('') + chars.slice(keep).map((c) => (c === '·' || c === ' ' ? c : '*')).join('');
}

/** Masks one detected value according to MASK_RULES. */
export function maskValue(kind: FindingKind, value: string): string {
  switch (kind) {
    case 'idNumber':
      return maskIdNumber(value);
    case 'mobile':
      return maskMobile(value);
    case 'landline':
      return maskLandline(value);
    case 'email':
      return maskEmail(value);
    case 'address':
      return maskAddress(value);
    case 'bankCard':
    case 'sensitiveIdentity':
      return REMOVED;
  }
}

/**
 * Replaces each finding in `text` by its masked value. Overlapping findings are resolved first
 * (more confident, then longer wins); then they are applied right to left so earlier offsets stay
 * valid. Throws if a finding does not match the text – masking the wrong characters would publish
 * the right ones.
 */
export function maskText(text: string, findings: readonly Finding[]): string {
  for (const f of findings) {
    if (f.start < 0 || f.end > text.length || f.start >= f.end || text.slice(f.start, f.end) !== f.value) {
      throw new Error(`finding ${f.kind} [${f.start}, ${f.end}) does not match the text`);
    }
  }
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const chosen: Finding[] = [];
  for (const f of sorted) {
    const last = chosen[chosen.length - 1];
    if (last === undefined || f.start >= last.end) chosen.push(f);
    else if (f.confidence > last.confidence || (f.confidence === last.confidence && f.end - f.start > last.end - last.start)) {
      chosen[chosen.length - 1] = f;
    }
  }
  let out = text;
  for (let i = chosen.length - 1; i >= 0; i--) {
    const f = chosen[i]!;
    out = out.slice(0, f.start) + maskValue(f.kind, f.value) + out.slice(f.end);
  }
  return out;
}

/** Detects with the default threshold and masks in one step. */
export function maskPersonalInfo(text: string, minConfidence = DEFAULT_MIN_CONFIDENCE): string {
  return maskText(text, detect(text, { minConfidence }));
}

/**
 * Semantic types for personal fields. Besides the item-type field types ('idNumber', 'phone',
 * 'text', 'textarea' …) callers may name what a text field holds.
 */
export type MaskFieldType = FieldType | 'personalName' | 'address' | 'email' | 'bankCard' | 'sensitiveIdentity';

function maskOnePhone(v: string): string {
  const d = digitsOf(v);
  if (/^(?:86)?1[3-9]\d{9}$/.test(d)) return maskMobile(v);
  if (d.startsWith('0') && d.length >= 10) return maskLandline(v);
  // Anything else (no area code, a short number): only the last 2 digits stay.
  return d.length <= 2 ? '*'.repeat(d.length) : '*'.repeat(d.length - 2) + d.slice(-2);
}

const NAME_LIKE_RE = /^(?:[\u4e00-\u9fff]{1,4}|[\u4e00-\u9fff]{1,8}(?:·[\u4e00-\u9fff]{1,8})+|[A-Za-z][A-Za-z .'-]{0,40})$/;
const ADDRESS_LIKE_RE = /(?:省|市|区|县|镇|乡|街道|村|路|街|巷|号|栋|室)/;

/**
 * Masks the value of a structured field marked personal (or of type idNumber).
 * - idNumber: first 2 and last 3 kept, even if the checksum is wrong (the field says it is an ID).
 * - phone: mobile `138****1234`, landline area code + last 2, anything else last 2 digits only;
 *   several numbers separated by / 、 , ; are masked one by one.
 * - text/textarea: a name (2–4 Han characters, or a name with ·) → `张**`; an address → cut to
 *   乡镇/街道; longer text → every personal item detected in it masked (threshold 0, since the field
 *   is known to be personal); text in which nothing can be recognised is removed, because a field
 *   marked personal must not leak.
 * - any other type marked personal (date, money, enum, url …): removed – it cannot be partly shown.
 */
export function maskField(fieldType: MaskFieldType, value: string): string {
  const v = value.trim();
  if (v === '') return '';
  switch (fieldType) {
    case 'idNumber':
      return maskIdNumber(v);
    case 'phone':
      // A field may hold several numbers: "0751-6612345/13812345678", "138…、139…".
      return v.replace(/[^/／、,，;；]+/g, (part) => (part.trim() === '' ? part : maskOnePhone(part.trim())));
    case 'personalName':
      return maskName(v);
    case 'address':
      return maskAddress(v);
    case 'email':
      return maskEmail(v);
    case 'bankCard':
    case 'sensitiveIdentity':
      return REMOVED;
    case 'text':
    case 'textarea': {
      if (NAME_LIKE_RE.test(v)) return maskName(v);
      const findings = detect(v, { minConfidence: 0 });
      if (findings.length > 0) return maskText(v, findings);
      if (ADDRESS_LIKE_RE.test(v) && !/[，。；,;]/.test(v)) return maskAddress(v);
      return REMOVED;
    }
    default:
      return REMOVED;
  }
}
