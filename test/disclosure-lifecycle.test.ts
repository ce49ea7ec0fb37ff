// Route tests against the real app and the real database (SQLite or PostgreSQL by DATABASE_URL):
// the whole lifecycle, permissions, no self-approval, versions, tombstones, the event log.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestEnv, tinyPdf, type TestEnv } from './helpers/context.ts';
import { deriveState } from '../src/modules/disclosures/state.ts';
import { completeCreditCode } from '../src/domain/identifiers.ts';
import { CHECKLIST } from '../src/modules/privacy/checklist.ts';

let env: TestEnv;
before(async () => {
  env = await createTestEnv();
});
after(async () => {
  await env?.close();
});

const SUPPLIER_CODE = completeCreditCode('91440204', 'MA4UX1Y2');

function awardForm(csrf: string, over: Record<string, string> = {}) {
  return {
    _csrf: csrf,
    itemType: 'procurement-award',
    departmentId: String(env.ids.czj),
    title: '浈江区第一人民医院医疗设备采购项目中标结果公告',
    formedDate: '2026-11-20',
    body: '根据评标委员会评审结果，现将中标结果公告如下。',
    'f.projectCode': 'ZJCG-2026-015',
    'f.projectName': '浈江区第一人民医院医疗设备采购项目',
    'f.purchaser': '浈江区第一人民医院',
    'f.agency': '韶关市公共资源交易中心',
    'f.budgetAmount': '1,250,000',
    'f.awardDate': '2026-11-20',
    'f.suppliers.0.name': '韶关市康华医疗器械有限公司',
    'f.suppliers.0.creditCode': SUPPLIER_CODE,
    'f.suppliers.0.address': '韶关市浈江区东堤中路12号',
    'f.suppliers.0.awardAmount': '1188000.00',
    'f.mainItems.0.name': '彩色多普勒超声诊断仪',
    'f.mainItems.0.brand': '迈瑞',
    'f.mainItems.0.quantity': '2',
    'f.mainItems.0.unitPrice': '594000',
    'f.announcementPeriod': '1',
    'f.evaluationExperts': '张某某、李某某、王某某',
    _action: 'save',
    ...over,
  };
}

async function draftAsEditor(c: Client, over: Record<string, string> = {}) {
  const csrf = await c.csrfFrom(`/admin/disclosures/new?itemType=procurement-award&department=${env.ids.czj}`);
  const res = await c.postMultipart('/admin/disclosures', awardForm(csrf, over), [{ name: 'files', filename: '中标结果通知书.pdf', data: tinyPdf() }]);
  assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
  const id = Number(/\/admin\/disclosures\/(\d+)/.exec(res.headers.location as string)![1]);
  return id;
}

/** Approval includes the 保密审查 checklist (issue 6): every item confirmed, as a reviewer ticks them. */
const REVIEW_FORM = Object.fromEntries(CHECKLIST.map((c) => [`check.${c.key}`, 'on']));

async function action(c: Client, id: number, name: string, reason?: string) {
  const csrf = await c.csrfFrom(`/admin/disclosures/${id}`);
  const extra = name === 'approve' ? REVIEW_FORM : {};
  return c.post(`/admin/disclosures/${id}/${name}`, reason === undefined ? { _csrf: csrf, ...extra } : { _csrf: csrf, reason, ...extra });
}

describe('disclosure lifecycle over HTTP', () => {
  test('draft → submit → approve → publish → public page, with attachment and versions', async () => {
    const editor = await new Client(env.app).login('editor');
    const reviewer = await new Client(env.app).login('reviewer');
    const id = await draftAsEditor(editor);

    // Not public before publication.
    const anon = new Client(env.app);
    assert.equal((await anon.get(`/disclosures/${id}`)).statusCode, 404);

    assert.equal((await action(editor, id, 'submit')).statusCode, 303);
    assert.equal((await action(reviewer, id, 'approve')).statusCode, 303);
    assert.equal((await action(reviewer, id, 'publish')).statusCode, 303);

    const pub = await anon.get(`/disclosures/${id}`);
    assert.equal(pub.statusCode, 200);
    assert.match(pub.body, /浈江区第一人民医院医疗设备采购项目中标结果公告/);
    assert.match(pub.body, /1,188,000\.00 元/);
    assert.match(pub.body, /中标结果通知书\.pdf/);
    assert.equal((pub.body.match(/<h1[\s>]/g) ?? []).length, 1, 'one h1 per page');

    const att = /href="(\/disclosures\/\d+\/attachments\/\d+)"/.exec(pub.body)![1]!;
    const file = await anon.get(att);
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.match(String(file.headers['content-disposition']), /filename\*=UTF-8''%E4%B8%AD%E6%A0%87/);

    // Listed on the sector page and in the API, with the public JSON shape.
    assert.match((await anon.get('/sectors/procurement')).body, new RegExp(`/disclosures/${id}"`));
    const api = await anon.get(`/api/v1/disclosures/${id}`);
    assert.equal(api.statusCode, 200);
    const json = api.json();
    assert.equal(json.itemType.code, 'procurement-award');
    assert.equal(json.fields.budgetAmount, '1250000.00');
    assert.equal(json.versions.length, 1);
    assert.equal(json.attachments[0].mediaType, 'application/pdf');

    // The cached state equals the state derived from the event log.
    const s = await env.ctx.disclosures.stateMatchesEvents(id);
    assert.equal(s.cached, 'published');
    assert.equal(deriveState(s.actions), 'published');
  });

  test('correction publishes version 2 with a public reason; withdrawal leaves a tombstone', async () => {
    const editor = await new Client(env.app).login('editor');
    const reviewer = await new Client(env.app).login('reviewer');
    const id = await draftAsEditor(editor, { title: '待更正的公告' });
    await action(editor, id, 'submit');
    await action(reviewer, id, 'approve');
    await action(reviewer, id, 'publish');

    assert.equal((await action(editor, id, 'correct', '')).statusCode, 400, 'a correction needs a reason');
    assert.equal((await action(editor, id, 'correct', '中标金额录入错误')).statusCode, 303);
    // While the correction is drafted the public still sees version 1.
    const anon = new Client(env.app);
    assert.match((await anon.get(`/disclosures/${id}`)).body, /待更正的公告/);

    const csrf = await editor.csrfFrom(`/admin/disclosures/${id}/edit`);
    const edit = await editor.postMultipart(`/admin/disclosures/${id}/edit`, { ...awardForm(csrf, { title: '更正后的公告', 'f.suppliers.0.awardAmount': '1180000', _action: 'saveSubmit' }) }, []);
    assert.equal(edit.statusCode, 303, edit.body.slice(0, 1500));
    await action(reviewer, id, 'approve');
    await action(reviewer, id, 'publish');

    const pub = await anon.get(`/disclosures/${id}`);
    assert.match(pub.body, /更正后的公告/);
    assert.match(pub.body, /更正说明：中标金额录入错误/);
    assert.match(pub.body, /第 2 版/);
    const v1 = await anon.get(`/disclosures/${id}?version=1`);
    assert.match(v1.body, /待更正的公告/);

    assert.equal((await action(reviewer, id, 'withdraw', '项目依法终止')).statusCode, 303);
    const tomb = await anon.get(`/disclosures/${id}`);
    assert.equal(tomb.statusCode, 200);
    assert.match(tomb.body, /本信息已撤回/);
    assert.match(tomb.body, /项目依法终止/);
    assert.doesNotMatch(tomb.body, /中标结果通知书\.pdf/);
    const att = await anon.get(`/api/v1/disclosures/${id}`);
    assert.equal(att.json().state, 'withdrawn');
    assert.equal(att.json().withdrawal.reason, '项目依法终止');
    // Withdrawn notices leave the default lists.
    const list = await anon.get('/api/v1/disclosures?limit=100');
    assert.ok(!list.json().data.some((d: { id: number }) => d.id === id), "!list.json().data.some((d: { id: number }) => d.id === id)");

    const s = await env.ctx.disclosures.stateMatchesEvents(id);
    assert.equal(deriveState(s.actions), 'withdrawn');
    assert.deepEqual(s.actions.filter((a) => a === 'publish').length, 2);
  });

  test('no self-approval: a user who edited the draft cannot approve it, even holding the reviewer role', async () => {
    const both = await new Client(env.app).login('editor2');
    const id = await draftAsEditor(both);
    await action(both, id, 'submit');
    const res = await action(both, id, 'approve');
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /不能审核自己起草或修改的信息/);
    const reviewer = await new Client(env.app).login('reviewer2');
    assert.equal((await action(reviewer, id, 'approve')).statusCode, 303);
  });

  test('a department sees and changes only its own records; the office sees all', async () => {
    const editor = await new Client(env.app).login('editor');
    const id = await draftAsEditor(editor);
    const other = await new Client(env.app).login('nyj-editor');
    assert.equal((await other.get(`/admin/disclosures/${id}`)).statusCode, 404);
    const csrf = await other.csrfFrom('/admin');
    assert.equal((await other.post(`/admin/disclosures/${id}/submit`, { _csrf: csrf })).statusCode, 404);
    const office = await new Client(env.app).login('office');
    assert.equal((await office.get(`/admin/disclosures/${id}`)).statusCode, 200);
    // The office can look but not act for the department.
    const oc = await office.csrfFrom(`/admin/disclosures/${id}`);
    assert.equal((await office.post(`/admin/disclosures/${id}/submit`, { _csrf: oc })).statusCode, 403);
  });

  test('return to the editor requires a reason, and the returned draft can be resubmitted', async () => {
    const editor = await new Client(env.app).login('editor');
    const reviewer = await new Client(env.app).login('reviewer');
    const id = await draftAsEditor(editor);
    await action(editor, id, 'submit');
    const noReason = await action(reviewer, id, 'return', '  ');
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /请填写退回原因/);
    assert.equal((await action(reviewer, id, 'return', '请补充评审专家名单')).statusCode, 303);
    const page = await editor.get(`/admin/disclosures/${id}`);
    assert.match(page.body, /请补充评审专家名单/);
    assert.equal((await action(editor, id, 'submit')).statusCode, 303);
    // Publishing an unapproved draft is a state conflict.
    assert.equal((await action(reviewer, id, 'publish')).statusCode, 409);
  });

  test('the event log refuses updates and deletes at the database level', async () => {
    const { db } = env.ctx.database;
    await assert.rejects(db.updateTable('events').set({ reason: 'forged' }).where('id', '=', 1).execute());
    await assert.rejects(db.deleteFrom('events').where('id', '=', 1).execute());
  });
});
