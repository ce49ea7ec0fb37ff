// Small pure helpers of the OCDS mapping: dates with +08:00, CNY amounts, URLs, parties.
import crypto from 'node:crypto';

export type Json = Record<string, unknown>;

/** 2026-11-26T02:00:00.000Z → 2026-11-26T10:00:00+08:00 (China has no daylight saving time). */
export function chinaDateTime(iso: string): string {
  return `${new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

/** A China-local date (and optional “HH:MM”) as an OCDS date-time. */
export function localDate(date: unknown, time?: unknown, endOfDay = false): string | undefined {
  if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const hm = typeof time === 'string' && /^\d{1,2}[:：]\d{2}$/.test(time.trim()) ? time.trim().replace('：', ':').padStart(5, '0') : undefined;
  return `${date}T${hm ? `${hm}:00` : endOfDay ? '23:59:59' : '00:00:00'}+08:00`;
}

export function money(v: unknown): Json | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? { amount: n, currency: 'CNY' } : undefined;
}

export function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s;
}

/** Percent-encoded absolute URL (non-ASCII in paths and queries), as the `uri` format requires. */
export function absoluteUrl(base: string, path: string): string {
  return new URL(path, `${base}/`).href;
}

const isEmpty = (c: unknown) => c === undefined || c === null || c === '' || (Array.isArray(c) && c.length === 0) || (typeof c === 'object' && c !== null && !Array.isArray(c) && Object.keys(c).length === 0);

/** Drops undefined, empty strings, empty arrays and empty objects, recursively (no empty values in OCDS). */
export function compact<T>(v: T): T {
  if (Array.isArray(v)) return v.map(compact).filter((x) => !isEmpty(x)) as T;
  if (typeof v === 'object' && v !== null) {
    const out: Json = {};
    for (const [k, x] of Object.entries(v)) {
      const c = compact(x);
      if (!isEmpty(c)) out[k] = c;
    }
    return out as T;
  }
  return v;
}

/** The parties of one release, deduplicated by id with their roles merged. */
export class Parties {
  private byId = new Map<string, Json & { roles: string[] }>();

  /** Organisation id: `CN-USCI-<统一社会信用代码>` (RULES.md §11), or a stable hash of the name. */
  static idFor(name: string, creditCode?: string | null): string {
    if (creditCode) return `CN-USCI-${creditCode}`;
    return `CN-NAME-${crypto.createHash('sha256').update(name.normalize('NFC').trim()).digest('hex').slice(0, 16)}`;
  }

  add(name: unknown, creditCode: unknown, role: string, address?: unknown): Json | undefined {
    const n = str(name);
    if (!n) return undefined;
    const code = str(creditCode);
    const id = Parties.idFor(n, code);
    let p = this.byId.get(id);
    if (!p) {
      p = { id, name: n, roles: [], ...(code ? { identifier: { scheme: 'CN-USCI', id: code, legalName: n } } : {}) };
      this.byId.set(id, p);
    }
    if (str(address) && !p.address) p.address = { streetAddress: str(address), countryName: '中国' };
    if (!p.roles.includes(role)) p.roles.push(role);
    return { id, name: n };
  }

  addRole(id: string, role: string): void {
    const p = this.byId.get(id);
    if (p && !p.roles.includes(role)) p.roles.push(role);
  }

  list(): Json[] {
    return [...this.byId.values()];
  }
}

