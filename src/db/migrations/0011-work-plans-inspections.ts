// FROZEN once landed: work plans (工作方案) and inspections (督查检查), issue 8 items 4 and 5.
// Never edit; add a new migration instead.
//
// - work_plan_rounds: the office opens a round per year with a due date (the 2018 plan: 30 August).
// - work_plans: one department's plan in a round; `state` is a cache of the fold of its events
//   (entity 'work_plan', modules/work-plans/state.ts). `tasks` is JSON (section 二, per category).
// - inspections: a scheduled or unannounced check of one department by the office.
// - inspection_findings: its findings with evidence links, an optional attachment (blob store),
//   rectification deadline and status (cache of the 'inspection_finding' events).
// - inspection_answers: every answer the department gave to a finding, dated (a reopened finding
//   is answered again; earlier answers stay).
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../../config.ts';

export function m0011WorkPlansInspections(dialect: DialectName): Migration {
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    dialect === 'postgres'
      ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('work_plan_rounds'))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('work_plan_rounds_year').on('work_plan_rounds').column('year').execute();

      await withId(db.schema.createTable('work_plans'))
        .addColumn('round_id', 'integer', (c) => c.notNull().references('work_plan_rounds.id'))
        .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft','submitted','returned','filed','published')`))
        .addColumn('status_goals', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('tasks', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('organisation', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('first_submitted_at', 'text')
        .addColumn('submitted_at', 'text')
        .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('returned_reason', 'text')
        .addColumn('filed_at', 'text')
        .addColumn('filed_by', 'integer', (c) => c.references('users.id'))
        .addColumn('published_at', 'text')
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('work_plans_round_department', ['round_id', 'department_id'])
        .execute();
      await db.schema.createIndex('work_plans_department').on('work_plans').columns(['department_id', 'state']).execute();

      await withId(db.schema.createTable('inspections'))
        .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('scheduled','unannounced')`))
        .addColumn('scope', 'text', (c) => c.notNull()) // JSON string[]
        .addColumn('inspection_date', 'text', (c) => c.notNull())
        .addColumn('inspectors', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('inspections_department_date').on('inspections').columns(['department_id', 'inspection_date']).execute();

      await withId(db.schema.createTable('inspection_findings'))
        .addColumn('inspection_id', 'integer', (c) => c.notNull().references('inspections.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('[]')) // JSON string[] of http(s) URLs
        .addColumn('attachment_sha256', 'text', (c) => c.references('blobs.sha256'))
        .addColumn('attachment_filename', 'text')
        .addColumn('deadline', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open','answered','closed')`))
        .addColumn('closed_date', 'text')
        .addColumn('closed_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('inspection_findings_seq', ['inspection_id', 'seq'])
        .execute();
      await db.schema.createIndex('inspection_findings_status').on('inspection_findings').columns(['status', 'deadline']).execute();

      await withId(db.schema.createTable('inspection_answers'))
        .addColumn('finding_id', 'integer', (c) => c.notNull().references('inspection_findings.id'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('answer_date', 'text', (c) => c.notNull())
        .addColumn('answered_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('inspection_answers_finding').on('inspection_answers').columns(['finding_id', 'id']).execute();
    },
    async down() {
      throw new Error('Migration 0011 cannot be reverted.');
    },
  };
}
