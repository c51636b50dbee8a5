import { CATEGORY_COLORS, DEFAULT_CHART_WIDTH, defaultFormatValue, type ChartSvg } from './chart-svg.js';
import {
  AXIS_BLOCK_PX,
  LABEL_FONT_SIZE,
  ROW_HEIGHT_PX,
  TITLE_BLOCK_PX,
  cleanValue,
  fitCategoryLabels,
  titleOption,
  valueAxisSplitNumber,
} from './chart-layout.js';
import { hasNoData, noDataChart } from './no-data-chart.js';
import { renderEchartsSvg } from './render-echarts.js';
import { estimateTextWidth } from './svg-text.js';

export interface BarChartOptions {
  readonly title: string;
  readonly labels: readonly string[];
  /** One value per label; drawn in the given order (sort before calling). */
  readonly values: readonly number[];
  readonly color?: string;
  /** Bars grow to the right (default; room for long labels) or upwards. */
  readonly horizontal?: boolean;
  readonly formatValue?: (n: number) => string;
  readonly width?: number;
}

const VERTICAL_PLOT_HEIGHT_PX = 240;

/** A single series of bars with its value printed at the end of each bar. */
export function barChart(options: BarChartOptions): ChartSvg {
  const { title, labels: categories, horizontal = true } = options;
  const width = options.width ?? DEFAULT_CHART_WIDTH;
  const formatValue = options.formatValue ?? defaultFormatValue;
  const color = options.color ?? CATEGORY_COLORS[0];
  const values = categories.map((_, i) => cleanValue(options.values[i]));
  if (categories.length === 0 || hasNoData(values)) return noDataChart(title, width);

  const valueTexts = values.map(formatValue);
  const widestValue = Math.max(...valueTexts.map((t) => estimateTextWidth(t, LABEL_FONT_SIZE)));
  const layout = horizontal
    ? horizontalLayout(categories, width, widestValue)
    : verticalLayout(categories, width, widestValue);
  const categoryAxis = {
    type: 'category',
    data: layout.labels.shown,
    axisTick: { show: false },
    ...(horizontal ? { inverse: true } : { axisLabel: { interval: 0, rotate: layout.rotate } }),
  };
  const plotWidth = width - layout.grid.left - layout.grid.right;
  const valueAxis = {
    type: 'value',
    splitNumber: horizontal ? valueAxisSplitNumber(plotWidth, formatValue(Math.max(...values) * 1.2)) : 5,
    axisLabel: { formatter: (v: number) => formatValue(v), hideOverlap: true },
  };

  return renderEchartsSvg({
    width,
    height: layout.height,
    title,
    option: {
      title: titleOption(title),
      // Our own label layout decides the margins: echarts would re-measure (wrongly, for non-ASCII) and shift the plot.
      grid: { ...layout.grid, outerBoundsMode: 'none' },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          color,
          label: {
            show: true,
            position: horizontal ? 'right' : 'top',
            color: '#1A1A1A',
            fontSize: LABEL_FONT_SIZE - 1,
            formatter: (p: { dataIndex: number }) => valueTexts[p.dataIndex] ?? '',
          },
          data: values,
        },
      ],
    },
    fullLabels: layout.labels.fullLabels,
    itemTitle: (_, i) => (i < categories.length ? `${categories[i]}: ${valueTexts[i]}` : undefined),
  });
}

function horizontalLayout(categories: readonly string[], width: number, widestValue: number) {
  const labels = fitCategoryLabels(categories, Math.min(width * 0.35, 240));
  // The right margin holds the value label printed past the longest bar.
  const grid = { left: labels.width + 16, right: Math.ceil(widestValue) + 20, top: TITLE_BLOCK_PX + 8, bottom: AXIS_BLOCK_PX };
  return { labels, grid, height: grid.top + categories.length * ROW_HEIGHT_PX + grid.bottom, rotate: 0 };
}

function verticalLayout(categories: readonly string[], width: number, widestValue: number) {
  const slot = (width - 80) / categories.length;
  // Labels wider than their slot are turned 45°; the axis then needs room for the diagonal.
  const rotate = categories.some((c) => estimateTextWidth(c, LABEL_FONT_SIZE) > slot - 4) ? 45 : 0;
  const labels = fitCategoryLabels(categories, rotate ? 140 : Math.max(slot - 4, 24));
  const axisHeight = rotate ? Math.ceil(labels.width * Math.SQRT1_2) + 24 : AXIS_BLOCK_PX;
  const grid = { left: Math.max(48, Math.ceil(widestValue) + 16), right: 24, top: TITLE_BLOCK_PX + 24, bottom: axisHeight };
  return { labels, grid, height: grid.top + VERTICAL_PLOT_HEIGHT_PX + grid.bottom, rotate };
}
