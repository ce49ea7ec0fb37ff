// WCAG 2.1 A/AA checks (axe-core) on the public pages and the draft form, in Chromium against the
// real app. 《信息技术 互联网内容无障碍可访问性技术要求与测试方法》(GB/T 37668-2019) follows
// WCAG 2.0 AA; we test the 2.1 rules as well. A failure lists each violation with its selectors.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
// The named export: the package's types are CommonJS, so a default import type-checks as the namespace.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Client, PASSWORD, createTestEnv, tinyPdf, type TestEnv } from '../helpers/context.ts';
import { AWARD, SUPPLIER_CODE, launchChromium, listen, todayInChina } from './launch.ts';
import { CHECKLIST } from '../../src/modules/privacy/checklist.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let env: TestEnv | undefined;
let browser: Browser | undefined;
let base = '';
let disclosureId = 0;
let editorContext: BrowserContext | undefined;

/** One published 中标结果公告, made over HTTP the way test/disclosure-lifecycle.test.ts does. */
async function publishOne(e: TestEnv): Promise<number> {
  const today = todayInChina();
  const editor = await new Client(e.app).login('editor');
  const reviewer = await new Client(e.app).login('reviewer');
  const csrf = await editor.csrfFrom(`/admin/disclosures/new?itemType=procurement-award&department=${e.ids.czj}`);
  const res = await editor.postMultipart(
    '/admin/disclosures',
    {
      _csrf: csrf,
      itemType: 'procurement-award',
      departmentId: String(e.ids.czj),
      title: AWARD.title,
      formedDate: today,
      body: AWARD.body,
      'f.projectCode': AWARD.projectCode,
      'f.projectName': AWARD.projectName,
      'f.purchaser': AWARD.purchaser,
      'f.agency': AWARD.agency,
      'f.budgetAmount': AWARD.budgetAmount,
      'f.awardDate': today,
      'f.suppliers.0.name': AWARD.supplierName,
      'f.suppliers.0.creditCode': SUPPLIER_CODE,
      'f.suppliers.0.address': AWARD.supplierAddress,
      'f.suppliers.0.awardAmount': AWARD.awardAmount,
      'f.mainItems.0.name': AWARD.itemName,
      'f.mainItems.0.brand': AWARD.itemBrand,
      'f.mainItems.0.quantity': AWARD.itemQuantity,
      'f.mainItems.0.unitPrice': AWARD.itemUnitPrice,
      'f.announcementPeriod': AWARD.period,
      'f.evaluationExperts': AWARD.experts,
      _action: 'saveSubmit',
    },
    [{ name: 'files', filename: AWARD.attachment, data: tinyPdf() }],
  );
  assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
  const id = Number(/\/admin\/disclosures\/(\d+)/.exec(String(res.headers.location))![1]);
  for (const name of ['approve', 'publish']) {
    const token = await reviewer.csrfFrom(`/admin/disclosures/${id}`);
    // Approval carries the 保密审查 checklist (issue 6), every item confirmed.
    const review = name === 'approve' ? Object.fromEntries(CHECKLIST.map((c) => [`check.${c.key}`, 'on'])) : {};
    const r = await reviewer.post(`/admin/disclosures/${id}/${name}`, { _csrf: token, ...review });
    assert.equal(r.statusCode, 303, `${name}: ${r.body.slice(0, 500)}`);
  }
  return id;
}

before(async () => {
  env = await createTestEnv();
  disclosureId = await publishOne(env);
  base = await listen(env);
  browser = await launchChromium();
});

after(async () => {
  // Browser first: an open page keeps a connection to the server that app.close() would wait for.
  await browser?.close();
  await env?.close();
});

function report(url: string, violations: Awaited<ReturnType<AxeBuilder['analyze']>>['violations']): string {
  const lines = [`${violations.length} axe violation(s) on ${url}:`];
  for (const v of violations) {
    lines.push(`- ${v.id} [${v.impact ?? 'n/a'}] ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes) {
      lines.push(`    target: ${n.target.map((t) => (Array.isArray(t) ? t.join(' >> ') : String(t))).join(' | ')}`);
      if (n.failureSummary) lines.push(`      ${n.failureSummary.replace(/\n\s*/g, ' / ')}`);
    }
  }
  return lines.join('\n');
}

async function check(t: TestContext, page: Page, label: string): Promise<void> {
  // Only violations and needs-review get every node; passes are counted, not itemised (faster).
  const results = await new AxeBuilder({ page }).withTags(TAGS).options({ resultTypes: ['violations', 'incomplete'] }).analyze();
  // A page that failed to render would pass trivially; make sure axe saw the real page.
  assert.ok(results.passes.length > 10, `axe ran on ${label}`);
  // "Needs review" results are not failures, but a person should look at them.
  for (const i of results.incomplete) t.diagnostic(`needs review: ${i.id} on ${i.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  const msg = report(`${label} (${page.url()})`, results.violations);
  if (results.violations.length) console.log(msg);
  assert.equal(results.violations.length, 0, msg);
}

async function visit(page: Page, path: string, status = 200): Promise<void> {
  const res = await page.goto(`${base}${path}`);
  assert.equal(res?.status(), status, `GET ${path}`);
}

async function editorPage(): Promise<Page> {
  if (!editorContext) {
    editorContext = await browser!.newContext();
    const p = await editorContext.newPage();
    await visit(p, '/admin/login');
    await p.locator('#fld-username').fill('editor');
    await p.locator('#fld-password').fill(PASSWORD);
    await Promise.all([p.waitForURL(`${base}/admin`), p.getByRole('button', { name: '登录' }).click()]);
    await p.close();
  }
  const page = await editorContext.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

async function anonymousPage(): Promise<Page> {
  const context = await browser!.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

const PER_PAGE = { timeout: 90_000 };

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  const PUBLIC: [label: string, path: () => string][] = [
    ['home', () => '/'],
    ['sector list', () => '/sectors/procurement'],
    ['disclosure page', () => `/disclosures/${disclosureId}`],
    ['department page', () => '/departments/czj'],
    ['project list', () => '/projects'],
    ['login page', () => '/admin/login'],
  ];
  for (const [label, path] of PUBLIC) {
    test(label, PER_PAGE, async (t) => {
      const page = await anonymousPage();
      try {
        await visit(page, path());
        if (label === 'sector list') await page.getByRole('link', { name: AWARD.title }).waitFor();
        await check(t, page, label);
      } finally {
        await page.context().close();
      }
    });
  }

  test('draft form', PER_PAGE, async (t) => {
    const page = await editorPage();
    try {
      await visit(page, `/admin/disclosures/new?itemType=procurement-award&department=${env!.ids.czj}`);
      await page.locator('form.draft-form').waitFor();
      await check(t, page, 'draft form');
    } finally {
      await page.close();
    }
  });

  test('draft form after a failed submission', PER_PAGE, async (t) => {
    const page = await editorPage();
    try {
      await visit(page, `/admin/disclosures/new?itemType=procurement-award&department=${env!.ids.czj}`);
      // One field-level error (bad code in a table cell), one table-level (no 主要标的), and the
      // rest of the required fields left empty.
      await page.locator('#fld-f-suppliers-0-creditCode').fill('91440204MA4UX1Y2X0');
      await page.locator('#fld-f-suppliers-0-name').fill(AWARD.supplierName);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${base}/admin/disclosures` && r.request().method() === 'POST'),
        page.getByRole('button', { name: '保存草稿' }).click(),
      ]);
      assert.equal(res.status(), 400);
      await page.locator('.error-summary').waitFor();
      assert.ok((await page.locator('[aria-invalid="true"]').count()) >= 3, 'several fields are marked invalid');
      await check(t, page, 'draft form with errors');
    } finally {
      await page.close();
    }
  });

  // WCAG 2.1 SC 1.4.10 Reflow (AA), which axe does not test: at 320 CSS px nothing but a data table
  // (inside its own scrolling region) may need horizontal scrolling.
  test('reflow at 320 CSS pixels (WCAG 1.4.10)', PER_PAGE, async () => {
    const signedIn = await editorPage();
    const storageState = await signedIn.context().storageState();
    await signedIn.close();
    const narrow = await browser!.newContext({ viewport: { width: 320, height: 800 }, storageState });
    try {
      const page = await narrow.newPage();
      const overflowing: string[] = [];
      for (const path of ['/', '/sectors/procurement', `/disclosures/${disclosureId}`, '/departments/czj', '/projects', `/admin/disclosures/new?itemType=procurement-award&department=${env!.ids.czj}`]) {
        await visit(page, path);
        // Elements sticking out of the viewport, ignoring those inside a scrolling region.
        const wide = await page.evaluate(`(() => {
          const W = document.documentElement.clientWidth, out = [];
          for (const e of document.querySelectorAll('body *')) {
            if (e.closest('.table-scroll')) continue;
            const r = e.getBoundingClientRect();
            if (r.width > 0 && r.right > W + 1) out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).trim().replace(/\\s+/g, '.') : '') + ' (right edge ' + Math.round(r.right) + 'px)');
          }
          return out.slice(0, 3);
        })()`) as string[];
        if (wide.length) overflowing.push(`${path}: ${wide.join(', ')}`);
      }
      assert.deepEqual(overflowing, [], `horizontal scrolling at 320 px:\n${overflowing.join('\n')}`);
    } finally {
      await narrow.close();
    }
  });
});
