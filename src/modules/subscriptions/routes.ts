// Subscription pages (no account): subscribe form, confirmation, one-click unsubscribe (RFC 8058
// POST as well as the link in every mail), and the office's webhook register with delivery log.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../domain/errors.ts';
import { csrfField, errorFor, errorSummary, fieldId, input, select } from '../../web/forms.ts';
import { html } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { csrfTokenFor, first, pageUser, parseId, readForm, requireOffice, requirePrincipal, sendHtml } from '../../web/request.ts';
import type { ErrorDetail } from '../../domain/errors.ts';
import type { FormFields } from '../../web/request.ts';
import { entitiesOf, WEBHOOK_ENTITIES, type WebhookEntity, type WebhookFilter } from './webhooks.ts';

const KIND_LABELS: [string, string][] = [
  ['sector', '领域'],
  ['department', '发布单位'],
  ['project', '项目'],
  ['search', '保存的搜索'],
];

const ENTITY_LABELS: Record<WebhookEntity, string> = { disclosure: '公开信息变更', blacklist: '黑名单变更' };

/** The checked 推送内容 boxes (comma-joined in the form's values, so an error page keeps them). */
function entitiesField(fields: FormFields): string {
  // `[]`: one name shared by several checkboxes (html-validate's form-dup-name allows only that).
  const v = fields['entities[]'];
  return (Array.isArray(v) ? v : v ? [v] : []).join(',');
}

/** What a stored filter means, in words: entities (absent = disclosures only) and the narrowing. */
function describeFilter(raw: string): string {
  let f: WebhookFilter = {};
  try {
    f = JSON.parse(raw) as WebhookFilter;
  } catch {
    return raw;
  }
  const parts = [`推送：${entitiesOf(f).map((e) => ENTITY_LABELS[e] ?? e).join('、')}`];
  if (f.sector) parts.push(`领域 ${f.sector}`);
  if (f.department) parts.push(`单位 ${f.department}`);
  if (f.project) parts.push(`项目 ${f.project}`);
  return parts.join('；');
}

function entityBoxes(values: Record<string, string>, errors: readonly ErrorDetail[]) {
  const checked = (values.entities ?? 'disclosure').split(',');
  const err = errorFor(errors, 'entities');
  const id = fieldId('entities');
  return html`<fieldset class="form-row${err ? ' has-error' : ''}"${err ? html` aria-describedby="${id}-err"` : ''}><legend>推送内容<span class="req" aria-hidden="true">*</span><span class="visually-hidden">（必填）</span></legend>
<p class="help">至少选择一项。“领域”和“发布单位代码”筛选对黑名单变更按记录的领域和作出决定的单位适用；按项目筛选的接收地址不会收到黑名单变更。</p>
${err ? html`<p class="field-error" id="${id}-err">${err.message}</p>` : ''}
${WEBHOOK_ENTITIES.map((e, i) => html`<div><input type="checkbox" id="${i === 0 ? id : `${id}-${e}`}" name="entities[]" value="${e}"${checked.includes(e) ? html` checked` : ''}> <label for="${i === 0 ? id : `${id}-${e}`}">${ENTITY_LABELS[e]}</label></div>`)}
</fieldset>`;
}

function tokenOf(req: FastifyRequest): string {
  const q = (req.query as Record<string, unknown>)?.token;
  const b = (req.body as Record<string, unknown> | undefined)?.token;
  return typeof q === 'string' ? q : typeof b === 'string' ? b : '';
}

export function registerSubscriptionRoutes(app: FastifyInstance, ctx: AppContext) {
  const subs = ctx.subscriptions;

  const form = async (req: FastifyRequest, values: Record<string, string>, errors: ErrorDetail[] = []) => {
    let label = '';
    try {
      label = values.kind && values.target ? (await subs.describe(values.kind, values.target)).label : '';
    } catch {
      label = '';
    }
    const content = html`<h1>邮件订阅</h1>
<p>无需注册。提交后我们会向您的邮箱发送一封确认邮件，点击其中的链接后订阅才生效；之后每天最多一封摘要邮件，每封邮件都有一键退订链接。您的邮箱只用于发送所订阅的信息。</p>
${errorSummary(errors)}
<form method="post" action="/subscriptions" class="stack">
${csrfField(csrfTokenFor(req))}
${label ? html`<p>订阅对象：<strong>${label}</strong></p><input type="hidden" name="kind" value="${values.kind ?? ''}"><input type="hidden" name="target" value="${values.target ?? ''}">` : html`${select({ name: 'kind', label: '订阅类型', value: values.kind, errors, required: true, options: KIND_LABELS })}
${input({ name: 'target', label: '订阅对象', value: values.target, errors, required: true, help: '领域代码（如 housing）、单位代码（如 czj）、项目编号数字，或搜索条件（如 q=危房改造）' })}`}
${input({ name: 'email', label: '电子邮件地址', type: 'email', value: values.email, errors, required: true, maxLength: 254 })}
<button type="submit" class="button primary">订阅</button>
</form>`;
    return page({ title: '邮件订阅', content, user: pageUser(req) });
  };

  app.get<{ Querystring: Record<string, string | undefined> }>('/subscriptions/new', async (req, reply) => {
    const q = req.query;
    let values: Record<string, string> = {};
    if (q.kind === 'search') {
      const p = new URLSearchParams();
      for (const k of ['q', 'sector', 'itemType', 'department', 'stage', 'kind2', 'project']) if (q[k]) p.set(k, String(q[k]).slice(0, 200));
      values = { kind: 'search', target: p.toString() };
    } else if (q.kind && q.target) values = { kind: q.kind, target: q.target.slice(0, 200) };
    return sendHtml(reply, await form(req, values));
  });

  app.post('/subscriptions', async (req, reply) => {
    const { fields } = await readForm(req);
    const values = { kind: first(fields, 'kind'), target: first(fields, 'target'), email: first(fields, 'email') };
    try {
      await subs.subscribe({ email: values.email, kind: values.kind, target: values.target });
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return sendHtml(reply, await form(req, values, e.details), 400);
      throw e;
    }
    const content = html`<h1>请查收确认邮件</h1><p>我们已向 <strong>${values.email.trim()}</strong> 发送确认邮件。请点击邮件中的链接完成订阅；未确认的订阅不会收到任何邮件。</p>`;
    return sendHtml(reply, page({ title: '请查收确认邮件', content, user: pageUser(req) }));
  });

  app.get('/subscriptions/confirm', async (req, reply) => {
    const r = await subs.confirm(tokenOf(req));
    const content = html`<h1>订阅已生效</h1><p>您已订阅“${r.label}”。有新信息时，每天最多发送一封摘要邮件；每封邮件都有一键退订链接。</p>`;
    return sendHtml(reply, page({ title: '订阅已生效', content, user: pageUser(req) }));
  });

  // The link in every mail. GET only asks (link scanners open links); the button, or the mail
  // provider's RFC 8058 one-click POST, unsubscribes. The token is the credential, so no CSRF cookie.
  app.get('/subscriptions/unsubscribe', async (req, reply) => {
    const token = tokenOf(req);
    const s = await subs.peek(token);
    const content =
      s.state === 'unsubscribed'
        ? html`<h1>已退订</h1><p>“${s.label}”已退订，不会再收到相关邮件。</p>`
        : html`<h1>退订</h1><p>确认不再接收“${s.label}”的邮件？</p><form method="post" action="/subscriptions/unsubscribe?token=${token}"><button type="submit" class="button primary">确认退订</button></form>`;
    return sendHtml(reply, page({ title: '退订', content, user: pageUser(req) }));
  });

  app.post('/subscriptions/unsubscribe', async (req, reply) => {
    const r = await subs.unsubscribe(tokenOf(req));
    const content = html`<h1>已退订</h1><p>“${r.label}”已退订，不会再收到相关邮件。</p>`;
    return sendHtml(reply, page({ title: '已退订', content, user: pageUser(req) }));
  });

  // ---- console: webhook register (政务公开办) ----
  const hooksPage = async (req: FastifyRequest, values: Record<string, string> = {}, errors: ErrorDetail[] = [], created?: { id: number; secret: string }) => {
    const pr = requirePrincipal(req);
    requireOffice(pr);
    const hooks = await ctx.webhooks.list();
    const logs = await Promise.all(hooks.map(async (h) => ({ h, d: await ctx.webhooks.deliveries(h.id, 10) })));
    return page({
      title: 'Webhook 推送',
      area: 'admin',
      user: pageUser(req),
      content: html`<h1>Webhook 推送</h1>
${created ? html`<div class="notice" role="status"><p>已登记（编号 ${created.id}）。签名密钥只显示这一次，请交给接收方：</p><p><code>${created.secret}</code></p><p>接收方用 HMAC-SHA256(密钥, 时间戳 + "." + 正文) 核对请求头 X-Gongkai-Signature。</p></div>` : ''}
${errorSummary(errors)}
<form method="post" action="/admin/webhooks" class="stack">${csrfField(pr.csrfToken)}
${input({ name: 'label', label: '接收方名称', value: values.label, errors, required: true, maxLength: 200 })}
${input({ name: 'url', label: '接收地址（https://）', type: 'url', value: values.url, errors, required: true })}
${select({ name: 'sector', label: '只推送此领域（可选）', value: values.sector, errors, placeholder: '全部领域', options: ctx.itemTypes.sectors.map((s) => [s.code, s.name] as const) })}
${input({ name: 'department', label: '只推送此单位代码（可选）', value: values.department, errors })}
${entityBoxes(values, errors)}
<button type="submit" class="button primary">登记</button></form>
${logs.map(({ h, d }) => html`<section aria-labelledby="wh-${h.id}"><h2 id="wh-${h.id}">${h.label}${h.active ? '' : '（已停用）'}</h2><p><code>${h.url}</code> ${describeFilter(h.filter)}</p>
<table class="list"><caption>最近投递</caption><thead><tr><th scope="col">变更序号</th><th scope="col">状态</th><th scope="col">尝试次数</th><th scope="col">最近结果</th><th scope="col">下次尝试</th></tr></thead><tbody>
${d.map((x) => html`<tr><td>${x.change_seq}</td><td>${x.state === 'delivered' ? '已送达' : x.state === 'failed' ? '已放弃' : '待重试'}</td><td>${x.attempts}</td><td>${x.last_status ?? ''} ${x.last_error ?? ''}</td><td>${x.state === 'pending' ? x.next_attempt_at : ''}</td></tr>`)}
</tbody></table>
${h.active ? html`<form method="post" action="/admin/webhooks/${h.id}/deactivate">${csrfField(pr.csrfToken)}<button type="submit" class="link-button">停用</button></form>` : ''}</section>`)}`,
    });
  };

  app.get('/admin/webhooks', async (req, reply) => sendHtml(reply, await hooksPage(req)));

  app.post('/admin/webhooks', async (req, reply) => {
    const pr = requirePrincipal(req);
    requireOffice(pr);
    const { fields } = await readForm(req);
    const values = { label: first(fields, 'label'), url: first(fields, 'url'), sector: first(fields, 'sector'), department: first(fields, 'department').trim(), entities: entitiesField(fields) };
    // The form always sends its boxes: none checked is an error, not "disclosures only".
    const entities = values.entities ? values.entities.split(',') : [];
    try {
      const created = await ctx.webhooks.create({ url: values.url, label: values.label, filter: { entities: entities as WebhookEntity[], ...(values.sector ? { sector: values.sector } : {}), ...(values.department ? { department: values.department } : {}) } }, pr.userId);
      return sendHtml(reply, await hooksPage(req, {}, [], created));
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return sendHtml(reply, await hooksPage(req, values, e.details), 400);
      throw e;
    }
  });

  app.post<{ Params: { id: string } }>('/admin/webhooks/:id/deactivate', async (req, reply) => {
    const pr = requirePrincipal(req);
    requireOffice(pr);
    await readForm(req);
    await ctx.webhooks.deactivate(parseId(req.params.id, 'Webhook'), pr.userId);
    return reply.redirect('/admin/webhooks', 303);
  });
}
