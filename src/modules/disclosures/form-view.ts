// The draft form, generated from the item type's field definitions (DESIGN.md §3: adding an item
// type needs no new page). Values are the flat `f.*` strings, so a failed submission re-renders
// exactly what was typed.
import type { ErrorDetail } from '../../domain/errors.ts';
import { csrfField, errorSummary, fieldId, input, select, textarea } from '../../web/forms.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { formFieldName } from '../item-types/fields.ts';
import type { ItemType } from '../item-types/service.ts';
import type { FieldDef } from '../item-types/types.ts';

export interface DraftFormModel {
  action: string;
  csrf: string;
  itemType: ItemType;
  departmentName: string;
  departmentId?: number;
  values: Record<string, string>;
  errors: ErrorDetail[];
  projects: { id: number; title: string; code: string }[];
  attachments: { id: number; filename: string; size: number }[];
  /** Extra blank rows requested per table field ("增加行" without JavaScript). */
  extraRows: Record<string, number>;
  dueHint: string;
  maxUploadMb: number;
  correctionReason?: string | null;
}

const INPUT_TYPE: Partial<Record<FieldDef['type'], string>> = { date: 'date', integer: 'number', url: 'url', phone: 'tel' };

function control(def: FieldDef, name: string, value: string | undefined, errors: ErrorDetail[], labelPrefix = ''): SafeHtml {
  const label = `${labelPrefix}${def.label}`;
  const help = [def.help, def.personal ? '个人信息：公开时自动脱敏' : '', def.confidential ? `保密字段：${def.confidential.basis}，${def.confidential.until === 'award' ? '中标结果公布前' : '始终'}不予公开` : '', def.type === 'money' ? '单位：元，可保留两位小数' : '']
    .filter(Boolean)
    .join('；') || undefined;
  const common = { name, label, value, errors, required: !!def.required, help };
  switch (def.type) {
    case 'textarea':
      return textarea({ ...common, rows: 4, maxLength: def.maxLength });
    case 'enum':
      return select({ ...common, options: (def.options ?? []).map((o) => [o, o] as const), placeholder: '请选择' });
    case 'boolean':
      return select({ ...common, options: [['true', '是'], ['false', '否']], placeholder: '请选择' });
    default:
      return input({ ...common, type: INPUT_TYPE[def.type] ?? 'text', maxLength: def.maxLength, ...(def.type === 'money' || def.type === 'decimal' ? { attrs: html` inputmode="decimal"` } : {}) });
  }
}

function tableControl(def: FieldDef, m: DraftFormModel): SafeHtml {
  const cols = def.columns ?? [];
  let rows = 0;
  const re = new RegExp(`^f\\.${def.key}\\.(\\d+)\\.`);
  for (const k of Object.keys(m.values)) {
    const mm = re.exec(k);
    if (mm) rows = Math.max(rows, Number(mm[1]) + 1);
  }
  rows = Math.max(rows + (m.extraRows[def.key] ?? 0), rows === 0 ? 3 : rows + 1);
  const err = m.errors.filter((e) => e.field === `f.${def.key}` || e.field.startsWith(`f.${def.key}.`));
  return html`<fieldset class="table-field${err.length ? ' has-error' : ''}" id="${fieldId(`f.${def.key}`)}" tabindex="-1"><legend>${def.label}${def.required ? html`<span class="req" aria-hidden="true">*</span>` : ''}</legend>
${def.help ? html`<p class="help">${def.help}</p>` : ''}
${err.filter((e) => e.field === `f.${def.key}`).map((e) => html`<p class="field-error">${e.message}</p>`)}
<div class="table-scroll" role="region" aria-label="${def.label}" tabindex="0"><table class="edit-table"><thead><tr><th scope="col">行</th>${cols.map((c) => html`<th scope="col">${c.label}${c.required ? html`<span class="req" aria-hidden="true">*</span>` : ''}${c.personal ? html`<small>（个人信息，公开时脱敏）</small>` : ''}</th>`)}</tr></thead><tbody>
${Array.from({ length: rows }, (_, i) => html`<tr><th scope="row">${i + 1}</th>${cols.map((c) => {
    const name = formFieldName(def.key, i, c.key);
    const e = m.errors.find((x) => x.field === name);
    const v = m.values[name] ?? '';
    const label = `${def.label}第${i + 1}行${c.label}`;
    if (c.type === 'enum' || c.type === 'boolean') {
      const opts = c.type === 'boolean' ? [['true', '是'], ['false', '否']] : (c.options ?? []).map((o) => [o, o]);
      return html`<td${e ? html` class="has-error"` : ''}><select id="${fieldId(name)}" name="${name}" aria-label="${label}"${e ? html` aria-invalid="true" aria-describedby="${fieldId(name)}-err"` : ''}><option value=""></option>${opts.map(([ov, ol]) => html`<option value="${ov!}"${ov === v ? html` selected` : ''}>${ol!}</option>`)}</select>${e ? html`<span class="field-error" id="${fieldId(name)}-err">${e.message}</span>` : ''}</td>`;
    }
    return html`<td${e ? html` class="has-error"` : ''}><input id="${fieldId(name)}" name="${name}" value="${v}" aria-label="${label}" type="${INPUT_TYPE[c.type] ?? 'text'}"${e ? html` aria-invalid="true" aria-describedby="${fieldId(name)}-err"` : ''}>${e ? html`<span class="field-error" id="${fieldId(name)}-err">${e.message}</span>` : ''}</td>`;
  })}</tr>`)}
</tbody></table></div>
<button type="submit" name="_action" value="addRows:${def.key}" class="button small" formnovalidate>增加5行</button>
</fieldset>`;
}

export function draftForm(m: DraftFormModel): SafeHtml {
  const t = m.itemType;
  return html`${errorSummary(m.errors)}
<form method="post" action="${m.action}" enctype="multipart/form-data" class="stack draft-form" novalidate>
${csrfField(m.csrf)}
${m.departmentId !== undefined ? html`<input type="hidden" name="departmentId" value="${m.departmentId}"><input type="hidden" name="itemType" value="${t.code}">` : ''}
<p class="meta"><span>信息类型：${t.name}</span><span>发布单位：${m.departmentName}</span></p>
<p class="help">公开依据：${t.legalBasis}。${m.dueHint}</p>
${m.correctionReason ? html`<p class="notice">更正原因（将随新版本公开）：${m.correctionReason}</p>` : ''}
${input({ name: 'title', label: '标题', value: m.values.title, errors: m.errors, required: true, maxLength: 200 })}
${input({ name: 'formedDate', label: '信息形成（变更）日期', type: 'date', value: m.values.formedDate, errors: m.errors, required: true, help: '公开时限自该日起算（《政府信息公开条例》第二十六条）' })}
${select({ name: 'projectId', label: '所属项目', value: m.values.projectId, errors: m.errors, options: m.projects.map((p) => [String(p.id), `${p.title}（${p.code}）`] as const), placeholder: '不属于项目', help: '同一项目各环节的信息将在项目页面按时间线展示' })}
<fieldset class="fields-group"><legend>结构化信息</legend>
${t.fields.map((def) => (def.type === 'table' ? tableControl(def, m) : control(def, formFieldName(def.key), m.values[formFieldName(def.key)], m.errors)))}
</fieldset>
${textarea({ name: 'body', label: '正文', value: m.values.body, errors: m.errors, rows: 10, help: '支持 Markdown 格式：空行分段，**加粗**，- 列表' })}
<fieldset class="attachments-group"><legend>附件</legend>
${m.attachments.length ? html`<ul class="attachments">${m.attachments.map((a) => html`<li><a href="${m.action.replace(/\/edit$/, '')}/attachments/${a.id}">${a.filename}</a> <span class="meta">${(a.size / 1024).toFixed(0)} KB</span> <label><input type="checkbox" name="removeAttachment" value="${a.id}"> 删除附件<span class="visually-hidden">${a.filename}</span></label></li>`)}</ul>` : ''}
<div class="form-row"><label for="fld-files">添加附件</label><p class="help" id="fld-files-help">PDF、DOCX、XLSX、JPEG、PNG，每个不超过 ${m.maxUploadMb} MB</p><input id="fld-files" type="file" name="files" multiple accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png" aria-describedby="fld-files-help"></div>
</fieldset>
<div class="actions"><button type="submit" name="_action" value="save" class="button primary">保存草稿</button> <button type="submit" name="_action" value="saveSubmit" class="button">保存并提交审核</button></div>
</form>`;
}
