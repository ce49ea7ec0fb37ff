// 黑名单 (issue 8 §1): service rules, console and public routes over HTTP, the expiry job,
// masking of person ID numbers, valid HTML. Runs on SQLite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HtmlValidate } from 'html-validate';
import { completeCreditCode, completeIdNumber } from '../src/domain/identifiers.ts';
import { AppError } from '../src/domain/errors.ts';
import { todayInChina } from '../src/modules/disclosures/service.ts';
import { addDays, addMonths } from '../src/modules/blacklist/rules.ts';
import type { EntryInput } from '../src/modules/blacklist/service.ts';
import { Client, createTestEnv, principalOf, tinyPdf, type TestEnv } from './helpers/context.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => env?.close());

const today = todayInChina();
let seq = 0;
function company(extra: Partial<EntryInput> = {}): EntryInput {
  seq++;
  const decision = addMonths(today, -2);
  return {
    departmentId: env.ids.czj, subjectKind: 'company', name: `韶关市测试${seq}贸易有限公司`, creditCode: completeCreditCode('91440204', `MA4TQX${String(seq).padStart(2, '0')}`), idNumber: '',
    conduct: '提供虚假材料谋取中标', legalBasis: '《政府采购法》第七十七条', decisionNo: `浈财采罚〔2026〕${seq}号`, decisionDate: decision, sector: 'procurement', severity: 'procurement-bar',
    startDate: decision, endDate: addDays(addMonths(decision, 24), -1), disclosureId: '', ...extra,
  };
}
function badCode(): string {
  const c = completeCreditCode('91440204', 'MA4TQX99');
  return c.slice(0, 17) + (c.endsWith('0') ? '1' : '0');
}
const PERSON_ID = completeIdNumber('44020419620518147');

async function publish(input: EntryInput): Promise<number> {
  const id = await env.ctx.blacklist.createDraft(await principalOf(env, 'editor'), input);
  await env.ctx.blacklist.publish(await principalOf(env, 'reviewer'), id);
  return id;
}

async function expectError(p: Promise<unknown>, status: number, code: string, detailCode?: string) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.status, status);
    assert.equal(e.code, code);
    if (detailCode) assert.ok(e.details.some((d) => d.code === detailCode), JSON.stringify(e.details));
    return true;
  });
}

describe('service rules', () => {
  test('bad input is refused with stable codes', async () => {
    const editor = await principalOf(env, 'editor');
    const svc = env.ctx.blacklist;
    const base = company();
    await publish(base);
    const cases: { name: string; input: EntryInput; status: number; code: string; detail: string }[] = [
      { name: 'duplicate (same subject + decision number)', input: { ...base, startDate: addDays(base.startDate, 1) }, status: 409, code: 'duplicate_entry', detail: 'duplicate_entry' },
      { name: 'overlapping period, same subject and sector', input: { ...base, decisionNo: '浈财采罚〔2026〕99号' }, status: 409, code: 'overlapping_period', detail: 'overlapping_period' },
      { name: 'bad credit-code checksum', input: company({ creditCode: badCode() }), status: 400, code: 'validation_failed', detail: 'bad_checksum' },
      { name: 'end before start', input: company({ endDate: addDays(today, -90) }), status: 400, code: 'validation_failed', detail: 'end_before_start' },
      { name: 'period longer than the severity allows', input: company({ severity: 'ordinary' }), status: 400, code: 'validation_failed', detail: 'period_too_long' },
    ];
    for (const c of cases) await expectError(svc.createDraft(editor, c.input), c.status, c.code, c.detail);
    // The same subject in another sector, or after the period, is not an overlap.
    await svc.createDraft(editor, { ...base, decisionNo: '浈财罚〔2026〕7号', sector: 'general', severity: 'serious' });
  });

  test('no self-approval, department scoping, events for every change', async () => {
    const svc = env.ctx.blacklist;
    const editor2 = await principalOf(env, 'editor2');
    const id = await svc.createDraft(editor2, company());
    await expectError(svc.publish(editor2, id), 403, 'forbidden');
    await expectError(svc.publish(await principalOf(env, 'nyj-editor'), id), 404, 'not_found');
    await expectError(svc.createDraft(await principalOf(env, 'nyj-editor'), company()), 403, 'forbidden');
    await svc.publish(await principalOf(env, 'reviewer2'), id);
    const { events } = await svc.getForStaff(await principalOf(env, 'office'), id);
    assert.deepEqual(events.map((e) => e.action), ['create', 'publish']);
  });

  test('credit repair after the minimum period only, with a document; revocation', async () => {
    const svc = env.ctx.blacklist;
    const reviewer = await principalOf(env, 'reviewer');
    const recent = await publish(company());
    const doc = [{ filename: '修复决定.pdf', data: tinyPdf('repair') }];
    await expectError(svc.repair(reviewer, recent, '已整改', doc), 409, 'repair_too_early', 'repair_too_early');
    const old = addMonths(today, -13);
    const eligible = await publish(company({ decisionDate: old, startDate: old, endDate: addDays(addMonths(old, 24), -1) }));
    await expectError(svc.repair(reviewer, eligible, '已整改', []), 400, 'validation_failed', 'required');
    await expectError(svc.repair(reviewer, eligible, '已整改', [{ filename: 'x.txt', data: Buffer.from('plain text') }]), 415, 'unsupported_media_type');
    await svc.repair(reviewer, eligible, '已缴清罚款并完成整改', doc);
    await svc.revoke(reviewer, recent, '原决定经行政复议撤销', doc);
    const r = await svc.getForStaff(reviewer, eligible);
    assert.equal(r.entry.status, 'repaired');
    assert.equal(r.documents.length, 1);
    assert.deepEqual(r.events.map((e) => e.action), ['create', 'publish', 'repair']);
    assert.equal((await svc.getForStaff(reviewer, recent)).entry.status, 'revoked');
  });
});

describe('expiry', () => {
  test('an entry past its end date leaves the current list at once, and the job records it', async () => {
    const id = await publish(company({ severity: 'ordinary', sector: 'procurement', endDate: addDays(addMonths(addMonths(today, -2), 12), -1) }));
    const c = new Client(env.app);
    assert.ok((await c.get('/blacklist')).body.includes(`/blacklist/${id}"`), "(await c.get('/blacklist')).body.includes(`/blacklist/${id}\"`)");
    // The end date passes before the job runs: the public query alone must hide it.
    await env.ctx.database.db.updateTable('blacklist_entries').set({ end_date: addDays(today, -1) }).where('id', '=', id).execute();
    assert.ok(!(await c.get('/blacklist')).body.includes(`/blacklist/${id}"`), "!(await c.get('/blacklist')).body.includes(`/blacklist/${id}\"`)");
    assert.ok((await c.get('/blacklist?view=history')).body.includes(`/blacklist/${id}"`), "(await c.get('/blacklist?view=history')).body.includes(`/blacklist/${id}\"`)");
    const api = (await c.get(`/api/v1/blacklist/${id}`)).json() as { status: string; current: boolean };
    assert.equal(api.status, 'expired');
    assert.equal(api.current, false);
    const r1 = await env.ctx.blacklist.expireDue();
    assert.ok(r1.expired >= 1, "r1.expired >= 1");
    const again = await env.ctx.blacklist.expireDue();
    assert.equal(again.expired, 0, 'safe to run twice');
    const { entry, events } = await env.ctx.blacklist.getPublic(id);
    assert.equal(entry.status, 'expired');
    assert.deepEqual(events.map((e) => e.action), ['publish', 'expire']);
  });

  test('the scheduled job is registered and runs through the scheduler', async () => {
    const { createBlacklistScheduler } = await import('../src/jobs/blacklist.ts');
    const s = createBlacklistScheduler(env.ctx);
    const r = await s.runOnce('blacklist-expiry', { force: true });
    assert.equal(r.status, 'ran');
  });
});

describe('console over HTTP', () => {
  const formOf = (i: EntryInput, csrf: string): Record<string, string> => ({ _csrf: csrf, departmentId: String(i.departmentId), subjectKind: i.subjectKind, name: i.name, creditCode: i.creditCode, idNumber: i.idNumber, conduct: i.conduct, legalBasis: i.legalBasis, decisionNo: i.decisionNo, decisionDate: i.decisionDate, sector: i.sector, severity: i.severity, startDate: i.startDate, endDate: i.endDate, disclosureId: i.disclosureId });

  test('a bad form re-renders with a Chinese error summary and keeps what was typed', async () => {
    const c = await new Client(env.app).login('editor');
    const csrf = await c.csrfFrom('/admin/blacklist/new');
    const input = company({ creditCode: badCode(), endDate: addDays(today, -200) });
    const res = await c.postMultipart('/admin/blacklist', formOf(input, csrf), []);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /提交未成功/);
    assert.match(res.body, /统一社会信用代码校验位不正确/);
    assert.match(res.body, /公示截止日期不能早于公示开始日期/);
    assert.ok(res.body.includes(`value="${input.name}"`), 'typed name kept');
    assert.ok(res.body.includes(`value="${input.creditCode}"`), 'typed code kept');
    assert.ok(res.body.includes('href="#fld-creditCode"'), "res.body.includes('href=\"#fld-creditCode\"')");
    // Without the CSRF token nothing is saved.
    const forged = await c.postMultipart('/admin/blacklist', { ...formOf(company(), 'x') }, []);
    assert.equal(forged.statusCode, 403);
  });

  test('draft with a decision document → another reviewer publishes → repair/revoke forms', async () => {
    const editor = await new Client(env.app).login('editor');
    const csrf = await editor.csrfFrom('/admin/blacklist/new');
    const input = company();
    const res = await editor.postMultipart('/admin/blacklist', formOf(input, csrf), [{ name: 'document', filename: '处罚决定书.pdf', data: tinyPdf('decision') }]);
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const id = Number(/\/admin\/blacklist\/(\d+)/.exec(String(res.headers.location))![1]);
    const page = await editor.get(`/admin/blacklist/${id}`);
    assert.match(page.body, /处罚决定书\.pdf/);
    assert.equal((await editor.get(`/blacklist/${id}`)).statusCode, 404, 'drafts are not public');
    // Duplicate through the form: 409 with the stable code's message, values kept.
    const dup = await editor.postMultipart('/admin/blacklist', formOf(input, csrf), []);
    assert.equal(dup.statusCode, 409);
    assert.match(dup.body, /请勿重复录入/);
    const reviewer = await new Client(env.app).login('reviewer');
    const rcsrf = await reviewer.csrfFrom(`/admin/blacklist/${id}`);
    const pub = await reviewer.post(`/admin/blacklist/${id}/publish`, { _csrf: rcsrf });
    assert.equal(pub.statusCode, 303);
    assert.equal((await new Client(env.app).get(`/blacklist/${id}`)).statusCode, 200);
    const detail = await reviewer.get(`/admin/blacklist/${id}`);
    assert.match(detail.body, /信用修复/);
    const early = await reviewer.postMultipart(`/admin/blacklist/${id}/repair`, { _csrf: rcsrf, 'repair-reason': '已整改' }, [{ name: 'document', filename: 'r.pdf', data: tinyPdf('r') }]);
    assert.equal(early.statusCode, 409);
    assert.match(early.body, /最短公示期未满/);
    const noDoc = await reviewer.postMultipart(`/admin/blacklist/${id}/revoke`, { _csrf: rcsrf, 'revoke-reason': '' }, []);
    assert.equal(noDoc.statusCode, 400);
    assert.match(noDoc.body, /请填写撤销理由/);
    assert.match(noDoc.body, /请上传撤销决定书/);
    const ok = await reviewer.postMultipart(`/admin/blacklist/${id}/revoke`, { _csrf: rcsrf, 'revoke-reason': '原决定经复议撤销' }, [{ name: 'document', filename: '复议决定书.pdf', data: tinyPdf('revoke') }]);
    assert.equal(ok.statusCode, 303);
    const pubPage = await new Client(env.app).get(`/blacklist/${id}`);
    assert.match(pubPage.body, /原决定经复议撤销/);
    assert.match(pubPage.body, /已撤销/);
  });
});

describe('public pages and API', () => {
  let personId = 0;
  before(async () => {
    const decision = addMonths(today, -1);
    personId = await publish({ ...company(), subjectKind: 'person', name: '钟测试', creditCode: '', idNumber: PERSON_ID, sector: 'housing', severity: 'ordinary', decisionDate: decision, startDate: decision, endDate: addDays(addMonths(decision, 6), -1) });
  });

  test('a person’s ID number is masked in HTML and JSON, everywhere', async () => {
    const c = new Client(env.app);
    const masked = `44*************${PERSON_ID.slice(-3)}`;
    for (const url of ['/blacklist', `/blacklist/${personId}`, '/blacklist?q=钟测试', '/api/v1/blacklist', `/api/v1/blacklist/${personId}`, '/api/v1/blacklist?status=all&limit=100']) {
      const res = await c.get(url);
      assert.equal(res.statusCode, 200, url);
      assert.ok(!res.body.includes(PERSON_ID), `${url} leaks the ID number`);
      assert.ok(!res.body.includes(PERSON_ID.slice(2, 14)), `${url} leaks part of the ID number`);
      if (!url.includes('status=all')) assert.ok(res.body.includes(masked), `${url} shows the masked ID`);
    }
  });

  test('search by name (normalised) and by credit code, filters, pagination, API shape', async () => {
    const c = new Client(env.app);
    const input = company({ name: '广东丹霞测试建设工程有限责任公司' });
    const id = await publish(input);
    for (const q of ['丹霞测试建设', '广东丹霞测试建设工程有限公司', input.creditCode]) {
      const r = await c.get(`/blacklist?q=${encodeURIComponent(q)}`);
      assert.ok(r.body.includes(`/blacklist/${id}"`), q);
    }
    assert.ok(!(await c.get('/blacklist?sector=housing')).body.includes(`/blacklist/${id}"`), "!(await c.get('/blacklist?sector=housing')).body.includes(`/blacklist/${id}\"`)");
    assert.ok((await c.get('/blacklist?severity=procurement-bar&department=czj')).body.includes(`/blacklist/${id}"`), "(await c.get('/blacklist?severity=procurement-bar&department=czj')).body.includes(`/blacklist/${id}\"`)");
    const api = (await c.get(`/api/v1/blacklist?creditCode=${input.creditCode}`)).json() as { data: { id: number; subject: { name: string }; department: { code: string }; severity: { code: string }; current: boolean }[]; total: number };
    assert.equal(api.total, 1);
    assert.deepEqual([api.data[0]!.id, api.data[0]!.department.code, api.data[0]!.severity.code, api.data[0]!.current], [id, 'czj', 'procurement-bar', true]);
    const paged = (await c.get('/api/v1/blacklist?status=all&limit=1&page=2')).json() as { data: unknown[]; page: number; lastPage: number };
    assert.equal(paged.data.length, 1);
    assert.ok(paged.lastPage > 1, "paged.lastPage > 1");
    for (const [url, code] of [['/api/v1/blacklist?limit=1000', 'validation_failed'], ['/api/v1/blacklist?bogus=1', 'validation_failed'], ['/api/v1/blacklist?department=nope', 'validation_failed'], ['/api/v1/blacklist/999999', 'not_found']] as const) {
      const r = await c.get(url);
      assert.equal((r.json() as { error: { code: string } }).error.code, code, url);
    }
    const spec = (await c.get('/api/v1/openapi.json')).json() as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    assert.ok(spec.paths['/blacklist'] && spec.paths['/blacklist/{id}'] && spec.components.schemas.BlacklistEntry, "spec.paths['/blacklist'] && spec.paths['/blacklist/{id}'] && spec.components.schemas.BlacklistEntry");
  });

  test('pages are valid HTML with one h1', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'long-title': 'off', 'no-inline-style': 'error', 'doctype-style': 'off', 'attribute-boolean-style': 'off', 'no-trailing-whitespace': 'off', 'prefer-native-element': 'off' } });
    const anon = new Client(env.app);
    const staff = await new Client(env.app).login('editor');
    const csrf = await staff.csrfFrom('/admin/blacklist/new');
    const bad = await staff.postMultipart('/admin/blacklist', { _csrf: csrf, departmentId: String(env.ids.czj), subjectKind: 'company', name: '', creditCode: 'x' }, []);
    const pages: [string, string][] = [];
    for (const url of ['/blacklist', '/blacklist?view=history', `/blacklist/${personId}`]) pages.push([url, (await anon.get(url)).body]);
    for (const url of ['/admin/blacklist', '/admin/blacklist/new', `/admin/blacklist/${personId}`]) pages.push([url, (await staff.get(url)).body]);
    pages.push(['error form', bad.body]);
    for (const [url, body] of pages) {
      const report = await validator.validateString(body, url);
      const messages = report.results.flatMap((r) => r.messages.map((m) => `${url} ${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
      assert.deepEqual(messages, [], messages.join('\n'));
      assert.equal((body.match(/<h1[\s>]/g) ?? []).length, 1, `${url}: exactly one h1`);
    }
  });
});

describe('editing a draft and the reviewer’s pages', () => {
  test('edit keeps typed values on error, saves on success; published entries cannot be edited', async () => {
    const editor = await new Client(env.app).login('editor');
    const id = await env.ctx.blacklist.createDraft(await principalOf(env, 'editor'), company());
    const form = await editor.get(`/admin/blacklist/${id}/edit`);
    assert.equal(form.statusCode, 200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const { entry } = await env.ctx.blacklist.getForStaff(await principalOf(env, 'editor'), id);
    const values = { _csrf: csrf, subjectKind: 'company', name: '改名后的测试有限公司', creditCode: entry.credit_code!, idNumber: '', conduct: entry.conduct, legalBasis: entry.legal_basis, decisionNo: entry.decision_no, decisionDate: entry.decision_date, sector: 'procurement', severity: 'ordinary', startDate: entry.start_date, endDate: entry.end_date, disclosureId: 'abc' };
    const bad = await editor.postMultipart(`/admin/blacklist/${id}/edit`, values, []);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /一般失信的公示期最长1年/);
    assert.match(bad.body, /关联信息编号应为数字/);
    assert.ok(bad.body.includes('value="改名后的测试有限公司"'), "bad.body.includes('value=\"改名后的测试有限公司\"')");
    const ok = await editor.postMultipart(`/admin/blacklist/${id}/edit`, { ...values, severity: 'procurement-bar', disclosureId: '' }, []);
    assert.equal(ok.statusCode, 303);
    const after = await env.ctx.blacklist.getForStaff(await principalOf(env, 'editor'), id);
    assert.equal(after.entry.name, '改名后的测试有限公司');
    assert.deepEqual(after.events.map((e) => e.action), ['create', 'update']);
    // The editor who changed it may not publish it even as a reviewer (editor2 is both).
    await env.ctx.blacklist.publish(await principalOf(env, 'reviewer'), id);
    await expectError(env.ctx.blacklist.updateDraft(await principalOf(env, 'editor'), id, { ...company(), name: 'x' }), 409, 'conflict');
  });

  test('reviewer pages, a failed repair and the blocked review page are valid HTML', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'long-title': 'off', 'no-inline-style': 'error', 'doctype-style': 'off', 'attribute-boolean-style': 'off', 'no-trailing-whitespace': 'off', 'prefer-native-element': 'off' } });
    const input = company({ sector: 'construction', severity: 'serious' });
    const id = await publish(input);
    const draft = await env.ctx.blacklist.createDraft(await principalOf(env, 'editor'), company());
    const t = env.ctx.itemTypes.byCodeOrUndefined('construction-award')!;
    const editorP = await principalOf(env, 'editor');
    const award = await env.ctx.disclosures.createDraft(editorP, { itemTypeId: t.id, departmentId: env.ids.czj, projectId: null, title: '中标结果公告', body: '', formedDate: today, fields: { projectCode: 'P1', projectName: '工程', tenderer: '财政局', winner: input.name, winnerCreditCode: input.creditCode, awardPrice: '1.00', awardNoticeDate: today } });
    await env.ctx.disclosures.submit(editorP, award);
    const r = await new Client(env.app).login('reviewer');
    const csrf = await r.csrfFrom(`/admin/blacklist/${id}`);
    const pages: [string, string][] = [];
    for (const url of [`/admin/blacklist/${id}`, `/admin/blacklist/${draft}`, '/admin/blacklist?status=active', `/admin/disclosures/${award}`]) pages.push([url, (await r.get(url)).body]);
    pages.push(['repair error', (await r.postMultipart(`/admin/blacklist/${id}/repair`, { _csrf: csrf, 'repair-reason': '' }, [])).body]);
    pages.push(['approve refused', (await r.post(`/admin/disclosures/${award}/approve`, { _csrf: csrf, 'check.stateSecret': 'on', 'check.commercialSecret': 'on', 'check.privacy': 'on', 'check.security': 'on', 'check.process': 'on' })).body]);
    assert.match(pages[3]![1], /本信息涉及黑名单主体/);
    assert.match(pages[5]![1], /fld-blacklistOverride/);
    for (const [url, body] of pages) {
      const report = await validator.validateString(body, url);
      const messages = report.results.flatMap((x) => x.messages.map((m) => `${url} ${m.line}:${m.column} ${m.ruleId}: ${m.message}`));
      assert.deepEqual(messages, [], messages.join('\n'));
      assert.equal((body.match(/<h1[\s>]/g) ?? []).length, 1, `${url}: exactly one h1`);
    }
  });
});
