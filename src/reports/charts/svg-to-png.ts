import { Resvg } from '@resvg/resvg-js';
import type { ChartSvg } from './chart-svg.js';
import { FONT_FAMILY, FONT_FILES } from './fonts.js';

export interface SvgToPngOptions {
  /** Pixel density: 2 keeps text sharp when Excel or a phone zooms in. */
  readonly scale?: number;
}

/**
 * Rasterize a chart with resvg (pure Rust, no browser, no native canvas) using only the bundled
 * DejaVu fonts: skipping system fonts makes the PNG identical on every machine, and faster.
 * A white background, because spreadsheet apps show transparent PNGs on grey or dark themes.
 */
export function svgToPng(chart: ChartSvg, options: SvgToPngOptions = {}): Buffer {
  const scale = options.scale ?? 2;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new RangeError(`scale must be a positive number, got ${scale}`);
  const resvg = new Resvg(chart.svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: scale },
    font: {
      loadSystemFonts: false,
      fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  });
  return resvg.render().asPng();
}
