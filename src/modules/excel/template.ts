// The downloadable xlsx template of an item type (issue 4 §3): Chinese headers (required ones
// marked “*” in red) each with a note giving the field key and how to fill it, drop-down lists
// for options and 是/否, date and number formats and checks, an instructions sheet, and a hidden
// sheet naming the item type so the import can tell a wrong template.
import ExcelJS from 'exceljs';
import type { ItemType } from '../item-types/service.ts';
import { CATEGORY_NAMES, STAGE_NAMES } from '../item-types/types.ts';
import { columnLetter, DATA_SHEET, EXPORT_ONLY_HEADERS, formatHint, GUIDE_SHEET, headerText, META_SHEET, numFmtFor, OPTIONS_SHEET, RECORD_HEADER, sheetColumns, TEMPLATE_MARK, TEMPLATE_VERSION, TYPE_NAMES, type SheetColumn } from './columns.ts';

/** Rows that carry drop-down lists and checks in a fresh template. */
export const VALIDATED_ROWS = 5000;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };

function widthFor(c: SheetColumn): number {
  const base = [...c.label].length * 2 + 4;
  if (c.type === 'textarea') return Math.max(base, 40);
  if (c.type === 'creditCode' || c.type === 'idNumber' || c.type === 'investmentCode') return Math.max(base, 24);
  return Math.min(Math.max(base, 12), 40);
}

/** Header row, notes, formats and widths of a “数据” sheet (template and export alike). */
export function setUpDataSheet(ws: ExcelJS.Worksheet, cols: readonly SheetColumn[], opts: { notes: boolean; extraHeaders?: readonly string[] }): void {
  ws.columns = [
    ...cols.map((c) => ({ key: c.key, width: widthFor(c), style: { numFmt: numFmtFor(c.type) } })),
    ...(opts.extraHeaders ?? []).map((h) => ({ key: h, width: h === '公开链接' ? 40 : 18 })),
  ];
  const header = ws.getRow(1);
  cols.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = headerText(c);
    cell.font = { bold: true, color: { argb: c.required ? 'FFC00000' : 'FF000000' } };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', wrapText: true };
    if (opts.notes) cell.note = `字段键：${c.key}\n${c.required ? '必填。' : ''}${c.help}`;
  });
  (opts.extraHeaders ?? []).forEach((h, j) => {
    const cell = header.getCell(cols.length + j + 1);
    cell.value = h;
    cell.font = { bold: true, color: { argb: 'FF666666' } };
    if (opts.notes) cell.note = '导出时附加的公开信息，导入时忽略。';
  });
  header.height = 32;
}

/** Frozen header row and record column (given at sheet creation: the streaming writer has no setter). */
export const DATA_VIEWS = [{ state: 'frozen', ySplit: 1, xSplit: 1 }] as ExcelJS.WorksheetView[];

function validationFor(c: SheetColumn, optionsRange: Map<string, string>): ExcelJS.DataValidation | null {
  const common = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop' as const, errorTitle: c.label, showInputMessage: true, promptTitle: c.label.slice(0, 32), prompt: formatHint({ type: c.type, ...(c.def?.options ? { options: c.def.options } : {}) }).slice(0, 250) };
  const def = c.def;
  switch (c.type) {
    case 'enum': {
      const range = optionsRange.get(c.key);
      const list = (def?.options ?? []).join(',');
      return { ...common, type: 'list', formulae: [range ?? `"${list}"`], error: '请从下拉列表中选择' };
    }
    case 'boolean':
      return { ...common, type: 'list', formulae: ['"是,否"'], error: '请选择“是”或“否”' };
    case 'date':
      return { ...common, type: 'date', operator: 'greaterThan', formulae: [new Date(Date.UTC(1900, 0, 1))], error: '请填写日期，格式 YYYY-MM-DD' };
    case 'integer':
      return { ...common, type: 'whole', operator: 'between', formulae: [def?.min ?? (c.kind === 'record' ? 1 : -2147483648), def?.max ?? 2147483647], error: '请填写整数' };
    case 'money':
      return { ...common, type: 'decimal', operator: 'greaterThanOrEqual', formulae: [def?.min ?? 0], error: '请填写金额（元），最多两位小数' };
    case 'decimal':
      return def?.min !== undefined || def?.max !== undefined
        ? { ...common, type: 'decimal', operator: 'between', formulae: [def?.min ?? -1e15, def?.max ?? 1e15], error: '请填写数字' }
        : { ...common, type: 'decimal', operator: 'greaterThan', formulae: [-1e15], error: '请填写数字' };
    case 'creditCode':
      return { ...common, type: 'textLength', operator: 'equal', formulae: [18], error: '统一社会信用代码为18位' };
    case 'idNumber':
      return { ...common, type: 'textLength', operator: 'between', formulae: [15, 18], error: '居民身份证号码为18位' };
    case 'text':
    case 'textarea':
      return def?.maxLength ? { ...common, type: 'textLength', operator: 'lessThanOrEqual', formulae: [def.maxLength], error: `最多${def.maxLength}字` } : null;
    default:
      return null;
  }
}

function guideSheet(wb: ExcelJS.Workbook, t: ItemType, cols: readonly SheetColumn[]): void {
  const ws = wb.addWorksheet(GUIDE_SHEET);
  ws.columns = [{ width: 8 }, { width: 30 }, { width: 28 }, { width: 16 }, { width: 8 }, { width: 80 }];
  const lines: string[] = [
    `${t.name}（${t.code}）导入模板`,
    `领域：${t.sector}；类别：${CATEGORY_NAMES[t.category]}；环节：${STAGE_NAMES[t.stage]}。公开依据：${t.legalBasis}`,
    '',
    '填写方法',
    `1. 在“${DATA_SHEET}”工作表中，从第2行起每行填写一条信息；不要修改、删除或调换第1行的列标题，不要改动工作表名称。`,
    '2. 标有“*”（红色）的列必填。把鼠标移到列标题上可看到字段键和填写说明，下表也逐列列出。',
    `3. 表格类字段（如“中标供应商”“标段划分”）占用多行：同一条信息的各行填写相同的“${RECORD_HEADER}”，每行填写表格的一行（列标题为“表格名·列名”）；信息本身的其他列在各行重复填写相同的值，或只在第一行填写。`,
    `4. 不分多行的信息，“${RECORD_HEADER}”可以留空，每行即为一条信息。`,
    '5. 日期填写为 YYYY-MM-DD（如 2026-03-01）或使用 Excel 日期格式；金额以元为单位，最多两位小数；是/否和选项从下拉列表选择。',
    '6. 统一社会信用代码和身份证号码列已设为“文本”格式，请勿改为数字格式（否则末几位会丢失）；校验位会被检查。',
    '7. 不要使用公式和合并单元格；从其他表格粘贴时请“选择性粘贴为数值”。',
    '8. 上传后先“检查”：系统逐行列出每个问题（行号、列号、列标题、原因）。全部无误时“导入”才会保存，所有信息作为草稿一次性保存；有任何问题则不保存任何一条。',
    `9. 从本系统导出的 xlsx 文件可直接作为模板再次导入；导出时附加的列（${EXPORT_ONLY_HEADERS.join('、')}）导入时会被忽略。`,
    '',
  ];
  for (const l of lines) ws.addRow([l]).getCell(1).font = l && !/^\d\./.test(l) && l.length < 20 ? { bold: true, size: 12 } : {};
  ws.getRow(1).getCell(1).font = { bold: true, size: 14 };
  const head = ws.addRow(['列', '列标题', '字段键', '类型', '必填', '填写说明']);
  head.font = { bold: true };
  head.eachCell((c) => (c.fill = HEADER_FILL));
  cols.forEach((c, i) => {
    const r = ws.addRow([columnLetter(i + 1), c.label, c.key, TYPE_NAMES[c.type], c.required ? '是' : '', c.help]);
    r.getCell(6).alignment = { wrapText: true, vertical: 'top' };
  });
}

/** The template workbook as an xlsx buffer. */
export async function buildTemplate(t: ItemType): Promise<Buffer> {
  const cols = sheetColumns(t.fields);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'gongkai';
  wb.title = `${t.name}导入模板`;
  wb.subject = TEMPLATE_MARK;
  wb.keywords = t.code;
  wb.created = new Date(Date.UTC(2026, 0, 1));
  wb.modified = wb.created;

  const data = wb.addWorksheet(DATA_SHEET, { views: DATA_VIEWS });
  setUpDataSheet(data, cols, { notes: true });
  guideSheet(wb, t, cols);

  // Long option lists do not fit a list formula (255 characters): they live on a hidden sheet.
  const optionsRange = new Map<string, string>();
  const longLists = cols.filter((c) => c.type === 'enum' && ((c.def?.options ?? []).join(',').length > 250 || (c.def?.options ?? []).some((o) => /[",]/.test(o))));
  if (longLists.length) {
    const opt = wb.addWorksheet(OPTIONS_SHEET, { state: 'hidden' });
    longLists.forEach((c, j) => {
      const options = c.def?.options ?? [];
      options.forEach((o, k) => (opt.getCell(k + 1, j + 1).value = o));
      const L = columnLetter(j + 1);
      optionsRange.set(c.key, `'${OPTIONS_SHEET}'!$${L}$1:$${L}$${options.length}`);
    });
  }
  // Range validations exist in ExcelJS 4.4 but not in its type declarations.
  const validations = (data as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  cols.forEach((c, i) => {
    const v = validationFor(c, optionsRange);
    if (v) validations.add(`${columnLetter(i + 1)}2:${columnLetter(i + 1)}${VALIDATED_ROWS + 1}`, v);
  });

  const meta = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  meta.addRow([TEMPLATE_MARK, TEMPLATE_VERSION]);
  meta.addRow(['itemType', t.code]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
