// Test harness: a real database per test file (a temporary SQLite file, or a fresh PostgreSQL
// schema when DATABASE_URL is postgres://…), the real app, and helpers to act as each role.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import { createContext, type AppContext } from '../../src/context.ts';
import { dropSchema } from '../../src/db/index.ts';
import { createUser } from '../../src/modules/accounts/service.ts';
import { createDepartment } from '../../src/modules/departments/service.ts';
import type { Role } from '../../src/db/schema.ts';
import { completeCreditCode } from '../../src/domain/identifiers.ts';
import { buildApp } from '../../src/web/app.ts';
import { confirmedReview } from '../../src/modules/privacy/checklist.ts';

export const PASSWORD = 'Test-password-2026';

export function testConfig(extra: Record<string, string> = {}): Config {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-test-'));
  const url = process.env.DATABASE_URL ?? '';
  const env: Record<string, string> = { NODE_ENV: 'test', DATA_DIR: dir, LOG_LEVEL: 'silent', SEED_DEMO: 'false', ...extra };
  if (url.startsWith('postgres')) {
    env.DATABASE_URL = url;
    env.DATABASE_SCHEMA = `t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  }
  return loadConfig(env as NodeJS.ProcessEnv);
}

export interface TestEnv {
  ctx: AppContext;
  app: FastifyInstance;
  ids: { czj: number; gkb: number; nyj: number; editor: number; editor2: number; reviewer: number; reviewer2: number; office: number; nyjEditor: number };
  close(): Promise<void>;
}

/** A fresh context with two departments and one user per role. */
export async function createTestEnv(extra: Record<string, string> = {}): Promise<TestEnv> {
  const config = testConfig(extra);
  const ctx = await createContext(config);
  const { db } = ctx.database;
  const at = new Date().toISOString();
  const ids = await db.transaction().execute(async (trx) => {
    const czj = await createDepartment(trx, { code: 'czj', name: '韶关市浈江区财政局', shortName: '财政局', kind: 'bureau', creditCode: completeCreditCode('11440204', 'MB2C9001'), address: null, phone: null, guide: '财政局信息公开指南', sort: 1, at }, null);
    const gkb = await createDepartment(trx, { code: 'gkb', name: '浈江区政务公开办', shortName: '政务公开办', kind: 'office', creditCode: null, address: null, phone: null, guide: '', sort: 0, at }, null);
    const nyj = await createDepartment(trx, { code: 'nyj', name: '韶关市浈江区农业局', shortName: '农业局', kind: 'bureau', creditCode: null, address: null, phone: null, guide: '', sort: 2, at }, null);
    const u = (username: string, memberships: { departmentId: number; role: Role }[]) => createUser(trx, { username, displayName: username, password: PASSWORD, memberships }, null);
    return {
      czj,
      gkb,
      nyj,
      editor: await u('editor', [{ departmentId: czj, role: 'editor' }]),
      editor2: await u('editor2', [{ departmentId: czj, role: 'editor' }, { departmentId: czj, role: 'reviewer' }]),
      reviewer: await u('reviewer', [{ departmentId: czj, role: 'reviewer' }]),
      reviewer2: await u('reviewer2', [{ departmentId: czj, role: 'reviewer' }]),
      office: await u('office', [{ departmentId: gkb, role: 'office' }]),
      nyjEditor: await u('nyj-editor', [{ departmentId: nyj, role: 'editor' }, { departmentId: nyj, role: 'reviewer' }]),
    };
  });
  const app = await buildApp(ctx, { logger: false });
  await app.ready();
  return {
    ctx,
    app,
    ids,
    async close() {
      await app.close();
      if (config.dialect === 'postgres' && config.databaseSchema) await dropSchema(ctx.database.db, config.databaseSchema);
      await ctx.close();
      fs.rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** A cookie-carrying client for app.inject, acting like one browser. */
export class Client {
  cookies = new Map<string, string>();
  constructor(readonly app: FastifyInstance) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: LightMyRequestResponse) {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
  }

  async get(url: string, headers: Record<string, string> = {}) {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader(), ...headers } });
    this.keep(res);
    return res;
  }

  /** Reads the CSRF token from a page's form, as a browser would submit it. */
  async csrfFrom(url: string): Promise<string> {
    const res = await this.get(url);
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (!m) throw new Error(`no CSRF token on ${url} (status ${res.statusCode})`);
    return m[1]!;
  }

  async post(url: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const x of ([] as string[]).concat(v)) body.append(k, x);
    const res = await this.app.inject({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: this.cookieHeader(), ...headers } });
    this.keep(res);
    return res;
  }

  async postMultipart(url: string, fields: Record<string, string>, files: { name: string; filename: string; data: Buffer; type?: string }[]) {
    const boundary = '----gongkai' + crypto.randomBytes(8).toString('hex');
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    for (const f of files) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`));
      parts.push(f.data, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const res = await this.app.inject({ method: 'POST', url, payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: this.cookieHeader() } });
    this.keep(res);
    return res;
  }

  async login(username: string, password = PASSWORD) {
    const csrf = await this.csrfFrom('/admin/login');
    const res = await this.post('/admin/login', { _csrf: csrf, username, password });
    if (res.statusCode !== 303) throw new Error(`login as ${username} failed: ${res.statusCode}`);
    return this;
  }
}

/** A minimal valid PDF with a text layer (hand-written; xref offsets computed). */
export function tinyPdf(text = 'gongkai test'): Buffer {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 18 Tf 20 60 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 18 Tf 20 60 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A signed-in principal for calling services directly (logs in through the real service). */
export async function principalOf(env: TestEnv, username: string) {
  const { login } = await import('../../src/modules/accounts/service.ts');
  const r = await login(env.ctx.database.db, username, PASSWORD, '127.0.0.1');
  if (!r.ok) throw new Error(`cannot log in ${username}`);
  return r.principal;
}

/** Drafts, approves and publishes a 政府采购意向 through the services; returns its id. */
export async function publishIntention(env: TestEnv, title: string, extraFields: Record<string, unknown> = {}): Promise<number> {
  const svc = env.ctx.disclosures;
  const t = env.ctx.itemTypes.byCodeOrUndefined('procurement-intention')!;
  const editor = await principalOf(env, 'editor');
  const reviewer = await principalOf(env, 'reviewer');
  const fields: Record<string, unknown> = {};
  for (const f of t.fields) {
    if (!f.required) continue;
    if (f.type === 'table') {
      const row: Record<string, unknown> = {};
      for (const c of f.columns ?? []) if (c.required) row[c.key] = sample(c.type, c.options, c.min);
      fields[f.key] = [row];
    } else fields[f.key] = sample(f.type, f.options, f.min);
  }
  const id = await svc.createDraft(editor, { itemTypeId: t.id, departmentId: env.ids.czj, projectId: null, title, body: '采购意向正文', formedDate: '2026-11-02', fields: { ...fields, ...extraFields } });
  await svc.submit(editor, id);
  await svc.approve(reviewer, id, null, confirmedReview());
  await svc.publish(reviewer, id);
  return id;
}

function sample(type: string, options?: readonly string[], min?: number): unknown {
  switch (type) {
    case 'money':
      return '100000.00';
    case 'decimal':
      return '1';
    case 'integer':
      return Math.max(1, min ?? 1);
    case 'date':
      return '2026-12-01';
    case 'enum':
      return options?.[0];
    case 'boolean':
      return true;
    case 'creditCode':
      return completeCreditCode('91440204', 'MA4UX1Y2');
    case 'investmentCode':
      return '2025-440204-48-01-012345';
    case 'phone':
      return '0751-8888888';
    case 'url':
      return 'https://www.gov.cn/';
    default:
      return '示例内容';
  }
}
