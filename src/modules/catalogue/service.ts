// 主动公开目录清单: per department, each item with 内容, 时限, 方式, 责任主体, 监督渠道 (RULES.md §1).
import type { Db, Executor } from '../../db/index.ts';
import { forbidden, invalid, type ErrorDetail } from '../../domain/errors.ts';
import { canEdit, canReview, type Principal } from '../accounts/service.ts';
import { appendEvent } from '../events/service.ts';
import * as repo from './repository.ts';

export const listEntries = repo.listEntries;

export interface EntryInput {
  content: string;
  timeLimit: string;
  channel: string;
  responsibleBody: string;
  supervisionChannel: string;
}

const LABELS: Record<keyof EntryInput, string> = {
  content: '公开内容',
  timeLimit: '公开时限',
  channel: '公开方式',
  responsibleBody: '责任主体',
  supervisionChannel: '监督渠道',
};

export function validateEntry(input: EntryInput, prefix = ''): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  for (const k of Object.keys(LABELS) as (keyof EntryInput)[]) {
    const v = input[k].trim();
    if (!v) errors.push({ field: `${prefix}${k}`, message: `请填写${LABELS[k]}`, code: 'required' });
    else if (v.length > 1000) errors.push({ field: `${prefix}${k}`, message: `${LABELS[k]}不能超过1000个字`, code: 'too_long' });
  }
  return errors;
}

export async function saveEntry(db: Db, p: Principal | null, departmentId: number, itemTypeId: number, input: EntryInput): Promise<void> {
  if (p && !canEdit(p, departmentId) && !canReview(p, departmentId)) throw forbidden('只能维护本单位的公开目录');
  const errors = validateEntry(input);
  if (errors.length) throw invalid(errors);
  await db.transaction().execute(async (trx) => saveEntryIn(trx, p?.userId ?? null, departmentId, itemTypeId, input));
}

export async function saveEntryIn(db: Executor, actorId: number | null, departmentId: number, itemTypeId: number, input: EntryInput): Promise<void> {
  const at = new Date().toISOString();
  const id = await repo.upsertEntry(db, departmentId, itemTypeId, {
    content: input.content.trim(),
    time_limit: input.timeLimit.trim(),
    channel: input.channel.trim(),
    responsible_body: input.responsibleBody.trim(),
    supervision_channel: input.supervisionChannel.trim(),
  }, at);
  await appendEvent(db, { at, actorId, entity: 'catalogue-entry', entityId: id, action: 'save', data: { departmentId, itemTypeId } });
}
