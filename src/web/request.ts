// Request helpers shared by every route: the signed-in principal, CSRF, forms (urlencoded and
// multipart, with size limits) and content negotiation.
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, forbidden } from '../domain/errors.ts';
import { ROLE_NAMES, type Principal } from '../modules/accounts/service.ts';
import type { UploadedFile } from '../modules/disclosures/service.ts';
import type { SafeHtml } from './html.ts';
import type { PageUser } from './layout.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    anonCsrf: string | null;
  }
}

export const SESSION_COOKIE = 'gk_session';
export const CSRF_COOKIE = 'gk_csrf';

export type FormFields = Record<string, string | string[]>;

export function csrfTokenFor(req: FastifyRequest): string {
  return req.principal?.csrfToken ?? req.anonCsrf ?? '';
}

function tokensEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && ba.length > 0 && crypto.timingSafeEqual(ba, bb);
}

export function checkCsrf(req: FastifyRequest, fields: FormFields): void {
  const sent = fields._csrf;
  const expected = csrfTokenFor(req);
  if (typeof sent !== 'string' || !tokensEqual(sent, expected)) {
    throw new AppError(403, 'csrf_failed', '页面已过期或来源不明（CSRF 校验失败），请刷新页面后重新提交');
  }
}

export function first(fields: FormFields, name: string): string {
  const v = fields[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

function addField(fields: FormFields, name: string, value: string) {
  const prev = fields[name];
  if (prev === undefined) fields[name] = value;
  else if (Array.isArray(prev)) prev.push(value);
  else fields[name] = [prev, value];
}

/**
 * Reads a urlencoded or multipart form, checks its CSRF token and returns fields and files.
 * Files beyond the configured size raise 413 (by @fastify/multipart), and nothing is stored here.
 */
export async function readForm(req: FastifyRequest): Promise<{ fields: FormFields; files: UploadedFile[] }> {
  const fields: FormFields = {};
  const files: UploadedFile[] = [];
  if (req.isMultipart()) {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        const data = await part.toBuffer();
        if (part.file.truncated) throw new AppError(413, 'payload_too_large', '上传的文件超过大小上限');
        if (data.length > 0 && part.filename) files.push({ filename: part.filename, data });
      } else {
        addField(fields, part.fieldname, String(part.value ?? ''));
      }
    }
  } else if (req.body && typeof req.body === 'object') {
    for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) {
      if (Array.isArray(v)) for (const x of v) addField(fields, k, String(x));
      else if (v !== undefined && v !== null) addField(fields, k, String(v));
    }
  }
  checkCsrf(req, fields);
  return { fields, files };
}

export function requirePrincipal(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError(401, 'unauthenticated', '请先登录');
  return req.principal;
}

export function pageUser(req: FastifyRequest): PageUser | null {
  const p = req.principal;
  if (!p) return null;
  const roles = [...new Set(p.memberships.map((m) => `${m.departmentName}${ROLE_NAMES[m.role]}`))].join('、');
  return { displayName: p.displayName, roles, csrfToken: p.csrfToken };
}

export function sendHtml(reply: FastifyReply, body: SafeHtml, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body.toString());
}

export function wantsJson(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/');
}

export function parseId(raw: string | undefined, what = '页面'): number {
  if (!raw || !/^\d{1,10}$/.test(raw)) throw new AppError(404, 'not_found', `未找到该${what}`);
  return Number(raw);
}

export function requireOffice(p: Principal): void {
  if (!p.memberships.some((m) => m.role === 'office' || m.role === 'admin')) throw forbidden();
}
