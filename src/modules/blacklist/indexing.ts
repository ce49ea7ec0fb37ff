// The 黑名单 in the search index (issue 5: full-text search over “published disclosures, projects
// and blacklist entries”). context.ts registers the hook on BlacklistService.hooks, so every
// public change (publish, repair, revoke, expire) rewrites the entry's document in the same
// transaction, and the source on SearchService.sources, so `gongkai search reindex` rebuilds it.
// Documents are built from the public view only (search/documents.ts blacklistDoc).
import { blacklistDoc } from '../search/documents.ts';
import type { ReindexSource, SearchService } from '../search/service.ts';
import type { BlacklistHook, BlacklistService } from './service.ts';

export function blacklistSearchHook(search: Pick<SearchService, 'indexDocument'>, sectorName: (code: string) => string): BlacklistHook {
  return (trx, c) => search.indexDocument(trx, blacklistDoc(c.entry, { sectorName: sectorName(c.entry.sector), updatedAt: c.at }));
}

export function blacklistReindexSource(blacklist: Pick<BlacklistService, 'publicViewsAfter'>, sectorName: (code: string) => string): ReindexSource {
  return {
    kind: 'blacklist',
    page: async (ex, after, limit) => (await blacklist.publicViewsAfter(ex, after, limit)).map((v) => blacklistDoc(v.entry, { sectorName: sectorName(v.entry.sector), updatedAt: v.updatedAt })),
  };
}
