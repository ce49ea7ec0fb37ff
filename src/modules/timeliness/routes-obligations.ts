// Console: obligations (信息已形成但尚未公开) – register, list (the office sees every department and
// can filter the overdue ones), link to the disclosure that publishes it, cancel.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { describeRule, findRule } from '../../calendar/index.ts';
import { AppError, type ErrorDetail } from '../../domain/errors.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { csrfField, errorSummary, input, select, textarea } from '../../web/forms.ts';
import { first, parseId, readForm, requirePrincipal, sendHtml } from '../../web/request.ts';
import { canEdit, canReview, isOffice, type Principal } from '../accounts/service.ts';
import { fmtDateTime, timelinessBadge } from '../disclosures/views.ts';
import { STATE_NAMES } from '../disclosures/state.ts';
import { todayInChina } from '../disclosures/service.ts';
import { historyOf } from '../events/service.ts';
import { CATEGORY_NAMES, type Category } from '../item-types/types.ts';
import { openStatusOf, timelinessOf } from './due.ts';
import { OBLIGATION_STATE_NAMES, assertDepartmentChoice, registeringDepartments } from './obligations.ts';
import { adminPage, dataTable } from './page.ts';
import { openStatusBadge } from './views.ts';

const FILTERS = { open: '待公开', overdue: '已逾期', fulfilled: '已公开', cancelled: '已撤销', all: '全部' } as const;
type Filter = keyof typeof FILTERS;
const EVENT_NAMES: Record<string, string> = { create: '登记', link: '关联信息', fulfil: '已公开（完成）', cancel: '撤销' };

export function registerObligationRoutes(app: FastifyInstance, ctx: AppContext) {
  const svc = ctx.timeliness.obligations;
  const reg = ctx.itemTypes;

  app.get<{ Querystring: { state?: string; done?: string } }>('/admin/obligations', async (req, reply) => {
    const p = requirePrincipal(req);
    const filter: Filter = (Object.keys(FILTERS) as Filter[]).includes(req.query.state as Filter) ? (req.query.state as Filter) : 'open';
    const today = todayInChina();
    const rows = await svc.list(p, filter === 'overdue' ? { overdueOn: today } : filter === 'all' ? {} : { states: [filter] });
    const cal = ctx.timeliness.calendar.current();
    const content = html`<h1>待公开信息登记</h1>
<p>信息已经形成（或变更）但尚未公开的，请在此登记：系统按该类信息的公开时限计算期限，并在到期前 3 个工作日和逾期当日提醒本单位。起草信息后，在登记页面将其关联；信息发布后登记自动完成。</p>
${registeringDepartments(p).length ? html`<p><a class="button primary" href="/admin/obligations/new">登记待公开信息</a></p>` : ''}
<nav class="chips" aria-label="按状态筛选">${(Object.keys(FILTERS) as Filter[]).map((k) => html`<a href="/admin/obligations?state=${k}"${k === filter ? html` aria-current="page"` : ''}>${FILTERS[k]}</a>`)}</nav>
${dataTable({ caption: `待公开信息（${FILTERS[filter]}${isOffice(p) ? '，全区' : ''}）`, rows, empty: '没有符合条件的登记。', cols: [
      { header: '信息名称', cell: (r) => html`<a href="/admin/obligations/${r.id}">${r.title}</a>` },
      { header: '单位', cell: (r) => r.department_name },
      { header: '信息类型', cell: (r) => r.item_type_name },
      { header: '形成（变更）日期', cell: (r) => r.formed_date },
      { header: '公开期限', cell: (r) => r.due_date ?? '日历未知' },
      { header: '状态', cell: (r) => (r.state === 'open' ? html`${OBLIGATION_STATE_NAMES.open} ${openStatusBadge(openStatusOf(r.due_rule, r.due_date, today, cal))}` : r.state === 'fulfilled' ? html`${OBLIGATION_STATE_NAMES.fulfilled} ${timelinessBadge(timelinessOf(r.due_rule, r.due_date, r.fulfilled_at, cal))}` : OBLIGATION_STATE_NAMES.cancelled) },
    ] })}`;
    return sendHtml(reply, adminPage(req, '待公开信息登记', content));
  });

  const form = (req: FastifyRequest, values: Record<string, string>, errors: ErrorDetail[]): SafeHtml => {
    const p = requirePrincipal(req);
    const depts = registeringDepartments(p);
    const options = reg
      .active()
      // Lead-time rules (采购意向: 30 days *before* procurement starts) count back from a future
      // event, which is not "information that has formed": only `due` rules are offered here.
      .filter((t) => findRule(t.deadlineRule)?.kind === 'due')
      .map((t) => [String(t.id), `${reg.sectorName(t.sector)} · ${t.name}（${CATEGORY_NAMES[t.category as Category]}）`] as const);
    return html`<h1>登记待公开信息</h1>
${errorSummary(errors)}
<form method="post" action="/admin/obligations" class="stack">${csrfField(p.csrfToken)}
${select({ name: 'departmentId', label: '责任单位', value: values.departmentId ?? (depts.length === 1 ? String(depts[0]!.departmentId) : ''), errors, required: true, options: depts.map((m) => [String(m.departmentId), m.departmentName] as const) })}
${select({ name: 'itemTypeId', label: '信息类型', value: values.itemTypeId, errors, required: true, placeholder: '请选择信息类型', options, help: '公开期限按该类信息的公开时限计算（如“自信息形成之日起20个工作日内”）。' })}
${input({ name: 'title', label: '信息名称', value: values.title, errors, required: true, maxLength: 200 })}
${input({ name: 'formedDate', label: '信息形成（变更）日期', type: 'date', value: values.formedDate, errors, required: true, help: '信息变更（更正）的，填写变更之日：期限自该日重新起算。' })}
${textarea({ name: 'note', label: '备注', value: values.note, errors, rows: 3, maxLength: 2000 })}
<button type="submit" class="button primary">登记</button></form>`;
  };

  app.get('/admin/obligations/new', async (req, reply) => {
    const p = requirePrincipal(req);
    if (!registeringDepartments(p).length) throw new AppError(403, 'forbidden', '只有本单位信息员或审核人可以登记待公开信息');
    return sendHtml(reply, adminPage(req, '登记待公开信息', form(req, {}, [])));
  });

  app.post('/admin/obligations', async (req, reply) => {
    const p = requirePrincipal(req);
    const { fields } = await readForm(req);
    const values = { departmentId: first(fields, 'departmentId'), itemTypeId: first(fields, 'itemTypeId'), title: first(fields, 'title'), formedDate: first(fields, 'formedDate'), note: first(fields, 'note') };
    try {
      assertDepartmentChoice(p, Number(values.departmentId));
      const id = await svc.register(p, { departmentId: Number(values.departmentId), itemTypeId: Number(values.itemTypeId) || 0, title: values.title, formedDate: values.formedDate, note: values.note });
      return reply.redirect(`/admin/obligations/${id}?done=created`, 303);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return sendHtml(reply, adminPage(req, '登记待公开信息', form(req, values, e.details)), 400);
      throw e;
    }
  });

  const detail = async (req: FastifyRequest, reply: FastifyReply, id: number, errors: ErrorDetail[] = [], status = 200) => {
    const p = requirePrincipal(req);
    const o = await svc.get(p, id);
    const t = reg.get(o.item_type_id);
    const rule = findRule(o.due_rule);
    const cal = ctx.timeliness.calendar.current();
    const manage = canEdit(p, o.department_id) || canReview(p, o.department_id);
    const [events, candidates] = await Promise.all([historyOf(ctx.database.db, 'obligation', id), o.state === 'open' && manage ? svc.linkCandidates(o) : Promise.resolve([])]);
    const done = (req.query as Record<string, string | undefined>).done;
    const DONE: Record<string, string> = { created: '已登记。', linked: '已关联信息。', cancelled: '已撤销。' };
    const content = html`<h1>${o.title}</h1>
${done && DONE[done] ? html`<p class="notice" role="status">${DONE[done]}</p>` : ''}
${errorSummary(errors)}
<dl class="meta-grid">
<div><dt>状态</dt><dd>${OBLIGATION_STATE_NAMES[o.state]} ${o.state === 'open' ? openStatusBadge(openStatusOf(o.due_rule, o.due_date, todayInChina(), cal)) : o.state === 'fulfilled' ? timelinessBadge(timelinessOf(o.due_rule, o.due_date, o.fulfilled_at, cal)) : ''}</dd></div>
<div><dt>责任单位</dt><dd>${o.department_name}</dd></div>
<div><dt>信息类型</dt><dd>${o.item_type_name}</dd></div>
<div><dt>信息形成（变更）日期</dt><dd>${o.formed_date}</dd></div>
<div><dt>公开期限</dt><dd>${o.due_date ?? html`<span class="badge warn">法定日历未知，无法计算期限</span>`}<br><small>${rule ? describeRule(rule) : ''}</small></dd></div>
${o.disclosure_id ? html`<div><dt>关联信息</dt><dd><a href="/admin/disclosures/${o.disclosure_id}">${o.disclosure_title ?? ''}</a>（${STATE_NAMES[o.disclosure_state as keyof typeof STATE_NAMES] ?? ''}）</dd></div>` : ''}
${o.fulfilled_at ? html`<div><dt>公开时间</dt><dd>${fmtDateTime(o.fulfilled_at)}</dd></div>` : ''}
${o.note ? html`<div><dt>备注</dt><dd>${o.note}</dd></div>` : ''}
${o.cancel_reason ? html`<div><dt>撤销原因</dt><dd>${o.cancel_reason}</dd></div>` : ''}
</dl>
${o.state === 'open' && manage
  ? html`<section class="actions-panel" aria-labelledby="act-title"><h2 id="act-title">操作</h2>
${t && canEdit(p, o.department_id) ? html`<p><a class="button" href="/admin/disclosures/new?itemType=${t.code}&department=${o.department_id}">起草该信息</a>（起草时“信息形成（变更）日期”请填写 ${o.formed_date}）</p>` : ''}
${candidates.length
  ? html`<form method="post" action="/admin/obligations/${id}/link" class="stack">${csrfField(p.csrfToken)}${select({ name: 'disclosureId', label: '关联已起草或已发布的信息', errors, required: true, placeholder: '请选择', options: candidates.map((c) => [String(c.id), `${c.title}（${STATE_NAMES[c.state]}，形成 ${c.formed_date}）`] as const) })}<button type="submit" class="button primary">关联</button></form>`
  : html`<p>本单位暂无可关联的同类信息。</p>`}
<form method="post" action="/admin/obligations/${id}/cancel" class="stack">${csrfField(p.csrfToken)}${textarea({ name: 'reason', label: '撤销原因（登记有误或依法不予公开的）', errors, rows: 2, required: true })}<button type="submit" class="button danger">撤销登记</button></form>
</section>`
  : ''}
<section aria-labelledby="h-title"><h2 id="h-title">操作记录</h2><ol class="history">${events.map((e) => html`<li><time>${fmtDateTime(e.at)}</time> ${e.actor_name ?? '系统'} · ${EVENT_NAMES[e.action] ?? e.action}${e.reason ? `：${e.reason}` : ''}</li>`)}</ol></section>
<p><a href="/admin/obligations">返回待公开信息登记</a></p>`;
    return sendHtml(reply, adminPage(req, o.title, content), status);
  };

  app.get<{ Params: { id: string } }>('/admin/obligations/:id', async (req, reply) => detail(req, reply, parseId(req.params.id, '待公开信息')));

  const act = (name: string, done: string, run: (p: Principal, id: number, fields: Record<string, string | string[]>) => Promise<void>) =>
    app.post<{ Params: { id: string } }>(`/admin/obligations/:id/${name}`, async (req, reply) => {
      const p = requirePrincipal(req);
      const id = parseId(req.params.id, '待公开信息');
      const { fields } = await readForm(req);
      try {
        await run(p, id, fields);
      } catch (e) {
        if (e instanceof AppError && (e.status === 400 || e.status === 409)) return detail(req, reply, id, e.details.length ? e.details : [{ field: name === 'link' ? 'disclosureId' : 'reason', message: e.message }], e.status);
        throw e;
      }
      return reply.redirect(`/admin/obligations/${id}?done=${done}`, 303);
    });

  act('link', 'linked', (p, id, f) => svc.link(p, id, Number(first(f, 'disclosureId')) || 0));
  act('cancel', 'cancelled', (p, id, f) => svc.cancel(p, id, first(f, 'reason')));
}
