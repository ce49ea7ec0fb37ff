// Compiling releases into a record (OCDS 1.1 merge routine, simplified): releases in date order,
// objects merged key by key, arrays of objects with `id` merged by id, other arrays replaced,
// null removes a field, `tag` omitted when merged. Pure.
import { compact, type Json } from './helpers.ts';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function mergeValue(target: unknown, source: unknown): unknown {
  if (isObject(source)) return mergeObject(isObject(target) ? target : {}, source);
  if (Array.isArray(source) && source.length && source.every((x) => isObject(x) && x.id !== undefined)) {
    const out = Array.isArray(target) ? target.map((x) => (isObject(x) ? { ...x } : x)) : [];
    for (const item of source as Json[]) {
      const i = out.findIndex((x) => isObject(x) && x.id === item.id);
      if (i >= 0) out[i] = mergeObject(out[i] as Json, item);
      else out.push(mergeObject({}, item));
    }
    return out;
  }
  return source;
}

function mergeObject(target: Json, source: Json): Json {
  const out: Json = { ...target };
  for (const [k, v] of Object.entries(source)) {
    if (v === null) delete out[k];
    else out[k] = mergeValue(out[k], v);
  }
  return out;
}

export function compileRelease(ocid: string, releases: readonly Json[]): Json {
  const sorted = [...releases].sort((a, b) => String(a.date).localeCompare(String(b.date)) || String(a.id).localeCompare(String(b.id)));
  let merged: Json = {};
  for (const r of sorted) {
    const { tag: _tag, id: _id, date: _date, ...rest } = r;
    merged = mergeObject(merged, rest);
  }
  const last = sorted[sorted.length - 1];
  return compact({ ...merged, ocid, id: `${ocid}-compiled`, date: last?.date, tag: ['compiled'], initiationType: 'tender' });
}

export function compileRecord(ocid: string, releases: readonly Json[]): Json {
  return { ocid, releases: [...releases], compiledRelease: compileRelease(ocid, releases) };
}
