import { describe, expect, it } from 'vitest';
import { findAll, parseSvg, textsOf, titleOf, yOf, type SvgNode } from '../../../test/fixtures/charts/svg-structure.js';
import { barChart } from './bar-chart.js';
import { CATEGORY_COLORS } from './chart-svg.js';

const pt = new Intl.NumberFormat('pt-BR');
const bars = (root: SvgNode) => findAll(root, (n) => n.name === 'path' && n.attrs.ecmeta_ssr_type === 'chart');
/** Width of an echarts bar path "M x y l w 0 …". */
const barWidthOf = (path: SvgNode) => Number(/^M[-\d.]+ [-\d.]+l([-\d.]+) /.exec(path.attrs.d ?? '')?.[1]);

describe('barChart', () => {
  const labels = ['gmail.com', 'hotmail.com', 'uol.com.br', 'vazio.com'];
  const values = [123456, 54321, 1200, 0];
  const chart = barChart({ title: 'Domínios de e-mail', labels, values, formatValue: (n) => pt.format(n) });
  const root = parseSvg(chart.svg);

  it('draws one bar per label in the default colour, lengths proportional to the values', () => {
    const drawn = bars(root);
    expect(drawn).toHaveLength(4);
    expect(drawn.every((p) => p.attrs.fill?.toUpperCase() === CATEGORY_COLORS[0])).toBe(true);
    const widths = drawn.map(barWidthOf);
    expect(widths[1]! / widths[0]!).toBeCloseTo(54321 / 123456, 2);
    expect(widths[3]).toBe(0);
  });

  it('keeps the given order top to bottom and prints every formatted value', () => {
    const categoryTexts = findAll(root, (n) => n.name === 'text' && n.attrs['text-anchor'] === 'end').sort((a, b) => yOf(a) - yOf(b));
    expect(categoryTexts.map((n) => n.text)).toEqual(labels);
    expect(textsOf(root)).toEqual(expect.arrayContaining(['123.456', '54.321', '1.200', '0']));
    expect(bars(root).map(titleOf)).toEqual(['gmail.com: 123.456', 'hotmail.com: 54.321', 'uol.com.br: 1.200', 'vazio.com: 0']);
  });

  it('sizes itself by the number of bars', () => {
    expect(chart.height).toBe(48 + 4 * 28 + 32);
    expect(root.attrs).toMatchObject({ width: '640', height: String(chart.height) });
  });

  it('draws upright bars with a custom colour when horizontal is false', () => {
    const upright = barChart({ title: 'Telefones', labels: ['celular', 'fixo'], values: [10, 4], horizontal: false, color: '#CC79A7', width: 400 });
    const uprightRoot = parseSvg(upright.svg);
    expect(upright.width).toBe(400);
    const drawn = bars(uprightRoot);
    expect(drawn.map((p) => p.attrs.fill)).toEqual(['#CC79A7', '#CC79A7']);
    // Upright bars are paths "M x y l w 0 l 0 h …": taller bar has the larger |h|.
    const heights = drawn.map((p) => Math.abs(Number(/l[-\d.]+ 0l0 ([-\d.]+)/.exec(p.attrs.d ?? '')?.[1])));
    expect(heights[0]! / heights[1]!).toBeCloseTo(10 / 4, 1);
    expect(textsOf(uprightRoot)).toEqual(expect.arrayContaining(['celular', 'fixo', '10', '4']));
  });

  it('draws a "no data" chart for no labels or only zeros', () => {
    for (const empty of [
      barChart({ title: 'Vazio', labels: [], values: [] }),
      barChart({ title: 'Zeros', labels: ['a', 'b'], values: [0, 0] }),
    ]) {
      expect(textsOf(parseSvg(empty.svg))).toEqual([empty.title, '—']);
    }
  });
});
