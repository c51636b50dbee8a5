import { describe, expect, it } from 'vitest';
import { escapeXml, estimateTextWidth, textColorOn, truncateToWidth } from './svg-text.js';

describe('svg text helpers', () => {
  it('measures with DejaVu Sans widths, so "m" is wider than "i" and accents count like their base letter', () => {
    // DejaVu Sans: m = 1995/2048 em, i = 569/2048 em (hmtx).
    expect(estimateTextWidth('mmmm', 10)).toBeCloseTo((4 * 1995 * 10) / 2048, 5);
    expect(estimateTextWidth('iiii', 10)).toBeCloseTo((4 * 569 * 10) / 2048, 5);
    expect(estimateTextWidth('ação', 12)).toBeCloseTo(estimateTextWidth('acao', 12), 0);
    expect(estimateTextWidth('mm', 10, true)).toBeGreaterThan(estimateTextWidth('mm', 10));
    expect(estimateTextWidth('漢', 10)).toBe(10); // not in the font: 1 em
  });

  it.each([
    ['nome', 100, 'nome'],
    ['telefone_celular_do_cliente', 100, 'telefone_celular_…'],
    ['😀😀😀😀😀😀😀😀😀😀', 40, '😀😀…'],
    ['mmmmmmmmmmmmm', 5, 'm…'],
  ])('truncateToWidth(%j, %i px)', (text, maxWidth, want) => {
    const got = truncateToWidth(text, maxWidth, 10);
    expect(got).toBe(want);
    if (got !== text && maxWidth > 20) expect(estimateTextWidth(got, 10)).toBeLessThanOrEqual(maxWidth);
  });

  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it.each([
    ['#FFFFFF', '#1A1A1A'],
    ['#BBBBBB', '#1A1A1A'],
    ['#0072B2', '#FFFFFF'],
    ['#08519C', '#FFFFFF'],
    ['not a colour', '#1A1A1A'],
  ])('textColorOn(%s) = %s', (background, want) => expect(textColorOn(background)).toBe(want));
});
