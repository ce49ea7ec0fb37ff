// The demo district trips every red flag somewhere and leaves some projects clean (issue 8 “done
// when”), checked on the generated data with the pure core – no database. The blacklisted-participant
// flag depends on the blacklist seed (database) and is covered by test/red-flags.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBundledCalendar } from '../../calendar/index.ts';
import { requireItemType } from '../../modules/item-types/catalogue-data.ts';
import { evaluateProject } from '../../modules/red-flags/evaluate.ts';
import { awardsOf, type ProjectInput } from '../../modules/red-flags/extract.ts';
import { FLAG_CODES, defaultThresholds, type FlagCode } from '../../modules/red-flags/flags.ts';
import { createDueComputer, timelinessOf } from '../../modules/timeliness/due.ts';
import { generateDemoDistrict } from '../demo-data.ts';

const demo = generateDemoDistrict();
const cal = loadBundledCalendar();
const due = createDueComputer(cal);

const inputs: (ProjectInput & { key: string })[] = demo.projects
  .filter((p) => p.sector === 'procurement' || p.sector === 'construction')
  .map((p, i) => ({
    key: p.key,
    id: i + 1,
    title: p.title,
    sector: p.sector,
    departmentId: 0,
    departmentName: p.department,
    notices: demo.disclosures
      .filter((d) => d.project === p.key && d.state === 'published')
      .map((d) => {
        const t = requireItemType(d.itemType);
        const dueDate = due(t.deadlineRule, d.formedDate).dueDate;
        const tl = timelinessOf(t.deadlineRule, dueDate, d.publishedAt!, cal);
        const fields = [...(d.corrections ?? [])].reverse().find((c) => c.fields)?.fields ?? d.fields;
        return { disclosureId: demo.disclosures.indexOf(d) + 1, itemType: d.itemType, title: d.title, formedDate: d.formedDate, dueDate, publishedAt: d.publishedAt!, lateWorkingDays: tl.kind === 'late' ? tl.workingDays : tl.kind === 'on_time' ? 0 : null, fields };
      }),
  }));
const awards = inputs.flatMap(awardsOf);
const results = new Map(
  inputs.map((p) => [
    p.key,
    evaluateProject(p, {
      thresholds: defaultThresholds(),
      awards,
      blacklist: [],
      workingDaysBetween: (a, b) => cal.workingDaysBetween(a, b),
    }),
  ]),
);
const tripped = (key: string) => (results.get(key) ?? []).filter((r) => r.status === 'tripped').map((r) => r.code);

test('every flag but the blacklist trips in at least one demo project', () => {
  for (const code of FLAG_CODES.filter((c) => c !== 'blacklisted-participant')) {
    assert.ok([...results.keys()].some((k) => tripped(k).includes(code)), code);
  }
});

test('the scenarios trip where they were made', () => {
  const expect: [string, FlagCode][] = [
    ['c-lsz-sewage', 'single-bid'],
    ['p-finance-review', 'short-bid-period'],
    ['c-zhongshan-road', 'short-candidate-publicity'],
    ['p-sanitation', 'award-near-budget'],
    ['c-dhjd-renovation', 'identical-bid-prices'],
    ['c-czjd-market', 'lowest-bid-disqualified'],
    ['c-hpz-school', 'repeat-winner'],
    ['c-xsz-road', 'repeat-winner'],
    ['c-lyz-bridge', 'repeat-winner'],
    ['p-health-it', 'missing-notice'],
  ];
  for (const [key, code] of expect) assert.ok(tripped(key).includes(code), `${key} ${code}: ${tripped(key).join(',')}`);
});

test('some projects trip none', () => {
  assert.deepEqual(tripped('p-hospital-equipment'), []);
  assert.deepEqual(tripped('p-ambulance'), []);
  assert.ok(demo.projects.length <= 20, "demo.projects.length <= 20");
});
