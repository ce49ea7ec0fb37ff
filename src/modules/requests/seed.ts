// Demo requests for the demo district: for each department the same set of scenarios – every
// state of the clock and every answer type – in 2025 and 2026, plus 复议/诉讼 records. Steps are
// placed by working-day offsets on the official calendar and applied through the same clock as
// the console, so every seeded request is lawful history and the 2025 reports balance.
import { addDays, type IsoDate, type WorkingCalendar } from '../../calendar/index.ts';
import type { Db, Executor, Trx } from '../../db/index.ts';
import { completeCreditCode, completeIdNumber } from '../../domain/identifiers.ts';
import { todayInChina } from '../disclosures/service.ts';
import { appendEvent } from '../events/service.ts';
import { defaultCalendar } from '../timeliness/due.ts';
import { APPLICANT_KINDS, type ApplicantKind } from '../annual-report/table3.ts';
import type { CaseKind, CaseResult } from '../annual-report/tables.ts';
import { resultOfAnswer, type AnswerTypeCode } from './answer-types.ts';
import { insertCase } from './cases.ts';
import type { ClockEvent } from './clock.ts';
import { feeForPages } from './fees.ts';
import * as repo from './repository.ts';
import { RequestService } from './service.ts';
import { hashTrackingCode, newTrackingCode, normaliseTrackingCode } from './tracking.ts';

/** A step `wd` working days after the previous one (the first after receipt). */
type Step =
  | { k: 'clarify'; wd: number }
  | { k: 'clarified' | 'clarify_lapsed' | 'consulted' | 'fee_paid' | 'fee_lapsed' | 'withdraw'; wd: number }
  | { k: 'consult'; wd: number; party?: 'third_party' | 'agency' }
  | { k: 'extend'; wd: number; days: number }
  | { k: 'fee_notice'; wd: number; pages: number }
  | { k: 'answer'; wd: number; type: AnswerTypeCode; reason?: string };

interface Scenario {
  key: string;
  received: IsoDate;
  /** Filed online: submitted, then confirmed `confirmWd` working days later (null = not yet). */
  online?: { confirmWd: number | null };
  steps: Step[];
  /** Receipt shifted by the department's index (0–3 working days) for variety. */
  fixed?: boolean;
}

const ans = (wd: number, type: AnswerTypeCode, reason?: string): Step => ({ k: 'answer', wd, type, ...(reason ? { reason } : {}) });

export const SCENARIOS: readonly Scenario[] = [
  // ---- received 2024, answered 2025: 二、上年结转 of 2025
  { key: 'carried-in', received: '2024-12-18', steps: [ans(12, 'provided')], fixed: true },
  // ---- 2025, every answer type of 条例 36–39
  { key: 'provided', received: '2025-03-10', online: { confirmWd: 1 }, steps: [ans(12, 'provided')] },
  { key: 'public-already', received: '2025-03-17', steps: [ans(5, 'public_already')] },
  { key: 'partial', received: '2025-04-07', steps: [ans(18, 'partial', '3.4')] },
  { key: 'refused-process', received: '2025-04-21', steps: [ans(15, 'refused', '3.6')] },
  { key: 'refused-case-file', received: '2025-05-12', steps: [ans(16, 'refused', '3.7')] },
  { key: 'refused-third-party', received: '2025-05-26', steps: [ans(11, 'refused', '3.4')] },
  { key: 'not-held', received: '2025-05-19', steps: [ans(10, 'not_held')] },
  { key: 'not-this-agency', received: '2025-06-03', steps: [ans(6, 'not_this_agency')] },
  { key: 'repeated', received: '2025-06-16', steps: [ans(4, 'repeated')] },
  { key: 'other-channel', received: '2025-07-07', steps: [ans(8, 'other_channel')] },
  { key: 'needs-creation', received: '2025-07-14', steps: [ans(14, 'needs_creation')] },
  { key: 'petition', received: '2025-08-04', steps: [ans(5, 'petition')] },
  { key: 'publication', received: '2025-08-11', steps: [ans(3, 'publication')] },
  { key: 'excessive', received: '2025-08-25', steps: [ans(19, 'excessive')] },
  { key: 'confirm-reissue', received: '2025-09-01', steps: [ans(9, 'confirm_reissue')] },
  // ---- 2025, the clock's special paths
  { key: 'restarted-answered', received: '2025-03-03', steps: [{ k: 'clarify', wd: 4 }, { k: 'clarified', wd: 6 }, ans(17, 'provided')] },
  { key: 'unclear-after', received: '2025-04-14', steps: [{ k: 'clarify', wd: 3 }, { k: 'clarified', wd: 8 }, ans(12, 'unclear_after_clarification')] },
  { key: 'abandoned', received: '2025-05-06', steps: [{ k: 'clarify', wd: 5 }, { k: 'clarify_lapsed', wd: 16 }] },
  { key: 'third-party-answered', received: '2025-09-15', steps: [{ k: 'consult', wd: 9 }, { k: 'consulted', wd: 5 }, ans(10, 'partial', '3.4')] },
  { key: 'extended-answered', received: '2025-10-13', steps: [{ k: 'extend', wd: 18, days: 15 }, ans(12, 'provided')] },
  { key: 'fee-paid-answered', received: '2025-06-09', steps: [{ k: 'fee_notice', wd: 6, pages: 80 }, { k: 'fee_paid', wd: 4 }, ans(9, 'provided')] },
  { key: 'fee-unpaid', received: '2025-07-21', steps: [{ k: 'fee_notice', wd: 5, pages: 260 }, { k: 'fee_lapsed', wd: 21 }] },
  { key: 'withdrawn', received: '2025-10-20', steps: [{ k: 'withdraw', wd: 3 }] },
  { key: 'answered-late', received: '2025-11-03', steps: [ans(24, 'not_held')] },
  // ---- received December 2025, answered January 2026: 四、结转下年度 of 2025
  { key: 'carried-out', received: '2025-12-15', steps: [ans(14, 'provided')], fixed: true },
  // ---- 2026: closed ones
  { key: 'provided-2026', received: '2026-03-09', online: { confirmWd: 1 }, steps: [ans(11, 'provided')] },
  { key: 'refused-2026', received: '2026-04-13', steps: [ans(15, 'refused', '3.5')] },
  { key: 'fee-unpaid-2026', received: '2026-06-01', steps: [{ k: 'fee_notice', wd: 5, pages: 150 }, { k: 'fee_lapsed', wd: 21 }] },
  { key: 'abandoned-2026', received: '2026-07-06', steps: [{ k: 'clarify', wd: 2 }, { k: 'clarify_lapsed', wd: 16 }] },
  // ---- 2026: open, in every state of the clock (as of late November 2026)
  { key: 'overdue', received: '2026-09-01', steps: [] },
  { key: 'received', received: '2026-11-16', steps: [] },
  { key: 'submitted', received: '2026-11-20', online: { confirmWd: null }, steps: [], fixed: true },
  { key: 'clarification-pending', received: '2026-11-10', steps: [{ k: 'clarify', wd: 3 }] },
  { key: 'restarted', received: '2026-10-26', steps: [{ k: 'clarify', wd: 4 }, { k: 'clarified', wd: 7 }] },
  { key: 'paused-third-party', received: '2026-10-29', steps: [{ k: 'consult', wd: 6 }] },
  { key: 'extended', received: '2026-10-19', steps: [{ k: 'extend', wd: 17, days: 15 }] },
  { key: 'fee-pending', received: '2026-11-06', steps: [{ k: 'fee_notice', wd: 4, pages: 120 }] },
];

const PEOPLE = ['王晓明', '李秀英', '张伟', '刘芳', '陈建国', '杨丽', '黄志强', '赵敏', '周杰', '吴婷婷', '徐海', '孙立'];
const ORGS: Record<Exclude<ApplicantKind, 'natural'>, string[]> = {
  business: ['韶关市恒达建筑工程有限公司', '广东粤北建材贸易有限公司', '韶关市宏远物业管理有限公司'],
  research: ['韶关学院公共管理研究所', '粤北发展研究中心'],
  nonprofit: ['韶关市乡村振兴促进会', '浈江区志愿者协会'],
  legal: ['广东韶法律师事务所', '韶关市正衡律师事务所'],
  other: ['浈江区东河街道某居民小组', '韶关市某业主委员会'],
};
const TOPICS = [
  '2025年度本单位政府采购合同及履约验收情况',
  '本区农村危房改造补助对象名单及补助标准',
  '某道路改造工程中标结果及合同金额',
  '国有资产出租招租结果及成交价格',
  '2025年本单位行政处罚决定书（含处罚依据）',
  '某小区配套学校建设项目的批准文件',
  '本单位2025年部门预算及“三公”经费执行情况',
];

/** A valid 居民身份证号码 for demo applicant n (region 440204, born 1960–1999). */
function demoIdNumber(n: number): string {
  const y = 1960 + (n % 40);
  const m = String(1 + (n % 12)).padStart(2, '0');
  const d = String(1 + (n % 28)).padStart(2, '0');
  return completeIdNumber(`440204${y}${m}${d}${String(100 + (n % 800)).padStart(3, '0')}`);
}

function demoCreditCode(n: number): string {
  // Organisation-code bodies with a valid GB 11714 check: digits only, so any 8 digits work.
  return completeCreditCode('91440204', `MA${String(100000 + n).slice(-6)}`);
}

/** ISO UTC instant for a China-time working-day moment. */
function at(date: IsoDate, hour: number, minute = 0): string {
  return new Date(Date.parse(`${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`)).toISOString();
}

export interface SeedRequestsResult {
  requests: number;
  cases: number;
  /** A few tracking codes with their contacts, for trying /requests/track on the demo. */
  samples: { department: string; refNo: string; code: string; contact: string; state: string }[];
}

/**
 * Seeds every scenario for each department, one request "unsure" for the office to route, and
 * 复议/诉讼 records for 2025 and 2026. Runs inside the caller's transaction (loadDemo).
 */
export async function seedRequests(db: Executor, o: { departments: readonly { code: string; id: number }[]; userIds?: ReadonlyMap<string, number>; calendar?: WorkingCalendar; today?: string }): Promise<SeedRequestsResult> {
  const cal = o.calendar ?? defaultCalendar();
  const today = o.today ?? todayInChina();
  const svc = new RequestService(db as Db, 'sqlite', () => cal);
  const result: SeedRequestsResult = { requests: 0, cases: 0, samples: [] };
  let n = 0;
  for (const [di, dep] of o.departments.entries()) {
    const actor = o.userIds?.get(`${dep.code}-editor`) ?? null;
    const approverActor = o.userIds?.get(`${dep.code}-reviewer`) ?? actor;
    for (const [si, sc] of SCENARIOS.entries()) {
      n++;
      const kind = APPLICANT_KINDS[(si + di) % APPLICANT_KINDS.length]!;
      const received = sc.fixed ? sc.received : cal.addWorkingDays(sc.received, di % 4);
      if (received > today) continue;
      const r = await seedOne(db as Trx, svc, { n, kind, departmentId: dep.id, scenario: sc, received, today, actor, approverActor, cal });
      result.requests++;
      if (result.samples.length < 3 * o.departments.length && ['received', 'paused-third-party', 'provided'].includes(sc.key)) result.samples.push({ department: dep.code, ...r });
    }
    result.cases += await seedCases(db, dep.id, di, actor);
  }
  // One request whose filer did not know the department: the office routes it.
  if (o.departments.length) {
    n++;
    await seedOne(db as Trx, svc, { n, kind: 'natural', departmentId: null, scenario: { key: 'unsure', received: '2026-11-24', online: { confirmWd: null }, steps: [], fixed: true }, received: '2026-11-24', today, actor: null, approverActor: null, cal });
    result.requests++;
  }
  return result;
}

async function seedOne(
  trx: Trx,
  svc: RequestService,
  o: { n: number; kind: ApplicantKind; departmentId: number | null; scenario: Scenario; received: IsoDate; today: IsoDate; actor: number | null; approverActor: number | null; cal: WorkingCalendar },
): Promise<{ refNo: string; code: string; contact: string; state: string }> {
  const { n, kind, scenario: sc } = o;
  const person = PEOPLE[n % PEOPLE.length]!;
  const name = kind === 'natural' ? person : ORGS[kind][n % ORGS[kind].length]!;
  const phone = `139${String(20_000_000 + n * 7919).slice(-8)}`;
  const email = n % 3 === 0 ? `applicant${n}@example.com` : null;
  const code = newTrackingCode();
  const online = !!sc.online;
  const topic = TOPICS[n % TOPICS.length]!;
  const submittedDate = o.received;
  const description = sc.key === 'unsure' ? `请提供我村（联系人：李四，电话13800138000）2026年道路硬化工程的资金来源和中标单位。` : `申请公开${topic}。`;
  const createdAt = at(submittedDate, 10, n % 60);
  const { id, refNo } = await repo.insertRequest(trx, {
    code_hash: hashTrackingCode(normaliseTrackingCode(code)!),
    department_id: o.departmentId,
    applicant_kind: kind,
    applicant_name: name,
    id_type: kind === 'natural' ? 'resident_id' : 'credit_code',
    id_number: kind === 'natural' ? demoIdNumber(n) : demoCreditCode(n),
    contact_person: kind === 'natural' ? null : person,
    phone,
    email,
    address: `韶关市浈江区风度北路${(n % 90) + 1}号`,
    postcode: '512023',
    description,
    delivery_form: n % 4 === 0 ? 'paper' : 'electronic',
    delivery_method: n % 4 === 0 ? 'post' : email ? 'email' : 'online',
    channel: online ? 'online' : (['in_person', 'mail_signed', 'mail_plain', 'email'] as const)[n % 4]!,
    submitted_at: createdAt,
    submitted_date: submittedDate,
    received_date: null,
    fee_paid_date: null,
    state: 'submitted',
    due_date: null,
    due_status: 'not_started',
    outcome: null,
    answer_type: null,
    closed_date: null,
    created_by: online ? null : o.actor,
    created_at: createdAt,
    updated_at: createdAt,
  }, `YSQ${submittedDate.slice(0, 4)}-`);
  const history: ClockEvent[] = [];
  let state: string = 'submitted';
  const apply = async (ev: ClockEvent, actor: number | null, hour: number) => {
    state = (await svc.applyEvent(trx, { id }, ev, actor, at(ev.date, hour, n % 60), null, history)).state;
    history.push(ev);
  };
  if (online) {
    const submit: ClockEvent = { kind: 'submit', date: submittedDate };
    await appendEvent(trx, { at: createdAt, actorId: null, entity: 'request', entityId: id, action: 'submit', data: submit });
    history.push(submit);
    if (sc.online!.confirmWd === null) return { refNo, code, contact: phone, state: 'submitted' };
  }
  const receivedDate = online ? o.cal.addWorkingDays(o.received, sc.online!.confirmWd!) : o.received;
  if (receivedDate > o.today) return { refNo, code, contact: phone, state: 'submitted' };
  await apply({ kind: 'receive', date: receivedDate, basis: online ? '条例第三十一条第（三）项' : '条例第三十一条' }, o.actor, 11);
  let date = receivedDate;
  let consults = 0;
  for (const s of sc.steps) {
    date = o.cal.addWorkingDays(date, s.wd);
    if (date > o.today) break;
    let ev: ClockEvent;
    switch (s.k) {
      case 'clarify':
        ev = { kind: 'clarify', date, until: o.cal.addWorkingDays(date, 15) };
        break;
      case 'consult':
        ev = { kind: 'consult', date, id: String(++consults), party: s.party ?? 'third_party', name: '韶关市恒达建筑工程有限公司' };
        break;
      case 'consulted':
        ev = { kind: 'consulted', date, id: String(consults) };
        break;
      case 'extend':
        ev = { kind: 'extend', date, days: s.days, approver: '办公室主任' };
        break;
      case 'fee_notice':
        ev = { kind: 'fee_notice', date, amountFen: feeForPages(s.pages) * 100, scheme: 'per_page', quantity: s.pages };
        break;
      case 'answer': {
        const m = resultOfAnswer(s.type, s.reason ?? null);
        if (!m.ok) throw new Error(`seed scenario ${sc.key}: ${m.message}`);
        // The answer row needs its author; without a demo account the request alone records the answer.
        if (o.actor !== null) await repo.saveAnswer(trx, id, { answer_type: s.type, reason: s.reason ?? null, result: m.result, body: '', where_text: s.type === 'public_already' || s.type === 'other_channel' || s.type === 'publication' ? '本区政府门户网站“政府信息公开”栏目' : '', agency_text: s.type === 'not_this_agency' ? '韶关市浈江区住房和城乡建设管理局（0751-8764183）' : '', privacy: JSON.stringify({ scans: [], ack: null }), by: o.actor, at: at(date, 15) });
        if (o.actor !== null) await repo.markAnswerSent(trx, id, null, date, at(date, 16));
        ev = { kind: 'answer', date, answerType: s.type, result: m.result };
        break;
      }
      default:
        ev = { kind: s.k, date };
    }
    await apply(ev, s.k === 'extend' ? o.approverActor : o.actor, 16);
  }
  return { refNo, code, contact: phone, state };
}

const CASE_PLAN: [year: number, kind: CaseKind, result: CaseResult, every: number][] = [
  [2025, 'reconsideration', 'upheld', 1],
  [2025, 'reconsideration', 'corrected', 3],
  [2025, 'litigation_direct', 'upheld', 2],
  [2025, 'litigation_after', 'pending', 4],
  [2026, 'reconsideration', 'pending', 2],
  [2026, 'litigation_direct', 'other', 5],
];

async function seedCases(db: Executor, departmentId: number, di: number, actor: number | null): Promise<number> {
  let k = 0;
  for (const [year, kind, result, every] of CASE_PLAN) {
    if (di % every !== 0) continue;
    const filed = `${year}-0${3 + (k % 6)}-1${k % 9}`;
    await insertCase(db, { departmentId, year, kind, result, caseNo: `${kind === 'reconsideration' ? '韶浈复' : '(2025)粤0204行初'}〔${year}〕${10 + di}号`, requestRef: null, filedDate: filed, decidedDate: result === 'pending' ? null : addDays(filed, 45), note: '演示数据' }, actor, at(filed, 9));
    k++;
  }
  return k;
}
