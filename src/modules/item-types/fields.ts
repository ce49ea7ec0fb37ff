// Validation, normalisation and form mapping for item-type fields. Pure: no I/O.
//
// One set of rules serves the HTML forms, the Excel import and the JSON API, so that a value that
// passes here is stored in one canonical form:
//   text/textarea → trimmed string; money → "1234.50"; decimal → "85.5"; integer → number;
//   date → "YYYY-MM-DD"; boolean → boolean; identifiers → upper-case, half-width, no spaces.
// Blank input (undefined, null, '', whitespace) means "absent"; absent keys are omitted from the value.
import {
  creditCodeCheckChar,
  idNumberCheckChar,
  investmentCodeForm,
  isValidCreditCode,
  isValidIdNumber,
  normaliseIdentifier,
  orgCodeCheckChar,
} from '../../domain/identifiers.ts';
import type { FieldDef, FieldType } from './types.ts';

export type FieldErrorCode =
  | 'required'
  | 'invalid_type'
  | 'too_long'
  | 'too_small'
  | 'too_large'
  | 'not_an_integer'
  | 'not_an_amount'
  | 'not_a_number'
  | 'too_many_decimals'
  | 'not_a_date'
  | 'not_in_options'
  | 'not_a_boolean'
  | 'invalid_credit_code'
  | 'invalid_id_number'
  | 'invalid_investment_code'
  | 'invalid_phone'
  | 'invalid_url'
  | 'not_a_table'
  | 'not_a_row'
  | 'too_many_rows'
  | 'unknown_field';

export interface FieldError {
  /** Dotted path into the input, rows 0-based: "suppliers.0.creditCode". */
  path: string;
  /** The field's (or column's) own key. */
  key: string;
  /** Chinese label with the row, 1-based: "中标供应商第1行·统一社会信用代码". */
  label: string;
  /** Chinese sentence for the user. */
  message: string;
  /** Stable English code for the API and tests. */
  code: FieldErrorCode;
}

export type ValidationResult = { ok: true; value: Record<string, unknown> } | { ok: false; errors: FieldError[] };

export interface ValidateOptions {
  /** Reference date for "birth date not in the future" in ID numbers; defaults to now. */
  today?: Date;
}

export const DEFAULT_MAX_LENGTH: Readonly<Record<'text' | 'textarea', number>> = { text: 500, textarea: 20000 };
export const MAX_TABLE_ROWS = 2000;
const MAX_URL_LENGTH = 2000;
/** Money and decimals keep at most 15 integer digits: exact in a JS number and in NUMERIC(17,2). */
const MAX_INT_DIGITS = 15;
const MAX_DECIMAL_PLACES = 6;

// ---------------------------------------------------------------------------------------------
// Scalars

type Outcome = { ok: true; value: unknown } | { ok: false; code: FieldErrorCode; message: string };
const good = (value: unknown): Outcome => ({ ok: true, value });
const bad = (code: FieldErrorCode, message: string): Outcome => ({ ok: false, code, message });

/** Full-width ASCII (Ｕ+FF01–FF5E, e.g. １２３，．－) to half-width; U+3000 to a space. */
function halfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const CONTROL = /[\u0000-\u001F\u007F]/;

/** Single-line text: NFC, control characters dropped, line breaks and tabs become spaces. */
function cleanLine(s: string): string {
  // Fast path (bulk imports call this ~two million times): without control characters both
  // replacements below are no-ops, and NFC never introduces one.
  if (!CONTROL.test(s)) return s.normalize('NFC').trim();
  return s
    .normalize('NFC')
    .replace(/\r\n|[\r\n\t]/g, ' ')
    .replace(/[\u0000-\u001F\u007F]/g, '')
    .trim();
}

/** Multi-line text: NFC, CRLF → LF, control characters other than LF and TAB dropped. */
function cleanArea(s: string): string {
  return s
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .trim();
}

function asText(raw: unknown): string | null {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw === 'bigint') return String(raw);
  return null;
}

function isBlank(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && cleanLine(raw) === '');
}

const charCount = (s: string): number => [...s].length;

interface ParsedDecimal {
  negative: boolean;
  int: string; // no leading zeros, '0' for zero
  frac: string; // as typed, may have trailing zeros
}

/**
 * Parses "1,234.5", "￥1234.50", "1234.5元", "-12", 12.5 into parts without going through binary
 * floating point, so money stays exact. Thousands separators must be well placed ("1,5" is rejected:
 * it is a decimal comma typed by mistake, not 15).
 */
function parseDecimal(raw: unknown, currency: boolean): ParsedDecimal | null {
  let s: string;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return null;
    s = String(raw);
    if (/e/i.test(s)) return null;
  } else if (typeof raw === 'string') {
    s = halfWidth(raw).replace(/\s+/g, '');
    if (currency) s = s.replace(/^([+-]?)[¥￥]/, '$1').replace(/元$/, '');
  } else return null;
  const m = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d*))?$/.exec(s);
  if (!m) return null;
  const intRaw = (m[2] ?? '').replace(/,/g, '');
  const frac = m[3] ?? '';
  if (intRaw === '' && frac === '') return null;
  const int = intRaw.replace(/^0+(?=\d)/, '') || '0';
  const negative = m[1] === '-' && /[1-9]/.test(int + frac);
  return { negative, int, frac };
}

function moneyToCents(p: ParsedDecimal, frac2: string): bigint {
  const v = BigInt(p.int + frac2);
  return p.negative ? -v : v;
}

function checkRange(def: FieldDef, label: string, n: number | bigint, scale: number): Outcome | null {
  const toScaled = (x: number) => (typeof n === 'bigint' ? BigInt(Math.round(x * scale)) : x);
  if (def.min !== undefined && n < toScaled(def.min)) {
    return bad('too_small', def.min === 0 ? `${label}不能为负数` : `${label}不能小于${String(def.min)}`);
  }
  if (def.max !== undefined && n > toScaled(def.max)) return bad('too_large', `${label}不能大于${String(def.max)}`);
  return null;
}

function isRealDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const PHONE_PATTERNS: readonly RegExp[] = [
  /^1[3-9]\d{9}$/, // mobile
  /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/, // landline with area code, optional extension
  /^\d{7,8}(-\d{1,6})?$/, // local landline
  /^[48]00-?\d{3}-?\d{4}$/, // 400/800 service numbers
  /^1\d{4}$/, // government and public-service hotlines: 12345, 12315 …
];

function validateCreditCode(label: string, raw: string): Outcome {
  const s = normaliseIdentifier(raw);
  if (isValidCreditCode(s)) return good(s);
  if (s.length !== 18) return bad('invalid_credit_code', `统一社会信用代码应为18位（当前${s.length}位）`);
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s)) {
    return bad('invalid_credit_code', '统一社会信用代码含有无效字符（不使用I、O、S、V、Z）');
  }
  if (creditCodeCheckChar(s.slice(0, 17)) !== s[17]) return bad('invalid_credit_code', '统一社会信用代码校验位不正确');
  if (orgCodeCheckChar(s.slice(8, 16)) !== s[16]) {
    return bad('invalid_credit_code', '统一社会信用代码中的组织机构代码校验位不正确');
  }
  return bad('invalid_credit_code', `${label}不正确`);
}

function validateIdNumber(raw: string, today: Date): Outcome {
  const s = normaliseIdentifier(raw);
  if (isValidIdNumber(s, today)) return good(s);
  if (s.length !== 18 && s.length !== 15) return bad('invalid_id_number', `居民身份证号码应为18位（当前${s.length}位）`);
  if (!/^\d{17}[\dX]$/.test(s) && !/^\d{15}$/.test(s)) return bad('invalid_id_number', '居民身份证号码含有无效字符');
  if (s[0] === '0') return bad('invalid_id_number', '居民身份证号码的地址码不正确');
  const [y, m, d] =
    s.length === 18
      ? [Number(s.slice(6, 10)), Number(s.slice(10, 12)), Number(s.slice(12, 14))]
      : [1900 + Number(s.slice(6, 8)), Number(s.slice(8, 10)), Number(s.slice(10, 12))];
  if (y < 1880 || !isRealDate(y, m, d) || Date.UTC(y, m - 1, d) > today.getTime()) {
    return bad('invalid_id_number', '居民身份证号码中的出生日期不正确');
  }
  if (s.length === 18 && idNumberCheckChar(s.slice(0, 17)) !== s[17]) {
    return bad('invalid_id_number', '居民身份证号码校验位不正确');
  }
  return bad('invalid_id_number', '居民身份证号码不正确');
}

/** Validates one present (non-blank) scalar. `label` is the field's own label (messages name it). */
function validateScalar(def: FieldDef, raw: unknown, label: string, today: Date): Outcome {
  const type: FieldType = def.type;
  switch (type) {
    case 'text':
    case 'textarea': {
      const t = asText(raw);
      if (t === null) return bad('invalid_type', `${label}应为文本`);
      const s = type === 'text' ? cleanLine(t) : cleanArea(t);
      const max = def.maxLength ?? DEFAULT_MAX_LENGTH[type];
      const n = charCount(s);
      if (n > max) return bad('too_long', `${label}不能超过${max}个字（当前${n}个）`);
      return good(s);
    }
    case 'integer': {
      let n: number;
      if (typeof raw === 'number') {
        if (!Number.isInteger(raw)) return bad('not_an_integer', `${label}应为整数`);
        n = raw;
      } else {
        const t = asText(raw);
        const s = t === null ? '' : halfWidth(t).replace(/\s+/g, '');
        if (!/^[+-]?(\d{1,3}(,\d{3})+|\d+)$/.test(s)) return bad('not_an_integer', `${label}应为整数`);
        n = Number(s.replace(/,/g, ''));
      }
      if (!Number.isSafeInteger(n)) return bad('too_large', `${label}超出允许范围`);
      return checkRange(def, label, n, 1) ?? good(n === 0 ? 0 : n);
    }
    case 'money': {
      const p = parseDecimal(raw, true);
      if (!p) return bad('not_an_amount', `${label}应为金额（元），如 1234.56`);
      const frac = p.frac.replace(/0+$/, '');
      if (frac.length > 2) return bad('too_many_decimals', `${label}最多保留两位小数（到分）`);
      if (p.int.length > MAX_INT_DIGITS) return bad('too_large', `${label}超出允许范围`);
      const frac2 = frac.padEnd(2, '0');
      const cents = moneyToCents(p, frac2);
      const range = checkRange({ ...def, min: def.min ?? 0 }, label, cents, 100);
      if (range) return range;
      return good(`${p.negative ? '-' : ''}${p.int}.${frac2}`);
    }
    case 'decimal': {
      const p = parseDecimal(raw, false);
      if (!p) return bad('not_a_number', `${label}应为数字`);
      const frac = p.frac.replace(/0+$/, '');
      if (frac.length > MAX_DECIMAL_PLACES) {
        return bad('too_many_decimals', `${label}最多保留${MAX_DECIMAL_PLACES}位小数`);
      }
      if (p.int.length > MAX_INT_DIGITS) return bad('too_large', `${label}超出允许范围`);
      const canonical = `${p.negative ? '-' : ''}${p.int}${frac ? `.${frac}` : ''}`;
      return checkRange(def, label, Number(canonical), 1) ?? good(canonical);
    }
    case 'date': {
      if (raw instanceof Date) {
        if (Number.isNaN(raw.getTime())) return bad('not_a_date', `${label}应为有效日期，格式为YYYY-MM-DD`);
        return good(raw.toISOString().slice(0, 10));
      }
      const t = asText(raw);
      const s = t === null ? '' : halfWidth(t).trim();
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
      if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
        return bad('not_a_date', `${label}应为有效日期，格式为YYYY-MM-DD（如2025-03-01）`);
      }
      return good(s);
    }
    case 'enum': {
      const t = asText(raw);
      const s = t === null ? '' : cleanLine(t);
      const options = def.options ?? [];
      if (!options.includes(s)) return bad('not_in_options', `${label}应为以下之一：${options.join('、')}`);
      return good(s);
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return good(raw);
      const t = asText(raw);
      const s = t === null ? '' : halfWidth(t).trim().toLowerCase();
      if (['true', '1', 'on', 'yes', 'y', '是'].includes(s)) return good(true);
      if (['false', '0', 'off', 'no', 'n', '否'].includes(s)) return good(false);
      return bad('not_a_boolean', `${label}应为“是”或“否”`);
    }
    case 'creditCode': {
      const t = asText(raw);
      if (t === null) return bad('invalid_credit_code', '统一社会信用代码应为18位');
      return validateCreditCode(label, t);
    }
    case 'idNumber': {
      const t = asText(raw);
      if (t === null) return bad('invalid_id_number', '居民身份证号码应为18位');
      return validateIdNumber(t, today);
    }
    case 'investmentCode': {
      const t = asText(raw);
      const s = t === null ? '' : halfWidth(t).replace(/\s+/g, '').toUpperCase();
      if (investmentCodeForm(s) === null) {
        return bad('invalid_investment_code', '投资项目代码格式不正确，应如 2024-440204-48-01-012345');
      }
      return good(s);
    }
    case 'phone': {
      const t = asText(raw);
      let s = t === null ? '' : halfWidth(t).replace(/\s+/g, '');
      s = s.replace(/^\((0\d{2,3})\)-?/, '$1-').replace(/^(\+86|0086)-?(?=1\d{10}$)/, '');
      if (!PHONE_PATTERNS.some((p) => p.test(s))) return bad('invalid_phone', `${label}不是有效的电话号码`);
      return good(s);
    }
    case 'url': {
      const t = asText(raw);
      const s = t === null ? '' : t.trim();
      if (s.length > MAX_URL_LENGTH) return bad('too_long', `${label}不能超过${MAX_URL_LENGTH}个字符`);
      let u: URL;
      try {
        u = new URL(s);
      } catch {
        return bad('invalid_url', `${label}应为以 http:// 或 https:// 开头的网址`);
      }
      if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname) {
        return bad('invalid_url', `${label}应为以 http:// 或 https:// 开头的网址`);
      }
      return good(s);
    }
    case 'table':
      throw new Error(`validateScalar called for table field ${def.key}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

/**
 * Validates and normalises structured fields against their definitions. Unknown keys are errors
 * (a mistyped key would otherwise be silently lost). Fully blank table rows are dropped.
 */
export function validateFields(
  defs: readonly FieldDef[],
  input: Record<string, unknown>,
  opts: ValidateOptions = {},
): ValidationResult {
  const today = opts.today ?? new Date();
  const errors: FieldError[] = [];
  const value: Record<string, unknown> = {};
  const known = new Set(defs.map((d) => d.key));

  for (const def of defs) {
    const raw = own(input, def.key);
    if (def.type === 'table') {
      const rows = validateTable(def, raw, today, errors);
      if (rows !== undefined) value[def.key] = rows;
      continue;
    }
    if (isBlank(raw)) {
      if (def.required) errors.push(err(def.key, def.key, def.label, 'required', `请填写${def.label}`));
      continue;
    }
    const r = validateScalar(def, raw, def.label, today);
    if (r.ok) value[def.key] = r.value;
    else errors.push(err(def.key, def.key, def.label, r.code, r.message));
  }
  for (const k of Object.keys(input)) {
    if (!known.has(k)) errors.push(err(k, k, k, 'unknown_field', `不存在字段“${k}”`));
  }
  return errors.length ? { ok: false, errors } : { ok: true, value };
}

function err(path: string, key: string, label: string, code: FieldErrorCode, message: string): FieldError {
  return { path, key, label, message, code };
}

function rowIsBlank(row: Record<string, unknown>): boolean {
  return Object.values(row).every(isBlank);
}

function validateTable(
  def: FieldDef,
  raw: unknown,
  today: Date,
  errors: FieldError[],
): Record<string, unknown>[] | undefined {
  const columns = def.columns ?? [];
  if (raw === undefined || raw === null || (typeof raw === 'string' && cleanLine(raw) === '')) {
    if (def.required) errors.push(err(def.key, def.key, def.label, 'required', `请至少填写一行${def.label}`));
    return undefined;
  }
  if (!Array.isArray(raw)) {
    errors.push(err(def.key, def.key, def.label, 'not_a_table', `${def.label}应为表格（行的列表）`));
    return undefined;
  }
  const present = raw.filter((r) => !(isPlainObject(r) && rowIsBlank(r)));
  const maxRows = Math.min(def.max ?? MAX_TABLE_ROWS, MAX_TABLE_ROWS);
  if (present.length > maxRows) {
    errors.push(
      err(def.key, def.key, def.label, 'too_many_rows', `${def.label}最多${maxRows}行（当前${present.length}行）`),
    );
    return undefined;
  }
  if (present.length === 0) {
    if (def.required) errors.push(err(def.key, def.key, def.label, 'required', `请至少填写一行${def.label}`));
    return undefined;
  }
  const known = new Set(columns.map((c) => c.key));
  const out: Record<string, unknown>[] = [];
  raw.forEach((row: unknown, i) => {
    const rowPath = `${def.key}.${i}`;
    const rowLabel = `${def.label}第${i + 1}行`;
    if (!isPlainObject(row)) {
      errors.push(err(rowPath, def.key, rowLabel, 'not_a_row', `${rowLabel}格式不正确`));
      return;
    }
    if (rowIsBlank(row)) return;
    const cleaned: Record<string, unknown> = {};
    for (const col of columns) {
      if (col.type === 'table') throw new Error(`nested table ${def.key}.${col.key} is not allowed`);
      const v = own(row, col.key);
      const path = `${rowPath}.${col.key}`;
      const label = `${rowLabel}·${col.label}`;
      if (isBlank(v)) {
        if (col.required) errors.push(err(path, col.key, label, 'required', `请填写${col.label}`));
        continue;
      }
      const r = validateScalar(col, v, col.label, today);
      if (r.ok) cleaned[col.key] = r.value;
      else errors.push(err(path, col.key, label, r.code, r.message));
    }
    for (const k of Object.keys(row)) {
      if (!known.has(k)) errors.push(err(`${rowPath}.${k}`, k, `${rowLabel}·${k}`, 'unknown_field', `不存在字段“${k}”`));
    }
    out.push(cleaned);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// HTML forms

/** Form control name of a field (`f.<key>`) or of a table cell (`f.<key>.<row>.<col>`). */
export function formFieldName(key: string, row?: number, column?: string): string {
  return row === undefined || column === undefined ? `f.${key}` : `f.${key}.${row}.${column}`;
}

const FORM_NAME = /^f\.([A-Za-z][A-Za-z0-9_]{0,63})(?:\.(\d{1,6})\.([A-Za-z][A-Za-z0-9_]{0,63}))?$/;

/**
 * Turns a flat urlencoded/multipart body into the nested input validateFields expects, keeping the
 * strings exactly as typed so an invalid form re-renders with the user's input. Names that are not
 * `f.*` (csrf token, buttons) are ignored; `f.*` names not in `defs` are kept so validation reports
 * them. Table rows come back in numeric order, renumbered from 0, with fully blank rows dropped.
 */
export function parseFormFields(
  defs: readonly FieldDef[],
  body: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, unknown> {
  const scalars = new Map<string, string>();
  const cells = new Map<string, Map<number, Map<string, string>>>();
  for (const [name, rawValue] of Object.entries(body)) {
    // Repeated names (hidden input + checkbox) : the last one wins, as in most form libraries.
    const v = Array.isArray(rawValue) ? rawValue[rawValue.length - 1] : rawValue;
    if (typeof v !== 'string') continue;
    const m = FORM_NAME.exec(name);
    if (!m) continue;
    const key = m[1]!;
    if (m[2] === undefined) {
      scalars.set(key, v);
      continue;
    }
    let rows = cells.get(key);
    if (!rows) cells.set(key, (rows = new Map()));
    const rowIndex = Number(m[2]);
    let row = rows.get(rowIndex);
    if (!row) rows.set(rowIndex, (row = new Map()));
    row.set(m[3]!, v);
  }

  const out: Record<string, unknown> = {};
  const emit = (key: string, def: FieldDef | undefined) => {
    const rows = cells.get(key);
    if (rows && (def === undefined || def.type === 'table')) {
      const order = (def?.columns ?? []).map((c) => c.key);
      const list: Record<string, string>[] = [];
      for (const idx of [...rows.keys()].sort((a, b) => a - b)) {
        const cellsOfRow = rows.get(idx)!;
        if ([...cellsOfRow.values()].every((s) => s.trim() === '')) continue;
        const row: Record<string, string> = {};
        for (const c of order) if (cellsOfRow.has(c)) row[c] = cellsOfRow.get(c)!;
        for (const [c, s] of cellsOfRow) if (!order.includes(c)) row[c] = s;
        list.push(row);
      }
      if (list.length) out[key] = list;
      return;
    }
    if (scalars.has(key)) out[key] = scalars.get(key)!;
    else if (rows) out[key] = [...rows.values()].map((r) => Object.fromEntries(r)); // cells for a scalar: let validation reject
  };
  for (const def of defs) emit(def.key, def);
  const known = new Set(defs.map((d) => d.key));
  for (const key of new Set([...scalars.keys(), ...cells.keys()])) if (!known.has(key)) emit(key, undefined);
  return out;
}

function formString(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  return undefined;
}

/**
 * The inverse of parseFormFields: flat form values for re-rendering a stored value (or the raw
 * input of a failed submission). Booleans become "true"/"false", the values of a 是/否 select.
 */
export function fieldsToFormValues(defs: readonly FieldDef[], value: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const def of defs) {
    const v = own(value, def.key);
    if (def.type === 'table') {
      if (!Array.isArray(v)) continue;
      v.forEach((row: unknown, i) => {
        if (!isPlainObject(row)) return;
        for (const col of def.columns ?? []) {
          const s = formString(own(row, col.key));
          if (s !== undefined) out[formFieldName(def.key, i, col.key)] = s;
        }
      });
      continue;
    }
    const s = formString(v);
    if (s !== undefined) out[formFieldName(def.key)] = s;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// JSON Schema

export type JsonSchema = Record<string, unknown>;

const MONEY_PATTERN = '^(0|[1-9]\\d{0,14})\\.\\d{2}$';
const SIGNED_MONEY_PATTERN = '^-?(0|[1-9]\\d{0,14})\\.\\d{2}$';
const DECIMAL_PATTERN = '^-?(0|[1-9]\\d{0,14})(\\.\\d{0,5}[1-9])?$';

function columnSchema(def: FieldDef): JsonSchema {
  const s: JsonSchema = { title: def.label };
  const notes: string[] = [];
  if (def.help) notes.push(def.help);
  switch (def.type) {
    case 'text':
    case 'textarea':
      Object.assign(s, { type: 'string', minLength: 1, maxLength: def.maxLength ?? DEFAULT_MAX_LENGTH[def.type] });
      break;
    case 'integer':
      s.type = 'integer';
      if (def.min !== undefined) s.minimum = def.min;
      if (def.max !== undefined) s.maximum = def.max;
      break;
    case 'money':
      Object.assign(s, { type: 'string', pattern: (def.min ?? 0) < 0 ? SIGNED_MONEY_PATTERN : MONEY_PATTERN });
      notes.push('金额（元），两位小数的十进制字符串，如 "1234.50"');
      break;
    case 'decimal':
      Object.assign(s, { type: 'string', pattern: DECIMAL_PATTERN });
      notes.push('十进制数字字符串');
      if (def.min !== undefined) notes.push(`最小值 ${def.min}`);
      if (def.max !== undefined) notes.push(`最大值 ${def.max}`);
      break;
    case 'date':
      Object.assign(s, { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
      break;
    case 'enum':
      Object.assign(s, { type: 'string', enum: [...(def.options ?? [])] });
      break;
    case 'boolean':
      s.type = 'boolean';
      break;
    case 'creditCode':
      Object.assign(s, { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' });
      notes.push('统一社会信用代码（GB 32100，含校验位）');
      break;
    case 'idNumber':
      Object.assign(s, { type: 'string', pattern: '^(\\d{17}[\\dX]|\\d{15})$' });
      notes.push('居民身份证号码（GB 11643，含校验位）');
      break;
    case 'investmentCode':
      Object.assign(s, {
        type: 'string',
        pattern: '^((19|20)\\d{2}-\\d{6}-\\d{2}-\\d{2}-\\d{6}|\\d{14}[0-9A-Z]{6}|\\d{4}-\\d{6}-\\d{2}-\\d{2}-[0-9A-Z]{6})$',
      });
      notes.push('投资项目代码');
      break;
    case 'phone':
      Object.assign(s, { type: 'string', maxLength: 32 });
      notes.push('电话号码');
      break;
    case 'url':
      Object.assign(s, { type: 'string', format: 'uri', pattern: '^https?://', maxLength: MAX_URL_LENGTH });
      break;
    case 'table': {
      const cols = def.columns ?? [];
      Object.assign(s, {
        type: 'array',
        maxItems: Math.min(def.max ?? MAX_TABLE_ROWS, MAX_TABLE_ROWS),
        items: objectSchema(cols),
      });
      if (def.required) s.minItems = 1;
      break;
    }
  }
  if (notes.length) s.description = notes.join('；');
  s['x-fieldType'] = def.type;
  if (def.personal) s['x-personal'] = true;
  if (def.confidential) s['x-confidential'] = { ...def.confidential };
  return s;
}

function objectSchema(defs: readonly FieldDef[]): JsonSchema {
  const required = defs.filter((d) => d.required).map((d) => d.key);
  return {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(defs.map((d) => [d.key, columnSchema(d)])),
    ...(required.length ? { required } : {}),
  };
}

/**
 * JSON Schema (2020-12 subset) of the canonical field values, for the OpenAPI document.
 * Extensions: `x-fieldType`, `x-personal`, `x-confidential` (OpenAPI 3.1 permits `x-` keys).
 */
export function toJsonSchema(defs: readonly FieldDef[]): JsonSchema {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...objectSchema(defs) };
}

// ---------------------------------------------------------------------------------------------
// Public view

export interface Withheld {
  /** The legal basis, shown to the public as the reason. */
  reason: string;
  until: 'award' | 'always';
}

export interface PublicColumn {
  key: string;
  label: string;
  type: FieldType;
  personal?: true;
  withheld?: Withheld;
}

export interface PublicField {
  key: string;
  label: string;
  type: FieldType;
  /** null when absent or withheld; for tables the rows, with withheld cells set to null. */
  value: unknown;
  /** Personal data: the masking module must mask it before output. */
  personal?: true;
  withheld?: Withheld;
  columns?: PublicColumn[];
}

function withheldFor(def: FieldDef, awardPublished: boolean): Withheld | undefined {
  const c = def.confidential;
  if (!c) return undefined;
  // 招标投标法 22/37: 标底 and the committee's names stay secret until the result is out.
  if (c.until === 'always' || !awardPublished) return { reason: c.basis, until: c.until };
  return undefined;
}

/**
 * Fields as the public may see them: confidential ones withheld with their legal basis, personal
 * ones flagged (masking is done by the masking module, not here).
 */
export function publicView(
  defs: readonly FieldDef[],
  value: Record<string, unknown>,
  opts: { awardPublished: boolean },
): PublicField[] {
  return defs.map((def) => {
    const out: PublicField = { key: def.key, label: def.label, type: def.type, value: null };
    if (def.personal) out.personal = true;
    const w = withheldFor(def, opts.awardPublished);
    if (w) out.withheld = w;
    if (def.type === 'table') {
      const cols = def.columns ?? [];
      out.columns = cols.map((c) => {
        const pc: PublicColumn = { key: c.key, label: c.label, type: c.type };
        if (c.personal) pc.personal = true;
        const cw = withheldFor(c, opts.awardPublished);
        if (cw) pc.withheld = cw;
        return pc;
      });
      const rows = own(value, def.key);
      if (!w && Array.isArray(rows)) {
        const hidden = new Set(out.columns.filter((c) => c.withheld).map((c) => c.key));
        out.value = rows.filter(isPlainObject).map((row) =>
          Object.fromEntries(cols.map((c) => [c.key, hidden.has(c.key) ? null : (own(row, c.key) ?? null)])),
        );
      }
      return out;
    }
    if (!w) out.value = own(value, def.key) ?? null;
    return out;
  });
}
