// Console: 行政复议 / 行政诉讼 records per department and year (annual report table 4).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError, forbidden, type ErrorDetail } from '../../domain/errors.ts';
import { csrfField, errorSummary, input, select, textarea } from '../../web/forms.ts';
import { html } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { first, pageUser, parseId, readForm, requirePrincipal, sendHtml } from '../../web/request.ts';
import { isOffice, type Principal } from '../accounts/service.ts';
import { listDepartments } from '../departments/service.ts';
import { CASE_KINDS, CASE_RESULTS, type CaseResult } from '../annual-report/tables.ts';
import { CASE_KIND_NAMES, CASE_RESULT_NAMES, validateCase } from './cases.ts';

const FIELDS = ['department', 'year', 'kind', 'result', 'caseNo', 'requestRef', 'filedDate', 'decidedDate', 'note'];

export function registerReviewCaseRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;
  const cases = ctx.requests.cases;

  const departmentsFor = async (p: Principal) => {
    const all = await listDepartments(db);
    return isOffice(p) ? all : all.filter((d) => p.memberships.some((m) => m.departmentId === d.id && (m.role === 'editor' || m.role === 'reviewer')));
  };

  const render = async (req: Parameters<typeof requirePrincipal>[0], v: Record<string, string> = {}, errors: ErrorDetail[] = [], year?: number) => {
    const p = requirePrincipal(req);
    const depts = await departmentsFor(p);
    const rows = await cases.list(p, null, year);
    const content = html`<h1>政府信息公开行政复议、行政诉讼登记</h1>
<p>登记本单位作为被申请人或被告的政府信息公开行政复议、行政诉讼案件，按年度计入政府信息公开工作年度报告表四。</p>
${errorSummary(errors)}
<form method="post" action="/admin/review-cases" class="card"><h2>登记案件</h2>${csrfField(p.csrfToken)}
${select({ name: 'department', label: '单位', value: v.department, errors, required: true, options: depts.map((d) => [String(d.id), d.name] as const) })}
${input({ name: 'year', label: '计入年度', type: 'number', value: v.year ?? String(new Date().getUTCFullYear()), errors, required: true })}
${select({ name: 'kind', label: '类型', value: v.kind, errors, required: true, placeholder: '请选择', options: CASE_KINDS.map((k) => [k.key, CASE_KIND_NAMES[k.key]] as const) })}
${select({ name: 'result', label: '结果', value: v.result, errors, required: true, placeholder: '请选择', options: CASE_RESULTS.map((r) => [r.key, r.label] as const) })}
${input({ name: 'caseNo', label: '案号', value: v.caseNo, errors, maxLength: 100 })}
${input({ name: 'requestRef', label: '相关申请编号', value: v.requestRef, errors, maxLength: 40 })}
${input({ name: 'filedDate', label: '立案（受理）日期', type: 'date', value: v.filedDate, errors })}
${input({ name: 'decidedDate', label: '审结日期', type: 'date', value: v.decidedDate, errors })}
${textarea({ name: 'note', label: '备注', value: v.note, errors, rows: 2 })}
<button type="submit" class="button primary">登记</button></form>
<section aria-labelledby="list-h"><h2 id="list-h">已登记的案件（${rows.length}）</h2>
${rows.length ? html`<div class="table-scroll" role="region" aria-label="已登记的案件列表" tabindex="0"><table class="list"><caption>政府信息公开行政复议、行政诉讼案件</caption><thead><tr><th scope="col">年度</th><th scope="col">单位</th><th scope="col">类型</th><th scope="col">案号</th><th scope="col">结果</th><th scope="col">更新结果</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td>${r.year}</td><td>${r.department_name}</td><td>${CASE_KIND_NAMES[r.kind]}</td><td>${r.case_no}</td><td>${CASE_RESULT_NAMES[r.result]}${r.decided_date ? `（${r.decided_date}）` : ''}</td><td><form method="post" action="/admin/review-cases/${r.id}/result">${csrfField(p.csrfToken)}<label for="res-${r.id}" class="visually-hidden">案件 ${r.id} 的结果</label><select id="res-${r.id}" name="result">${CASE_RESULTS.map((x) => html`<option value="${x.key}"${x.key === r.result ? html` selected` : ''}>${x.label}</option>`)}</select> <label for="dd-${r.id}" class="visually-hidden">审结日期</label><input id="dd-${r.id}" type="date" name="decidedDate" value="${r.decided_date ?? ''}"> <button type="submit" class="button small">更新</button></form></td></tr>`)}
</tbody></table></div>` : html`<p class="empty">暂无登记。</p>`}</section>`;
    return page({ title: '行政复议、诉讼登记', area: 'admin', content, user: pageUser(req), current: '/admin/requests' });
  };

  app.get('/admin/review-cases', async (req, reply) => sendHtml(reply, await render(req)));

  app.post('/admin/review-cases', async (req, reply) => {
    const p = requirePrincipal(req);
    const { fields } = await readForm(req);
    const v = Object.fromEntries(FIELDS.map((k) => [k, first(fields, k)]));
    const deptId = Number(v.department);
    if (!(await departmentsFor(p)).some((d) => d.id === deptId)) throw forbidden('只能登记本单位的案件');
    const r = validateCase(v, deptId);
    if (!r.ok) return sendHtml(reply, await render(req, v, r.errors), 400);
    await cases.create(p, r.value);
    return reply.redirect('/admin/review-cases', 303);
  });

  app.post<{ Params: { id: string } }>('/admin/review-cases/:id/result', async (req, reply) => {
    const p = requirePrincipal(req);
    const { fields } = await readForm(req);
    const decided = first(fields, 'decidedDate') || null;
    try {
      await cases.setResult(p, parseId(req.params.id, '案件'), first(fields, 'result') as CaseResult, decided);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return sendHtml(reply, await render(req, {}, e.details), 400);
      throw e;
    }
    return reply.redirect('/admin/review-cases', 303);
  });
}
