// Shared by the browser tests: the system Chromium (CI installs it with apt), the real app on a
// real port, and the values of one valid 中标（成交）结果公告.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { chromium, type Browser } from 'playwright-core';
import { completeCreditCode } from '../../src/domain/identifiers.ts';
import type { TestEnv } from '../helpers/context.ts';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'];

/**
 * Fails (never skips) without Chromium: a skipped browser test in CI would hide that the journey
 * was never exercised. CI installs it with `apt-get install chromium fonts-wqy-microhei`.
 */
export async function launchChromium(): Promise<Browser> {
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} not found: install it with \`apt-get install -y chromium fonts-wqy-microhei\` (.ci/run does this); browser tests must not be skipped`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 60_000 });
}

/** Starts the already-built app on an ephemeral port and returns its base URL. */
export async function listen(env: TestEnv): Promise<string> {
  await env.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = env.app.server.address() as AddressInfo;
  return `http://127.0.0.1:${addr.port}`;
}

/** Today in China: the form refuses a 信息形成日期 later than today (Asia/Shanghai). */
export function todayInChina(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

export const SUPPLIER_CODE = completeCreditCode('91440204', 'MA4UX1Y2');

/** The same code with a wrong check character (GB 32100-2015 校验码). */
export function badCreditCode(): string {
  const last = SUPPLIER_CODE.slice(-1);
  return SUPPLIER_CODE.slice(0, 17) + (last === '0' ? '1' : '0');
}

export const AWARD = {
  title: '浈江区第一人民医院医疗设备采购项目中标结果公告',
  projectCode: 'ZJCG-2026-015',
  projectName: '浈江区第一人民医院医疗设备采购项目',
  purchaser: '浈江区第一人民医院',
  agency: '韶关市公共资源交易中心',
  budgetAmount: '1,250,000',
  supplierName: '韶关市康华医疗器械有限公司',
  supplierAddress: '韶关市浈江区东堤中路12号',
  awardAmount: '1188000.00',
  awardAmountShown: '1,188,000.00 元',
  itemName: '彩色多普勒超声诊断仪',
  itemBrand: '迈瑞',
  itemQuantity: '2',
  itemUnitPrice: '594000',
  experts: '张某某、李某某、王某某',
  period: '1',
  body: '根据评标委员会评审结果，现将中标结果公告如下。',
  attachment: '中标结果通知书.pdf',
} as const;
