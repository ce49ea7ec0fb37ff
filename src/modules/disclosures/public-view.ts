// What the public may see of a version's structured fields: confidential fields withheld with
// their legal basis (条例 14–16; 招标投标法 22, 37), personal fields masked (个人信息保护法 28,
// RULES.md §7). The portal, the API and every export use this one function.
import type { FieldDef } from '../item-types/types.ts';
import { maskField } from '../privacy/masking.ts';
import { WITHHELD_KEY } from '../privacy/checklist.ts';

export interface PublicField {
  key: string;
  label: string;
  type: FieldDef['type'];
  /** Scalar display value, or rows for a table; null when empty or withheld. */
  value: string | number | boolean | PublicRow[] | null;
  withheld?: { reason: string };
  masked?: boolean;
  columns?: { key: string; label: string; type: FieldDef['type'] }[];
}

export type PublicRow = Record<string, { value: string | number | boolean | null; withheld?: { reason: string }; masked?: boolean }>;

export const WITHHELD_LABEL = '依法不予公开';

function withheldReason(def: FieldDef, awardPublished: boolean): string | null {
  if (!def.confidential) return null;
  if (def.confidential.until === 'always') return def.confidential.basis;
  return awardPublished ? null : `${def.confidential.basis}（中标结果公布前保密）`;
}

function scalar(def: FieldDef, v: unknown): { value: string | number | boolean | null; masked?: boolean } {
  if (v === undefined || v === null || v === '') return { value: null };
  if (def.personal || def.type === 'idNumber') {
    return { value: maskField(def.type, String(v)), masked: true };
  }
  if (typeof v === 'number' || typeof v === 'boolean') return { value: v };
  return { value: String(v) };
}

/**
 * `values[WITHHELD_KEY]` holds the fields (or table cells, `key.row.column`) a reviewer decided to
 * withhold in the 保密审查, with the reason (issue 6 §3): they are withheld like confidential ones.
 */
export function publicFields(defs: readonly FieldDef[], values: Record<string, unknown>, opts: { awardPublished: boolean }): PublicField[] {
  const decided = (values[WITHHELD_KEY] ?? {}) as Record<string, string>;
  return defs.map((def) => {
    const reason = withheldReason(def, opts.awardPublished) ?? decided[def.key] ?? null;
    const base = { key: def.key, label: def.label, type: def.type };
    if (reason) return { ...base, value: null, withheld: { reason } };
    const v = values[def.key];
    if (def.type === 'table') {
      const cols = def.columns ?? [];
      const rows = Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
      const out: PublicRow[] = rows.map((row, i) => {
        const r: PublicRow = {};
        for (const c of cols) {
          const cr = withheldReason(c, opts.awardPublished) ?? decided[`${def.key}.${i}.${c.key}`] ?? null;
          r[c.key] = cr ? { value: null, withheld: { reason: cr } } : scalar(c, row?.[c.key]);
        }
        return r;
      });
      return { ...base, value: out, columns: cols.map((c) => ({ key: c.key, label: c.label, type: c.type })) };
    }
    const s = scalar(def, v);
    return { ...base, value: s.value, ...(s.masked ? { masked: true } : {}) };
  });
}

/** Plain JSON of the public fields (API, exports): withheld → absent, masked values as masked. */
export function publicFieldsJson(fields: PublicField[]): { values: Record<string, unknown>; withheld: { field: string; reason: string }[] } {
  const values: Record<string, unknown> = {};
  const withheld: { field: string; reason: string }[] = [];
  for (const f of fields) {
    if (f.withheld) {
      withheld.push({ field: f.key, reason: f.withheld.reason });
      continue;
    }
    if (Array.isArray(f.value)) {
      values[f.key] = f.value.map((row, i) => {
        const o: Record<string, unknown> = {};
        for (const [k, cell] of Object.entries(row)) {
          if (cell.withheld) withheld.push({ field: `${f.key}.${i}.${k}`, reason: cell.withheld.reason });
          else if (cell.value !== null) o[k] = cell.value;
        }
        return o;
      });
    } else if (f.value !== null) values[f.key] = f.value;
  }
  return { values, withheld };
}

export function formatMoney(v: string | number): string {
  const s = String(v);
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return s;
  const int = m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${m[1]}${int}.${(m[3] ?? '').padEnd(2, '0').slice(0, 2)} 元`;
}

export function displayValue(type: FieldDef['type'], v: string | number | boolean | null): string {
  if (v === null) return '';
  if (type === 'money' && typeof v !== 'boolean') return formatMoney(v);
  if (type === 'boolean' || typeof v === 'boolean') return v === true || v === 'true' ? '是' : '否';
  return String(v);
}
