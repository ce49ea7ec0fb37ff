// The 保密审查 journey in a real browser (issue 6): a 危房改造 beneficiary list submitted with raw
// ID numbers and phone numbers in its body and an XLSX attachment. The reviewer cannot approve it
// while findings are open; masks each with one click, confirms the checklist, approves and
// publishes; an anonymous visitor then sees only masked values on the page and in the download.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { PASSWORD, createTestEnv, principalOf, type TestEnv } from '../helpers/context.ts';
import { launchChromium, listen } from './launch.ts';
import { CHECKLIST } from '../../src/modules/privacy/checklist.ts';
import { stopPdfWorker } from '../../src/modules/privacy/extract-pdf.ts';
import { beneficiaries, beneficiaryXlsx } from '../fixtures/pii/files.ts';

let env: TestEnv | undefined;
let base = '';
let id = 0;
const HS = beneficiaries(3, 21);
const TITLE = '犁市镇2026年农村危房改造补助对象名单';

before(async () => {
  env = await createTestEnv();
  const t = env.ctx.itemTypes.byCodeOrUndefined('housing-beneficiaries')!;
  const ed = await principalOf(env, 'editor');
  const body = ['现将补助对象名单予以公布。', ...HS.map((h, i) => `${i + 1}. 户主${h.name}，身份证号码${h.idNumber}，联系电话${h.phone}。`)].join('\n');
  id = await env.ctx.disclosures.createDraft(ed, {
    itemTypeId: t.id, departmentId: env.ids.czj, projectId: null, title: TITLE, body, formedDate: '2026-11-02',
    fields: { year: 2026, allocationDate: '2026-11-02', taskHouseholds: HS.length, totalFunds: '120000.00', households: HS.map((h) => ({ name: h.name, idNumber: h.idNumber, town: '犁市镇', village: h.village, dwellingGrade: 'D级', renovationMode: '拆除重建', householdCategory: '低保户', subsidyAmount: '40000.00' })) },
  }, [{ filename: '补助对象名单.xlsx', data: await beneficiaryXlsx(HS) }]);
  await env.ctx.disclosures.submit(ed, id);
  base = await listen(env);
});

after(async () => {
  await stopPdfWorker();
  await env?.close();
});

async function login(page: Page, username: string) {
  await page.goto(`${base}/admin/login`);
  await page.getByLabel(/^用户名/).fill(username);
  await page.getByLabel(/^密码/).fill(PASSWORD);
  await Promise.all([page.waitForURL(`${base}/admin`), page.getByRole('button', { name: '登录' }).click()]);
}

function assertNoRaw(what: string, text: string) {
  for (const h of HS) assert.ok(!text.includes(h.idNumber) && !text.includes(h.phone), `${what}: raw value of ${h.name[0]}*`);
}

describe('保密审查 in the browser', () => {
  test('the reviewer masks every finding with one click, confirms the checklist, approves and publishes; the public sees masked values only', { timeout: 150_000 }, async () => {
    const browser = await launchChromium();
    try {
      const staff = await browser.newContext();
      const page = await staff.newPage();
      page.setDefaultTimeout(20_000);
      await login(page, 'reviewer');
      await page.goto(`${base}/admin/disclosures/${id}`);
      await page.getByRole('heading', { level: 2, name: /个人信息与保密检查（待处理 6 处）/ }).waitFor();
      assertNoRaw('console findings', await page.getByRole('region', { name: '待处理的个人信息问题' }).innerText());

      // Approval is refused while findings are open, even with the checklist confirmed.
      for (const c of CHECKLIST) await page.getByLabel(c.label).check();
      await page.getByRole('button', { name: '审核通过（已完成保密审查）' }).click();
      await page.getByText(/尚有 6 处个人信息或保密问题未处理/).first().waitFor();

      for (let guard = 0; guard < 10; guard++) {
        const buttons = page.getByRole('button', { name: '一键脱敏' });
        if ((await buttons.count()) === 0) break;
        await Promise.all([page.waitForURL(/\?done=privacy/), buttons.first().click()]);
      }
      await page.getByText('没有待处理的个人信息或保密问题。').waitFor();
      for (const c of CHECKLIST) await page.getByLabel(c.label).check();
      await Promise.all([page.waitForURL(/\?done=approved$/), page.getByRole('button', { name: '审核通过（已完成保密审查）' }).click()]);
      await page.getByRole('heading', { name: '保密审查记录' }).waitFor();
      await Promise.all([page.waitForURL(/\?done=published$/), page.getByRole('button', { name: '发布', exact: true }).click()]);
      await staff.close();

      const visitor = await browser.newContext();
      const pub = await visitor.newPage();
      await pub.goto(`${base}/disclosures/${id}`);
      assert.equal(await pub.getByRole('heading', { level: 1 }).innerText(), TITLE);
      const text = await pub.locator('main').innerText();
      assertNoRaw('public page', text);
      assert.match(text, /44\*{13}/, 'masked ID numbers are shown');
      const href = await pub.getByRole('region', { name: '附件' }).getByRole('link', { name: '补助对象名单.xlsx' }).getAttribute('href');
      const file = await visitor.request.get(`${base}${href}`);
      assert.equal(file.status(), 200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await file.body()) as unknown as ArrayBuffer);
      const cells: string[] = [];
      wb.eachSheet((ws) => ws.eachRow((r) => r.eachCell((c) => cells.push(String(c.text)))));
      assertNoRaw('public XLSX', cells.join('\n'));
      await visitor.close();
    } finally {
      await browser.close();
    }
  });
});
