// Loads the demo district into an empty database, with its history: every disclosure goes through
// the same events (create → submit → approve → publish, corrections, withdrawals) at the dates the
// generator chose, so timeliness, versions and the event log look like a real year of work.
import type { Db, Trx } from '../db/index.ts';
import type { Role } from '../db/schema.ts';
import { hashPassword } from '../modules/accounts/service.ts';
import { insertMembership, insertUser } from '../modules/accounts/repository.ts';
import { saveEntryIn } from '../modules/catalogue/service.ts';
import { createDepartment } from '../modules/departments/service.ts';
import type { DueComputer, PublicationHook } from '../modules/disclosures/service.ts';
import * as drepo from '../modules/disclosures/repository.ts';
import { appendEvent } from '../modules/events/service.ts';
import { validateFields } from '../modules/item-types/fields.ts';
import type { ItemTypeRegistry } from '../modules/item-types/service.ts';
import { createProject } from '../modules/projects/service.ts';
import { renderMarkdown } from '../web/richtext.ts';
import type { DemoDistrict } from './demo-data.ts';
import { seedTimelinessDemo } from '../modules/timeliness/seed.ts';
import type { BlobStore } from '../modules/attachments/store.ts';
import { seedPrivacyDemo } from '../modules/privacy/seed.ts';
import { seedRequests } from '../modules/requests/seed.ts';
import { seedBlacklistDemo } from '../modules/blacklist/seed.ts';
import type { BlacklistHook } from '../modules/blacklist/service.ts';
import { seedWorkPlans } from '../modules/work-plans/seed.ts';
import { seedInspections } from '../modules/inspections/seed.ts';
import { seedAssessmentDemo } from '../modules/assessment/seed.ts';
import { seedFeedbackDemo } from '../modules/feedback/seed.ts';

export async function isEmpty(db: Db): Promise<boolean> {
  const r = await db.selectFrom('departments').select('id').limit(1).executeTakeFirst();
  return !r;
}

export interface SeedResult {
  departments: number;
  users: { username: string; password: string; roles: string }[];
  disclosures: number;
  projects: number;
}

export async function loadDemo(
  db: Db,
  data: DemoDistrict,
  deps: { itemTypes: ItemTypeRegistry; due: DueComputer; ocidPrefix: string; hooks?: PublicationHook[]; onProgress?: (done: number, total: number) => void; blobs?: BlobStore; blacklistHooks?: readonly BlacklistHook[] },
): Promise<SeedResult> {
  // Hash each distinct password once: argon2 is deliberately slow.
  const hashes = new Map<string, string>();
  for (const u of data.users) if (!hashes.has(u.password)) hashes.set(u.password, await hashPassword(u.password));

  return db.transaction().execute(async (trx) => {
    const deptIds = new Map<string, number>();
    let sort = 0;
    for (const d of data.departments) {
      deptIds.set(d.code, await createDepartment(trx, { code: d.code, name: d.name, shortName: d.shortName, kind: d.kind, creditCode: d.creditCode, address: d.address, phone: d.phone, guide: d.guide, sort: sort++, at: '2024-01-02T01:00:00.000Z' }, null));
    }
    const userIds = new Map<string, number>();
    for (const u of data.users) {
      const id = await insertUser(trx, { username: u.username, displayName: u.displayName, email: u.email, passwordHash: hashes.get(u.password)!, at: '2024-01-02T01:00:00.000Z' });
      for (const m of u.memberships) await insertMembership(trx, id, deptIds.get(m.department)!, m.role as Role);
      await appendEvent(trx, { at: '2024-01-02T01:00:00.000Z', actorId: null, entity: 'user', entityId: id, action: 'create', data: { username: u.username, seed: true } });
      userIds.set(u.username, id);
    }
    for (const c of data.catalogue) {
      const t = deps.itemTypes.byCodeOrUndefined(c.itemType);
      if (!t) throw new Error(`demo catalogue: unknown item type ${c.itemType}`);
      await saveEntryIn(trx, null, deptIds.get(c.department)!, t.id, c);
    }
    const projectIds = new Map<string, number>();
    for (const p of data.projects) {
      projectIds.set(p.key, await createProject(trx, { code: p.code, title: p.title, sector: p.sector, departmentId: deptIds.get(p.department)!, investmentCode: p.investmentCode ?? null }, deps.ocidPrefix, null));
    }
    let done = 0;
    for (const d of data.disclosures) {
      await loadDisclosure(trx, d, { deptIds, userIds, projectIds, ...deps });
      deps.onProgress?.(++done, data.disclosures.length);
    }
    // Timeliness (issue 3): obligations overdue / due soon relative to the day the demo is seeded.
    await seedTimelinessDemo(trx, { itemTypes: deps.itemTypes, due: deps.due });
    // Privacy (issue 6): a beneficiary list with raw ID numbers in its body and XLSX, awaiting review.
    await seedPrivacyDemo(trx, { itemTypes: deps.itemTypes, due: deps.due, blobs: deps.blobs });
    // Requests (issue 7): every state of the clock and every answer type, 2025 and 2026, per department.
    await seedRequests(trx, { departments: [...deptIds].map(([code, id]) => ({ code, id })), userIds });
    // 黑名单 (issue 8 §1–2): entries from the sanction records, persons, expired/repaired/revoked, a blocked award.
    await seedBlacklistDemo(trx, { itemTypes: deps.itemTypes, due: deps.due, blobs: deps.blobs, hooks: deps.blacklistHooks });
    // Work plans and inspections (issue 8): a current-year round with filed, returned, late and missing plans; findings open, answered, closed.
    await seedWorkPlans(trx, { departments: [...deptIds].map(([code, id]) => ({ code, id })), userIds });
    await seedInspections(trx, { departments: [...deptIds].map(([code, id]) => ({ code, id })), userIds });
    // Assessment and public feedback (issue 8 §6–7): last year's published assessment; answered, private, pending and 3-month-old messages.
    await seedAssessmentDemo(trx, { userIds });
    await seedFeedbackDemo(trx, { userIds, departmentCodes: new Map([...deptIds].map(([code, id]) => [id, code])) });
    return {
      departments: data.departments.length,
      users: data.users.map((u) => ({ username: u.username, password: u.password, roles: u.memberships.map((m) => `${m.department}:${m.role}`).join(',') })),
      disclosures: data.disclosures.length,
      projects: data.projects.length,
    };
  });
}

type D = DemoDistrict['disclosures'][number];

async function loadDisclosure(
  trx: Trx,
  d: D,
  ctx: { deptIds: Map<string, number>; userIds: Map<string, number>; projectIds: Map<string, number>; itemTypes: ItemTypeRegistry; due: DueComputer; hooks?: PublicationHook[] },
) {
  const t = ctx.itemTypes.byCodeOrUndefined(d.itemType);
  if (!t) throw new Error(`demo disclosure ${d.key}: unknown item type ${d.itemType}`);
  const v = validateFields(t.fields, d.fields);
  if (!v.ok) throw new Error(`demo disclosure ${d.key}: invalid fields ${JSON.stringify(v.errors.slice(0, 3))}`);
  const author = ctx.userIds.get(d.createdBy)!;
  const reviewer = d.reviewedBy ? ctx.userIds.get(d.reviewedBy)! : author;
  const due = ctx.due(t.deadlineRule, d.formedDate);
  const id = await drepo.insertDisclosure(trx, {
    itemTypeId: t.id,
    departmentId: ctx.deptIds.get(d.department)!,
    projectId: d.project ? ctx.projectIds.get(d.project)! : null,
    title: d.title,
    body: d.body,
    fields: JSON.stringify(v.value),
    formedDate: d.formedDate,
    dueDate: due.dueDate,
    dueRule: t.deadlineRule,
    createdBy: author,
    at: d.createdAt,
  });
  const ev = (at: string, actorId: number, action: string, reason: string | null = null, data?: unknown) => appendEvent(trx, { at, actorId, entity: 'disclosure', entityId: id, action, reason, data });
  await ev(d.createdAt, author, 'create', null, { itemType: t.code, seed: true });
  let state: string = 'draft';
  let version = 0;
  let firstPublished: string | null = null;
  let lastPublished: string | null = null;
  let cur = { title: d.title, body: d.body, fields: JSON.stringify(v.value), formedDate: d.formedDate, dueDate: due.dueDate };

  const publish = async (at: string, reason: string | null) => {
    version += 1;
    await drepo.insertVersion(trx, { disclosureId: id, version, title: cur.title, body: cur.body, bodyHtml: renderMarkdown(cur.body), fields: cur.fields, formedDate: cur.formedDate, attachments: '[]', changeReason: reason, at, by: reviewer, dueDate: cur.dueDate });
    await ev(at, reviewer, 'publish', reason, { version });
    firstPublished ??= at;
    lastPublished = at;
    state = 'published';
    for (const h of ctx.hooks ?? []) await h(trx, { disclosureId: id, version, event: version > 1 ? 'correct' : 'publish', at });
  };
  const minus = (iso: string, minutes: number) => new Date(Date.parse(iso) - minutes * 60_000).toISOString();

  if (d.state !== 'draft') {
    const submittedAt = d.submittedAt ?? (d.publishedAt ? minus(d.publishedAt, 180) : d.createdAt);
    await ev(submittedAt, author, 'submit');
    state = 'submitted';
    if (d.state === 'returned') {
      await ev(minus(submittedAt, -60), reviewer, 'return', d.returnReason ?? '请补充完整信息');
      state = 'returned';
    } else if (d.state === 'published' || d.state === 'withdrawn') {
      await ev(minus(d.publishedAt!, 30), reviewer, 'approve');
      await publish(d.publishedAt!, null);
      for (const c of d.corrections ?? []) {
        await ev(minus(c.at, 120), author, 'correct', c.reason);
        if (c.title) cur.title = c.title;
        if (c.body) cur.body = c.body;
        if (c.fields) {
          const cv = validateFields(t.fields, c.fields);
          if (!cv.ok) throw new Error(`demo correction ${d.key}: invalid fields`);
          cur.fields = JSON.stringify(cv.value);
        }
        await ev(minus(c.at, 90), author, 'submit');
        await ev(minus(c.at, 30), reviewer, 'approve');
        await publish(c.at, c.reason);
      }
      if (d.withdrawal) {
        await ev(d.withdrawal.at, reviewer, 'withdraw', d.withdrawal.reason);
        state = 'withdrawn';
        for (const h of ctx.hooks ?? []) await h(trx, { disclosureId: id, version, event: 'withdraw', at: d.withdrawal.at });
      }
    }
  }
  await drepo.updateDisclosure(trx, id, {
    state: state as 'draft',
    title: cur.title,
    body: cur.body,
    fields: cur.fields,
    version,
    first_published_at: firstPublished,
    last_published_at: lastPublished,
    updated_at: lastPublished ?? d.submittedAt ?? d.createdAt,
  });
}

