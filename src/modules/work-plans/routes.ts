// Work plans in the console (/admin/work-plans…), on the public site (/work-plans/:id) and in the
// API (/api/v1/work-plans). Routes parse, check access and render; the rules are in service.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError, notFound, type ErrorDetail } from '../../domain/errors.ts';
import { csrfField, errorSummary, input, textarea } from '../../web/forms.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { first, pageUser, parseId, readForm, requirePrincipal, sendHtml } from '../../web/request.ts';
import { isOffice, type Principal } from '../accounts/service.ts';
import { findDepartmentById } from '../departments/service.ts';
import { todayInChina } from '../disclosures/service.ts';
import { registerWorkPlanApi } from './api.ts';
import { workPlanDocx } from './docx.ts';
import { parsePlanForm, planFormFields, rowCountsFor, type RowCounts } from './form.ts';
import * as svc from './service.ts';
import { STATE_NAMES, defaultDueDate, type WorkPlanContent } from './state.ts';
import { countsList, dateTime, planBody, statusBadge } from './views.ts';

const EMPTY: WorkPlanContent = { statusGoals: '', tasks: [], organisation: '' };
const ACTION_NAMES: Record<string, string> = { create: '创建', update: '保存', submit: '报送', file: '备案', return: '退回', publish: '公开' };

const adminPage = (req: FastifyRequest, title: string, content: SafeHtml, hasErrors = false) => page({ title, area: 'admin', content, user: pageUser(req), current: '/admin/work-plans', hasErrors });

const docxReply = (reply: FastifyReply, name: string, buf: Buffer) =>
  reply.header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document').header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`).send(buf);

export function registerWorkPlanRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;

  /** Office, or staff of the department; anyone else gets 404 (another department's plan does not exist for them). */
  const requireAccess = (p: Principal, departmentId: number) => {
    if (!isOffice(p) && !svc.canWritePlan(p, departmentId)) throw notFound('工作方案');
  };
  const loadRound = async (raw: string) => {
    const round = await svc.findRoundById(db, parseId(raw, '工作方案报送轮次'));
    if (!round) throw notFound('工作方案报送轮次');
    return round;
  };

  // ---- rounds ----
  const roundsPage = async (req: FastifyRequest, v: Record<string, string> = {}, errors: ErrorDetail[] = []) => {
    const p = requirePrincipal(req);
    const rounds = await svc.listRoundsOf(db);
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const content = html`<h1>工作方案报送</h1>
<p>各单位按模板编制本单位公共资源配置领域政府信息公开工作方案（工作现状和目标；主要任务和措施；组织保障、监督和考核），报区政务公开办备案后公开。</p>
${rounds.length ? html`<div class="table-scroll" role="region" aria-label="报送轮次（表格）" tabindex="0"><table class="list"><caption>报送轮次</caption><thead><tr><th scope="col">年度</th><th scope="col">名称</th><th scope="col">报送截止日期</th></tr></thead><tbody>
${rounds.map((r) => html`<tr><td>${r.year}</td><td><a href="/admin/work-plans/${r.id}">${r.title}</a></td><td>${r.due_date}</td></tr>`)}</tbody></table></div>` : html`<p class="empty">尚未开启工作方案报送。</p>`}
${isOffice(p) ? html`<form method="post" action="/admin/work-plans" class="card"><h2>开启新一轮报送</h2>${errorSummary(errors)}${csrfField(p.csrfToken)}
${input({ name: 'year', label: '年度', type: 'number', value: v.year ?? String(year), errors, required: true })}
${input({ name: 'title', label: '名称', value: v.title ?? `${v.year ?? year}年公共资源配置领域政府信息公开工作方案`, errors, required: true, maxLength: 100 })}
${input({ name: 'dueDate', label: '报送截止日期', type: 'date', value: v.dueDate ?? defaultDueDate(Number(v.year) || year), errors, required: true, help: '方案默认为当年8月30日，可调整；不能早于今天。' })}
${textarea({ name: 'note', label: '说明（可选）', value: v.note, errors, rows: 3, maxLength: 2000 })}
<button type="submit" class="button primary">开启报送</button></form>` : ''}`;
    return adminPage(req, '工作方案报送', content, errors.length > 0);
  };

  app.get('/admin/work-plans', async (req, reply) => sendHtml(reply, await roundsPage(req)));

  app.post('/admin/work-plans', async (req, reply) => {
    const p = requirePrincipal(req);
    const { fields } = await readForm(req);
    const v = { year: first(fields, 'year'), title: first(fields, 'title'), dueDate: first(fields, 'dueDate'), note: first(fields, 'note') };
    try {
      const id = await svc.openRound(db, p, v);
      return reply.redirect(`/admin/work-plans/${id}`, 303);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return sendHtml(reply, await roundsPage(req, v, e.details), 400);
      throw e;
    }
  });

  const roundPage = async (req: FastifyRequest, roundId: string, dueErrors: ErrorDetail[] = [], dueValue: Record<string, string> = {}) => {
    const p = requirePrincipal(req);
    const round = await loadRound(roundId);
    const today = todayInChina();
    const all = await svc.workPlanStatus(db, round.id, today);
    const office = isOffice(p);
    const rows = office ? all : all.filter((r) => svc.canWritePlan(p, r.departmentId));
    const c = svc.roundCounts(rows);
    const content = html`<h1>${round.title}</h1>
<p>报送截止日期：<strong>${round.due_date}</strong>${today > round.due_date ? '（已截止）' : ''}。统计日期：${today}（北京时间）。${round.note ? html`<br>${round.note}` : ''}</p>
${office ? countsList(c) : ''}
${rows.length ? html`<div class="table-scroll" role="region" aria-label="各单位报送情况（表格）" tabindex="0"><table class="list"><caption>各单位报送情况</caption><thead><tr><th scope="col">单位</th><th scope="col">状态</th><th scope="col">首次报送时间</th><th scope="col">操作</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td>${r.departmentName}</td><td>${statusBadge(r)}${r.returnedReason ? html`<br><small>退回原因：${r.returnedReason}</small>` : ''}</td><td>${dateTime(r.submittedAt)}</td><td><a href="/admin/work-plans/${round.id}/departments/${r.departmentId}">${svc.canWritePlan(p, r.departmentId) && (r.state === null || r.state === 'draft' || r.state === 'returned') ? '填写方案' : '查看'}<span class="visually-hidden">（${r.departmentName}）</span></a></td></tr>`)}
</tbody></table></div>` : html`<p class="empty">您不属于应报送工作方案的单位。</p>`}
${office ? html`<form method="post" action="/admin/work-plans/${round.id}/due" class="card"><h2>调整报送截止日期</h2>${errorSummary(dueErrors)}${csrfField(p.csrfToken)}
${input({ name: 'dueDate', label: '新的截止日期', type: 'date', value: dueValue.dueDate ?? round.due_date, errors: dueErrors, required: true })}
${input({ name: 'reason', label: '调整原因', value: dueValue.reason, errors: dueErrors, required: true, maxLength: 1000 })}
<button type="submit" class="button">调整</button></form>` : ''}
<p><a href="/admin/work-plans">全部报送轮次</a></p>`;
    return adminPage(req, round.title, content, dueErrors.length > 0);
  };

  app.get<{ Params: { roundId: string } }>('/admin/work-plans/:roundId', async (req, reply) => sendHtml(reply, await roundPage(req, req.params.roundId)));

  app.post<{ Params: { roundId: string } }>('/admin/work-plans/:roundId/due', async (req, reply) => {
    const p = requirePrincipal(req);
    const round = await loadRound(req.params.roundId);
    const { fields } = await readForm(req);
    const v = { dueDate: first(fields, 'dueDate'), reason: first(fields, 'reason') };
    try {
      await svc.changeDueDate(db, p, round.id, v.dueDate, v.reason);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return sendHtml(reply, await roundPage(req, req.params.roundId, e.details, v), 400);
      throw e;
    }
    return reply.redirect(`/admin/work-plans/${round.id}`, 303);
  });

  // ---- one department's plan ----
  interface PlanView {
    content?: WorkPlanContent;
    rows?: RowCounts;
    errors?: ErrorDetail[];
    notice?: string;
    returnErrors?: ErrorDetail[];
    returnReason?: string;
  }

  const planPage = async (req: FastifyRequest, roundRaw: string, deptRaw: string, o: PlanView = {}) => {
    const p = requirePrincipal(req);
    const round = await loadRound(roundRaw);
    const dept = await findDepartmentById(db, parseId(deptRaw, '单位'));
    if (!dept || dept.kind === 'office') throw notFound('工作方案');
    requireAccess(p, dept.id);
    const plan = await svc.getPlan(db, round.id, dept.id);
    const stored = plan ? svc.planContent(plan) : EMPTY;
    const content = o.content ?? stored;
    const editable = svc.canWritePlan(p, dept.id) && (!plan || plan.state === 'draft' || plan.state === 'returned');
    const base = `/admin/work-plans/${round.id}/departments/${dept.id}`;
    const errors = o.errors ?? [];
    const history = plan ? await svc.planHistory(db, plan.id) : [];
    const body = html`<h1>${dept.name}${round.title}</h1>
<dl class="meta-grid"><div><dt>状态</dt><dd>${plan ? STATE_NAMES[plan.state] : '未填写'}${plan?.late ? html` <span class="badge late">逾期报送</span>` : ''}</dd></div><div><dt>报送截止日期</dt><dd>${round.due_date}</dd></div><div><dt>首次报送</dt><dd>${dateTime(plan?.first_submitted_at ?? null)}</dd></div><div><dt>备案时间</dt><dd>${dateTime(plan?.filed_at ?? null)}</dd></div></dl>
${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}
${plan?.state === 'returned' && plan.returned_reason ? html`<div class="notice" role="note"><h2>政务公开办退回意见</h2><p>${plan.returned_reason}</p></div>` : ''}
${editable
      ? html`${errorSummary(errors)}<form method="post" action="${base}">${csrfField(p.csrfToken)}${planFormFields(content, o.rows ?? rowCountsFor(content), errors)}</form>`
      : planBody(stored)}
${plan ? actionsPanel(p, plan, base, o, history.some((e) => e.actor_id === p.userId && ['create', 'update', 'submit'].includes(e.action))) : ''}
${history.length ? html`<section aria-labelledby="hist-h"><h2 id="hist-h">办理记录</h2><ol class="history">${history.map((e) => html`<li>${dateTime(e.at)} ${e.actor_name ?? '系统'}：${ACTION_NAMES[e.action] ?? e.action}${e.reason ? `（${e.reason}）` : ''}</li>`)}</ol></section>` : ''}
<p><a href="/admin/work-plans/${round.id}">返回${round.title}</a></p>`;
    return adminPage(req, `${dept.short_name}工作方案`, body, errors.length > 0 || (o.returnErrors?.length ?? 0) > 0);
  };

  const actionsPanel = (p: Principal, plan: svc.PlanWithNames, base: string, o: PlanView, wroteIt: boolean): SafeHtml => {
    const parts: SafeHtml[] = [];
    if (isOffice(p) && plan.state === 'submitted' && wroteIt) parts.push(html`<p class="notice">您参与了该工作方案的编写或报送，不能自行备案或退回，请由政务公开办其他人员办理。</p>`);
    if (isOffice(p) && plan.state === 'submitted' && !wroteIt) {
      parts.push(html`<form method="post" action="${base}/file">${csrfField(p.csrfToken)}<button type="submit" class="button primary">予以备案</button></form>`);
      parts.push(html`<form method="post" action="${base}/return">${csrfField(p.csrfToken)}${errorSummary(o.returnErrors ?? [])}${textarea({ name: 'reason', label: '退回原因', value: o.returnReason, errors: o.returnErrors ?? [], rows: 3, required: true, maxLength: 2000 })}<button type="submit" class="button">退回修改</button></form>`);
    }
    if (plan.state === 'filed' && (svc.canWritePlan(p, plan.department_id) || isOffice(p))) {
      parts.push(html`<form method="post" action="${base}/publish">${csrfField(p.csrfToken)}<button type="submit" class="button primary">在单位页面公开</button></form>`);
    }
    if (plan.state === 'filed' || plan.state === 'published') parts.push(html`<p><a href="${base}/docx" download>下载 Word（DOCX）</a></p>`);
    if (plan.state === 'published') parts.push(html`<p><a href="/work-plans/${plan.id}">查看公开页面</a></p>`);
    return parts.length ? html`<section class="actions-panel" aria-labelledby="act-h"><h2 id="act-h">办理</h2>${parts}</section>` : html``;
  };

  type PlanParams = { Params: { roundId: string; deptId: string } };

  app.get<PlanParams>('/admin/work-plans/:roundId/departments/:deptId', async (req, reply) => sendHtml(reply, await planPage(req, req.params.roundId, req.params.deptId)));

  app.post<PlanParams>('/admin/work-plans/:roundId/departments/:deptId', async (req, reply) => {
    const p = requirePrincipal(req);
    const round = await loadRound(req.params.roundId);
    const deptId = parseId(req.params.deptId, '单位');
    requireAccess(p, deptId);
    const { fields } = await readForm(req);
    const f = parsePlanForm(fields);
    if (f.action.kind === 'add-row') return sendHtml(reply, await planPage(req, req.params.roundId, req.params.deptId, { content: f.content, rows: f.rows }));
    try {
      await svc.savePlan(db, p, round.id, deptId, f.content, { submit: f.action.kind === 'submit' });
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return sendHtml(reply, await planPage(req, req.params.roundId, req.params.deptId, { content: f.content, rows: f.rows, errors: e.details }), 400);
      throw e;
    }
    return sendHtml(reply, await planPage(req, req.params.roundId, req.params.deptId, { notice: f.action.kind === 'submit' ? '工作方案已报送区政务公开办备案。' : '草稿已保存。' }));
  });

  const planFor = async (req: FastifyRequest<PlanParams>) => {
    const p = requirePrincipal(req);
    const round = await loadRound(req.params.roundId);
    const deptId = parseId(req.params.deptId, '单位');
    requireAccess(p, deptId);
    const plan = await svc.getPlan(db, round.id, deptId);
    if (!plan) throw notFound('工作方案');
    return { p, plan };
  };

  app.post<PlanParams>('/admin/work-plans/:roundId/departments/:deptId/file', async (req, reply) => {
    const { p, plan } = await planFor(req);
    await readForm(req);
    await svc.filePlan(db, p, plan.id);
    return sendHtml(reply, await planPage(req, req.params.roundId, req.params.deptId, { notice: '已备案。' }));
  });

  app.post<PlanParams>('/admin/work-plans/:roundId/departments/:deptId/return', async (req, reply) => {
    const { p, plan } = await planFor(req);
    const { fields } = await readForm(req);
    const reason = first(fields, 'reason');
    try {
      await svc.returnPlan(db, p, plan.id, reason);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return sendHtml(reply, await planPage(req, req.params.roundId, req.params.deptId, { returnErrors: e.details, returnReason: reason }), 400);
      throw e;
    }
    return sendHtml(reply, await planPage(req, req.params.roundId, req.params.deptId, { notice: '已退回单位修改。' }));
  });

  app.post<PlanParams>('/admin/work-plans/:roundId/departments/:deptId/publish', async (req, reply) => {
    const { p, plan } = await planFor(req);
    await readForm(req);
    await svc.publishPlan(db, p, plan.id);
    return sendHtml(reply, await planPage(req, req.params.roundId, req.params.deptId, { notice: '工作方案已在单位页面公开。' }));
  });

  app.get<PlanParams>('/admin/work-plans/:roundId/departments/:deptId/docx', async (req, reply) => {
    const { plan } = await planFor(req);
    if (plan.state !== 'filed' && plan.state !== 'published') throw notFound('已备案的工作方案');
    return docxReply(reply, `${plan.department_name}${plan.round_title}.docx`, await workPlanDocx(plan));
  });

  // ---- public ----
  const publicPlan = async (raw: string) => {
    const plan = await svc.findPlanById(db, parseId(raw, '工作方案'));
    if (!plan || plan.state !== 'published') throw notFound('工作方案');
    return plan;
  };

  app.get<{ Params: { id: string } }>('/work-plans/:id', async (req, reply) => {
    const plan = await publicPlan(req.params.id);
    const dept = await findDepartmentById(db, plan.department_id);
    const content = html`<nav class="breadcrumb" aria-label="当前位置"><a href="/departments">公开目录</a> › <a href="/departments/${dept?.code ?? ''}">${plan.department_name}</a></nav>
<h1>${plan.department_name}${plan.round_title}</h1>
<p class="meta">报区政务公开办备案：${dateTime(plan.filed_at)}　公开：${dateTime(plan.published_at)}　<a href="/work-plans/${plan.id}/docx" download>下载 Word（DOCX）</a></p>
${planBody(svc.planContent(plan))}`;
    return sendHtml(reply, page({ title: `${plan.department_name}${plan.round_title}`, content, user: pageUser(req), current: '/departments' }));
  });

  app.get<{ Params: { id: string } }>('/work-plans/:id/docx', async (req, reply) => {
    const plan = await publicPlan(req.params.id);
    return docxReply(reply, `${plan.department_name}${plan.round_title}.docx`, await workPlanDocx(plan));
  });

  registerWorkPlanApi(app, ctx);
}

/** The 工作方案 section of a department's public page (departments/routes.ts). */
export async function departmentWorkPlansSection(ctx: AppContext, departmentId: number): Promise<SafeHtml> {
  const plans = await svc.publishedPlansOf(ctx.database.db, { departmentId, limit: 10 });
  return html`<section aria-labelledby="wp-title"><h2 id="wp-title">工作方案</h2>
${plans.length ? html`<ul>${plans.map((pl) => html`<li><a href="/work-plans/${pl.id}">${pl.round_title}</a>（${dateTime(pl.published_at).slice(0, 10)}公开）</li>`)}</ul>` : html`<p class="empty">暂无公开的工作方案。</p>`}
</section>`;
}
