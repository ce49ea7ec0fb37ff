// The publishing journey in a real browser against the real app and database: an editor of 财政局
// drafts a 中标（成交）结果公告 (first with mistakes, then corrected) and submits it; the reviewer
// approves and publishes it; an anonymous visitor finds it on the 政府采购 page and opens it.
// Locators are the accessible ones (label, role, name): a control that cannot be found this way
// is a bug in the markup, not in this test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD, createTestEnv, tinyPdf, type TestEnv } from '../helpers/context.ts';
import { AWARD, SUPPLIER_CODE, badCreditCode, launchChromium, listen, todayInChina } from './launch.ts';
import { CHECKLIST } from '../../src/modules/privacy/checklist.ts';

const SCREENSHOT = '/tmp/gongkai-disclosure.png';

let env: TestEnv | undefined;
let base = '';
let tmpDir = '';
let pdfPath = '';

before(async () => {
  env = await createTestEnv();
  base = await listen(env);
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-browser-'));
  // The upload keeps the file's own name, so the temp file carries the Chinese name.
  pdfPath = path.join(tmpDir, AWARD.attachment);
  fs.writeFileSync(pdfPath, tinyPdf('award notice'));
});

after(async () => {
  await env?.close();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A form control by its visible label. Required ones add an aria-hidden "*" and a visually hidden
 * "（必填）"; Chromium joins that absolutely positioned span with a space.
 */
function field(page: Page, label: string) {
  return page.getByLabel(new RegExp(`^${escapeRegExp(label)}\\s*\\*?\\s*(（必填）)?$`));
}

/** Table cells have no visible label per cell; their accessible name is "<表>第<n>行<列>". */
function cell(page: Page, table: string, row: number, column: string) {
  return page.getByLabel(`${table}第${row}行${column}`, { exact: true });
}

async function login(page: Page, username: string) {
  await page.goto(`${base}/admin/login`);
  await field(page, '用户名').fill(username);
  await field(page, '密码').fill(PASSWORD);
  await Promise.all([page.waitForURL(`${base}/admin`), page.getByRole('button', { name: '登录' }).click()]);
  await page.getByRole('heading', { level: 1, name: '工作台' }).waitFor();
}

async function logout(page: Page) {
  await Promise.all([page.waitForURL(`${base}/`), page.getByRole('button', { name: '退出' }).click()]);
  await page.getByRole('link', { name: '工作人员登录' }).waitFor();
}

/** The values the bad-input step types and then checks were kept (the title is left empty). */
function typedValues(page: Page, today: string): [ReturnType<typeof field>, string][] {
  return [
    [field(page, '信息形成（变更）日期'), today],
    [field(page, '项目编号'), AWARD.projectCode],
    [field(page, '项目名称'), AWARD.projectName],
    [field(page, '采购人'), AWARD.purchaser],
    [field(page, '采购代理机构'), AWARD.agency],
    [field(page, '预算金额（元）'), AWARD.budgetAmount],
    [cell(page, '中标供应商', 1, '供应商名称'), AWARD.supplierName],
    [cell(page, '中标供应商', 1, '统一社会信用代码'), badCreditCode()],
    [cell(page, '中标供应商', 1, '供应商地址'), AWARD.supplierAddress],
    [cell(page, '中标供应商', 1, '中标（成交）金额（元）'), AWARD.awardAmount],
    [cell(page, '主要标的信息', 1, '名称'), AWARD.itemName],
    [cell(page, '主要标的信息', 1, '品牌'), AWARD.itemBrand],
    [cell(page, '主要标的信息', 1, '数量'), AWARD.itemQuantity],
    [cell(page, '主要标的信息', 1, '单价（元）'), AWARD.itemUnitPrice],
    [field(page, '评审专家名单'), AWARD.experts],
    [field(page, '公告期限（工作日）'), AWARD.period],
    [field(page, '中标（成交）供应商确定日期'), today],
    [field(page, '正文'), AWARD.body],
  ];
}

describe('publishing journey in Chromium', () => {
  test('editor drafts and submits, reviewer approves and publishes, the public finds and opens it', { timeout: 150_000 }, async () => {
    const browser: Browser = await launchChromium();
    try {
      const today = todayInChina();

      // ---- the editor of 财政局 ----
      const staff = await browser.newContext();
      const page = await staff.newPage();
      page.setDefaultTimeout(15_000);
      await login(page, 'editor');
      await page.getByRole('link', { name: '起草新信息' }).click();
      await page.getByRole('heading', { level: 1, name: '起草新信息' }).waitFor();
      await field(page, '信息类型').selectOption('procurement-award');
      assert.equal(await field(page, '发布单位').inputValue(), String(env!.ids.czj), 'the editor’s only department is preselected');
      await Promise.all([page.waitForURL(/\/admin\/disclosures\/new\?itemType=procurement-award/), page.getByRole('button', { name: '下一步：填写内容' }).click()]);
      await page.getByRole('heading', { level: 1, name: '起草：中标（成交）结果公告' }).waitFor();

      // First attempt: empty title and a 统一社会信用代码 with a wrong check character.
      for (const [loc, value] of typedValues(page, today)) await loc.fill(value);
      await field(page, '采购方式').selectOption('公开招标');
      await field(page, '添加附件').setInputFiles(pdfPath);
      const [bad] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${base}/admin/disclosures` && r.request().method() === 'POST'),
        page.getByRole('button', { name: '保存草稿' }).click(),
      ]);
      assert.equal(bad.status(), 400);
      await page.waitForLoadState('domcontentloaded');
      const summary = page.locator('.error-summary');
      await summary.waitFor();
      assert.equal(await summary.getAttribute('role'), 'alert');
      const summaryText = await summary.innerText();
      assert.match(summaryText, /提交未成功，请修改以下2处问题/);
      assert.match(summaryText, /请填写标题/);
      assert.match(summaryText, /统一社会信用代码/);
      // "At the top": directly under the page heading, before the form.
      assert.equal(await page.locator('main > h1 + .error-summary + form.draft-form').count(), 1, 'the error summary sits between the h1 and the form');
      // Each message links to its field.
      assert.equal(await summary.getByRole('link', { name: '请填写标题' }).getAttribute('href'), '#fld-title');
      assert.equal(await summary.getByRole('link', { name: /统一社会信用代码/ }).getAttribute('href'), '#fld-f-suppliers-0-creditCode');
      assert.equal(await field(page, '标题').getAttribute('aria-invalid'), 'true');
      assert.equal(await cell(page, '中标供应商', 1, '统一社会信用代码').getAttribute('aria-invalid'), 'true');
      // Everything typed is still there, including the wrong code (so it can be corrected, not retyped).
      for (const [loc, value] of typedValues(page, today)) assert.equal(await loc.inputValue(), value.replace(/\r\n/g, '\n'));
      assert.equal(await field(page, '采购方式').inputValue(), '公开招标');
      assert.equal(await field(page, '标题').inputValue(), '');

      // Second attempt: corrected. A browser never keeps a chosen file across a page load, so attach again.
      await field(page, '标题').fill(AWARD.title);
      await cell(page, '中标供应商', 1, '统一社会信用代码').fill(SUPPLIER_CODE);
      await field(page, '添加附件').setInputFiles(pdfPath);
      await Promise.all([page.waitForURL(/\/admin\/disclosures\/\d+\?done=saved$/), page.getByRole('button', { name: '保存草稿' }).click()]);
      const id = Number(/\/admin\/disclosures\/(\d+)/.exec(page.url())![1]);
      await page.getByRole('status').filter({ hasText: '草稿已保存。' }).waitFor();
      await page.getByRole('heading', { level: 1, name: AWARD.title }).waitFor();
      await page.getByRole('link', { name: AWARD.attachment }).waitFor();
      await Promise.all([page.waitForURL(/\?done=submitted$/), page.getByRole('button', { name: '提交审核' }).click()]);
      await page.getByRole('status').filter({ hasText: '已提交审核。' }).waitFor();
      await logout(page);
      assert.equal((await staff.cookies()).some((c) => c.name === 'gk_session'), false, 'logout drops the session cookie');

      // ---- the reviewer ----
      await login(page, 'reviewer');
      const queue = page.getByRole('region', { name: '待审核' });
      await Promise.all([page.waitForURL(`${base}/admin/disclosures/${id}`), queue.getByRole('link', { name: AWARD.title }).click()]);
      // 保密审查 (issue 6): the reviewer confirms every checklist item before approving.
      for (const c of CHECKLIST) await page.getByLabel(c.label).check();
      await Promise.all([page.waitForURL(/\?done=approved$/), page.getByRole('button', { name: '审核通过（已完成保密审查）' }).click()]);
      await page.getByRole('status').filter({ hasText: '已审核通过，可以发布。' }).waitFor();
      await Promise.all([page.waitForURL(/\?done=published$/), page.getByRole('button', { name: '发布', exact: true }).click()]);
      await page.getByRole('status').filter({ hasText: '已发布，公众现在可以看到。' }).waitFor();
      await logout(page);
      await staff.close();

      // ---- an anonymous visitor (a fresh browser profile) ----
      const visitor = await browser.newContext();
      const pub = await visitor.newPage();
      pub.setDefaultTimeout(15_000);
      await pub.goto(`${base}/`);
      await Promise.all([pub.waitForURL(`${base}/sectors/procurement`), pub.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '政府采购' }).click()]);
      await pub.getByRole('heading', { level: 1, name: '政府采购' }).waitFor();
      await Promise.all([pub.waitForURL(`${base}/disclosures/${id}`), pub.getByRole('link', { name: AWARD.title }).click()]);
      assert.equal(await pub.getByRole('heading', { level: 1 }).innerText(), AWARD.title);
      assert.equal(await pub.getByRole('heading', { level: 1 }).count(), 1, 'one h1');
      await pub.getByText(AWARD.awardAmountShown).first().waitFor();
      await pub.getByText(AWARD.supplierName).first().waitFor();
      const link = pub.getByRole('region', { name: '附件' }).getByRole('link', { name: AWARD.attachment });
      const href = await link.getAttribute('href');
      assert.match(href ?? '', new RegExp(`^/disclosures/${id}/attachments/\\d+$`));
      const file = await visitor.request.get(`${base}${href}`);
      assert.equal(file.status(), 200);
      assert.equal(file.headers()['content-type'], 'application/pdf');
      assert.equal((await file.body()).subarray(0, 5).toString('latin1'), '%PDF-');
      await pub.setViewportSize({ width: 1280, height: 900 });
      await pub.screenshot({ path: SCREENSHOT, fullPage: true });
      assert.ok(fs.statSync(SCREENSHOT).size > 10_000, 'a non-trivial screenshot');
      await visitor.close();
    } finally {
      await browser.close();
    }
  });
});
