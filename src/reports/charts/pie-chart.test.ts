import { describe, expect, it } from 'vitest';
import { findAll, parseSvg, textsOf, titleOf, type SvgNode } from '../../../test/fixtures/charts/svg-structure.js';
import { CATEGORY_COLORS } from './chart-svg.js';
import { pieChart } from './pie-chart.js';

const pt = new Intl.NumberFormat('pt-BR');
const sectors = (root: SvgNode) => findAll(root, (n) => n.name === 'path' && n.attrs.ecmeta_ssr_type === 'chart');

describe('pieChart', () => {
  it('draws one sector per non-zero slice, in its colour, labelled "name: value"', () => {
    const chart = pieChart({
      title: 'Tipos de telefone',
      slices: [
        { name: 'celular', value: 7000, color: '#0072B2' },
        { name: 'sem número', value: 0 },
        { name: 'fixo', value: 2500 },
        { name: 'inválido', value: 120, color: '#D55E00' },
      ],
      formatValue: (n) => pt.format(n),
    });
    const root = parseSvg(chart.svg);
    const drawn = sectors(root);
    expect(drawn.map((p) => p.attrs.fill)).toEqual(['#0072B2', CATEGORY_COLORS[1], '#D55E00']);
    expect(drawn.map(titleOf)).toEqual(['celular: 7.000', 'fixo: 2.500', 'inválido: 120']);
    expect(textsOf(root)).toEqual(expect.arrayContaining(['celular: 7.000', 'fixo: 2.500', 'inválido: 120', 'Tipos de telefone']));
    expect(textsOf(root).join(' ')).not.toContain('sem número');
  });

  it('merges the smallest slices into one "others" slice past maxSlices', () => {
    const slices = Array.from({ length: 15 }, (_, i) => ({ name: `d${i}.com`, value: 100 - i }));
    const root = parseSvg(pieChart({ title: 'Domínios', slices, maxSlices: 5, otherLabel: 'Outros' }).svg);
    const titles = sectors(root).map(titleOf);
    expect(titles).toEqual(['d0.com: 100', 'd1.com: 99', 'd2.com: 98', 'd3.com: 97', `Outros: ${slices.slice(4).reduce((s, x) => s + x.value, 0)}`]);
  });

  it('draws a "no data" chart when every slice is zero', () => {
    const chart = pieChart({ title: 'Nada', slices: [{ name: 'a', value: 0 }] });
    expect(textsOf(parseSvg(chart.svg))).toEqual(['Nada', '—']);
    expect(pieChart({ title: 'Nada', slices: [] }).height).toBe(120);
  });
});
