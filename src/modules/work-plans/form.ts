// The work-plan form without JavaScript: section 二 is a fixed number of rows per category; the
// "再加一行" buttons submit the form, which re-renders with one more row and every typed value kept.
import type { ErrorDetail } from '../../domain/errors.ts';
import { errorFor, fieldId, textarea } from '../../web/forms.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { first, type FormFields } from '../../web/request.ts';
import { MAX_ROWS_PER_CATEGORY, TASK_CATEGORIES, TASK_FIELDS, taskFieldName, type TaskCategory, type WorkPlanContent, type WorkPlanTask } from './state.ts';

export const DEFAULT_ROWS = 2;

export type RowCounts = Record<TaskCategory, number>;

export type PlanFormAction = { kind: 'save' } | { kind: 'submit' } | { kind: 'add-row'; category: TaskCategory };

export function rowCountsFor(content: WorkPlanContent): RowCounts {
  const counts = Object.fromEntries(TASK_CATEGORIES.map((c) => [c.key, DEFAULT_ROWS])) as RowCounts;
  for (const c of TASK_CATEGORIES) counts[c.key] = Math.max(DEFAULT_ROWS, content.tasks.filter((t) => t.category === c.key).length);
  return counts;
}

/** Reads the posted form: the sections, every row of every category and the button pressed. */
export function parsePlanForm(fields: FormFields): { content: WorkPlanContent; rows: RowCounts; action: PlanFormAction } {
  const rows = {} as RowCounts;
  const tasks: WorkPlanTask[] = [];
  for (const c of TASK_CATEGORIES) {
    const n = Number(first(fields, `rows.${c.key}`));
    rows[c.key] = Number.isInteger(n) && n >= 1 && n <= MAX_ROWS_PER_CATEGORY ? n : DEFAULT_ROWS;
    for (let i = 0; i < rows[c.key]; i++) {
      const cell = (f: (typeof TASK_FIELDS)[number]['key']) => first(fields, taskFieldName(c.key, i, f));
      tasks.push({ category: c.key, content: cell('content'), responsibleBody: cell('responsibleBody'), channel: cell('channel'), timeLimit: cell('timeLimit') });
    }
  }
  const a = first(fields, '_action');
  let action: PlanFormAction = { kind: 'save' };
  if (a === 'submit') action = { kind: 'submit' };
  else if (a.startsWith('add:')) {
    const cat = TASK_CATEGORIES.find((c) => c.key === a.slice(4));
    if (cat) {
      action = { kind: 'add-row', category: cat.key };
      rows[cat.key] = Math.min(MAX_ROWS_PER_CATEGORY, rows[cat.key] + 1);
    }
  }
  return { content: { statusGoals: first(fields, 'statusGoals'), organisation: first(fields, 'organisation'), tasks }, rows, action };
}

const PLACEHOLDERS: Record<(typeof TASK_FIELDS)[number]['key'], string> = {
  content: '如：采购意向、采购公告、中标（成交）结果、合同',
  responsibleBody: '如：本单位采购股',
  channel: '如：区政府门户网站、省政府采购网',
  timeLimit: '如：信息形成之日起20个工作日内',
};

/** Section 二 as one table per category, each cell labelled for screen readers. */
function taskTables(content: WorkPlanContent, rows: RowCounts, errors: readonly ErrorDetail[]): SafeHtml {
  return html`${TASK_CATEGORIES.map((c) => {
    const existing = content.tasks.filter((t) => t.category === c.key);
    const count = Math.max(rows[c.key], existing.length);
    const capId = `cap-${c.key}`;
    return html`<div class="table-scroll" role="region" aria-labelledby="${capId}" tabindex="0"><table class="edit-table"><caption id="${capId}">${c.name}</caption>
<thead><tr><th scope="col">序号</th>${TASK_FIELDS.map((f) => html`<th scope="col">${f.name}</th>`)}</tr></thead><tbody>
${Array.from({ length: count }, (_, i) => {
      const t = existing[i];
      return html`<tr><td class="num">${i + 1}</td>${TASK_FIELDS.map((f) => {
        const name = taskFieldName(c.key, i, f.key);
        const id = fieldId(name);
        const err = errorFor(errors, name);
        return html`<td${err ? html` class="has-error"` : ''}><label for="${id}" class="visually-hidden">${c.name}第${i + 1}行${f.name}</label>${err ? html`<p class="field-error" id="${id}-err">${err.message}</p>` : ''}<input id="${id}" name="${name}" type="text" maxlength="500" value="${t?.[f.key] ?? ''}" placeholder="${PLACEHOLDERS[f.key]}"${err ? html` aria-invalid="true" aria-describedby="${id}-err"` : ''}></td>`;
      })}</tr>`;
    })}
</tbody></table></div>
<input type="hidden" name="rows.${c.key}" value="${count}">
<p><button type="submit" class="button small" name="_action" value="add:${c.key}">再加一行（${c.name}）</button></p>`;
  })}`;
}

/** The whole editable plan: three sections of the template, save and submit buttons. */
export function planFormFields(content: WorkPlanContent, rows: RowCounts, errors: readonly ErrorDetail[]): SafeHtml {
  return html`<fieldset><legend>（一）工作现状和目标</legend>
${textarea({ name: 'statusGoals', label: '本单位公共资源配置领域信息公开工作现状和工作目标', value: content.statusGoals, errors, rows: 6, maxLength: 20000, help: '报送前必填。' })}
</fieldset>
<fieldset><legend>（二）主要任务和措施</legend>
<p class="help">按信息类别逐项填写公开内容、责任主体、公开方式（渠道）和公开时限；已填写的行须填写完整，空行不保存。行不够时按“再加一行”（已填写的内容会保留）。</p>
${taskTables(content, rows, errors)}
</fieldset>
<fieldset><legend>（三）组织保障、监督和考核</legend>
${textarea({ name: 'organisation', label: '组织领导、监督检查和考核措施', value: content.organisation, errors, rows: 6, maxLength: 20000, help: '报送前必填。' })}
</fieldset>
<div class="actions"><button type="submit" class="button" name="_action" value="save">保存草稿</button><button type="submit" class="button primary" name="_action" value="submit">报送政务公开办备案</button></div>`;
}
