// A filed work plan as a Word document, in the same official-document look as the answer letters
// and annual reports (requests/docx-common.ts).
import type { Paragraph, Table } from 'docx';
import { cnDate, heading, packDocument, para, table, title } from '../requests/docx-common.ts';
import type { PlanWithNames } from './repository.ts';
import { TASK_CATEGORIES, TASK_FIELDS, chinaDate, type WorkPlanTask } from './state.ts';

const paragraphs = (text: string) => (text.trim() ? text.split(/\n+/).map((l) => para(l, { indent: true })) : [para('（未填写）')]);

export function workPlanDocx(plan: PlanWithNames): Promise<Buffer> {
  const tasks = JSON.parse(plan.tasks) as WorkPlanTask[];
  const children: (Paragraph | Table)[] = [
    title(plan.department_name),
    title(plan.round_title),
    heading('一、工作现状和目标'),
    ...paragraphs(plan.status_goals),
    heading('二、主要任务和措施'),
  ];
  TASK_CATEGORIES.forEach((c, i) => {
    const rows = tasks.filter((t) => t.category === c.key);
    if (!rows.length) return;
    children.push(heading(`（${i + 1}）${c.name}`, 2));
    children.push(table([['序号', ...TASK_FIELDS.map((f) => f.name)], ...rows.map((t, n) => [String(n + 1), t.content, t.responsibleBody, t.channel, t.timeLimit])]));
  });
  children.push(heading('三、组织保障、监督和考核'), ...paragraphs(plan.organisation));
  if (plan.filed_at) children.push(para(`${plan.department_name}\n${cnDate(chinaDate(plan.filed_at))}报区政务公开办备案`, { right: true }));
  return packDocument({ title: `${plan.department_name}${plan.round_title}`, creator: plan.department_name, sections: [{ children }] });
}
