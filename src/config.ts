// One validated configuration, read once at start (DESIGN.md §4). Development has working
// defaults; production refuses to start without what it cannot guess.
import path from 'node:path';
import { z } from 'zod';
import { describeVerifierKey } from './modules/publication-log/note.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Config {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string;
  dialect: DialectName;
  /** PostgreSQL schema (search_path); lets tests and several districts share one server. */
  databaseSchema: string | undefined;
  sqliteFile: string | undefined;
  filesDir: string;
  baseUrl: string;
  maxUploadBytes: number;
  maxBodyBytes: number;
  seedDemo: boolean;
  trustProxy: boolean;
  ocidPrefix: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  /** Verifier keys of witnesses (e.g. 审计局) whose cosignatures of log checkpoints are accepted. */
  logWitnessKeys: string[];
  /** Requests per minute per client IP on the API, search and feeds; 0 disables the limit. */
  rateLimitPerMinute: number;
  /** Working days a department has to answer public feedback (留言) on the official calendar. */
  feedbackReplyWorkingDays: number;
  /** Bytes of rendered public responses kept by the public page cache (ADR 0008); 0 disables it. */
  pageCacheBytes: number;
}

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().optional(),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'DATABASE_SCHEMA must be a lower-case SQL identifier')
    .optional(),
  BASE_URL: z.string().url().optional(),
  MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(20),
  MAX_BODY_KB: z.coerce.number().int().positive().max(100_000).default(1024),
  SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  OCID_PREFIX: z.string().regex(/^ocds-[a-z0-9]{6}$/, 'OCID_PREFIX must look like ocds-xxxxxx').default('ocds-gk0000'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('gongkai <noreply@localhost>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_WITNESS_KEYS: z.string().default(''),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).optional(),
  FEEDBACK_REPLY_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(5),
  PAGE_CACHE_MB: z.coerce.number().min(0).max(16_384).default(64),
});

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const databaseUrl = e.DATABASE_URL && e.DATABASE_URL.trim() !== '' ? e.DATABASE_URL : `sqlite:${path.join(dataDir, 'gongkai.sqlite')}`;
  // The dialect is chosen by the URL scheme the operator wrote, never by probing a server.
  let dialect: DialectName;
  let sqliteFile: string | undefined;
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    dialect = 'postgres';
  } else if (databaseUrl.startsWith('sqlite:')) {
    dialect = 'sqlite';
    const file = databaseUrl.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    sqliteFile = file === ':memory:' ? ':memory:' : path.resolve(file);
  } else {
    throw new ConfigError(`DATABASE_URL must start with sqlite: or postgres:// (got "${databaseUrl}")`);
  }
  if (e.NODE_ENV === 'production') {
    if (!e.BASE_URL) throw new ConfigError('BASE_URL is required in production (used in feeds, mail and OCDS links).');
    if (e.SEED_DEMO === 'true') throw new ConfigError('SEED_DEMO=true is refused in production.');
  }
  // Verifier keys contain neither spaces nor commas: either separates them.
  const logWitnessKeys = e.LOG_WITNESS_KEYS.split(/[\s,]+/).filter((k) => k !== '');
  for (const k of logWitnessKeys) {
    try {
      describeVerifierKey(k);
    } catch (err) {
      throw new ConfigError(`LOG_WITNESS_KEYS: ${(err as Error).message}`);
    }
  }
  const seedDemo = e.SEED_DEMO === 'true' || (e.SEED_DEMO === 'auto' && e.NODE_ENV === 'development');
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl,
    dialect,
    databaseSchema: e.DATABASE_SCHEMA,
    sqliteFile,
    filesDir: path.join(dataDir, 'files'),
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    maxUploadBytes: Math.round(e.MAX_UPLOAD_MB * 1024 * 1024),
    maxBodyBytes: e.MAX_BODY_KB * 1024,
    seedDemo,
    trustProxy: e.TRUST_PROXY === 'true',
    ocidPrefix: e.OCID_PREFIX,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    logWitnessKeys,
    // Off by default under NODE_ENV=test: route suites send hundreds of requests from one address.
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE ?? (e.NODE_ENV === 'test' ? 0 : 120),
    feedbackReplyWorkingDays: e.FEEDBACK_REPLY_WORKING_DAYS,
    pageCacheBytes: Math.round(e.PAGE_CACHE_MB * 1024 * 1024),
  };
}

/** Every variable, its default and meaning – rendered into the README table and `gongkai config`. */
export const CONFIG_DOC: ReadonlyArray<[name: string, dflt: string, meaning: string]> = [
  ['PORT', '3000', 'HTTP port'],
  ['HOST', '127.0.0.1', 'Interface to listen on (0.0.0.0 to accept remote connections)'],
  ['DATA_DIR', './data', 'Database file, attachments (files/) and signing keys (keys/)'],
  ['DATABASE_URL', 'sqlite:$DATA_DIR/gongkai.sqlite', '`sqlite:PATH` selects embedded SQLite; `postgres://user@host:port/db` selects PostgreSQL'],
  ['DATABASE_SCHEMA', '(server default, public)', 'PostgreSQL schema to use (search_path)'],
  ['NODE_ENV', 'development', '`production` disables the demo seed and requires BASE_URL'],
  ['BASE_URL', 'http://localhost:$PORT', 'Public URL used in feeds, mails and OCDS document links'],
  ['MAX_UPLOAD_MB', '20', 'Largest attachment accepted (413 above)'],
  ['MAX_BODY_KB', '1024', 'Largest form or JSON body accepted (413 above)'],
  ['SEED_DEMO', 'auto', '`auto`: seed the demo district into an empty database in development; `true`/`false` force it'],
  ['TRUST_PROXY', 'false', 'Trust X-Forwarded-* headers (behind a reverse proxy); sets Secure cookies for HTTPS'],
  ['OCID_PREFIX', 'ocds-gk0000', 'Registered OCDS ocid prefix'],
  ['SMTP_URL', '(none: mail is logged, not sent)', 'SMTP server, e.g. smtp://user:pass@host:587'],
  ['MAIL_FROM', 'gongkai <noreply@localhost>', 'Sender of notification mail'],
  ['LOG_LEVEL', 'info', 'fatal, error, warn, info, debug, trace or silent'],
  ['LOG_WITNESS_KEYS', '(none: cosignatures refused)', 'Verifier keys (`name+id+base64`, separated by spaces or commas) of witnesses such as 审计局 allowed to cosign publication-log checkpoints via POST /api/v1/log/cosign'],
  ['RATE_LIMIT_PER_MINUTE', '120 (0 under NODE_ENV=test)', 'Requests per minute per client IP on /api/, /search and /feeds/ (429 with Retry-After above); 0 disables'],
  ['FEEDBACK_REPLY_WORKING_DAYS', '5', 'Working days (official calendar) a department has to answer a public question (对此信息有疑问) before it shows as overdue'],
  ['PAGE_CACHE_MB', '64', 'Memory for the public page cache: anonymous GETs of public pages, the public API and feeds are served from memory until anything public changes (ADR 0008); 0 disables'],
];
