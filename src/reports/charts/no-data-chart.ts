import type { ChartSvg } from './chart-svg.js';
import { FONT_FAMILY } from './fonts.js';
import { labelRoot } from './render-echarts.js';
import { escapeXml } from './svg-text.js';

export const NO_DATA_TEXT = '—';
const NO_DATA_HEIGHT = 120;

/** What a chart with nothing to draw shows: its title and a dash, never an exception. */
export function noDataChart(title: string, width: number): ChartSvg {
  const height = NO_DATA_HEIGHT;
  const font = `font-family:${FONT_FAMILY}`;
  const svg =
    `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" x="0" y="0" fill="none"></rect>` +
    `<text x="${width / 2}" y="28" text-anchor="middle" dominant-baseline="central" style="font-size:16px;font-weight:bold;${font};" fill="#333333">${escapeXml(title)}</text>` +
    `<text x="${width / 2}" y="76" text-anchor="middle" dominant-baseline="central" style="font-size:28px;${font};" fill="#888888">${NO_DATA_TEXT}</text>` +
    `</svg>`;
  return { svg: labelRoot(svg, title), width, height, title };
}

/** True when there is nothing positive to draw. */
export function hasNoData(values: Iterable<number>): boolean {
  for (const v of values) if (Number.isFinite(v) && v > 0) return false;
  return true;
}
