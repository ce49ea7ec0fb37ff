// Red flags: loads a project's PUBLIC notices (disclosures service + public-json, so withheld
// fields never reach a flag), adds what the pure core cannot know (lateness on the official
// calendar, every project's awards, blacklist matches) and evaluates. Thresholds are the office's,
// stored per flag; each change is an event.
import { CalendarUnknownError, type WorkingCalendar } from '../../calendar/index.ts';
import type { Db, Executor } from '../../db/index.ts';
import { invalid, type ErrorDetail } from '../../domain/errors.ts';
import { isOffice, type Principal } from '../accounts/service.ts';
import { findActiveMatches } from '../blacklist/service.ts';
import { severityRule } from '../blacklist/rules.ts';
import { toPublicJsonList, type PublicDisclosureJson } from '../disclosures/public-json.ts';
import type { DisclosureService } from '../disclosures/service.ts';
import { appendEvent } from '../events/service.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import { getProject, listProjects } from '../projects/service.ts';
import { timelinessOf } from '../timeliness/due.ts';
import { evaluateProject, type BlacklistHit, type EvalEnv, type FlagResult } from './evaluate.ts';
import { AWARD_TYPES, awardsOf, partiesOf, partyKey, type AwardRecord, type NoticeInput, type ProjectInput } from './extract.ts';
import { FLAG_BY_CODE, FLAG_SECTORS, FLAGS, mergeThresholds, parseThreshold, type FlagCode, type Thresholds } from './flags.ts';
import * as repo from './repository.ts';
import { summarise, type Summary } from './summary.ts';

export interface ProjectFlags {
  project: { id: number; title: string; sector: string; departmentId: number; departmentName: string };
  results: FlagResult[];
  tripped: number;
  tested: number;
  thresholds: Thresholds;
}

const PAGE = 1000;

export class RedFlagService {
  constructor(
    private readonly db: Db,
    private readonly deps: { disclosures: DisclosureService; itemTypes: ItemTypeRegistry; calendar: () => WorkingCalendar },
  ) {}

  async thresholds(ex: Executor = this.db): Promise<Thresholds> {
    const rows = await repo.listSettings(ex);
    return mergeThresholds(Object.fromEntries(rows.map((r) => [r.code, JSON.parse(r.params) as Record<string, unknown>])));
  }

  settings = () => repo.listSettings(this.db);

  /** Office only. Every value bounds-checked; the change is an event in the same transaction. */
  async updateThresholds(p: Principal, code: string, values: Record<string, string>): Promise<void> {
    if (!isOffice(p)) throw invalid([{ field: 'code', message: '只有政务公开办可以修改阈值' }], '只有政务公开办可以修改阈值');
    const def = FLAG_BY_CODE.get(code as FlagCode);
    if (!def || !def.thresholds.length) throw invalid([{ field: 'code', message: '该风险提示没有可配置的阈值' }]);
    const errors: ErrorDetail[] = [];
    const params: Record<string, number> = {};
    for (const t of def.thresholds) {
      const r = parseThreshold(t, values[t.key] ?? '');
      if (r.ok) params[t.key] = r.value;
      else errors.push({ field: t.key, message: r.message, code: 'out_of_bounds' });
    }
    if (errors.length) throw invalid(errors);
    await this.db.transaction().execute(async (trx) => {
      const before = (await this.thresholds(trx))[def.code];
      const at = new Date().toISOString();
      const row = await repo.findSetting(trx, def.code);
      const id = row ? row.id : await repo.insertSetting(trx, { code: def.code, params: JSON.stringify(params), at, by: p.userId });
      if (row) await repo.updateSetting(trx, row.id, { params: JSON.stringify(params), at, by: p.userId });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'red_flag_setting', entityId: id, action: 'update', data: { code: def.code, before, after: params } });
    });
  }

  /** Public notices of the given sectors (optionally one project), page by page, as public JSON. */
  private async publicNotices(f: { sector: string; projectId?: number; itemTypeId?: number }): Promise<PublicDisclosureJson[]> {
    const out: PublicDisclosureJson[] = [];
    let cursor: { at: string; id: number } | null = null;
    for (;;) {
      const rows = await this.deps.disclosures.listPublicAfter({ sector: f.sector, projectId: f.projectId, itemTypeId: f.itemTypeId }, PAGE, cursor);
      out.push(...(await toPublicJsonList(this.db, this.deps.itemTypes, '', rows.filter((r) => r.project_id !== null))));
      const last = rows[rows.length - 1];
      if (rows.length < PAGE || !last) break;
      cursor = { at: last.first_published_at!, id: last.id };
    }
    return out;
  }

  private notice(j: PublicDisclosureJson, cal: WorkingCalendar): NoticeInput {
    const t = this.deps.itemTypes.byCodeOrUndefined(j.itemType.code);
    const tl = timelinessOf(t?.deadlineRule ?? null, j.dueDate, j.firstPublishedAt, cal);
    return { disclosureId: j.id, itemType: j.itemType.code, title: j.title, formedDate: j.formedDate, dueDate: j.dueDate, publishedAt: j.firstPublishedAt, lateWorkingDays: tl.kind === 'late' ? tl.workingDays : tl.kind === 'on_time' ? 0 : null, fields: j.fields };
  }

  private async projectInputs(projectId?: number): Promise<ProjectInput[]> {
    const cal = this.deps.calendar();
    const projects = projectId !== undefined ? [await getProject(this.db, projectId)] : (await Promise.all(FLAG_SECTORS.map((s) => listProjects(this.db, { sector: s, limit: 1_000_000 })))).flat();
    const bySector = new Map<string, PublicDisclosureJson[]>();
    for (const s of new Set(projects.map((p) => p.sector))) {
      if (!(FLAG_SECTORS as readonly string[]).includes(s)) continue;
      bySector.set(s, await this.publicNotices({ sector: s, ...(projectId !== undefined ? { projectId } : {}) }));
    }
    const byProject = new Map<number, NoticeInput[]>();
    for (const list of bySector.values()) for (const j of list) byProject.set(j.project!.id, [...(byProject.get(j.project!.id) ?? []), this.notice(j, cal)]);
    return projects
      .filter((p) => (FLAG_SECTORS as readonly string[]).includes(p.sector))
      .map((p) => ({ id: p.id, title: p.title, sector: p.sector, departmentId: p.department_id, departmentName: p.department_name, notices: (byProject.get(p.id) ?? []).sort((a, b) => String(a.publishedAt).localeCompare(String(b.publishedAt))) }));
  }

  /** The awards of every project (repeat-winner needs a buyer's other tenders). */
  private async allAwards(): Promise<AwardRecord[]> {
    const out: AwardRecord[] = [];
    for (const code of AWARD_TYPES) {
      const t = this.deps.itemTypes.byCodeOrUndefined(code);
      if (!t) continue;
      const list = await this.publicNotices({ sector: t.sector, itemTypeId: t.id });
      for (const j of list) {
        const p: ProjectInput = { id: j.project!.id, title: j.project!.title, sector: t.sector, departmentId: 0, departmentName: j.department.name, notices: [{ disclosureId: j.id, itemType: code, title: j.title, formedDate: j.formedDate, dueDate: null, publishedAt: j.firstPublishedAt, lateWorkingDays: null, fields: j.fields }] };
        out.push(...awardsOf(p));
      }
    }
    return out;
  }

  /** Active blacklist entries naming a party of the project on the day it took part. */
  private async blacklistHits(p: ProjectInput): Promise<BlacklistHit[]> {
    const parties = partiesOf(p);
    const hits = new Map<string, BlacklistHit>();
    for (const date of new Set(parties.map((x) => x.onDate))) {
      const on = parties.filter((x) => x.onDate === date);
      for (const m of await findActiveMatches(this.db, on, date)) {
        // A name match with a different credit code is probably another firm: never flagged publicly.
        if (m.codeConflict) continue;
        const party = on[m.party]!;
        const key = `${m.entry.id}|${partyKey(party.name, party.creditCode)}|${party.role}`;
        if (hits.has(key)) continue;
        const sev = severityRule(m.entry.severity)?.label ?? m.entry.severity;
        hits.set(key, { ...party, entryId: m.entry.id, entry: `${m.entry.name}（${sev}，决定文号 ${m.entry.decisionNo}，公示期 ${m.entry.startDate} 至 ${m.entry.endDate}，${m.matchedBy === 'creditCode' ? '统一社会信用代码一致' : '名称一致'}）` });
      }
    }
    return [...hits.values()];
  }

  private async env(thresholds?: Thresholds): Promise<Omit<EvalEnv, 'blacklist'>> {
    const cal = this.deps.calendar();
    return {
      thresholds: thresholds ?? (await this.thresholds()),
      awards: await this.allAwards(),
      workingDaysBetween: (a, b) => {
        try {
          return cal.workingDaysBetween(a, b);
        } catch (e) {
          if (e instanceof CalendarUnknownError) return null;
          throw e;
        }
      },
    };
  }

  private async evaluate(p: ProjectInput, env: Omit<EvalEnv, 'blacklist'>): Promise<ProjectFlags> {
    const results = evaluateProject(p, { ...env, blacklist: await this.blacklistHits(p) });
    return {
      project: { id: p.id, title: p.title, sector: p.sector, departmentId: p.departmentId, departmentName: p.departmentName },
      results,
      tripped: results.filter((r) => r.status === 'tripped').length,
      tested: results.filter((r) => r.status !== 'not_testable').length,
      thresholds: env.thresholds,
    };
  }

  /** One project's flags; null for sectors red flags do not cover (housing, property). */
  async forProject(projectId: number): Promise<ProjectFlags | null> {
    const [p] = await this.projectInputs(projectId);
    if (!p) return null;
    return this.evaluate(p, await this.env());
  }

  /** Every procurement and construction project, evaluated. */
  async all(): Promise<ProjectFlags[]> {
    const env = await this.env();
    const out: ProjectFlags[] = [];
    for (const p of await this.projectInputs()) out.push(await this.evaluate(p, env));
    return out;
  }

  async summary(): Promise<Summary> {
    return summarise(await this.all(), await this.thresholds());
  }

  flags = () => FLAGS;
}
