// Annual reports from seeded requests: the 2025 reports balance, a broken report cannot be
// published, the published report is an HTML page and a DOCX, overdue reports are listed, and the
// CLI writes table 3 as rows × columns with the exact Chinese labels.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Client, createTestEnv, principalOf, type TestEnv } from './helpers/context.ts';
import { seedRequests } from '../src/modules/requests/seed.ts';
import { docxXmlText, readZipFile } from '../src/modules/requests/file-text.ts';
import { convertsWithLibreOffice } from './helpers/requests.ts';
import { TABLE3_COLUMN_LABELS, TABLE3_ROWS } from '../src/modules/annual-report/table3.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
  const userIds = new Map([['czj-editor', env.ids.editor], ['czj-reviewer', env.ids.reviewer], ['nyj-editor', env.ids.nyjEditor]]);
  await env.ctx.database.db.transaction().execute((trx) => seedRequests(trx, { departments: [{ code: 'czj', id: env.ids.czj }, { code: 'nyj', id: env.ids.nyj }, { code: 'gkb', id: env.ids.gkb }], userIds, today: '2026-11-26' }));
});
after(async () => env?.close());

const row = (r: { table3: { rows: { key: string; values: number[] }[] } }, key: string) => r.table3.rows.find((x) => x.key === key)!.values;

describe('2025 reports of the seeded departments', () => {
  for (const code of ['czj', 'nyj', 'gkb', 'district']) {
    test(`${code}: every invariant of 国办公开办函〔2021〕30号 holds`, async () => {
      const r = await env.ctx.annualReports.gov(code, 2025);
      assert.deepEqual(r.invariants.errors, []);
      assert.ok(r.invariants.ok, "r.invariants.ok");
      assert.ok(row(r, 'new')[6]! > 20, 'requests of 2025 counted');
      assert.equal(row(r, 'carried')[6]! >= 1, true, 'a request from December 2024 is carried over');
      assert.equal(row(r, 'forward')[6]! >= 1, true, 'a request from December 2025 is carried forward');
      for (const k of ['1', '2', '3.4', '3.6', '3.7', '3.8', '4.1', '4.2', '4.3', '5.1', '5.2', '5.3', '5.4', '5.5', '6.1', '6.2', '6.3']) assert.ok(row(r, k)[6]! >= 1, `table 3 row ${k} has a request`);
    });
  }

  test('the district report is the sum of its departments', async () => {
    const [a, b, c, d] = await Promise.all(['czj', 'nyj', 'gkb', 'district'].map((x) => env.ctx.annualReports.gov(x, 2025)));
    for (const key of ['new', 'carried', 'total', 'forward']) assert.equal(row(d!, key)[6], row(a!, key)[6]! + row(b!, key)[6]! + row(c!, key)[6]!, key);
    assert.deepEqual(d!.table4.rows.map((x) => x.values[4]), [0, 1, 2].map((i) => a!.table4.rows[i]!.values[4]! + b!.table4.rows[i]!.values[4]! + c!.table4.rows[i]!.values[4]!));
    assert.equal(d!.departments?.length, 3);
  });

  test('fees charged are reported in part 六', async () => {
    const r = await env.ctx.annualReports.gov('czj', 2025);
    assert.match(r.parts.other, /收取信息处理费 1 件，共计 500 元/);
  });
});

describe('publishing', () => {
  test('a report that breaks an invariant is refused with the row and column named; fixed, it publishes', async () => {
    const editor = await new Client(env.app).login('editor');
    const reviewer = await new Client(env.app).login('reviewer');
    const url = '/admin/annual-reports/czj/2025/gov';
    let csrf = await editor.csrfFrom(url);
    const saved = await editor.post(url, { _csrf: csrf, 'adj.new.0': '2', adjustmentNote: '平台上线前收到的纸质申请', 'rules.issued': '1', 'normative.inForce': '12', feesWanYuan: '3.25' });
    assert.equal(saved.statusCode, 303);
    const page = await editor.get(url);
    assert.match(page.body, /表三“自然人”列：“一、本年新收政府信息公开申请数量”/);
    csrf = await reviewer.csrfFrom(url);
    const refused = await reviewer.post(`${url}/publish`, { _csrf: csrf });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /不能发布/);
    assert.match(refused.body, /“四、结转下年度继续办理”/);
    const stillDraft = await env.ctx.annualReports.gov('czj', 2025);
    assert.equal(stillDraft.state, 'draft');
    assert.equal((await new Client(env.app).get('/departments/czj/annual-reports/2025')).statusCode, 404, 'nothing public yet');

    // The same correction balanced by the row where those requests ended up.
    csrf = await editor.csrfFrom(url);
    await editor.post(url, { _csrf: csrf, 'adj.new.0': '2', 'adj.1.0': '2', adjustmentNote: '平台上线前收到的纸质申请', 'rules.issued': '1', 'normative.inForce': '12', feesWanYuan: '3.25' });
    csrf = await reviewer.csrfFrom(url);
    const ok = await reviewer.post(`${url}/publish`, { _csrf: csrf });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 1500));
    assert.equal(ok.headers.location, '/departments/czj/annual-reports/2025');
  });

  test('the published report is an accessible page with a DOCX that opens in LibreOffice, and its figures are frozen', async (t) => {
    const c = new Client(env.app);
    const res = await c.get('/departments/czj/annual-reports/2025');
    assert.equal(res.statusCode, 200);
    assert.equal((res.body.match(/<h1[\s>]/g) ?? []).length, 1);
    for (const s of ['一、总体情况', '二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况', '五、存在的主要问题及改进情况', '六、其他需要报告的事项', '（三）不予公开', '8.属于行政查询事项', '四、结转下年度继续办理', '平台上线前收到的纸质申请', '<th scope="colgroup" colspan="5">法人或其他组织</th>']) assert.ok(res.body.includes(s), s);
    const docx = await c.get('/departments/czj/annual-reports/2025.docx');
    assert.equal(docx.statusCode, 200);
    const text = docxXmlText(readZipFile(docx.rawPayload, 'word/document.xml')!.toString('utf8'));
    for (const s of ['韶关市浈江区财政局2025年政府信息公开工作年度报告', '一、本年新收政府信息公开申请数量', '（七）总计', '复议后起诉', '3.25']) assert.ok(text.includes(s), s);
    await convertsWithLibreOffice(t, docx.rawPayload, 'the 2025 annual report of 财政局');
    const list = await c.get('/departments/czj/annual-reports');
    assert.match(list.body, /2025年政府信息公开工作年度报告/);
    const frozen = await env.ctx.annualReports.gov('czj', 2025);
    assert.equal(frozen.state, 'published');
    assert.equal(row(frozen, 'new')[0], row(await env.ctx.annualReports.gov('czj', 2025, { live: true }), 'new')[0]);
  });

  test('next year: 二、上年结转 is checked against the published 四 (no warning when it matches the data)', async () => {
    const r = await env.ctx.annualReports.gov('czj', 2026);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(row(r, 'carried').slice(0, 6), row(await env.ctx.annualReports.gov('czj', 2025, { live: true }), 'forward').slice(0, 6));
  });

  test('an editor may write but not publish; another department cannot touch the report', async () => {
    const editor = await principalOf(env, 'editor');
    await assert.rejects(env.ctx.annualReports.publish(editor, 'nyj', 2025, 'gov'), /发布/);
    const nyj = await principalOf(env, 'nyj-editor');
    await assert.rejects(env.ctx.annualReports.saveInputs(nyj, 'czj', 2026, 'gov', {}), /本单位/);
  });
});

describe('deadlines (条例 第四十九条)', () => {
  test('departments by 31 January, the district by 31 March, the progress report by end of February', async () => {
    const office = await principalOf(env, 'office');
    const s = await env.ctx.annualReports.status(office, 2025, '2026-02-01');
    const find = (scope: string, kind: string) => s.find((x) => x.scope === scope && x.kind === kind)!;
    assert.deepEqual([find('nyj', 'gov').deadline, find('nyj', 'gov').overdue], ['2026-01-31', true]);
    assert.equal(find('czj', 'gov').overdue, false, 'published');
    assert.deepEqual([find('_district', 'gov').deadline, find('_district', 'gov').overdue], ['2026-03-31', false]);
    assert.deepEqual([find('nyj', 'progress').deadline, find('nyj', 'progress').overdue], ['2026-02-28', false]);
    const page = await (await new Client(env.app).login('office')).get('/admin/annual-reports?year=2025');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /逾期未发布：\d+/);
  });

  test('the progress report counts disclosures per sector and publishes', async () => {
    const reviewer = await principalOf(env, 'reviewer');
    const r = await env.ctx.annualReports.publish(reviewer, 'czj', 2025, 'progress');
    assert.equal(r.kind, 'progress');
    assert.ok(r.kind === 'progress' && r.sectors.length >= 4, "r.kind === 'progress' && r.sectors.length >= 4");
    assert.equal((await new Client(env.app).get('/departments/czj/progress-reports/2025')).statusCode, 200);
  });
});

describe('CLI: gongkai annual-report', () => {
  const cli = (args: string[]) => {
    const cfg = env.ctx.config;
    return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'annual-report', ...args], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent', SEED_DEMO: 'false', DATA_DIR: cfg.dataDir, DATABASE_URL: cfg.databaseUrl, ...(cfg.databaseSchema ? { DATABASE_SCHEMA: cfg.databaseSchema } : {}) },
    });
  };

  test('JSON has table3 as rows × columns with the exact Chinese row labels', () => {
    const r = cli(['--year', '2025', '--department', 'nyj', '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.format, '国办公开办函〔2021〕30号');
    assert.deepEqual(j.table3.columns, ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']);
    assert.deepEqual(j.table3.columns, TABLE3_COLUMN_LABELS);
    assert.deepEqual(j.table3.rows.map((x: { label: string }) => x.label), TABLE3_ROWS.map((x) => x.label));
    assert.equal(j.table3.rows[0].label, '一、本年新收政府信息公开申请数量');
    assert.equal(j.table3.rows[1].label, '二、上年结转政府信息公开申请数量');
    assert.equal(j.table3.rows.at(-1).label, '四、结转下年度继续办理');
    assert.ok(j.table3.rows.some((x: { group: string; label: string }) => x.group === '（六）其他处理' && x.label === '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'), "j.table3.rows.some((x: { group: string; label: string }) => x.group === '（六）其他处理' && x.label === '2.申请人逾期未按收费通知要求缴纳费用…");
    for (const x of j.table3.rows) assert.equal(x.values.length, 7);
    assert.equal(j.invariants.ok, true);
    assert.equal(j.table4.rows.length, 3);
  });

  test('bad arguments exit 2 with the usage', () => {
    const r = cli(['--year', 'soon', '--format', 'json']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /用法/);
  });
});
