// SQL of obligations (信息已形成但尚未公开) and reminders.
import type { DialectName } from '../../config.ts';
import type { Executor, Trx } from '../../db/index.ts';
import type { ObligationState } from '../../db/schema.ts';

export async function insertObligation(trx: Trx, o: { departmentId: number; itemTypeId: number; title: string; formedDate: string; note: string; dueDate: string | null; dueRule: string; createdBy: number; at: string }): Promise<number> {
  const row = await trx
    .insertInto('obligations')
    .values({
      department_id: o.departmentId,
      item_type_id: o.itemTypeId,
      title: o.title,
      formed_date: o.formedDate,
      note: o.note,
      due_date: o.dueDate,
      due_rule: o.dueRule,
      state: 'open',
      disclosure_id: null,
      created_by: o.createdBy,
      created_at: o.at,
      updated_at: o.at,
      fulfilled_at: null,
      cancel_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function base(db: Executor) {
  return db
    .selectFrom('obligations as o')
    .innerJoin('departments as dep', 'dep.id', 'o.department_id')
    .innerJoin('item_types as t', 't.id', 'o.item_type_id')
    .innerJoin('users as u', 'u.id', 'o.created_by')
    .leftJoin('disclosures as d', 'd.id', 'o.disclosure_id')
    .select([
      'o.id',
      'o.department_id',
      'o.item_type_id',
      'o.title',
      'o.formed_date',
      'o.note',
      'o.due_date',
      'o.due_rule',
      'o.state',
      'o.disclosure_id',
      'o.created_at',
      'o.updated_at',
      'o.fulfilled_at',
      'o.cancel_reason',
      'dep.short_name as department_name',
      't.name as item_type_name',
      't.code as item_type_code',
      'u.display_name as creator_name',
      'd.title as disclosure_title',
      'd.state as disclosure_state',
    ]);
}

export type ObligationView = NonNullable<Awaited<ReturnType<typeof findObligation>>>;

export function findObligation(db: Executor, id: number) {
  return base(db).where('o.id', '=', id).executeTakeFirst();
}

export async function lockObligation(trx: Trx, id: number, dialect: DialectName) {
  let q = trx.selectFrom('obligations').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateObligation(trx: Trx, id: number, set: { state?: ObligationState; disclosure_id?: number | null; fulfilled_at?: string | null; cancel_reason?: string | null; updated_at: string }) {
  await trx.updateTable('obligations').set(set).where('id', '=', id).execute();
}

export function listObligations(db: Executor, f: { departmentIds?: number[] | undefined; states?: ObligationState[] | undefined; dueBefore?: string | undefined; limit?: number }) {
  let q = base(db);
  if (f.departmentIds) q = q.where('o.department_id', 'in', f.departmentIds.length ? f.departmentIds : [-1]);
  if (f.states) q = q.where('o.state', 'in', f.states);
  if (f.dueBefore) q = q.where('o.due_date', '<', f.dueBefore);
  return q.orderBy('o.due_date').orderBy('o.id').limit(f.limit ?? 500).execute();
}

/** Open obligations linked to a disclosure (fulfilled when it is published). */
export function openObligationsOf(trx: Executor, disclosureId: number) {
  return trx.selectFrom('obligations').select(['id', 'due_date']).where('disclosure_id', '=', disclosureId).where('state', '=', 'open').execute();
}

/** Whether another obligation (not cancelled) already points at this disclosure. */
export async function linkedElsewhere(trx: Executor, disclosureId: number, exceptId: number): Promise<boolean> {
  const r = await trx.selectFrom('obligations').select('id').where('disclosure_id', '=', disclosureId).where('state', '!=', 'cancelled').where('id', '!=', exceptId).limit(1).executeTakeFirst();
  return !!r;
}

/** Disclosures an obligation may be linked to: same department and item type, not withdrawn, not already linked. */
export function linkCandidates(db: Executor, departmentId: number, itemTypeId: number) {
  return db
    .selectFrom('disclosures as d')
    .select(['d.id', 'd.title', 'd.state', 'd.version', 'd.formed_date', 'd.first_published_at'])
    .where('d.department_id', '=', departmentId)
    .where('d.item_type_id', '=', itemTypeId)
    .where('d.state', '!=', 'withdrawn')
    .where((eb) => eb.not(eb.exists(eb.selectFrom('obligations as o').select('o.id').whereRef('o.disclosure_id', '=', 'd.id').where('o.state', '!=', 'cancelled'))))
    .orderBy('d.updated_at', 'desc')
    .limit(200)
    .execute();
}

// ---- reminders ----

export interface ReminderCandidate {
  subject: 'disclosure' | 'obligation';
  id: number;
  department_id: number;
  title: string;
  due_date: string;
}

/** Open items due on or before `limit` (obligations, and unpublished disclosures not covered by an open obligation). */
export async function reminderCandidates(db: Executor, limit: string): Promise<ReminderCandidate[]> {
  const obligations = await db
    .selectFrom('obligations')
    .select(['id', 'department_id', 'title', 'due_date'])
    .where('state', '=', 'open')
    .where('due_date', 'is not', null)
    .where('due_date', '<=', limit)
    .orderBy('id')
    .execute();
  const disclosures = await db
    .selectFrom('disclosures as d')
    .select(['d.id', 'd.department_id', 'd.title', 'd.due_date'])
    .where('d.state', 'in', ['draft', 'submitted', 'returned', 'approved'])
    .where('d.due_date', 'is not', null)
    .where('d.due_date', '<=', limit)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('obligations as o').select('o.id').whereRef('o.disclosure_id', '=', 'd.id').where('o.state', '=', 'open'))))
    .orderBy('d.id')
    .execute();
  return [
    ...obligations.map((r) => ({ subject: 'obligation' as const, id: r.id, department_id: r.department_id, title: r.title, due_date: r.due_date! })),
    ...disclosures.map((r) => ({ subject: 'disclosure' as const, id: r.id, department_id: r.department_id, title: r.title, due_date: r.due_date! })),
  ];
}

/** Records a reminder; returns its id, or null when this reminder already exists (never twice). */
export async function insertReminder(db: Executor, r: { subject: 'disclosure' | 'obligation'; subjectId: number; kind: 'due_soon' | 'overdue'; dueDate: string; departmentId: number; title: string; subjectLine: string; at: string }): Promise<number | null> {
  const row = await db
    .insertInto('reminders')
    .values({ subject: r.subject, subject_id: r.subjectId, kind: r.kind, due_date: r.dueDate, department_id: r.departmentId, title: r.title, created_at: r.at, status: 'pending', attempts: 0, recipients: '[]', subject_line: r.subjectLine, sent_at: null, error: null })
    .onConflict((oc) => oc.columns(['subject', 'subject_id', 'kind', 'due_date']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Reminders recorded but not delivered (a crashed run, an SMTP failure): retried a few times. */
export function undeliveredReminders(db: Executor, maxAttempts: number) {
  return db.selectFrom('reminders').selectAll().where('status', 'in', ['pending', 'failed']).where('attempts', '<', maxAttempts).orderBy('id').execute();
}

export function findReminder(db: Executor, id: number) {
  return db.selectFrom('reminders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function markReminder(db: Executor, id: number, set: { status: 'sent' | 'failed' | 'logged' | 'no_recipients'; attempts: number; recipients: string[]; sent_at: string | null; error: string | null }) {
  await db.updateTable('reminders').set({ ...set, recipients: JSON.stringify(set.recipients) }).where('id', '=', id).execute();
}

/** E-mail addresses of the department's active staff (editors and reviewers). */
export async function departmentEmails(db: Executor, departmentId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('u.email')
    .distinct()
    .where('m.department_id', '=', departmentId)
    .where('m.role', 'in', ['editor', 'reviewer'])
    .where('u.disabled', '=', 0)
    .where('u.email', 'is not', null)
    .orderBy('u.email')
    .execute();
  return rows.map((r) => r.email!).filter((e) => e.includes('@'));
}

export function listReminders(db: Executor, f: { departmentIds?: number[] | undefined; since: string; limit: number }) {
  let q = db
    .selectFrom('reminders as r')
    .innerJoin('departments as dep', 'dep.id', 'r.department_id')
    .select(['r.id', 'r.subject', 'r.subject_id', 'r.kind', 'r.due_date', 'r.title', 'r.created_at', 'r.status', 'r.recipients', 'r.subject_line', 'r.sent_at', 'dep.short_name as department_name'])
    .where('r.created_at', '>=', f.since);
  if (f.departmentIds) q = q.where('r.department_id', 'in', f.departmentIds.length ? f.departmentIds : [-1]);
  return q.orderBy('r.id', 'desc').limit(f.limit).execute();
}
