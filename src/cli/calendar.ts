// `gongkai calendar …`: the official working-day calendar from the command line.
//   gongkai calendar import FILE.csv [--dry-run]   import a State Council notice (recomputes deadlines)
//   gongkai calendar list                          covered years and imports
//   gongkai calendar export                        the stored calendar as CSV on stdout
import fs from 'node:fs';
import path from 'node:path';
import { CSV_HEADER } from '../calendar/index.ts';
import { loadConfig } from '../config.ts';
import { createContext } from '../context.ts';
import { AppError } from '../domain/errors.ts';

const USAGE = `用法:
  gongkai calendar import FILE.csv [--dry-run]   导入国务院办公厅节假日安排（同一年度整体替换），并重新计算未到期的公开期限
  gongkai calendar list                          列出已载入的年度和导入记录
  gongkai calendar export                        以 CSV 输出当前日历`;

function counts(r: { disclosures: { checked: number; changed: number; resolved: number; becameUnknown: number }; obligations: { checked: number; changed: number; resolved: number; becameUnknown: number } }): string {
  return `信息：检查 ${r.disclosures.checked} 条，期限变化 ${r.disclosures.changed} 条（由“日历未知”变为确定 ${r.disclosures.resolved} 条，变为未知 ${r.disclosures.becameUnknown} 条）；待公开登记：检查 ${r.obligations.checked} 条，期限变化 ${r.obligations.changed} 条（确定 ${r.obligations.resolved} 条，变为未知 ${r.obligations.becameUnknown} 条）`;
}

export async function calendarCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || sub === 'help' || sub === '--help') {
    console.log(USAGE);
    return sub ? 0 : 2;
  }
  if (!['import', 'list', 'export'].includes(sub)) {
    console.error(`未知的 calendar 子命令：${sub}\n\n${USAGE}`);
    return 2;
  }
  const file = rest.find((a) => !a.startsWith('--'));
  if (sub === 'import' && !file) {
    console.error(`请指定 CSV 文件。\n\n${USAGE}`);
    return 2;
  }
  const ctx = await createContext(loadConfig());
  try {
    const cal = ctx.timeliness.calendar;
    if (sub === 'list') {
      const c = cal.current();
      console.log(`已载入年度：${c.coveredYears().join('、') || '无'}`);
      for (const i of await cal.listImports(50)) {
        console.log(`#${i.id} ${i.at} ${i.via}${i.filename ? ` ${i.filename}` : ''} 年度 ${(JSON.parse(i.notice_years) as number[]).join('、')} 行数 ${i.entries_added}（替换 ${i.entries_removed}）`);
      }
      return 0;
    }
    if (sub === 'export') {
      const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
      process.stdout.write([CSV_HEADER.join(','), ...cal.current().entries().map((e) => [e.date, e.weekday, e.type, q(e.name), String(e.noticeYear), q(e.source)].join(','))].join('\n') + '\n');
      return 0;
    }
    const text = fs.readFileSync(file!, 'utf8');
    try {
      if (rest.includes('--dry-run')) {
        const pv = await cal.preview(text);
        console.log(`校验通过：${pv.entries.length} 行，年度 ${pv.years.map((y) => `${y.noticeYear}${y.replacesExisting ? '（替换）' : '（新增）'}`).join('、')}。导入后覆盖 ${pv.coveredYearsAfter.join('、')} 年。`);
        console.log(`将会：${counts(pv.recompute)}。（--dry-run：未写入）`);
        return 0;
      }
      const r = await cal.apply(text, { actorId: null, via: 'cli', filename: path.basename(file!) });
      console.log(`已导入 ${r.noticeYears.join('、')} 年度节假日安排：${r.added} 行（替换 ${r.removed} 行），导入记录 #${r.importId}。日历覆盖 ${r.coveredYears.join('、')} 年。`);
      console.log(`${counts(r.recompute)}。`);
      return 0;
    } catch (e) {
      if (e instanceof AppError) {
        console.error(`导入失败：${e.message}`);
        return 1;
      }
      throw e;
    }
  } finally {
    await ctx.close();
  }
}
