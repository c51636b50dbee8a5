import { describe, expect, it } from 'vitest';
import { embedChart, ensureItemTitles } from './chart-embed.js';

const bar = (series: number, data: number, title = '') =>
  `<path d="M0 0" ecmeta_series_index="${series}" ecmeta_data_index="${data}" ecmeta_ssr_type="chart">${title}</path>`;
const legend = '<path d="M1 1" ecmeta_series_index="0" ecmeta_data_index="0" ecmeta_ssr_type="legend"></path>';

describe('embedChart', () => {
  it('adds a <title> to data paths that lack one and keeps the ones already there', () => {
    const svg = `<svg>${legend}${bar(0, 0)}${bar(0, 1, '<title>kept</title>')}${bar(1, 2)}</svg>`;
    const out = ensureItemTitles(svg, (s, i) => (s === 0 ? `a<b>${i}` : undefined));
    expect(out).toContain(`ecmeta_data_index="0" ecmeta_ssr_type="chart"><title>a&lt;b&gt;0</title></path>`);
    expect(out).toContain('<title>kept</title></path>');
    expect(out.match(/<title>/g)).toHaveLength(2); // series 1 had no name to give
    expect(out).toContain(legend);
  });

  it('strips an XML prolog and adds a viewBox so CSS can scale the chart', () => {
    const chart = { svg: '<?xml version="1.0"?>\n<svg width="300" height="100"><rect/></svg>', width: 300, height: 100, title: 't' };
    expect(embedChart(chart).value).toBe('<figure class="chart"><svg viewBox="0 0 300 100" width="300" height="100"><rect/></svg></figure>');
  });
});
