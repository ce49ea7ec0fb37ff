// SQL of the scheduler: one row per job (last run, lease on SQLite) and one row per run.
import type { Executor } from '../db/index.ts';

export async function ensureJob(db: Executor, name: string): Promise<void> {
  await db.insertInto('jobs').values({ name, locked_by: null, locked_until: null, last_started_at: null, last_finished_at: null, last_status: null }).onConflict((oc) => oc.column('name').doNothing()).execute();
}

export function findJob(db: Executor, name: string) {
  return db.selectFrom('jobs').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function startRun(db: Executor, job: string, instance: string, at: string): Promise<number> {
  await db.updateTable('jobs').set({ last_started_at: at }).where('name', '=', job).execute();
  const row = await db.insertInto('job_runs').values({ job, instance, started_at: at, finished_at: null, status: 'running', summary: null, error: null }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function finishRun(db: Executor, id: number, job: string, r: { at: string; status: 'ok' | 'failed'; summary: unknown; error: string | null }): Promise<void> {
  await db.updateTable('job_runs').set({ finished_at: r.at, status: r.status, summary: r.summary === undefined ? null : JSON.stringify(r.summary), error: r.error }).where('id', '=', id).execute();
  await db.updateTable('jobs').set({ last_finished_at: r.at, last_status: r.status }).where('name', '=', job).execute();
}

export function listRuns(db: Executor, job: string, limit: number) {
  return db.selectFrom('job_runs').selectAll().where('job', '=', job).orderBy('id', 'desc').limit(limit).execute();
}
