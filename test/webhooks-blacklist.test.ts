// Webhooks for 黑名单 changes (the trading platforms keep the blacklist in sync), on SQLite and
// PostgreSQL, against a real local HTTP endpoint: a webhook choosing `entities: ['blacklist']`
// receives a signed POST for a published entry and for its expiry, the payload being that row of
// /api/v1/changes; a webhook registered without `entities` keeps receiving disclosure changes only;
// a failed delivery is retried after the back-off; the delivery is queued in the transaction of
// the change (rolled back with it); the admin form's checkboxes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HtmlValidate } from 'html-validate';
import { completeCreditCode } from '../src/domain/identifiers.ts';
import { todayInChina } from '../src/modules/disclosures/service.ts';
import { addDays, addMonths } from '../src/modules/blacklist/rules.ts';
import type { EntryInput } from '../src/modules/blacklist/service.ts';
import { backoffMs, matches, sign, WebhookService, type WebhookFilter } from '../src/modules/subscriptions/webhooks.ts';
import type { ChangeRow } from '../src/modules/opendata/changes.ts';
import { Client, createTestEnv, principalOf, publishIntention, type TestEnv } from './helpers/context.ts';

let env: TestEnv;
interface Hit {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
const received: Hit[] = [];
/** Paths that answer 503 once, then 204. */
const failOnce = new Set<string>();
let server: http.Server;
let base = '';

before(async () => {
  env = await createTestEnv();
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body });
      if (failOnce.delete(path)) res.writeHead(503).end('try later');
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await env?.close();
});

const today = todayInChina();
let seq = 0;
function entry(extra: Partial<EntryInput> = {}): EntryInput {
  seq++;
  const decision = addMonths(today, -2);
  return {
    departmentId: env.ids.czj, subjectKind: 'company', name: `韶关市推送${seq}建材有限公司`, creditCode: completeCreditCode('91440204', `MA4WHK${String(seq).padStart(2, '0')}`), idNumber: '',
    conduct: '串通投标', legalBasis: '《招标投标法》第五十三条', decisionNo: `浈财采罚〔2026〕推${seq}号`, decisionDate: decision, sector: 'procurement', severity: 'procurement-bar',
    startDate: decision, endDate: addDays(addMonths(decision, 24), -1), disclosureId: '', ...extra,
  };
}

async function publishEntry(input: EntryInput): Promise<number> {
  const id = await env.ctx.blacklist.createDraft(await principalOf(env, 'editor'), input);
  await env.ctx.blacklist.publish(await principalOf(env, 'reviewer'), id);
  return id;
}

/** The rows of /api/v1/changes after `since` (seq), as a mirror reads them. */
async function feedAfter(since: number): Promise<{ seq: number; entity: string; kind: string; [k: string]: unknown }[]> {
  const c = new Client(env.app);
  const q = since ? `?since=${Buffer.from(`c1:${since}`).toString('base64url')}&limit=200` : '?limit=200';
  const res = await c.get(`/api/v1/changes${q}`);
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { data: { seq: number; entity: string; kind: string }[] }).data;
}

const hitsOf = (path: string) => received.filter((h) => h.path === path);

describe('webhooks receive 黑名单 changes', () => {
  test('publish and expiry reach a blacklist webhook signed; a webhook without entities gets disclosures only; retried after a failure', async () => {
    const svc = new WebhookService(env.ctx.database.db, env.ctx.config.baseUrl, { allowHttp: true, timeoutMs: 2000 });
    const startSeq = await env.ctx.changes.latestSeq();
    const bl = await svc.create({ url: `${base}/blacklist`, label: '公共资源交易平台', filter: { entities: ['blacklist'] } }, null);
    const old = await svc.create({ url: `${base}/old`, label: '旧登记（无推送内容字段）', filter: {} }, null);
    const both = await svc.create({ url: `${base}/both-czj`, label: '财政局全部变更', filter: { entities: ['disclosure', 'blacklist'], department: 'czj', sector: 'procurement' } }, null);
    const housing = await svc.create({ url: `${base}/housing`, label: '只要住房保障黑名单', filter: { entities: ['blacklist'], sector: 'housing' } }, null);
    const project = await svc.create({ url: `${base}/project`, label: '按项目', filter: { entities: ['blacklist', 'disclosure'], project: 1 } }, null);
    const stored = (await svc.list()).find((h) => h.id === old.id)!;
    assert.deepEqual(JSON.parse(stored.filter), {}, 'a filter without entities is stored as given');

    failOnce.add('/blacklist');
    const id = await publishEntry(entry());
    const disclosureId = await publishIntention(env, '推送测试采购意向');

    const first = await svc.deliverDue(new Date());
    // blacklist (fails once), old (disclosure), both-czj (blacklist + disclosure); housing and project nothing.
    assert.equal(first.attempted, 4, 'four deliveries due');
    assert.equal(first.failed, 1, 'the first blacklist delivery failed');
    assert.equal(first.delivered, 3, 'the others delivered');
    assert.equal((await svc.deliveries(housing.id)).length, 0, 'a housing-only webhook got no procurement entry');
    assert.equal((await svc.deliveries(project.id)).length, 0, 'a project filter never matches a blacklist row');

    const [pending] = await svc.deliveries(bl.id);
    assert.equal(pending!.state, 'pending');
    assert.equal(pending!.last_status, 503);
    assert.equal((await svc.deliverDue(new Date())).attempted, 0, 'not due again before the back-off');
    const retried = await svc.deliverDue(new Date(Date.now() + backoffMs(1) + 1000));
    assert.equal(retried.delivered, 1, 'delivered on the retry');
    const [done] = await svc.deliveries(bl.id);
    assert.equal(done!.state, 'delivered');
    assert.equal(done!.attempts, 2);

    // What the blacklist webhook received: two attempts of the same signed body, the feed's row.
    const feed = await feedAfter(startSeq);
    const published = feed.find((r) => r.entity === 'blacklist' && r.kind === 'publish')!;
    assert.ok(published, 'the publication is in the change feed');
    const blHits = hitsOf('/blacklist');
    assert.equal(blHits.length, 2, 'one failed attempt and one retry');
    for (const h of blHits) {
      const ts = String(h.headers['x-gongkai-timestamp']);
      assert.equal(h.headers['x-gongkai-signature'], sign(bl.secret, ts, h.body), 'HMAC over timestamp.body with the secret');
      assert.notEqual(h.headers['x-gongkai-signature'], sign(old.secret, ts, h.body), 'another webhook secret does not verify');
      assert.deepEqual(JSON.parse(h.body), published, 'the payload is the /api/v1/changes row');
    }
    const body = JSON.parse(blHits[1]!.body) as { entity: string; kind: string; blacklist: { id: number; status: string; url: string } };
    assert.equal(body.blacklist.id, id);
    assert.equal(body.blacklist.status, 'active');
    assert.match(body.blacklist.url, /^https?:\/\/.+\/blacklist\/\d+$/, 'absolute URL of the entry');

    // The webhook registered without entities: the disclosure only, in the unchanged shape.
    const oldHits = hitsOf('/old');
    assert.equal(oldHits.length, 1, 'only the disclosure reached the old webhook');
    const oldBody = JSON.parse(oldHits[0]!.body) as Record<string, unknown> & { disclosure: { id: number } };
    assert.deepEqual(Object.keys(oldBody).sort(), ['at', 'disclosure', 'entity', 'kind', 'reason', 'seq'], 'disclosure payload shape unchanged');
    assert.equal(oldBody.disclosure.id, disclosureId);
    assert.deepEqual(oldBody, feed.find((r) => r.entity === 'disclosure'), 'the disclosure payload is its feed row');
    assert.deepEqual(hitsOf('/both-czj').map((h) => (JSON.parse(h.body) as { entity: string }).entity).sort(), ['blacklist', 'disclosure'], 'both entities to the webhook that chose both');

    // The entry's end date passes; the expiry job's change reaches the blacklist webhook too.
    await env.ctx.database.db.updateTable('blacklist_entries').set({ end_date: addDays(today, -1) }).where('id', '=', id).execute();
    assert.ok((await env.ctx.blacklist.expireDue()).expired >= 1, 'the entry expired');
    const third = await svc.deliverDue(new Date());
    assert.equal(third.delivered, 2, 'the expiry went to the blacklist and the both-czj webhooks');
    const expiry = hitsOf('/blacklist').at(-1)!;
    const ts = String(expiry.headers['x-gongkai-timestamp']);
    assert.equal(expiry.headers['x-gongkai-signature'], sign(bl.secret, ts, expiry.body), 'expiry signed');
    const exp = JSON.parse(expiry.body) as { seq: number; kind: string; blacklist: { id: number; status: string; current: boolean } };
    assert.equal(exp.kind, 'expire');
    assert.equal(exp.blacklist.id, id);
    assert.equal(exp.blacklist.status, 'expired');
    assert.equal(exp.blacklist.current, false);
    assert.deepEqual(exp, (await feedAfter(startSeq)).find((r) => r.seq === exp.seq), 'the expiry payload is its feed row');
    assert.equal(hitsOf('/old').length, 1, 'the old webhook still got no blacklist row');
    for (const w of [bl, old, both, housing, project]) await svc.deactivate(w.id, null);
  });
});

describe('queued in the transaction of the change', () => {
  test('a blacklist change that rolls back queues nothing', async () => {
    const svc = new WebhookService(env.ctx.database.db, env.ctx.config.baseUrl, { allowHttp: true });
    const w = await svc.create({ url: `${base}/rollback`, label: '回滚测试', filter: { entities: ['blacklist'] } }, null);
    const draft = await env.ctx.blacklist.createDraft(await principalOf(env, 'editor'), entry());
    // A hook after the webhook's fails: the whole publication, and the queued delivery, roll back.
    const boom = async () => {
      throw new Error('later hook failed');
    };
    env.ctx.blacklist.hooks.push(boom);
    try {
      await assert.rejects(env.ctx.blacklist.publish(await principalOf(env, 'reviewer'), draft), /later hook failed/);
    } finally {
      env.ctx.blacklist.hooks.splice(env.ctx.blacklist.hooks.indexOf(boom), 1);
    }
    assert.equal((await svc.deliveries(w.id)).length, 0, 'nothing queued for a rolled-back change');
    await env.ctx.blacklist.publish(await principalOf(env, 'reviewer'), draft);
    const queued = await svc.deliveries(w.id);
    assert.equal(queued.length, 1, 'queued once the publication commits');
    const row = (await feedAfter(queued[0]!.change_seq - 1))[0]!;
    assert.equal(row.seq, queued[0]!.change_seq);
    assert.deepEqual(JSON.parse(queued[0]!.payload), row, 'queued payload is the feed row');
    await svc.deactivate(w.id, null);
  });
});

describe('filter rules', () => {
  const disclosureRow = { id: 1, entity: 'disclosure', sector: 'procurement', department: 'czj', project_id: 7 } as ChangeRow;
  const blacklistRow = { id: 2, entity: 'blacklist', sector: 'procurement', department: 'czj', project_id: null } as ChangeRow;
  const cases: { name: string; f: WebhookFilter; disclosure: boolean; blacklist: boolean }[] = [
    { name: 'no entities (registered before 黑名单 rows)', f: {}, disclosure: true, blacklist: false },
    { name: 'empty entities = disclosures only', f: { entities: [] }, disclosure: true, blacklist: false },
    { name: 'blacklist only', f: { entities: ['blacklist'] }, disclosure: false, blacklist: true },
    { name: 'both', f: { entities: ['disclosure', 'blacklist'] }, disclosure: true, blacklist: true },
    { name: 'sector matches both entities', f: { entities: ['disclosure', 'blacklist'], sector: 'procurement' }, disclosure: true, blacklist: true },
    { name: 'other sector matches neither', f: { entities: ['disclosure', 'blacklist'], sector: 'housing' }, disclosure: false, blacklist: false },
    { name: 'deciding department', f: { entities: ['disclosure', 'blacklist'], department: 'czj' }, disclosure: true, blacklist: true },
    { name: 'other department', f: { entities: ['disclosure', 'blacklist'], department: 'nyj' }, disclosure: false, blacklist: false },
    { name: 'project never matches a blacklist row', f: { entities: ['disclosure', 'blacklist'], project: 7 }, disclosure: true, blacklist: false },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(matches(c.f, disclosureRow), c.disclosure, 'disclosure row');
      assert.equal(matches(c.f, blacklistRow), c.blacklist, 'blacklist row');
    });
  }

  test('registration refuses an empty or unknown entity list', async () => {
    const svc = new WebhookService(env.ctx.database.db, env.ctx.config.baseUrl, { allowHttp: true });
    const code = (c: string) => (e: unknown) => {
      assert.match(JSON.stringify((e as { details: unknown }).details), new RegExp(c));
      return true;
    };
    await assert.rejects(svc.create({ url: `${base}/x`, label: 'x', filter: { entities: [] } }, null), code('entities_required'));
    await assert.rejects(svc.create({ url: `${base}/x`, label: 'x', filter: { entities: ['penalty' as 'blacklist'] } }, null), code('unknown_entity'));
    const ok = await svc.create({ url: `${base}/x`, label: 'x', filter: { entities: ['blacklist', 'disclosure', 'blacklist'] } }, null);
    const stored = (await svc.list()).find((h) => h.id === ok.id)!;
    assert.deepEqual(JSON.parse(stored.filter), { entities: ['disclosure', 'blacklist'] }, 'known entities, each once');
    await svc.deactivate(ok.id, null);
  });
});

describe('admin webhook form', () => {
  const validator = new HtmlValidate({
    extends: ['html-validate:recommended'],
    rules: { 'long-title': 'off', 'doctype-style': 'off', 'attribute-boolean-style': 'off', 'no-trailing-whitespace': 'off', 'prefer-native-element': 'off' },
  });
  async function valid(body: string, what: string) {
    const report = await validator.validateString(body, what);
    const messages = report.results.flatMap((r) => r.messages.map((m) => `${what} ${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
    assert.deepEqual(messages, [], messages.join('\n'));
    assert.equal((body.match(/<h1[\s>]/g) ?? []).length, 1, `${what}: one h1`);
  }

  test('checkboxes for 公开信息变更 / 黑名单变更; none checked keeps the typed values; the list shows the choice', async () => {
    const office = await new Client(env.app).login('office');
    const page = await office.get('/admin/webhooks');
    assert.equal(page.statusCode, 200);
    await valid(page.body, 'form');
    assert.match(page.body, /<input type="checkbox" id="fld-entities" name="entities\[\]" value="disclosure" checked>/, 'disclosures checked by default');
    assert.match(page.body, /name="entities\[\]" value="blacklist">/, 'blacklist box unchecked by default');
    assert.ok(page.body.includes('黑名单变更') && page.body.includes('公开信息变更'), 'both labels');
    assert.ok(page.body.includes('按项目筛选的接收地址不会收到黑名单变更'), 'help text on the filters');

    const csrf = await office.csrfFrom('/admin/webhooks');
    const bad = await office.post('/admin/webhooks', { _csrf: csrf, label: '交易平台（无勾选）', url: `${base}/form`, sector: 'procurement', department: 'czj' });
    assert.equal(bad.statusCode, 400);
    await valid(bad.body, 'error page');
    assert.ok(bad.body.includes('class="error-summary"'), 'error summary');
    assert.ok(bad.body.includes('href="#fld-entities"'), 'summary links to the first checkbox');
    assert.ok(bad.body.includes('value="交易平台（无勾选）"'), 'typed label kept');
    assert.ok(!/name="entities\[\]" value="[a-z]+" checked/.test(bad.body), 'no box re-checked behind the user');

    const noCsrf = await office.post('/admin/webhooks', { label: 'x', url: `${base}/form`, 'entities[]': 'blacklist' });
    assert.equal(noCsrf.statusCode, 403, 'CSRF checked');

    const ok = await office.post('/admin/webhooks', { _csrf: csrf, label: '公共资源交易中心', url: `${base}/form`, sector: 'procurement', department: '', 'entities[]': ['blacklist'] });
    assert.equal(ok.statusCode, 200, ok.body.slice(0, 500));
    await valid(ok.body, 'created');
    assert.match(ok.body, /签名密钥只显示这一次/);
    const section = ok.body.slice(ok.body.indexOf('公共资源交易中心</h2>'));
    assert.match(section, /推送：黑名单变更；领域 procurement/, 'the list shows what the webhook receives');
    const stored = (await env.ctx.webhooks.list()).find((h) => h.label === '公共资源交易中心')!;
    assert.deepEqual(JSON.parse(stored.filter), { entities: ['blacklist'], sector: 'procurement' });
    await env.ctx.webhooks.deactivate(stored.id, null);
  });
});
