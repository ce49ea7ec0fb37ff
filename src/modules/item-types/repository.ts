import type { Executor } from '../../db/index.ts';

export function listItemTypeRows(db: Executor, opts: { activeOnly?: boolean } = {}) {
  let q = db.selectFrom('item_types').selectAll();
  if (opts.activeOnly) q = q.where('active', '=', 1);
  return q.orderBy('sort').orderBy('id').execute();
}

export function listSectors(db: Executor) {
  return db.selectFrom('sectors').selectAll().orderBy('sort').execute();
}

export async function upsertSector(db: Executor, s: { code: string; name: string; sort: number }) {
  const existing = await db.selectFrom('sectors').select('code').where('code', '=', s.code).executeTakeFirst();
  if (existing) await db.updateTable('sectors').set({ name: s.name, sort: s.sort }).where('code', '=', s.code).execute();
  else await db.insertInto('sectors').values(s).execute();
}

export interface ItemTypeValues {
  code: string;
  sector: string;
  category: string;
  stage: string;
  name: string;
  description: string;
  fields: string;
  deadline_rule: string;
  min_duration_rule: string | null;
  legal_basis: string;
  channels: string;
  dual_publicity: string | null;
  sort: number;
}

export async function upsertItemType(db: Executor, v: ItemTypeValues): Promise<'inserted' | 'updated' | 'unchanged'> {
  const existing = await db.selectFrom('item_types').selectAll().where('code', '=', v.code).executeTakeFirst();
  if (!existing) {
    await db.insertInto('item_types').values({ ...v, active: 1 }).execute();
    return 'inserted';
  }
  const changed = (Object.keys(v) as (keyof ItemTypeValues)[]).some((k) => existing[k] !== v[k]);
  if (!changed) return 'unchanged';
  await db.updateTable('item_types').set(v).where('code', '=', v.code).execute();
  return 'updated';
}
