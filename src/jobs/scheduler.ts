// A small scheduler: jobs declare a name and an interval; each run of an exclusive job is recorded
// in job_runs with what it did. Safe to run twice: a job runs only when its interval has passed
// since the last finished run (checked while holding the lock), and the jobs themselves are
// idempotent. With several instances on PostgreSQL only one runs a given job at a time (lock.ts).
import crypto from 'node:crypto';
import os from 'node:os';
import type { DialectName } from '../config.ts';
import type { Db } from '../db/index.ts';
import { withJobLock } from './lock.ts';
import * as repo from './repository.ts';

export interface Job {
  name: string;
  intervalMs: number;
  /**
   * Exclusive jobs (the default) run on one instance at a time and are recorded. Non-exclusive
   * ones are per-process housekeeping (e.g. reloading a calendar another instance changed): they
   * run in every instance, unlocked and unrecorded.
   */
  exclusive?: boolean;
  run(now: Date): Promise<Record<string, unknown>>;
}

export type RunOutcome =
  | { status: 'ran'; runId: number; summary: Record<string, unknown> }
  | { status: 'failed'; runId: number; error: string }
  | { status: 'skipped' } // another runner holds the lock
  | { status: 'not_due'; lastFinishedAt: string };

export class Scheduler {
  readonly instance: string;
  #timer: NodeJS.Timeout | null = null;
  #running = new Set<Promise<unknown>>();
  #inFlight = new Set<string>();
  #localLast = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
    readonly jobs: readonly Job[],
    private readonly opts: { instance?: string; leaseMs?: number; log?: (msg: string) => void } = {},
  ) {
    this.instance = opts.instance ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  }

  #job(name: string): Job {
    const j = this.jobs.find((x) => x.name === name);
    if (!j) throw new Error(`unknown job: ${name}`);
    return j;
  }

  /** Runs one job now if it is due (or `force`), unless another runner holds it. */
  async runOnce(name: string, o: { now?: Date; force?: boolean } = {}): Promise<RunOutcome> {
    const job = this.#job(name);
    const now = o.now ?? new Date();
    if (job.exclusive === false) {
      const last = this.#localLast.get(job.name);
      if (!o.force && last !== undefined && last + job.intervalMs > now.getTime()) return { status: 'not_due', lastFinishedAt: new Date(last).toISOString() };
      const summary = await job.run(now);
      this.#localLast.set(job.name, now.getTime());
      return { status: 'ran', runId: 0, summary };
    }
    await repo.ensureJob(this.db, job.name);
    const leaseMs = this.opts.leaseMs ?? Math.max(10 * 60_000, job.intervalMs);
    const r = await withJobLock(this.db, this.dialect, job.name, this.instance, leaseMs, async (): Promise<RunOutcome> => {
      const row = await repo.findJob(this.db, job.name);
      const last = row?.last_finished_at;
      if (!o.force && last && Date.parse(last) + job.intervalMs > now.getTime()) return { status: 'not_due', lastFinishedAt: last };
      const runId = await repo.startRun(this.db, job.name, this.instance, new Date().toISOString());
      try {
        const summary = await job.run(now);
        await repo.finishRun(this.db, runId, job.name, { at: new Date().toISOString(), status: 'ok', summary, error: null });
        return { status: 'ran', runId, summary };
      } catch (e) {
        const error = String((e as Error)?.stack ?? e).slice(0, 2000);
        await repo.finishRun(this.db, runId, job.name, { at: new Date().toISOString(), status: 'failed', summary: null, error });
        this.opts.log?.(`job ${job.name} failed: ${error}`);
        return { status: 'failed', runId, error };
      }
    });
    return r.acquired ? r.value : { status: 'skipped' };
  }

  /** Checks every job each `tickMs` and runs the due ones; the timer does not keep the process alive. */
  start(tickMs = 30_000): void {
    if (this.#timer) return;
    const tick = () => {
      for (const j of this.jobs) {
        // A slow run is not started again by the next tick of the same process.
        if (this.#inFlight.has(j.name)) continue;
        this.#inFlight.add(j.name);
        const p: Promise<unknown> = this.runOnce(j.name)
          .catch((e: unknown) => this.opts.log?.(`job ${j.name}: ${String(e)}`))
          .finally(() => {
            this.#inFlight.delete(j.name);
            this.#running.delete(p);
          });
        this.#running.add(p);
      }
    };
    this.#timer = setInterval(tick, tickMs);
    this.#timer.unref();
    setImmediate(tick);
  }

  /** Stops the timer and waits for runs in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await Promise.allSettled([...this.#running]);
  }

  history(name: string, limit = 20) {
    return repo.listRuns(this.db, name, limit);
  }
}
