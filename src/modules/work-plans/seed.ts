// Demo work plans: a round for the current year whose due date has passed, with filed, published,
// returned, late (filed and awaiting filing), on-time awaiting filing, draft and missing plans.
// Written with the same events the console writes, at dates relative to the day of seeding.
import { addDays } from '../../calendar/index.ts';
import type { Executor } from '../../db/index.ts';
import type { WorkPlanState } from '../../db/schema.ts';
import { todayInChina } from '../disclosures/service.ts';
import { appendEvent } from '../events/service.ts';
import * as repo from './repository.ts';
import { TASK_CATEGORIES, isLate, type WorkPlanTask } from './state.ts';

type Scenario = { state: WorkPlanState; submitOffset?: number; returnReason?: string };

/** By department code; departments not listed submit nothing (missing). */
const SCENARIOS: Record<string, Scenario> = {
  fgj: { state: 'published', submitOffset: -12 },
  czj: { state: 'published', submitOffset: -9 },
  jxj: { state: 'filed', submitOffset: -5 },
  zjj: { state: 'published', submitOffset: -3 },
  cgj: { state: 'returned', submitOffset: -2, returnReason: '（二）主要任务和措施中工程建设项目招标投标的公开时限未按“信息形成之日起20个工作日内”填写，黑名单栏目未填写，请补充后重新报送。' },
  nyj: { state: 'filed', submitOffset: 4 },
  wjj: { state: 'submitted', submitOffset: 6 },
  sjj: { state: 'submitted', submitOffset: -1 },
  lyj: { state: 'draft' },
  lsz: { state: 'published', submitOffset: -7 },
  hpz: { state: 'filed', submitOffset: 9 },
};

const at = (date: string, hour: number) => new Date(Date.parse(`${date}T00:00:00Z`) + (hour - 8) * 3600_000).toISOString();

function tasksFor(name: string, code: string): WorkPlanTask[] {
  const town = /镇|街道/.test(name);
  const body = `${name}${town ? '党政综合办' : '办公室'}`;
  const rows: WorkPlanTask[] = [];
  const add = (category: (typeof TASK_CATEGORIES)[number]['key'], content: string, timeLimit = '信息形成或变更之日起20个工作日内', channel = '浈江区人民政府门户网站') => rows.push({ category, content, responsibleBody: body, channel, timeLimit });
  if (town || code === 'zjj') add('housing', '农村危房改造政策、申请条件、审批结果（补助对象名单，身份证号脱敏）、资金分配结果', '审批结果形成之日起20个工作日内', '区政府门户网站、村务公开栏');
  if (!town) {
    add('procurement', '政府采购意向、采购公告、中标（成交）结果公告、采购合同', '按《政府采购信息发布管理办法》规定的时限', '区政府门户网站、广东省政府采购网');
    if (['czj', 'fgj', 'zjj', 'cgj'].includes(code)) add('construction', '招标公告、中标候选人公示、中标结果、合同订立及履行情况', '中标候选人公示不少于3日；结果信息形成之日起20个工作日内', '韶关市公共资源交易网、区政府门户网站');
    if (['czj', 'jxj'].includes(code)) add('property', '国有产权转让信息披露、交易结果公告', '交易结果形成之日起20个工作日内', '韶关市公共资源交易网');
  }
  add('catalogue', '本单位公共资源配置领域主动公开目录清单，随职责和事项变化动态更新', '目录变化之日起20个工作日内', '区政府门户网站“公开目录”栏目');
  add('blacklist', '本单位管理领域内以欺诈等不正当手段获取公共资源的失信主体名单', '认定之日起7个工作日内', '区政府门户网站“黑名单”栏目、信用中国（广东）');
  return rows;
}

const statusGoals = (name: string) =>
  `${name}认真贯彻落实《国务院办公厅关于推进公共资源配置领域政府信息公开的意见》（国办发〔2017〕97号）和省、市、区工作部署，已在区政府门户网站开设公共资源配置领域信息公开专栏。\n目标：本年度主动公开目录清单内的信息按时公开率达到100%，重点公开批准结果、配置过程、中标（成交）和合同履约信息。`;
const organisation = (name: string) =>
  `成立由分管领导任组长的信息公开工作小组，明确专人负责；信息发布前按规定进行保密审查和个人信息脱敏。\n将公共资源配置领域信息公开工作纳入${name}年度绩效考核，接受区政务公开办监督检查和社会监督，监督电话0751-8763012。`;

export async function seedWorkPlans(trx: Executor, o: { departments: { code: string; id: number; name?: string }[]; userIds: Map<string, number>; today?: string }): Promise<number> {
  const today = o.today ?? todayInChina();
  const year = Number(today.slice(0, 4));
  // The plan's date, unless the demo is seeded before it: then a due date two weeks ago, so late and missing plans exist.
  const dueDate = `${year}-08-30` < addDays(today, -20) ? `${year}-08-30` : addDays(today, -20);
  const office = o.userIds.get('gkb-office') ?? null;
  const openedAt = at(addDays(dueDate, -45), 9);
  const title = `${year}年公共资源配置领域政府信息公开工作方案`;
  const roundId = await repo.insertRound(trx, { year, title, due_date: dueDate, note: '请各单位按模板编制本单位工作方案，报区政务公开办备案后在本单位信息公开页面公开。', created_by: office, created_at: openedAt, updated_at: openedAt });
  await appendEvent(trx, { at: openedAt, actorId: office, entity: 'work_plan_round', entityId: roundId, action: 'create', data: { year, title, dueDate, seed: true } });
  const names = new Map((await repo.planDepartments(trx)).map((d) => [d.id, d.name]));
  for (const d of o.departments) {
    const s = SCENARIOS[d.code];
    const editor = o.userIds.get(`${d.code}-editor`);
    if (!s || !editor) continue;
    const name = names.get(d.id) ?? d.code;
    const createdAt = at(addDays(dueDate, -20), 10);
    const submitted = s.submitOffset !== undefined ? at(addDays(dueDate, s.submitOffset), 15) : null;
    const late = submitted ? isLate(submitted, dueDate) : false;
    const decided = submitted ? at(addDays(dueDate, s.submitOffset! + 2), 11) : null;
    const tasks = tasksFor(name, d.code);
    const id = await repo.insertPlan(trx, {
      round_id: roundId, department_id: d.id, state: s.state, status_goals: statusGoals(name), tasks: JSON.stringify(s.state === 'returned' ? tasks.filter((t) => t.category !== 'blacklist') : tasks), organisation: organisation(name),
      first_submitted_at: submitted, submitted_at: submitted, late: late ? 1 : 0, returned_reason: s.returnReason ?? null,
      filed_at: s.state === 'filed' || s.state === 'published' ? decided : null, filed_by: s.state === 'filed' || s.state === 'published' ? office : null,
      published_at: s.state === 'published' ? at(addDays(dueDate, s.submitOffset! + 3), 9) : null, created_by: editor, created_at: createdAt, updated_at: decided ?? createdAt,
    });
    const ev = (when: string, actorId: number | null, action: string, reason: string | null = null, data?: unknown) => appendEvent(trx, { at: when, actorId, entity: 'work_plan', entityId: id, action, reason, data });
    await ev(createdAt, editor, 'create', null, { roundId, departmentId: d.id, seed: true });
    await ev(at(addDays(dueDate, -15), 16), editor, 'update');
    if (!submitted) continue;
    await ev(submitted, editor, 'submit', null, { late, dueDate });
    if (s.state === 'returned') await ev(decided!, office, 'return', s.returnReason ?? null, { from: 'submitted', to: 'returned' });
    if (s.state === 'filed' || s.state === 'published') await ev(decided!, office, 'file', null, { from: 'submitted', to: 'filed' });
    if (s.state === 'published') await ev(at(addDays(dueDate, s.submitOffset! + 3), 9), editor, 'publish', null, { from: 'filed', to: 'published' });
  }
  return roundId;
}
