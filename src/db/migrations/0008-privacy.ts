// FROZEN once landed: the privacy and secrecy guard (issue 6). Never edit; add a new migration.
//
// - privacy_blob_scans: one scan per stored file (blobs are content-addressed and immutable, so a
//   file is scanned once however many disclosures attach it). Findings hold masked previews and
//   fingerprints only, never the raw value. An XLSX with findings gets a masked rendition here.
// - attachment_renditions: redacted renditions a reviewer uploaded for a PDF/DOCX attachment; the
//   latest one not superseded is what the public gets, the original stays internal.
// - privacy_findings: the findings of a disclosure's working copy, recomputed on every save
//   (open / masked / kept with a legal basis).
// - privacy_decisions: "keep with basis" decisions by value fingerprint, so they survive edits.
// - confidentiality_reviews: the 保密审查 checklist recorded with each approval.
// - privacy_sweeps / privacy_sweep_hits: scans of everything already published.
import type { CreateTableBuilder, Kysely, Migration } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../../config.ts';

export function m0008Privacy(dialect: DialectName): Migration {
  const withId = <T extends string>(t: CreateTableBuilder<T, never>) =>
    dialect === 'postgres'
      ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
      : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());

  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('privacy_blob_scans')
        .addColumn('sha256', 'text', (c) => c.primaryKey().references('blobs.sha256'))
        .addColumn('scanner', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('text','no_text','image','unreadable')`))
        .addColumn('message', 'text')
        .addColumn('findings', 'text', (c) => c.notNull())
        .addColumn('masked_sha256', 'text', (c) => c.references('blobs.sha256'))
        .addColumn('pages', 'integer')
        .addColumn('chars', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('ms', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('scanned_at', 'text', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('attachment_renditions'))
        .addColumn('attachment_id', 'integer', (c) => c.notNull().references('disclosure_attachments.id'))
        .addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256'))
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('redacted')`))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('superseded_at', 'text')
        .execute();
      await db.schema.createIndex('attachment_renditions_a').on('attachment_renditions').column('attachment_id').execute();

      await withId(db.schema.createTable('privacy_findings'))
        .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosures.id'))
        .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('title','body','field','attachment')`))
        .addColumn('attachment_id', 'integer', (c) => c.references('disclosure_attachments.id'))
        .addColumn('path', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('confidence', 'real', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('preview', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open','masked','kept')`))
        .addColumn('resolution', 'text')
        .addColumn('basis', 'text')
        .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
        .addColumn('decided_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('privacy_findings_d').on('privacy_findings').columns(['disclosure_id', 'status']).execute();

      await withId(db.schema.createTable('privacy_decisions'))
        .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosures.id'))
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('basis', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('decided_by', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('privacy_decisions_d').on('privacy_decisions').columns(['disclosure_id', 'fingerprint']).execute();

      await withId(db.schema.createTable('confidentiality_reviews'))
        .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosures.id'))
        .addColumn('reviewer_id', 'integer', (c) => c.notNull().references('users.id'))
        .addColumn('reviewer_name', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('checklist', 'text', (c) => c.notNull())
        .addColumn('findings', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.createIndex('confidentiality_reviews_d').on('confidentiality_reviews').column('disclosure_id').execute();

      await withId(db.schema.createTable('privacy_sweeps'))
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('started_by', 'integer', (c) => c.references('users.id'))
        .addColumn('via', 'text', (c) => c.notNull().check(sql`via in ('console','cli')`))
        .addColumn('disclosures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('attachments', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await withId(db.schema.createTable('privacy_sweep_hits'))
        .addColumn('sweep_id', 'integer', (c) => c.notNull().references('privacy_sweeps.id'))
        .addColumn('disclosure_id', 'integer', (c) => c.notNull().references('disclosures.id'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('confidence', 'real', (c) => c.notNull())
        .addColumn('preview', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('privacy_sweep_hits_s').on('privacy_sweep_hits').columns(['sweep_id', 'disclosure_id']).execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['privacy_sweep_hits', 'privacy_sweeps', 'confidentiality_reviews', 'privacy_decisions', 'privacy_findings', 'attachment_renditions', 'privacy_blob_scans']) {
        await db.schema.dropTable(t).execute();
      }
    },
  };
}
