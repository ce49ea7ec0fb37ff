// 主动公开目录清单 per department (RULES.md §1: 事项, 内容, 时限, 方式, 责任主体, 监督渠道). Every item
// type a department publishes in the demo is listed here; the test checks that.
import { describeRule, findRule } from '../../calendar/index.ts';
import { requireItemType } from '../../modules/item-types/catalogue-data.ts';
import { DEPARTMENTS, HOTLINE, OFFICE_PHONE, displayName } from './departments.ts';
import type { DemoCatalogueEntry } from './types.ts';

const GENERAL = ['general-licence', 'general-penalty'];
const PROC_BUYER = ['procurement-intention', 'procurement-award', 'procurement-contract', 'procurement-acceptance'];
const CONSTRUCTION = ['construction-plan', 'construction-tender', 'construction-evaluation', 'construction-candidates', 'construction-award', 'construction-contract', 'construction-performance'];
const PROPERTY = ['property-decision', 'property-predisclosure', 'property-appraisal', 'property-disclosure', 'property-result'];
const TOWN = ['housing-policy', 'housing-identification', 'housing-beneficiaries', 'housing-results', ...GENERAL];

export const CATALOGUE_TYPES: Readonly<Record<string, readonly string[]>> = {
  gkb: [],
  fgj: ['construction-approval', 'construction-violation', ...GENERAL],
  jxj: ['procurement-intention', ...GENERAL],
  czj: [
    ...PROC_BUYER, 'procurement-negotiation', 'procurement-complaint-decision', 'procurement-inspection-decision', 'procurement-bad-conduct',
    'procurement-agency-assessment', ...PROPERTY, 'property-capital-increase', ...GENERAL,
  ],
  cgj: [...CONSTRUCTION, 'construction-credit', ...PROC_BUYER, 'procurement-tender', 'procurement-documents', ...GENERAL],
  nyj: ['procurement-intention', ...GENERAL],
  wjj: [...PROC_BUYER, 'procurement-tender', 'procurement-correction', 'procurement-termination', 'procurement-documents', ...GENERAL],
  sjj: ['procurement-intention', 'general-penalty'],
  lyj: [...PROC_BUYER, 'procurement-negotiation', ...GENERAL],
  gtfj: [...PROPERTY, ...GENERAL],
  swj: ['procurement-intention', ...GENERAL],
  zjj: ['housing-policy', 'housing-beneficiaries', 'housing-results', ...CONSTRUCTION, 'construction-violation', 'construction-credit', ...GENERAL],
  lsz: TOWN, hpz: TOWN, xsz: TOWN, lyz: TOWN, dhjd: TOWN, czjd: TOWN,
};

export function buildCatalogue(): DemoCatalogueEntry[] {
  const out: DemoCatalogueEntry[] = [];
  for (const d of DEPARTMENTS) {
    for (const code of CATALOGUE_TYPES[d.code] ?? []) {
      const t = requireItemType(code);
      const rule = findRule(t.deadlineRule);
      out.push({
        department: d.code,
        itemType: code,
        content: `${t.name}：${t.description}`,
        timeLimit: rule ? describeRule(rule) : '自信息形成（变更）之日起20个工作日内',
        channel: t.channels.join('、'),
        responsibleBody: `${displayName(d.code)}${d.section}`,
        supervisionChannel: `浈江区政务公开办（电话：${OFFICE_PHONE}）；${HOTLINE}政务服务便民热线；${d.shortName}（电话：${d.phone}）`,
      });
    }
  }
  return out;
}
