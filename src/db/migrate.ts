import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DialectName } from '../config.ts';
import { m0001Foundation } from './migrations/0001-foundation.ts';
import { m0002PublicationLog } from './migrations/0002-publication-log.ts';
import { m0003Timeliness } from './migrations/0003-timeliness.ts';
import { m0004SearchOpenData } from './migrations/0004-search-opendata.ts';
import { m0005ExcelOcds } from './migrations/0005-excel-ocds.ts';
import { m0007Requests } from './migrations/0007-requests.ts';
import { m0008Privacy } from './migrations/0008-privacy.ts';
import { m0013PublicListIndexes } from './migrations/0013-public-list-indexes.ts';

/**
 * Migrations are frozen in time: each file is written once against `Kysely<any>` and never edited
 * after it has landed; a later change is a new file. They receive the configured dialect because a
 * few column types (identity columns) differ.
 */
export function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001-foundation': m0001Foundation(dialect),
    '0002-publication-log': m0002PublicationLog(dialect),
    '0003-timeliness': m0003Timeliness(dialect),
    '0004-search-opendata': m0004SearchOpenData(dialect),
    '0005-excel-ocds': m0005ExcelOcds(dialect),
    '0007-requests': m0007Requests(dialect),
    '0008-privacy': m0008Privacy(dialect),
    '0013-public-list-indexes': m0013PublicListIndexes(dialect),
  };
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

/**
 * `schema` (PostgreSQL only) pins Kysely's bookkeeping tables to the configured schema; without it
 * Kysely finds another schema's `kysely_migration_lock` on the search path and fails.
 */
export async function migrateToLatest(db: Kysely<any>, dialect: DialectName, schema?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider(dialect), ...(dialect === 'postgres' && schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
