// `gongkai pii-scan FILE…` – scans text, PDF, DOCX and XLSX files for personal data and prints one
// JSON object per finding per line: {file, kind, value (masked), location, rule, confidence}.
// Exit status: 0 clean, 1 something found (including "needs manual review"), 2 a file could not
// be read (missing, encrypted, corrupt, a zip bomb) – 2 wins over 1.
//
// `gongkai pii-sweep` – scans everything already published (with a progress bar) and lists
// suspected leaks; exit 1 if any, 0 if none.
import fs from 'node:fs/promises';
import { loadConfig } from '../config.ts';
import { createContext } from '../context.ts';
import { stopPdfWorker } from '../modules/privacy/extract-pdf.ts';
import { formatLocation, KIND_NAMES, type ScanKind } from '../modules/privacy/findings.ts';
import * as repo from '../modules/privacy/repository.ts';
import { fileTypeOf, scanFile } from '../modules/privacy/scan-file.ts';
import { runSweep } from '../modules/privacy/sweep.ts';
import { progressBar } from './progress.ts';

const SCAN_HELP = `用法: gongkai pii-scan [--min-confidence 0.5] FILE…

检查 TXT、PDF、DOCX、XLSX 文件中的个人信息（身份证号码、手机和固定电话、银行卡号、电子邮箱、
详细住址、特定身份和健康信息）。每处发现输出一行 JSON：
  {"file":…,"kind":…,"value":"遮蔽后的值","location":"page 2, line 5 | Sheet1!C5 | paragraph 4 | line 3","rule":…,"confidence":…}
扫描件（无文字层）和图片输出 kind "manualReview"；无法读取的文件输出 kind "unreadable"。
退出码：0 未发现，1 有发现，2 有文件无法读取（缺失、加密、损坏、压缩炸弹）。`;

export async function piiScanCommand(args: string[], out: (line: string) => void = (l) => process.stdout.write(l + '\n'), err: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<number> {
  if (!args.length || args.includes('--help') || args.includes('-h')) {
    (args.length ? out : err)(SCAN_HELP);
    return args.length ? 0 : 2;
  }
  let minConfidence: number | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--min-confidence') {
      minConfidence = Number(args[++i]);
      if (!Number.isFinite(minConfidence) || minConfidence < 0 || minConfidence > 1) {
        err('--min-confidence 应为 0 到 1 之间的数');
        return 2;
      }
    } else files.push(args[i]!);
  }
  let found = false;
  let unreadable = false;
  // `pii-scan … | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(found ? 1 : 0);
  });

  try {
    for (const file of files) {
      let buf: Buffer;
      try {
        buf = await fs.readFile(file);
      } catch (e) {
        unreadable = true;
        out(JSON.stringify({ file, kind: 'unreadable', value: `无法读取文件（${(e as NodeJS.ErrnoException).code ?? '错误'}）`, location: 'file', rule: 'file-missing', confidence: 1 }));
        continue;
      }
      const scan = await scanFile(buf, fileTypeOf(buf, file), file, minConfidence !== undefined ? { minConfidence } : {});
      if (scan.status === 'unreadable') unreadable = true;
      for (const f of scan.findings) {
        if (f.kind !== 'unreadable') found = true;
        out(JSON.stringify({ file, kind: f.kind, value: f.preview, location: formatLocation(f.location), rule: f.rule, confidence: f.confidence }));
      }
    }
  } finally {
    await stopPdfWorker();
  }
  return unreadable ? 2 : found ? 1 : 0;
}

export async function piiSweepCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log('用法: gongkai pii-sweep\n\n检查所有已公开信息（含附件的公开版本）中疑似泄露的个人信息并列出；退出码 0 未发现，1 有发现。结果也显示在 /admin/privacy/sweep。');
    return 0;
  }
  const ctx = await createContext(loadConfig());
  try {
    const bar = progressBar('个人信息巡检');
    const r = await runSweep(ctx.database.db, { privacy: ctx.privacy, itemTypes: ctx.itemTypes }, { by: null, via: 'cli', onProgress: bar.update });
    bar.done();
    console.log(`检查 ${r.disclosures} 条已公开信息、${r.attachments} 个附件，发现疑似问题 ${r.hits} 处。`);
    const hits = await repo.sweepHits(ctx.database.db, r.id);
    for (const h of hits.slice(0, 200)) console.log(`#${h.disclosure_id} 第${h.version}版 ${h.title}｜${h.location}｜${KIND_NAMES[h.kind as ScanKind] ?? h.kind}｜${h.preview}`);
    if (hits.length > 200) console.log(`……另有 ${hits.length - 200} 处，见 /admin/privacy/sweep`);
    return r.hits > 0 ? 1 : 0;
  } finally {
    await stopPdfWorker();
    await ctx.close();
  }
}
