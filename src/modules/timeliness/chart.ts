// The monthly trend chart, rendered on the server as SVG with Apache ECharts (SSR mode, no DOM).
// ECharts escapes the text it renders; we add only our own <title>/<desc> (escaped here) and an
// accessible name, and turn inline `style` attributes into presentation attributes and drop the
// hover <style> block, because the site's Content-Security-Policy (style-src 'self') forbids
// inline styles. The page repeats the figures in a table: the chart is never the only carrier.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { escapeHtml, raw, type SafeHtml } from '../../web/html.ts';
import type { TrendRow } from './supervision.ts';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

/** `style="a:b;c:d"` → `a="b" c="d"` (values are already attribute-escaped by ECharts). */
export function inlineStylesToAttributes(svg: string): string {
  return svg
    .replace(/ style="([^"]*)"/g, (_m, decl: string) =>
      decl
        .split(';')
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => {
          const i = p.indexOf(':');
          const name = p.slice(0, i).trim();
          return /^[a-z-]+$/.test(name) ? ` ${name}="${p.slice(i + 1).trim()}"` : '';
        })
        .join(''),
    )
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, '');
}

export function trendChartSvg(rows: readonly TrendRow[], o: { id: string; title: string; description: string; width?: number; height?: number }): SafeHtml {
  const width = o.width ?? 760;
  const height = o.height ?? 340;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    legend: { top: 4, data: ['按时公开', '逾期公开', '按时率'] },
    grid: { left: 48, right: 56, top: 40, bottom: 36 },
    xAxis: { type: 'category', data: rows.map((r) => r.month) },
    yAxis: [
      { type: 'value', name: '条数', minInterval: 1 },
      { type: 'value', name: '按时率', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    series: [
      { name: '按时公开', type: 'bar', stack: 'n', data: rows.map((r) => r.onTime), itemStyle: { color: '#2e7d32' } },
      { name: '逾期公开', type: 'bar', stack: 'n', data: rows.map((r) => r.late), itemStyle: { color: '#c62828' } },
      { name: '按时率', type: 'line', yAxisIndex: 1, data: rows.map((r) => (r.onTimeRate === null ? null : Math.round(r.onTimeRate * 1000) / 10)), itemStyle: { color: '#1565c0' }, connectNulls: false },
    ],
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  const titleId = `${o.id}-title`;
  const descId = `${o.id}-desc`;
  const head = `<title id="${titleId}">${escapeHtml(o.title)}</title><desc id="${descId}">${escapeHtml(o.description)}</desc>`;
  const out = inlineStylesToAttributes(svg).replace(/^<svg /, `<svg id="${o.id}" role="img" aria-labelledby="${titleId} ${descId}" `).replace(/^(<svg[^>]*>)/, `$1${head}`);
  return raw(out);
}
