// Demo data for the timeliness module, relative to the date the demo is seeded: obligations that
// are overdue, due within the next 3 working days, and comfortably open, in different amounts per
// department, so the dashboard and the reminders show real differences whatever day the demo is
// started (the dashboard computes against the real current date). Called by seed/load.ts.
import { CalendarUnknownError, findRule, type WorkingCalendar } from '../../calendar/index.ts';
import type { Trx } from '../../db/index.ts';
import { todayInChina, type DueComputer } from '../disclosures/service.ts';
import { appendEvent } from '../events/service.ts';
import type { ItemType, ItemTypeRegistry } from '../item-types/service.ts';
import { defaultCalendar } from './due.ts';
import { insertObligation } from './repository-obligations.ts';

/** Per department index: [overdue, due soon, open later] obligations – deliberately uneven. */
const PATTERN: readonly [number, number, number][] = [
  [3, 1, 1],
  [0, 2, 1],
  [1, 0, 2],
  [2, 1, 0],
  [0, 0, 1],
  [4, 2, 1],
];

const TOPICS = ['年度项目资金分配结果', '补助对象名单调整', '合同变更情况', '验收结果', '采购计划调整', '审批结果'];

export interface TimelinessSeedResult {
  obligations: number;
}

export async function seedTimelinessDemo(trx: Trx, deps: { itemTypes: ItemTypeRegistry; due: DueComputer; today?: string; cal?: WorkingCalendar }): Promise<TimelinessSeedResult> {
  const today = deps.today ?? todayInChina();
  const cal = deps.cal ?? defaultCalendar();
  // Working-day rules of at least 7 days, so a "due soon" item still formed on or before today.
  const usable = (t: ItemType) => {
    const r = findRule(t.deadlineRule);
    return !!r && r.kind === 'due' && r.unit === 'workingDays' && r.count >= 7 && t.active;
  };
  const departments = await trx.selectFrom('departments').select(['id', 'short_name', 'kind']).where('kind', '!=', 'office').orderBy('sort').orderBy('id').execute();
  let created = 0;
  for (const [i, dep] of departments.entries()) {
    const editor = await trx.selectFrom('memberships').select('user_id').where('department_id', '=', dep.id).where('role', '=', 'editor').orderBy('user_id').executeTakeFirst();
    if (!editor) continue;
    const catalogued = await trx.selectFrom('catalogue_entries').select('item_type_id').where('department_id', '=', dep.id).orderBy('item_type_id').execute();
    const types = catalogued.map((c) => deps.itemTypes.get(c.item_type_id)).filter((t): t is ItemType => !!t && usable(t));
    if (!types.length) types.push(...deps.itemTypes.all().filter(usable).slice(0, 1));
    if (!types.length) continue;
    const [overdue, soon, later] = PATTERN[i % PATTERN.length]!;
    const plan: { offset: number; n: number }[] = [
      ...Array.from({ length: overdue }, (_, k) => ({ offset: -(2 + 4 * k + i), n: k })),
      ...Array.from({ length: soon }, (_, k) => ({ offset: 1 + ((k + i) % 3), n: overdue + k })),
      ...Array.from({ length: later }, (_, k) => ({ offset: 5 + k, n: overdue + soon + k })),
    ];
    for (const { offset, n } of plan) {
      const t = types[n % types.length]!;
      const rule = findRule(t.deadlineRule)!;
      let formed: string;
      try {
        // The due date lands `offset` working days from today; the formed date is `count` working days before it.
        const target = cal.addWorkingDays(today, offset);
        formed = cal.addWorkingDays(target, -rule.count);
      } catch (e) {
        if (e instanceof CalendarUnknownError) continue; // the demo runs past the known calendar: skip
        throw e;
      }
      if (formed > today) continue;
      const due = deps.due(t.deadlineRule, formed);
      const at = new Date().toISOString();
      const title = `${dep.short_name}${TOPICS[(i + n) % TOPICS.length]}（${t.name}）`;
      const id = await insertObligation(trx, { departmentId: dep.id, itemTypeId: t.id, title, formedDate: formed, note: '演示数据', dueDate: due.dueDate, dueRule: t.deadlineRule, createdBy: editor.user_id, at });
      await appendEvent(trx, { at, actorId: editor.user_id, entity: 'obligation', entityId: id, action: 'create', data: { seed: true, formedDate: formed, dueDate: due.dueDate } });
      created++;
    }
  }
  return { obligations: created };
}
