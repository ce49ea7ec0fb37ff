// Demo inspections: open, answered and closed findings (one past its rectification deadline), an
// inspection whose findings are all closed (shown on the department's public page) and one that
// found nothing. Dates are relative to the day of seeding; every step is an event.
import { addDays } from '../../calendar/index.ts';
import type { Executor } from '../../db/index.ts';
import type { FindingStatus } from '../../db/schema.ts';
import { todayInChina } from '../disclosures/service.ts';
import { appendEvent } from '../events/service.ts';
import * as repo from './repository.ts';
import type { InspectionKind, InspectionScope } from './state.ts';

const SITE = 'https://www.zhenjiang.example.gov.cn';
const at = (date: string, hour: number) => new Date(Date.parse(`${date}T00:00:00Z`) + (hour - 8) * 3600_000).toISOString();

interface FindingSpec {
  description: string;
  evidence: string[];
  deadlineOffset: number;
  status: FindingStatus;
  answer?: { offset: number; body: string };
  closeOffset?: number;
}

interface InspectionSpec {
  department: string;
  kind: InspectionKind;
  scope: InspectionScope[];
  offset: number;
  summary: string;
  findings: FindingSpec[];
}

const INSPECTIONS: InspectionSpec[] = [
  {
    department: 'czj', kind: 'scheduled', scope: ['disclosure', 'timeliness', 'platform'], offset: -60,
    summary: '对区财政局公共资源配置领域（政府采购）信息公开情况开展第三季度定期检查，抽查采购意向、采购公告、中标结果和合同公告共40条，检查交易平台数据报送记录。',
    findings: [
      { description: '3条中标（成交）结果公告晚于法定时限发布（最长超期4个工作日）。', evidence: [`${SITE}/sectors/procurement`], deadlineOffset: 15, status: 'closed', answer: { offset: 10, body: '已对相关经办人员进行提醒，建立结果公告发布台账，每周核对一次。' }, closeOffset: 13 },
      { description: '2份采购合同公告未附合同文本扫描件。', evidence: [`${SITE}/departments/czj`], deadlineOffset: 70, status: 'answered', answer: { offset: 18, body: '已补充上传两份合同文本（已对供应商联系人电话进行脱敏）。' } },
      { description: '政府采购意向公开时间距采购活动开始不足30日（财库〔2020〕10号）。', evidence: [`${SITE}/sectors/procurement?department=czj`], deadlineOffset: 45, status: 'open' },
    ],
  },
  {
    department: 'zjj', kind: 'unannounced', scope: ['disclosure', 'platform'], offset: -20,
    summary: '不定期抽查区住建局工程建设项目招标投标信息公开及向市公共资源交易平台报送数据情况。',
    findings: [
      { description: '1个项目的中标候选人公示期少于3日。', evidence: [`${SITE}/sectors/construction`], deadlineOffset: 30, status: 'open' },
      { description: '交易平台报送的合同履约信息缺少验收日期。', evidence: [`${SITE}/sectors/construction?department=zjj`], deadlineOffset: 25, status: 'answered', answer: { offset: 8, body: '已在交易平台补录验收日期，并完善报送前核对清单。' } },
    ],
  },
  {
    department: 'lsz', kind: 'scheduled', scope: ['disclosure', 'timeliness'], offset: -120,
    summary: '定期检查犁市镇农村危房改造信息公开情况，抽查补助对象公示、审批结果和资金分配结果。',
    findings: [
      { description: '1份补助对象名单中身份证号码未脱敏。', evidence: [`${SITE}/sectors/housing?department=lsz`], deadlineOffset: 5, status: 'closed', answer: { offset: 2, body: '已撤回原名单并发布脱敏后的更正版本，对经办人员开展个人信息保护培训。' }, closeOffset: 4 },
    ],
  },
  {
    department: 'fgj', kind: 'scheduled', scope: ['disclosure'], offset: -90,
    summary: '定期检查区发改局批准结果信息公开情况，抽查项目审批、核准、备案结果12条，均按时公开，未发现问题。',
    findings: [],
  },
];

export async function seedInspections(trx: Executor, o: { departments: { code: string; id: number }[]; userIds: Map<string, number>; today?: string }): Promise<number> {
  const today = o.today ?? todayInChina();
  const office = o.userIds.get('gkb-office') ?? null;
  const ids = new Map(o.departments.map((d) => [d.code, d.id]));
  let n = 0;
  for (const s of INSPECTIONS) {
    const departmentId = ids.get(s.department);
    if (!departmentId) continue;
    const date = addDays(today, s.offset);
    const created = at(date, 17);
    const id = await repo.insertInspection(trx, { department_id: departmentId, kind: s.kind, scope: JSON.stringify(s.scope), inspection_date: date, inspectors: '邹文静、区政务公开办督查组', summary: s.summary, created_by: office, created_at: created, updated_at: created });
    await appendEvent(trx, { at: created, actorId: office, entity: 'inspection', entityId: id, action: 'create', data: { kind: s.kind, scope: s.scope, inspectionDate: date, findings: s.findings.length, seed: true } });
    n++;
    const answerer = o.userIds.get(`${s.department}-editor`) ?? null;
    for (const f of s.findings) {
      const deadline = addDays(date, f.deadlineOffset);
      const closedDate = f.closeOffset !== undefined ? addDays(date, f.closeOffset) : null;
      const fid = await repo.insertFinding(trx, { inspection_id: id, description: f.description, evidence: JSON.stringify(f.evidence), attachment_sha256: null, attachment_filename: null, deadline, status: f.status, closed_date: closedDate, closed_by: closedDate ? office : null, created_by: office, created_at: created, updated_at: created });
      await appendEvent(trx, { at: created, actorId: office, entity: 'inspection_finding', entityId: fid, action: 'create', data: { inspectionId: id, deadline, evidence: f.evidence, seed: true } });
      await appendEvent(trx, { at: created, actorId: office, entity: 'inspection', entityId: id, action: 'add-finding', data: { findingId: fid } });
      if (f.answer) {
        const answerDate = addDays(date, f.answer.offset);
        await repo.insertAnswer(trx, { finding_id: fid, body: f.answer.body, answer_date: answerDate, answered_by: answerer, created_at: at(answerDate, 16) });
        await appendEvent(trx, { at: at(answerDate, 16), actorId: answerer, entity: 'inspection_finding', entityId: fid, action: 'answer', data: { from: 'open', to: 'answered', answerDate } });
      }
      if (closedDate) await appendEvent(trx, { at: at(closedDate, 10), actorId: office, entity: 'inspection_finding', entityId: fid, action: 'close', data: { from: 'answered', to: 'closed' } });
    }
  }
  return n;
}
