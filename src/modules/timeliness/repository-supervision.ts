// Read-only SQL of the supervision dashboard. `departmentIds` undefined = every department.
import type { Executor } from '../../db/index.ts';
import { OPEN_DISCLOSURE_STATES } from './repository-calendar.ts';
import type { OpenRow, PublishedRow } from './supervision.ts';
import type { ColumnActivity } from './columns.ts';

type Ids = number[] | undefined;
const inIds = (ids: number[]) => (ids.length ? ids : [-1]);

export function departments(db: Executor, ids: Ids) {
  let q = db.selectFrom('departments').select(['id', 'code', 'short_name as name', 'kind']).orderBy('sort').orderBy('id');
  if (ids) q = q.where('id', 'in', inIds(ids));
  return q.execute();
}

export async function publishedRows(db: Executor, ids: Ids): Promise<PublishedRow[]> {
  let q = db.selectFrom('disclosures').select(['department_id', 'due_date', 'due_rule', 'first_published_at']).where('first_published_at', 'is not', null);
  if (ids) q = q.where('department_id', 'in', inIds(ids));
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, first_published_at: r.first_published_at! }));
}

export async function openRows(db: Executor, ids: Ids): Promise<OpenRow[]> {
  let o = db
    .selectFrom('obligations as o')
    .innerJoin('departments as dep', 'dep.id', 'o.department_id')
    .innerJoin('item_types as t', 't.id', 'o.item_type_id')
    .select(['o.id', 'o.title', 'o.department_id', 'dep.short_name as department_name', 't.name as item_type_name', 'o.due_date', 'o.due_rule', 'o.state'])
    .where('o.state', '=', 'open');
  if (ids) o = o.where('o.department_id', 'in', inIds(ids));
  let d = db
    .selectFrom('disclosures as d')
    .innerJoin('departments as dep', 'dep.id', 'd.department_id')
    .innerJoin('item_types as t', 't.id', 'd.item_type_id')
    .select(['d.id', 'd.title', 'd.department_id', 'dep.short_name as department_name', 't.name as item_type_name', 'd.due_date', 'd.due_rule', 'd.state'])
    .where('d.state', 'in', [...OPEN_DISCLOSURE_STATES])
    // Counted once: a draft that fulfils an open obligation is represented by the obligation.
    .where((eb) => eb.not(eb.exists(eb.selectFrom('obligations as ob').select('ob.id').whereRef('ob.disclosure_id', '=', 'd.id').where('ob.state', '=', 'open'))));
  if (ids) d = d.where('d.department_id', 'in', inIds(ids));
  const [obligations, disclosures] = await Promise.all([o.execute(), d.execute()]);
  return [...obligations.map((r) => ({ kind: 'obligation' as const, ...r })), ...disclosures.map((r) => ({ kind: 'disclosure' as const, ...r }))];
}

export function catalogueCategories(db: Executor, ids: Ids) {
  let q = db.selectFrom('catalogue_entries as c').innerJoin('item_types as t', 't.id', 'c.item_type_id').select(['c.department_id', 't.category']).distinct();
  if (ids) q = q.where('c.department_id', 'in', inIds(ids));
  return q.execute();
}

export async function columnActivity(db: Executor, ids: Ids): Promise<ColumnActivity[]> {
  let q = db
    .selectFrom('disclosures as d')
    .innerJoin('item_types as t', 't.id', 'd.item_type_id')
    .select(['d.department_id', 't.category', (eb) => eb.fn.countAll<number>().as('published'), (eb) => eb.fn.max('d.last_published_at').as('last_at')])
    .where('d.version', '>', 0)
    .groupBy(['d.department_id', 't.category']);
  if (ids) q = q.where('d.department_id', 'in', inIds(ids));
  const rows = await q.execute();
  return rows.map((r) => ({ department_id: r.department_id, category: r.category, published: Number(r.published), last_at: (r.last_at as string | null) ?? null }));
}

export async function latestPublication(db: Executor): Promise<string | null> {
  const r = await db.selectFrom('disclosures').select((eb) => eb.fn.max('last_published_at').as('at')).executeTakeFirst();
  return (r?.at as string | null | undefined) ?? null;
}

/** Current public versions of published disclosures of the given item types, since a date. */
export function periodCandidates(db: Executor, ids: Ids, itemTypeCodes: string[], sinceUtc: string) {
  let q = db
    .selectFrom('disclosures as d')
    .innerJoin('disclosure_versions as v', (j) => j.onRef('v.disclosure_id', '=', 'd.id').onRef('v.version', '=', 'd.version'))
    .innerJoin('item_types as t', 't.id', 'd.item_type_id')
    .innerJoin('departments as dep', 'dep.id', 'd.department_id')
    .select(['d.id', 'v.title', 'v.fields', 'd.department_id', 'dep.short_name as department_name', 't.code as item_type_code', 't.name as item_type_name', 'd.first_published_at'])
    .where('d.state', '=', 'published')
    .where('t.code', 'in', itemTypeCodes.length ? itemTypeCodes : ['-'])
    .where('d.last_published_at', '>=', sinceUtc);
  if (ids) q = q.where('d.department_id', 'in', inIds(ids));
  return q.orderBy('d.first_published_at', 'desc').limit(2000).execute();
}
