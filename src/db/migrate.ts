import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DialectName } from '../config.ts';
import { m0001Foundation } from './migrations/0001-foundation.ts';
import { m0002PublicationLog } from './migrations/0002-publication-log.ts';

/**
 * Migrations are frozen in time: each file is written once against `Kysely<any>` and never edited
 * after it has landed; a later change is a new file. They receive the configured dialect because a
 * few column types (identity columns) differ.
 */
export function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    '0001-foundation': m0001Foundation(dialect),
    '0002-publication-log': m0002PublicationLog(dialect),
  };
}

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

export async function migrateToLatest(db: Kysely<any>, dialect: DialectName): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
