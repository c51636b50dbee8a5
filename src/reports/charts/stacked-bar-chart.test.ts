import { describe, expect, it } from 'vitest';
import { findAll, parseSvg, textsOf, titleOf, yOf, type SvgNode } from '../../../test/fixtures/charts/svg-structure.js';
import { STATUS_COLORS } from './chart-svg.js';
import { stackedBarChart } from './stacked-bar-chart.js';

const pt = new Intl.NumberFormat('pt-BR');
const fieldChart = (categories: string[], rows: number[][], extra: Partial<Parameters<typeof stackedBarChart>[0]> = {}) =>
  stackedBarChart({
    title: 'Qualidade por campo',
    categories,
    series: (['valid', 'corrected', 'invalid', 'empty'] as const).map((key, s) => ({
      name: { valid: 'válido', corrected: 'corrigido', invalid: 'inválido', empty: 'vazio' }[key],
      color: STATUS_COLORS[key],
      values: rows.map((row) => row[s] ?? 0),
    })),
    formatValue: (n) => pt.format(n),
    ...extra,
  });

const segments = (root: SvgNode) => findAll(root, (n) => n.name === 'path' && n.attrs.ecmeta_ssr_type === 'chart');
const categoryLabels = (root: SvgNode) =>
  findAll(root, (n) => n.name === 'text' && n.attrs['text-anchor'] === 'end').sort((a, b) => yOf(a) - yOf(b));

describe('stackedBarChart', () => {
  const rows = [
    [900, 50, 20, 30],
    [500, 300, 100, 100],
    [0, 0, 7, 0],
  ];
  const chart = fieldChart(['nome', 'e-mail', 'CPF'], rows);
  const root = parseSvg(chart.svg);

  it('draws one segment per non-zero (field × status), in the status colour', () => {
    const drawn = segments(root);
    expect(drawn).toHaveLength(rows.flat().filter((v) => v > 0).length);
    const colours = [STATUS_COLORS.valid, STATUS_COLORS.corrected, STATUS_COLORS.invalid, STATUS_COLORS.empty];
    for (const path of drawn) {
      expect(path.attrs.fill?.toUpperCase()).toBe(colours[Number(path.attrs.ecmeta_series_index)]);
    }
  });

  it('names every segment "field · status: value" for hover and screen readers', () => {
    const titles = segments(root).map(titleOf);
    expect(titles).toContain('e-mail · corrigido: 300');
    expect(titles).toContain('nome · válido: 900');
    expect(titles).toContain('CPF · inválido: 7');
    expect(titles.every((t) => t !== undefined)).toBe(true);
  });

  it('lists the fields top to bottom in the given order', () => {
    expect(categoryLabels(root).map((n) => n.text)).toEqual(['nome', 'e-mail', 'CPF']);
  });

  it('prints the values inside segments wide enough for them and skips the slivers', () => {
    const texts = textsOf(root);
    expect(texts).toEqual(expect.arrayContaining(['900', '500', '300', '7']));
    expect(texts).not.toContain('20'); // 20 of 1000 is ~10 px wide: no room for a label
  });

  it('prints each bar\'s total just past its end', () => {
    const totals = findAll(root, (n) => n.name === 'text' && n.attrs['text-anchor'] === 'start' && /bold/.test(n.attrs.style ?? ''));
    expect(totals.sort((a, b) => yOf(a) - yOf(b)).map((n) => n.text)).toEqual(['1.000', '1.000', '7']);
    const [fullBarEnd, cpfBarEnd] = [segments(root).filter((p) => p.attrs.ecmeta_data_index === '1'), segments(root).filter((p) => p.attrs.ecmeta_data_index === '2')].map(
      (paths) => Math.max(...paths.map((p) => { const [, x, w] = /^M([-\d.]+) [-\d.]+l([-\d.]+)/.exec(p.attrs.d ?? '') ?? []; return Number(x) + Number(w); })),
    );
    const xOf = (n: SvgNode) => Number(/translate\(([-\d.]+)/.exec(n.attrs.transform ?? '')?.[1]);
    expect(xOf(totals[1]!)).toBeCloseTo(fullBarEnd! + 5, 0);
    expect(xOf(totals[2]!)).toBeCloseTo(cpfBarEnd! + 5, 0);
  });

  it('grows 28 px per field and states its size in width, height and viewBox', () => {
    expect(chart.width).toBe(640);
    expect(chart.height).toBe(76 + 3 * 28 + 32);
    expect(root.attrs).toMatchObject({ width: '640', height: String(chart.height), viewBox: `0 0 640 ${chart.height}` });
    expect(titleOf(root)).toBe('Qualidade por campo');
    expect(root.attrs['aria-label']).toBe('Qualidade por campo');
  });

  it('shows shares of each bar when asPercent, keeping the counts in the titles', () => {
    const percent = parseSvg(fieldChart(['nome'], [[750, 250, 0, 0]], { asPercent: true, formatPercent: (r) => `${r * 100} %` }).svg);
    expect(textsOf(percent)).toEqual(expect.arrayContaining(['75 %', '25 %', '100 %']));
    expect(segments(percent).map(titleOf)).toEqual(['nome · válido: 750 (75 %)', 'nome · corrigido: 250 (25 %)']);
  });

  it('keeps 60 fields legible: one row each, 28 px apart, all labelled', () => {
    const names = Array.from({ length: 60 }, (_, i) => `campo_${i + 1}`);
    const big = fieldChart(names, names.map((_, i) => [100 + i, 10, 5, 1]));
    const bigRoot = parseSvg(big.svg);
    expect(big.height).toBe(76 + 60 * 28 + 32);
    const labels = categoryLabels(bigRoot);
    expect(labels.map((n) => n.text)).toEqual(names);
    const gaps = labels.slice(1).map((n, i) => yOf(n) - yOf(labels[i] as SvgNode));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(27.9);
  });

  it('truncates a long field name with an ellipsis and keeps the full name in a <title>', () => {
    const longName = 'telefone_celular_do_cliente_principal_com_ddd_e_ramal';
    const [label] = categoryLabels(parseSvg(fieldChart([longName], [[1, 0, 0, 0]]).svg));
    expect(label?.text).toMatch(/^telefone_celular_do_cliente_p.*…$/);
    expect(label?.text.length).toBeLessThan(longName.length);
    expect(titleOf(label as SvgNode)).toBe(longName);
  });

  it('escapes markup and survives accents and emoji in names', () => {
    const odd = fieldChart(['<b>&"nome"</b>', 'ação 😀'], [[1, 0, 0, 0], [0, 2, 0, 0]]);
    const labels = categoryLabels(parseSvg(odd.svg)).map((n) => n.text);
    expect(labels).toEqual(['<b>&"nome"</b>', 'ação 😀']);
  });

  it.each([
    ['no fields', [], []],
    ['only zeros', ['nome', 'e-mail'], [[0, 0, 0, 0], [0, 0, 0, 0]]],
    ['nonsense numbers', ['nome'], [[NaN, -3, Infinity, 0]]],
  ])('draws a small "no data" chart for %s', (_, categories, values) => {
    const empty = fieldChart(categories, values);
    const emptyRoot = parseSvg(empty.svg);
    expect(textsOf(emptyRoot)).toEqual(['Qualidade por campo', '—']);
    expect(empty.height).toBe(120);
    expect(segments(emptyRoot)).toHaveLength(0);
  });

  it('renders the same chart to the same bytes, and different charts with different class prefixes', () => {
    expect(fieldChart(['nome'], [[1, 2, 3, 4]]).svg).toBe(fieldChart(['nome'], [[1, 2, 3, 4]]).svg);
    const prefixOf = (svg: string) => /class="(hc[0-9a-f]{8})-/.exec(svg)?.[1];
    expect(prefixOf(fieldChart(['nome'], [[1, 2, 3, 4]]).svg)).toBeDefined();
    expect(prefixOf(fieldChart(['nome'], [[1, 2, 3, 4]]).svg)).not.toBe(prefixOf(fieldChart(['cpf'], [[1, 2, 3, 4]]).svg));
    expect(chart.svg).not.toMatch(/\bzr\d+-/);
  });
});
