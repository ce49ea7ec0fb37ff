// Answering a request: the answer type must agree with table 3, the privacy guard blocks personal
// data until resolved, the DOCX letter is generated, kept, parses, and reaches the applicant.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestEnv, principalOf, tinyPdf, type TestEnv } from './helpers/context.ts';
import { APPLICANT_ID, convertsWithLibreOffice, requestFields } from './helpers/requests.ts';
import { packDocument, para } from '../src/modules/requests/docx-common.ts';
import { docxXmlText, readZipFile } from '../src/modules/requests/file-text.ts';

let env: TestEnv;
let id = 0;
let code = '';
before(async () => {
  env = await createTestEnv();
  const p = await principalOf(env, 'editor');
  const r = await env.ctx.requests.service.register(p, { ...requestFields(), channel: 'mail_signed', submittedDate: '2026-11-02', receivedDate: '2026-11-04' });
  id = r.id;
  code = r.code;
});
after(async () => env?.close());

async function docxWith(text: string): Promise<Buffer> {
  return packDocument({ title: 't', creator: 't', sections: [{ children: [para(text)] }] });
}

async function post(c: Client, pathName: string, form: Record<string, string>) {
  const csrf = await c.csrfFrom(`/admin/requests/${id}`);
  return c.post(`/admin/requests/${id}/${pathName}`, { _csrf: csrf, ...form });
}

async function saveAnswer(c: Client, fields: Record<string, string>, files: { name: string; filename: string; data: Buffer }[] = []) {
  const csrf = await c.csrfFrom(`/admin/requests/${id}`);
  return c.postMultipart(`/admin/requests/${id}/answer`, { _csrf: csrf, reason: '', where: '', agency: '', body: '', ...fields }, files);
}

describe('answering with the privacy guard', () => {
  test('an answer type that contradicts table 3 is refused and nothing is stored', async () => {
    const c = await new Client(env.app).login('editor');
    const res = await saveAnswer(c, { answerType: 'provided', reason: '3.4' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /矛盾/);
    assert.equal(await env.ctx.database.db.selectFrom('request_answers').select('id').where('request_id', '=', id).executeTakeFirst(), undefined);
    const refusedNoReason = await saveAnswer(c, { answerType: 'refused' });
    assert.equal(refusedNoReason.statusCode, 400);
    assert.match(refusedNoReason.body, /须选择不予公开的理由/);
  });

  test('personal data of a third party in the text or a file blocks sending until resolved', async () => {
    const c = await new Client(env.app).login('editor');
    const body = `经核查，相关合同联系人张某（身份证号11010519491231002X）。如有疑问请致电申请人本人 13912345678。`;
    const file = await docxWith('验收报告：项目负责人手机 13700001111，住址韶关市浈江区风度北路18号');
    const saved = await saveAnswer(c, { answerType: 'provided', body }, [{ name: 'files', filename: '验收报告.docx', data: file }, { name: 'files', filename: '合同.pdf', data: tinyPdf('contract 2025') }]);
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 2000));
    const page = await c.get(`/admin/requests/${id}`);
    assert.match(page.body, /身份证号码 1 处（11\*{13}02X）/, 'finding shown masked');
    assert.match(page.body, /验收报告\.docx：发现 手机号码 1 处/);
    assert.match(page.body, /合同\.pdf：未发现个人信息/);
    assert.doesNotMatch(page.body, /13912345678：|手机号码 2 处/, "the applicant's own phone is not a finding in the text");
    const blocked = await post(c, 'answer/send', { date: '2026-11-20' });
    assert.equal(blocked.statusCode, 409);
    assert.match(blocked.body, /处理前不能发送/);
    assert.equal((await post(c, 'answer/ack', { basis: 'consent', note: '第三方已书面同意' })).statusCode, 303);
    const sent = await post(c, 'answer/send', { date: '2026-11-20' });
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 2000));
    const row = await env.ctx.database.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'answered');
    assert.equal(row.outcome, '1');
    const actions = (await env.ctx.database.db.selectFrom('events').select('action').where('entity', '=', 'request').where('entity_id', '=', id).orderBy('id').execute()).map((e) => e.action);
    assert.deepEqual(actions.filter((a) => ['answer_draft', 'privacy_ack', 'answer'].includes(a)), ['answer_draft', 'privacy_ack', 'answer']);
  });

  test('an image cannot be read: it must be checked by hand (recorded) before sending', async () => {
    const p = await principalOf(env, 'editor');
    const r = await env.ctx.requests.service.register(p, { ...requestFields(), channel: 'in_person', receivedDate: '2026-11-10' });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d5a1d10000000049454e44ae426082', 'hex');
    const report = await env.ctx.requests.answers.saveDraft(p, r.id, { answerType: 'provided', reason: null, body: '', where: '', agency: '' }, [{ filename: '扫描件.png', data: png }]);
    assert.equal(report.scans.find((s) => s.name === '扫描件.png')?.status, 'unscannable');
    await assert.rejects(env.ctx.requests.answers.send(p, r.id, '2026-11-20'), (e: { code?: string }) => e.code === 'privacy_blocked');
    await env.ctx.requests.answers.acknowledge(p, r.id, 'checked', '已逐页核查');
    await env.ctx.requests.answers.send(p, r.id, '2026-11-20');
  });
});

describe('the answer letter', () => {
  let letter: Buffer;
  test('is a DOCX whose word/document.xml holds the applicant-facing text and legal basis', async () => {
    const c = await new Client(env.app).login('editor');
    const page = await c.get(`/admin/requests/${id}`);
    const href = /href="(\/admin\/requests\/\d+\/files\/\d+)">政府信息公开申请答复书/.exec(page.body)?.[1];
    assert.ok(href, 'the letter is listed with the request');
    const res = await c.get(href!);
    assert.equal(res.statusCode, 200);
    letter = res.rawPayload;
    assert.equal(letter.subarray(0, 2).toString(), 'PK');
    const xml = readZipFile(letter, 'word/document.xml');
    assert.ok(xml, 'word/document.xml present');
    const text = docxXmlText(xml!.toString('utf8'));
    for (const s of ['政府信息公开申请答复书', '王晓明：', '2026年11月4日收到您提出的政府信息公开申请', '现予以提供', '《政府信息公开条例》第三十六条第（二）项', '验收报告.docx', '行政复议', '韶关市浈江区财政局']) assert.ok(text.includes(s), `letter contains “${s}”`);
    assert.ok(!text.includes(APPLICANT_ID), "the applicant's ID number is not printed in the letter");
  });

  test('opens in LibreOffice (converted to PDF when it is installed)', async (t) => {
    await convertsWithLibreOffice(t, letter, 'the answer letter');
  });

  test('the applicant sees the answer and downloads the letter with code + contact', async () => {
    const c = new Client(env.app);
    const csrf = await c.csrfFrom('/requests/track');
    const res = await c.post('/requests/track', { _csrf: csrf, code, contact: '13912345678' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /已答复/);
    assert.match(res.body, /予以公开（提供信息）/);
    const fileId = /name="fileId" value="(\d+)"><button type="submit" class="link-button">下载 政府信息公开申请答复书/.exec(res.body)?.[1];
    assert.ok(fileId, "fileId");
    const dl = await c.post('/requests/track/file', { _csrf: csrf, code, contact: '13912345678', fileId: fileId! });
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.rawPayload.subarray(0, 2).toString(), 'PK');
    const wrong = await c.post('/requests/track/file', { _csrf: csrf, code, contact: '13900000000', fileId: fileId! });
    assert.equal(wrong.statusCode, 404);
  });
});
