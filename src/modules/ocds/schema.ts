// The official OCDS 1.1 schemas (copied into ./schema, see SOURCES.md) with the bids, lots and
// withheldInformation extensions applied as JSON Merge Patches, compiled once with Ajv for
// draft-04. Used by the ingestion endpoint at run time and by every export test.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import type { Ajv as AjvCore, ErrorObject, Options, ValidateFunction } from 'ajv';

// Both packages are CommonJS with a `default` export: take the class and the plugin either way.
const AjvDraft04 = ((ajvDraft04 as unknown as { default?: unknown }).default ?? ajvDraft04) as new (o: Options) => AjvCore;
const addFormats = ((ajvFormats as unknown as { default?: unknown }).default ?? ajvFormats) as (a: AjvCore) => AjvCore;

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'schema');
const load = (f: string) => JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Record<string, unknown>;

export const RELEASE_SCHEMA_ID = 'https://standard.open-contracting.org/schema/1__1__5/release-schema.json';

/** Extensions declared in our packages (their extension.json URLs) and applied to the schema. */
export const EXTENSIONS = [
  { file: 'extension-bids.json', url: 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/master/extension.json' },
  { file: 'extension-lots.json', url: 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json' },
  { file: 'extension-withheldInformation.json', url: 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_withheldInformation_extension/master/extension.json' },
] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386 JSON Merge Patch: null deletes, objects merge recursively, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function patchedReleaseSchema(): Record<string, unknown> {
  let schema: unknown = load('release-schema.json');
  for (const e of EXTENSIONS) schema = mergePatch(schema, load(e.file));
  return schema as Record<string, unknown>;
}

interface Validators {
  release: ValidateFunction;
  releasePackage: ValidateFunction;
  recordPackage: ValidateFunction;
}

let compiled: Validators | null = null;

function validators(): Validators {
  if (compiled) return compiled;
  // OCDS keywords (codelist, openCodelist, mergeStrategy, deprecated …) are annotations: not strict.
  const ajv = new AjvDraft04({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(patchedReleaseSchema());
  // Referenced by the record package schema for `versionedRelease` (which gongkai does not emit).
  ajv.addSchema(load('versioned-release-validation-schema.json'));
  compiled = {
    release: ajv.getSchema(RELEASE_SCHEMA_ID)!,
    releasePackage: ajv.compile(load('release-package-schema.json')),
    recordPackage: ajv.compile(load('record-package-schema.json')),
  };
  return compiled;
}

export interface SchemaError {
  /** JSON Pointer into the validated document, e.g. `/releases/3/tender/value/amount`. */
  path: string;
  message: string;
}

function toErrors(errors: ErrorObject[] | null | undefined, prefix = ''): SchemaError[] {
  return (errors ?? []).map((e) => {
    const extra = e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : e.keyword === 'additionalProperties' ? `/${(e.params as { additionalProperty: string }).additionalProperty}` : '';
    const allowed = e.keyword === 'enum' ? `: ${(e.params as { allowedValues: unknown[] }).allowedValues.slice(0, 8).join(', ')}` : '';
    return { path: `${prefix}${e.instancePath}${extra}` || '/', message: `${e.message ?? e.keyword}${allowed}` };
  });
}

export function validateRelease(r: unknown, prefix = ''): SchemaError[] {
  const v = validators().release;
  return v(r) ? [] : toErrors(v.errors, prefix);
}

export function validateReleasePackage(p: unknown): SchemaError[] {
  const v = validators().releasePackage;
  return v(p) ? [] : toErrors(v.errors);
}

export function validateRecordPackage(p: unknown): SchemaError[] {
  const v = validators().recordPackage;
  return v(p) ? [] : toErrors(v.errors);
}
