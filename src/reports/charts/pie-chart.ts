import { CATEGORY_COLORS, DEFAULT_CHART_WIDTH, defaultFormatValue, type ChartSvg } from './chart-svg.js';
import { LABEL_FONT_SIZE, TITLE_BLOCK_PX, cleanValue, titleOption } from './chart-layout.js';
import { hasNoData, noDataChart } from './no-data-chart.js';
import { renderEchartsSvg } from './render-echarts.js';
import { truncateToWidth } from './svg-text.js';

export interface PieSlice {
  readonly name: string;
  readonly value: number;
  readonly color?: string;
}

export interface PieChartOptions {
  readonly title: string;
  readonly slices: readonly PieSlice[];
  readonly formatValue?: (n: number) => string;
  readonly width?: number;
  /** Slices beyond this many (largest first) merge into one named `otherLabel`; default 10. */
  readonly maxSlices?: number;
  readonly otherLabel?: string;
}

/** A donut with "name: value" printed beside each slice. Zero slices are left out. */
export function pieChart(options: PieChartOptions): ChartSvg {
  const { title } = options;
  const width = options.width ?? DEFAULT_CHART_WIDTH;
  const formatValue = options.formatValue ?? defaultFormatValue;
  const slices = capSlices(
    options.slices.map((s) => ({ ...s, value: cleanValue(s.value) })).filter((s) => s.value > 0),
    options.maxSlices ?? 10,
    options.otherLabel ?? 'Outros',
  );
  if (slices.length === 0 || hasNoData(slices.map((s) => s.value))) return noDataChart(title, width);

  const height = Math.max(280, Math.round(width * 0.55));
  const texts = slices.map((s) => formatValue(s.value));
  // Room left for labels either side of the donut: a third of the width, minus the leader line.
  const labelWidth = Math.max(60, width / 2 - Math.min(width, height) * 0.3 - 40);

  return renderEchartsSvg({
    width,
    height,
    title,
    option: {
      title: titleOption(title),
      series: [
        {
          type: 'pie',
          radius: ['38%', '62%'],
          center: ['50%', `${50 + (TITLE_BLOCK_PX / height) * 50}%`],
          avoidLabelOverlap: true,
          label: {
            show: true,
            fontSize: LABEL_FONT_SIZE - 1,
            color: '#1A1A1A',
            formatter: (p: { dataIndex: number }) => {
              const s = slices[p.dataIndex];
              return s ? `${truncateToWidth(s.name, labelWidth - 50, LABEL_FONT_SIZE - 1)}: ${texts[p.dataIndex]}` : '';
            },
          },
          labelLine: { length: 10, length2: 10 },
          data: slices.map((s, i) => ({
            name: s.name,
            value: s.value,
            itemStyle: { color: s.color ?? CATEGORY_COLORS[i % CATEGORY_COLORS.length], borderColor: '#FFFFFF', borderWidth: 1 },
          })),
        },
      ],
    },
    itemTitle: (_, i) => (slices[i] ? `${slices[i].name}: ${texts[i]}` : undefined),
  });
}

/** Keep the largest slices; a pie with 40 slivers says nothing. Input order is kept for the rest. */
function capSlices(slices: PieSlice[], maxSlices: number, otherLabel: string): PieSlice[] {
  if (slices.length <= maxSlices) return slices;
  const keep = new Set([...slices].sort((a, b) => b.value - a.value).slice(0, Math.max(1, maxSlices - 1)));
  const kept = slices.filter((s) => keep.has(s));
  const rest = slices.filter((s) => !keep.has(s)).reduce((sum, s) => sum + s.value, 0);
  return [...kept, { name: otherLabel, value: rest, color: '#999999' }];
}
