import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DialectName } from '../config.ts';
import { m0001Foundation } from './migrations/0001-foundation.ts';
import { m0002PublicationLog } from './migrations/0002-publication-log.ts';
import { m0003Timeliness } from './migrations/0003-timeliness.ts';
import { m0004SearchOpenData } from './migrations/0004-search-opendata.ts';
import { m0005ExcelOcds } from './migrations/0005-excel-ocds.ts';
import { m0007Requests } from './migrations/0007-requests.ts';
import { m0008Privacy } from './migrations/0008-privacy.ts';
import { m0009Blacklist } from './migrations/0009-blacklist.ts';
import { m0010RedFlags } from './migrations/0010-red-flags.ts';
import { m0012AssessmentFeedback } from './migrations/0012-assessment-feedback.ts';
import { m0011WorkPlansInspections } from './migrations/0011-work-plans-inspections.ts';
import { m0013PublicListIndexes } from './migrations/0013-public-list-indexes.ts';
import { m0014VersionSeals } from './migrations/0014-version-seals.ts';
import { m0015ContentGeneration } from './migrations/0015-content-generation.ts';
import { m0016SearchPrefixIndex } from './migrations/0016-search-prefix-index.ts';
import { m0018SearchInlinePg } from './migrations/0018-search-inline-pg.ts';
import { m0017ChangeFeedEntities } from './migrations/0017-change-feed-entities.ts';

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
    '0009-blacklist': m0009Blacklist(dialect),
    '0010-red-flags': m0010RedFlags(dialect),
    '0012-assessment-feedback': m0012AssessmentFeedback(dialect),
    '0011-work-plans-inspections': m0011WorkPlansInspections(dialect),
    '0013-public-list-indexes': m0013PublicListIndexes(dialect),
    '0014-version-seals': m0014VersionSeals(dialect),
    '0015-content-generation': m0015ContentGeneration(dialect),
    '0016-search-prefix-index': m0016SearchPrefixIndex(dialect),
    '0018-search-inline-pg': m0018SearchInlinePg(dialect),
    '0017-change-feed-entities': m0017ChangeFeedEntities(dialect),
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
 *
 * Kysely checks for its lock table by introspecting every table of the database, and that query
 * resolves each table's schema by name: when another process drops a schema at that moment (test
 * runs on PostgreSQL drop theirs when done, many at once), PostgreSQL answers "schema … does not
 * exist" (3F000) for a schema that is not ours. Nothing was migrated – every migration runs in its
 * transaction – so the attempt is repeated. An error naming our own schema is real and thrown.
 */
export async function migrateToLatest(db: Kysely<any>, dialect: DialectName, schema?: string): Promise<string[]> {
  for (let attempt = 1; ; attempt++) {
    const migrator = new Migrator({ db, provider: new StaticProvider(dialect), ...(dialect === 'postgres' && schema ? { migrationTableSchema: schema } : {}) });
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    const e = error as { code?: string; message?: string };
    const othersDropped = dialect === 'postgres' && e.code === '3F000' && !(schema && e.message?.includes(`"${schema}"`));
    if (!othersDropped || attempt >= 5) throw error instanceof Error ? error : new Error(String(error));
    await new Promise((r) => setTimeout(r, 50 * attempt));
  }
}
