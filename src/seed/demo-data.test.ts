import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkMinDuration, findRule, loadBundledCalendar } from '../calendar/index.ts';
import { isValidCreditCode, isValidInvestmentCode } from '../domain/identifiers.ts';
import { getItemType, requireItemType } from '../modules/item-types/catalogue-data.ts';
import { validateFields } from '../modules/item-types/fields.ts';
import type { Stage } from '../modules/item-types/types.ts';
import { createDueComputer, timelinessOf } from '../modules/timeliness/due.ts';
import { generateDemoDistrict, type DemoDisclosure } from './demo-data.ts';

const TODAY = '2026-11-26';
const demo = generateDemoDistrict();
const cal = loadBundledCalendar();
const due = createDueComputer(cal);
const chinaDate = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);
const chinaMinutes = (iso: string) => {
  const d = new Date(Date.parse(iso) + 8 * 3600_000);
  return d.getUTCHours() * 60 + d.getUTCMinutes();
};
const LIMIT = Date.parse(`${TODAY}T18:00:00+08:00`);
const MIN = 60_000;
const roleOf = (username: string, dept: string) => demo.users.find((u) => u.username === username)?.memberships.find((m) => m.department === dept)?.role;
const published = (d: DemoDisclosure) => d.state === 'published' || d.state === 'withdrawn';

describe('generateDemoDistrict', () => {
  test('is deterministic: the same seed gives identical JSON, another seed differs', () => {
    assert.equal(JSON.stringify(generateDemoDistrict()), JSON.stringify(demo));
    assert.notEqual(JSON.stringify(generateDemoDistrict({ seed: 42 })), JSON.stringify(demo));
  });

  test('has the district’s 18 departments with valid credit codes, and the accounts', () => {
    const codes = ['gkb', 'fgj', 'jxj', 'czj', 'cgj', 'nyj', 'wjj', 'sjj', 'lyj', 'gtfj', 'swj', 'zjj', 'lsz', 'hpz', 'xsz', 'lyz', 'dhjd', 'czjd'];
    assert.deepEqual(demo.departments.map((d) => d.code), codes);
    for (const d of demo.departments) {
      assert.ok(isValidCreditCode(d.creditCode) && d.creditCode.startsWith('11440204'), d.code);
      assert.match(d.guide, /依申请公开/);
      assert.match(d.guide, new RegExp(d.phone));
    }
    assert.equal(demo.departments.find((d) => d.code === 'czj')!.name, '韶关市浈江区财政局');
    assert.equal(demo.departments.find((d) => d.code === 'lsz')!.name, '浈江区犁市镇人民政府');
    const passwords = { editor: 'Demo-editor-2026', reviewer: 'Demo-reviewer-2026', office: 'Demo-office-2026', admin: 'Demo-admin-2026' };
    for (const u of demo.users) {
      assert.equal(u.email, `${u.username}@zhenjiang.example.gov.cn`);
      for (const m of u.memberships) assert.equal(u.password, passwords[m.role], u.username);
    }
    for (const c of codes.slice(1)) {
      assert.equal(roleOf(`${c}-editor`, c), 'editor');
      assert.equal(roleOf(`${c}-reviewer`, c), 'reviewer');
    }
    assert.equal(roleOf('gkb-office', 'gkb'), 'office');
    assert.equal(roleOf('admin', 'gkb'), 'admin');
  });

  test('every disclosure’s fields (and every corrected version) pass validateFields for its item type', () => {
    const failures: string[] = [];
    for (const d of demo.disclosures) {
      const t = requireItemType(d.itemType);
      const versions = [d.fields, ...(d.corrections ?? []).flatMap((c) => (c.fields ? [c.fields] : []))];
      for (const f of versions) {
        const v = validateFields(t.fields, f);
        if (!v.ok) failures.push(`${d.key}: ${JSON.stringify(v.errors)}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  test('references resolve: departments, users, projects, item types, catalogue', () => {
    const depts = new Set(demo.departments.map((d) => d.code));
    const projects = new Map(demo.projects.map((p) => [p.key, p]));
    const listed = new Set(demo.catalogue.map((c) => `${c.department}/${c.itemType}`));
    for (const c of demo.catalogue) {
      assert.ok(depts.has(c.department) && getItemType(c.itemType), `${c.department}/${c.itemType}`);
      for (const v of [c.content, c.timeLimit, c.channel, c.responsibleBody, c.supervisionChannel]) assert.ok(v.trim() && v.length <= 1000, "v.trim() && v.length <= 1000");
      assert.match(c.supervisionChannel, /0751-8\d{6}.*12345/);
    }
    assert.equal(new Set(demo.projects.map((p) => p.code)).size, demo.projects.length);
    for (const p of demo.projects) {
      assert.match(p.code, /^[A-Za-z0-9-]{1,64}$/);
      assert.ok(depts.has(p.department), p.key);
      if (p.investmentCode) assert.ok(isValidInvestmentCode(p.investmentCode) && /^\d{4}-440204-48-01-0\d{5}$/.test(p.investmentCode), p.investmentCode);
    }
    assert.equal(new Set(demo.disclosures.map((d) => d.key)).size, demo.disclosures.length);
    for (const d of demo.disclosures) {
      assert.ok(depts.has(d.department) && d.department !== 'gkb', d.key);
      assert.ok(listed.has(`${d.department}/${d.itemType}`), `${d.key}: ${d.department} does not list ${d.itemType}`);
      if (d.project) assert.ok(projects.has(d.project), d.key);
      assert.equal(roleOf(d.createdBy, d.department), 'editor', d.key);
      assert.ok(d.title.length <= 200 && d.body.split('\n\n').length >= 2, d.key);
    }
  });

  test('reviewedBy is a reviewer of the same department and never the creator', () => {
    for (const d of demo.disclosures) {
      if (d.state === 'draft' || d.state === 'submitted') {
        assert.equal(d.reviewedBy, undefined, d.key);
        continue;
      }
      assert.ok(d.reviewedBy, d.key);
      assert.notEqual(d.reviewedBy, d.createdBy);
      assert.equal(roleOf(d.reviewedBy!, d.department), 'reviewer', d.key);
      if (d.state === 'returned') assert.ok(d.returnReason, d.key);
    }
  });

  test('times are ordered, on working days in office hours, and not after today 18:00', () => {
    for (const d of demo.disclosures) {
      assert.ok(cal.isWorkingDay(d.formedDate), `${d.key} formed on ${d.formedDate}`);
      const seq = [d.createdAt, d.submittedAt, d.publishedAt, ...(d.corrections ?? []).map((c) => c.at), d.withdrawal?.at].filter((x): x is string => !!x).map(Date.parse);
      for (let i = 1; i < seq.length; i++) assert.ok(seq[i - 1]! <= seq[i]!, `${d.key} out of order`);
      assert.ok(seq.every((t) => t <= LIMIT), `${d.key} after today`);
      if (d.state !== 'draft') assert.ok(d.submittedAt, d.key);
      if (published(d)) {
        const p = d.publishedAt!;
        assert.ok(cal.isWorkingDay(chinaDate(p)), `${d.key} published on a rest day`);
        assert.ok(chinaMinutes(p) >= 8 * 60 + 30 && chinaMinutes(p) <= 18 * 60, `${d.key} published at ${p}`);
        // The loader approves 30 minutes before publication and corrects 120 minutes before a new version.
        assert.ok(Date.parse(p) - 30 * MIN >= Date.parse(d.submittedAt!), d.key);
        let prev = Date.parse(p);
        for (const c of d.corrections ?? []) {
          assert.ok(Date.parse(c.at) - 120 * MIN > prev, `${d.key} correction too close`);
          assert.ok(c.reason && (c.title || c.body || c.fields), d.key);
          prev = Date.parse(c.at);
        }
        if (d.withdrawal) assert.ok(Date.parse(d.withdrawal.at) > prev && d.withdrawal.reason, d.key);
      } else {
        assert.equal(d.publishedAt, undefined, d.key);
        if (d.state === 'returned') assert.ok(Date.parse(d.submittedAt!) + 60 * MIN <= LIMIT, d.key);
      }
    }
  });

  test('each sector has a project whose published disclosures span its lifecycle stages', () => {
    const expected: Record<string, Stage[]> = {
      construction: ['approval', 'plan', 'tender', 'evaluation', 'candidates', 'award', 'contract', 'performance'],
      procurement: ['plan', 'tender', 'award', 'contract', 'performance'],
      property: ['approval', 'plan', 'evaluation', 'tender', 'award'],
      housing: ['policy', 'candidates', 'award', 'performance'],
    };
    for (const [sector, stages] of Object.entries(expected)) {
      const complete = demo.projects.filter((p) => {
        if (p.sector !== sector) return false;
        const have = new Set(demo.disclosures.filter((d) => d.project === p.key && published(d)).map((d) => requireItemType(d.itemType).stage));
        return stages.every((s) => have.has(s));
      });
      assert.ok(complete.length >= 1, `no complete ${sector} project`);
    }
    assert.ok(demo.projects.length >= 12 && demo.projects.length <= 20, "demo.projects.length >= 12 && demo.projects.length <= 20");
    const has = (t: string) => demo.disclosures.some((d) => d.itemType === t && d.project);
    assert.ok(has('procurement-correction') && has('procurement-termination'), "has('procurement-correction') && has('procurement-termination')");
  });

  test('exactly one construction project has a candidate publicity shorter than 3 days', () => {
    const rule = findRule('candidate-publicity-min-3d')!;
    const short = demo.disclosures
      .filter((d) => d.itemType === 'construction-candidates')
      .filter((d) => !checkMinDuration(rule, String(d.fields.publicityStart), String(d.fields.publicityEnd), cal).ok);
    assert.deepEqual(short.map((d) => d.project), ['c-zhongshan-road']);
  });

  test('counts: volume, sectors, states, corrections, withdrawals', () => {
    const ds = demo.disclosures;
    assert.ok(ds.length >= 350, `${ds.length}`);
    const sectors = new Set(ds.map((d) => requireItemType(d.itemType).sector));
    assert.deepEqual([...sectors].sort(), ['construction', 'general', 'housing', 'procurement', 'property']);
    const count = (f: (d: DemoDisclosure) => boolean) => ds.filter(f).length;
    const withdrawn = count((d) => d.state === 'withdrawn');
    assert.ok(withdrawn >= 1 && withdrawn <= 3 && count((d) => !!d.withdrawal) === withdrawn, "withdrawn >= 1 && withdrawn <= 3 && count((d) => !!d.withdrawal) === withdrawn");
    assert.ok(count((d) => !!d.corrections?.length) >= 5, "count((d) => !!d.corrections?.length) >= 5");
    assert.ok(count((d) => d.state === 'returned') >= 1, "count((d) => d.state === 'returned') >= 1");
    assert.ok(count((d) => d.state === 'draft') >= 1 && count((d) => d.state === 'submitted') >= 1, "count((d) => d.state === 'draft') >= 1 && count((d) => d.state === 'submitted') >= 1");
    const depts = new Set(ds.map((d) => d.department));
    assert.equal(depts.size, demo.departments.length - 1); // every department but the office
    for (const town of ['lsz', 'hpz', 'xsz', 'lyz', 'dhjd', 'czjd']) {
      const own = ds.filter((d) => d.department === town);
      assert.ok(own.filter((d) => requireItemType(d.itemType).sector === 'housing').length > own.length / 2, town);
    }
    const dates = ds.map((d) => d.formedDate).sort();
    assert.ok(dates[0]! >= '2024-01-01' && chinaDate(ds.map((d) => d.publishedAt ?? d.createdAt).sort().at(-1)!) <= '2026-11-25', "dates[0]! >= '2024-01-01' && chinaDate(ds.map((d) => d.publishedAt ?? d.createdAt).sort().at(-1)!) <= '2026-11-25'");
    assert.ok(generateDemoDistrict({ disclosures: 500 }).disclosures.length >= 495, "generateDemoDistrict({ disclosures: 500 }).disclosures.length >= 495");
  });

  test('about a tenth is late, concentrated in 林业局 and 花坪镇; 财政局 is never late', () => {
    const stats = new Map<string, { late: number; all: number }>();
    for (const d of demo.disclosures.filter(published)) {
      const t = requireItemType(d.itemType);
      const tl = timelinessOf(t.deadlineRule, due(t.deadlineRule, d.formedDate).dueDate, d.publishedAt!, cal);
      assert.notEqual(tl.kind, 'calendar_unknown', d.key);
      const s = stats.get(d.department) ?? { late: 0, all: 0 };
      s.all++;
      if (tl.kind === 'late') {
        s.late++;
        assert.ok(tl.workingDays >= 1 && tl.workingDays <= 15, `${d.key} late by ${tl.workingDays}`);
      }
      stats.set(d.department, s);
    }
    const total = [...stats.values()].reduce((a, s) => ({ late: a.late + s.late, all: a.all + s.all }), { late: 0, all: 0 });
    const share = total.late / total.all;
    assert.ok(share >= 0.07 && share <= 0.13, `late share ${share}`);
    assert.equal(stats.get('czj')!.late, 0);
    const rate = (c: string) => stats.get(c)!.late / stats.get(c)!.all;
    assert.ok(rate('lyj') > 2 * share && rate('hpz') > 2 * share, "rate('lyj') > 2 * share && rate('hpz') > 2 * share");
    assert.ok(stats.get('lyj')!.late + stats.get('hpz')!.late >= total.late / 2, "stats.get('lyj')!.late + stats.get('hpz')!.late >= total.late / 2");
  });

  test('money is realistic: budgets 50万–5000万, awards under budget, the 标底 filled', () => {
    for (const d of demo.disclosures) {
      const f = d.fields;
      if ('budgetAmount' in f && d.itemType !== 'procurement-intention') {
        const b = Number(f.budgetAmount);
        assert.ok(b >= 500_000 && b <= 50_000_000, `${d.key} budget ${b}`);
      }
      if (d.itemType === 'procurement-award') {
        const sum = (f.suppliers as { awardAmount: string }[]).reduce((s, r) => s + Number(r.awardAmount), 0);
        assert.ok(sum < Number(f.budgetAmount) && sum > 0.8 * Number(f.budgetAmount), d.key);
      }
      if (d.itemType === 'construction-tender') assert.ok(Number(f.reservePrice) > 0 && Number(f.reservePrice) < Number(f.maxPrice), d.key);
      if (d.itemType === 'construction-evaluation') assert.ok(String(f.committeeMembers).length > 0, d.key);
    }
  });
});
