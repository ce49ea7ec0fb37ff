// The coverage chart of /admin/red-flags: per flag, projects that could be tested (and of those,
// tripped) vs not testable, as a stacked horizontal bar chart rendered on the server with Apache
// ECharts (SSR SVG), made CSP-safe and accessible the same way as timeliness/chart.ts. The page
// repeats every figure in a table: the chart is never the only carrier.
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { escapeHtml, raw, type SafeHtml } from '../../web/html.ts';
import { inlineStylesToAttributes } from '../timeliness/chart.ts';
import type { FlagCoverage } from './summary.ts';

echarts.use([BarChart, GridComponent, LegendComponent, SVGRenderer]);

export function coverageChartSvg(rows: readonly FlagCoverage[], o: { id: string; title: string }): SafeHtml {
  const width = 760;
  const height = 60 + rows.length * 34;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const names = rows.map((r) => r.name);
  chart.setOption({
    animation: false,
    legend: { top: 4, data: ['触发', '未触发', '数据不足无法检测'] },
    grid: { left: 250, right: 24, top: 36, bottom: 24 },
    xAxis: { type: 'value', name: '项目数', minInterval: 1 },
    yAxis: { type: 'category', data: names, inverse: true },
    series: [
      { name: '触发', type: 'bar', stack: 'n', data: rows.map((r) => r.tripped), itemStyle: { color: '#c62828' } },
      { name: '未触发', type: 'bar', stack: 'n', data: rows.map((r) => r.clear), itemStyle: { color: '#2e7d32' } },
      { name: '数据不足无法检测', type: 'bar', stack: 'n', data: rows.map((r) => r.notTestable), itemStyle: { color: '#9e9e9e' } },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  const description = rows.map((r) => `${r.name}：适用 ${r.applicable} 个项目，可检测 ${r.testable} 个（触发 ${r.tripped}，未触发 ${r.clear}），无法检测 ${r.notTestable} 个`).join('；');
  const titleId = `${o.id}-title`;
  const descId = `${o.id}-desc`;
  const head = `<title id="${titleId}">${escapeHtml(o.title)}</title><desc id="${descId}">${escapeHtml(description)}</desc>`;
  return raw(inlineStylesToAttributes(svg).replace(/^<svg /, `<svg id="${o.id}" role="img" aria-labelledby="${titleId} ${descId}" `).replace(/^(<svg[^>]*>)/, `$1${head}`));
}
