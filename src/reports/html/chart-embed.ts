import type { ChartSvg } from '../charts/chart-svg.js';
import { escapeHtml, html, trustedHtml, type SafeHtml } from './html-template.js';

/** Names one data item when the chart did not give it a `<title>`: "label: value". */
export type ItemTitle = (seriesIndex: number, dataIndex: number) => string | undefined;

/**
 * A chart SVG made ready to sit inside the page: no XML prolog, a viewBox so CSS can shrink it
 * to a phone's width, and a `<title>` on every data element so hovering (or tapping, through the
 * page script) shows its numbers even where the chart helper left one out.
 */
export function embedChart(chart: ChartSvg, fallbackTitle?: ItemTitle): SafeHtml {
  let svg = chart.svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '').replace(/^\s*<!DOCTYPE[^>]*>\s*/i, '');
  if (!/^<svg\b[^>]*\bviewBox=/.test(svg)) {
    svg = svg.replace(/^<svg\b/, `<svg viewBox="0 0 ${chart.width} ${chart.height}"`);
  }
  if (fallbackTitle) svg = ensureItemTitles(svg, fallbackTitle);
  return html`<figure class="chart">${trustedHtml(svg)}</figure>`;
}

/** Adds `<title>` to echarts data paths that have none (echarts marks them with ecmeta_* attributes). */
export function ensureItemTitles(svg: string, titleOf: ItemTitle): string {
  return svg.replace(
    /(<path\b[^>]*\becmeta_series_index="(\d+)"[^>]*\becmeta_data_index="(\d+)"[^>]*>)(?!<title>)/g,
    (whole, open: string, series: string, data: string) => {
      // Legend swatches carry the same attributes; only the chart's own data items are named.
      if (open.endsWith('/>') || !open.includes('ecmeta_ssr_type="chart"')) return whole;
      const text = titleOf(Number(series), Number(data));
      return text === undefined ? whole : `${open}<title>${escapeHtml(text)}</title>`;
    },
  );
}
