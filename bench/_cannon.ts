// Load generator of bench/search.ts, one fresh process per measurement: the benchmark process holds
// large result sets from the latency and recall runs, and a major garbage collection of its heap
// stalled autocannon for seconds (requests timed out, throughput halved) when it ran in-process.
// argv[2]: a JSON file { url, paths?, seconds, bare? }. With `bare` (a body in base64 and headers) a
// bare node:http server replaying that response is started in a process of its own – as the app
// runs in its own – and measured instead of `url`. Prints one JSON line: { rps, errors, timeouts, non2xx }.
// `_cannon.ts serve <file>` is that bare server: it prints "listening <port>".
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

type Arg = { url: string; paths?: string[]; seconds: number; bare?: { body: string; headers: [string, string][] } };

if (process.argv[2] === 'serve') {
  const arg = JSON.parse(fs.readFileSync(process.argv[3]!, 'utf8')) as Arg;
  const body = Buffer.from(arg.bare!.body, 'base64');
  // writeHead takes a flat [name, value, …] list; an explicit length, as the app sends, or Node
  // would fall back to chunked encoding (writeHead fixes the header before the body is known).
  const headers = [...arg.bare!.headers, ['content-length', String(body.length)]].flat();
  const server = http.createServer((_req, res) => res.writeHead(200, headers).end(body));
  server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
} else {
  const arg = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as Arg;
  let url = arg.url;
  let server: ReturnType<typeof spawn> | null = null;
  if (arg.bare) {
    server = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'serve', process.argv[2]!], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve) => server!.stdout!.on('data', (b: Buffer) => {
      const m = /listening (\d+)/.exec(b.toString());
      if (m) resolve(Number(m[1]));
    }));
    url = `http://127.0.0.1:${port}/`;
  }
  const r = await autocannon({ url, connections: 50, duration: arg.seconds, pipelining: 1, ...(arg.paths ? { requests: arg.paths.map((p) => ({ method: 'GET' as const, path: p })) } : {}) });
  server?.kill('SIGTERM');
  process.stdout.write(JSON.stringify({ rps: r.requests.total / (r.duration || arg.seconds), errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx }) + '\n');
  process.exit(0);
}
