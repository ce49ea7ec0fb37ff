// Public portal: home, sector lists, disclosure pages with versions, attachments and a search.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { notFound } from '../../domain/errors.ts';
import { html } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { pageUser, parseId, sendHtml } from '../../web/request.ts';
import { contentDisposition } from '../attachments/sniff.ts';
import { findDepartmentById, listDepartments } from '../departments/service.ts';
import { CATEGORY_NAMES, type Category } from '../item-types/types.ts';
import { publicFields } from './public-view.ts';
import { awardPublishedFor, isIsoDate } from './service.ts';
import { STATE_NAMES } from './state.ts';
import { minDurationNotice } from '../timeliness/views.ts';
import { logNotice } from '../publication-log/views.ts';
import { feedbackSection } from '../feedback/routes.ts';
import { sectorDownloads } from '../excel/views.ts';
import { bodyHtml, disclosureList, fieldsTable, fmtDate, fmtDateTime, pagination, timelinessBadge, timelinessFor } from './views.ts';

const PER_PAGE = 20;

export function registerPortalRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;
  const svc = ctx.disclosures;
  const reg = ctx.itemTypes;

  app.get('/', { config: { pageCache: true } }, async (req, reply) => {
    const counts = new Map((await svc.countsBySector()).map((c) => [c.sector, Number(c.n)]));
    const sections = await Promise.all(
      reg.sectors.map(async (s) => ({ s, rows: await svc.listPublicPage({ sector: s.code }, 6, 0) })),
    );
    const content = html`<h1>公共资源配置领域政府信息公开</h1>
<p class="lead">浈江区住房保障、政府采购、国有产权交易、工程建设项目招标投标全流程信息，依据《国务院办公厅关于推进公共资源配置领域政府信息公开的意见》（国办发〔2017〕97号）公开。任何人无需登录即可查阅、检索和下载。</p>
<ul class="sector-tiles">${reg.sectors.map((s) => html`<li><a href="/sectors/${s.code}"><span class="tile-name">${s.name}</span><span class="tile-count">${counts.get(s.code) ?? 0} 条</span></a></li>`)}</ul>
<div class="columns">
${sections.map(({ s, rows }) => html`<section aria-labelledby="sec-${s.code}" class="card">
<h2 id="sec-${s.code}">${s.name}</h2>
${disclosureList(rows, (c) => reg.sectorName(c))}
<p class="more"><a href="/sectors/${s.code}">查看全部${s.name}信息</a></p>
</section>`)}
</div>`;
    return sendHtml(reply, page({ title: '首页', content, user: pageUser(req), current: '/' }));
  });

  app.get<{ Params: { sector: string }; Querystring: Record<string, string | undefined> }>('/sectors/:sector', { config: { pageCache: true } }, async (req, reply) => {
    const sector = reg.sectors.find((s) => s.code === req.params.sector);
    if (!sector) throw notFound('领域');
    const q = req.query;
    const departments = await listDepartments(db);
    const types = reg.ofSector(sector.code);
    const dept = departments.find((d) => d.code === q.department);
    const type = types.find((t) => t.code === q.itemType);
    const from = q.from && isIsoDate(q.from) ? q.from : undefined;
    const to = q.to && isIsoDate(q.to) ? q.to : undefined;
    const pageNo = Math.max(1, Math.min(100_000, Number.parseInt(q.page ?? '1', 10) || 1));
    const filter = { sector: sector.code, departmentId: dept?.id, itemTypeId: type?.id, from, to };
    const [total, rows] = await Promise.all([svc.countPublic(filter), svc.listPublicPage(filter, PER_PAGE, (pageNo - 1) * PER_PAGE)]);
    const params = new URLSearchParams();
    if (dept) params.set('department', dept.code);
    if (type) params.set('itemType', type.code);
    if (from) params.set('from', from);
    if (to) params.set('to', to);
    const byCategory = new Map<string, typeof types>();
    for (const t of types) byCategory.set(t.category, [...(byCategory.get(t.category) ?? []), t]);
    const content = html`<h1>${sector.name}</h1>
<form class="filters" method="get" action="/sectors/${sector.code}" aria-label="筛选">
<div class="filter-row">
<label for="f-department">发布单位</label>
<select id="f-department" name="department"><option value="">全部单位</option>${departments.map((d) => html`<option value="${d.code}"${d.code === dept?.code ? html` selected` : ''}>${d.short_name}</option>`)}</select>
</div>
<div class="filter-row">
<label for="f-itemType">信息类型</label>
<select id="f-itemType" name="itemType"><option value="">全部类型</option>${[...byCategory.entries()].map(([cat, ts]) => html`<optgroup label="${CATEGORY_NAMES[cat as Category] ?? cat}">${ts.map((t) => html`<option value="${t.code}"${t.code === type?.code ? html` selected` : ''}>${t.name}</option>`)}</optgroup>`)}</select>
</div>
<div class="filter-row"><label for="f-from">发布日期自</label><input id="f-from" type="date" name="from" value="${from ?? ''}"></div>
<div class="filter-row"><label for="f-to">至</label><input id="f-to" type="date" name="to" value="${to ?? ''}"></div>
<div class="filter-row"><button type="submit" class="button">筛选</button> <a href="/sectors/${sector.code}">清除</a></div>
</form>
<p class="result-count" role="status">共 ${total} 条</p>
${sectorDownloads(sector.code, params)}
${disclosureList(rows, (c) => reg.sectorName(c))}
${pagination(`/sectors/${sector.code}`, params, pageNo, total, PER_PAGE)}`;
    return sendHtml(reply, page({ title: sector.name, content, user: pageUser(req), current: `/sectors/${sector.code}` }));
  });

  app.get<{ Params: { id: string }; Querystring: { version?: string } }>('/disclosures/:id', { config: { pageCache: true } }, async (req, reply) => {
    const id = parseId(req.params.id, '信息');
    const { disclosure: d, itemType, versions, project, withdrawal, seals } = await svc.getPublic(id);
    const wanted = req.query.version ? Number.parseInt(req.query.version, 10) : d.version;
    const v = versions.find((x) => x.version === wanted);
    if (!v) throw notFound('版本');
    const seal = seals.get(v.version);
    if (seal) {
      // 410: the version existed and was public, and is gone for good (seals.ts).
      const content = html`<article class="disclosure"><h1>本信息第 ${v.version} 版已屏蔽</h1>
<p class="notice" role="note">该版本发布于 ${fmtDateTime(v.published_at)}，因含有依法不予公开的内容，已于 ${fmtDateTime(seal.sealed_at)} 屏蔽，不再公开。屏蔽原因：${seal.reason}</p>
<p><a href="/disclosures/${d.id}">查看本信息的当前版本</a></p></article>`;
      return sendHtml(reply, page({ title: `第 ${v.version} 版已屏蔽`, content, user: pageUser(req) }), 410);
    }
    const logEntries = await ctx.publicationLog.logEntriesFor(id);
    const dept = (await findDepartmentById(db, d.department_id))!;
    const withdrawn = d.state === 'withdrawn';
    const awardPublished = await awardPublishedFor(db, d.project_id, itemType.stage);
    const fields = publicFields(itemType.fields, JSON.parse(v.fields) as Record<string, unknown>, { awardPublished });
    const attachments = JSON.parse(v.attachments) as { id: number; filename: string; size: number; mime: string; rendition?: 'masked' | 'redacted' }[];
    const timeliness = timelinessFor({ due_date: versions[0]!.due_date }, versions[0]!.published_at, itemType.deadlineRule);
    const content = html`<article class="disclosure">
<p class="breadcrumb"><a href="/sectors/${itemType.sector}">${reg.sectorName(itemType.sector)}</a> › ${itemType.name}</p>
<h1>${v.title}</h1>
${withdrawn ? html`<div class="tombstone" role="note"><h2>本信息已撤回</h2><p>撤回时间：${fmtDateTime(withdrawal?.at)}</p><p>撤回原因：${withdrawal?.reason ?? ''}</p><p>根据规定，撤回的信息保留此记录以备查询，原文不再提供。</p></div>` : ''}
${v.version !== d.version ? html`<p class="notice" role="note">您正在查看第 ${v.version} 版（历史版本）。<a href="/disclosures/${d.id}">查看最新版本</a></p>` : ''}
<dl class="meta-grid">
<div><dt>发布单位</dt><dd><a href="/departments/${dept.code}">${dept.name}</a></dd></div>
<div><dt>信息类型</dt><dd>${itemType.name}</dd></div>
<div><dt>信息形成（变更）日期</dt><dd>${v.formed_date}</dd></div>
<div><dt>首次发布</dt><dd><time datetime="${d.first_published_at ?? ''}">${fmtDateTime(d.first_published_at)}</time></dd></div>
${d.version > 1 ? html`<div><dt>最近更正</dt><dd>${fmtDateTime(d.last_published_at)}</dd></div>` : ''}
<div><dt>公开时限</dt><dd>${timeliness.kind === 'no_rule' ? '—' : html`${'due' in timeliness ? `应于 ${timeliness.due} 前` : ''} ${timelinessBadge(timeliness)}<br><small>${'basis' in timeliness ? timeliness.basis : ''}</small>`}</dd></div>
${project ? html`<div><dt>所属项目</dt><dd><a href="/projects/${project.id}">${project.title}</a>（${project.code}）</dd></div>` : ''}
<div><dt>公开依据</dt><dd>${itemType.legalBasis}</dd></div>
</dl>
${withdrawn ? '' : minDurationNotice(itemType.code, JSON.parse(v.fields) as Record<string, unknown>)}
${withdrawn
  ? ''
  : html`${v.change_reason ? html`<p class="notice" role="note">更正说明：${v.change_reason}</p>` : ''}
<section class="body" aria-label="正文">${bodyHtml(v.body_html)}</section>
${fieldsTable(fields)}
${attachments.length ? html`<section aria-labelledby="att-title"><h2 id="att-title">附件</h2><ul class="attachments">${attachments.map((a) => html`<li><a href="/disclosures/${d.id}/attachments/${a.id}">${a.filename}</a> <span class="meta">${(a.size / 1024).toFixed(0)} KB</span>${a.rendition ? html` <span class="badge">已脱敏</span>` : ''}</li>`)}</ul></section>` : ''}`}
${logNotice(logEntries, v.version)}
<section aria-labelledby="ver-title"><h2 id="ver-title">版本记录</h2>
<table class="versions"><thead><tr><th scope="col">版本</th><th scope="col">发布时间</th><th scope="col">说明</th></tr></thead><tbody>
${versions.map((x) => html`<tr><td>${withdrawn || seals.has(x.version) ? `第 ${x.version} 版` : html`<a href="/disclosures/${d.id}?version=${x.version}">第 ${x.version} 版</a>`}</td><td>${fmtDateTime(x.published_at)}</td><td>${x.version === 1 ? '首次发布' : `更正：${x.change_reason ?? ''}`}${seals.has(x.version) ? html`；<strong>已屏蔽</strong>（${seals.get(x.version)!.reason}）` : ''}</td></tr>`)}
${withdrawn ? html`<tr><td>撤回</td><td>${fmtDateTime(withdrawal?.at)}</td><td>${withdrawal?.reason ?? ''}</td></tr>` : ''}
</tbody></table></section>
<p class="meta">当前状态：${STATE_NAMES[d.state === 'withdrawn' ? 'withdrawn' : 'published']}。</p>
${await feedbackSection(ctx, req, 'disclosure', d.id)}
</article>`;
    return sendHtml(reply, page({ title: v.title, content, user: pageUser(req), description: `${dept.short_name}${itemType.name}` }));
  });

  app.get<{ Params: { id: string; att: string } }>('/disclosures/:id/attachments/:att', async (req, reply) => {
    const a = await svc.publicAttachment(parseId(req.params.id, '信息'), parseId(req.params.att, '附件'));
    const data = await ctx.blobs.read(a.sha256);
    const inline = a.mime === 'application/pdf' || a.mime.startsWith('image/');
    return reply
      .type(a.mime)
      .header('content-disposition', contentDisposition(a.filename, inline ? 'inline' : 'attachment'))
      .header('cache-control', 'public, max-age=300')
      .header('etag', `"${a.sha256}"`)
      .send(data);
  });
}
