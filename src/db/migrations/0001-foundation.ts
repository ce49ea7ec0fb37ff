// FROZEN: landed with the foundation. Never edit; add a new migration instead.
import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../../config.ts';

export function m0001Foundation(dialect: DialectName): Migration {
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    dialect === 'postgres'
      ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  return {
    async up(db: Kysely<any>) {
      await withId(db.schema.createTable('departments'))
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('short_name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('bureau','town','office')`))
        .addColumn('credit_code', 'text')
        .addColumn('parent_id', 'integer', (c) => c.references('departments.id'))
        .addColumn('address', 'text')
        .addColumn('phone', 'text')
        .addColumn('guide', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('users'))
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('memberships'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('editor','reviewer','office','admin')`))
        .addUniqueConstraint('memberships_unique', ['user_id', 'department_id', 'role'])
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

      await withId(db.schema.createTable('login_attempts'))
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('success', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_attempts_user_at').on('login_attempts').columns(['username', 'at']).execute();
      await db.schema.createIndex('login_attempts_ip_at').on('login_attempts').columns(['ip', 'at']).execute();

      await db.schema
        .createTable('sectors')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await withId(db.schema.createTable('item_types'))
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('sector', 'text', (c) => c.notNull().references('sectors.code'))
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('deadline_rule', 'text', (c) => c.notNull())
        .addColumn('min_duration_rule', 'text')
        .addColumn('legal_basis', 'text', (c) => c.notNull())
        .addColumn('channels', 'text', (c) => c.notNull())
        .addColumn('dual_publicity', 'text')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await withId(db.schema.createTable('catalogue_entries'))
        .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
        .addColumn('item_type_id', 'integer', (c) => c.notNull().references('item_types.id'))
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('time_limit', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('responsible_body', 'text', (c) => c.notNull())
        .addColumn('supervision_channel', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('catalogue_entries_unique', ['department_id', 'item_type_id'])
        .execute();

      await withId(db.schema.createTable('projects'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('ocid', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('sector', 'text', (c) => c.notNull().references('sectors.code'))
        .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
        .addColumn('investment_code', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('projects_code').on('projects').column('code').execute();

      await withId(db.schema.createTable('disclosures'))
        .addColumn('item_type_id', 'integer', (c) => c.notNull().references('item_types.id'))
        .addColumn('department_id', 'integer', (c) => c.notNull().references('departments.id'))
        .addColumn('project_id', 'integer', (c) => c.references('projects.id'))
        .addColumn('state', 'text', (c) =>
          c.notNull().check(sql`state in ('draft','submitted','returned','approved','published','withdrawn')`),
        )
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('formed_date', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text')
        .addColumn('due_rule', 'text')
        .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('first_published_at', 'text')
        .addColumn('last_published_at', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('pending_reason', 'text')
        .execute();
      await db.schema.createIndex('disclosures_state_pub').on('disclosures').columns(['state', 'last_published_at']).execute();
      await db.schema.createIndex('disclosures_dept_state').on('disclosures').columns(['department_id', 'state']).execute();
      await db.schema.createIndex('disclosures_item_type').on('disclosures').column('item_type_id').execute();
      await db.schema.createIndex('disclosures_project').on('disclosures').column('project_id').execute();

      await withId(db.schema.createTable('disclosure_versions'))
        .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosures.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull())
        .addColumn('formed_date', 'text', (c) => c.notNull())
        .addColumn('attachments', 'text', (c) => c.notNull())
        .addColumn('change_reason', 'text')
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('published_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('due_date', 'text')
        .addUniqueConstraint('disclosure_versions_unique', ['disclosure_id', 'version'])
        .execute();

      await db.schema
        .createTable('blobs')
        .addColumn('sha256', 'text', (c) => c.primaryKey())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('disclosure_attachments'))
        .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosures.id'))
        .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('removed_at', 'text')
        .execute();
      await db.schema.createIndex('disclosure_attachments_d').on('disclosure_attachments').column('disclosure_id').execute();

      await withId(db.schema.createTable('events'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'integer', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('data', 'text')
        .execute();
      await db.schema.createIndex('events_entity').on('events').columns(['entity', 'entity_id', 'id']).execute();

      // The event log is append-only: the database itself refuses UPDATE and DELETE.
      if (dialect === 'sqlite') {
        await sql`CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`.execute(db);
        await sql`CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END`.execute(db);
      } else {
        await sql`CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'events are append-only'; END $$`.execute(db);
        await sql`CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_append_only()`.execute(db);
      }
    },
    async down() {
      throw new Error('The foundation migration cannot be reverted.');
    },
  };
}
