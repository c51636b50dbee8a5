import { createHash } from 'node:crypto';
import * as echarts from 'echarts';
import type { ChartSvg } from './chart-svg.js';
import { FONT_FAMILY } from './fonts.js';
import { escapeXml } from './svg-text.js';

export interface EchartsRender {
  readonly option: echarts.EChartsCoreOption;
  readonly width: number;
  readonly height: number;
  readonly title: string;
  /** Text of the `<title>` added to the element drawn for one data item ("name: value"). */
  readonly itemTitle?: (seriesIndex: number, dataIndex: number) => string | undefined;
  /** Truncated label text → full text, shown as a `<title>` on that label. */
  readonly fullLabels?: ReadonlyMap<string, string>;
}

/**
 * Server-side echarts render (no DOM, no canvas) with the fixes every chart needs:
 * deterministic ids, a `<title>` per data item for screen readers and hover, and the
 * chart's title on the root element.
 */
export function renderEchartsSvg(render: EchartsRender): ChartSvg {
  const { width, height, title } = render;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  let svg: string;
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT_FAMILY }, ...render.option });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  svg = addItemTitles(svg, render.itemTitle);
  svg = addLabelTitles(svg, render.fullLabels);
  svg = labelRoot(svg, title);
  return { svg: stabilizeIds(svg), width, height, title };
}

/**
 * zrender numbers its CSS classes and clip paths with process-wide counters, so the same chart
 * rendered twice differs. Renumber them from 0 under a prefix hashed from the content: output
 * becomes reproducible, and two different charts inlined in one HTML page never share a class.
 */
export function stabilizeIds(svg: string): string {
  const zrenderId = /\bzr\d+-[a-z]+-?\d+\b/g;
  const ids = new Map<string, number>();
  for (const [id] of svg.matchAll(zrenderId)) if (!ids.has(id)) ids.set(id, ids.size);
  const renumbered = (prefix: string): string => svg.replace(zrenderId, (id) => `${prefix}-${ids.get(id)}`);
  const hash = createHash('sha1').update(renumbered('zr')).digest('hex').slice(0, 8);
  return renumbered(`hc${hash}`);
}

function addItemTitles(svg: string, itemTitle: EchartsRender['itemTitle']): string {
  if (!itemTitle) return svg;
  return svg.replace(
    /(<path\b[^>]*\becmeta_series_index="(\d+)" ecmeta_data_index="(\d+)" ecmeta_ssr_type="chart"[^>]*>)(<\/path>)/g,
    (whole, open: string, series: string, data: string, close: string) => {
      const text = itemTitle(Number(series), Number(data));
      return text === undefined ? whole : `${open}<title>${escapeXml(text)}</title>${close}`;
    },
  );
}

function addLabelTitles(svg: string, fullLabels: EchartsRender['fullLabels']): string {
  if (!fullLabels || fullLabels.size === 0) return svg;
  const byEscaped = new Map([...fullLabels].map(([short, full]) => [escapeXml(short), escapeXml(full)]));
  return svg.replace(/(<text\b[^>]*>)([^<]*)(<\/text>)/g, (whole, open: string, text: string, close: string) => {
    const full = byEscaped.get(text);
    return full === undefined ? whole : `${open}<title>${full}</title>${text}${close}`;
  });
}

/** `role="img"` + `aria-label` + a first-child `<title>`: how assistive tech names an inline SVG. */
export function labelRoot(svg: string, title: string): string {
  const escaped = escapeXml(title);
  return svg.replace(/^<svg\b([^>]*)>/, `<svg$1 role="img" aria-label="${escaped}"><title>${escaped}</title>`);
}
