// Annual reports: counted from the platform's data, completed by the department, checked, and
// published as an HTML page and a DOCX (政府信息公开条例 第四十九条、第五十条; 国办公开办函〔2021〕30号).
//
// 第四十九条: 县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门提交本行政机关上一年度
// 政府信息公开工作年度报告并向社会公布。县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前
// 向社会公布本级政府上一年度政府信息公开工作年度报告。
// The plan's own progress report is due by the end of February (RULES.md §1).
import type { Db } from '../../db/index.ts';
import type { Department } from '../../db/schema.ts';
import { AppError, forbidden, invalid, notFound } from '../../domain/errors.ts';
import { hasRole, isOffice, type Principal } from '../accounts/service.ts';
import { recordBlob, type BlobStore } from '../attachments/store.ts';
import { findDepartmentByCode, listDepartments } from '../departments/service.ts';
import { todayInChina, type DisclosureService } from '../disclosures/service.ts';
import { appendEvent } from '../events/service.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import { table4For } from '../requests/cases.ts';
import type { RequestService } from '../requests/service.ts';
import type { SupervisionService } from '../timeliness/supervision-service.ts';
import { govReportDocx, progressReportDocx } from './docx.ts';
import { assembleProgress, rate, type ProgressInputs, type ProgressReport, type SectorCount } from './progress.ts';
import { assembleReport, countTable3, table3FromJson, type Figures, type GovReport, type ReportInputs } from './report.ts';
import * as repo from './repository.ts';
import { addTables2, addTables4, emptyTable2, emptyTable4, totaliseTable4, type Table2 } from './tables.ts';
import { addTables3, emptyTable3, totalise } from './table3.ts';

export const DISTRICT_SCOPE = '_district';
/** The reporting government of the district report (the demo district; an installation sets its own). */
export const DISTRICT_NAME = '浈江区人民政府';
export type ReportKind = repo.ReportKind;
export type AnyReport = GovReport | ProgressReport;

export function deadlineOf(kind: ReportKind, district: boolean, year: number): string {
  const y = year + 1;
  if (kind === 'progress') return `${y}-02-${(y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28}`;
  return district ? `${y}-03-31` : `${y}-01-31`;
}

export interface ReportDeps {
  db: Db;
  itemTypes: ItemTypeRegistry;
  disclosures: DisclosureService;
  requests: RequestService;
  supervision: SupervisionService;
  blobs: BlobStore;
}

interface Scope {
  scope: string;
  department: Department | null;
  name: string;
}

export class AnnualReportService {
  constructor(private readonly d: ReportDeps) {}

  async scope(code: string): Promise<Scope> {
    if (code === DISTRICT_SCOPE || code === 'district') return { scope: DISTRICT_SCOPE, department: null, name: DISTRICT_NAME };
    const dept = await findDepartmentByCode(this.d.db, code);
    if (!dept) throw notFound('单位');
    return { scope: dept.code, department: dept, name: dept.name };
  }

  canEdit(p: Principal, s: Scope): boolean {
    return s.department ? hasRole(p, 'editor', s.department.id) || hasRole(p, 'reviewer', s.department.id) : isOffice(p);
  }

  canPublish(p: Principal, s: Scope): boolean {
    return s.department ? hasRole(p, 'reviewer', s.department.id) : isOffice(p);
  }

  /** Figures of one department's report, counted live. */
  async figures(departmentId: number | null | 'unrouted', year: number): Promise<Figures> {
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const dept = typeof departmentId === 'number' ? departmentId : undefined;
    const t2 = emptyTable2();
    let disclosuresPublished = 0;
    if (departmentId !== 'unrouted') {
      for (const t of this.d.itemTypes.active().filter((x) => x.dualPublicity)) {
        const n = await this.d.disclosures.countPublic({ departmentId: dept, itemTypeId: t.id, from, to });
        if (t.dualPublicity === 'licence') t2.licences += n;
        else t2.penalties += n;
      }
      disclosuresPublished = await this.d.disclosures.countPublic({ departmentId: dept, from, to });
    }
    const rows = await this.d.requests.reportRows(departmentId, year);
    const fees = departmentId === 'unrouted' ? { count: 0, totalFen: 0 } : await this.d.requests.feesPaid(dept ?? null, year);
    const table4 = departmentId === 'unrouted' ? emptyTable4() : await table4For(this.d.db, dept ?? null, year);
    const lateAnswers = rows.filter((r) => r.late && r.closedDate !== null && r.closedDate >= from && r.closedDate <= to).length;
    return { table2: t2, table3: countTable3(rows, year), table4, fees, disclosuresPublished, lateAnswers };
  }

  private title(s: Scope, year: number, kind: ReportKind): string {
    return kind === 'gov' ? `${s.name}${year}年政府信息公开工作年度报告` : `${s.name}${year}年公共资源配置领域政府信息公开工作情况报告`;
  }

  private async previousForward(scope: string, year: number): Promise<number[] | null> {
    const prev = await repo.findReport(this.d.db, scope, year - 1, 'gov');
    if (prev?.state !== 'published' || !prev.snapshot) return null;
    return (JSON.parse(prev.snapshot) as GovReport).table3.rows.find((r) => r.key === 'forward')?.values ?? null;
  }

  /** The report: the published snapshot, or (draft, or `live`) counted now with the department's inputs. */
  async gov(code: string, year: number, o: { live?: boolean } = {}): Promise<GovReport> {
    const s = await this.scope(code);
    const row = await repo.findReport(this.d.db, s.scope, year, 'gov');
    if (row?.state === 'published' && row.snapshot && !o.live) return JSON.parse(row.snapshot) as GovReport;
    const inputs = JSON.parse(row?.inputs ?? '{}') as ReportInputs;
    const base = { year, scope: s.scope, department: s.department ? { code: s.department.code, name: s.department.name } : null, title: this.title(s, year, 'gov'), deadline: deadlineOf('gov', !s.department, year), state: (row?.state ?? 'draft') as 'draft' | 'published', version: row?.version ?? 0, publishedAt: row?.published_at ?? null, inputs, who: s.department ? '本机关' : `${DISTRICT_NAME}`, previousForward: await this.previousForward(s.scope, year) };
    if (s.department) return assembleReport({ ...base, figures: await this.figures(s.department.id, year) });
    return this.districtGov(base, year);
  }

  /** The district report sums its departments' reports (published figures where published). */
  private async districtGov(base: Omit<Parameters<typeof assembleReport>[0], 'figures'>, year: number): Promise<GovReport> {
    let t2: Table2 = emptyTable2();
    let t3 = emptyTable3();
    let t4 = emptyTable4();
    const fees = { count: 0, totalFen: 0 };
    let disclosuresPublished = 0;
    let lateAnswers = 0;
    const departments: NonNullable<GovReport['departments']> = [];
    for (const dep of await listDepartments(this.d.db)) {
      const r = await this.gov(dep.code, year);
      departments.push({ code: dep.code, name: dep.name, state: r.state });
      t2 = addTables2(t2, r.table2);
      t3 = addTables3(t3, table3FromJson(r.table3));
      const r4 = emptyTable4();
      for (const row of r.table4.rows) r4[row.key as keyof typeof r4] = [...row.values];
      t4 = addTables4(t4, r4);
      fees.count += r.fees.count;
      fees.totalFen += r.fees.totalFen;
    }
    // Requests nobody has routed yet belong to the district itself.
    const unrouted = await this.figures('unrouted', year);
    t3 = totalise(addTables3(t3, unrouted.table3));
    disclosuresPublished = await this.d.disclosures.countPublic({ from: `${year}-01-01`, to: `${year}-12-31` });
    lateAnswers = (await this.d.requests.reportRows(null, year)).filter((r) => r.late && r.closedDate?.startsWith(String(year))).length;
    const report = assembleReport({ ...base, figures: { table2: t2, table3: t3, table4: totaliseTable4(t4), fees, disclosuresPublished, lateAnswers } });
    return { ...report, departments };
  }

  async progress(code: string, year: number, o: { live?: boolean } = {}): Promise<ProgressReport> {
    const s = await this.scope(code);
    const row = await repo.findReport(this.d.db, s.scope, year, 'progress');
    if (row?.state === 'published' && row.snapshot && !o.live) return JSON.parse(row.snapshot) as ProgressReport;
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const deptId = s.department?.id;
    const sectors: SectorCount[] = [];
    for (const sec of this.d.itemTypes.sectors) sectors.push({ code: sec.code, name: sec.name, published: await this.d.disclosures.countPublic({ sector: sec.code, departmentId: deptId, from, to }) });
    const dash = await this.d.supervision.build(deptId ? [deptId] : undefined, to, deptId ? 'own' : 'all');
    const yearRows = dash.trend.filter((t) => t.month.startsWith(`${year}-`));
    const onTime = yearRows.reduce((n, t) => n + t.onTime, 0);
    const late = yearRows.reduce((n, t) => n + t.late, 0);
    const published = yearRows.reduce((n, t) => n + t.published, 0);
    return assembleProgress({
      year, scope: s.scope, department: s.department ? { code: s.department.code, name: s.department.name } : null, title: this.title(s, year, 'progress'), deadline: deadlineOf('progress', !s.department, year),
      state: row?.state ?? 'draft', version: row?.version ?? 0, publishedAt: row?.published_at ?? null, sectors, timeliness: { published, onTime, late, onTimeRate: rate(onTime, late) },
      ...(s.department ? {} : { byDepartment: await this.publishedByDepartment(from, to) }),
      inputs: JSON.parse(row?.inputs ?? '{}') as ProgressInputs, who: s.department ? '本单位' : DISTRICT_NAME,
    });
  }

  report(code: string, year: number, kind: ReportKind, o: { live?: boolean } = {}): Promise<AnyReport> {
    return kind === 'gov' ? this.gov(code, year, o) : this.progress(code, year, o);
  }

  docx(r: AnyReport): Promise<Buffer> {
    return r.kind === 'gov' ? govReportDocx(r) : progressReportDocx(r);
  }

  private async publishedByDepartment(from: string, to: string) {
    const out: { code: string; name: string; published: number }[] = [];
    for (const dep of await listDepartments(this.d.db)) out.push({ code: dep.code, name: dep.name, published: await this.d.disclosures.countPublic({ departmentId: dep.id, from, to }) });
    return out;
  }

  /** Saves what the department wrote (parts 一/五/六, table 2 entries, corrections). */
  async saveInputs(p: Principal, code: string, year: number, kind: ReportKind, inputs: ReportInputs | ProgressInputs): Promise<void> {
    const s = await this.scope(code);
    if (!this.canEdit(p, s)) throw forbidden('只能编写本单位的年度报告（全区报告由政务公开办编写）');
    checkYear(year);
    const row = await repo.findReport(this.d.db, s.scope, year, kind);
    if (row?.state === 'published') throw new AppError(409, 'conflict', '报告已发布，不能再修改');
    const at = new Date().toISOString();
    await this.d.db.transaction().execute(async (trx) => {
      const id = await repo.saveInputs(trx, { scope: s.scope, departmentId: s.department?.id ?? null, year, kind, inputs: JSON.stringify(inputs), by: p.userId, at });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'annual_report', entityId: id, action: 'save', data: { scope: s.scope, year, kind } });
    });
  }

  /**
   * Publishes: the figures are frozen as they are now, the DOCX generated and kept. A report whose
   * tables break an invariant of 国办公开办函〔2021〕30号 is refused with every broken cell named.
   */
  async publish(p: Principal, code: string, year: number, kind: ReportKind): Promise<AnyReport> {
    const s = await this.scope(code);
    if (!this.canPublish(p, s)) throw forbidden(s.department ? '年度报告须由本单位审核人发布' : '全区年度报告由政务公开办发布');
    checkYear(year);
    const current = await repo.findReport(this.d.db, s.scope, year, kind);
    if (current?.state === 'published') throw new AppError(409, 'conflict', '报告已发布');
    const live = await this.report(code, year, kind, { live: true });
    if (live.kind === 'gov' && !live.invariants.ok) {
      const n = live.invariants.errors.length;
      throw new AppError(409, 'invariants_failed', `年度报告有 ${n} 处数据不符合国办公开办函〔2021〕30号的勾稽关系，不能发布：${live.invariants.errors[0]!.message}${n > 1 ? ' 等' : ''}`, live.invariants.errors.map((e) => ({ field: `table${e.table}`, message: e.message, code: 'invariant' })));
    }
    const at = new Date().toISOString();
    const version = (current?.version ?? 0) + 1;
    const published: AnyReport = { ...live, state: 'published', version, publishedAt: at };
    const docx = await this.docx(published);
    const blob = await this.d.blobs.put(docx);
    await this.d.db.transaction().execute(async (trx) => {
      await recordBlob(trx, blob, at);
      const id = current?.id ?? (await repo.saveInputs(trx, { scope: s.scope, departmentId: s.department?.id ?? null, year, kind, inputs: '{}', by: p.userId, at }));
      await repo.markPublished(trx, id, { snapshot: JSON.stringify(published), docxSha: blob.sha256, version, at, by: p.userId });
      await appendEvent(trx, { at, actorId: p.userId, entity: 'annual_report', entityId: id, action: 'publish', data: { scope: s.scope, year, kind, version, docx: blob.sha256 } });
    });
    return published;
  }

  async inputsOf(code: string, year: number, kind: ReportKind): Promise<Record<string, unknown>> {
    const s = await this.scope(code);
    return JSON.parse((await repo.findReport(this.d.db, s.scope, year, kind))?.inputs ?? '{}') as Record<string, unknown>;
  }

  /** The published DOCX, byte for byte as published. */
  async publishedDocx(code: string, year: number, kind: ReportKind): Promise<Buffer> {
    const s = await this.scope(code);
    const row = await repo.findReport(this.d.db, s.scope, year, kind);
    if (row?.state !== 'published' || !row.docx_sha256) throw notFound('年度报告');
    return this.d.blobs.read(row.docx_sha256);
  }

  /**
   * Every report due for `year` with its deadline and state; overdue = past the deadline on
   * `today` and not published. The office sees all; department staff their own.
   */
  async status(p: Principal | null, year: number, today: string = todayInChina()) {
    checkYear(year);
    const rows = await repo.listReports(this.d.db, { year });
    const byKey = new Map(rows.map((r) => [`${r.scope}|${r.kind}`, r]));
    const out: { scope: string; name: string; kind: ReportKind; deadline: string; state: 'missing' | 'draft' | 'published'; publishedAt: string | null; overdue: boolean }[] = [];
    const scopes: { scope: string; name: string; departmentId: number | null }[] = [{ scope: DISTRICT_SCOPE, name: DISTRICT_NAME, departmentId: null }, ...(await listDepartments(this.d.db)).map((d) => ({ scope: d.code, name: d.name, departmentId: d.id }))];
    for (const sc of scopes) {
      if (p && !isOffice(p) && (sc.departmentId === null || !p.memberships.some((m) => m.departmentId === sc.departmentId))) continue;
      for (const kind of ['gov', 'progress'] as const) {
        const r = byKey.get(`${sc.scope}|${kind}`);
        const deadline = deadlineOf(kind, sc.departmentId === null, year);
        const state = r?.state ?? 'missing';
        out.push({ scope: sc.scope, name: sc.name, kind, deadline, state, publishedAt: r?.published_at ?? null, overdue: state !== 'published' && today > deadline });
      }
    }
    return out;
  }

  /** Published reports (public lists), newest year first. */
  async publishedList(code?: string) {
    const scope = code ? (await this.scope(code)).scope : undefined;
    return repo.listReports(this.d.db, { publishedOnly: true, ...(scope ? { scope } : {}) });
  }
}

export function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 2008 || year > 2100) throw invalid([{ field: 'year', message: '年度无效' }]);
}

