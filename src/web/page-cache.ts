// The public page cache (docs/adr/0008-public-page-cache.md): rendered public responses kept in
// memory and served again, byte for byte, until anything public changes.
//
// - Opt-in per route: `app.get(url, { config: { pageCache: true } }, handler)`.
// - Only anonymous GETs: no signed-in principal, no Authorization or X-API-Key header. Staff see
//   their own name, CSRF token and sometimes unpublished state; they never read or fill the cache.
// - Valid only for the generation it was rendered under: the public generation (content generation
//   + search index version, raised in the transaction of every public change) is read in the
//   preHandler BEFORE rendering and stored with the response, so an entry can only be labelled older
//   than its data, never newer: after a commit, the next request of every process misses.
// - Keyed by method, full URL, the Accept class (html/json) and the China calendar date (pages show
//   due/overdue state that changes at midnight without any write).
// - The onRequest hooks (session, the anonymous CSRF cookie, per-IP rate limits) and the other
//   onSend hooks (security headers, CORS) run on hits too: only the handler is skipped.
// - A public page's forms carry the visitor's anonymous CSRF token: the stored body has it cut out
//   and every hit gets the current visitor's own token put back.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Serve anonymous GETs of this route from the public page cache (src/web/page-cache.ts). */
    pageCache?: boolean;
  }
  interface FastifyRequest {
    pageCacheSlot: PageCacheSlot | null;
  }
  interface FastifyInstance {
    pageCache: PageCache | null;
  }
}

interface PageCacheSlot {
  key: string;
  generation: number;
}

export interface CachedResponse {
  generation: number;
  /** The body cut at every occurrence of the storing visitor's CSRF token (one part if none). */
  parts: Buffer[];
  headers: [string, string][];
  bytes: number;
}

/** Headers a handler sets that describe the content; everything else is set again by hooks. */
const CONTENT_HEADERS = ['content-type', 'cache-control', 'content-disposition', 'content-language', 'etag', 'last-modified', 'link', 'x-robots-tag', 'access-control-allow-origin'];

/** Rough per-entry bookkeeping (key, Map slot, arrays) added to the body bytes. */
const ENTRY_OVERHEAD = 256;

/** An LRU bounded by total bytes, of responses each valid for one public generation. */
export class PageCache {
  private readonly entries = new Map<string, CachedResponse>();
  private total = 0;
  hits = 0;
  misses = 0;
  evictions = 0;

  constructor(readonly maxBytes: number) {}

  get(key: string, generation: number): CachedResponse | undefined {
    const e = this.entries.get(key);
    if (!e || e.generation !== generation) {
      if (e) this.remove(key, e);
      this.misses++;
      return undefined;
    }
    // Re-insert: a Map iterates in insertion order, so the first key is always the least recent.
    this.entries.delete(key);
    this.entries.set(key, e);
    this.hits++;
    return e;
  }

  set(key: string, value: Omit<CachedResponse, 'bytes'>): boolean {
    const bytes = value.parts.reduce((n, p) => n + p.length, 0) + key.length * 2 + ENTRY_OVERHEAD;
    const old = this.entries.get(key);
    // A slower render of an older generation must not replace what a newer one stored.
    if (old && old.generation > value.generation) return false;
    if (old) this.remove(key, old);
    if (bytes > this.maxBytes) return false;
    this.entries.set(key, { ...value, bytes });
    this.total += bytes;
    while (this.total > this.maxBytes) {
      const [k, e] = this.entries.entries().next().value!;
      this.remove(k, e);
      this.evictions++;
    }
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.total;
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }

  private remove(key: string, e: CachedResponse): void {
    this.entries.delete(key);
    this.total -= e.bytes;
  }
}

/** Cuts `body` at every occurrence of `token` (the token itself is dropped). */
export function cutToken(body: Buffer, token: string | null): Buffer[] {
  if (!token) return [body];
  const t = Buffer.from(token);
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = body.indexOf(t); at !== -1; at = body.indexOf(t, from)) {
    parts.push(body.subarray(from, at));
    from = at + t.length;
  }
  if (parts.length === 0) return [body];
  parts.push(body.subarray(from));
  // Own the bytes: the parts must not keep alive, or alias, the payload buffer Fastify writes.
  return parts.map((p) => Buffer.from(p));
}

/** The inverse of cutToken with the current visitor's token. */
export function joinToken(parts: readonly Buffer[], token: string): Buffer {
  if (parts.length === 1) return parts[0]!;
  const t = Buffer.from(token);
  const out: Buffer[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push(t);
    out.push(p);
  });
  return Buffer.concat(out);
}

/** China calendar date (UTC+8, no daylight saving) of `ms`. */
export function chinaDay(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

export function cacheKey(req: Pick<FastifyRequest, 'url' | 'headers'>, day: string): string {
  const accept = req.headers.accept;
  const cls = typeof accept === 'string' && accept.includes('json') ? 'json' : 'html';
  return `GET ${cls} ${day} ${req.url}`;
}

/** Anonymous: no session principal and no credentials of any kind on the request. */
export function isAnonymous(req: FastifyRequest): boolean {
  return req.principal === null && req.headers.authorization === undefined && req.headers['x-api-key'] === undefined;
}

/**
 * Shares one generation read among concurrent requests without ever giving a request a value read
 * before it arrived (which could predate a commit the visitor already saw, e.g. their own
 * publication): a caller joins a read only if it has not been issued yet. While one read is in
 * flight, every new caller waits for the single next read, issued when that one settles. Under load
 * (50 connections on PostgreSQL) this turns one round trip per request into two per round trip.
 */
export function coalescedReader(read: () => Promise<number>): () => Promise<number> {
  let inFlight: Promise<number> | null = null;
  let next: Promise<number> | null = null;
  const issue = (): Promise<number> => {
    const p = read();
    inFlight = p;
    const clear = () => {
      if (inFlight === p) inFlight = null;
    };
    p.then(clear, clear);
    return p;
  };
  return () => {
    if (!inFlight) return issue();
    if (!next) {
      const settled = inFlight.then(
        () => undefined,
        () => undefined,
      );
      next = settled.then(() => {
        next = null;
        return issue();
      });
    }
    return next;
  };
}

/**
 * Installs the cache's hooks on the root instance; call it BEFORE registering routes. With
 * maxBytes 0 nothing is installed (PAGE_CACHE_MB=0). `readGeneration` must read the committed public
 * generation from the database on every call (never a value remembered by this process).
 */
export function registerPageCache(app: FastifyInstance, opts: { maxBytes: number; readGeneration: () => Promise<number>; now?: () => number }): PageCache | null {
  const cache = opts.maxBytes > 0 ? new PageCache(opts.maxBytes) : null;
  app.decorate('pageCache', cache);
  if (!cache) return null;
  const now = opts.now ?? Date.now;
  const readGeneration = coalescedReader(opts.readGeneration);
  const HIT: PageCacheSlot = { key: '', generation: -1 };
  app.decorateRequest('pageCacheSlot', null);

  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.routeOptions.config.pageCache !== true || req.method !== 'GET') return;
    if (!isAnonymous(req)) {
      reply.header('x-cache', 'bypass');
      return;
    }
    const generation = await readGeneration();
    const key = cacheKey(req, chinaDay(now()));
    const e = cache.get(key, generation);
    const token = req.anonCsrf;
    if (e && (e.parts.length === 1 || token)) {
      req.pageCacheSlot = HIT;
      reply.code(200);
      for (const [k, v] of e.headers) reply.header(k, v);
      reply.header('x-cache', 'hit');
      return reply.send(joinToken(e.parts, token ?? ''));
    }
    req.pageCacheSlot = { key, generation };
    reply.header('x-cache', 'miss');
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const slot = req.pageCacheSlot;
    if (slot === null || slot === HIT) return payload;
    req.pageCacheSlot = null;
    if (reply.statusCode !== 200) return payload;
    let body: Buffer;
    if (typeof payload === 'string') body = Buffer.from(payload);
    else if (Buffer.isBuffer(payload)) body = payload;
    else return payload; // streams (files) are not cached
    const headers: [string, string][] = [];
    for (const name of CONTENT_HEADERS) {
      const v = reply.getHeader(name);
      if (typeof v === 'string' || typeof v === 'number') headers.push([name, String(v)]);
    }
    cache.set(slot.key, { generation: slot.generation, parts: cutToken(body, req.anonCsrf), headers });
    return payload;
  });
  return cache;
}
