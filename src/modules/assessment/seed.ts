// Demo assessment: last year's scheme (the default items), manual 工作机制 scores for every
// department, a third-party evaluation imported into C1, a run over the seeded data and
// publication – all inside the seed transaction, with the same rows and events as the console.
import type { Db, Executor } from '../../db/index.ts';
import { AnnualReportService, type ReportDeps } from '../annual-report/service.ts';
import { todayInChina } from '../disclosures/service.ts';
import { appendEvent } from '../events/service.ts';
import { RequestService } from '../requests/service.ts';
import { defaultCalendar } from '../timeliness/due.ts';
import { SupervisionService } from '../timeliness/supervision-service.ts';
import * as repo from './repository.ts';
import { x100 } from './scoring.ts';
import { AssessmentService } from './service.ts';
import { defaultItems, validateScheme } from './validate.ts';

const MECHANISM_NOTES = ['工作机制健全，专人负责，台账完整', '机制基本健全，个别栏目维护不及时', '已明确分管领导和联络员，培训记录齐全', '制度较完善，但未按季度自查'];

export async function seedAssessmentDemo(ex: Executor, o: { userIds: ReadonlyMap<string, number>; today?: string }): Promise<{ id: number }> {
  const today = o.today ?? todayInChina();
  const year = Number(today.slice(0, 4)) - 1;
  const officeId = o.userIds.get('gkb-office') ?? null;
  const db = ex as Db;
  const cal = () => defaultCalendar();
  // Services bound to the seed transaction (read-only here), as the requests seed does.
  const deps = { supervision: new SupervisionService(db, cal), requests: new RequestService(db, 'sqlite', cal), annualReports: new AnnualReportService({ db } as ReportDeps) };
  const svc = new AssessmentService(db, deps);
  const v = validateScheme({ name: `${year}年度公共资源配置领域政府信息公开工作考核`, year: String(year), items: defaultItems(), commendTop: '3', commendMin: '80', criticiseBottom: '2', criticiseBelow: '78' }, year + 1);
  if (!v.ok) throw new Error(`demo scheme invalid: ${JSON.stringify(v.errors)}`);
  const at0 = `${year + 1}-01-10T02:00:00.000Z`;
  const id = await repo.insertAssessment(ex, {
    name: v.value.name, year, period_from: `${year}-01-01`, period_to: `${year}-12-31`, items: JSON.stringify(v.value.items),
    commend_top: v.value.commendTop, commend_min_x100: v.value.commendMin === null ? null : x100(v.value.commendMin),
    criticise_bottom: v.value.criticiseBottom, criticise_below_x100: v.value.criticiseBelow === null ? null : x100(v.value.criticiseBelow),
    state: 'draft', created_by: officeId, created_at: at0, updated_at: at0,
  });
  await appendEvent(ex, { at: at0, actorId: officeId, entity: 'assessment', entityId: id, action: 'create', data: { ...v.value, seed: true } });

  const depts = await svc.departments();
  // Deterministic spread of manual and third-party scores (no randomness: the demo is reproducible).
  const at1 = `${year + 1}-01-15T02:00:00.000Z`;
  for (const [i, d] of depts.entries()) {
    const points = [9, 7.5, 8, 6, 9.5, 5][i % 6]!;
    const note = MECHANISM_NOTES[i % MECHANISM_NOTES.length]!;
    await repo.upsertScore(ex, { assessmentId: id, departmentId: d.id, itemCode: 'B1', pointsX100: x100(points), source: 'manual', note, by: officeId, at: at1 });
    await appendEvent(ex, { at: at1, actorId: officeId, entity: 'assessment', entityId: id, action: 'score', data: { departmentId: d.id, item: 'B1', points, note, previous: null, seed: true } });
  }
  const at2 = `${year + 1}-01-20T02:00:00.000Z`;
  const thirdParty = depts.map((d, i) => ({ departmentId: d.id, points: [18.5, 16, 14, 19, 12.5, 17, 15.5][i % 7]!, note: '第三方机构网站测评与满意度调查' }));
  await svc.storeImported(ex, officeId, id, 'C1', thirdParty, `${year}年度第三方评估结果.xlsx`, at2);

  const a = await svc.get(id, ex);
  const result = await svc.compute({ db, ...deps }, ex, a, today);
  const at3 = `${year + 1}-01-25T02:00:00.000Z`;
  result.runAt = at3;
  await svc.storeRun(ex, officeId, a, result, at3);
  await svc.publishIn(ex, officeId, id, `${year + 1}-01-28T02:00:00.000Z`);
  return { id };
}
