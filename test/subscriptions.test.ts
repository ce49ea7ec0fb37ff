// Subscriptions on both dialects, against a real SMTP server (smtp-server) started here: double
// opt-in, the daily digest, one-click unsubscribe (link and RFC 8058 POST), bouncing addresses;
// webhooks against local HTTP endpoints: signature, retry with back-off, delivery log, a hanging
// endpoint that times out without holding up the others.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import { Client, createTestEnv, publishIntention, type TestEnv } from './helpers/context.ts';
import { backoffMs, sign, WebhookService } from '../src/modules/subscriptions/webhooks.ts';

interface Mail {
  to: string[];
  raw: string;
}
const inbox: Mail[] = [];
const refused = new Set<string>();
let smtp: SMTPServer;
let env: TestEnv;

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, cb) {
      if (refused.has(address.address)) return cb(Object.assign(new Error('550 mailbox unavailable'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  env = await createTestEnv({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'gongkai <noreply@gongkai.test>' });
});
after(async () => {
  await env?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** Decoded text of a mail (nodemailer uses quoted-printable or base64 for Chinese). */
function bodyText(raw: string): string {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding: base64/i.test(head!)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding: quoted-printable/i.test(head!)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}
const mailsTo = (addr: string) => inbox.filter((m) => m.to.includes(addr));
const linkIn = (m: Mail, kind: 'confirm' | 'unsubscribe') => {
  const u = new RegExp(`https?://[^\\s>]+/subscriptions/${kind}\\?token=[A-Za-z0-9_-]+`).exec(bodyText(m.raw) + '\n' + m.raw)?.[0];
  assert.ok(u, `no ${kind} link`);
  return new URL(u).pathname + new URL(u).search;
};

async function subscribe(c: Client, email: string, kind: string, target: string) {
  const csrf = await c.csrfFrom(`/subscriptions/new?kind=${kind}&target=${encodeURIComponent(target)}`);
  return c.post('/subscriptions', { _csrf: csrf, kind, target, email });
}

describe('e-mail subscriptions', () => {
  test('double opt-in: nothing but the confirmation before the link is opened', async () => {
    const c = new Client(env.app);
    const res = await subscribe(c, 'reader@example.org', 'sector', 'procurement');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /请查收确认邮件/);
    const [mail] = mailsTo('reader@example.org');
    assert.ok(mail, "mail");
    assert.match(mail.raw, /^List-Unsubscribe:\s*<http/m);
    assert.match(mail.raw, /^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    assert.match(bodyText(mail.raw), /确认订阅请打开/);
    await publishIntention(env, '未确认时发布的采购意向');
    await env.ctx.subscriptions.runDigest(new Date(Date.now() + 1000));
    assert.equal(mailsTo('reader@example.org').length, 1, 'no digest before confirmation');
    const ok = await c.get(linkIn(mail, 'confirm'));
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /订阅已生效/);
  });

  test('daily digest through real SMTP lists the new notices with an unsubscribe link in the mail', async () => {
    await new Promise((r) => setTimeout(r, 5));
    await publishIntention(env, '2027年度网络设备采购意向');
    const r = await env.ctx.subscriptions.runDigest(new Date(Date.now() + 1000));
    assert.ok(r.sent >= 1, "r.sent >= 1");
    const digest = mailsTo('reader@example.org').at(-1)!;
    const text = bodyText(digest.raw);
    assert.match(text, /2027年度网络设备采购意向/);
    assert.doesNotMatch(text, /未确认时发布的采购意向/, 'only what came after confirmation');
    assert.match(text, /退订（一键生效）/);
    assert.match(digest.raw, /^List-Unsubscribe:\s*</m);
    const again = await env.ctx.subscriptions.runDigest(new Date(Date.now() + 2000));
    assert.equal(again.sent, 0, 'nothing new, no mail');
  });

  test('one-click unsubscribe: the link asks, the POST (RFC 8058) ends it; no more mail', async () => {
    const c = new Client(env.app);
    const digest = mailsTo('reader@example.org').at(-1)!;
    const url = linkIn(digest, 'unsubscribe');
    const ask = await c.get(url);
    assert.equal(ask.statusCode, 200);
    assert.match(ask.body, /确认退订/);
    // A mail provider's one-click POST carries no cookie and no CSRF token.
    const one = await env.app.inject({ method: 'POST', url, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(one.statusCode, 200);
    assert.match(one.body, /已退订/);
    const twice = await env.app.inject({ method: 'POST', url, payload: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(twice.statusCode, 200, 'idempotent');
    const before = mailsTo('reader@example.org').length;
    await publishIntention(env, '退订之后发布的采购意向');
    await env.ctx.subscriptions.runDigest(new Date(Date.now() + 1000));
    assert.equal(mailsTo('reader@example.org').length, before);
    assert.equal((await c.get(linkIn(mailsTo('reader@example.org')[0]!, 'confirm'))).statusCode, 409, 'an old confirm link does not revive it');
  });

  test('a refused address is marked bouncing and not mailed again', async () => {
    const c = new Client(env.app);
    await subscribe(c, 'gone@example.org', 'search', 'q=采购');
    await c.get(linkIn(mailsTo('gone@example.org')[0]!, 'confirm'));
    refused.add('gone@example.org');
    await new Promise((r) => setTimeout(r, 5));
    await publishIntention(env, '办公家具采购意向');
    const r = await env.ctx.subscriptions.runDigest(new Date(Date.now() + 1000));
    assert.equal(r.bouncing, 1);
    const row = await env.ctx.database.db.selectFrom('subscriptions').select(['state']).where('email', '=', 'gone@example.org').executeTakeFirstOrThrow();
    assert.equal(row.state, 'bouncing');
    const r2 = await env.ctx.subscriptions.runDigest(new Date(Date.now() + 2000));
    assert.equal(r2.failed, 0);
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ['bad address', { kind: 'sector', target: 'housing', email: 'not-an-address' }, /有效的电子邮件地址/],
    ['unknown sector', { kind: 'sector', target: 'nope', email: 'a@example.org' }, /订阅的对象不存在/],
    ['punctuation-only search', { kind: 'search', target: 'q=%22%22', email: 'a@example.org' }, /标点或符号/],
  ];
  for (const [name, form, re] of bad) {
    test(`${name} → 400 with the form again`, async () => {
      const c = new Client(env.app);
      const csrf = await c.csrfFrom('/subscriptions/new');
      const res = await c.post('/subscriptions', { _csrf: csrf, ...form });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, re);
    });
  }
  test('unknown or malformed tokens are 404, not 500', async () => {
    for (const url of ['/subscriptions/confirm?token=x', '/subscriptions/unsubscribe?token=' + 'a'.repeat(30), '/subscriptions/confirm']) {
      assert.equal((await new Client(env.app).get(url)).statusCode, 404, url);
    }
  });
});

describe('webhooks', () => {
  const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  let failFirst = true;
  let server: http.Server;
  let hanging: http.Server;
  let base = '';
  let hangUrl = '';
  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        if (failFirst) {
          failFirst = false;
          res.writeHead(503).end('try later');
        } else res.writeHead(204).end();
      });
    });
    hanging = http.createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    hangUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hook`;
  });
  after(async () => {
    server.closeAllConnections();
    hanging.closeAllConnections();
    await new Promise((r) => server.close(r));
    await new Promise((r) => hanging.close(r));
  });

  test('signed POST, retried with back-off after a failure, logged; a hanging endpoint times out alone', async () => {
    const svc = new WebhookService(env.ctx.database.db, env.ctx.config.baseUrl, { allowHttp: true, timeoutMs: 300 });
    const good = await svc.create({ url: base, label: '交易平台', filter: { sector: 'procurement' } }, null);
    const slow = await svc.create({ url: hangUrl, label: '挂起的接收方', filter: {} }, null);
    const other = await svc.create({ url: base, label: '只要住房保障', filter: { sector: 'housing' } }, null);
    const id = await publishIntention(env, 'Webhook 测试采购意向');
    const t0 = Date.now();
    const first = await svc.deliverDue(new Date());
    assert.ok(Date.now() - t0 < 3000, 'the hanging endpoint did not block the pass');
    assert.equal(first.attempted, 2, 'the housing-only webhook got nothing');
    assert.equal(first.failed, 2);
    const [log1] = await svc.deliveries(good.id);
    assert.equal(log1!.state, 'pending');
    assert.equal(log1!.last_status, 503);
    assert.equal(log1!.attempts, 1);
    const [slowLog] = await svc.deliveries(slow.id);
    assert.match(slowLog!.last_error ?? '', /timeout/);
    // Not due again before the back-off has passed…
    assert.equal((await svc.deliverDue(new Date())).attempted, 0);
    // …and delivered after it.
    const later = new Date(Date.now() + backoffMs(1) + 1000);
    const second = await svc.deliverDue(later);
    assert.equal(second.delivered, 1);
    const [log2] = await svc.deliveries(good.id);
    assert.equal(log2!.state, 'delivered');
    assert.equal(log2!.attempts, 2);
    assert.equal((await svc.deliveries(other.id)).length, 0);
    // The signature covers timestamp and body with the secret shown once at registration.
    const last = received.at(-1)!;
    const ts = String(last.headers['x-gongkai-timestamp']);
    assert.equal(last.headers['x-gongkai-signature'], sign(good.secret, ts, last.body));
    assert.notEqual(last.headers['x-gongkai-signature'], sign(crypto.randomBytes(8).toString('hex'), ts, last.body));
    const payload = JSON.parse(last.body);
    assert.equal(payload.kind, 'publish');
    assert.equal(payload.disclosure.id, id);
  });

  test('back-off doubles and is capped', () => {
    assert.deepEqual([1, 2, 3, 4].map(backoffMs), [30_000, 60_000, 120_000, 240_000]);
    assert.equal(backoffMs(30), 6 * 3600_000);
  });

  test('registration needs https in production and a label', async () => {
    const strict = new WebhookService(env.ctx.database.db, env.ctx.config.baseUrl);
    const detail = (re: RegExp) => (e: unknown) => {
      assert.match(JSON.stringify((e as { details: unknown }).details), re);
      return true;
    };
    await assert.rejects(strict.create({ url: 'http://example.org/x', label: 'x', filter: {} }, null), detail(/https/));
    await assert.rejects(strict.create({ url: 'https://user:pw@example.org/x', label: 'x', filter: {} }, null), detail(/url/));
    await assert.rejects(strict.create({ url: 'https://example.org/x', label: ' ', filter: {} }, null), detail(/名称/));
  });
});
