// Helpers for request tests: a valid applicant and filing through the public form.
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { completeIdNumber } from '../../src/domain/identifiers.ts';
import { Client } from './context.ts';

export const APPLICANT_ID = completeIdNumber('44020419850612123');

export function requestFields(over: Record<string, string> = {}): Record<string, string> {
  return {
    applicantKind: 'natural',
    applicantName: '王晓明',
    idType: 'resident_id',
    idNumber: APPLICANT_ID,
    phone: '13912345678',
    email: 'wang@example.com',
    address: '韶关市浈江区风度北路18号',
    postcode: '512023',
    description: '申请公开2025年度浈江区政府采购合同及履约验收报告。',
    deliveryForm: 'electronic',
    deliveryMethod: 'online',
    department: 'czj',
    website: '',
    ...over,
  };
}

/** Files a request through the public form; returns the tracking code and reference number. */
export async function fileRequest(app: FastifyInstance, over: Record<string, string> = {}) {
  const c = new Client(app);
  const csrf = await c.csrfFrom('/requests/new');
  const res = await c.post('/requests/new', { _csrf: csrf, ...requestFields(over) });
  assert.equal(res.statusCode, 200, res.body.slice(0, 3000));
  const code = /class="tracking-code">([0-9A-Z-]+)</.exec(res.body)?.[1];
  const refNo = /申请编号：<strong>([^<]+)</.exec(res.body)?.[1];
  assert.ok(code && refNo, 'receipt shows code and reference');
  return { code: code!, refNo: refNo!, body: res.body };
}


/**
 * Converts a DOCX to PDF with LibreOffice when it is installed (.ci/run may install it) and checks
 * the PDF; otherwise logs why the check was skipped – the DOCX is then validated by parsing only.
 */
export async function convertsWithLibreOffice(t: { diagnostic(msg: string): void }, docx: Buffer, what: string): Promise<void> {
  const { spawnSync } = await import('node:child_process');
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const bin = ['soffice', 'libreoffice'].find((b) => spawnSync('which', [b]).status === 0);
  if (!bin) {
    t.diagnostic(`LibreOffice is not installed on this machine: ${what} not converted to PDF (the DOCX was validated by parsing word/document.xml).`);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-lo-'));
  try {
    fs.writeFileSync(path.join(dir, 'doc.docx'), docx);
    // A private profile directory: parallel test files must not share LibreOffice's user profile lock.
    const r = spawnSync(bin, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'doc.docx')], { timeout: 180_000 });
    assert.equal(r.status, 0, String(r.stderr));
    const pdf = fs.readFileSync(path.join(dir, 'doc.pdf'));
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-', `${what} converts to PDF`);
    assert.ok(pdf.length > 5000, `${what}: a PDF with content`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
