import SVGtoPDF from 'svg-to-pdfkit';
import type { ChartSvg } from '../charts/chart-svg.js';
import { PDF_FONTS, fitToFont } from './pdf-fonts.js';
import { contentLeft, contentWidth, ensureSpace, pageContentHeight } from './pdf-page.js';

export interface ChartPlacement {
  /** Largest width in pt; default the content width. Charts are never scaled up past it. */
  readonly maxWidth?: number;
}

/** The size in pt {@link drawChart} gives `chart`, for keeping a heading on the same page as it. */
export function chartSize(doc: PDFKit.PDFDocument, chart: ChartSvg, placement: ChartPlacement = {}): { width: number; height: number } {
  const maxWidth = Math.min(placement.maxWidth ?? contentWidth(doc), contentWidth(doc));
  let scale = maxWidth / chart.width;
  const maxHeight = pageContentHeight(doc) - 4;
  if (chart.height * scale > maxHeight) scale = maxHeight / chart.height;
  return { width: chart.width * scale, height: chart.height * scale };
}

/**
 * Draws a chart SVG as vectors (text in the embedded DejaVu), scaled to the content width with
 * its aspect kept. It moves to a new page rather than split, and shrinks to one page's height
 * when taller than that.
 */
export function drawChart(doc: PDFKit.PDFDocument, chart: ChartSvg, placement: ChartPlacement = {}): void {
  const { width, height } = chartSize(doc, chart, placement);
  ensureSpace(doc, height + 4);
  const x = contentLeft(doc) + (contentWidth(doc) - width) / 2;
  const y = doc.y;
  SVGtoPDF(doc, fitToFont(chart.svg), x, y, {
    width,
    height,
    preserveAspectRatio: 'xMidYMid meet',
    // Whatever family the SVG names, draw with the embedded faces: accents render, nothing falls back to Helvetica.
    fontCallback: (_family, bold) => (bold ? PDF_FONTS.bold : PDF_FONTS.regular),
  });
  doc.font(PDF_FONTS.regular);
  doc.x = contentLeft(doc);
  doc.y = y + height + 8;
}
