// Deterministic synthetic disclosures for bench/search.ts: titles ≈ 30 and bodies ≈ 300 characters
// built from sectors, item types, place names, company names, project codes and amounts.
export interface GenDoc {
  title: string;
  body: string;
  publishedAt: string;
  typeIndex: number;
}

const PLACES = ['浈江区', '东河街道', '车站街道', '风采街道', '新韶镇', '乐园镇', '十里亭镇', '犁市镇', '花坪镇', '海淀区教育局', '韶关市', '曲江区', '武江区'];
const SUBJECTS = ['危房改造', '城镇老旧小区改造', '公共租赁住房', '保障性租赁住房', '办公设备', '信息化系统', '道路修缮', '校舍维修', '污水管网', '绿化养护', '物业服务', '食堂食材', '国有资产', '土地使用权', '农村公路', '医疗设备'];
const KINDS = ['项目招标公告', '项目中标结果公告', '采购意向公开', '采购公告', '中标结果公告', '合同公告', '资格审查结果公示', '补助对象公示', '分配结果公示', '成交结果公告', '履约验收公告', '更正公告'];
const BRAND1 = '华宇鑫达恒通中建粤信泰安广盛金源博远嘉诚';
const BRAND2 = '科技建设实业工程电子信息环境物业咨询设计';
const SUFFIX = ['有限公司', '股份有限公司', '集团有限公司', '工程有限公司'];
const RARE = ['澜智', '翊澄', '琮玥', '渟昊'];
const SENTENCES = [
  '根据有关规定，现将有关情况公告如下。',
  '本项目资金来源为财政资金，已落实。',
  '投标人须具备独立承担民事责任的能力。',
  '公示期为五个工作日，如有异议请在公示期内向采购人提出。',
  '联系人：李工，联系电话：0751-8888888。',
  '评标委员会依法推荐中标候选人并排序。',
  '采购需求详见附件，供应商应仔细阅读。',
  '特此公告。',
];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function* generate(n: number, seed: number): Generator<GenDoc> {
  const r = rng(seed);
  const pick = <T>(a: readonly T[] | string): T => (typeof a === 'string' ? (a[Math.floor(r() * a.length)] as T) : a[Math.floor(r() * a.length)]!);
  const start = Date.parse('2019-01-01T00:00:00Z');
  const step = Math.floor((Date.parse('2026-10-01T00:00:00Z') - start) / n);
  for (let i = 0; i < n; i++) {
    const company = `${pick<string>(BRAND1)}${pick<string>(BRAND1)}${r() < 0.0003 ? pick(RARE) : ''}${pick<string>(BRAND2)}${pick<string>(BRAND2)}${pick(SUFFIX)}`;
    const place = pick(PLACES);
    const subject = pick(SUBJECTS);
    const year = 2019 + Math.floor((i / n) * 8);
    const code = `ZJ${['CG', 'JS', 'ZF', 'CQ'][i % 4]}-${year}-${String(i % 1000).padStart(3, '0')}`;
    const title = `${place}${year}年${subject}${pick(KINDS)}（${code}）`;
    const amount = (Math.floor(r() * 9_000_000) + 10_000).toLocaleString('en-US');
    const body = [
      `${place}${subject}项目（项目编号：${code}）${pick(SENTENCES)}`,
      `中标（成交）供应商：${company}，中标金额：人民币${amount}元。`,
      pick(SENTENCES),
      `项目地点：${pick(PLACES)}。${pick(SENTENCES)}${pick(SENTENCES)}`,
      `${pick(SENTENCES)}采购人：${place}人民政府。${pick(SENTENCES)}`,
    ].join('\n');
    yield { title, body, publishedAt: new Date(start + i * step).toISOString(), typeIndex: Math.floor(r() * 1000) };
  }
}
