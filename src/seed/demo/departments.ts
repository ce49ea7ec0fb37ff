// The departments and accounts of the demo district 韶关市浈江区 (region code 440204).
import { completeCreditCode } from '../../domain/identifiers.ts';
import type { DemoDepartment, DemoUser, DepartmentKind } from './types.ts';

export const DISTRICT = '浈江区';
export const DISTRICT_FULL = '韶关市浈江区';
export const REGION_CODE = '440204';
export const POSTCODE = '512023';
export const OFFICE_PHONE = '0751-8763012';
export const HOTLINE = '12345';

export interface DeptSpec {
  code: string;
  name: string;
  shortName: string;
  kind: DepartmentKind;
  /** Characters 9–16 of the 统一社会信用代码 (组织机构代码 body). */
  orgBody: string;
  address: string;
  phone: string;
  /** The section (科室) that runs disclosure: the 责任主体 of the catalogue. */
  section: string;
  /** Display names of the editor and the reviewer (none for the office). */
  people?: readonly [string, string];
}

export const DEPARTMENTS: readonly DeptSpec[] = [
  { code: 'gkb', name: '韶关市浈江区人民政府政务公开办公室', shortName: '区政务公开办', kind: 'office', orgBody: '00705946', address: '韶关市浈江区南郊路69号区行政服务中心四楼', phone: OFFICE_PHONE, section: '政务公开股' },
  { code: 'fgj', name: '韶关市浈江区发展和改革局', shortName: '发改局', kind: 'bureau', orgBody: '00705911', address: '韶关市浈江区南郊路69号区行政服务中心五楼', phone: '0751-8763120', section: '投资股', people: ['黄志明', '罗慧敏'] },
  { code: 'jxj', name: '韶关市浈江区经济和信息化局', shortName: '经信局', kind: 'bureau', orgBody: '00705938', address: '韶关市浈江区东堤中路12号', phone: '0751-8763245', section: '综合股', people: ['李建华', '温雅琴'] },
  { code: 'czj', name: '韶关市浈江区财政局', shortName: '财政局', kind: 'bureau', orgBody: '00705962', address: '韶关市浈江区南郊路69号区行政服务中心三楼', phone: '0751-8763308', section: '政府采购监督管理股', people: ['陈晓燕', '张国强'] },
  { code: 'cgj', name: '韶关市浈江区城市管理和综合执法局', shortName: '城管局', kind: 'bureau', orgBody: '00705987', address: '韶关市浈江区风采路28号', phone: '0751-8763416', section: '市政建设股', people: ['刘伟东', '钟丽萍'] },
  { code: 'nyj', name: '韶关市浈江区农业农村局', shortName: '农业局', kind: 'bureau', orgBody: '00706015', address: '韶关市浈江区新华南路15号', phone: '0751-8763527', section: '综合执法股', people: ['邓春梅', '朱永强'] },
  { code: 'wjj', name: '韶关市浈江区卫生健康局', shortName: '卫计局', kind: 'bureau', orgBody: '00706023', address: '韶关市浈江区解放路36号', phone: '0751-8763631', section: '规划财务股', people: ['周婷婷', '曾国华'] },
  { code: 'sjj', name: '韶关市浈江区审计局', shortName: '审计局', kind: 'bureau', orgBody: '00706031', address: '韶关市浈江区南郊路69号区行政服务中心六楼', phone: '0751-8763749', section: '办公室', people: ['谢文静', '何振宇'] },
  { code: 'lyj', name: '韶关市浈江区林业局', shortName: '林业局', kind: 'bureau', orgBody: '00706058', address: '韶关市浈江区十里亭路8号', phone: '0751-8763852', section: '资源管理股', people: ['赖金生', '叶秀英'] },
  { code: 'gtfj', name: '韶关市自然资源局浈江分局', shortName: '国土分局', kind: 'bureau', orgBody: '00706066', address: '韶关市浈江区南郊路71号', phone: '0751-8763960', section: '资产和利用股', people: ['廖海燕', '彭志刚'] },
  { code: 'swj', name: '国家税务总局韶关市浈江区税务局', shortName: '税务局', kind: 'bureau', orgBody: '00706074', address: '韶关市浈江区和平路9号', phone: '0751-8764071', section: '法制股', people: ['孙丽华', '吴建军'] },
  { code: 'zjj', name: '韶关市浈江区住房和城乡建设管理局', shortName: '住建局', kind: 'bureau', orgBody: '00706082', address: '韶关市浈江区风度北路18号', phone: '0751-8764183', section: '村镇建设股', people: ['林晓峰', '郑美玲'] },
  { code: 'lsz', name: '韶关市浈江区犁市镇人民政府', shortName: '犁市镇', kind: 'town', orgBody: '00706103', address: '韶关市浈江区犁市镇犁市大道1号', phone: '0751-8831026', section: '党政综合办公室', people: ['黄丽娟', '梁国平'] },
  { code: 'hpz', name: '韶关市浈江区花坪镇人民政府', shortName: '花坪镇', kind: 'town', orgBody: '00706111', address: '韶关市浈江区花坪镇花坪圩', phone: '0751-8851138', section: '党政综合办公室', people: ['邱桂兰', '潘文辉'] },
  { code: 'xsz', name: '韶关市浈江区新韶镇人民政府', shortName: '新韶镇', kind: 'town', orgBody: '00706138', address: '韶关市浈江区新韶镇新韶路2号', phone: '0751-8871245', section: '党政综合办公室', people: ['蓝小红', '古志强'] },
  { code: 'lyz', name: '韶关市浈江区乐园镇人民政府', shortName: '乐园镇', kind: 'town', orgBody: '00706146', address: '韶关市浈江区乐园镇乐园圩', phone: '0751-8891352', section: '党政综合办公室', people: ['华春燕', '欧阳明'] },
  { code: 'dhjd', name: '韶关市浈江区东河街道办事处', shortName: '东河街道', kind: 'town', orgBody: '00706154', address: '韶关市浈江区东堤北路66号', phone: '0751-8765461', section: '党政综合办公室', people: ['冯雪梅', '严家豪'] },
  { code: 'czjd', name: '韶关市浈江区车站街道办事处', shortName: '车站街道', kind: 'town', orgBody: '00706162', address: '韶关市浈江区站前路18号', phone: '0751-8765573', section: '党政综合办公室', people: ['卢秋菊', '蔡锦荣'] },
];

/** The towns and 街道, whose disclosures are mostly housing. */
export const TOWN_CODES = ['lsz', 'hpz', 'xsz', 'lyz', 'dhjd', 'czjd'] as const;

const BY_CODE = new Map(DEPARTMENTS.map((d) => [d.code, d]));

export function dept(code: string): DeptSpec {
  const d = BY_CODE.get(code);
  if (!d) throw new Error(`unknown demo department ${code}`);
  return d;
}

/** Full names as the public sees them: 浈江区犁市镇人民政府, 韶关市浈江区财政局. */
export function displayName(code: string): string {
  const d = dept(code);
  return d.kind === 'town' ? d.name.replace(/^韶关市/, '') : d.name;
}

export function creditCodeOf(code: string): string {
  // 11 = 机关; 440204 = 浈江区 (GB 32100 登记管理部门代码 1, 机构类别 1).
  return completeCreditCode(`11${REGION_CODE}`, dept(code).orgBody);
}

export function editorOf(code: string): string {
  return `${code}-editor`;
}

export function reviewerOf(code: string): string {
  return `${code}-reviewer`;
}

/** 信息公开指南 (条例 第十二条): one template with the department's details filled in. */
export function guideOf(d: DeptSpec): string {
  const name = displayName(d.code);
  return [
    `# ${name}政府信息公开指南`,
    `为保障公民、法人和其他组织依法获取政府信息，根据《中华人民共和国政府信息公开条例》（以下简称《条例》），结合本单位实际，编制本指南。本指南每年更新，公众可在浈江区人民政府门户网站“政府信息公开”专栏查阅。`,
    `## 一、主动公开`,
    `本单位主动公开的政府信息以本单位《主动公开目录清单》为准，包括机构职能、政策文件、行政许可和行政处罚（“双公示”）以及公共资源配置领域的批准结果、项目基本信息、交易过程、中标（成交）和合同履约等信息。属于主动公开范围的政府信息，自形成或者变更之日起20个工作日内予以公开；法律、法规另有规定的，从其规定。`,
    `公开方式：浈江区人民政府门户网站（首要渠道）、政务新媒体、韶关市公共资源交易网及政府信息查阅点（浈江区档案馆、区行政服务中心）。`,
    `## 二、依申请公开`,
    `**受理机构：** ${name}${d.section}\n\n**办公地址：** ${d.address}（邮编 ${POSTCODE}）\n\n**办公时间：** 工作日上午8:30—12:00，下午14:30—17:30（法定节假日除外）\n\n**联系电话：** ${d.phone}`,
    `**申请方式：** 申请人可通过浈江区人民政府门户网站在线申请、当面提交或信函方式提出申请。申请应包括申请人姓名或者名称、身份证明、联系方式，所需政府信息的名称、文号或者便于查询的其他特征性描述，以及获取信息的方式、途径。申请内容不明确的，本单位自收到申请之日起7个工作日内一次性告知补正。`,
    `**办理程序：** 本单位收到申请后，能够当场答复的当场答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长期限最长不超过20个工作日。征求第三方意见所需时间不计算在答复期限内。依申请提供政府信息，原则上不收取费用。`,
    `## 三、监督和救济`,
    `公民、法人或者其他组织认为本单位未依法履行政府信息公开义务的，可以向浈江区政务公开办（电话 ${OFFICE_PHONE}）投诉、举报，也可拨打 ${HOTLINE} 政务服务便民热线反映；认为在政府信息公开工作中侵犯其合法权益的，可以依法申请行政复议或者提起行政诉讼。`,
  ].join('\n\n');
}

export function buildDepartments(): DemoDepartment[] {
  return DEPARTMENTS.map((d) => ({
    code: d.code,
    name: displayName(d.code),
    shortName: d.shortName,
    kind: d.kind,
    creditCode: creditCodeOf(d.code),
    address: d.address,
    phone: d.phone,
    guide: guideOf(d),
  }));
}

const PASSWORDS = {
  editor: 'Demo-editor-2026',
  reviewer: 'Demo-reviewer-2026',
  office: 'Demo-office-2026',
  admin: 'Demo-admin-2026',
} as const;

const email = (username: string) => `${username}@zhenjiang.example.gov.cn`;

export function buildUsers(): DemoUser[] {
  const users: DemoUser[] = [
    { username: 'admin', displayName: '系统管理员', password: PASSWORDS.admin, email: email('admin'), memberships: [{ department: 'gkb', role: 'admin' }] },
    { username: 'gkb-office', displayName: '邹文静', password: PASSWORDS.office, email: email('gkb-office'), memberships: [{ department: 'gkb', role: 'office' }] },
  ];
  for (const d of DEPARTMENTS) {
    if (!d.people) continue;
    const [editor, reviewer] = d.people;
    users.push({ username: editorOf(d.code), displayName: editor, password: PASSWORDS.editor, email: email(editorOf(d.code)), memberships: [{ department: d.code, role: 'editor' }] });
    users.push({ username: reviewerOf(d.code), displayName: reviewer, password: PASSWORDS.reviewer, email: email(reviewerOf(d.code)), memberships: [{ department: d.code, role: 'reviewer' }] });
  }
  return users;
}
