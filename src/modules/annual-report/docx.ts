// The annual reports as DOCX, laid out like the 国办公开办函〔2021〕30号 template: six parts, tables
// 2–4 with their official row and column labels.
import { cnDate, heading, packDocument, para, table, title, type CellSpec } from '../requests/docx-common.ts';
import { PROGRESS_PART_TITLES, type ProgressReport } from './progress.ts';
import { PART_TITLES, type GovReport } from './report.ts';
import { TABLE2_LABELS as L } from './tables.ts';
import { APPLICANT_COLUMNS, ORGANISATION_GROUP_LABEL, SECTION_RESULTS, TOTAL_COLUMN_LABEL } from './table3.ts';

const c = (text: string | number, o: Omit<CellSpec, 'text'> = {}): CellSpec => ({ text: String(text), center: true, ...o });

function paragraphs(text: string) {
  return text.split(/\n+/).filter((l) => l.trim()).map((l) => para(l.trim(), { indent: true }));
}

export function table2Rows(r: GovReport): CellSpec[][] {
  const t = r.table2;
  return [
    [c(L.item1, { colSpan: 4, bold: true })],
    [c(L.content, { bold: true }), c(L.issued, { bold: true }), c(L.repealed, { bold: true }), c(L.inForce, { bold: true })],
    [c(L.rules), c(t.rules.issued), c(t.rules.repealed), c(t.rules.inForce)],
    [c(L.normative), c(t.normative.issued), c(t.normative.repealed), c(t.normative.inForce)],
    [c(L.item5, { colSpan: 4, bold: true })],
    [c(L.content, { bold: true }), c(L.decisions, { colSpan: 3, bold: true })],
    [c(L.licences), c(t.licences, { colSpan: 3 })],
    [c(L.item6, { colSpan: 4, bold: true })],
    [c(L.content, { bold: true }), c(L.decisions, { colSpan: 3, bold: true })],
    [c(L.penalties), c(t.penalties, { colSpan: 3 })],
    [c(L.enforcement), c(t.enforcement, { colSpan: 3 })],
    [c(L.item8, { colSpan: 4, bold: true })],
    [c(L.content, { bold: true }), c(L.feeAmount, { colSpan: 3, bold: true })],
    [c(L.fees), c(t.feesWanYuan, { colSpan: 3 })],
  ];
}

export function table3Rows(r: GovReport): CellSpec[][] {
  const head1 = [c('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', { colSpan: 2 }), c('申请人情况', { colSpan: 7 })];
  const head2 = [c('', { colSpan: 2 }), c(APPLICANT_COLUMNS[0].label), c(ORGANISATION_GROUP_LABEL, { colSpan: 5 }), c(TOTAL_COLUMN_LABEL)];
  const head3 = [c('', { colSpan: 2 }), c(''), ...APPLICANT_COLUMNS.slice(1).map((x) => c(x.label)), c('')];
  const rows: CellSpec[][] = [head1, head2, head3];
  let inResults = false;
  for (const row of r.table3.rows) {
    if (row.section === SECTION_RESULTS && !inResults) {
      rows.push([c(SECTION_RESULTS, { colSpan: 9, bold: true })]);
      inResults = true;
    }
    const vals = row.values.map((v) => c(v));
    rows.push(row.group ? [c(row.group), { text: row.label }, ...vals] : [{ text: row.label, colSpan: 2 }, ...vals]);
  }
  return rows;
}

export function table4Rows(r: GovReport): CellSpec[][] {
  const [recon, direct, after] = r.table4.rows;
  const results = r.table4.columns.map((x) => c(x));
  return [
    [c('行政复议', { colSpan: 5 }), c('行政诉讼', { colSpan: 10 })],
    [...results, c(direct!.label, { colSpan: 5 }), c(after!.label, { colSpan: 5 })],
    [c('', { colSpan: 5 }), ...results, ...results],
    [...recon!.values.map((v) => c(v)), ...direct!.values.map((v) => c(v)), ...after!.values.map((v) => c(v))],
  ];
}

export async function govReportDocx(r: GovReport): Promise<Buffer> {
  return packDocument({
    title: r.title,
    creator: r.department?.name ?? r.title,
    sections: [
      {
        children: [
          title(r.title),
          para(`（${r.format}格式${r.publishedAt ? `，发布于${cnDate(r.publishedAt.slice(0, 10))}` : '，草稿'}）`, { center: true, size: 20 }),
          heading(PART_TITLES[0]),
          ...paragraphs(r.parts.overview),
          heading(PART_TITLES[1]),
          table(table2Rows(r), 0),
          heading(PART_TITLES[2]),
          table(table3Rows(r), 3),
          ...(r.adjusted ? [para(`注：表中数据已由本机关修正：${r.adjustmentNote}`, { size: 20 })] : []),
          heading(PART_TITLES[3]),
          table(table4Rows(r), 3),
          heading(PART_TITLES[4]),
          ...paragraphs(r.parts.problems),
          heading(PART_TITLES[5]),
          ...paragraphs(r.parts.other),
        ],
      },
    ],
  });
}

export async function progressReportDocx(r: ProgressReport): Promise<Buffer> {
  const t = r.timeliness;
  return packDocument({
    title: r.title,
    creator: r.department?.name ?? r.title,
    sections: [
      {
        children: [
          title(r.title),
          heading(PROGRESS_PART_TITLES[0]),
          ...paragraphs(r.parts.summary),
          heading(PROGRESS_PART_TITLES[1]),
          table([[c('领域'), c('本年公开信息（条）')], ...r.sectors.map((s) => [c(s.name), c(s.published)])]),
          ...(r.byDepartment ? [table([[c('单位'), c('本年公开信息（条）')], ...r.byDepartment.map((d) => [{ text: d.name }, c(d.published)])])] : []),
          heading(PROGRESS_PART_TITLES[2]),
          table([[c('发布'), c('按时'), c('逾期'), c('按时公开率')], [c(t.published), c(t.onTime), c(t.late), c(t.onTimeRate === null ? '—' : `${t.onTimeRate}%`)]]),
          heading(PROGRESS_PART_TITLES[3]),
          ...paragraphs(r.parts.problems),
          heading(PROGRESS_PART_TITLES[4]),
          ...paragraphs(r.parts.plan),
        ],
      },
    ],
  });
}
