// FROZEN once landed: timeliness (issue 3). Never edit; add a new migration instead.
//
// - calendar_entries: the official working-day calendar (holidays and 调休 make-up working days) in
//   the database, so the office can import next year's State Council notice without a release.
//   Seeded from the bundled CSV at start (modules/timeliness/calendar-service.ts), not here: a
//   migration must not depend on a data file that later releases may change.
// - calendar_imports + deadline_changes: every calendar change and each due date it moved.
// - obligations: information that has formed but is not yet published (信息已形成但尚未公开).
// - reminders: each reminder sent, unique per subject × kind × due date, so none is sent twice.
// - jobs + job_runs: the scheduler's lease per job and a record of what each run did.
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../../config.ts';

export function m0003Timeliness(dialect: DialectName): Migration {
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    dialect === 'postgres'
      ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('calendar_imports'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
        .addColumn('via', 'text', (c) => c.notNull().check(sql`via in ('bundled','console','cli')`))
        .addColumn('filename', 'text')
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('notice_years', 'text', (c) => c.notNull()) // JSON number[]
        .addColumn('entries_added', 'integer', (c) => c.notNull())
        .addColumn('entries_removed', 'integer', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull()) // JSON RecomputeSummary
        .execute();

      await db.schema
        .createTable('calendar_entries')
        .addColumn('date', 'text', (c) => c.primaryKey())
        .addColumn('weekday', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('holiday','workday')`))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('notice_year', 'integer', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('import_id', 'integer', (c) => c.references('calendar_imports.id'))
        .execute();
      await db.schema.createIndex('calendar_entries_year').on('calendar_entries').column('notice_year').execute();

      await withId(db.schema.createTable('deadline_changes'))
        .addColumn('import_id', 'integer', (c) => c.notNull().references('calendar_imports.id'))
        .addColumn('subject', 'text', (c) => c.notNull().check(sql`subject in ('disclosure','obligation')`))
        .addColumn('subject_id', 'integer', (c) => c.notNull())
        .addColumn('old_due', 'text')
        .addColumn('new_due', 'text')
        .execute();
      await db.schema.createIndex('deadline_changes_subject').on('deadline_changes').columns(['subject', 'subject_id']).execute();

      await withId(db.schema.createTable('obligations'))
        .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
        .addColumn('item_type_id', 'integer', (c) => c.notNull().references('item_types.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('formed_date', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('due_date', 'text')
        .addColumn('due_rule', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('open','fulfilled','cancelled')`))
        .addColumn('disclosure_id', 'integer', (c) => c.references('disclosures.id'))
        .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('fulfilled_at', 'text')
        .addColumn('cancel_reason', 'text')
        .execute();
      await db.schema.createIndex('obligations_dept_state').on('obligations').columns(['department_id', 'state', 'due_date']).execute();
      await db.schema.createIndex('obligations_state_due').on('obligations').columns(['state', 'due_date']).execute();
      await db.schema.createIndex('obligations_disclosure').on('obligations').column('disclosure_id').execute();

      // Open deadlines are looked up by due date (dashboard, reminders, recompute after an import).
      await db.schema.createIndex('disclosures_state_due').on('disclosures').columns(['state', 'due_date']).execute();

      await withId(db.schema.createTable('reminders'))
        .addColumn('subject', 'text', (c) => c.notNull().check(sql`subject in ('disclosure','obligation')`))
        .addColumn('subject_id', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('due_soon','overdue')`))
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending','sent','failed','logged','no_recipients')`))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('recipients', 'text', (c) => c.notNull().defaultTo('[]')) // JSON string[]
        .addColumn('subject_line', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .addColumn('error', 'text')
        // The guarantee "never sent twice" lives in the database, not in the job's memory.
        .addUniqueConstraint('reminders_once', ['subject', 'subject_id', 'kind', 'due_date'])
        .execute();
      await db.schema.createIndex('reminders_dept_created').on('reminders').columns(['department_id', 'created_at']).execute();

      await db.schema
        .createTable('jobs')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('locked_by', 'text')
        .addColumn('locked_until', 'text')
        .addColumn('last_started_at', 'text')
        .addColumn('last_finished_at', 'text')
        .addColumn('last_status', 'text')
        .execute();

      await withId(db.schema.createTable('job_runs'))
        .addColumn('job', 'text', (c) => c.notNull())
        .addColumn('instance', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running','ok','failed')`))
        .addColumn('summary', 'text') // JSON
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('job_runs_job').on('job_runs').columns(['job', 'id']).execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['job_runs', 'jobs', 'reminders', 'obligations', 'deadline_changes', 'calendar_entries', 'calendar_imports']) {
        await db.schema.dropTable(t).ifExists().execute();
      }
      await db.schema.dropIndex('disclosures_state_due').ifExists().execute();
    },
  };
}
