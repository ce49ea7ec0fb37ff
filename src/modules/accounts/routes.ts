import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../domain/errors.ts';
import { html } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { errorSummary, input, csrfField } from '../../web/forms.ts';
import { SESSION_COOKIE, csrfTokenFor, first, readForm, requirePrincipal, sendHtml } from '../../web/request.ts';
import { SESSION_TTL_MS, login, logout } from './service.ts';

function safeNext(next: string | undefined): string {
  // Only same-site paths: an open redirect would let a phishing link bounce through our login.
  return next && /^\/(?!\/)[^\s\\]*$/.test(next) && next.startsWith('/admin') ? next : '/admin';
}

export function registerAccountRoutes(app: FastifyInstance, ctx: AppContext, opts: { secureCookies: boolean }) {
  const { db } = ctx.database;

  const loginPage = (req: Parameters<typeof csrfTokenFor>[0], v: { username?: string; next?: string; error?: string }) =>
    page({
      title: '工作人员登录',
      area: 'admin',
      content: html`<div class="narrow">
<h1>工作人员登录</h1>
${v.error ? errorSummary([{ field: 'username', message: v.error }]) : ''}
<form method="post" action="/admin/login" class="stack">
${csrfField(csrfTokenFor(req))}
<input type="hidden" name="next" value="${v.next ?? ''}">
${input({ name: 'username', label: '用户名', value: v.username, required: true, attrs: html` autocomplete="username"` })}
${input({ name: 'password', label: '密码', type: 'password', required: true, attrs: html` autocomplete="current-password"` })}
<button type="submit" class="button primary">登录</button>
</form>
<p class="help">公众无需登录即可查阅全部公开信息。</p>
</div>`,
    });

  app.get('/admin/login', async (req, reply) => {
    if (req.principal) return reply.redirect('/admin', 303);
    const q = req.query as Record<string, string | undefined>;
    return sendHtml(reply, loginPage(req, { next: q.next ?? '' }));
  });

  app.post('/admin/login', async (req, reply) => {
    const { fields } = await readForm(req);
    const username = first(fields, 'username').trim().slice(0, 100);
    const password = first(fields, 'password').slice(0, 200);
    const next = first(fields, 'next');
    if (!username || !password) return sendHtml(reply, loginPage(req, { username, next, error: '请输入用户名和密码' }), 400);
    const r = await login(db, username, password, req.ip);
    if (!r.ok) {
      if (r.reason === 'rate_limited') {
        reply.header('retry-after', String(r.retryAfterSeconds ?? 900));
        return sendHtml(reply, loginPage(req, { username, next, error: '登录失败次数过多，请15分钟后再试' }), 429);
      }
      return sendHtml(reply, loginPage(req, { username, next, error: '用户名或密码不正确' }), 401);
    }
    reply.setCookie(SESSION_COOKIE, r.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, maxAge: SESSION_TTL_MS / 1000 });
    return reply.redirect(safeNext(next), 303);
  });

  app.post('/admin/logout', async (req, reply) => {
    const p = requirePrincipal(req);
    await readForm(req);
    await logout(db, p);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });

}
