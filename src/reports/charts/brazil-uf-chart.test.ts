import { describe, expect, it } from 'vitest';
import { findAll, parseSvg, textsOf, titleOf } from '../../../test/fixtures/charts/svg-structure.js';
import { UF_TILES, brazilUfChart } from './brazil-uf-chart.js';

const pt = new Intl.NumberFormat('pt-BR');
const ALL_UFS = 'AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RN RS RJ RO RR SC SP SE TO'.split(' ');

describe('brazilUfChart', () => {
  const chart = brazilUfChart({
    title: 'Linhas por UF',
    counts: { SP: 412345, rj: 150000, ' mg ': 20000, AC: 3, XX: 10, '': 2 },
    formatValue: (n) => pt.format(n),
    otherLabel: 'Outras',
  });
  const root = parseSvg(chart.svg);
  const tiles = findAll(root, (n) => n.name === 'g' && n.attrs['data-uf'] !== undefined);

  it('places all 27 UFs on distinct tiles', () => {
    expect(Object.keys(UF_TILES).sort()).toEqual([...ALL_UFS].sort());
    expect(new Set(Object.values(UF_TILES).map(([c, r]) => `${c},${r}`)).size).toBe(27);
    expect(tiles.map((t) => t.attrs['data-uf']).sort()).toEqual([...ALL_UFS].sort());
  });

  it('labels each tile with its UF and formatted count, matching case and spaces in keys', () => {
    const sp = tiles.find((t) => t.attrs['data-uf'] === 'SP');
    expect(textsOf(sp!)).toEqual(['SP', '412.345']);
    expect(titleOf(sp!)).toBe('SP: 412.345');
    expect(tiles.find((t) => t.attrs['data-uf'] === 'RJ')?.attrs['data-value']).toBe('150000');
    expect(tiles.find((t) => t.attrs['data-uf'] === 'MG')?.attrs['data-value']).toBe('20000');
    expect(textsOf(tiles.find((t) => t.attrs['data-uf'] === 'TO')!)).toEqual(['TO', '0']);
  });

  it('shades larger counts darker and leaves zero states grey', () => {
    const fill = (uf: string) => tiles.find((t) => t.attrs['data-uf'] === uf)?.children.find((c) => c.name === 'rect')?.attrs.fill;
    expect(fill('SP')).toBe('#08519C');
    expect(fill('TO')).toBe('#F2F2F2');
    expect(fill('AC')).toBe('#DEEBF7');
    expect(new Set(['SP', 'RJ', 'MG', 'AC', 'TO'].map(fill)).size).toBe(5);
  });

  it('sums keys that are not UFs into one "others" line', () => {
    expect(textsOf(root)).toContain('Outras: 12');
  });

  it('states its size and title', () => {
    expect(root.attrs).toMatchObject({ width: '640', height: String(chart.height), viewBox: `0 0 640 ${chart.height}` });
    expect(titleOf(root)).toBe('Linhas por UF');
    expect(chart.height).toBe(48 + 9 * 64 + 16);
  });

  it('draws a "no data" chart when every count is zero', () => {
    expect(textsOf(parseSvg(brazilUfChart({ title: 'UF', counts: {} }).svg))).toEqual(['UF', '—']);
    expect(textsOf(parseSvg(brazilUfChart({ title: 'UF', counts: { SP: 0 } }).svg))).toEqual(['UF', '—']);
  });
});
