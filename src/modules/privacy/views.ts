// Console views of the privacy guard: the findings of a working copy with their one-click actions,
// the attachments' public renditions, and the 保密审查 checklist that is part of the approval form.
// Server-rendered forms only; everything works without JavaScript.
import { csrfField, fieldId } from '../../web/forms.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { CHECKLIST, KEEP_BASES, WITHHOLD_REASONS } from './checklist.ts';
import { KIND_NAMES, type ScanKind } from './findings.ts';
import { RESOLUTION_NAMES, type PrivacyService } from './service.ts';

type FindingView = Awaited<ReturnType<PrivacyService['findings']>>[number];
type AttachmentView = Awaited<ReturnType<PrivacyService['attachmentsForStaff']>>[number];
type ReviewView = Awaited<ReturnType<PrivacyService['reviews']>>[number];

const STATUS: Record<string, string> = { open: '待处理', masked: '已脱敏/不公开', kept: '保留公开' };

function fmt(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

export interface PanelOpts {
  disclosureId: number;
  csrf: string;
  /** The viewer may decide (mask/keep/withhold) now: right role and state. */
  canMask: boolean;
  canDecide: boolean;
}

function actionsFor(f: FindingView, o: PanelOpts): SafeHtml {
  if (f.status !== 'open') return html`${RESOLUTION_NAMES[f.resolution ?? ''] ?? ''}${f.basis ? html`<br><small>${f.basis}</small>` : ''}`;
  const base = `/admin/disclosures/${o.disclosureId}/privacy/${f.id}`;
  const out: SafeHtml[] = [];
  if (o.canMask && f.source !== 'attachment') out.push(html`<form method="post" action="${base}/mask">${csrfField(o.csrf)}<button type="submit" class="button small">一键脱敏</button></form>`);
  if (o.canMask && f.source === 'attachment') out.push(html`<p class="help">请在下方“附件”中上传脱敏版本</p>`);
  if (o.canDecide) {
    const k = `keep-${f.id}`;
    out.push(html`<details><summary>保留公开（说明依据）</summary><form method="post" action="${base}/keep" class="stack">${csrfField(o.csrf)}
<label for="${k}-basis">依据</label><select id="${k}-basis" name="basis" required><option value="">请选择</option>${Object.entries(KEEP_BASES).map(([v, b]) => html`<option value="${v}">${b.label}</option>`)}</select>
<label for="${k}-note">具体说明</label><input id="${k}-note" type="text" name="note" maxlength="500">
<button type="submit" class="button small">保留公开</button></form></details>`);
    if (f.source === 'field') {
      const w = `withhold-${f.id}`;
      out.push(html`<details><summary>不予公开该字段</summary><form method="post" action="${base}/withhold" class="stack">${csrfField(o.csrf)}
<label for="${w}-reason">理由</label><select id="${w}-reason" name="reason" required><option value="">请选择</option>${Object.entries(WITHHOLD_REASONS).map(([v, r]) => html`<option value="${v}">${r}</option>`)}</select>
<button type="submit" class="button small">不予公开</button></form></details>`);
    }
  }
  return html`${out}`;
}

function findingRows(list: FindingView[], o: PanelOpts): SafeHtml {
  return html`${list.map((f) => html`<tr id="finding-${f.id}"><td>${f.where}</td><td>${KIND_NAMES[f.kind as ScanKind] ?? f.kind}</td><td><code>${f.preview}</code></td><td class="num">${Math.round(f.confidence * 100)}%</td><td><small>${f.rule}</small></td><td><span class="badge${f.status === 'open' ? ' late' : ' ok'}">${STATUS[f.status]}</span></td><td>${actionsFor(f, o)}</td></tr>`)}`;
}

const HEAD = html`<thead><tr><th scope="col">位置</th><th scope="col">类型</th><th scope="col">内容（已遮蔽）</th><th scope="col">置信度</th><th scope="col">规则</th><th scope="col">状态</th><th scope="col">处理</th></tr></thead>`;

/** The findings of a working copy: open ones first with their actions, automatic ones folded. */
export function privacyPanel(findings: FindingView[], o: PanelOpts): SafeHtml {
  const open = findings.filter((f) => f.status === 'open');
  const auto = findings.filter((f) => f.status !== 'open' && ['personal-field', 'confidential-field'].includes(f.resolution ?? ''));
  const decided = findings.filter((f) => f.status !== 'open' && !auto.includes(f));
  return html`<section aria-labelledby="pii-title" class="privacy-panel"><h2 id="pii-title">个人信息与保密检查（待处理 ${open.length} 处）</h2>
<p class="help">保存时自动检查标题、正文、每个结构化字段（含表格单元格）和每个附件（PDF、DOCX、XLSX 逐页、逐段、逐单元格）。所有问题须逐条处理（脱敏、上传脱敏版本、不予公开，或说明依据后保留）后才能审核通过。内容只显示遮蔽后的预览。</p>
${open.length ? html`<div class="table-scroll" role="region" aria-label="待处理的个人信息问题" tabindex="0"><table class="list"><caption>待处理</caption>${HEAD}<tbody>${findingRows(open, o)}</tbody></table></div>` : html`<p class="notice" role="status">没有待处理的个人信息或保密问题。</p>`}
${decided.length ? html`<details><summary>已处理 ${decided.length} 处</summary><div class="table-scroll" role="region" aria-label="已处理的问题" tabindex="0"><table class="list"><caption>已处理</caption>${HEAD}<tbody>${findingRows(decided, o)}</tbody></table></div></details>` : ''}
${auto.length ? html`<details><summary>个人信息字段、保密字段自动处理 ${auto.length} 处（公开时自动脱敏或不予公开）</summary><div class="table-scroll" role="region" aria-label="自动处理的问题" tabindex="0"><table class="list"><caption>自动处理</caption>${HEAD}<tbody>${findingRows(auto, o)}</tbody></table></div></details>` : ''}
</section>`;
}

/** Attachments with their public rendition and, while editable, the redacted-rendition upload. */
export function attachmentsPanel(atts: AttachmentView[], o: PanelOpts & { maxUploadMb: number }): SafeHtml {
  if (!atts.length) return html``;
  const label = (a: AttachmentView) =>
    a.public.rendition === 'redacted' ? `上传的脱敏版本（${a.redacted!.filename}）` : a.public.rendition === 'masked' ? '系统自动生成的脱敏版本' : '原件（未发现需脱敏的内容时）';
  return html`<h3>附件</h3><ul class="attachments">${atts.map((a) => html`<li><a href="/admin/disclosures/${o.disclosureId}/attachments/${a.id}">${a.filename}</a>（原件，仅内部可见） <span class="meta">${(a.size / 1024).toFixed(0)} KB · ${a.mime}</span>
<br>公开版本：${a.public.sha256 === a.sha256 ? label(a) : html`<a href="/admin/disclosures/${o.disclosureId}/attachments/${a.id}/public">${label(a)}</a>`}${a.scan ? html` · 检查：${a.scan.message ?? `${a.scan.status === 'text' ? '已读取文字' : a.scan.status}`}${a.scan.pages ? `，${a.scan.pages} 页` : ''}` : ' · 尚未检查'}
${o.canMask ? html`<form method="post" action="/admin/disclosures/${o.disclosureId}/attachments/${a.id}/rendition" enctype="multipart/form-data" class="inline-action">${csrfField(o.csrf)}<label for="${fieldId(`rendition-${a.id}`)}">上传脱敏版本（与原件同格式，不超过 ${o.maxUploadMb} MB；公开时只提供脱敏版本）</label><input id="${fieldId(`rendition-${a.id}`)}" type="file" name="file" accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png"><button type="submit" class="button small">上传脱敏版本</button></form>` : ''}</li>`)}</ul>`;
}

/** The 保密审查 checklist inside the approval form (条例 14–16); every item must be confirmed. */
export function reviewChecklist(errors: readonly { field: string; message: string }[] = []): SafeHtml {
  return html`<fieldset class="checklist"><legend>保密审查（《政府信息公开条例》第十四条至第十六条）</legend>
${CHECKLIST.map((c) => {
    const id = fieldId(`check.${c.key}`);
    const err = errors.find((e) => e.field === `check.${c.key}`);
    return html`<div class="form-row${err ? ' has-error' : ''}">${err ? html`<p class="field-error" id="${id}-err">${err.message}</p>` : ''}<input type="checkbox" id="${id}" name="check.${c.key}" value="on"${err ? html` aria-invalid="true" aria-describedby="${id}-err"` : ''}> <label for="${id}">${c.label}（${c.basis}）</label></div>`;
  })}
<div class="form-row"><label for="fld-reviewNote">审查意见（可选）</label><textarea id="fld-reviewNote" name="reviewNote" rows="2" maxlength="2000"></textarea></div>
</fieldset>`;
}

export function reviewRecords(reviews: ReviewView[]): SafeHtml {
  if (!reviews.length) return html``;
  return html`<section aria-labelledby="cr-title"><h2 id="cr-title">保密审查记录</h2><ul>${reviews.map((r) => {
    const counts = JSON.parse(r.findings) as { masked: number; kept: number };
    return html`<li><time>${fmt(r.at)}</time> ${r.reviewer_name} 完成保密审查：${(JSON.parse(r.checklist) as { label: string }[]).map((c) => c.label).join('；')}。已脱敏或不予公开 ${counts.masked} 处，保留公开 ${counts.kept} 处。${r.note ? `意见：${r.note}` : ''}</li>`;
  })}</ul></section>`;
}
