// Console views of the Excel import (the upload form and the dry-run / import report), and the
// download links public pages show (sector list, project page).
import type { ErrorDetail } from '../../domain/errors.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { csrfField, errorSummary, select } from '../../web/forms.ts';
import type { ItemTypeRegistry } from '../item-types/service.ts';
import type { ImportReport } from './import-service.ts';

/** The report lists at most this many problems on the page (the count is always complete). */
export const REPORT_LIMIT = 1000;

export function importForm(o: {
  csrf: string;
  reg: ItemTypeRegistry;
  departments: readonly (readonly [string, string])[];
  values: Record<string, string>;
  errors: ErrorDetail[];
  maxUploadMb: number;
}): SafeHtml {
  const chosen = o.values.itemType ?? '';
  return html`${errorSummary(o.errors)}
<section aria-labelledby="tpl-title"><h2 id="tpl-title">第一步：下载模板</h2>
<form method="get" action="/admin/import/template" class="stack">
<div class="form-row"><label for="fld-tpl-itemType">信息类型</label>
<select id="fld-tpl-itemType" name="itemType" required><option value="">请选择信息类型</option>${o.reg.sectors.map((s) => html`<optgroup label="${s.name}">${o.reg.ofSector(s.code).filter((t) => t.active).map((t) => html`<option value="${t.code}"${t.code === chosen ? html` selected` : ''}>${t.name}</option>`)}</optgroup>`)}</select></div>
<button type="submit" class="button">下载 xlsx 模板</button>
</form>
<p class="help">模板含“填写说明”工作表：每列的含义、格式、是否必填，以及表格类字段（多行）的填法。</p>
</section>
<section aria-labelledby="up-title"><h2 id="up-title">第二步：上传填写好的文件</h2>
<form method="post" action="/admin/import" enctype="multipart/form-data" class="stack">${csrfField(o.csrf)}
<div class="form-row${o.errors.some((e) => e.field === 'itemType') ? ' has-error' : ''}"><label for="fld-itemType">信息类型<span class="req" aria-hidden="true">*</span><span class="visually-hidden">（必填）</span></label>
<select id="fld-itemType" name="itemType" required><option value="">请选择信息类型</option>${o.reg.sectors.map((s) => html`<optgroup label="${s.name}">${o.reg.ofSector(s.code).filter((t) => t.active).map((t) => html`<option value="${t.code}"${t.code === chosen ? html` selected` : ''}>${t.name}</option>`)}</optgroup>`)}</select></div>
${select({ name: 'departmentId', label: '发布单位', value: o.values.departmentId, errors: o.errors, required: true, options: o.departments })}
<div class="form-row${o.errors.some((e) => e.field === 'file') ? ' has-error' : ''}"><label for="fld-file">xlsx 文件<span class="req" aria-hidden="true">*</span><span class="visually-hidden">（必填）</span></label>
<p class="help" id="fld-file-help">只接受本系统模板格式的 .xlsx 文件，不超过 ${o.maxUploadMb} MB。</p>
<input id="fld-file" name="file" type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required aria-describedby="fld-file-help"></div>
<div class="actions"><button type="submit" name="mode" value="check" class="button">只检查，不保存</button> <button type="submit" name="mode" value="import" class="button primary">检查并导入</button></div>
<p class="help">“检查并导入”在整个文件没有任何问题时，才把全部记录一次性保存为草稿；有问题时不保存任何一条。</p>
</form></section>`;
}

export function importReport(r: ImportReport, mode: 'check' | 'import'): SafeHtml {
  const shown = r.issues.slice(0, REPORT_LIMIT);
  const status =
    r.saved !== null
      ? html`<div class="notice success" role="status"><h2>导入成功</h2><p>已把 ${r.saved.length} 条“${r.itemType.name}”保存为草稿（${r.dataRows} 行）。请在<a href="/admin/disclosures?state=draft">本单位信息</a>中逐条核对后提交审核。</p></div>`
      : r.issues.length
        ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>发现 ${r.issues.length} 个问题，未保存任何记录</h2><p>请按下表逐一修改文件后重新上传。${r.issues.length > REPORT_LIMIT ? `下表列出前 ${REPORT_LIMIT} 个问题。` : ''}</p></div>`
        : html`<div class="notice success" role="status"><h2>检查通过</h2><p>${r.records} 条记录（${r.dataRows} 行）全部符合要求。${mode === 'check' ? '选择“检查并导入”即可保存为草稿。' : ''}</p></div>`;
  return html`<section aria-labelledby="rep-title"><h2 id="rep-title">${mode === 'check' ? '检查结果' : '导入结果'}：${r.fileName}</h2>
${status}
<dl class="meta-grid"><div><dt>信息类型</dt><dd>${r.itemType.name}</dd></div><div><dt>数据行</dt><dd>${r.dataRows}</dd></div><div><dt>记录（条）</dt><dd>${r.records}</dd></div><div><dt>问题</dt><dd>${r.issues.length}</dd></div><div><dt>文件 SHA-256</dt><dd><code>${r.sha256.slice(0, 16)}…</code></dd></div></dl>
${shown.length ? html`<div class="table-scroll" role="region" aria-label="问题列表" tabindex="0"><table class="list"><caption>问题列表</caption><thead><tr><th scope="col">行</th><th scope="col">列</th><th scope="col">列标题</th><th scope="col">问题</th></tr></thead><tbody>
${shown.map((i) => html`<tr><td>${i.row ?? '—'}</td><td>${i.column ?? '—'}</td><td>${i.header ?? '—'}</td><td>${i.message}</td></tr>`)}
</tbody></table></div>` : ''}
</section>`;
}

/** Sectors whose projects are published as OCDS (ocds/repository.ts). */
const OCDS_SECTORS = ['procurement', 'construction'];

/** Sector page: the filtered list as xlsx and CSV; OCDS feed and bulk file for procurement and construction. */
export function sectorDownloads(sector: string, filters: URLSearchParams): SafeHtml {
  const q = filters.toString() ? `?${filters.toString()}` : '';
  return html`<p class="downloads">下载本页筛选结果：<a href="/sectors/${sector}/export.xlsx${q}">Excel（xlsx）</a> · <a href="/sectors/${sector}/export.csv${q}">CSV（UTF-8）</a>${OCDS_SECTORS.includes(sector) ? html`<br>开放合同数据（OCDS 1.1，政府采购和工程建设项目招标投标）：<a href="/api/v1/ocds/releases">发布包接口（分页，JSON）</a> · <a href="/api/v1/ocds/releases/bulk.json">全部发布（JSON 文件）</a> · <a href="/projects?sector=${sector}">按项目查看记录</a>` : ''}</p>`;
}

/** Project page: the project's public notices as xlsx and CSV (its OCDS record link sits beside it). */
export function projectDownloads(p: { id: number }): SafeHtml {
  return html`<p class="downloads">下载本项目的全部公开信息：<a href="/projects/${p.id}/export.xlsx">Excel（xlsx）</a> · <a href="/projects/${p.id}/export.csv">CSV（UTF-8）</a></p>`;
}
