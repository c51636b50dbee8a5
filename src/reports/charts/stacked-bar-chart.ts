import { DEFAULT_CHART_WIDTH, defaultFormatValue, type ChartSvg } from './chart-svg.js';
import {
  AXIS_BLOCK_PX,
  LABEL_FONT_SIZE,
  LEGEND_BLOCK_PX,
  ROW_HEIGHT_PX,
  TITLE_BLOCK_PX,
  cleanValue,
  fitCategoryLabels,
  titleOption,
  valueAxisSplitNumber,
} from './chart-layout.js';
import { FONT_FAMILY } from './fonts.js';
import { hasNoData, noDataChart } from './no-data-chart.js';
import { renderEchartsSvg } from './render-echarts.js';
import { estimateTextWidth, textColorOn } from './svg-text.js';

export interface StackedBarSeries {
  readonly name: string;
  readonly color: string;
  /** One value per category, in category order. */
  readonly values: readonly number[];
}

export interface StackedBarChartOptions {
  readonly title: string;
  readonly categories: readonly string[];
  readonly series: readonly StackedBarSeries[];
  /** Each bar shows shares of its own total (0–100 %) instead of absolute values. */
  readonly asPercent?: boolean;
  readonly formatValue?: (n: number) => string;
  /** Formats a ratio (0.25 → "25%") for labels when `asPercent`; default rounds to whole percent. */
  readonly formatPercent?: (ratio: number) => string;
  readonly width?: number;
}

const defaultFormatPercent = (ratio: number): string => `${Math.round(ratio * 100)}%`;

/** Horizontal stacked bars, one per category in the given order (e.g. per field: valid/corrected/invalid/empty). */
export function stackedBarChart(options: StackedBarChartOptions): ChartSvg {
  const { title, categories, series, asPercent = false } = options;
  const width = options.width ?? DEFAULT_CHART_WIDTH;
  const formatValue = options.formatValue ?? defaultFormatValue;
  const formatPercent = options.formatPercent ?? defaultFormatPercent;
  const raw = series.map((s) => categories.map((_, i) => cleanValue(s.values[i])));
  if (categories.length === 0 || series.length === 0 || hasNoData(raw.flat())) return noDataChart(title, width);

  const totals = categories.map((_, i) => raw.reduce((sum, values) => sum + (values[i] ?? 0), 0));
  const labels = fitCategoryLabels(categories, Math.min(width * 0.35, 240));
  // Absolute bars print their total past the end; percent bars all end at 100 %, so their right
  // margin instead holds the last segment's label when that segment is too thin for it.
  const totalTexts = asPercent ? [] : totals.map(formatValue);
  const widestTotal = Math.max(0, ...totalTexts.map((t) => estimateTextWidth(t, LABEL_FONT_SIZE - 1, true)));
  const grid = { left: labels.width + 16, right: Math.max(44, Math.ceil(widestTotal) + 16), top: TITLE_BLOCK_PX + LEGEND_BLOCK_PX + 8, bottom: AXIS_BLOCK_PX };
  const height = grid.top + categories.length * ROW_HEIGHT_PX + grid.bottom;
  const plotWidth = width - grid.left - grid.right;
  const axisMax = asPercent ? 100 : Math.max(...totals);

  const shareOf = (value: number, i: number): number => ((totals[i] ?? 0) > 0 ? value / (totals[i] ?? 1) : 0);
  const labelOf = (value: number, i: number): string => (asPercent ? formatPercent(shareOf(value, i)) : formatValue(value));

  const echartsSeries = series.map((s, seriesIndex) => ({
    type: 'bar',
    name: s.name,
    stack: 'total',
    barWidth: 18,
    color: s.color,
    label: { show: true, position: 'inside', color: textColorOn(s.color), fontSize: LABEL_FONT_SIZE - 1 },
    data: (raw[seriesIndex] ?? []).map((value, i) => {
      if (value === 0) return null; // no zero-width segment, no stray "0" label
      const length = asPercent ? shareOf(value, i) * 100 : value;
      const text = labelOf(value, i);
      const textWidth = estimateTextWidth(text, LABEL_FONT_SIZE - 1);
      if (textWidth + 6 <= (length / axisMax) * plotWidth) return { value: length, label: { formatter: () => text } };
      const isLastSegment = raw.every((values, s) => s <= seriesIndex || (values[i] ?? 0) === 0);
      const barEndPx = ((asPercent ? 100 : (totals[i] ?? 0)) / axisMax) * plotWidth;
      const hasRoomAfterBar = asPercent && isLastSegment && plotWidth + grid.right - 8 - barEndPx >= textWidth + 5;
      return hasRoomAfterBar
        ? { value: length, label: { position: 'right', distance: 5, color: '#1A1A1A', formatter: () => text } }
        : { value: length, label: { show: false } };
    }),
  }));

  return renderEchartsSvg({
    width,
    height,
    title,
    option: {
      title: titleOption(title),
      legend: { top: TITLE_BLOCK_PX, itemGap: 18, itemWidth: 14, itemHeight: 10, data: series.map((s) => s.name) },
      // Our own label layout decides the margins: echarts would re-measure (wrongly, for non-ASCII) and shift the plot.
      grid: { ...grid, outerBoundsMode: 'none' },
      xAxis: {
        type: 'value',
        max: axisMax,
        splitNumber: asPercent ? 5 : valueAxisSplitNumber(plotWidth, formatValue(axisMax)),
        axisLabel: {
          hideOverlap: true, formatter: (v: number) => (asPercent ? formatPercent(v / 100) : formatValue(v)) },
      },
      yAxis: { type: 'category', inverse: true, data: labels.shown, axisTick: { show: false } },
      series: echartsSeries,
      // Category bands are exactly ROW_HEIGHT_PX tall, so each total's position is known here.
      graphic: totalTexts.map((text, i) => ({
        type: 'text',
        x: grid.left + ((totals[i] ?? 0) / axisMax) * plotWidth + 5,
        y: grid.top + (i + 0.5) * ROW_HEIGHT_PX,
        style: { text, fill: '#1A1A1A', fontSize: LABEL_FONT_SIZE - 1, fontWeight: 'bold', fontFamily: FONT_FAMILY, align: 'left', verticalAlign: 'middle' },
      })),
    },
    fullLabels: labels.fullLabels,
    itemTitle: (seriesIndex, dataIndex) => {
      const value = raw[seriesIndex]?.[dataIndex];
      if (value === undefined) return undefined;
      const share = asPercent ? ` (${formatPercent(shareOf(value, dataIndex))})` : '';
      return `${categories[dataIndex]} · ${series[seriesIndex]?.name}: ${formatValue(value)}${share}`;
    },
  });
}
