// Excel in and out: template download, upload with a dry-run report, and streamed exports of the
// public lists (sector lists with the page's filters, the project list, one project's notices) to
// xlsx and CSV.
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { notFound, type ErrorDetail } from '../../domain/errors.ts';
import { html } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { first, pageUser, parseId, readForm, requirePrincipal, sendHtml } from '../../web/request.ts';
import { canEdit, editableDepartments } from '../accounts/service.ts';
import { contentDisposition } from '../attachments/sniff.ts';
import { listDepartments } from '../departments/service.ts';
import { isIsoDate } from '../disclosures/service.ts';
import { getProject, listProjects } from '../projects/service.ts';
import { exportList, exportTable, type ExportFormat } from './export.ts';
import { ExcelImportService } from './import-service.ts';
import { buildTemplate } from './template.ts';
import { importForm, importReport } from './views.ts';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Starts a streamed download; a failure half-way ends the stream (the client sees a cut file). */
function streamDownload(req: FastifyRequest, reply: FastifyReply, format: ExportFormat, filename: string, produce: (out: PassThrough) => Promise<unknown>) {
  const out = new PassThrough();
  reply
    .type(format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_MIME)
    .header('content-disposition', contentDisposition(`${filename}.${format}`, 'attachment'))
    .header('cache-control', 'no-store');
  produce(out).catch((e: unknown) => {
    req.log.error({ err: e }, 'export failed');
    out.destroy(e instanceof Error ? e : new Error(String(e)));
  });
  return reply.send(out);
}

export function registerExcelRoutes(app: FastifyInstance, ctx: AppContext) {
  const { db } = ctx.database;
  const reg = ctx.itemTypes;
  const importer = new ExcelImportService(db, ctx.disclosures);
  const maxUploadMb = Math.round(ctx.config.maxUploadBytes / 1024 / 1024);
  const deps = { db, disclosures: ctx.disclosures, itemTypes: reg, baseUrl: ctx.config.baseUrl };

  app.get<{ Params: { code: string } }>('/admin/item-types/:code/template.xlsx', async (req, reply) => {
    requirePrincipal(req);
    const t = reg.byCodeOrUndefined(req.params.code);
    if (!t || !t.active) throw notFound('信息类型');
    const buf = await buildTemplate(t);
    return reply.type(XLSX_MIME).header('content-disposition', contentDisposition(`${t.name}-导入模板.xlsx`, 'attachment')).header('cache-control', 'no-store').send(buf);
  });

  app.get<{ Querystring: { itemType?: string } }>('/admin/import/template', async (req, reply) => {
    requirePrincipal(req);
    const t = reg.byCodeOrUndefined(req.query.itemType ?? '');
    if (!t) throw notFound('信息类型');
    return reply.redirect(`/admin/item-types/${encodeURIComponent(t.code)}/template.xlsx`, 303);
  });

  const importPage = (req: FastifyRequest, values: Record<string, string>, errors: ErrorDetail[], report = html``) => {
    const p = requirePrincipal(req);
    const departments = [...new Map(editableDepartments(p).map((m) => [m.departmentId, m])).values()].map((m) => [String(m.departmentId), m.departmentName] as const);
    return page({
      title: 'Excel 批量导入',
      area: 'admin',
      user: pageUser(req),
      current: '/admin/import',
      content: html`<h1>Excel 批量导入</h1>
<p>按信息类型下载模板，填写后上传。系统先检查整个文件并列出每个问题（行、列、原因）；全部无误时，所有记录作为草稿一次性保存，再按常规流程审核发布。</p>
${report}
${departments.length ? importForm({ csrf: p.csrfToken, reg, departments, values, errors, maxUploadMb }) : html`<p>只有信息员可以导入信息。</p>`}
<p class="help">交易平台通过接口推送 OCDS 数据的密钥由政务公开办在<a href="/admin/api-keys">接口密钥</a>页面管理。</p>`,
    });
  };

  app.get<{ Querystring: { itemType?: string } }>('/admin/import', async (req, reply) => sendHtml(reply, importPage(req, { itemType: req.query.itemType ?? '' }, [])));

  app.post('/admin/import', async (req, reply) => {
    const p = requirePrincipal(req);
    const { fields, files } = await readForm(req);
    const values = { itemType: first(fields, 'itemType'), departmentId: first(fields, 'departmentId') };
    const mode = first(fields, 'mode') === 'import' ? 'import' : 'check';
    const errors: ErrorDetail[] = [];
    const t = reg.byCodeOrUndefined(values.itemType);
    if (!t || !t.active) errors.push({ field: 'itemType', message: '请选择信息类型' });
    const departmentId = Number(values.departmentId);
    if (!Number.isInteger(departmentId) || !canEdit(p, departmentId)) errors.push({ field: 'departmentId', message: '请选择您担任信息员的发布单位' });
    const file = files[0];
    if (!file) errors.push({ field: 'file', message: '请选择要上传的 xlsx 文件（文件不能为空）' });
    if (files.length > 1) errors.push({ field: 'file', message: '一次只能上传一个文件' });
    if (errors.length || !t || !file) return sendHtml(reply, importPage(req, values, errors), 400);
    const report = await importer.run(p, { itemType: t, departmentId, fileName: file.filename, data: file.data, save: mode === 'import' });
    return sendHtml(reply, importPage(req, values, [], importReport(report, mode)), report.issues.length ? 400 : 200);
  });

  // ---- exports of public lists ----
  const sectorExport = (format: ExportFormat) => async (req: FastifyRequest<{ Params: { sector: string }; Querystring: Record<string, string | undefined> }>, reply: FastifyReply) => {
    const sector = reg.sectors.find((s) => s.code === req.params.sector);
    if (!sector) throw notFound('领域');
    const q = req.query;
    const dept = q.department ? (await listDepartments(db)).find((d) => d.code === q.department) : undefined;
    const t = reg.ofSector(sector.code).find((x) => x.code === q.itemType);
    const from = q.from && isIsoDate(q.from) ? q.from : undefined;
    const to = q.to && isIsoDate(q.to) ? q.to : undefined;
    const filter = { sector: sector.code, departmentId: dept?.id, itemTypeId: t?.id, from, to };
    const name = `${sector.name}${t ? `-${t.name}` : ''}${dept ? `-${dept.short_name}` : ''}-${today()}`;
    return streamDownload(req, reply, format, name, (out) => exportList(out, format, deps, filter, t));
  };
  app.get('/sectors/:sector/export.xlsx', sectorExport('xlsx'));
  app.get('/sectors/:sector/export.csv', sectorExport('csv'));

  const projectExport = (format: ExportFormat) => async (req: FastifyRequest<{ Querystring: { sector?: string } }>, reply: FastifyReply) => {
    const sector = reg.sectors.find((s) => s.code === req.query.sector)?.code;
    const rows = await listProjects(db, { ...(sector ? { sector } : {}), limit: 100_000 });
    const base = ctx.config.baseUrl;
    return streamDownload(req, reply, format, `项目列表-${today()}`, (out) =>
      exportTable(out, format, '项目', ['项目编号', '项目名称', '领域', '牵头单位', '投资项目代码', 'ocid', '链接'], rows.map((p) => [p.code, p.title, reg.sectorName(p.sector), p.department_name, p.investment_code ?? '', p.ocid, `${base}/projects/${p.id}`])),
    );
  };
  app.get('/projects/export.xlsx', projectExport('xlsx'));
  app.get('/projects/export.csv', projectExport('csv'));

  // One project's published notices, every department and stage (linked from /projects/:id).
  const projectDisclosuresExport = (format: ExportFormat) => async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const p = await getProject(db, parseId(req.params.id, '项目'));
    return streamDownload(req, reply, format, `${p.code}-${p.title}-${today()}`, (out) => exportList(out, format, deps, { projectId: p.id }));
  };
  app.get('/projects/:id/export.xlsx', projectDisclosuresExport('xlsx'));
  app.get('/projects/:id/export.csv', projectDisclosuresExport('csv'));
}
