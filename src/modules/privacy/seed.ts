// Demo (issue 6 §6): one 危房改造 beneficiary list submitted for review with the mistakes real
// sites have made – full ID numbers and phone numbers typed into the BODY, and an XLSX attachment
// with raw ID numbers. The reviewer (zjj-reviewer) sees the findings; it cannot be approved, and
// so not published, until each is masked (one click for the body; the XLSX gets its masked
// rendition automatically) or kept with a stated basis.
import ExcelJS from 'exceljs';
import type { Trx } from '../../db/index.ts';
import { completeIdNumber } from '../../domain/identifiers.ts';
import { recordBlob, type BlobStore } from '../attachments/store.ts';
import * as drepo from '../disclosures/repository.ts';
import { todayInChina, type DueComputer } from '../disclosures/service.ts';
import { appendEvent } from '../events/service.ts';
import { validateFields } from '../item-types/fields.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import { PrivacyService } from './service.ts';

const HOUSEHOLDS = [
  ['何桂英', '19560311', '新村村', '低保户', '拆除重建', 'D级', '13926051187'],
  ['罗志强', '19680922', '老屋村', '分散供养特困人员', '修缮加固', 'C级', '13719205563'],
  ['曾德福', '19490107', '龙溪村', '其他脱贫不稳定户', '拆除重建', 'D级', '15089223140'],
  ['黄秀兰', '19720415', '上坪村', '低保边缘家庭', '修缮加固', 'C级', '18218830457'],
] as const;

export const PRIVACY_DEMO_TITLE = '浈江区2026年农村危房改造补助对象名单（第二批）';

export async function seedPrivacyDemo(trx: Trx, deps: { itemTypes: ItemTypeRegistry; due: DueComputer; blobs?: BlobStore | undefined }): Promise<number | null> {
  const t = deps.itemTypes.byCodeOrUndefined('housing-beneficiaries');
  const dept = await trx.selectFrom('departments').select('id').where('code', '=', 'zjj').executeTakeFirst();
  const editor = await trx.selectFrom('users').select('id').where('username', '=', 'zjj-editor').executeTakeFirst();
  if (!t || !dept || !editor) return null;
  const hs = HOUSEHOLDS.map(([name, birth, village, category, mode, grade, phone], i) => ({
    name,
    idNumber: completeIdNumber(`440204${birth}${String(231 + i * 2)}`),
    town: '犁市镇',
    village,
    dwellingGrade: grade,
    renovationMode: mode,
    householdCategory: category,
    subsidyAmount: mode === '拆除重建' ? '40000.00' : '18000.00',
    phone,
  }));
  const total = hs.reduce((s, h) => s + Number(h.subsidyAmount), 0);
  const today = todayInChina();
  const v = validateFields(t.fields, {
    year: Number(today.slice(0, 4)), allocationDate: today, taskHouseholds: hs.length, totalFunds: total.toFixed(2),
    subsidyStandard: '拆除重建4万元/户，修缮加固1.8万元/户。', complaintPhone: '0751-8764183',
    households: hs.map(({ phone: _p, ...h }) => h),
  });
  if (!v.ok) throw new Error(`privacy demo: invalid fields ${JSON.stringify(v.errors.slice(0, 2))}`);
  // The mistake: the editor pasted the village's working list into the body.
  const body = [
    `经农户申请、村镇两级评议公示和区级审批，现将犁市镇第二批农村危房改造补助对象名单予以公布。`,
    ``,
    ...hs.map((h, i) => `${i + 1}. 户主${h.name}，身份证号码${h.idNumber}，联系电话${h.phone}，${h.village}，${h.renovationMode}。`),
    ``,
    `详细名单见附件。对名单有异议的，请于公布之日起7日内向区住房和城乡建设管理局反映，电话：0751-8764183。`,
  ].join('\n');
  const at = new Date().toISOString();
  const id = await drepo.insertDisclosure(trx, {
    itemTypeId: t.id, departmentId: dept.id, projectId: null, title: PRIVACY_DEMO_TITLE, body, fields: JSON.stringify(v.value),
    formedDate: today, dueDate: deps.due(t.deadlineRule, today).dueDate, dueRule: t.deadlineRule, createdBy: editor.id, at,
  });
  await appendEvent(trx, { at, actorId: editor.id, entity: 'disclosure', entityId: id, action: 'create', data: { itemType: t.code, seed: true } });
  const privacy = deps.blobs ? new PrivacyService(trx, deps.blobs, deps.itemTypes) : null;
  if (deps.blobs && privacy) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('补助对象名单');
    ws.addRow(['序号', '户主姓名', '身份证号码', '联系电话', '村（居）委会', '对象类别', '补助金额（元）']);
    hs.forEach((h, i) => ws.addRow([i + 1, h.name, h.idNumber, h.phone, h.village, h.householdCategory, Number(h.subsidyAmount)]));
    const data = Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const stored = await deps.blobs.put(data);
    await recordBlob(trx, stored, at);
    const attId = await drepo.insertAttachment(trx, { disclosureId: id, sha256: stored.sha256, filename: '犁市镇第二批补助对象名单.xlsx', at, by: editor.id });
    await appendEvent(trx, { at, actorId: editor.id, entity: 'disclosure', entityId: id, action: 'attach', data: { attachmentId: attId, sha256: stored.sha256, filename: '犁市镇第二批补助对象名单.xlsx', size: stored.size, mime: stored.mime } });
    await privacy.scanInto(trx, stored.sha256, data);
  }
  await appendEvent(trx, { at, actorId: editor.id, entity: 'disclosure', entityId: id, action: 'submit' });
  await drepo.updateDisclosure(trx, id, { state: 'submitted', updated_at: at });
  const d = await drepo.findDisclosure(trx, id);
  if (privacy && d) await privacy.recompute(trx, d);
  return id;
}
