// Routes of the assessment: console (/admin/assessment…, office only), public pages
// (/assessments, published only), xlsx export and the JSON API (/api/v1/assessments).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../domain/errors.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { page } from '../../web/layout.ts';
import { csrfTokenFor, first, pageUser, parseId, readForm, requireOffice, requirePrincipal, sendHtml, type FormFields } from '../../web/request.ts';
import { tableToXlsx } from '../timeliness/xlsx.ts';
import { fmtPoints, type DepartmentResult } from './scoring.ts';
import type { AssessmentResult } from './service.ts';
import { MAX_ITEMS, defaultItems, type SchemeInput } from './validate.ts';
import { detailPage, listPage, schemeForm, schemeInputOf, scoresPage } from './views-admin.ts';
import { definitions, listsSection, resultTable } from './views-result.ts';

function admin(req: FastifyRequest, reply: FastifyReply, title: string, content: SafeHtml, status = 200) {
  return sendHtml(reply, page({ title, area: 'admin', content, user: pageUser(req), current: '/admin/assessment', hasErrors: status === 400 }), status);
}

function schemeInput(f: FormFields): SchemeInput {
  const items: SchemeInput['items'] = [];
  for (let i = 0; i < MAX_ITEMS; i++) {
    const g = (k: string) => first(f, `items.${i}.${k}`).slice(0, 200);
    items.push({ code: g('code'), name: g('name'), maxPoints: g('maxPoints'), kind: g('kind'), measure: g('measure'), deductPerUnit: g('deductPerUnit') });
  }
  return { name: first(f, 'name').slice(0, 200), year: first(f, 'year').slice(0, 10), items, commendTop: first(f, 'commendTop'), commendMin: first(f, 'commendMin'), criticiseBottom: first(f, 'criticiseBottom'), criticiseBelow: first(f, 'criticiseBelow') };
}

/** The result as an xlsx: rank, department, every item's points, total, 通报. */
export function resultXlsx(r: AssessmentResult): Promise<Buffer> {
  const commend = new Set(r.lists.commend);
  const criticise = new Set(r.lists.criticise);
  return tableToXlsx<DepartmentResult>({
    sheet: `${r.year}年度考核`,
    title: `${r.name}（考核期 ${r.period.from} 至 ${r.period.to}，统计截至 ${r.period.asOf}）`,
    columns: [
      { header: '名次', value: (x) => x.rank, width: 8 },
      { header: '单位代码', value: (x) => x.code, width: 12 },
      { header: '单位', value: (x) => x.name, width: 30 },
      ...r.items.map((i, k) => ({ header: `${i.code} ${i.name}（${fmtPoints(i.maxPoints)}分）`, value: (x: DepartmentResult) => x.items[k]?.points ?? null, numFmt: '0.00' })),
      { header: '总分', value: (x) => x.total, numFmt: '0.00' },
      { header: '通报', value: (x) => (commend.has(x.departmentId) ? '表扬' : criticise.has(x.departmentId) ? '批评' : ''), width: 8 },
    ],
    rows: r.rows,
  });
}

export function registerAssessmentRoutes(app: FastifyInstance, ctx: AppContext) {
  const svc = ctx.assessment;
  const office = (req: FastifyRequest) => {
    const p = requirePrincipal(req);
    requireOffice(p);
    return p;
  };

  app.get('/admin/assessment', async (req, reply) => admin(req, reply, '考核评估', listPage(await svc.list(office(req)))));

  app.get('/admin/assessment/new', async (req, reply) => {
    office(req);
    const year = String(Number(new Date().toISOString().slice(0, 4)) - 1);
    const values: SchemeInput = { name: `${year}年度公共资源配置领域政府信息公开工作考核`, year, items: defaultItems(), commendTop: '2', commendMin: '90', criticiseBottom: '1', criticiseBelow: '70' };
    return admin(req, reply, '新建考核', schemeForm({ action: '/admin/assessment', csrf: csrfTokenFor(req), values, title: '新建考核' }));
  });

  app.post('/admin/assessment', async (req, reply) => {
    const p = office(req);
    const { fields } = await readForm(req);
    const values = schemeInput(fields);
    try {
      const id = await svc.create(p, values);
      return reply.redirect(`/admin/assessment/${id}?done=created`, 303);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return admin(req, reply, '新建考核', schemeForm({ action: '/admin/assessment', csrf: csrfTokenFor(req), values, errors: e.details, title: '新建考核' }), 400);
      throw e;
    }
  });

  app.get<{ Params: { id: string }; Querystring: { done?: string } }>('/admin/assessment/:id', async (req, reply) => {
    office(req);
    const a = await svc.get(parseId(req.params.id, '考核'));
    const latest = await svc.latest(a.row.id);
    return admin(req, reply, a.row.name, detailPage({ row: a.row, items: a.items, result: latest?.result ?? null, csrf: csrfTokenFor(req), notice: req.query.done }));
  });

  app.get<{ Params: { id: string } }>('/admin/assessment/:id/edit', async (req, reply) => {
    office(req);
    const a = await svc.get(parseId(req.params.id, '考核'));
    if (a.row.state === 'published') throw new AppError(409, 'conflict', '考核结果已发布，评分方案不能再修改');
    return admin(req, reply, '修改评分方案', schemeForm({ action: `/admin/assessment/${a.row.id}/edit`, csrf: csrfTokenFor(req), values: schemeInputOf(a.row), title: `修改评分方案：${a.row.name}` }));
  });

  app.post<{ Params: { id: string } }>('/admin/assessment/:id/edit', async (req, reply) => {
    const p = office(req);
    const id = parseId(req.params.id, '考核');
    const { fields } = await readForm(req);
    const values = schemeInput(fields);
    try {
      await svc.update(p, id, values);
      return reply.redirect(`/admin/assessment/${id}?done=saved`, 303);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return admin(req, reply, '修改评分方案', schemeForm({ action: `/admin/assessment/${id}/edit`, csrf: csrfTokenFor(req), values, errors: e.details, title: '修改评分方案' }), 400);
      throw e;
    }
  });

  const scoresView = async (req: FastifyRequest, id: number, values?: Map<string, { score: string; note: string }>, errors?: AppError['details']) => {
    const a = await svc.get(id);
    const depts = await svc.departments();
    let v = values;
    if (!v) {
      v = new Map();
      for (const s of await svc.scores(id)) v.set(`${s.department_id}.${s.item_code}`, { score: fmtPoints(s.points_x100 / 100), note: s.note });
    }
    return scoresPage({ row: a.row, items: a.items, departments: depts.map((d) => ({ id: d.id, name: d.short_name })), values: v, csrf: csrfTokenFor(req), ...(errors ? { errors } : {}) });
  };

  app.get<{ Params: { id: string } }>('/admin/assessment/:id/scores', async (req, reply) => {
    office(req);
    return admin(req, reply, '录入人工评分', await scoresView(req, parseId(req.params.id, '考核')));
  });

  app.post<{ Params: { id: string } }>('/admin/assessment/:id/scores', async (req, reply) => {
    const p = office(req);
    const id = parseId(req.params.id, '考核');
    const { fields } = await readForm(req);
    const entries: { departmentId: number; itemCode: string; score: string; note: string }[] = [];
    const values = new Map<string, { score: string; note: string }>();
    for (const key of Object.keys(fields)) {
      const m = /^score\.(\d{1,10})\.([A-Za-z0-9_-]{1,20})$/.exec(key);
      if (!m) continue;
      const k = `${m[1]}.${m[2]}`;
      const v = { score: first(fields, key).slice(0, 20), note: first(fields, `note.${k}`).slice(0, 1000) };
      values.set(k, v);
      entries.push({ departmentId: Number(m[1]), itemCode: m[2]!, ...v });
    }
    try {
      await svc.saveScores(p, id, entries);
      return reply.redirect(`/admin/assessment/${id}?done=scores`, 303);
    } catch (e) {
      if (e instanceof AppError && e.status === 400) return admin(req, reply, '录入人工评分', await scoresView(req, id, values, e.details), 400);
      throw e;
    }
  });

  app.post<{ Params: { id: string } }>('/admin/assessment/:id/import', async (req, reply) => {
    const p = office(req);
    const id = parseId(req.params.id, '考核');
    const { fields, files } = await readForm(req);
    const file = files[0];
    const a = await svc.get(id);
    const show = async (issues: { row: number | null; column: string | null; header: string | null; message: string; code: string }[]) => {
      const latest = await svc.latest(id);
      return admin(req, reply, a.row.name, detailPage({ row: a.row, items: a.items, result: latest?.result ?? null, csrf: csrfTokenFor(req), importIssues: issues }), 400);
    };
    if (!file) return show([{ row: null, column: null, header: null, message: '请选择要导入的 .xlsx 文件', code: 'required' }]);
    const r = await svc.importScores(p, id, first(fields, 'item'), file.data, file.filename);
    if (!r.ok) return show(r.issues);
    return reply.redirect(`/admin/assessment/${id}?done=imported`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/assessment/:id/run', async (req, reply) => {
    const p = office(req);
    const id = parseId(req.params.id, '考核');
    await readForm(req);
    await svc.run(p, id);
    return reply.redirect(`/admin/assessment/${id}?done=run`, 303);
  });

  app.post<{ Params: { id: string } }>('/admin/assessment/:id/publish', async (req, reply) => {
    const p = office(req);
    const id = parseId(req.params.id, '考核');
    await readForm(req);
    try {
      await svc.publish(p, id);
    } catch (e) {
      if (e instanceof AppError && e.status === 409) {
        const a = await svc.get(id);
        const latest = await svc.latest(id);
        return admin(req, reply, a.row.name, detailPage({ row: a.row, items: a.items, result: latest?.result ?? null, csrf: csrfTokenFor(req), error: e.message }), 409);
      }
      throw e;
    }
    return reply.redirect(`/admin/assessment/${id}?done=published`, 303);
  });

  app.get<{ Params: { id: string } }>('/admin/assessment/:id/export.xlsx', async (req, reply) => {
    office(req);
    const id = parseId(req.params.id, '考核');
    const latest = await svc.latest(id);
    if (!latest) throw new AppError(404, 'not_found', '尚未计算得分');
    return sendXlsx(reply, await resultXlsx(latest.result), `assessment-${id}.xlsx`);
  });

  // ---- public ----

  app.get('/assessments', async (req, reply) => {
    const rows = await svc.publishedList();
    const content = html`<h1>考核结果</h1>
<p>浈江区政务公开办对各单位公共资源配置领域政府信息公开工作的年度考核结果，含每项得分的计算依据。</p>
${rows.length ? html`<ul>${rows.map((r) => html`<li><a href="/assessments/${r.id}">${r.name}</a>（${r.published_at?.slice(0, 10) ?? ''}发布）</li>`)}</ul>` : html`<p class="empty">暂无已发布的考核结果。</p>`}`;
    return sendHtml(reply, page({ title: '考核结果', content, user: pageUser(req), current: '/assessments' }));
  });

  app.get<{ Params: { id: string } }>('/assessments/:id', async (req, reply) => {
    const r = await svc.published(parseId(req.params.id, '考核结果'));
    const content = html`<h1>${r.name}</h1>
<p class="meta">考核期 ${r.period.from} 至 ${r.period.to}；发布于 ${r.publishedAt.slice(0, 10)}。发布的结果为计算时的存档，不随之后的数据变化。<a href="/assessments/${r.assessmentId}/export.xlsx">下载Excel</a></p>
${listsSection(r)}${resultTable(r)}${definitions(r)}`;
    return sendHtml(reply, page({ title: r.name, content, user: pageUser(req), current: '/assessments' }));
  });

  app.get<{ Params: { id: string } }>('/assessments/:id/export.xlsx', async (req, reply) => {
    const id = parseId(req.params.id, '考核结果');
    return sendXlsx(reply, await resultXlsx(await svc.published(id)), `assessment-${id}.xlsx`);
  });

  app.get('/api/v1/assessments', async () => {
    const rows = await svc.publishedList();
    return { data: rows.map((r) => ({ id: r.id, name: r.name, year: r.year, periodFrom: r.period_from, periodTo: r.period_to, publishedAt: r.published_at })) };
  });

  app.get<{ Params: { id: string } }>('/api/v1/assessments/:id', async (req) => {
    const r = await svc.published(parseId(req.params.id, '考核结果'));
    return { id: r.assessmentId, name: r.name, year: r.year, period: r.period, publishedAt: r.publishedAt, items: r.items, measures: r.measures, rules: r.rules, lists: r.lists, rows: r.rows };
  });
}

function sendXlsx(reply: FastifyReply, buf: Buffer, filename: string) {
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(buf);
}
