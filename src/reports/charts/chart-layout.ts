import { estimateTextWidth, truncateToWidth } from './svg-text.js';

/** Shared geometry so every chart type agrees on fonts and spacing. */
export const LABEL_FONT_SIZE = 12;
export const TITLE_FONT_SIZE = 16;
/** Vertical slot per category: 18 px bar + gap; 60 categories → ~1.7k px, still legible. */
export const ROW_HEIGHT_PX = 28;
export const TITLE_BLOCK_PX = 40;
export const LEGEND_BLOCK_PX = 28;
export const AXIS_BLOCK_PX = 32;

export function titleOption(title: string): object {
  return {
    text: title,
    left: 'center',
    top: 8,
    textStyle: { fontSize: TITLE_FONT_SIZE, fontWeight: 'bold', color: '#333333' },
  };
}

export interface CategoryLabels {
  /** Labels as drawn, truncated with "…" where too long. */
  readonly shown: string[];
  /** Shown → full text for the truncated ones. */
  readonly fullLabels: Map<string, string>;
  /** Pixels the axis needs for the widest shown label. */
  readonly width: number;
}

/** Truncate category labels to at most `maxWidth` px. */
export function fitCategoryLabels(labels: readonly string[], maxWidth: number): CategoryLabels {
  const fullLabels = new Map<string, string>();
  const shown = labels.map((label) => {
    const short = truncateToWidth(label, maxWidth, LABEL_FONT_SIZE);
    if (short !== label) fullLabels.set(short, label);
    return short;
  });
  const width = Math.max(0, ...shown.map((s) => estimateTextWidth(s, LABEL_FONT_SIZE)));
  return { shown, fullLabels, width: Math.ceil(width) };
}

/** A finite, non-negative number; anything else draws as nothing. */
export function cleanValue(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * How many intervals a horizontal value axis can show without tick labels colliding: echarts
 * cannot measure text server-side, so "1.000.000" ticks would otherwise overlap.
 */
export function valueAxisSplitNumber(plotWidthPx: number, widestTickText: string): number {
  const slot = estimateTextWidth(widestTickText, LABEL_FONT_SIZE) + 24;
  return Math.max(1, Math.min(5, Math.floor(plotWidthPx / slot)));
}
