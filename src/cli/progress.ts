// A dependency-free progress bar for long CLI work (imports, seeding, reindexing, benchmarks).
// On a non-TTY (CI logs) it prints a line every 10 % instead of redrawing.

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const tty = stream.isTTY === true;
  let lastPct = -1;
  let lastTotal = 0;
  const start = Date.now();
  return {
    update(done: number, total: number) {
      lastTotal = total;
      const pct = total ? Math.floor((done / total) * 100) : 100;
      if (pct === lastPct) return;
      if (!tty && pct % 10 !== 0) return;
      lastPct = pct;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      const line = `${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${done}/${total}`;
      if (tty) stream.write(`\r${line}`);
      else stream.write(`${line}\n`);
    },
    done() {
      const secs = ((Date.now() - start) / 1000).toFixed(1);
      if (tty) stream.write(`\r${label} 完成 ${lastTotal} 项，用时 ${secs} 秒${' '.repeat(30)}\n`);
      else stream.write(`${label} 完成 ${lastTotal} 项，用时 ${secs} 秒\n`);
    },
  };
}
