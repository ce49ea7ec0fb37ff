// Console: the district office creates and revokes the API keys of the trading platform.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError, type ErrorDetail } from '../../domain/errors.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { csrfField, errorSummary, input, select } from '../../web/forms.ts';
import { first, pageUser, parseId, readForm, requireOffice, requirePrincipal, sendHtml } from '../../web/request.ts';
import { listDepartments } from '../departments/service.ts';
import { fmtDateTime } from '../disclosures/views.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './service.ts';

export function registerApiKeyRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;

  const render = async (req: FastifyRequest, opts: { values?: Record<string, string>; errors?: ErrorDetail[]; created?: { key: string; name: string } } = {}) => {
    const p = requirePrincipal(req);
    requireOffice(p);
    const [keys, depts] = await Promise.all([listApiKeys(db), listDepartments(db)]);
    const errors = opts.errors ?? [];
    const created: SafeHtml = opts.created
      ? html`<div class="notice success" role="status"><h2>已创建密钥“${opts.created.name}”</h2><p>请立即复制并安全地交给对方系统的管理员。<strong>此密钥只显示这一次</strong>，系统只保存其摘要，无法找回。</p><p><code class="secret">${opts.created.key}</code></p><p>调用方式：<code>POST ${ctx.config.baseUrl}/api/v1/ingest/ocds</code>，请求头 <code>Authorization: Bearer &lt;密钥&gt;</code>，正文为 OCDS 1.1 发布包（JSON）。</p></div>`
      : html``;
    return page({
      title: '接口密钥',
      area: 'admin',
      user: pageUser(req),
      current: '/admin/api-keys',
      content: html`<h1>接口密钥</h1>
<p>交易平台等外部系统用接口密钥推送 OCDS 数据（<code>POST /api/v1/ingest/ocds</code>）。推送的内容按所属单位保存为草稿，经该单位审核后才会发布。</p>
${created}
<section aria-labelledby="new-key"><h2 id="new-key">创建密钥</h2>
${errorSummary(errors)}
<form method="post" action="/admin/api-keys" class="stack">${csrfField(p.csrfToken)}
${select({ name: 'departmentId', label: '所属单位（草稿归入该单位）', value: opts.values?.departmentId, errors, required: true, placeholder: '请选择单位', options: depts.map((d) => [String(d.id), d.name] as const) })}
${input({ name: 'name', label: '用途', value: opts.values?.name, errors, required: true, maxLength: 100, help: '如“韶关市公共资源交易平台推送”' })}
<button type="submit" class="button primary">创建密钥</button></form></section>
<section aria-labelledby="keys"><h2 id="keys">已有密钥</h2>
${keys.length ? html`<table class="list"><thead><tr><th scope="col">用途</th><th scope="col">单位</th><th scope="col">前缀</th><th scope="col">创建</th><th scope="col">最近使用</th><th scope="col">状态</th></tr></thead><tbody>
${keys.map((k) => html`<tr><td>${k.name}</td><td>${k.department_name}</td><td><code>${k.key_prefix}…</code></td><td>${fmtDateTime(k.created_at)}（${k.created_by_name}）</td><td>${k.last_used_at ? fmtDateTime(k.last_used_at) : '从未'}</td><td>${k.revoked_at ? html`已吊销（${fmtDateTime(k.revoked_at)}）` : html`<form method="post" action="/admin/api-keys/${k.id}/revoke">${csrfField(p.csrfToken)}<button type="submit" class="button">吊销</button></form>`}</td></tr>`)}
</tbody></table>` : html`<p class="empty">还没有接口密钥。</p>`}</section>`,
    });
  };

  app.get('/admin/api-keys', async (req, reply) => sendHtml(reply, await render(req)));

  app.post('/admin/api-keys', async (req, reply) => {
    const p = requirePrincipal(req);
    const { fields } = await readForm(req);
    const values = { departmentId: first(fields, 'departmentId'), name: first(fields, 'name') };
    try {
      const { key } = await createApiKey(db, p, { departmentId: Number(values.departmentId), name: values.name });
      return sendHtml(reply, await render(req, { created: { key, name: values.name.trim() } }));
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return sendHtml(reply, await render(req, { values, errors: e.details }), 400);
      throw e;
    }
  });

  app.post<{ Params: { id: string } }>('/admin/api-keys/:id/revoke', async (req, reply) => {
    const p = requirePrincipal(req);
    await readForm(req);
    await revokeApiKey(db, p, parseId(req.params.id, '接口密钥'));
    return reply.redirect('/admin/api-keys', 303);
  });
}
