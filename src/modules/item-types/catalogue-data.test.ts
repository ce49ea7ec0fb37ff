import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareSectors,
  getItemType,
  ITEM_TYPES,
  itemTypesOfSector,
  requireItemType,
  SECTOR_ORDER,
} from './catalogue-data.ts';
import { CATEGORIES, SECTORS, STAGES, type FieldDef } from './types.ts';

/** The rule codes src/calendar/deadline-rules.ts implements (agreed with the lead). */
const RULE_CODES = new Set([
  'formation-20wd',
  'dual-publicity-7wd',
  'procurement-result-2wd',
  'procurement-contract-2wd',
  'procurement-intention-30d',
  'procurement-announcement-5wd',
  'single-source-5wd',
  'procurement-result-period-1wd',
  'bid-period-20d',
  'tender-documents-5d',
  'candidate-publicity-3d',
  'candidate-publicity-min-3d',
  'construction-plan-30d',
  'property-predisclosure-10wd',
  'property-disclosure-min-20wd',
  'property-capital-increase-min-40wd',
  'property-result-min-5wd',
  'housing-list-20wd',
  'penalty-withdraw-3d',
]);

describe('item-type catalogue', () => {
  test('codes are unique kebab-case; sector, category and stage are known', () => {
    const codes = ITEM_TYPES.map((t) => t.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const t of ITEM_TYPES) {
      assert.match(t.code, /^[a-z]+(-[a-z0-9]+)+$/, t.code);
      assert.ok((SECTORS as readonly string[]).includes(t.sector), t.code);
      assert.ok((CATEGORIES as readonly string[]).includes(t.category), t.code);
      assert.ok((STAGES as readonly string[]).includes(t.stage), t.code);
      assert.ok(t.code.startsWith(`${t.sector}-`), `${t.code} should start with its sector`);
      assert.match(t.name, /\p{Script=Han}/u);
      assert.ok(t.legalBasis.length > 4 && t.channels.length > 0, t.code);
    }
  });

  test('every deadline rule is one of the agreed codes', () => {
    for (const t of ITEM_TYPES) {
      assert.ok(RULE_CODES.has(t.deadlineRule), `${t.code}: ${t.deadlineRule}`);
      if (t.minDurationRule) assert.ok(RULE_CODES.has(t.minDurationRule), `${t.code}: ${t.minDurationRule}`);
      if (t.withdrawalRule) assert.ok(RULE_CODES.has(t.withdrawalRule), `${t.code}: ${t.withdrawalRule}`);
      for (const p of t.periods ?? []) {
        assert.ok(RULE_CODES.has(p.rule), `${t.code}: ${p.rule}`);
        for (const k of [p.from, p.to]) {
          assert.equal(t.fields.find((f) => f.key === k)?.type, 'date', `${t.code}: period field ${k}`);
        }
      }
      if (t.minDurationRule && t.periods) assert.ok(t.periods.some((p) => p.rule === t.minDurationRule), t.code);
    }
    const used = new Set(ITEM_TYPES.flatMap((t) => [t.deadlineRule, t.minDurationRule, t.withdrawalRule, ...(t.periods ?? []).map((p) => p.rule)]));
    for (const code of RULE_CODES) assert.ok(used.has(code), `rule ${code} is used by no item type`);
  });

  test('field definitions are well-formed', () => {
    const check = (owner: string, defs: readonly FieldDef[], nested: boolean) => {
      const keys = defs.map((d) => d.key);
      assert.equal(new Set(keys).size, keys.length, `${owner}: duplicate keys`);
      for (const d of defs) {
        assert.match(d.key, /^[a-z][a-zA-Z0-9]*$/, `${owner}.${d.key}`);
        assert.match(d.label, /\p{Script=Han}/u, `${owner}.${d.key}`);
        if (d.type === 'enum') assert.ok(d.options && d.options.length > 1, `${owner}.${d.key} options`);
        if (d.type === 'idNumber') assert.equal(d.personal, true, `${owner}.${d.key} must be personal`);
        if (d.type === 'table') {
          assert.ok(!nested, `${owner}.${d.key}: nested table`);
          assert.ok(d.columns && d.columns.length > 0, `${owner}.${d.key} columns`);
          check(`${owner}.${d.key}`, d.columns, true);
        } else assert.equal(d.columns, undefined, `${owner}.${d.key}: columns on a scalar`);
      }
    };
    for (const t of ITEM_TYPES) check(t.code, t.fields, false);
  });

  test('the items the plan names are all there', () => {
    const required = [
      'housing-policy', 'housing-identification', 'housing-beneficiaries', 'housing-results',
      'procurement-intention', 'procurement-prequalification', 'procurement-tender', 'procurement-negotiation',
      'procurement-single-source', 'procurement-documents', 'procurement-correction', 'procurement-termination',
      'procurement-award', 'procurement-contract', 'procurement-acceptance', 'procurement-complaint-decision',
      'procurement-inspection-decision', 'procurement-bad-conduct',
      'property-decision', 'property-predisclosure', 'property-disclosure', 'property-appraisal', 'property-result',
      'construction-approval', 'construction-plan', 'construction-tender', 'construction-candidates',
      'construction-evaluation', 'construction-award', 'construction-contract', 'construction-performance',
      'construction-violation', 'construction-credit',
      'general-licence', 'general-penalty',
    ];
    for (const code of required) assert.ok(getItemType(code), code);
    for (const s of SECTOR_ORDER) assert.ok(itemTypesOfSector(s).length >= 2, s);
    assert.deepEqual([...SECTOR_ORDER].sort(), [...SECTORS].sort());
  });

  test('procurement-award has the mandated shape', () => {
    const t = requireItemType('procurement-award');
    const byKey = Object.fromEntries(t.fields.map((f) => [f.key, f]));
    for (const k of ['projectCode', 'projectName', 'purchaser', 'agency', 'budgetAmount', 'suppliers', 'mainItems', 'evaluationExperts', 'announcementPeriod', 'awardDate']) {
      assert.ok(byKey[k], k);
    }
    assert.equal(byKey.budgetAmount!.type, 'money');
    assert.deepEqual(byKey.suppliers!.columns!.map((c) => [c.key, c.type]), [
      ['name', 'text'], ['creditCode', 'creditCode'], ['address', 'text'], ['awardAmount', 'money'],
    ]);
    assert.deepEqual(byKey.mainItems!.columns!.map((c) => c.key), ['name', 'brand', 'model', 'quantity', 'unit', 'unitPrice']);
    assert.equal(byKey.evaluationExperts!.confidential, undefined, '87号令 69: experts are public with the result');
    assert.equal(t.deadlineRule, 'procurement-result-2wd');
    assert.equal(t.minDurationRule, 'procurement-result-period-1wd');
  });

  test('secrets and personal data are marked', () => {
    const cases: [string, string, string | undefined][] = [
      ['construction-tender', 'reservePrice', '《招标投标法》第二十二条'],
      ['construction-evaluation', 'committeeMembers', '《招标投标法》第三十七条'],
    ];
    for (const [code, key, basis] of cases) {
      const f = requireItemType(code).fields.find((x) => x.key === key)!;
      assert.deepEqual(f.confidential, { until: 'award', basis });
    }
    const households = requireItemType('housing-beneficiaries').fields.find((f) => f.key === 'households')!;
    const cols = Object.fromEntries(households.columns!.map((c) => [c.key, c]));
    assert.equal(cols.name!.personal, true);
    assert.equal(cols.idNumber!.type, 'idNumber');
    assert.deepEqual(cols.dwellingGrade!.options, ['C级', 'D级']);
    assert.equal(cols.householdCategory!.confidential?.until, 'always');
    assert.equal(requireItemType('general-penalty').fields.find((f) => f.key === 'partyIdNumber')!.personal, true);
    const approval = requireItemType('construction-approval').fields.find((f) => f.key === 'investmentCode')!;
    assert.equal(approval.type, 'investmentCode');
    assert.equal(approval.required, true);
  });

  test('双公示 types', () => {
    assert.equal(requireItemType('general-licence').dualPublicity, 'licence');
    assert.equal(requireItemType('general-penalty').dualPublicity, 'penalty');
    for (const code of ['general-licence', 'general-penalty']) assert.equal(requireItemType(code).deadlineRule, 'dual-publicity-7wd');
    assert.equal(requireItemType('general-penalty').withdrawalRule, 'penalty-withdraw-3d');
    assert.equal(ITEM_TYPES.filter((t) => t.dualPublicity).length, 2, 'only the general types count in table 2');
  });

  test('lookup helpers', () => {
    assert.equal(getItemType('no-such-type'), undefined);
    assert.throws(() => requireItemType('no-such-type'), /unknown item type/);
    assert.deepEqual(['general', 'zz-new', 'housing', 'construction'].sort(compareSectors), ['housing', 'construction', 'general', 'zz-new']);
  });
});
