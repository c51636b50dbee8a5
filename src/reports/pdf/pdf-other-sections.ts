import type { Count, ReportModel } from '../model/report-model.js';
import type { ReportCharts } from '../model/report-charts.js';
import type { ChartSvg } from '../charts/chart-svg.js';
import { chartSize, drawChart, type ChartPlacement } from './pdf-chart.js';
import { COLORS, paragraph, sectionHeading, subHeading } from './pdf-page.js';
import { drawTable, tableKeepHeight, type TableSpec } from './pdf-table.js';

/** Examples listed under the duplicates and rejections tables (the summary keeps the first five). */
const MAX_EXAMPLES = 5;
/** The UF grid and the pie read well at about 85 % of the page width, and then share one page. */
const COMPACT_PLACEMENT: ChartPlacement = { maxWidth: 440 };

/** ReportLabels has no header for the duplicate-key column; the word is the same in both tables here. */

export function drawEnrichmentSection(doc: PDFKit.PDFDocument, model: ReportModel, charts: ReportCharts): void {
  const { labels, format } = model;
  if (model.enrichment.length === 0) {
    sectionHeading(doc, labels.enrichment, 20);
    paragraph(doc, labels.noEnrichment, { color: COLORS.muted });
    return;
  }
  const [source, lookups, found, rate, filled] = labels.enrichmentHeader;
  const number = { width: 'fit', align: 'right' } as const;
  const table: TableSpec = {
    columns: [{ header: source, width: 1 }, { ...number, header: lookups }, { ...number, header: found }, { ...number, header: rate }, { ...number, header: filled }],
    rows: model.enrichment.map((e) => [e.label, format.integer(e.lookups), format.integer(e.hits), format.percent(e.hitRate), format.integer(e.filled)]),
  };
  sectionHeading(doc, labels.enrichment, tableKeepHeight(table));
  drawTable(doc, table);
  if (charts.enrichment) drawChart(doc, charts.enrichment);
}

export function drawDistributionsSection(doc: PDFKit.PDFDocument, model: ReportModel, charts: ReportCharts): void {
  const present: [ChartSvg, ChartPlacement][] = [];
  if (charts.ufs) present.push([charts.ufs, COMPACT_PLACEMENT]);
  if (charts.phoneTypes) present.push([charts.phoneTypes, COMPACT_PLACEMENT]);
  if (charts.emailDomains) present.push([charts.emailDomains, {}]);
  const first = present[0];
  sectionHeading(doc, model.labels.distributions, first ? chartSize(doc, ...first).height + 8 : 20);
  if (!first) {
    paragraph(doc, model.labels.noData, { color: COLORS.muted });
    return;
  }
  for (const [chart, placement] of present) drawChart(doc, chart, placement);
}

export function drawDuplicatesSection(doc: PDFKit.PDFDocument, model: ReportModel, charts: ReportCharts): void {
  const { labels, format } = model;
  if (model.rows.duplicates === 0 && model.duplicatesByKey.length === 0) {
    sectionHeading(doc, labels.duplicates, 20);
    paragraph(doc, labels.noData, { color: COLORS.muted });
    return;
  }
  const byKey = countTable(model, model.labels.duplicateKey, model.duplicatesByKey, model.rows.duplicates);
  sectionHeading(doc, labels.duplicates, tableKeepHeight(byKey));
  drawTable(doc, byKey);
  if (charts.duplicates) drawChart(doc, charts.duplicates);
  if (model.duplicateExamples.length === 0) return;
  const examples: TableSpec = {
    columns: [
      { header: labels.line, width: 'fit', align: 'right' },
      { header: labels.keptLine, width: 'fit', align: 'right' },
      { header: model.labels.duplicateKey, width: 1 },
    ],
    rows: model.duplicateExamples.slice(0, MAX_EXAMPLES).map((e) => [format.integer(e.line), format.integer(e.keptLine), e.key]),
  };
  subHeading(doc, labels.duplicateExamples, tableKeepHeight(examples));
  drawTable(doc, examples);
}

export function drawRejectionsSection(doc: PDFKit.PDFDocument, model: ReportModel, charts: ReportCharts): void {
  const { labels, format } = model;
  if (model.rows.rejected === 0 && model.rejectionsByReason.length === 0) {
    sectionHeading(doc, labels.rejected, 20);
    paragraph(doc, labels.noData, { color: COLORS.muted });
    return;
  }
  const byReason = countTable(model, labels.reason, model.rejectionsByReason, model.rows.rejected);
  sectionHeading(doc, labels.rejected, tableKeepHeight(byReason));
  drawTable(doc, byReason);
  if (charts.rejections) drawChart(doc, charts.rejections);
  if (model.rejectionExamples.length === 0) return;
  const examples: TableSpec = {
    columns: [
      { header: labels.line, width: 'fit', align: 'right' },
      { header: labels.reason, width: 1 },
    ],
    rows: model.rejectionExamples.slice(0, MAX_EXAMPLES).map((e) => [format.integer(e.line), e.reasons]),
  };
  subHeading(doc, labels.rejectionExamples, tableKeepHeight(examples));
  drawTable(doc, examples);
}

/**
 * Counts with their share of `total`. A row can be rejected for several reasons at once, so
 * rejection shares may add up to more than 100 %.
 */
function countTable(model: ReportModel, header: string, counts: readonly Count[], total: number): TableSpec {
  const { labels, format } = model;
  return {
    columns: [
      { header, width: 1 },
      { header: labels.rows, width: 'fit', align: 'right' },
      { header: '%', width: 'fit', align: 'right' },
    ],
    rows: counts.map((c) => [c.label, format.integer(c.count), total > 0 ? format.percent(c.count / total) : '—']),
  };
}
