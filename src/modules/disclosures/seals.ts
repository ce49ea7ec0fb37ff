// Sealing (屏蔽) an earlier published version that leaked personal data or a secret. The current
// version is fixed by a correction; the versions before it stay public at ?version=N unless sealed.
// 政府信息公开条例 第十五条: information whose disclosure would harm a third party's lawful rights
// (商业秘密、个人隐私) is not disclosed; 个人信息保护法 第二十八条 makes ID numbers, financial accounts
// and specific identities sensitive. A sealed version keeps its number, dates and the public reason
// for sealing in the history, never its content – in the portal, the API, OCDS, the attachments and
// the publication log's content view. The stored row stays (staff, and the log's content hash).
import type { Db } from '../../db/index.ts';
import { AppError, forbidden, invalid, notFound } from '../../domain/errors.ts';
import { canReview, canSeeDepartment, type Principal } from '../accounts/service.ts';
import { appendEvent } from '../events/service.ts';
import * as repo from './repository.ts';

export interface Seal {
  version: number;
  reason: string;
  sealed_at: string;
}

export async function sealVersion(db: Db, p: Principal, disclosureId: number, version: number, reason: string): Promise<void> {
  if (!Number.isSafeInteger(version) || version < 1) throw invalid([{ field: 'version', message: '请选择要屏蔽的版本', code: 'required' }]);
  const r = reason.trim();
  if (!r) throw invalid([{ field: 'sealReason', message: '请填写屏蔽原因（将公开显示，不要写入被屏蔽的内容本身）', code: 'required' }]);
  if (r.length > 500) throw invalid([{ field: 'sealReason', message: '屏蔽原因不能超过500个字', code: 'too_long' }]);
  await db.transaction().execute(async (trx) => {
    const d = await repo.findDisclosure(trx, disclosureId);
    if (!d || !canSeeDepartment(p, d.department_id)) throw notFound('信息');
    if (!canReview(p, d.department_id)) throw forbidden('只有本单位审核人或政务公开办可以屏蔽历史版本');
    const v = await repo.findVersion(trx, disclosureId, version);
    if (!v) throw notFound('版本');
    // The current version is what the public sees now: fixing it is a correction (or a withdrawal),
    // which leaves a public record of what changed; sealing is only for what came before.
    if (version === d.version && d.state !== 'withdrawn') throw new AppError(409, 'current_version', '当前版本不能屏蔽：请先发起更正，发布更正后的版本后再屏蔽此版本');
    const seals = await repo.listSeals(trx, disclosureId);
    if (seals.some((s) => s.version === version)) throw new AppError(409, 'already_sealed', '该版本已屏蔽');
    const at = new Date().toISOString();
    await repo.insertSeal(trx, { disclosureId, version, reason: r, by: p.userId, at });
    await appendEvent(trx, { at, actorId: p.userId, entity: 'disclosure', entityId: disclosureId, action: 'seal-version', reason: r, data: { version } });
  });
}

/** Seals of a disclosure by version number. */
export async function sealsOf(db: Db, disclosureId: number): Promise<Map<number, Seal>> {
  return new Map((await repo.listSeals(db, disclosureId)).map((s) => [s.version, s]));
}
