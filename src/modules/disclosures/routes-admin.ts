// Console routes for the disclosure lifecycle: draft, submit, review (保密审查), publish, correct, withdraw.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError, forbidden } from '../../domain/errors.ts';
import { describeRule, findRule } from '../../calendar/index.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { csrfField, errorSummary, select, textarea } from '../../web/forms.ts';
import { first, pageUser, parseId, readForm, requirePrincipal, sendHtml, type FormFields } from '../../web/request.ts';
import { contentDisposition } from '../attachments/sniff.ts';
import { ROLE_NAMES, canEdit, canReview, editableDepartments, isOffice, type Principal } from '../accounts/service.ts';
import { findDepartmentById } from '../departments/service.ts';
import { historyOf } from '../events/service.ts';
import { fieldsToFormValues, parseFormFields } from '../item-types/fields.ts';
import type { ItemType } from '../item-types/service.ts';
import { listProjects } from '../projects/service.ts';
import { CATEGORY_NAMES, type Category } from '../item-types/types.ts';
import { draftForm } from './form-view.ts';
import { publicFields } from './public-view.ts';
import { STATE_NAMES } from './state.ts';
import { minDurationNotice, notificationsList } from '../timeliness/views.ts';
import { bodyHtml, fieldsTable, fmtDateTime, gateWarnings, timelinessBadge, timelinessFor } from './views.ts';
import { renderMarkdown } from '../../web/richtext.ts';
import { CHECKLIST, type ReviewInput } from '../privacy/checklist.ts';
import { attachmentsPanel, privacyPanel, reviewChecklist, reviewRecords } from '../privacy/views.ts';

type Req = FastifyRequest;

function adminPage(req: Req, title: string, content: SafeHtml, current?: string, hasErrors = false) {
  return page({ title, area: 'admin', content, user: pageUser(req), hasErrors, ...(current ? { current } : {}) });
}

function stateBadge(state: string): SafeHtml {
  return html`<span class="badge state-${state}">${STATE_NAMES[state as keyof typeof STATE_NAMES] ?? state}</span>`;
}

function workTable(rows: { id: number; title: string; state: string; item_type_name: string; department_name: string; creator_name: string; updated_at: string; due_date: string | null }[], caption: string): SafeHtml {
  if (!rows.length) return html`<p class="empty">${caption}：暂无。</p>`;
  return html`<div class="table-scroll" role="region" aria-label="${caption}" tabindex="0"><table class="list"><caption>${caption}</caption><thead><tr><th scope="col">标题</th><th scope="col">类型</th><th scope="col">单位</th><th scope="col">起草人</th><th scope="col">状态</th><th scope="col">公开期限</th><th scope="col">更新时间</th></tr></thead><tbody>
${rows.map((r) => html`<tr><td><a href="/admin/disclosures/${r.id}">${r.title}</a></td><td>${r.item_type_name}</td><td>${r.department_name}</td><td>${r.creator_name}</td><td>${stateBadge(r.state)}</td><td>${r.due_date ?? '—'}</td><td>${fmtDateTime(r.updated_at)}</td></tr>`)}
</tbody></table></div>`;
}

export function registerDisclosureAdminRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;
  const svc = ctx.disclosures;
  const reg = ctx.itemTypes;
  const maxUploadMb = Math.round(ctx.config.maxUploadBytes / 1024 / 1024);

  app.get('/admin', async (req, reply) => {
    const p = requirePrincipal(req);
    const [mine, queue, ready, reminders] = await Promise.all([svc.myDrafts(p), svc.reviewQueue(p), svc.readyToPublish(p), ctx.timeliness.reminders.listFor(p, 50)]);
    const content = html`<h1>工作台</h1>
<p>您好，${p.displayName}。您的角色：${p.memberships.map((m) => `${m.departmentName}${ROLE_NAMES[m.role]}`).join('、')}。</p>
${editableDepartments(p).length ? html`<p><a class="button primary" href="/admin/disclosures/new">起草新信息</a></p>` : ''}
${isOffice(p) ? html`<p><a href="/admin/privacy/sweep">个人信息巡检：检查已公开信息中疑似泄露的个人信息</a></p>` : ''}
${notificationsList(reminders, { limit: 5 })}
<section aria-labelledby="q-title"><h2 id="q-title">待我审核（${queue.length}）</h2>${workTable(queue, '待审核')}</section>
<section aria-labelledby="r-title"><h2 id="r-title">已审核待发布（${ready.length}）</h2>${workTable(ready, '待发布')}</section>
<section aria-labelledby="m-title"><h2 id="m-title">我起草的信息（${mine.length}）</h2>${workTable(mine, '我的草稿')}</section>`;
    return sendHtml(reply, adminPage(req, '工作台', content, '/admin'));
  });

  app.get<{ Querystring: { state?: string } }>('/admin/disclosures', async (req, reply) => {
    const p = requirePrincipal(req);
    const state = Object.keys(STATE_NAMES).includes(req.query.state ?? '') ? (req.query.state as keyof typeof STATE_NAMES) : undefined;
    const rows = await svc.departmentRecords(p, state ? [state] : undefined);
    const content = html`<h1>本单位信息</h1>
<nav class="chips" aria-label="按状态筛选"><a href="/admin/disclosures"${!state ? html` aria-current="page"` : ''}>全部</a>${Object.entries(STATE_NAMES).map(([k, v]) => html`<a href="/admin/disclosures?state=${k}"${k === state ? html` aria-current="page"` : ''}>${v}</a>`)}</nav>
${workTable(rows, '信息列表')}`;
    return sendHtml(reply, adminPage(req, '本单位信息', content, '/admin/disclosures'));
  });

  // ---- new draft ----
  const projectsFor = (t: ItemType) => listProjects(db, { sector: t.sector, limit: 500 });

  const dueHint = (t: ItemType) => {
    const r = findRule(t.deadlineRule);
    const m = t.minDurationRule ? findRule(t.minDurationRule) : undefined;
    return `公开时限：${r ? describeRule(r) : '—'}${m ? `；公示期：${describeRule(m)}` : ''}。`;
  };

  const extraRows = (fields: FormFields) => {
    const a = first(fields, '_action');
    return a.startsWith('addRows:') ? { [a.slice(8)]: 5 } : {};
  };

  const formValues = (fields: FormFields): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(fields)) if (k !== '_csrf' && k !== '_action') out[k] = Array.isArray(v) ? (v[v.length - 1] ?? '') : v;
    return out;
  };

  app.get<{ Querystring: { itemType?: string; department?: string } }>('/admin/disclosures/new', async (req, reply) => {
    const p = requirePrincipal(req);
    const depts = [...new Map(editableDepartments(p).map((m) => [m.departmentId, m])).values()];
    if (!depts.length) throw forbidden('只有信息员可以起草信息');
    const t = req.query.itemType ? reg.byCodeOrUndefined(req.query.itemType) : undefined;
    const deptId = req.query.department ? Number(req.query.department) : depts.length === 1 ? depts[0]!.departmentId : undefined;
    if (!t || !t.active || deptId === undefined || !canEdit(p, deptId)) {
      const content = html`<h1>起草新信息</h1>
<form method="get" action="/admin/disclosures/new" class="stack">
<div class="form-row"><label for="fld-itemType">信息类型<span class="req" aria-hidden="true">*</span></label><select id="fld-itemType" name="itemType" required><option value="">请选择信息类型</option>${reg.sectors.map((s) => html`<optgroup label="${s.name}">${reg.ofSector(s.code).filter((x) => x.active).map((x) => html`<option value="${x.code}"${x.code === req.query.itemType ? html` selected` : ''}>${x.name}（${CATEGORY_NAMES[x.category as Category]}）</option>`)}</optgroup>`)}</select></div>
${select({ name: 'department', label: '发布单位', value: deptId !== undefined ? String(deptId) : undefined, required: true, options: depts.map((m) => [String(m.departmentId), m.departmentName] as const) })}
<button type="submit" class="button primary">下一步：填写内容</button>
</form>`;
      return sendHtml(reply, adminPage(req, '起草新信息', content, '/admin/disclosures/new'));
    }
    const dept = await findDepartmentById(db, deptId);
    const content = html`<h1>起草：${t.name}</h1>
${draftForm({ action: '/admin/disclosures', csrf: p.csrfToken, itemType: t, departmentName: dept!.name, departmentId: deptId, values: { formedDate: '' }, errors: [], projects: await projectsFor(t), attachments: [], extraRows: {}, dueHint: dueHint(t), maxUploadMb })}`;
    return sendHtml(reply, adminPage(req, `起草：${t.name}`, content, '/admin/disclosures/new'));
  });

  app.post('/admin/disclosures', async (req, reply) => {
    const p = requirePrincipal(req);
    const { fields, files } = await readForm(req);
    const t = reg.byCodeOrUndefined(first(fields, 'itemType'));
    const departmentId = Number(first(fields, 'departmentId'));
    if (!t) throw new AppError(400, 'unknown_item_type', '信息类型不存在');
    if (!canEdit(p, departmentId)) throw forbidden('只有本单位信息员可以起草信息');
    const dept = await findDepartmentById(db, departmentId);
    const rerender = async (errors: { field: string; message: string }[], status: number) =>
      sendHtml(reply, adminPage(req, `起草：${t.name}`, html`<h1>起草：${t.name}</h1>${draftForm({ action: '/admin/disclosures', csrf: p.csrfToken, itemType: t, departmentName: dept!.name, departmentId, values: formValues(fields), errors, projects: await projectsFor(t), attachments: [], extraRows: extraRows(fields), dueHint: dueHint(t), maxUploadMb })}`, undefined, errors.length > 0), status);
    if (first(fields, '_action').startsWith('addRows:')) return rerender([], 200);
    try {
      const id = await svc.createDraft(p, {
        itemTypeId: t.id,
        departmentId,
        projectId: first(fields, 'projectId') ? Number(first(fields, 'projectId')) : null,
        title: first(fields, 'title'),
        body: first(fields, 'body'),
        formedDate: first(fields, 'formedDate'),
        fields: parseFormFields(t.fields, fields),
      }, files);
      if (first(fields, '_action') === 'saveSubmit') await svc.submit(p, id);
      return reply.redirect(`/admin/disclosures/${id}?done=${first(fields, '_action') === 'saveSubmit' ? 'submitted' : 'saved'}`, 303);
    } catch (e) {
      if (e instanceof AppError && (e.status === 400 || e.status === 413 || e.status === 415)) {
        const errors = e.details.length ? e.details : [{ field: 'files', message: e.message }];
        return rerender(errors, e.status);
      }
      throw e;
    }
  });

  // ---- one disclosure ----
  const DONE: Record<string, string> = { privacy: '已处理该问题。', rendition: '脱敏版本已上传，公开时只提供脱敏版本。', saved: '草稿已保存。', submitted: '已提交审核。', approved: '已审核通过，可以发布。', returned: '已退回起草人。', published: '已发布，公众现在可以看到。', correcting: '已开始更正：请修改内容后重新提交审核。', withdrawn: '已撤回，公众页面显示撤回说明。', sealed: '该版本已屏蔽：公众只能看到版本号、日期和屏蔽原因。' };

  const detail = async (req: Req, reply: FastifyReply, id: number, errors: { field: string; message: string }[] = [], status = 200) => {
    const p = requirePrincipal(req);
    const { disclosure: d, itemType: t, versions, authors } = await svc.getForStaff(p, id);
    const [findings, attachments, reviews, seals] = await Promise.all([ctx.privacy.findings(db, id), ctx.privacy.attachmentsForStaff(id), ctx.privacy.reviews(id), svc.sealsOf(id)]);
    const dept = await findDepartmentById(db, d.department_id);
    const events = await historyOf(db, 'disclosure', id);
    const fields = publicFields(t.fields, JSON.parse(d.fields) as Record<string, unknown>, { awardPublished: true });
    const canE = canEdit(p, d.department_id);
    // Earlier versions (and, once withdrawn, the last one too) may be sealed; the current one is corrected.
    const sealable = versions.map((v) => v.version).filter((n) => !seals.has(n) && (n !== d.version || d.state === 'withdrawn'));
    const canR = canReview(p, d.department_id);
    const selfAuthored = authors.includes(p.userId);
    const q = req.query as Record<string, string | undefined>;
    const action = (name: string, label: string, opts: { reason?: string; cls?: string } = {}) => html`<form method="post" action="/admin/disclosures/${id}/${name}" class="inline-action">${csrfField(p.csrfToken)}${opts.reason ? textarea({ name: 'reason', label: opts.reason, errors, rows: 2, required: true }) : ''}<button type="submit" class="button ${opts.cls ?? ''}">${label}</button></form>`;
    const actions: SafeHtml[] = [];
    if (canE && (d.state === 'draft' || d.state === 'returned')) {
      actions.push(html`<a class="button" href="/admin/disclosures/${id}/edit">修改</a>`);
      actions.push(action('submit', '提交审核', { cls: 'primary' }));
    }
    if (canR && d.state === 'submitted') {
      if (selfAuthored) actions.push(html`<p class="notice">您参与了本稿的起草或修改，不能审核自己的信息，请由本单位其他审核人审核。</p>`);
      else actions.push(html`<form method="post" action="/admin/disclosures/${id}/approve" class="inline-action">${csrfField(p.csrfToken)}${gateWarnings(await svc.approvalWarnings(d), errors)}${reviewChecklist(errors)}<button type="submit" class="button primary">审核通过（已完成保密审查）</button></form>`);
      actions.push(action('return', '退回修改', { reason: '退回原因' }));
    }
    if ((canR || canE) && d.state === 'approved') actions.push(action('publish', d.version > 0 ? '发布更正版本' : '发布', { cls: 'primary' }));
    if (canR && d.state === 'approved') actions.push(action('return', '退回修改', { reason: '退回原因' }));
    if (canE && d.state === 'published') actions.push(action('correct', '更正', { reason: '更正原因（将随新版本公开）' }));
    if (canR && d.state === 'published') actions.push(action('withdraw', '撤回', { reason: '撤回原因（将公开显示）', cls: 'danger' }));
    const t8 = timelinessFor(d, d.first_published_at, t.deadlineRule);
    const undecided = ['draft', 'returned', 'submitted'].includes(d.state);
    const privacyOpts = { disclosureId: id, csrf: p.csrfToken, canMask: undecided && (canE || canR), canDecide: undecided && canR };
    const content = html`<h1>${d.title}</h1>
${q.done && DONE[q.done] ? html`<p class="notice" role="status">${DONE[q.done]}</p>` : ''}
${errorSummary(errors)}
<dl class="meta-grid">
<div><dt>状态</dt><dd>${stateBadge(d.state)}${d.version > 0 ? html` 已发布第 ${d.version} 版 · <a href="/disclosures/${id}">查看公开页面</a>` : ''}</dd></div>
<div><dt>信息类型</dt><dd>${t.name}</dd></div>
<div><dt>发布单位</dt><dd>${dept?.name ?? ''}</dd></div>
<div><dt>信息形成（变更）日期</dt><dd>${d.formed_date}</dd></div>
<div><dt>公开期限</dt><dd>${d.due_date ?? '—'} ${timelinessBadge(t8)}</dd></div>
${d.pending_reason ? html`<div><dt>更正原因</dt><dd>${d.pending_reason}</dd></div>` : ''}
</dl>
${minDurationNotice(t.code, JSON.parse(d.fields) as Record<string, unknown>)}
<section class="actions-panel" aria-labelledby="act-title"><h2 id="act-title">操作</h2>${actions.length ? actions : html`<p>当前没有您可以执行的操作。</p>`}</section>
<section aria-labelledby="wc-title"><h2 id="wc-title">工作稿内容</h2>
<div class="body">${bodyHtml(renderMarkdown(d.body))}</div>
${fieldsTable(fields, '结构化信息（工作稿，含保密和个人信息原值）')}
${attachmentsPanel(attachments, { ...privacyOpts, maxUploadMb })}
</section>
${privacyPanel(findings, privacyOpts)}
${reviewRecords(reviews)}
${versions.length ? html`<section aria-labelledby="v-title"><h2 id="v-title">已发布版本</h2><ul class="versions-staff">${versions.map((v) => {
      const seal = seals.get(v.version);
      return html`<li><a href="/disclosures/${id}?version=${v.version}">第 ${v.version} 版</a> ${fmtDateTime(v.published_at)} ${v.change_reason ? `更正：${v.change_reason}` : ''}${seal ? html` <strong>已屏蔽</strong>（${fmtDateTime(seal.sealed_at)}：${seal.reason}）` : ''}</li>`;
    })}</ul>
${canR && sealable.length ? html`<details${errors.some((e) => e.field === 'sealReason' || e.field === 'version') ? html` open` : ''}><summary>屏蔽历史版本（该版本含有依法不予公开的内容时）</summary>
<p class="hint">当前版本请通过“更正”修改；屏蔽后公众只能看到该版本的版本号、发布时间和屏蔽原因，屏蔽不可撤销。</p>
<form method="post" action="/admin/disclosures/${id}/seal" class="stack">${csrfField(p.csrfToken)}
${select({ name: 'version', label: '要屏蔽的版本', options: sealable.map((v) => [String(v), `第 ${v} 版`] as const), errors, required: true })}
${textarea({ name: 'sealReason', label: '屏蔽原因（将公开显示，不要写入被屏蔽的内容本身）', errors, rows: 2, required: true })}
<button type="submit" class="button danger">屏蔽该版本</button></form></details>` : ''}</section>` : ''}
<section aria-labelledby="h-title"><h2 id="h-title">操作记录</h2><ol class="history">${events.map((e) => html`<li><time>${fmtDateTime(e.at)}</time> ${e.actor_name ?? '系统'} · ${EVENT_NAMES[e.action] ?? e.action}${e.reason ? `：${e.reason}` : ''}</li>`)}</ol></section>`;
    return sendHtml(reply, adminPage(req, d.title, content), status);
  };

  app.get<{ Params: { id: string } }>('/admin/disclosures/:id', async (req, reply) => detail(req, reply, parseId(req.params.id, '信息')));

  app.get<{ Params: { id: string; att: string } }>('/admin/disclosures/:id/attachments/:att', async (req, reply) => {
    const p = requirePrincipal(req);
    const a = await svc.staffAttachment(p, parseId(req.params.id), parseId(req.params.att, '附件'));
    return reply.type(a.mime).header('content-disposition', contentDisposition(a.filename, 'attachment')).header('cache-control', 'private, no-store').send(await ctx.blobs.read(a.sha256));
  });

  const editPage = async (req: Req, p: Principal, id: number, values: Record<string, string>, errors: { field: string; message: string }[], extra: Record<string, number>) => {
    const { disclosure: d, itemType: t, attachments } = await svc.getForStaff(p, id);
    const dept = await findDepartmentById(db, d.department_id);
    return adminPage(req, `修改：${d.title}`, html`<h1>修改：${d.title}</h1>${draftForm({ action: `/admin/disclosures/${id}/edit`, csrf: p.csrfToken, itemType: t, departmentName: dept!.name, values, errors, projects: await projectsFor(t), attachments, extraRows: extra, dueHint: dueHint(t), maxUploadMb, correctionReason: d.pending_reason })}`);
  };

  app.get<{ Params: { id: string } }>('/admin/disclosures/:id/edit', async (req, reply) => {
    const p = requirePrincipal(req);
    const id = parseId(req.params.id, '信息');
    const { disclosure: d, itemType: t } = await svc.getForStaff(p, id);
    if (!canEdit(p, d.department_id)) throw forbidden('只有本单位信息员可以修改信息');
    const values = { title: d.title, body: d.body, formedDate: d.formed_date, projectId: d.project_id ? String(d.project_id) : '', ...fieldsToFormValues(t.fields, JSON.parse(d.fields) as Record<string, unknown>) };
    return sendHtml(reply, await editPage(req, p, id, values, [], {}));
  });

  app.post<{ Params: { id: string } }>('/admin/disclosures/:id/edit', async (req, reply) => {
    const p = requirePrincipal(req);
    const id = parseId(req.params.id, '信息');
    const { fields, files } = await readForm(req);
    const { itemType: t } = await svc.getForStaff(p, id);
    if (first(fields, '_action').startsWith('addRows:')) return sendHtml(reply, await editPage(req, p, id, formValues(fields), [], extraRows(fields)));
    const remove = ([] as string[]).concat(fields.removeAttachment ?? []).map(Number).filter(Number.isInteger);
    try {
      await svc.updateDraft(p, id, {
        projectId: first(fields, 'projectId') ? Number(first(fields, 'projectId')) : null,
        title: first(fields, 'title'),
        body: first(fields, 'body'),
        formedDate: first(fields, 'formedDate'),
        fields: parseFormFields(t.fields, fields),
      }, files, remove);
      if (first(fields, '_action') === 'saveSubmit') await svc.submit(p, id);
      return reply.redirect(`/admin/disclosures/${id}?done=${first(fields, '_action') === 'saveSubmit' ? 'submitted' : 'saved'}`, 303);
    } catch (e) {
      if (e instanceof AppError && (e.status === 400 || e.status === 413 || e.status === 415)) {
        return sendHtml(reply, await editPage(req, p, id, formValues(fields), e.details.length ? e.details : [{ field: 'files', message: e.message }], {}), e.status);
      }
      throw e;
    }
  });

  const act = (name: string, done: string, run: (p: Principal, id: number, reason: string, fields: FormFields) => Promise<unknown>) =>
    app.post<{ Params: { id: string } }>(`/admin/disclosures/:id/${name}`, async (req, reply) => {
      const p = requirePrincipal(req);
      const id = parseId(req.params.id, '信息');
      const { fields } = await readForm(req);
      try {
        await run(p, id, first(fields, 'reason'), fields);
      } catch (e) {
        if (e instanceof AppError && (e.status === 400 || e.status === 409)) return detail(req, reply, id, e.details.length ? e.details : [{ field: 'reason', message: e.message }], e.status);
        throw e;
      }
      return reply.redirect(`/admin/disclosures/${id}?done=${done}`, 303);
    });

  act('submit', 'submitted', (p, id) => svc.submit(p, id));
  act('approve', 'approved', (p, id, _r, fields) => svc.approve(p, id, null, reviewFrom(fields), Object.fromEntries(svc.approvalGates.map((g) => [g.overrideField, first(fields, g.overrideField)]))));

  // ---- privacy and 保密审查 decisions (issue 6) ----
  const privacyAct = (name: string, run: (p: Principal, id: number, fid: number, fields: FormFields) => Promise<unknown>) =>
    app.post<{ Params: { id: string; fid: string } }>(`/admin/disclosures/:id/privacy/:fid/${name}`, async (req, reply) => {
      const p = requirePrincipal(req);
      const id = parseId(req.params.id, '信息');
      const fid = parseId(req.params.fid, '问题');
      const { fields } = await readForm(req);
      try {
        await run(p, id, fid, fields);
      } catch (e) {
        if (e instanceof AppError && (e.status === 400 || e.status === 409)) return detail(req, reply, id, e.details.length ? e.details : [{ field: 'pii-title', message: e.message }], e.status);
        throw e;
      }
      return reply.redirect(`/admin/disclosures/${id}?done=privacy#pii-title`, 303);
    });
  privacyAct('mask', (p, id, fid) => ctx.privacyActions.mask(p, id, fid));
  privacyAct('keep', (p, id, fid, f) => ctx.privacyActions.keep(p, id, fid, first(f, 'basis'), first(f, 'note')));
  privacyAct('withhold', (p, id, fid, f) => ctx.privacyActions.withhold(p, id, fid, first(f, 'reason')));

  app.post<{ Params: { id: string; att: string } }>('/admin/disclosures/:id/attachments/:att/rendition', async (req, reply) => {
    const p = requirePrincipal(req);
    const id = parseId(req.params.id, '信息');
    const att = parseId(req.params.att, '附件');
    const { files } = await readForm(req);
    try {
      await ctx.privacyActions.uploadRendition(p, id, att, files[0]);
    } catch (e) {
      if (e instanceof AppError && [400, 409, 413, 415].includes(e.status)) return detail(req, reply, id, e.details.length ? e.details : [{ field: 'pii-title', message: e.message }], e.status);
      throw e;
    }
    return reply.redirect(`/admin/disclosures/${id}?done=rendition`, 303);
  });

  app.get<{ Params: { id: string; att: string } }>('/admin/disclosures/:id/attachments/:att/public', async (req, reply) => {
    const p = requirePrincipal(req);
    const id = parseId(req.params.id);
    await svc.getForStaff(p, id); // department check
    const a = (await ctx.privacy.attachmentsForStaff(id)).find((x) => x.id === parseId(req.params.att, '附件'));
    if (!a) throw new AppError(404, 'not_found', '未找到该附件');
    return reply.type(a.mime).header('content-disposition', contentDisposition(a.redacted?.filename ?? a.filename, 'attachment')).header('cache-control', 'private, no-store').send(await ctx.blobs.read(a.public.sha256));
  });
  act('return', 'returned', (p, id, r) => svc.returnToEditor(p, id, r));
  act('publish', 'published', (p, id) => svc.publish(p, id));
  act('correct', 'correcting', (p, id, r) => svc.startCorrection(p, id, r));
  act('withdraw', 'withdrawn', (p, id, r) => svc.withdraw(p, id, r));
  act('seal', 'sealed', (p, id, _r, fields) => svc.sealVersion(p, id, Number.parseInt(first(fields, 'version') ?? '', 10), first(fields, 'sealReason') ?? ''));

}

const EVENT_NAMES: Record<string, string> = { create: '创建草稿', update: '修改', submit: '提交审核', approve: '审核通过', return: '退回', publish: '发布', correct: '发起更正', withdraw: '撤回', attach: '添加附件', detach: '删除附件', 'privacy-mask': '脱敏', 'privacy-keep': '保留公开', 'privacy-withhold': '不予公开', 'privacy-rendition': '上传脱敏版本', 'confidentiality-review': '保密审查', 'blacklist-override': '涉及黑名单主体，审核人说明理由后仍予通过', 'seal-version': '屏蔽历史版本' };

/** The checklist as the approval form sent it (`check.<key>` = on). */
function reviewFrom(fields: FormFields): ReviewInput {
  return { checklist: Object.fromEntries(CHECKLIST.map((c) => [c.key, first(fields, `check.${c.key}`) === 'on'])), note: first(fields, 'reviewNote') };
}
