// "Only one instance runs a job at a time."
// - PostgreSQL: a session advisory lock (pg_try_advisory_lock) held on one pooled connection for
//   the whole run; keyed by schema and job name, so schemas sharing a server do not contend. If
//   the instance dies, PostgreSQL drops the session and with it the lock.
// - SQLite: the database is one file used by one process, but the same guard is kept portable as
//   a lease row: a single atomic UPDATE takes the lease only if it is free or expired, so two
//   runners in one process (or two processes on one file) still never overlap.
import { sql } from 'kysely';
import type { DialectName } from '../config.ts';
import type { Db } from '../db/index.ts';

export type Locked<T> = { acquired: true; value: T } | { acquired: false };

export async function withJobLock<T>(db: Db, dialect: DialectName, job: string, instance: string, leaseMs: number, fn: () => Promise<T>): Promise<Locked<T>> {
  if (dialect === 'postgres') {
    return db.connection().execute(async (conn) => {
      const key = sql`hashtext(current_schema() || ':job:' || ${job})`;
      const r = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${key}) as ok`.execute(conn);
      if (!r.rows[0]?.ok) return { acquired: false } as const;
      try {
        return { acquired: true, value: await fn() } as const;
      } finally {
        await sql`select pg_advisory_unlock(${key})`.execute(conn);
      }
    });
  }
  const now = new Date();
  await db.insertInto('jobs').values({ name: job, locked_by: null, locked_until: null, last_started_at: null, last_finished_at: null, last_status: null }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const r = await db
    .updateTable('jobs')
    .set({ locked_by: instance, locked_until: new Date(now.getTime() + leaseMs).toISOString() })
    .where('name', '=', job)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now.toISOString())]))
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return { acquired: false };
  try {
    return { acquired: true, value: await fn() };
  } finally {
    await db.updateTable('jobs').set({ locked_by: null, locked_until: null }).where('name', '=', job).where('locked_by', '=', instance).execute();
  }
}
