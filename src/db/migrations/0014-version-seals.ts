// FROZEN once landed: sealed (屏蔽) historical versions (issue 6). Never edit; add a new migration.
//
// A correction fixes the current text, but every earlier version stays public at ?version=N, in the
// API, in OCDS releases and in the publication log's content view. When an earlier version leaked
// personal data or a secret (条例 第十四条、第十五条; 个人信息保护法 第二十八条), a reviewer seals it:
// the public keeps its place in the history (number, dates, the reason it was sealed) but never its
// content again; the stored row stays for staff and for the log's content hash. Sealing is final.
import type { CreateTableBuilder, Kysely, Migration } from 'kysely';
import type { DialectName } from '../../config.ts';

export function m0014VersionSeals(dialect: DialectName): Migration {
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    dialect === 'postgres'
      ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('version_seals'))
        .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosures.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('sealed_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('sealed_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('version_seals_once', ['disclosure_id', 'version'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('version_seals').execute();
    },
  };
}
