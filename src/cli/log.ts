// `gongkai log <rotate-key|export|checkpoint>` – operator commands of the publication log.
import type { AppContext } from '../context.ts';

export { runVerify } from './verify.ts';

const USAGE = `用法: gongkai log <命令>

  checkpoint            立即签署当前公开记录的检查点并输出
  rotate-key            生成新的日志签名密钥；旧密钥停用（公钥继续公布），过渡期内与新密钥联合签署
  export [--out FILE]   导出全部公开记录（检查点、公钥、记录、各信息的公开内容）为 JSON，供 gongkai verify --file 核验`;

export interface LogIo {
  out(s: string): void;
  err(s: string): void;
}

const consoleIo: LogIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** Returns the exit status. */
export async function runLog(args: string[], ctx: AppContext, io: LogIo = consoleIo): Promise<number> {
  const [cmd, ...rest] = args;
  const log = ctx.publicationLog;
  switch (cmd) {
    case 'checkpoint': {
      const c = await log.checkpoint();
      io.out(c.note);
      return 0;
    }
    case 'rotate-key': {
      const r = await log.rotateKey();
      io.out(`已生成新的日志签名密钥。新公钥（请公布并告知核验方）：\n${r.verifierKey}\n\n已签署检查点（${r.checkpoint.size} 条，新旧密钥联合签名）：\n${r.checkpoint.note}`);
      return 0;
    }
    case 'export': {
      const i = rest.indexOf('--out');
      const file = i >= 0 ? rest[i + 1] : rest.find((a) => a.startsWith('--out='))?.slice('--out='.length);
      if (i >= 0 && !file) {
        io.err('--out 需要文件名\n');
        return 2;
      }
      if (file) {
        const r = await log.exportToFile(file);
        io.err(`已导出 ${r.size} 条公开记录到 ${file}\n`);
      } else {
        await log.exportTo(process.stdout);
      }
      return 0;
    }
    case undefined:
    case 'help':
    case '--help':
      io.out(`${USAGE}\n`);
      return cmd === undefined ? 2 : 0;
    default:
      io.err(`未知命令：log ${cmd}\n\n${USAGE}\n`);
      return 2;
  }
}
