// `gongkai pii-scan FILE…`: one JSON object per finding per line, exit 0 clean / 1 found /
// 2 unreadable (which wins), on real txt, pdf, docx and xlsx files written to a temporary folder.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { piiScanCommand } from '../src/cli/pii.ts';
import { stopPdfWorker } from '../src/modules/privacy/extract-pdf.ts';
import * as F from './fixtures/pii/files.ts';

const HS = F.beneficiaries(3, 5);
let dir = '';
const file = (name: string) => path.join(dir, name);

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-pii-'));
  fs.writeFileSync(file('clean.txt'), '韶关市浈江区教育局办公设备采购项目，项目编号：ZJCG-2026-015，预算金额 1250000 元。\n采购人联系电话：0751-8888888。\n');
  fs.writeFileSync(file('list.txt'), `补助对象名单\n户主${HS[0]!.name}，身份证号码${HS[0]!.idNumber}，联系电话${HS[0]!.phone}\n`);
  fs.writeFileSync(file('list.pdf'), F.beneficiaryPdf(HS));
  fs.writeFileSync(file('list.docx'), await F.beneficiaryDocx(HS));
  fs.writeFileSync(file('list.xlsx'), await F.beneficiaryXlsx(HS));
  fs.writeFileSync(file('scan.pdf'), F.imagePdf(2));
  fs.writeFileSync(file('bomb.docx'), F.declaredBombDocx());
  fs.writeFileSync(file('locked.pdf'), F.encryptedPdf());
});
after(async () => {
  await stopPdfWorker();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function run(...args: string[]) {
  const lines: string[] = [];
  const code = await piiScanCommand(args, (l) => lines.push(l), () => {});
  return { code, rows: lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('pii-scan', () => {
  test('a clean file: exit 0, no output', async () => {
    const r = await run(file('clean.txt'));
    assert.equal(r.code, 0);
    assert.deepEqual(r.rows, []);
  });

  test('one JSON line per finding with file, kind, masked value, location, rule, confidence; exit 1', async () => {
    const r = await run(file('list.txt'), file('list.pdf'), file('list.docx'), file('list.xlsx'));
    assert.equal(r.code, 1);
    for (const row of r.rows) assert.deepEqual(Object.keys(row), ['file', 'kind', 'value', 'location', 'rule', 'confidence']);
    const ids = (f: string) => r.rows.filter((x) => x.file === file(f) && x.kind === 'idNumber');
    assert.deepEqual(ids('list.txt').map((x) => x.location), ['line 2']);
    assert.deepEqual(ids('list.pdf').map((x) => x.location), ['page 1, line 3', 'page 1, line 4', 'page 1, line 5']);
    assert.deepEqual(ids('list.docx').map((x) => x.location), ['paragraph 3', 'paragraph 4', 'paragraph 5']);
    assert.deepEqual(ids('list.xlsx').map((x) => x.location), ['补助对象名单!C2', '补助对象名单!C3', '补助对象名单!C4']);
    const all = JSON.stringify(r.rows);
    for (const h of HS) assert.ok(!all.includes(h.idNumber) && !all.includes(h.phone), 'values are printed masked');
    assert.equal(ids('list.txt')[0]!.value, `44*************${HS[0]!.idNumber.slice(-3)}`);
    assert.equal(ids('list.txt')[0]!.rule, 'id18-checksum');
  });

  test('a scanned PDF is a manualReview finding (exit 1)', async () => {
    const r = await run(file('scan.pdf'));
    assert.equal(r.code, 1);
    assert.equal(r.rows[0]!.kind, 'manualReview');
  });

  test('unreadable files (zip bomb, encrypted, missing) exit 2, even next to findings', async () => {
    for (const f of ['bomb.docx', 'locked.pdf', 'missing.xlsx']) {
      const r = await run(file(f));
      assert.equal(r.code, 2, f);
      assert.equal(r.rows[0]!.kind, 'unreadable', f);
    }
    assert.equal((await run(file('list.txt'), file('bomb.docx'))).code, 2);
    assert.equal((await run()).code, 2, 'no file: usage, exit 2');
  });

  test('the real command: npx gongkai pii-scan sets the process exit status', { timeout: 240_000 }, async () => {
    const bin = path.join(import.meta.dirname, '..', 'bin', 'gongkai.js');
    const exec = promisify(execFile);
    const found = await exec(process.execPath, [bin, 'pii-scan', file('list.txt'), file('clean.txt')]).then(() => 0, (e: { code: number; stdout: string }) => { assert.match(e.stdout, /"kind":"idNumber"/); return e.code; });
    assert.equal(found, 1);
    const clean = await exec(process.execPath, [bin, 'pii-scan', file('clean.txt')]);
    assert.equal(clean.stdout, '');
  });
});
