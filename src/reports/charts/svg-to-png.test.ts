import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodePng } from '../../../test/fixtures/charts/svg-structure.js';
import { barChart } from './bar-chart.js';
import { brazilUfChart } from './brazil-uf-chart.js';
import { STATUS_COLORS } from './chart-svg.js';
import { FONT_FILES } from './fonts.js';
import { pieChart } from './pie-chart.js';
import { stackedBarChart } from './stacked-bar-chart.js';
import { svgToPng } from './svg-to-png.js';

/** Pixels darker than mid-grey in a band of rows: glyphs, since nothing else there is dark. */
function darkPixelsInRows(png: ReturnType<typeof decodePng>, fromRow: number, toRow: number): number {
  let dark = 0;
  for (let y = fromRow; y < toRow; y++) {
    for (let x = 0; x < png.width; x++) {
      const i = (y * png.width + x) * 4;
      if ((png.pixels[i] ?? 255) < 100 && (png.pixels[i + 1] ?? 255) < 100 && (png.pixels[i + 2] ?? 255) < 100) dark++;
    }
  }
  return dark;
}

describe('svgToPng', () => {
  const chart = stackedBarChart({
    title: 'Qualidade — ação, índice, coração',
    categories: ['nome', 'e-mail 😀'],
    series: [
      { name: 'válido', color: STATUS_COLORS.valid, values: [9, 5] },
      { name: 'inválido', color: STATUS_COLORS.invalid, values: [1, 5] },
    ],
  });

  it('returns a PNG scaled 2× by default, with the title drawn in the bundled font', () => {
    const png = svgToPng(chart);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    const decoded = decodePng(png);
    expect([decoded.width, decoded.height]).toEqual([chart.width * 2, chart.height * 2]);
    // Without fonts resvg silently drops text: dark title glyphs prove DejaVu was loaded.
    expect(darkPixelsInRows(decoded, 0, 40 * 2)).toBeGreaterThan(200);
  });

  it('paints the series colours on an opaque white background', () => {
    const decoded = decodePng(svgToPng(chart, { scale: 1 }));
    expect([decoded.width, decoded.height]).toEqual([chart.width, chart.height]);
    const colours = new Set<string>();
    let translucent = 0;
    for (let i = 0; i < decoded.pixels.length; i += 4) {
      if (decoded.pixels[i + 3] !== 255) translucent++;
      colours.add(`#${[0, 1, 2].map((k) => (decoded.pixels[i + k] ?? 0).toString(16).padStart(2, '0')).join('')}`.toUpperCase());
    }
    expect(translucent).toBe(0);
    expect(colours).toContain('#FFFFFF');
    expect(colours).toContain(STATUS_COLORS.valid);
    expect(colours).toContain(STATUS_COLORS.invalid);
  });

  it('rasterizes every chart type, including "no data" ones', () => {
    for (const c of [
      barChart({ title: 'b', labels: ['x'], values: [1] }),
      pieChart({ title: 'p', slices: [{ name: 'x', value: 1 }] }),
      brazilUfChart({ title: 'u', counts: { SP: 1 } }),
      barChart({ title: 'vazio', labels: [], values: [] }),
    ]) {
      const decoded = decodePng(svgToPng(c, { scale: 1.5 }));
      expect([decoded.width, decoded.height]).toEqual([Math.round(c.width * 1.5), Math.round(c.height * 1.5)]);
      expect(darkPixelsInRows(decoded, 0, decoded.height)).toBeGreaterThan(0);
    }
  });

  it('rejects a scale that is not a positive number', () => {
    expect(() => svgToPng(chart, { scale: 0 })).toThrow(RangeError);
  });
});

describe('FONT_FILES', () => {
  it('resolves absolute paths to TrueType files from the dejavu-fonts-ttf package', () => {
    for (const file of [FONT_FILES.regular, FONT_FILES.bold]) {
      expect(isAbsolute(file)).toBe(true);
      expect(file).toMatch(/dejavu-fonts-ttf[\\/]ttf[\\/]DejaVuSans(-Bold)?\.ttf$/);
      expect(readFileSync(file).subarray(0, 4)).toEqual(Buffer.from([0, 1, 0, 0]));
    }
  });
});
