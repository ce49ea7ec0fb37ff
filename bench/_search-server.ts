// The web process of bench/search.ts: the real app on an ephemeral port (its RSS is measured).
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { buildApp } from '../src/web/app.ts';

const ctx = await createContext(loadConfig());
const app = await buildApp(ctx, { logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const addr = app.server.address();
process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : 0}\n`);
const stop = async () => {
  await app.close();
  await ctx.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
