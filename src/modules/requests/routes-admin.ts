// Console routes of 依申请公开: lists, registration of paper requests, one request's page with its
// steps, answers and files. A department's staff see its requests in full; the office sees
// deadlines and statistics, and routes "unsure" requests without seeing who asked.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { CalendarUnknownError } from '../../calendar/index.ts';
import { AppError, invalid } from '../../domain/errors.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { first, pageUser, parseId, readForm, requirePrincipal, sendHtml, type FormFields } from '../../web/request.ts';
import { hasRole, isOffice, type Principal } from '../accounts/service.ts';
import { listDepartments } from '../departments/service.ts';
import { todayInChina } from '../disclosures/service.ts';
import { DEFAULT_CLARIFY_WORKING_DAYS, remainingWhilePaused, type ConsultParty } from './clock.ts';
import { quoteFee, type FeeScheme } from './fees.ts';
import { valuesOf } from './routes-public.ts';
import type { StepEvent } from './service.ts';
import { officeOverview, registerForm, remindersList, routingQueue, staffList } from './views-admin.ts';
import { detailPage } from './views-detail.ts';
import { receiptPage } from './views-public.ts';

const REGISTER_FIELDS = ['applicantKind', 'applicantName', 'idType', 'idNumber', 'contactPerson', 'phone', 'email', 'address', 'postcode', 'description', 'deliveryForm', 'deliveryMethod', 'department', 'channel', 'submittedDate', 'receivedDate'];

function adminPage(req: FastifyRequest, reply: FastifyReply, title: string, content: SafeHtml, status = 200) {
  return sendHtml(reply, page({ title, area: 'admin', content, user: pageUser(req), current: '/admin/requests' }), status);
}

/** Messages after a successful action, by code (a query string never carries text to show). */
const DONE: Record<string, string> = { confirm: '已确认收到申请，开始计算答复期限', step: '已登记', answer: '答复已保存并完成个人信息检查', ack: '已登记处理依据', send: '已答复，答复书已生成' };

const isStaff = (p: Principal) => p.memberships.some((m) => m.role === 'editor' || m.role === 'reviewer');

/** Parses one clock step from its form; amounts of fee notices are computed, never typed. */
export function parseStep(f: FormFields): StepEvent {
  const date = first(f, 'date');
  const kind = first(f, 'kind');
  switch (kind) {
    case 'clarify':
      return { kind, date, until: first(f, 'until') };
    case 'clarified':
    case 'clarify_lapsed':
    case 'fee_paid':
    case 'fee_lapsed':
    case 'withdraw':
      return { kind, date };
    case 'consult': {
      const party = first(f, 'party') as ConsultParty;
      if (party !== 'third_party' && party !== 'agency') throw invalid([{ field: 'party', message: '请选择征求对象' }]);
      return { kind, date, id: '', party, name: first(f, 'name').trim().slice(0, 100) };
    }
    case 'consulted':
      return { kind, date, id: first(f, 'consultId') };
    case 'extend':
      return { kind, date, days: Number(first(f, 'days')), approver: first(f, 'approver').trim().slice(0, 100) };
    case 'fee_notice': {
      const scheme = first(f, 'scheme') as FeeScheme;
      const quantity = Number(first(f, 'quantity'));
      if ((scheme !== 'per_request' && scheme !== 'per_page') || !Number.isSafeInteger(quantity) || quantity < 1) throw invalid([{ field: 'quantity', message: '请选择计收方式并填写正整数数量' }]);
      const q = quoteFee(scheme, quantity);
      if (q.yuan === 0) throw invalid([{ field: 'quantity', message: `${q.explanation}无需发出收费通知。` }]);
      return { kind, date, amountFen: q.yuan * 100, scheme, quantity };
    }
    default:
      throw invalid([{ field: 'kind', message: '未知的办理步骤' }]);
  }
}

export function registerRequestAdminRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;
  const svc = ctx.requests.service;
  const answers = ctx.requests.answers;

  const myDepartments = async (p: Principal) => {
    const all = await listDepartments(db);
    return isOffice(p) ? all : all.filter((d) => svc.canHandle(p, d.id));
  };

  app.get('/admin/requests', async (req, reply) => {
    const p = requirePrincipal(req);
    const today = todayInChina();
    const parts: SafeHtml[] = [html`<h1>依申请公开</h1><p><a class="button" href="/admin/requests/new">登记纸质、邮寄或当面申请</a> <a class="button" href="/admin/review-cases">行政复议、诉讼登记</a> <a class="button" href="/admin/annual-reports">政府信息公开年度报告</a></p>`];
    if (isStaff(p)) {
      const rows = await svc.listForStaff(p);
      parts.push(html`<section aria-labelledby="mine"><h2 id="mine">本单位的申请（${rows.length}）</h2>${staffList(rows, today)}</section>`);
    }
    if (isOffice(p)) {
      const depts = await listDepartments(db);
      parts.push(routingQueue(await svc.unroutedForOffice(p), depts, p.csrfToken));
      parts.push(officeOverview({ ...(await svc.officeOverview(p)), today }));
    }
    const reminders = await ctx.requests.reminders.listFor(p, 50);
    parts.push(html`<section aria-labelledby="rem"><h2 id="rem">期限提醒</h2>${remindersList(reminders, () => isStaff(p))}</section>`);
    return adminPage(req, reply, '依申请公开', html`${parts}`);
  });

  app.get('/admin/requests/new', async (req, reply) => {
    const p = requirePrincipal(req);
    return adminPage(req, reply, '登记申请', registerForm(p.csrfToken, await myDepartments(p), isOffice(p), todayInChina()));
  });

  app.post('/admin/requests', async (req, reply) => {
    const p = requirePrincipal(req);
    const { fields } = await readForm(req);
    const v = valuesOf(fields, REGISTER_FIELDS);
    try {
      const r = await svc.register(p, v);
      const dept = v.department && v.department !== 'unsure' ? (await listDepartments(db)).find((d) => d.code === v.department)?.name ?? null : null;
      return adminPage(req, reply, '申请已登记', html`${receiptPage({ code: r.code, refNo: r.refNo, departmentName: dept, online: false })}<p>请将查询码告知申请人（打印本页或写入受理回执）。<a href="/admin/requests/${r.id}">办理该申请</a></p>`);
    } catch (e) {
      if (e instanceof AppError && e.status === 400 && e.details.length) return adminPage(req, reply, '登记申请', registerForm(p.csrfToken, await myDepartments(p), isOffice(p), todayInChina(), v, e.details), 400);
      throw e;
    }
  });

  const renderDetail = async (req: FastifyRequest, reply: FastifyReply, id: number, o: { errors?: AppError; message?: string; values?: Record<string, string> } = {}) => {
    const p = requirePrincipal(req);
    const d = await svc.detail(p, id);
    const today = todayInChina();
    const cal = svc.calendar();
    let clarifyUntil: string | null = null;
    try {
      clarifyUntil = cal.addWorkingDays(today, DEFAULT_CLARIFY_WORKING_DAYS);
    } catch (e) {
      if (!(e instanceof CalendarUnknownError)) throw e;
    }
    const err = o.errors;
    const errors = err ? (err.details.length ? err.details : [{ field: 'steps', message: err.message }]) : [];
    const content = detailPage(d, { csrf: p.csrfToken, today, isReviewer: d.request.department_id !== null && hasRole(p, 'reviewer', d.request.department_id), nthInMonth: await svc.nthInMonth(d.request), clarifyUntil, remaining: remainingWhilePaused(d.clock, cal), errors, ...(o.message ? { message: o.message } : {}), ...(o.values ? { values: o.values } : {}) });
    return adminPage(req, reply, `申请 ${d.request.ref_no}`, content, err ? err.status : 200);
  };

  /** Runs an action; a refused step re-renders the page with the reason, nothing lost. */
  const act = async (req: FastifyRequest, reply: FastifyReply, id: number, f: () => Promise<unknown>, message: keyof typeof DONE, values?: Record<string, string>) => {
    try {
      await f();
    } catch (e) {
      if (e instanceof AppError && [400, 409, 413, 415, 422].includes(e.status)) return renderDetail(req, reply, id, { errors: e, ...(values ? { values } : {}) });
      throw e;
    }
    return reply.redirect(`/admin/requests/${id}?done=${message}`, 303);
  };

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/admin/requests/:id', async (req, reply) => {
    const done = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
    return renderDetail(req, reply, parseId(req.params.id, '申请'), done ? { message: done } : {});
  });

  app.post<{ Params: { id: string } }>('/admin/requests/:id/confirm', async (req, reply) => {
    const p = requirePrincipal(req);
    const id = parseId(req.params.id, '申请');
    const { fields } = await readForm(req);
    return act(req, reply, id, () => svc.confirmReceipt(p, id, first(fields, 'date')), 'confirm');
  });

  app.post<{ Params: { id: string } }>('/admin/requests/:id/route', async (req, reply) => {
    const p = requirePrincipal(req);
    const id = parseId(req.params.id, '申请');
    const { fields } = await readForm(req);
    await svc.route(p, id, Number(first(fields, 'department')) || 0);
    return reply.redirect('/admin/requests', 303);
  });

  app.post<{ Params: { id: string } }>('/admin/requests/:id/step', async (req, reply) => {
    const p = requirePrincipal(req);
    const id = parseId(req.params.id, '申请');
    const { fields } = await readForm(req);
    const note = first(fields, 'note').trim().slice(0, 1000) || null;
    return act(req, reply, id, () => svc.step(p, id, parseStep(fields), note), 'step');
  });

  app.post<{ Params: { id: string } }>('/admin/requests/:id/answer', async (req, reply) => {
    const p = requirePrincipal(req);
    const id = parseId(req.params.id, '申请');
    const { fields, files } = await readForm(req);
    const values = { answerType: first(fields, 'answerType'), reason: first(fields, 'reason'), where: first(fields, 'where'), agency: first(fields, 'agency'), body: first(fields, 'body') };
    const remove = ([] as string[]).concat(fields.removeFile ?? []).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    return act(req, reply, id, () => answers.saveDraft(p, id, { ...values, reason: values.reason || null }, files, remove), 'answer', values);
  });

  app.post<{ Params: { id: string } }>('/admin/requests/:id/answer/ack', async (req, reply) => {
    const p = requirePrincipal(req);
    const id = parseId(req.params.id, '申请');
    const { fields } = await readForm(req);
    return act(req, reply, id, () => answers.acknowledge(p, id, first(fields, 'basis'), first(fields, 'note')), 'ack');
  });

  app.post<{ Params: { id: string } }>('/admin/requests/:id/answer/send', async (req, reply) => {
    const p = requirePrincipal(req);
    const id = parseId(req.params.id, '申请');
    const { fields } = await readForm(req);
    return act(req, reply, id, () => answers.send(p, id, first(fields, 'date') || todayInChina()), 'send');
  });

  app.get<{ Params: { id: string; fileId: string } }>('/admin/requests/:id/files/:fileId', async (req, reply) => {
    const p = requirePrincipal(req);
    const f = await answers.fileForStaff(p, parseId(req.params.id, '申请'), parseId(req.params.fileId, '文件'));
    return reply.header('content-type', f.mime).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.filename)}`).header('cache-control', 'no-store').send(f.data);
  });
}
