// FROZEN once landed: red flags (issue 8 item 3). Never edit; add a new migration instead.
//
// - red_flag_settings: the office's thresholds, one row per flag (`params` is JSON, e.g.
//   {"minWins":3,"windowMonths":12}); a flag without a row uses the defaults of
//   modules/red-flags/flags.ts. Every change is an event (entity 'red_flag_setting'). Results are
//   computed from the public notices on demand and not stored: they always follow the latest
//   publications and the current thresholds.
import type { CreateTableBuilder, Kysely, Migration } from 'kysely';
import type { DialectName } from '../../config.ts';

export function m0010RedFlags(dialect: DialectName): Migration {
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    dialect === 'postgres'
      ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('red_flag_settings'))
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('params', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
        .execute();
    },
    async down() {
      throw new Error('Migration 0010 cannot be reverted.');
    },
  };
}
