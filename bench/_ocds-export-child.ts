// Child process of bench/excel-ocds.ts: streams every OCDS release of the given data directory's
// SQLite database to a file and reports count, time, bytes and its own peak RSS on stdout.
import fs from 'node:fs';
import { progressBar } from '../src/cli/progress.ts';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { OcdsService } from '../src/modules/ocds/service.ts';

const [dataDir, outFile] = process.argv.slice(2);
const ctx = await createContext(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir!, LOG_LEVEL: 'silent', SEED_DEMO: 'false' } as NodeJS.ProcessEnv));
let peakRss = process.memoryUsage().rss;
const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const ocds = new OcdsService(ctx.database.db, ctx.itemTypes, ctx.config);
const total = await ocds.countReleases();
const bar = progressBar('OCDS 导出');
const t0 = performance.now();
const count = await ocds.writeBulk(fs.createWriteStream(outFile!), (n) => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  bar.update(n, total);
});
const ms = performance.now() - t0;
bar.done();
clearInterval(timer);
await ctx.close();
console.log(JSON.stringify({ count, ms, peakRss, bytes: fs.statSync(outFile!).size }));
