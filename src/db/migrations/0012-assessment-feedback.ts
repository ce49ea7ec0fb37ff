// FROZEN once landed: assessment (考核) and public feedback (留言/异议), issue 8 items 6 and 7.
// Never edit; add a new migration instead.
//
// - assessments: one scoring scheme for one period (name, year, items as JSON, commendation and
//   criticism rules), draft until published. Items: code, name, max points, kind
//   (automatic | manual) and for automatic items the measure and its mapping to points.
// - assessment_scores: points entered by the office for a manual item (or imported from a
//   third-party evaluation), per department; hundredths of a point as integers (exact on both
//   dialects, ADR 0003).
// - assessment_snapshots: every run's full breakdown (inputs, formula, points) as JSON; the
//   published assessment points at one snapshot, so later data never changes it.
// - feedback: a public question about a disclosure or project, routed to the responsible
//   department; contact details are never public; only a SHA-256 of the sender's IP is kept
//   (per-IP rate limit).
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../../config.ts';

export function m0012AssessmentFeedback(dialect: DialectName): Migration {
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    dialect === 'postgres'
      ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('assessments'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('period_from', 'text', (c) => c.notNull())
        .addColumn('period_to', 'text', (c) => c.notNull())
        .addColumn('items', 'text', (c) => c.notNull()) // JSON SchemeItem[]
        .addColumn('commend_top', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('commend_min_x100', 'integer')
        .addColumn('criticise_bottom', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('criticise_below_x100', 'integer')
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft','published')`))
        .addColumn('snapshot_id', 'integer')
        .addColumn('published_at', 'text')
        .addColumn('published_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('assessments_state_year').on('assessments').columns(['state', 'year']).execute();

      await withId(db.schema.createTable('assessment_scores'))
        .addColumn('assessment_id', 'integer', (c) => c.notNull().references('assessments.id'))
        .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
        .addColumn('item_code', 'text', (c) => c.notNull())
        .addColumn('points_x100', 'integer', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('manual','third_party')`))
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('entered_by', 'integer', (c) => c.references('users.id'))
        .addColumn('entered_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('assessment_scores_once', ['assessment_id', 'department_id', 'item_code'])
        .execute();

      await withId(db.schema.createTable('assessment_snapshots'))
        .addColumn('assessment_id', 'integer', (c) => c.notNull().references('assessments.id'))
        .addColumn('run_at', 'text', (c) => c.notNull())
        .addColumn('run_by', 'integer', (c) => c.references('users.id'))
        .addColumn('as_of', 'text', (c) => c.notNull())
        .addColumn('results', 'text', (c) => c.notNull()) // JSON AssessmentResult
        .execute();
      await db.schema.createIndex('assessment_snapshots_a').on('assessment_snapshots').columns(['assessment_id', 'id']).execute();

      await withId(db.schema.createTable('feedback'))
        .addColumn('target_kind', 'text', (c) => c.notNull().check(sql`target_kind in ('disclosure','project')`))
        .addColumn('target_id', 'integer', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
        .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('contact', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('wants_reply', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('public_requested', 'integer', (c) => c.notNull())
        .addColumn('staff_private', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('pending','answered')`))
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addColumn('submitted_date', 'text', (c) => c.notNull())
        .addColumn('reply_days', 'integer', (c) => c.notNull())
        .addColumn('due_date', 'text') // null: beyond the known official calendar
        .addColumn('answer', 'text')
        .addColumn('answered_at', 'text')
        .addColumn('answered_date', 'text')
        .addColumn('answered_by', 'integer', (c) => c.references('users.id'))
        .addColumn('ip_hash', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('feedback_target').on('feedback').columns(['target_kind', 'target_id', 'state']).execute();
      await db.schema.createIndex('feedback_dept_state').on('feedback').columns(['department_id', 'state', 'submitted_date']).execute();
      await db.schema.createIndex('feedback_ip').on('feedback').columns(['ip_hash', 'submitted_at']).execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['feedback', 'assessment_snapshots', 'assessment_scores', 'assessments']) await db.schema.dropTable(t).execute();
    },
  };
}
