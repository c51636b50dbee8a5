import { DEFAULT_CHART_WIDTH, defaultFormatValue, type ChartSvg } from './chart-svg.js';
import { TITLE_BLOCK_PX, TITLE_FONT_SIZE } from './chart-layout.js';
import { FONT_FAMILY } from './fonts.js';
import { hasNoData, noDataChart } from './no-data-chart.js';
import { labelRoot } from './render-echarts.js';
import { escapeXml, estimateTextWidth, textColorOn } from './svg-text.js';

export interface BrazilUfChartOptions {
  readonly title: string;
  /** Rows per UF code ("SP", "rj"…); keys that are not one of the 27 UFs are summed under `otherLabel`. */
  readonly counts: Readonly<Record<string, number>>;
  readonly formatValue?: (n: number) => string;
  readonly width?: number;
  readonly otherLabel?: string;
}

/**
 * Tile-grid map: one square per UF, placed roughly where the state lies. Equal tiles keep small
 * states (DF, SE, AL) as readable as large ones and need no GeoJSON; the grid is [column, row].
 */
export const UF_TILES: Readonly<Record<string, readonly [number, number]>> = {
  RR: [1, 0], AP: [2, 0],
  AM: [1, 1], PA: [2, 1], MA: [3, 1], CE: [4, 1], RN: [5, 1],
  AC: [0, 2], RO: [1, 2], TO: [2, 2], PI: [3, 2], PE: [4, 2], PB: [5, 2],
  MT: [1, 3], GO: [2, 3], BA: [3, 3], SE: [4, 3], AL: [5, 3],
  MS: [1, 4], DF: [2, 4], MG: [3, 4], ES: [4, 4],
  SP: [2, 5], RJ: [3, 5],
  PR: [2, 6],
  SC: [2, 7],
  RS: [2, 8],
};

const GRID_COLUMNS = 6;
const GRID_ROWS = 9;
const MAX_CELL_PX = 64;
const GAP_PX = 3;
/** ColorBrewer "Blues": sequential, safe for colour-blind readers and greyscale print. */
const SCALE = ['#DEEBF7', '#9ECAE1', '#6BAED6', '#3182BD', '#08519C'] as const;
const ZERO_FILL = '#F2F2F2';

/** Rows by UF as a tile map of Brazil's 27 states, each tile labelled with its UF and value. */
export function brazilUfChart(options: BrazilUfChartOptions): ChartSvg {
  const { title } = options;
  const width = options.width ?? DEFAULT_CHART_WIDTH;
  const formatValue = options.formatValue ?? defaultFormatValue;
  const { byUf, other } = groupCounts(options.counts);
  if (hasNoData([...byUf.values(), other])) return noDataChart(title, width);

  const cell = Math.min(MAX_CELL_PX, Math.floor((width - 24) / GRID_COLUMNS));
  const left = Math.round((width - cell * GRID_COLUMNS) / 2);
  const top = TITLE_BLOCK_PX + 8;
  const height = top + cell * GRID_ROWS + 16;
  const steps = legendSteps(Math.max(...byUf.values()));
  const fillFor = (value: number): string =>
    value <= 0 ? ZERO_FILL : (steps.findLast((step) => value >= step.min)?.color ?? ZERO_FILL);

  const font = `font-family:${FONT_FAMILY}`;
  const tiles = Object.entries(UF_TILES).map(([uf, [col, row]]) => {
    const value = byUf.get(uf) ?? 0;
    const text = formatValue(value);
    const fill = fillFor(value);
    const ink = textColorOn(fill);
    const x = left + col * cell;
    const y = top + row * cell;
    const size = cell - GAP_PX;
    const valueFont = Math.min(11, (size - 6) / Math.max(0.5, estimateTextWidth(text, 1)));
    return (
      `<g data-uf="${uf}" data-value="${value}"><title>${uf}: ${escapeXml(text)}</title>` +
      `<rect x="${x}" y="${y}" width="${size}" height="${size}" rx="4" fill="${fill}"></rect>` +
      `<text x="${x + size / 2}" y="${y + size * 0.36}" text-anchor="middle" dominant-baseline="central" style="font-size:${Math.min(14, size * 0.28).toFixed(1)}px;font-weight:bold;${font};" fill="${ink}">${uf}</text>` +
      `<text x="${x + size / 2}" y="${y + size * 0.7}" text-anchor="middle" dominant-baseline="central" style="font-size:${valueFont.toFixed(1)}px;${font};" fill="${ink}">${escapeXml(text)}</text>` +
      `</g>`
    );
  });

  // The south-east corner of the grid is empty (the Atlantic): the legend goes there.
  const legendX = left + 3.6 * cell;
  const legendY = top + 6 * cell;
  const legend = steps.map((step, k) => {
    const y = legendY + k * 20;
    return (
      `<rect x="${legendX}" y="${y}" width="14" height="14" rx="2" fill="${step.color}"></rect>` +
      `<text x="${legendX + 20}" y="${y + 7}" dominant-baseline="central" style="font-size:11px;${font};" fill="#333333">≥ ${escapeXml(formatValue(step.min))}</text>`
    );
  });
  const otherLine =
    other > 0
      ? `<text x="${legendX}" y="${legendY + steps.length * 20 + 14}" dominant-baseline="central" style="font-size:11px;${font};" fill="#333333" data-uf="other" data-value="${other}">${escapeXml(`${options.otherLabel ?? 'Sem UF / outras'}: ${formatValue(other)}`)}</text>`
      : '';

  const svg =
    `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" x="0" y="0" fill="none"></rect>` +
    `<text x="${width / 2}" y="${8 + TITLE_FONT_SIZE / 2 + 4}" text-anchor="middle" dominant-baseline="central" style="font-size:${TITLE_FONT_SIZE}px;font-weight:bold;${font};" fill="#333333">${escapeXml(title)}</text>` +
    tiles.join('') +
    legend.join('') +
    otherLine +
    `</svg>`;
  return { svg: labelRoot(svg, title), width, height, title };
}

/**
 * Colour steps on a square-root scale (one state, usually SP, dwarfs the rest; linear steps would
 * paint every other state the palest blue), with bounds rounded to two significant digits so the
 * legend reads "≥ 17.000", not "≥ 16.494". Small maxima give fewer, distinct steps.
 */
function legendSteps(max: number): { min: number; color: string }[] {
  const bounds = [...new Set(SCALE.map((_, k) => Math.max(1, roundUpTwoDigits(max * (k / SCALE.length) ** 2))))];
  const last = SCALE.length - 1;
  return bounds.map((min, j) => ({
    min,
    color: SCALE[bounds.length === 1 ? last : Math.round((j * last) / (bounds.length - 1))] ?? ZERO_FILL,
  }));
}

function roundUpTwoDigits(n: number): number {
  if (n <= 0) return 0;
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 1);
  return Math.ceil(n / unit) * unit;
}

function groupCounts(counts: Readonly<Record<string, number>>): { byUf: Map<string, number>; other: number } {
  const byUf = new Map<string, number>(Object.keys(UF_TILES).map((uf) => [uf, 0]));
  let other = 0;
  for (const [key, raw] of Object.entries(counts)) {
    const value = Number.isFinite(raw) && raw > 0 ? raw : 0;
    const uf = key.trim().toUpperCase();
    const current = byUf.get(uf);
    if (current === undefined) other += value;
    else byUf.set(uf, current + value);
  }
  return { byUf, other };
}
