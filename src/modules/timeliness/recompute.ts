// Recomputes every open deadline after the calendar changed: unpublished disclosures (and
// corrections being drafted), open obligations, and items whose due date was "calendar unknown".
// Runs inside the caller's transaction; each moved due date is written to deadline_changes.
import type { Executor, Trx } from '../../db/index.ts';
import type { DueComputer } from '../disclosures/service.ts';
import * as repo from './repository-calendar.ts';

export interface RecomputeCounts {
  /** Rows looked at. */
  checked: number;
  /** Rows whose due date changed (including the two kinds below). */
  changed: number;
  /** Was "calendar unknown", now has a due date. */
  resolved: number;
  /** Had a due date, now "calendar unknown" (a year's notice was replaced by a shorter one). */
  becameUnknown: number;
}

export interface RecomputeSummary {
  disclosures: RecomputeCounts;
  obligations: RecomputeCounts;
}

const PAGE = 10_000;

function empty(): RecomputeCounts {
  return { checked: 0, changed: 0, resolved: 0, becameUnknown: 0 };
}

async function recomputeTable(
  db: Executor,
  table: 'disclosures' | 'obligations',
  due: DueComputer,
  write: { trx: Trx; importId: number } | null,
  onProgress?: (checked: number) => void,
): Promise<RecomputeCounts> {
  const counts = empty();
  const list = table === 'disclosures' ? repo.openDisclosureDeadlines : repo.openObligationDeadlines;
  let after = 0;
  for (;;) {
    const rows = await list(db, after, PAGE);
    if (!rows.length) break;
    const changes: { id: number; from: string | null; to: string | null }[] = [];
    for (const r of rows) {
      if (!r.due_rule) continue;
      const next = due(r.due_rule, r.formed_date).dueDate;
      if (next === r.due_date) continue;
      changes.push({ id: r.id, from: r.due_date, to: next });
      if (r.due_date === null) counts.resolved++;
      if (next === null) counts.becameUnknown++;
    }
    counts.checked += rows.length;
    counts.changed += changes.length;
    if (write && changes.length) {
      await repo.updateDueDates(write.trx, table, changes.map((c) => ({ id: c.id, due: c.to })));
      await repo.insertDeadlineChanges(write.trx, write.importId, table === 'disclosures' ? 'disclosure' : 'obligation', changes);
    }
    after = rows[rows.length - 1]!.id;
    onProgress?.(counts.checked);
    if (rows.length < PAGE) break;
  }
  return counts;
}

/**
 * With `write`, updates the rows in that transaction and records each change against the import;
 * without it, only counts what would change (the console's preview).
 */
export async function recomputeOpenDeadlines(
  db: Executor,
  due: DueComputer,
  write: { trx: Trx; importId: number } | null,
  onProgress?: (checked: number) => void,
): Promise<RecomputeSummary> {
  const disclosures = await recomputeTable(write?.trx ?? db, 'disclosures', due, write, onProgress);
  const obligations = await recomputeTable(write?.trx ?? db, 'obligations', due, write, onProgress);
  return { disclosures, obligations };
}
