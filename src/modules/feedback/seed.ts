// Demo feedback on a few published disclosures and one project: answered public (one with a phone
// number the public page masks), answered private (asker's choice), answered but kept private by
// staff, pending within the reply period, overdue, and one unanswered for over 3 months (19号).
import { addDays } from '../../calendar/index.ts';
import type { Db, Executor } from '../../db/index.ts';
import { todayInChina } from '../disclosures/service.ts';
import { defaultCalendar } from '../timeliness/due.ts';
import * as repo from './repository.ts';
import { FeedbackService } from './service.ts';

export async function seedFeedbackDemo(ex: Executor, o: { userIds: ReadonlyMap<string, number>; departmentCodes: ReadonlyMap<number, string>; today?: string; replyWorkingDays?: number }): Promise<number> {
  const today = o.today ?? todayInChina();
  const svc = new FeedbackService(ex as Db, { getPublic: () => Promise.reject(new Error('not used by the seed')) }, () => defaultCalendar(), { replyWorkingDays: o.replyWorkingDays ?? 5 });
  const { disclosures, projects } = await repo.seedTargets(ex);
  if (!disclosures.length) return 0;
  const staff = (departmentId: number) => o.userIds.get(`${o.departmentCodes.get(departmentId)}-editor`) ?? o.userIds.get('gkb-office')!;
  const d = (i: number) => disclosures[i % disclosures.length]!;
  const ago = (n: number) => addDays(today, -n);
  const items: Parameters<FeedbackService['seedOne']>[1][] = [
    { kind: 'disclosure', targetId: d(0).id, departmentId: d(0).department_id, publicRequested: true, date: ago(40), message: '公告中的预算金额是否包含后期运维费用？', answer: { text: '您好，预算金额已包含三年运维服务费用，详见采购需求第三部分。', date: ago(37), by: staff(d(0).department_id) } },
    { kind: 'disclosure', targetId: d(1).id, departmentId: d(1).department_id, publicRequested: true, date: ago(33), message: '我是附近村民，电话13800138000，想了解项目什么时候开工？', answer: { text: '您好，项目计划于合同签订后30日内开工，具体以施工许可为准。', date: ago(30), by: staff(d(1).department_id) } },
    { kind: 'disclosure', targetId: d(2).id, departmentId: d(2).department_id, publicRequested: false, date: ago(25), message: '我单位参与了投标，想了解评分细则中业绩分的计算方式。', answer: { text: '已通过您留下的联系方式单独答复。', date: ago(21), by: staff(d(2).department_id) } },
    { kind: 'disclosure', targetId: d(3).id, departmentId: d(3).department_id, publicRequested: true, date: ago(18), message: '名单中我家的补助金额与通知不一致，请核实。', answer: { text: '经核实为录入错误，已联系您本人并更正。', date: ago(15), by: staff(d(3).department_id), private: true } },
    { kind: 'disclosure', targetId: d(0).id, departmentId: d(0).department_id, publicRequested: true, date: ago(1), message: '公告附件无法下载，请检查。' },
    { kind: 'disclosure', targetId: d(4).id, departmentId: d(4).department_id, publicRequested: true, date: ago(20), message: '该信息的形成日期与发布日期相隔较长，是否逾期公开？' },
    { kind: 'disclosure', targetId: d(5).id, departmentId: d(5).department_id, publicRequested: true, date: ago(110), message: '请问该项目的合同履约情况何时公开？' },
  ];
  const p = projects[0];
  if (p) items.push({ kind: 'project', targetId: p.id, departmentId: p.department_id, publicRequested: true, date: ago(12), message: '该项目的验收结果会在哪里公布？', answer: { text: '验收完成后将在本项目页面“合同履约”环节公开验收结果。', date: ago(9), by: staff(p.department_id) } });
  for (const it of items) await svc.seedOne(ex, it);
  return items.length;
}
