// 双公示 vocabulary per department: the licences each issues and the penalties each imposes.
// `{p}` in a template is the party's name.
import type { CompanyKind } from './vocabulary.ts';

export interface LicenceKind {
  name: string;
  category: '普通' | '特许' | '认可' | '核准' | '登记' | '其他';
  certificate?: string;
  content: string;
  party: CompanyKind | 'person';
  /** Validity in years; absent = no expiry. */
  years?: number;
}

export interface PenaltyKind {
  violation: string;
  facts: string;
  basis: string;
  type: '警告' | '罚款' | '没收违法所得、没收非法财物' | '责令停产停业' | '暂扣许可证件';
  content: string;
  fine?: readonly [number, number];
  party: CompanyKind | 'person';
}

export const LICENCES: Readonly<Record<string, readonly LicenceKind[]>> = {
  fgj: [
    { name: '企业投资项目核准', category: '核准', content: '核准{p}在浈江区实施的光伏发电项目，项目总投资见核准文件。', party: 'trade', years: 2 },
    { name: '固定资产投资项目节能审查', category: '其他', content: '同意{p}扩建项目节能报告，项目年综合能源消费量控制在核定范围内。', party: 'trade' },
  ],
  jxj: [
    { name: '电力设施保护区内施工作业许可', category: '普通', content: '准予{p}在110kV线路保护区内进行道路施工作业，须落实安全防护措施。', party: 'construction', years: 1 },
    { name: '新建燃气管道工程设计文件审查', category: '其他', content: '同意{p}提交的中压燃气管道工程设计文件。', party: 'construction' },
  ],
  czj: [{ name: '代理记账机构执业许可', category: '普通', certificate: '代理记账许可证书', content: '准予{p}从事代理记账业务。', party: 'audit' }],
  cgj: [
    { name: '城市建筑垃圾处置核准', category: '核准', certificate: '建筑垃圾处置核准证', content: '准予{p}在核准路线和时段内运输处置建筑垃圾。', party: 'construction', years: 1 },
    { name: '户外广告设施设置审批', category: '普通', content: '准予{p}在核准位置设置户外广告设施，设置期限内须定期维护检测。', party: 'trade', years: 3 },
    { name: '城市道路挖掘许可', category: '普通', content: '准予{p}为敷设通信管道挖掘城市道路，须按期恢复路面。', party: 'it', years: 1 },
    { name: '临时占用城市道路许可', category: '普通', content: '准予{p}临时占用城市道路堆放施工材料，占用期满须清理恢复。', party: 'construction', years: 1 },
  ],
  nyj: [
    { name: '农药经营许可', category: '普通', certificate: '农药经营许可证', content: '准予{p}经营农药（不含限制使用农药）。', party: 'agri', years: 5 },
    { name: '兽药经营许可', category: '普通', certificate: '兽药经营许可证', content: '准予{p}经营兽用化学药品、中兽药（不含生物制品）。', party: 'agri', years: 5 },
    { name: '动物防疫条件合格证核发', category: '认可', certificate: '动物防疫条件合格证', content: '{p}的生猪养殖场经审查符合动物防疫条件。', party: 'agri' },
  ],
  wjj: [
    { name: '医疗机构执业登记', category: '登记', certificate: '医疗机构执业许可证', content: '准予{p}开办的诊所执业登记，诊疗科目：内科、外科、预防保健科。', party: 'medical', years: 5 },
    { name: '公共场所卫生许可', category: '普通', certificate: '公共场所卫生许可证', content: '准予{p}经营住宿、沐浴等公共场所。', party: 'service', years: 4 },
    { name: '放射诊疗许可', category: '普通', certificate: '放射诊疗许可证', content: '准予{p}开展X射线影像诊断工作。', party: 'medical', years: 5 },
  ],
  lyj: [
    { name: '林木采伐许可证核发', category: '普通', certificate: '林木采伐许可证', content: '准予{p}采伐桉树人工商品林，采伐方式为皆伐，采伐后当年完成更新造林。', party: 'forest', years: 1 },
    { name: '使用林地审核', category: '普通', content: '同意{p}因道路建设需要临时使用林地，期满恢复林业生产条件。', party: 'construction', years: 2 },
    { name: '林草种子生产经营许可', category: '普通', certificate: '林草种子生产经营许可证', content: '准予{p}生产经营杉木、马尾松等林木种苗。', party: 'forest', years: 5 },
  ],
  gtfj: [
    { name: '建设用地规划许可证核发', category: '普通', certificate: '建设用地规划许可证', content: '{p}申请的建设项目用地符合国土空间规划，准予核发建设用地规划许可证。', party: 'soe' },
    { name: '建设工程规划许可证核发', category: '普通', certificate: '建设工程规划许可证', content: '{p}申报的建设工程设计方案符合规划条件，准予核发建设工程规划许可证。', party: 'trade' },
  ],
  swj: [
    { name: '增值税专用发票（增值税税控系统）最高开票限额审批', category: '普通', content: '准予{p}增值税专用发票最高开票限额为十万元。', party: 'trade' },
    { name: '对纳税人延期缴纳税款的核准', category: '核准', content: '准予{p}因特殊困难延期缴纳税款，延期期限不超过三个月。', party: 'construction' },
  ],
  zjj: [
    { name: '建筑工程施工许可证核发', category: '普通', certificate: '建筑工程施工许可证', content: '{p}申请的房屋建筑工程符合施工条件，准予施工。', party: 'soe' },
    { name: '商品房预售许可', category: '普通', certificate: '商品房预售许可证', content: '准予{p}开发的住宅项目预售，预售面积以许可证记载为准。', party: 'trade' },
    { name: '建设工程消防验收', category: '其他', content: '{p}建设工程经消防验收合格。', party: 'construction' },
  ],
  town: [
    { name: '乡村建设规划许可证核发', category: '普通', certificate: '乡村建设规划许可证', content: '准予申请人{p}在宅基地上新建农村住房一栋，建筑层数不超过三层。', party: 'person', years: 1 },
  ],
};

export const PENALTIES: Readonly<Record<string, readonly PenaltyKind[]>> = {
  fgj: [{ violation: '未按规定进行节能审查擅自开工建设', facts: '{p}建设项目未按规定进行节能审查即开工建设。', basis: '《固定资产投资项目节能审查办法》第二十四条', type: '警告', content: '责令停止建设、限期整改，并给予警告。', party: 'trade' }],
  jxj: [{ violation: '危害电力设施', facts: '{p}在电力设施保护区内违章施工，造成电力线路损坏。', basis: '《电力设施保护条例》第三十条', type: '罚款', content: '责令改正，处罚款。', fine: [5000, 10000], party: 'construction' }],
  czj: [{ violation: '违反会计法规定', facts: '{p}未按规定设置会计账簿，随意变更会计处理方法。', basis: '《中华人民共和国会计法》第四十二条', type: '罚款', content: '责令限期改正，处罚款。', fine: [3000, 20000], party: 'trade' }],
  cgj: [
    { violation: '擅自占用城市道路', facts: '{p}未经批准擅自占用城市道路经营。', basis: '《城市道路管理条例》第四十二条', type: '罚款', content: '责令限期改正，处罚款。', fine: [500, 5000], party: 'food' },
    { violation: '随意倾倒建筑垃圾', facts: '{p}运输车辆在非指定地点倾倒建筑垃圾。', basis: '《城市建筑垃圾管理规定》第二十六条', type: '罚款', content: '责令限期改正，给予警告，处罚款。', fine: [5000, 50000], party: 'construction' },
  ],
  nyj: [
    { violation: '经营劣质农药', facts: '{p}经营的农药经抽检有效成分含量不符合产品标准要求。', basis: '《农药管理条例》第五十六条', type: '没收违法所得、没收非法财物', content: '没收违法经营的农药和违法所得，并处罚款。', fine: [5000, 20000], party: 'agri' },
    { violation: '未按规定履行动物防疫义务', facts: '{p}对饲养的动物未按规定实施强制免疫。', basis: '《中华人民共和国动物防疫法》第九十二条', type: '罚款', content: '责令限期改正，处罚款。', fine: [1000, 5000], party: 'agri' },
  ],
  wjj: [
    { violation: '公共场所卫生违法', facts: '{p}未按规定对顾客用品用具进行清洗、消毒。', basis: '《公共场所卫生管理条例实施细则》第三十六条', type: '罚款', content: '给予警告，并处罚款。', fine: [500, 2000], party: 'service' },
    { violation: '使用非卫生技术人员从事医疗卫生技术工作', facts: '{p}使用未取得执业资格的人员从事医疗卫生技术工作。', basis: '《医疗机构管理条例》第四十七条', type: '罚款', content: '责令限期改正，处罚款。', fine: [10000, 50000], party: 'medical' },
  ],
  sjj: [{ violation: '违反国家规定的财务收支', facts: '{p}在专项资金使用中存在虚列支出、套取资金的问题。', basis: '《中华人民共和国审计法》第五十二条', type: '罚款', content: '责令限期退还违法所得，处罚款。', fine: [10000, 80000], party: 'soe' }],
  lyj: [
    { violation: '滥伐林木', facts: '{p}未取得林木采伐许可证，擅自采伐林木。', basis: '《中华人民共和国森林法》第七十六条', type: '罚款', content: '责令限期在原地或者异地补种滥伐株数三倍的树木，并处罚款。', fine: [3000, 30000], party: 'person' },
    { violation: '擅自改变林地用途', facts: '{p}未经审核同意擅自改变林地用途修建道路。', basis: '《中华人民共和国森林法》第七十三条', type: '罚款', content: '责令限期恢复植被和林业生产条件，处罚款。', fine: [20000, 100000], party: 'construction' },
    { violation: '违规野外用火', facts: '{p}在森林防火期内未经批准擅自在森林防火区内野外用火。', basis: '《森林防火条例》第五十条', type: '罚款', content: '责令停止违法行为，给予警告，处罚款。', fine: [200, 3000], party: 'person' },
  ],
  gtfj: [{ violation: '非法占用土地', facts: '{p}未经批准非法占用集体土地建设厂房。', basis: '《中华人民共和国土地管理法》第七十七条', type: '罚款', content: '责令退还非法占用的土地，限期拆除新建的建筑物，并处罚款。', fine: [20000, 150000], party: 'trade' }],
  swj: [
    { violation: '未按规定期限办理纳税申报', facts: '{p}未按照规定的期限办理纳税申报和报送纳税资料。', basis: '《中华人民共和国税收征收管理法》第六十二条', type: '罚款', content: '处罚款。', fine: [500, 2000], party: 'trade' },
    { violation: '虚开发票', facts: '{p}为他人开具与实际经营业务情况不符的发票。', basis: '《中华人民共和国发票管理办法》第三十五条', type: '没收违法所得、没收非法财物', content: '没收违法所得，并处罚款。', fine: [50000, 300000], party: 'trade' },
  ],
  zjj: [
    { violation: '未取得施工许可证擅自施工', facts: '{p}承建的项目未取得施工许可证擅自开工建设。', basis: '《建筑工程施工许可管理办法》第十二条', type: '罚款', content: '责令停止施工、限期改正，处罚款。', fine: [10000, 30000], party: 'construction' },
    { violation: '施工单位违反工程建设强制性标准', facts: '{p}在施工中偷工减料，使用不合格的建筑材料。', basis: '《建设工程质量管理条例》第六十四条', type: '罚款', content: '责令改正，处工程合同价款2%的罚款。', fine: [40000, 200000], party: 'construction' },
  ],
  town: [
    { violation: '未按乡村建设规划许可进行建设', facts: '{p}未按乡村建设规划许可证的规定进行建设，超出批准层数。', basis: '《中华人民共和国城乡规划法》第六十五条', type: '警告', content: '责令停止建设、限期改正。', party: 'person' },
    { violation: '露天焚烧秸秆', facts: '{p}在人口集中地区露天焚烧秸秆。', basis: '《中华人民共和国大气污染防治法》第一百一十九条', type: '罚款', content: '责令改正，处罚款。', fine: [500, 2000], party: 'person' },
  ],
};

/** Document-number prefixes (文号) per department. */
export const DOC_PREFIX: Readonly<Record<string, string>> = {
  fgj: '浈发改', jxj: '浈经信', czj: '浈财', cgj: '浈城管', nyj: '浈农', wjj: '浈卫健', sjj: '浈审', lyj: '浈林',
  gtfj: '韶自然资浈', swj: '韶浈税', zjj: '浈住建', lsz: '犁府', hpz: '花府', xsz: '新府', lyz: '乐府', dhjd: '东河办', czjd: '车站办',
};
