// Form building blocks. Every control has a visible label; errors are listed in a summary at the
// top (each linking to its field) and repeated next to the field, and the typed value is kept.
import type { ErrorDetail } from '../domain/errors.ts';
import { html, type SafeHtml } from './html.ts';

export function fieldId(name: string): string {
  return 'fld-' + name.replace(/[^A-Za-z0-9_-]/g, '-');
}

export function errorSummary(errors: readonly ErrorDetail[]): SafeHtml {
  if (!errors.length) return html``;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">提交未成功，请修改以下${errors.length}处问题：</h2>
<ul>${errors.map((e) => html`<li><a href="#${fieldId(e.field)}">${e.message}</a></li>`)}</ul>
</div>`;
}

export function errorFor(errors: readonly ErrorDetail[], name: string): ErrorDetail | undefined {
  return errors.find((e) => e.field === name);
}

interface ControlOpts {
  name: string;
  label: string;
  value?: string | undefined;
  errors?: readonly ErrorDetail[];
  required?: boolean;
  help?: string | undefined;
  type?: string;
  maxLength?: number | undefined;
  attrs?: SafeHtml;
}

function wrap(o: ControlOpts, control: (id: string, describedBy: string | null, invalid: boolean) => SafeHtml): SafeHtml {
  const id = fieldId(o.name);
  const err = o.errors ? errorFor(o.errors, o.name) : undefined;
  const ids = [o.help ? `${id}-help` : null, err ? `${id}-err` : null].filter(Boolean).join(' ') || null;
  return html`<div class="form-row${err ? ' has-error' : ''}">
<label for="${id}">${o.label}${o.required ? html`<span class="req" aria-hidden="true">*</span><span class="visually-hidden">（必填）</span>` : ''}</label>
${o.help ? html`<p class="help" id="${id}-help">${o.help}</p>` : ''}
${err ? html`<p class="field-error" id="${id}-err">${err.message}</p>` : ''}
${control(id, ids, !!err)}
</div>`;
}

export function input(o: ControlOpts): SafeHtml {
  return wrap(o, (id, desc, inv) => html`<input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.required ? html` required` : ''}${o.maxLength ? html` maxlength="${o.maxLength}"` : ''}${desc ? html` aria-describedby="${desc}"` : ''}${inv ? html` aria-invalid="true"` : ''}${o.attrs ?? ''}>`);
}

export function textarea(o: ControlOpts & { rows?: number }): SafeHtml {
  return wrap(o, (id, desc, inv) => html`<textarea id="${id}" name="${o.name}" rows="${o.rows ?? 6}"${o.required ? html` required` : ''}${o.maxLength ? html` maxlength="${o.maxLength}"` : ''}${desc ? html` aria-describedby="${desc}"` : ''}${inv ? html` aria-invalid="true"` : ''}>${o.value ?? ''}</textarea>`);
}

export function select(o: ControlOpts & { options: readonly (readonly [value: string, label: string])[]; placeholder?: string }): SafeHtml {
  return wrap(o, (id, desc, inv) => html`<select id="${id}" name="${o.name}"${o.required ? html` required` : ''}${desc ? html` aria-describedby="${desc}"` : ''}${inv ? html` aria-invalid="true"` : ''}>
${o.placeholder !== undefined ? html`<option value="">${o.placeholder}</option>` : ''}
${o.options.map(([v, l]) => html`<option value="${v}"${v === o.value ? html` selected` : ''}>${l}</option>`)}
</select>`);
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}
