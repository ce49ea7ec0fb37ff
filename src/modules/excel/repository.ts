// The one query the Excel export needs beyond the public list: the published Markdown body of
// each disclosure's current version (so an exported file round-trips into the template).
import type { Executor } from '../../db/index.ts';

export async function currentBodies(db: Executor, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom('disclosures as d')
    .innerJoin('disclosure_versions as v', (j) => j.onRef('v.disclosure_id', '=', 'd.id').onRef('v.version', '=', 'd.version'))
    .select(['d.id', 'v.body'])
    .where('d.id', 'in', ids)
    .where('d.state', '!=', 'withdrawn')
    .execute();
  return new Map(rows.map((r) => [r.id, r.body]));
}
