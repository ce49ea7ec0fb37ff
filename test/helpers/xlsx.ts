// Helpers to build test workbooks: fill a downloaded template by header, and hand-made zips
// (zip bombs, lying directories) that no spreadsheet program would write.
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';

export type CellValue = string | number | boolean | Date | null | { formula: string };

/** Fills the “数据” sheet of a template: each row is { header label (without *): value }. */
export async function fillTemplate(template: Buffer, rows: Record<string, CellValue>[], mutate?: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(template as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('数据')!;
  const headers = new Map<string, number>();
  ws.getRow(1).eachCell((c, col) => headers.set(String(c.value).replace(/^\*/, ''), col));
  rows.forEach((r, i) => {
    const row = ws.getRow(i + 2);
    for (const [label, v] of Object.entries(r)) {
      const col = headers.get(label);
      if (!col) throw new Error(`no column “${label}” (have ${[...headers.keys()].join(', ')})`);
      row.getCell(col).value = v as ExcelJS.CellValue;
    }
    row.commit();
  });
  mutate?.(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Reads a sheet back as arrays of cell values (row 1 = headers). */
export async function readSheet(buf: Buffer, name: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

/** A zip with the given entries; `declaredSize` lies about the inflated size in both headers. */
export function makeZip(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const comp = zlib.deflateRawSync(e.data);
    const crc = zlib.crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(comp.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(comp.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, comp);
    centrals.push(central, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
