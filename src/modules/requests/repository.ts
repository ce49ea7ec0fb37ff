// All SQL of requests: the request rows (a cache of the fold of their events), answers, files,
// attempts (rate limits) and reminders.
import type { Executor } from '../../db/index.ts';
import type { RequestTable, ReviewCaseTable } from '../../db/schema.ts';
import type { Insertable, Updateable } from 'kysely';

export type NewRequest = Omit<Insertable<RequestTable>, 'id' | 'ref_no'>;

export async function insertRequest(db: Executor, r: NewRequest, refPrefix: string): Promise<{ id: number; refNo: string }> {
  // The reference number is derived from the id: unique without a counter table.
  const tmp = `tmp-${r.code_hash}`;
  const row = await db.insertInto('requests').values({ ...r, ref_no: tmp }).returning('id').executeTakeFirstOrThrow();
  const refNo = `${refPrefix}${String(row.id).padStart(5, '0')}`;
  await db.updateTable('requests').set({ ref_no: refNo }).where('id', '=', row.id).execute();
  return { id: row.id, refNo };
}

export function findRequest(db: Executor, id: number) {
  return db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByCodeHash(db: Executor, hash: string) {
  return db.selectFrom('requests').selectAll().where('code_hash', '=', hash).executeTakeFirst();
}

/** Row lock on PostgreSQL so two people cannot move the same request at once. */
export function lockRequest(db: Executor, id: number, dialect: 'sqlite' | 'postgres') {
  let q = db.selectFrom('requests').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateRequest(db: Executor, id: number, set: Updateable<RequestTable>) {
  await db.updateTable('requests').set(set).where('id', '=', id).execute();
}

export interface ListFilter {
  departmentIds?: number[] | undefined;
  unrouted?: boolean;
  open?: boolean;
  limit: number;
}

const OPEN_STATES = ['submitted', 'in_progress', 'clarification', 'consulting', 'fee_pending'] as const;

export function listRequests(db: Executor, f: ListFilter) {
  let q = db.selectFrom('requests as r').leftJoin('departments as d', 'd.id', 'r.department_id').selectAll('r').select(['d.short_name as department_name', 'd.code as department_code']);
  if (f.departmentIds) q = q.where('r.department_id', 'in', f.departmentIds.length ? f.departmentIds : [-1]);
  if (f.unrouted) q = q.where('r.department_id', 'is', null);
  if (f.open) q = q.where('r.state', 'in', [...OPEN_STATES]);
  return q.orderBy('r.submitted_at', 'desc').orderBy('r.id', 'desc').limit(f.limit).execute();
}

/** For the office: deadlines and states only – no applicant, no description. */
export function listDeadlines(db: Executor, limit: number) {
  return db
    .selectFrom('requests as r')
    .leftJoin('departments as d', 'd.id', 'r.department_id')
    .select(['r.id', 'r.ref_no', 'r.state', 'r.due_date', 'r.due_status', 'r.received_date', 'r.submitted_date', 'r.closed_date', 'r.late', 'r.outcome', 'd.short_name as department_name'])
    .where('r.state', 'in', [...OPEN_STATES])
    .orderBy('r.due_date')
    .orderBy('r.id')
    .limit(limit)
    .execute();
}

export function countByDepartmentState(db: Executor) {
  return db
    .selectFrom('requests as r')
    .leftJoin('departments as d', 'd.id', 'r.department_id')
    .select(['d.short_name as department_name', 'r.state', 'r.late', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['d.short_name', 'r.state', 'r.late'])
    .execute();
}

/** Requests of an applicant to a department submitted in one natural month (fee per request). */
export async function countApplicantMonth(db: Executor, idNumber: string, departmentId: number, month: string, upToId: number): Promise<number> {
  const r = await db
    .selectFrom('requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id_number', '=', idNumber)
    .where('department_id', '=', departmentId)
    .where('submitted_date', '>=', `${month}-01`)
    .where('submitted_date', '<=', `${month}-31`)
    .where('id', '<=', upToId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Open requests whose running due date is on or before `limit` (reminder candidates). */
export function openWithDueBefore(db: Executor, limit: string) {
  return db.selectFrom('requests').select(['id', 'ref_no', 'department_id', 'due_date']).where('state', '=', 'in_progress').where('due_date', 'is not', null).where('due_date', '<=', limit).orderBy('id').execute();
}

/** Requests that count in a report of `year` (received by its end and not closed before it). */
export function requestsForReport(db: Executor, departmentId: number | null | 'unrouted', year: number) {
  let q = db
    .selectFrom('requests')
    .select(['id', 'department_id', 'applicant_kind', 'received_date', 'closed_date', 'outcome', 'fee_paid_fen', 'state', 'late'])
    .where('received_date', 'is not', null)
    .where('received_date', '<=', `${year}-12-31`)
    .where((eb) => eb.or([eb('closed_date', 'is', null), eb('closed_date', '>=', `${year}-01-01`)]));
  if (departmentId === 'unrouted') q = q.where('department_id', 'is', null);
  else if (departmentId !== null) q = q.where('department_id', '=', departmentId);
  return q.execute();
}

export async function feesPaid(db: Executor, departmentId: number | null, year: number): Promise<{ count: number; totalFen: number }> {
  let q = db
    .selectFrom('requests')
    .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('fee_paid_fen').as('fen')])
    .where('fee_paid_date', '>=', `${year}-01-01`)
    .where('fee_paid_date', '<=', `${year}-12-31`);
  if (departmentId !== null) q = q.where('department_id', '=', departmentId);
  const r = await q.executeTakeFirstOrThrow();
  return { count: Number(r.n), totalFen: Number(r.fen ?? 0) };
}

// ---- attempts (rate limits) ----

export async function insertAttempt(db: Executor, a: { kind: 'file' | 'track'; ip: string; keyHash: string | null; at: string; success: boolean }) {
  await db.insertInto('request_attempts').values({ kind: a.kind, ip: a.ip, key_hash: a.keyHash, at: a.at, success: a.success ? 1 : 0 }).execute();
}

export async function countAttempts(db: Executor, f: { kind: 'file' | 'track'; since: string; ip?: string; keyHash?: string; success?: boolean }): Promise<number> {
  let q = db.selectFrom('request_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', f.kind).where('at', '>=', f.since);
  if (f.ip !== undefined) q = q.where('ip', '=', f.ip);
  if (f.keyHash !== undefined) q = q.where('key_hash', '=', f.keyHash);
  if (f.success !== undefined) q = q.where('success', '=', f.success ? 1 : 0);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- answers and files ----

export function findAnswer(db: Executor, requestId: number) {
  return db.selectFrom('request_answers').selectAll().where('request_id', '=', requestId).executeTakeFirst();
}

export async function saveAnswer(db: Executor, requestId: number, a: { answer_type: string; reason: string | null; result: string; body: string; where_text: string; agency_text: string; privacy: string; by: number; at: string }) {
  const existing = await findAnswer(db, requestId);
  const values = { answer_type: a.answer_type, reason: a.reason, result: a.result, body: a.body, where_text: a.where_text, agency_text: a.agency_text, privacy: a.privacy, updated_at: a.at };
  if (existing) await db.updateTable('request_answers').set(values).where('id', '=', existing.id).execute();
  else await db.insertInto('request_answers').values({ ...values, request_id: requestId, state: 'draft', created_by: a.by, created_at: a.at }).execute();
}

export async function setAnswerPrivacy(db: Executor, requestId: number, privacy: string, at: string) {
  await db.updateTable('request_answers').set({ privacy, updated_at: at }).where('request_id', '=', requestId).execute();
}

export async function markAnswerSent(db: Executor, requestId: number, letterSha: string | null, sentDate: string, at: string) {
  await db.updateTable('request_answers').set({ state: 'sent', letter_sha256: letterSha, sent_date: sentDate, updated_at: at }).where('request_id', '=', requestId).execute();
}

export async function insertFile(db: Executor, f: { requestId: number; purpose: 'answer' | 'letter' | 'incoming'; sha256: string; filename: string; scan: string; at: string; by: number | null }) {
  const row = await db
    .insertInto('request_files')
    .values({ request_id: f.requestId, purpose: f.purpose, sha256: f.sha256, filename: f.filename, scan: f.scan, created_at: f.at, created_by: f.by, removed_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setFileScan(db: Executor, id: number, scan: string) {
  await db.updateTable('request_files').set({ scan }).where('id', '=', id).execute();
}

export function listFiles(db: Executor, requestId: number) {
  return db
    .selectFrom('request_files as f')
    .innerJoin('blobs as b', 'b.sha256', 'f.sha256')
    .select(['f.id', 'f.purpose', 'f.sha256', 'f.filename', 'f.scan', 'f.created_at', 'b.size', 'b.mime'])
    .where('f.request_id', '=', requestId)
    .where('f.removed_at', 'is', null)
    .orderBy('f.id')
    .execute();
}

export async function markFileRemoved(db: Executor, requestId: number, fileId: number, at: string): Promise<boolean> {
  const r = await db.updateTable('request_files').set({ removed_at: at }).where('id', '=', fileId).where('request_id', '=', requestId).where('removed_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

// ---- reminders ----

export async function insertReminder(db: Executor, r: { requestId: number; kind: 'due_soon' | 'overdue'; dueDate: string; departmentId: number | null; subjectLine: string; at: string }): Promise<number | null> {
  const row = await db
    .insertInto('request_reminders')
    .values({ request_id: r.requestId, kind: r.kind, due_date: r.dueDate, department_id: r.departmentId, created_at: r.at, status: 'pending', subject_line: r.subjectLine, recipients: '[]' })
    .onConflict((oc) => oc.columns(['request_id', 'kind', 'due_date']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export function undeliveredReminders(db: Executor, maxAttempts: number) {
  return db.selectFrom('request_reminders').selectAll().where('status', 'in', ['pending', 'failed']).where('attempts', '<', maxAttempts).orderBy('id').execute();
}

export async function markReminder(db: Executor, id: number, s: { status: 'sent' | 'failed' | 'logged' | 'no_recipients'; attempts: number; recipients: string[]; sent_at: string | null; error: string | null }) {
  await db.updateTable('request_reminders').set({ status: s.status, attempts: s.attempts, recipients: JSON.stringify(s.recipients), sent_at: s.sent_at, error: s.error }).where('id', '=', id).execute();
}

/** E-mail addresses of the department's editors and reviewers (who handle its requests). */
export async function departmentStaffEmails(db: Executor, departmentId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.email')
    .distinct()
    .where('m.department_id', '=', departmentId)
    .where('m.role', 'in', ['editor', 'reviewer'])
    .where('u.disabled', '=', 0)
    .where('u.email', 'is not', null)
    .execute();
  return rows.map((r) => r.email!).filter((e) => e.includes('@'));
}

export function listReminders(db: Executor, f: { departmentIds?: number[] | undefined; limit: number }) {
  let q = db.selectFrom('request_reminders as m').innerJoin('requests as r', 'r.id', 'm.request_id').select(['m.id', 'm.kind', 'm.due_date', 'm.status', 'm.created_at', 'm.subject_line', 'r.id as request_id', 'r.ref_no']);
  if (f.departmentIds) q = q.where('m.department_id', 'in', f.departmentIds.length ? f.departmentIds : [-1]);
  return q.orderBy('m.id', 'desc').limit(f.limit).execute();
}

// ---- 行政复议 / 行政诉讼 records ----

export function findCase(db: Executor, id: number) {
  return db.selectFrom('review_cases').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertCase(db: Executor, row: Omit<ReviewCaseTable, 'id'>): Promise<number> {
  const r = await db.insertInto('review_cases').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateCase(db: Executor, id: number, set: Updateable<ReviewCaseTable>) {
  await db.updateTable('review_cases').set(set).where('id', '=', id).execute();
}

export function listCases(db: Executor, f: { departmentIds: number[] | null; year?: number | undefined }) {
  let q = db.selectFrom('review_cases as c').innerJoin('departments as d', 'd.id', 'c.department_id').selectAll('c').select('d.short_name as department_name').where('c.voided_at', 'is', null);
  if (f.departmentIds) q = q.where('c.department_id', 'in', f.departmentIds.length ? f.departmentIds : [-1]);
  if (f.year) q = q.where('c.year', '=', f.year);
  return q.orderBy('c.year', 'desc').orderBy('c.id', 'desc').limit(500).execute();
}

export function countCases(db: Executor, departmentId: number | null, year: number) {
  let q = db.selectFrom('review_cases').select(['kind', 'result', (eb) => eb.fn.countAll<number>().as('n')]).where('year', '=', year).where('voided_at', 'is', null).groupBy(['kind', 'result']);
  if (departmentId !== null) q = q.where('department_id', '=', departmentId);
  return q.execute();
}
