// Names, companies, villages and number formats for the demo district. Companies are drawn once per
// run into pools, so the same contractor recurs across projects as it would in a real district.
import { completeCreditCode, completeIdNumber } from '../../domain/identifiers.ts';
import { REGION_CODE } from './departments.ts';
import type { Rng } from './prng.ts';

const SURNAMES = '陈李黄张刘林梁何罗郑谢邓曾叶钟赖朱吴周邱彭潘温华冯廖蓝古江余卢'.split('');
const GIVEN = [
  '志强', '秀英', '国平', '桂兰', '建新', '丽华', '永福', '春梅', '德明', '金凤', '伟强', '玉珍', '汉文', '水生', '月娥',
  '振华', '亚妹', '石古', '观娣', '火生', '冬英', '耀辉', '少芳', '锦洪', '运娣', '福来', '新娇', '树根', '连英', '家伟',
];

export function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN);
}

/** Villages (村委会) per town code. */
export const VILLAGES: Readonly<Record<string, readonly string[]>> = {
  lsz: ['犁市村', '黄塘村', '水楼下村', '下廊村', '上廊村', '大桥村'],
  hpz: ['花坪村', '塘夏村', '东田村', '新建村', '燕巢村'],
  xsz: ['长乐村', '小坑村', '芙蓉村', '黄岗村', '新村村'],
  lyz: ['乐园村', '暖水村', '大村村', '河边厂村', '洪岭村'],
  dhjd: ['东联村', '五里亭村'],
  czjd: ['五一村', '长坝村'],
};

const USCI_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CORES = [
  '粤韶', '丹霞', '南岭', '浈水', '韶华', '宏达', '建科', '华粤', '中韶', '鸿业', '恒基', '金穗', '帽峰', '众诚', '盛华',
  '安泰', '广联', '长青', '联发', '瑞丰', '信达', '润禾', '东晟', '晨曦', '锦程', '天衡', '永安', '德润', '汇通', '启航',
];
const ROADS = ['工业东路', '风度北路', '东堤中路', '解放路', '十里亭路', '曲仁大道', '韶南大道', '芙蓉北路', '站前路', '新华南路'];

export type CompanyKind =
  | 'construction'
  | 'medical'
  | 'it'
  | 'service'
  | 'agency'
  | 'audit'
  | 'appraisal'
  | 'trade'
  | 'forest'
  | 'food'
  | 'agri'
  | 'soe';

const PATTERNS: Record<CompanyKind, readonly string[]> = {
  construction: ['广东{c}建设工程有限公司', '韶关市{c}建筑工程有限公司', '广东{c}市政工程有限公司', '广东{c}建工集团有限公司'],
  medical: ['韶关市{c}医疗器械有限公司', '广东{c}医疗科技有限公司', '广州{c}医药有限公司'],
  it: ['广东{c}信息技术有限公司', '韶关市{c}软件科技有限公司', '广东{c}数字科技有限公司'],
  service: ['韶关市{c}环境服务有限公司', '广东{c}物业管理有限公司', '韶关市{c}环卫工程有限公司'],
  agency: ['广东{c}招标代理有限公司', '韶关市{c}工程咨询有限公司', '广东{c}项目管理有限公司'],
  audit: ['广东{c}会计师事务所（普通合伙）', '韶关{c}会计师事务所有限公司'],
  appraisal: ['广东{c}资产评估房地产土地估价有限公司', '韶关市{c}资产评估有限公司'],
  trade: ['韶关市{c}贸易有限公司', '广东{c}实业有限公司', '韶关市{c}商贸有限公司'],
  forest: ['韶关市{c}林业发展有限公司', '韶关市浈江区{c}木材加工厂'],
  food: ['韶关市浈江区{c}餐饮店', '韶关市{c}食品有限公司'],
  agri: ['韶关市{c}农资有限公司', '韶关市浈江区{c}农业专业合作社'],
  soe: ['韶关市浈江区{c}投资有限公司', '韶关市浈江区{c}实业发展有限公司'],
};

export interface Company {
  name: string;
  creditCode: string;
  address: string;
  legalRepresentative: string;
}

export class Companies {
  readonly #pools = new Map<CompanyKind, Company[]>();
  readonly #names = new Set<string>();
  readonly #codes = new Set<string>();

  constructor(private readonly rng: Rng) {}

  #make(kind: CompanyKind): Company {
    for (;;) {
      const name = this.rng.pick(PATTERNS[kind]).replace('{c}', this.rng.pick(CORES));
      if (this.#names.has(name)) continue;
      // 9 = 工商登记, 1 = 企业; MA… is the form of organisation codes issued since 2015.
      const code = completeCreditCode(`91${REGION_CODE}`, `MA4${this.rng.chars(USCI_ALPHABET, 5)}`);
      if (this.#codes.has(code)) continue;
      this.#names.add(name);
      this.#codes.add(code);
      const address = `韶关市浈江区${this.rng.pick(ROADS)}${this.rng.int(1, 188)}号`;
      return { name, creditCode: code, address, legalRepresentative: personName(this.rng) };
    }
  }

  /** A company of the kind; pools grow to `poolSize`, then companies recur. */
  pick(kind: CompanyKind, poolSize = 8): Company {
    let pool = this.#pools.get(kind);
    if (!pool) this.#pools.set(kind, (pool = []));
    if (pool.length < poolSize && (pool.length === 0 || this.rng.chance(0.6))) {
      const c = this.#make(kind);
      pool.push(c);
      return c;
    }
    return this.rng.pick(pool);
  }

  /** n distinct companies of the kind (bidders on one tender). */
  distinct(kind: CompanyKind, n: number): Company[] {
    const out: Company[] = [];
    for (let guard = 0; out.length < n && guard < 200; guard++) {
      const c = this.pick(kind, Math.max(8, n + 3));
      if (!out.includes(c)) out.push(c);
    }
    return out;
  }
}

/** A valid 居民身份证号码 of someone born in 浈江区 between the years given. */
export function idNumber(rng: Rng, fromYear = 1940, toYear = 1985): string {
  const y = rng.int(fromYear, toYear);
  const m = rng.int(1, 12);
  const d = rng.int(1, 28);
  const seq = rng.int(1, 999);
  return completeIdNumber(`${REGION_CODE}${y}${pad(m)}${pad(d)}${String(seq).padStart(3, '0')}`);
}

export function mobile(rng: Rng): string {
  return `1${rng.pick(['35', '37', '38', '39', '58', '59', '88', '36', '50'])}${rng.digits(8)}`;
}

export const pad = (n: number): string => String(n).padStart(2, '0');

/** Integer cents as the canonical money string "1234.50". */
export function money(cents: number): string {
  const c = Math.round(cents);
  return `${Math.floor(c / 100)}.${pad(c % 100)}`;
}

/** Whole yuan to cents, rounded to `step` yuan (budgets are round numbers). */
export function roundYuan(yuan: number, step = 100): number {
  return Math.round(yuan / step) * step * 100;
}

/** Cents as a Chinese amount for prose: 1234.56万元 or 8600元. */
export function wan(cents: number): string {
  const yuan = cents / 100;
  if (yuan >= 10000) return `${String(Number((yuan / 10000).toFixed(6)))}万元`;
  return `${money(cents).replace(/\.00$/, '')}元`;
}

/** 2025-03-04 → 2025年3月4日. */
export function cnDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

/** Markdown paragraphs. */
export function paras(...ps: (string | false | undefined)[]): string {
  return ps.filter((p): p is string => typeof p === 'string' && p.length > 0).join('\n\n');
}

export const EXPERT_TITLES = ['高级工程师', '正高级工程师', '工程师', '高级经济师', '高级会计师'];
export const PM_CERTS = ['一级注册建造师（建筑工程）', '一级注册建造师（市政公用工程）', '二级注册建造师（建筑工程）', '二级注册建造师（市政公用工程）'];

/** 注册建造师 certificate number, e.g. 粤1442019201912345. */
export function certificateNo(rng: Rng): string {
  return `粤${rng.pick(['144', '244'])}${rng.int(2012, 2022)}${rng.digits(9)}`;
}
