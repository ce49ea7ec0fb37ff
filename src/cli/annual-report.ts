// `gongkai annual-report --year YYYY [--department CODE] [--kind gov|progress] --format json|docx|html [--out FILE]`
// Writes a department's (or, without --department, the district's) annual report: the published
// version if there is one, otherwise the current draft counted from the data. The JSON has
// `table3` as rows × columns with the exact Chinese row labels of 国办公开办函〔2021〕30号.
import fs from 'node:fs';
import { loadConfig } from '../config.ts';
import { createContext } from '../context.ts';
import { reportHtml } from '../modules/annual-report/html.ts';
import { DISTRICT_SCOPE, type ReportKind } from '../modules/annual-report/service.ts';

export const USAGE = 'gongkai annual-report --year YYYY [--department CODE] [--kind gov|progress] --format json|docx|html [--out FILE]';

export interface AnnualReportArgs {
  year: number;
  department: string;
  kind: ReportKind;
  format: 'json' | 'docx' | 'html';
  out: string | null;
}

export function parseArgs(args: readonly string[]): AnnualReportArgs | string {
  const get = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const known = new Set(['--year', '--department', '--kind', '--format', '--out']);
  for (let i = 0; i < args.length; i += 2) if (!known.has(args[i]!)) return `未知参数：${args[i]}`;
  const year = Number(get('year'));
  if (!Number.isInteger(year) || year < 2008 || year > 2100) return '请用 --year 指定年度（如 2025）';
  const format = get('format') ?? 'json';
  if (format !== 'json' && format !== 'docx' && format !== 'html') return '--format 只能是 json、docx 或 html';
  const kind = get('kind') ?? 'gov';
  if (kind !== 'gov' && kind !== 'progress') return '--kind 只能是 gov（政府信息公开年度报告）或 progress（公共资源配置领域工作情况报告）';
  const out = get('out') ?? null;
  if (format === 'docx' && !out) return 'DOCX 是二进制文件，请用 --out 指定输出文件';
  return { year, department: get('department') ?? DISTRICT_SCOPE, kind, format, out };
}

function standalone(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title.replace(/[<&]/g, '')}</title>
<style>body{font-family:"Songti SC","SimSun",serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.7}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #000;padding:4px 6px}td.num{text-align:right}caption{font-weight:bold;text-align:left}</style>
</head><body><main>${body}</main></body></html>\n`;
}

export async function runAnnualReport(args: readonly string[]): Promise<number> {
  const a = parseArgs(args);
  if (typeof a === 'string') {
    console.error(`${a}\n用法：${USAGE}`);
    return 2;
  }
  const ctx = await createContext(loadConfig());
  try {
    const report = await ctx.annualReports.report(a.department, a.year, a.kind);
    let data: Buffer | string;
    if (a.format === 'json') data = JSON.stringify(report, null, 2) + '\n';
    else if (a.format === 'html') data = standalone(report.title, reportHtml(report).toString());
    else data = await ctx.annualReports.docx(report);
    if (a.out) fs.writeFileSync(a.out, data);
    else process.stdout.write(data);
    if (report.kind === 'gov' && !report.invariants.ok) {
      console.error(`注意：报告有 ${report.invariants.errors.length} 处勾稽关系不符，不能发布：\n${report.invariants.errors.map((e) => `  ${e.message}`).join('\n')}`);
    }
    if (a.out) console.error(`已写入 ${a.out}（${report.title}，${report.state === 'published' ? '已发布版本' : '当前草稿'}）`);
    return 0;
  } finally {
    await ctx.close();
  }
}
