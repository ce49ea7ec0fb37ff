import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanFilename, contentDisposition, sniffMime, zipEntryNames } from './sniff.ts';

/** A stored (uncompressed) zip with the given entry names, built by hand. */
function zip(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const n of names) {
    const name = Buffer.from(n);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(name.length, 26);
    const local = Buffer.concat([lh, name]);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    centrals.push(Buffer.concat([ch, name]));
    locals.push(local);
    offset += local.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(names.length, 8);
  eocd.writeUInt16LE(names.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

test('types are sniffed from content, not names', () => {
  const cases: [string, Buffer, string | null][] = [
    ['pdf', Buffer.from('%PDF-1.7\n...'), 'application/pdf'],
    ['png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]), 'image/png'],
    ['jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]), 'image/jpeg'],
    ['docx', zip(['[Content_Types].xml', 'word/document.xml']), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['xlsx', zip(['[Content_Types].xml', 'xl/workbook.xml']), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['plain zip', zip(['a.txt']), null],
    ['zip without OOXML content types', zip(['word/document.xml']), null],
    ['html renamed to .pdf', Buffer.from('<html><script>'), null],
    ['exe', Buffer.from('MZ\x90\x00'), null],
    ['truncated zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]), null],
  ];
  for (const [name, buf, want] of cases) assert.equal(sniffMime(buf), want, name);
  assert.deepEqual(zipEntryNames(zip(['a', 'b'])), ['a', 'b']);
});

test('Chinese file names survive Content-Disposition (RFC 6266/5987)', () => {
  const h = contentDisposition('中标结果(2026).pdf', 'attachment');
  assert.equal(h, `attachment; filename="____(2026).pdf"; filename*=UTF-8''%E4%B8%AD%E6%A0%87%E7%BB%93%E6%9E%9C%282026%29.pdf`);
  assert.equal(cleanFilename('C:\\Users\\a\\评标报告.docx'), '评标报告.docx');
  assert.equal(cleanFilename('../../etc/passwd'), 'passwd');
  assert.equal(cleanFilename('\u0000'), '附件');
});
