// FROZEN once landed: the 黑名单 (issue 8 §1). Never edit; add a new migration.
//
// - blacklist_entries: one decision against one subject (company or person) by the department that
//   made it (谁制作谁公开). `status` is the lifecycle: draft → active → expired | repaired | revoked.
//   `subject_key` identifies the subject (credit code, else ID number, else normalised name) so a
//   duplicate (same subject + decision number) is refused by the database too. The person ID number
//   is stored for matching and internal use only; every public output masks it.
// - blacklist_documents: the documents recorded with a credit repair (信用修复) or a revocation
//   (and optionally with the decision itself), stored by sha256 in the blob store.
import type { CreateTableBuilder, Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../../config.ts';

export function m0009Blacklist(dialect: DialectName): Migration {
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    dialect === 'postgres'
      ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('blacklist_entries'))
        .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
        .addColumn('subject_kind', 'text', (c) => c.notNull().check(sql`subject_kind in ('company','person')`))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .addColumn('credit_code', 'text')
        .addColumn('id_number', 'text')
        .addColumn('subject_key', 'text', (c) => c.notNull())
        .addColumn('conduct', 'text', (c) => c.notNull())
        .addColumn('legal_basis', 'text', (c) => c.notNull())
        .addColumn('decision_no', 'text', (c) => c.notNull())
        .addColumn('decision_date', 'text', (c) => c.notNull())
        .addColumn('sector', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull().check(sql`severity in ('ordinary','serious','procurement-bar')`))
        .addColumn('start_date', 'text', (c) => c.notNull())
        .addColumn('end_date', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft','active','expired','repaired','revoked')`))
        .addColumn('disclosure_id', 'integer', (c) => c.references('disclosures.id'))
        .addColumn('closed_on', 'text')
        .addColumn('close_reason', 'text')
        .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text')
        .addColumn('published_by', 'integer', (c) => c.references('users.id'))
        .addUniqueConstraint('blacklist_entries_decision', ['subject_key', 'decision_no'])
        .execute();
      await db.schema.createIndex('blacklist_entries_status_end').on('blacklist_entries').columns(['status', 'end_date']).execute();
      await db.schema.createIndex('blacklist_entries_credit').on('blacklist_entries').column('credit_code').execute();
      await db.schema.createIndex('blacklist_entries_name_key').on('blacklist_entries').column('name_key').execute();
      await db.schema.createIndex('blacklist_entries_dept').on('blacklist_entries').columns(['department_id', 'status']).execute();

      await withId(db.schema.createTable('blacklist_documents'))
        .addColumn('entry_id', 'integer', (c) => c.notNull().references('blacklist_entries.id'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('decision','repair','revoke')`))
        .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
        .execute();
      await db.schema.createIndex('blacklist_documents_e').on('blacklist_documents').column('entry_id').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('blacklist_documents').execute();
      await db.schema.dropTable('blacklist_entries').execute();
    },
  };
}
