// The bulk path (Excel import → DisclosureService.createDraftsBulk, multi-row INSERTs) must leave
// exactly what the form leaves (createDraft, one draft at a time): the disclosure row, its `create`
// event and its privacy findings – equal except ids, timestamps and the import's source note.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { completeIdNumber } from '../src/domain/identifiers.ts';
import type { DraftInput } from '../src/modules/disclosures/service.ts';
import { ExcelImportService } from '../src/modules/excel/import-service.ts';
import { Client, createTestEnv, principalOf, type TestEnv } from './helpers/context.ts';
import { fillTemplate, type CellValue } from './helpers/xlsx.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => env?.close());

const ID1 = completeIdNumber('44020419800101123');
const ID2 = completeIdNumber('44020419751231456');

/** Two beneficiary lists: personal table cells (masked automatically) and an ID number and mobile in free text (open findings). */
const records = [
  {
    title: '2026年农村危房改造补助对象名单（第一批）',
    formedDate: '2026-11-02',
    body: '',
    fields: { year: 2026, allocationDate: '2026-10-30', taskHouseholds: 2, totalFunds: '60000.00', subsidyStandard: `联系人张三，电话13800138000，身份证${ID2}`, households: [
      { name: '李四', idNumber: ID1, town: '花坪镇', village: '黄沙村', dwellingGrade: 'D级', renovationMode: '拆除重建', subsidyAmount: '40000.00' },
      { name: '王五', idNumber: ID2, town: '花坪镇', village: '石角村', dwellingGrade: 'C级', renovationMode: '修缮加固', subsidyAmount: '20000.00' },
    ] },
  },
  {
    title: '2026年农村危房改造补助对象名单（第二批）',
    formedDate: '2026-11-03',
    body: '监督电话 0751-8888888',
    fields: { year: 2026, allocationDate: '2026-10-31', taskHouseholds: 1, totalFunds: '20000.00', households: [
      { name: '赵六', idNumber: ID1, town: '犁市镇', village: '下陂村', dwellingGrade: 'C级', renovationMode: '修缮加固', subsidyAmount: '20000.00' },
    ] },
  },
];

const HEADERS: Record<string, string> = { name: '补助对象名单·户主姓名', idNumber: '补助对象名单·身份证号码', town: '补助对象名单·镇（街道）', village: '补助对象名单·村（居）委会', dwellingGrade: '补助对象名单·危房等级', renovationMode: '补助对象名单·改造方式', subsidyAmount: '补助对象名单·补助金额（元）' };

/** The same records as template rows: one sheet row per household, the record's own cells on its first. */
function sheetRows(): Record<string, CellValue>[] {
  const out: Record<string, CellValue>[] = [];
  records.forEach((r, i) => {
    r.fields.households.forEach((h, j) => {
      const row: Record<string, CellValue> = { 记录序号: i + 1 };
      if (j === 0) {
        Object.assign(row, { 标题: r.title, '信息形成（变更）日期': r.formedDate, 年度: r.fields.year, 任务和资金分配确定日期: r.fields.allocationDate, '年度改造任务（户）': r.fields.taskHouseholds, '补助资金总额（元）': Number(r.fields.totalFunds) });
        if (r.body) row.正文 = r.body;
        if (r.fields.subsidyStandard) row.补助标准 = r.fields.subsidyStandard;
      }
      for (const [k, v] of Object.entries(h)) row[HEADERS[k]!] = k === 'subsidyAmount' ? Number(v) : v;
      out.push(row);
    });
  });
  return out;
}

type Row = Record<string, unknown>;
const without = (r: Row, keys: string[]) => Object.fromEntries(Object.entries(r).filter(([k]) => !keys.includes(k)));

async function snapshot(id: number) {
  const { db } = env.ctx.database;
  const d = await db.selectFrom('disclosures').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const events = await db.selectFrom('events').selectAll().where('entity', '=', 'disclosure').where('entity_id', '=', id).orderBy('id').execute();
  const findings = await db.selectFrom('privacy_findings').selectAll().where('disclosure_id', '=', id).execute();
  return {
    disclosure: without(d, ['id', 'created_at', 'updated_at']),
    events: events.map((e) => ({ ...without(e, ['id', 'at', 'entity_id', 'data']), data: e.data === null ? null : without(JSON.parse(e.data) as Row, ['source', 'file', 'sha256']) })),
    source: events.map((e) => (e.data === null ? undefined : (JSON.parse(e.data) as Row).source)),
    // Findings in a stable order: by where they are and what they found, not by insertion id.
    findings: findings.map((f) => JSON.stringify(without(f, ['id', 'disclosure_id', 'created_at']))).sort(),
  };
}

describe('bulk drafts equal form drafts', () => {
  test('an imported draft and a form-created draft have the same row, event and privacy findings', async () => {
    const p = await principalOf(env, 'editor');
    const t = env.ctx.itemTypes.byCodeOrUndefined('housing-beneficiaries')!;
    const formIds: number[] = [];
    for (const r of records) {
      const input: DraftInput = { itemTypeId: t.id, departmentId: env.ids.czj, projectId: null, title: r.title, body: r.body, formedDate: r.formedDate, fields: structuredClone(r.fields) };
      formIds.push(await env.ctx.disclosures.createDraft(p, input));
    }

    const editor = await new Client(env.app).login('editor');
    const tpl = await editor.get(`/admin/item-types/${t.code}/template.xlsx`);
    assert.equal(tpl.statusCode, 200, 'template downloads');
    const file = await fillTemplate(tpl.rawPayload, sheetRows());
    const report = await new ExcelImportService(env.ctx.database.db, env.ctx.disclosures).run(p, { itemType: t, departmentId: env.ids.czj, fileName: '名单.xlsx', data: file, save: true });
    assert.deepEqual(report.issues, [], 'the workbook is clean');
    assert.equal(report.saved?.length, records.length, 'every record saved');

    for (const [i, formId] of formIds.entries()) {
      const form = await snapshot(formId);
      const bulk = await snapshot(report.saved![i]!);
      assert.ok(form.findings.length >= 1, `record ${i + 1} has privacy findings to compare (${form.findings.length})`);
      assert.deepEqual(bulk.disclosure, form.disclosure, `record ${i + 1}: disclosure row`);
      assert.deepEqual(bulk.events, form.events, `record ${i + 1}: events`);
      assert.deepEqual(bulk.findings, form.findings, `record ${i + 1}: privacy findings`);
      assert.deepEqual(bulk.source, ['xlsx'], 'the import notes its source on the create event');
      assert.deepEqual(form.source, [undefined], 'the form does not');
    }
  });

  test('ids come back in input order across chunks, and a bad record keeps the whole batch out', async () => {
    const p = await principalOf(env, 'editor');
    const t = env.ctx.itemTypes.byCodeOrUndefined('housing-policy')!;
    const policy = { documentTitle: '浈江区农村危房改造实施方案', issuer: '浈江区住房和城乡建设局', issueDate: '2026-10-01', targetGroups: '农村低收入群体等重点对象', subsidyStandards: '按危房等级和改造方式确定', summary: '明确改造任务、补助标准和工作程序' };
    const inputs = (n: number): DraftInput[] =>
      Array.from({ length: n }, (_, i) => ({ itemTypeId: t.id, departmentId: env.ids.czj, projectId: null, title: `政策文件第${i}号`, body: `正文${i}`, formedDate: '2026-11-02', fields: { ...policy } }));
    const { db } = env.ctx.database;
    const before = await db.selectFrom('disclosures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const bad = inputs(5);
    bad[4]!.title = '';
    await assert.rejects(env.ctx.disclosures.createDraftsBulk(p, bad), (e: Error & { details?: { field: string }[] }) => e.details?.[0]?.field === '4.title', 'the bad record is named by its index');
    const mid = await db.selectFrom('disclosures').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(mid.n), Number(before.n), 'nothing written');

    const n = 2345; // three INSERT chunks of the disclosures table
    const ids = await env.ctx.disclosures.createDraftsBulk(p, inputs(n), { source: 'test' });
    assert.equal(ids.length, n, 'one id per input');
    const rows = await db.selectFrom('disclosures').select(['id', 'title']).where('id', 'in', [ids[0]!, ids[1234]!, ids[n - 1]!]).orderBy('id').execute();
    assert.deepEqual(rows.map((r) => r.title), ['政策文件第0号', '政策文件第1234号', `政策文件第${n - 1}号`], 'id i is input i');
    const events = await db.selectFrom('events').select((eb) => eb.fn.countAll<number>().as('n')).where('entity', '=', 'disclosure').where('action', '=', 'create').where('entity_id', '>=', ids[0]!).executeTakeFirstOrThrow();
    assert.equal(Number(events.n), n, 'one create event per draft');
  });
});
