// Wiring: configuration → database → services. Routes and jobs receive this one object.
import fs from 'node:fs';
import type { Config } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/index.ts';
import { BlobStore } from './modules/attachments/store.ts';
import { DisclosureService, type DueComputer } from './modules/disclosures/service.ts';
import { ITEM_TYPES } from './modules/item-types/catalogue-data.ts';
import { ItemTypeRegistry, syncItemTypes } from './modules/item-types/service.ts';
import { createDueComputer } from './modules/timeliness/due.ts';

export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  itemTypes: ItemTypeRegistry;
  blobs: BlobStore;
  disclosures: DisclosureService;
  due: DueComputer;
  close(): Promise<void>;
}

export async function createContext(config: Config): Promise<AppContext> {
  fs.mkdirSync(config.filesDir, { recursive: true });
  const database = await openDatabase(config);
  const { db } = database;
  await db.transaction().execute((trx) => syncItemTypes(trx, ITEM_TYPES));
  const itemTypes = new ItemTypeRegistry();
  await itemTypes.reload(db);
  const blobs = new BlobStore(config.filesDir, config.maxUploadBytes);
  const due = createDueComputer();
  const disclosures = new DisclosureService(db, database.dialect, itemTypes, due, blobs);
  return {
    config,
    database,
    itemTypes,
    blobs,
    disclosures,
    due,
    close: () => database.destroy(),
  };
}
