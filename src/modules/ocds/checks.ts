// What the official OCDS tools (CoVE / lib-cove-ocds) check beyond the JSON Schema, as a pure
// function: ids unique within each array, no empty strings, objects or arrays, and dates in order
// within a contracting process (tender end ≤ award date ≤ contract signature).

export interface CheckProblem {
  path: string;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkStructure(doc: unknown, path = ''): CheckProblem[] {
  const out: CheckProblem[] = [];
  const walk = (v: unknown, p: string) => {
    if (typeof v === 'string') {
      if (v.trim() === '') out.push({ path: p, message: 'empty string' });
    } else if (Array.isArray(v)) {
      if (v.length === 0) out.push({ path: p, message: 'empty array' });
      const ids = new Map<string, number>();
      v.forEach((item, i) => {
        if (isObject(item) && item.id !== undefined) {
          const id = String(item.id);
          if (ids.has(id)) out.push({ path: `${p}/${i}/id`, message: `duplicate id "${id}" (also at ${p}/${ids.get(id)})` });
          else ids.set(id, i);
        }
        walk(item, `${p}/${i}`);
      });
    } else if (isObject(v)) {
      const keys = Object.keys(v);
      if (keys.length === 0) out.push({ path: p, message: 'empty object' });
      for (const k of keys) walk(v[k], `${p}/${k}`);
    }
  };
  walk(doc, path);
  return out;
}

const t = (s: unknown) => (typeof s === 'string' ? Date.parse(s) : Number.NaN);

/** Date order in one release or compiled release: tender period end ≤ each award ≤ each contract signature. */
export function checkDateOrder(release: Record<string, unknown>, path = ''): CheckProblem[] {
  const out: CheckProblem[] = [];
  const tender = isObject(release.tender) ? release.tender : {};
  const tenderEnd = t(isObject(tender.tenderPeriod) ? tender.tenderPeriod.endDate : undefined);
  const awards = Array.isArray(release.awards) ? (release.awards as Record<string, unknown>[]) : [];
  const contracts = Array.isArray(release.contracts) ? (release.contracts as Record<string, unknown>[]) : [];
  const awardDates = awards.map((a) => t(a.date));
  awards.forEach((a, i) => {
    if (!Number.isNaN(tenderEnd) && !Number.isNaN(awardDates[i]!) && awardDates[i]! < tenderEnd) out.push({ path: `${path}/awards/${i}/date`, message: 'award date before the tender period end' });
    const period = isObject(a.contractPeriod) ? a.contractPeriod : undefined;
    if (period && t(period.startDate) > t(period.endDate)) out.push({ path: `${path}/awards/${i}/contractPeriod`, message: 'period starts after it ends' });
  });
  contracts.forEach((c, i) => {
    const signed = t(c.dateSigned);
    const award = awards.find((a) => a.id === c.awardID);
    const awardDate = award ? t(award.date) : Number.NaN;
    if (!Number.isNaN(signed) && !Number.isNaN(awardDate) && signed < awardDate) out.push({ path: `${path}/contracts/${i}/dateSigned`, message: 'contract signed before its award' });
    if (!Number.isNaN(signed) && !Number.isNaN(tenderEnd) && signed < tenderEnd) out.push({ path: `${path}/contracts/${i}/dateSigned`, message: 'contract signed before the tender period end' });
    const period = isObject(c.period) ? c.period : undefined;
    if (period && t(period.startDate) > t(period.endDate)) out.push({ path: `${path}/contracts/${i}/period`, message: 'period starts after it ends' });
  });
  const tp = isObject(tender.tenderPeriod) ? tender.tenderPeriod : undefined;
  if (tp && t(tp.startDate) > t(tp.endDate)) out.push({ path: `${path}/tender/tenderPeriod`, message: 'period starts after it ends' });
  return out;
}
