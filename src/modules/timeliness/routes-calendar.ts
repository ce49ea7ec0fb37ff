// Console: the official working-day calendar (/admin/calendar) – what is loaded, the import of a
// new State Council notice (upload → preview → apply) and the history of imports. Office/admin only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError, type ErrorDetail } from '../../domain/errors.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { csrfField, errorSummary, fieldId } from '../../web/forms.ts';
import { first, readForm, requireOffice, requirePrincipal, sendHtml } from '../../web/request.ts';
import { CSV_HEADER } from '../../calendar/index.ts';
import { fmtDateTime } from '../disclosures/views.ts';
import type { CalendarPreview } from './calendar-service.ts';
import type { RecomputeSummary } from './recompute.ts';
import { adminPage, dataTable } from './page.ts';

const TYPE_NAMES = { holiday: '放假', workday: '调休上班' } as const;
const CHANGE_NAMES = { added: '新增', changed: '变更', same: '不变' } as const;

function recomputeText(s: RecomputeSummary): string {
  const d = s.disclosures;
  const o = s.obligations;
  return `信息 ${d.changed} 条期限变化（其中原“日历未知” ${d.resolved} 条得以确定，${d.becameUnknown} 条变为未知）；待公开登记 ${o.changed} 条期限变化（确定 ${o.resolved} 条，变为未知 ${o.becameUnknown} 条）。共检查 ${d.checked + o.checked} 条。`;
}

function csvField(errors: readonly ErrorDetail[], text = ''): SafeHtml {
  const err = errors.find((e) => e.field === 'csv');
  return html`<div class="form-row${err ? ' has-error' : ''}">
<label for="${fieldId('csv')}">节假日安排 CSV 文件</label>
<p class="help" id="${fieldId('csv')}-help">UTF-8 编码，表头为 <code>${CSV_HEADER.join(',')}</code>，每行一个放假日或调休上班日，注明国务院办公厅通知网址。同一通知年度的数据整体替换原有数据。</p>
${err ? html`<p class="field-error" id="${fieldId('csv')}-err">${err.message}</p>` : ''}
<input id="${fieldId('csv')}" name="csv" type="file" accept=".csv,text/csv" aria-describedby="${fieldId('csv')}-help${err ? ` ${fieldId('csv')}-err` : ''}"${err ? html` aria-invalid="true"` : ''}>
</div>
<div class="form-row"><label for="${fieldId('csvText')}">或直接粘贴 CSV 内容</label><textarea id="${fieldId('csvText')}" name="csvText" rows="6">${text}</textarea></div>`;
}

export function registerCalendarAdminRoutes(app: FastifyInstance, ctx: AppContext) {
  const svc = ctx.timeliness.calendar;

  const overview = async (req: FastifyRequest, reply: FastifyReply, errors: ErrorDetail[] = [], text = '', status = 200) => {
    const p = requirePrincipal(req);
    requireOffice(p);
    const cal = svc.current();
    const years = cal.coveredYears().map((y) => {
      const rows = cal.entries().filter((e) => e.noticeYear === y);
      return { y, holidays: rows.filter((e) => e.type === 'holiday').length, workdays: rows.filter((e) => e.type === 'workday').length, sources: [...new Set(rows.flatMap((e) => e.source.split(';')))] };
    });
    const imports = await svc.listImports(20);
    const q = req.query as Record<string, string | undefined>;
    const done = q.done === 'imported' ? imports.find((i) => String(i.id) === q.id) : undefined;
    const content = html`<h1>工作日历</h1>
${done ? html`<p class="notice" role="status">已导入 ${(JSON.parse(done.notice_years) as number[]).join('、')} 年度节假日安排（${done.entries_added} 行，替换 ${done.entries_removed} 行）。${recomputeText(JSON.parse(done.summary) as RecomputeSummary)}</p>` : ''}
${errorSummary(errors)}
<p>公开期限按国务院办公厅每年发布的节假日安排计算（含调休上班日）。日历未覆盖的日期不作推测，相关期限显示为“日历未知”，导入新年度通知后自动重新计算。</p>
${dataTable({ caption: '已载入的节假日安排', rows: years, empty: '尚未载入任何年度。', cols: [
      { header: '年度', cell: (r) => String(r.y) },
      { header: '放假日', cell: (r) => r.holidays, num: true },
      { header: '调休上班日', cell: (r) => r.workdays, num: true },
      { header: '通知', cell: (r) => html`${r.sources.map((s) => (/^https?:\/\//.test(s) ? html`<a href="${s}" rel="noopener">${s}</a> ` : html`${s} `))}` },
    ] })}
<p><a href="/admin/calendar.csv" download>下载当前日历（CSV）</a></p>
<section aria-labelledby="imp-title"><h2 id="imp-title">导入新年度节假日安排</h2>
<form method="post" action="/admin/calendar/preview" enctype="multipart/form-data" class="stack">${csrfField(p.csrfToken)}
${csvField(errors, text)}
<button type="submit" class="button primary">预览</button></form></section>
<section aria-labelledby="hist-title"><h2 id="hist-title">导入记录</h2>
${dataTable({ caption: '导入记录', rows: imports, empty: '暂无导入记录。', cols: [
      { header: '时间', cell: (r) => fmtDateTime(r.at) },
      { header: '来源', cell: (r) => ({ bundled: '随系统发布', console: '工作台导入', cli: '命令行导入' })[r.via] ?? r.via },
      { header: '操作人', cell: (r) => r.actor_name ?? '系统' },
      { header: '通知年度', cell: (r) => (JSON.parse(r.notice_years) as number[]).join('、') },
      { header: '行数', cell: (r) => `${r.entries_added}（替换 ${r.entries_removed}）` },
      { header: '期限重算', cell: (r) => recomputeText(JSON.parse(r.summary) as RecomputeSummary) },
    ] })}</section>`;
    return sendHtml(reply, adminPage(req, '工作日历', content, '/admin/supervision'), status);
  };

  app.get('/admin/calendar', async (req, reply) => overview(req, reply));

  app.get('/admin/calendar.csv', async (req, reply) => {
    requireOffice(requirePrincipal(req));
    const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const lines = [CSV_HEADER.join(','), ...svc.current().entries().map((e) => [e.date, e.weekday, e.type, q(e.name), String(e.noticeYear), q(e.source)].join(','))];
    return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="holidays.csv"').send(lines.join('\n') + '\n');
  });

  const readCsv = async (req: FastifyRequest) => {
    const { fields, files } = await readForm(req);
    const file = files[0];
    const text = file ? file.data.toString('utf8') : first(fields, 'csvText');
    return { text, filename: file?.filename ?? first(fields, 'filename') ?? null, fields };
  };

  const previewPage = (req: FastifyRequest, pv: CalendarPreview, text: string, filename: string | null) => {
    const p = requirePrincipal(req);
    return html`<h1>预览：导入节假日安排</h1>
<p>将导入 ${pv.years.map((y) => `${y.noticeYear} 年度${y.replacesExisting ? '（替换已有数据）' : '（新增）'}`).join('、')}，共 ${pv.entries.length} 行。导入后日历覆盖：${pv.coveredYearsAfter.join('、')} 年。</p>
<p class="notice" role="note">导入后将重新计算：${recomputeText(pv.recompute)}</p>
${pv.years.map((y) => html`<section aria-labelledby="y-${y.noticeYear}"><h2 id="y-${y.noticeYear}">${y.noticeYear} 年度</h2>
${dataTable({ caption: `${y.noticeYear} 年度安排`, rows: y.rows, empty: '无', cols: [
      { header: '日期', cell: (r) => r.date },
      { header: '星期', cell: (r) => r.weekday },
      { header: '类型', cell: (r) => TYPE_NAMES[r.type] },
      { header: '节日', cell: (r) => r.name },
      { header: '与现有数据相比', cell: (r) => CHANGE_NAMES[r.change] },
    ] })}
${y.removed.length ? html`<p>将删除的原有行：${y.removed.map((r) => `${r.date}（${TYPE_NAMES[r.type]}，${r.name}）`).join('；')}</p>` : ''}</section>`)}
<form method="post" action="/admin/calendar/apply" class="stack">${csrfField(p.csrfToken)}
<input type="hidden" name="sha256" value="${pv.sha256}"><input type="hidden" name="filename" value="${filename ?? ''}">
<details><summary>文件内容</summary><div class="form-row"><label for="fld-csvText">CSV 内容（只读）</label><textarea id="fld-csvText" name="csvText" rows="8" readonly>${text}</textarea></div></details>
<button type="submit" class="button primary">确认导入并重新计算期限</button> <a href="/admin/calendar">取消</a></form>`;
  };

  app.post('/admin/calendar/preview', async (req, reply) => {
    const p = requirePrincipal(req);
    requireOffice(p);
    const { text, filename } = await readCsv(req);
    if (!text.trim()) return overview(req, reply, [{ field: 'csv', message: '请选择 CSV 文件或粘贴 CSV 内容' }], '', 400);
    try {
      const pv = await svc.preview(text);
      return sendHtml(reply, adminPage(req, '预览：导入节假日安排', previewPage(req, pv, text, filename)));
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return overview(req, reply, e.details.length ? e.details : [{ field: 'csv', message: e.message }], text, 400);
      throw e;
    }
  });

  app.post('/admin/calendar/apply', async (req, reply) => {
    const p = requirePrincipal(req);
    requireOffice(p);
    const { text, filename, fields } = await readCsv(req);
    try {
      const pv = await svc.preview(text);
      if (pv.sha256 !== first(fields, 'sha256')) {
        return sendHtml(reply, adminPage(req, '预览：导入节假日安排', html`<p class="notice" role="alert">文件内容与预览时不一致，请核对后再确认。</p>${previewPage(req, pv, text, filename)}`), 409);
      }
      const r = await svc.apply(text, { actorId: p.userId, via: 'console', filename: filename || null });
      return reply.redirect(`/admin/calendar?done=imported&id=${r.importId}`, 303);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return overview(req, reply, e.details.length ? e.details : [{ field: 'csv', message: e.message }], text, 400);
      throw e;
    }
  });
}
