// The parts of the history that are not plain publication: recent work still in drafting or review
// (one returned with a reason), corrections with a reason and a changed version, and withdrawals
// (行政处罚法 48: a revoked penalty's publication is withdrawn).
import { chinaDateOf, chinaIso, type Gen } from './timeline.ts';
import type { DemoDisclosure, DemoState } from './types.ts';
import { cnDate, money, paras } from './vocabulary.ts';

const RECENT_STATES: readonly DemoState[] = ['draft', 'draft', 'submitted', 'submitted', 'submitted', 'returned', 'returned', 'published'];
const RETURN_REASONS = [
  '行政相对人统一社会信用代码与营业执照不一致，请核对后重新提交。',
  '正文未写明救济途径和期限，请按处罚决定书原文补充完整。',
  '许可有效期与许可证书记载不一致，请核实。',
];

export function applyLifecycle(g: Gen, recent: readonly string[]): void {
  const byKey = new Map(g.out.map((d) => [d.key, d]));
  recent.forEach((key, i) => {
    const d = byKey.get(key)!;
    const state = RECENT_STATES[i % RECENT_STATES.length]!;
    if (state === 'published') return;
    d.state = state;
    delete d.publishedAt;
    if (state === 'draft') {
      delete d.submittedAt;
      delete d.reviewedBy;
    } else if (state === 'submitted') {
      delete d.reviewedBy;
    } else {
      d.returnReason = RETURN_REASONS[i % RETURN_REASONS.length]!;
    }
  });

  // Candidates: published standalone records old enough to have a later history.
  const recentSet = new Set(recent);
  const cutoff = g.addWd(g.lastDay, -30);
  const old = (d: DemoDisclosure) => d.state === 'published' && !recentSet.has(d.key) && g.meta.get(d.key)!.standalone && chinaDateOf(d.publishedAt!) <= cutoff;
  const pool = g.out.filter(old);
  const penalties = g.rng.sample(pool.filter((d) => d.itemType === 'general-penalty' && d.fields.partyType !== '自然人'), 2);
  const licences = g.rng.sample(pool.filter((d) => d.itemType === 'general-licence'), 1);
  for (const d of penalties) {
    withdraw(g, d, `该行政处罚决定已被浈江区人民政府行政复议决定撤销，依据《行政处罚法》第四十八条撤回公示信息并说明理由。`, 1);
  }
  for (const d of licences) withdraw(g, d, '被许可人已申请注销该许可，许可机关依法办理注销手续，原公开的许可信息予以撤回。', 10);

  const withdrawn = new Set([...penalties, ...licences]);
  const correctable = pool.filter((d) => !withdrawn.has(d) && CORRECTORS[d.itemType]);
  const chosen = g.rng.sample(correctable, 10);
  chosen.forEach((d, i) => {
    const c = CORRECTORS[d.itemType]!(d);
    const day = g.addWd(chinaDateOf(d.publishedAt!), g.rng.int(1, 15));
    d.corrections = [{ at: chinaIso(day, g.rng.int(600, 1050), g.rng.int(0, 59)), ...c }];
    // One record corrected twice: the second fixes the body's wording.
    if (i === 0) {
      const day2 = g.addWd(day, g.rng.int(2, 8));
      d.corrections.push({ at: chinaIso(day2, g.rng.int(600, 1050), g.rng.int(0, 59)), reason: '更正正文中的文字表述错误。', body: `${c.body ?? d.body}\n\n（本信息已于${cnDate(day2)}再次更正。）` });
    }
  });
}

function withdraw(g: Gen, d: DemoDisclosure, reason: string, days: number): void {
  // The decision is changed some weeks after publication; the withdrawal follows within `days` days.
  const changed = g.addWd(chinaDateOf(d.publishedAt!), g.rng.int(10, 25));
  const day = g.addWd(changed, g.rng.int(0, Math.min(days, 2)));
  d.state = 'withdrawn';
  d.withdrawal = { at: chinaIso(day, g.rng.int(600, 1050), g.rng.int(0, 59)), reason };
}

type Corrector = (d: DemoDisclosure) => { reason: string; title?: string; body?: string; fields?: Record<string, unknown> };

const note = (d: DemoDisclosure, what: string) => paras(d.body, `（更正说明：${what}）`);

/** Per item type: a realistic mistake and its correction (the fields stay valid for the type). */
const CORRECTORS: Readonly<Record<string, Corrector>> = {
  'general-penalty': (d) => {
    const no = String(d.fields.decisionNo).replace(/(\d+)号$/, (_m, n: string) => `${Number(n) + 1}号`);
    return { reason: '处罚决定书文号录入错误，予以更正。', title: `行政处罚决定书（${no}）`, fields: { ...d.fields, decisionNo: no }, body: note(d, `决定书文号更正为${no}。`) };
  },
  'general-licence': (d) => {
    const until = d.fields.validUntil;
    if (typeof until === 'string') {
      const fixed = `${Number(until.slice(0, 4)) + 1}${until.slice(4)}`;
      return { reason: '许可有效期截止日期录入错误，按许可证书原件更正。', fields: { ...d.fields, validUntil: fixed }, body: note(d, `许可有效期截止日期更正为${cnDate(fixed)}。`) };
    }
    const content = `${String(d.fields.content)}被许可人应当按照许可内容从事相关活动。`;
    return { reason: '许可内容表述不完整，予以补充。', fields: { ...d.fields, content }, body: note(d, '许可内容已按许可决定书原件补充完整。') };
  },
  'procurement-intention': (d) => {
    const items = (d.fields.items as Record<string, unknown>[]).map((it) => ({ ...it, remarks: '预计采购时间顺延一个月' }));
    return { reason: '采购需求调整，补充备注说明。', fields: { ...d.fields, items }, body: note(d, '部分项目预计采购时间顺延一个月。') };
  },
  'construction-credit': (d) => ({ reason: '认定文书号录入错误，予以更正。', fields: { ...d.fields, documentNo: `${String(d.fields.documentNo)}-1` }, body: note(d, '认定文书号已更正。') }),
  'procurement-bad-conduct': (d) => {
    const fine = Number(d.fields.fineAmount) * 100;
    return { reason: '罚款金额计算错误，按处罚决定书更正。', fields: { ...d.fields, fineAmount: money(fine + 100) }, body: note(d, `罚款金额更正为${money(fine + 100)}元。`) };
  },
  'housing-policy': (d) => {
    const phone = String(d.fields.consultationPhone).replace(/\d$/, (x) => String((Number(x) + 1) % 10));
    return { reason: '咨询电话号码有误，予以更正。', fields: { ...d.fields, consultationPhone: phone }, body: note(d, `咨询电话更正为${phone}。`) };
  },
};
