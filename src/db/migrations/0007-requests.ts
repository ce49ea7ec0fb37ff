// FROZEN once landed: disclosure requests (依申请公开) and annual reports (issue 7). Never edit;
// add a new migration instead.
//
// - requests: one row per request; state, due date and outcome are a cache of the fold of its
//   events (entity 'request' in the append-only events table, see modules/requests/clock.ts).
//   Only the SHA-256 of the tracking code is kept.
// - request_answers: the department's answer (draft until sent), with the privacy scan result.
// - request_files: files delivered with an answer, the generated answer letter, scans of paper
//   requests; content in the blob store.
// - request_attempts: filing and tracking attempts per IP (rate limits that hold across instances).
// - request_reminders: each deadline reminder once (unique subject × kind × due date).
// - review_cases: 行政复议 / 行政诉讼 records per department and year (annual report table 4).
// - annual_reports: a department's (or the district's) report per year: what the department wrote,
//   and on publication the frozen figures and the DOCX.
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../../config.ts';

export function m0007Requests(dialect: DialectName): Migration {
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    dialect === 'postgres'
      ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('requests'))
        .addColumn('ref_no', 'text', (c) => c.notNull().unique())
        .addColumn('code_hash', 'text', (c) => c.notNull().unique())
        .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
        .addColumn('applicant_kind', 'text', (c) => c.notNull().check(sql`applicant_kind in ('natural','business','research','nonprofit','legal','other')`))
        .addColumn('applicant_name', 'text', (c) => c.notNull())
        .addColumn('id_type', 'text', (c) => c.notNull())
        .addColumn('id_number', 'text', (c) => c.notNull())
        .addColumn('contact_person', 'text')
        .addColumn('phone', 'text')
        .addColumn('email', 'text')
        .addColumn('address', 'text')
        .addColumn('postcode', 'text')
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('delivery_form', 'text', (c) => c.notNull().check(sql`delivery_form in ('electronic','paper')`))
        .addColumn('delivery_method', 'text', (c) => c.notNull().check(sql`delivery_method in ('email','post','pickup','online')`))
        .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('online','in_person','mail_signed','mail_plain','fax','email')`))
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addColumn('submitted_date', 'text', (c) => c.notNull())
        .addColumn('received_date', 'text')
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('submitted','in_progress','clarification','consulting','fee_pending','answered','closed')`))
        .addColumn('due_date', 'text')
        .addColumn('due_status', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text')
        .addColumn('answer_type', 'text')
        .addColumn('closed_date', 'text')
        .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('fee_paid_fen', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('fee_paid_date', 'text')
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('requests_dept_state').on('requests').columns(['department_id', 'state', 'due_date']).execute();
      await db.schema.createIndex('requests_state_due').on('requests').columns(['state', 'due_date']).execute();
      await db.schema.createIndex('requests_received').on('requests').columns(['department_id', 'received_date']).execute();
      await db.schema.createIndex('requests_closed').on('requests').columns(['department_id', 'closed_date']).execute();
      await db.schema.createIndex('requests_applicant').on('requests').columns(['id_number', 'submitted_date']).execute();

      await withId(db.schema.createTable('request_answers'))
        .addColumn('request_id', 'integer', (c) => c.notNull().unique().references('requests.id'))
        .addColumn('answer_type', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('where_text', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('agency_text', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft','sent')`))
        .addColumn('privacy', 'text', (c) => c.notNull().defaultTo('{}')) // JSON PrivacyReport
        .addColumn('letter_sha256', 'text')
        .addColumn('sent_date', 'text')
        .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('request_files'))
        .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id'))
        .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('answer','letter','incoming')`))
        .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('scan', 'text', (c) => c.notNull().defaultTo('{}')) // JSON FileScan
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .addColumn('removed_at', 'text')
        .execute();
      await db.schema.createIndex('request_files_request').on('request_files').columns(['request_id', 'purpose']).execute();

      await withId(db.schema.createTable('request_attempts'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('file','track')`))
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('success', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('request_attempts_ip').on('request_attempts').columns(['kind', 'ip', 'at']).execute();
      await db.schema.createIndex('request_attempts_key').on('request_attempts').columns(['kind', 'key_hash', 'at']).execute();

      await withId(db.schema.createTable('request_reminders'))
        .addColumn('request_id', 'integer', (c) => c.notNull().references('requests.id'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('due_soon','overdue')`))
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending','sent','failed','logged','no_recipients')`))
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('recipients', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('subject_line', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .addColumn('error', 'text')
        .addUniqueConstraint('request_reminders_once', ['request_id', 'kind', 'due_date'])
        .execute();

      await withId(db.schema.createTable('review_cases'))
        .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('reconsideration','litigation_direct','litigation_after')`))
        .addColumn('result', 'text', (c) => c.notNull().check(sql`result in ('upheld','corrected','other','pending')`))
        .addColumn('case_no', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('request_ref', 'text')
        .addColumn('filed_date', 'text')
        .addColumn('decided_date', 'text')
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('voided_at', 'text')
        .addColumn('void_reason', 'text')
        .execute();
      await db.schema.createIndex('review_cases_dept_year').on('review_cases').columns(['department_id', 'year']).execute();

      await withId(db.schema.createTable('annual_reports'))
        .addColumn('scope', 'text', (c) => c.notNull()) // department code, or '_district'
        .addColumn('department_id', 'integer', (c) => c.references('departments.id'))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('gov','progress')`))
        .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft','published')`))
        .addColumn('inputs', 'text', (c) => c.notNull().defaultTo('{}')) // JSON ReportInputs
        .addColumn('snapshot', 'text') // JSON of the published report
        .addColumn('docx_sha256', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('published_at', 'text')
        .addColumn('published_by', 'integer', (c) => c.references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
        .addUniqueConstraint('annual_reports_once', ['scope', 'year', 'kind'])
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['annual_reports', 'review_cases', 'request_reminders', 'request_attempts', 'request_files', 'request_answers', 'requests']) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  };
}
