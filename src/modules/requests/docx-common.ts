// Shared pieces of the DOCX documents (answer letters, annual reports): a Chinese official-document
// look (宋体 body, 黑体 headings), dates written the Chinese way, and simple tables.
import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, type ISectionOptions } from 'docx';

export const BODY_FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun', cs: 'SimSun' };
export const HEADING_FONT = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei', cs: 'SimHei' };

/** 2025-10-17 → 2025年10月17日 */
export function cnDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

export function para(text: string, o: { bold?: boolean; center?: boolean; right?: boolean; indent?: boolean; size?: number; heading?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: o.center ? AlignmentType.CENTER : o.right ? AlignmentType.RIGHT : AlignmentType.JUSTIFIED,
    ...(o.indent ? { indent: { firstLine: 480 } } : {}),
    spacing: { after: 120, line: 360 },
    children: text.split('\n').map((line, i) => new TextRun({ text: line, ...(i > 0 ? { break: 1 } : {}), bold: o.bold ?? false, size: o.size ?? 24, font: o.heading ? HEADING_FONT : BODY_FONT })),
  });
}

export function heading(text: string, level: 1 | 2 = 1): Paragraph {
  return new Paragraph({
    heading: level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2,
    alignment: level === 1 ? AlignmentType.LEFT : AlignmentType.LEFT,
    spacing: { before: 240, after: 120 },
    children: [new TextRun({ text, bold: true, size: level === 1 ? 28 : 26, font: HEADING_FONT })],
  });
}

export function title(text: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text, bold: true, size: 36, font: HEADING_FONT })] });
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER };

export interface CellSpec {
  text: string;
  colSpan?: number;
  rowSpan?: number;
  bold?: boolean;
  center?: boolean;
}

/** A bordered table from rows of cells; the first `headerRows` rows repeat on each page. */
export function table(rows: (CellSpec | string)[][], headerRows = 1): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (cells, i) =>
        new TableRow({
          tableHeader: i < headerRows,
          children: cells.map((c) => {
            const spec: CellSpec = typeof c === 'string' ? { text: c } : c;
            return new TableCell({
              borders: BORDERS,
              ...(spec.colSpan ? { columnSpan: spec.colSpan } : {}),
              ...(spec.rowSpan ? { rowSpan: spec.rowSpan } : {}),
              children: [new Paragraph({ alignment: spec.center || i < headerRows ? AlignmentType.CENTER : AlignmentType.LEFT, children: [new TextRun({ text: spec.text, bold: spec.bold ?? i < headerRows, size: 21, font: BODY_FONT })] })],
            });
          }),
        }),
    ),
  });
}

export async function packDocument(o: { title: string; creator: string; sections: ISectionOptions[] }): Promise<Buffer> {
  const doc = new Document({
    title: o.title,
    creator: o.creator,
    description: o.title,
    styles: { default: { document: { run: { font: BODY_FONT, size: 24 } } } },
    sections: o.sections,
  });
  return Packer.toBuffer(doc);
}
