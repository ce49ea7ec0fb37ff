// Item types live in the database (so the office can add one without a release); the shipped
// definitions in catalogue-data.ts are synchronised into it at start.
import type { Executor } from '../../db/index.ts';
import type { ItemTypeRow } from '../../db/schema.ts';
import { appendEvent } from '../events/service.ts';
import * as repo from './repository.ts';
import { SECTOR_NAMES, SECTORS, type FieldDef, type ItemTypeDef, type Sector } from './types.ts';

export interface ItemType extends ItemTypeDef {
  id: number;
  active: boolean;
}

function fromRow(r: ItemTypeRow): ItemType {
  return {
    id: r.id,
    code: r.code,
    sector: r.sector as Sector,
    category: r.category as ItemType['category'],
    stage: r.stage as ItemType['stage'],
    name: r.name,
    description: r.description,
    fields: JSON.parse(r.fields) as FieldDef[],
    deadlineRule: r.deadline_rule,
    ...(r.min_duration_rule ? { minDurationRule: r.min_duration_rule } : {}),
    legalBasis: r.legal_basis,
    channels: JSON.parse(r.channels) as string[],
    ...(r.dual_publicity ? { dualPublicity: r.dual_publicity as 'licence' | 'penalty' } : {}),
    active: r.active === 1,
  };
}

/** A per-process snapshot of the item types; `reload` after a change. */
export class ItemTypeRegistry {
  private byId = new Map<number, ItemType>();
  private byCode = new Map<string, ItemType>();
  private ordered: ItemType[] = [];
  sectors: { code: string; name: string }[] = [];

  async reload(db: Executor): Promise<void> {
    const [rows, sectors] = await Promise.all([repo.listItemTypeRows(db), repo.listSectors(db)]);
    this.ordered = rows.map(fromRow);
    this.byId = new Map(this.ordered.map((t) => [t.id, t]));
    this.byCode = new Map(this.ordered.map((t) => [t.code, t]));
    this.sectors = sectors.map((s) => ({ code: s.code, name: s.name }));
  }
  all(): ItemType[] {
    return this.ordered;
  }
  active(): ItemType[] {
    return this.ordered.filter((t) => t.active);
  }
  get(id: number): ItemType | undefined {
    return this.byId.get(id);
  }
  byCodeOrUndefined(code: string): ItemType | undefined {
    return this.byCode.get(code);
  }
  ofSector(sector: string): ItemType[] {
    return this.ordered.filter((t) => t.sector === sector);
  }
  sectorName(code: string): string {
    return this.sectors.find((s) => s.code === code)?.name ?? code;
  }
}

export async function syncItemTypes(db: Executor, defs: readonly ItemTypeDef[]): Promise<{ inserted: number; updated: number }> {
  let sort = 0;
  for (const s of SECTORS) await repo.upsertSector(db, { code: s, name: SECTOR_NAMES[s], sort: sort++ });
  let inserted = 0;
  let updated = 0;
  let i = 0;
  for (const d of defs) {
    const r = await repo.upsertItemType(db, {
      code: d.code,
      sector: d.sector,
      category: d.category,
      stage: d.stage,
      name: d.name,
      description: d.description,
      fields: JSON.stringify(d.fields),
      deadline_rule: d.deadlineRule,
      min_duration_rule: d.minDurationRule ?? null,
      legal_basis: d.legalBasis,
      channels: JSON.stringify(d.channels),
      dual_publicity: d.dualPublicity ?? null,
      sort: i++,
    });
    if (r === 'inserted') inserted++;
    if (r === 'updated') updated++;
  }
  if (inserted + updated > 0) {
    await appendEvent(db, { at: new Date().toISOString(), actorId: null, entity: 'item-types', entityId: 0, action: 'sync', data: { inserted, updated } });
  }
  return { inserted, updated };
}
