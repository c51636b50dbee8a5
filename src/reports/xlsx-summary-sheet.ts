import type { Locale } from '../i18n/messages.js';
import type { RunSummary } from '../pipeline/summary.js';
import { svgToPng } from './charts/svg-to-png.js';
import type { ChartSvg } from './charts/chart-svg.js';
import type { ReportCharts } from './model/report-charts.js';
import type { Count, ReportModel } from './model/report-model.js';
import { reportOf } from './model/report-of.js';
import { fuzzyDuplicateBlocks } from './xlsx-fuzzy-duplicates.js';
import { holderCheckBlocks } from './xlsx-holder-check.js';
import { qualityGateBlocks } from './xlsx-quality-gates.js';
import type { SheetImage, SummaryBlock, SummarySheet, SummaryValue } from '../outputs/xlsx/xlsx-workbook-writer.js';

// Phrases only the spreadsheet needs; everything shared with the PDF and HTML is in report-labels.ts.
const SHEET_LABELS = {
  'pt-BR': { sheet: 'Resumo', file: 'Arquivo' },
  en: { sheet: 'Summary', file: 'File' },
} as const;

/** Pixel density of the chart PNGs: sharp when Excel zooms to 200%. */
const PNG_SCALE = 2;

/**
 * The Resumo sheet as a dashboard: headline numbers, the per-field table (usable share as a
 * red→green colour scale, invalid counts flagged, top reasons), enrichment, duplicates, rejections,
 * and every report chart as a PNG to the right. Works from the run summary alone, so it costs the
 * same for 10 rows or 10 million.
 */
export function summarySheetOf(summary: RunSummary, lang: Locale): SummarySheet {
  // The same model and charts the PDF and HTML reports draw, built once per job.
  const { model, charts } = reportOf(summary, lang);
  return { name: SHEET_LABELS[lang].sheet, blocks: dashboardBlocks(model), images: chartImages(charts) };
}

export function dashboardBlocks(model: ReportModel): SummaryBlock[] {
  const { labels, format } = model;
  const local = SHEET_LABELS[model.lang];
  const count = (n: number): SummaryValue => ({ value: n, format: 'integer' });
  const share = (ratio: number): SummaryValue => ({ value: ratio, format: 'percent' });
  const countRows = (counts: readonly Count[]) => counts.map((c) => [c.label, count(c.count)]);
  const fieldHeader = [...labels.fieldHeader, labels.topReasons];

  const blocks: SummaryBlock[] = [
    { kind: 'title', text: labels.title },
    {
      kind: 'pairs',
      pairs: [
        [local.file, model.fileName],
        [labels.generatedAt, format.dateTime(model.finishedAt)],
        [labels.duration, format.duration(model.durationMs)],
        [labels.readAs, model.readAs],
        [labels.rowsIn, count(model.rows.input)],
        [labels.kept, count(model.rows.kept)],
        [labels.duplicates, count(model.rows.duplicates)],
        [labels.rejected, count(model.rows.rejected)],
        [labels.qualityScore, model.qualityScore === undefined ? labels.noData : share(model.qualityScore)],
      ],
    },
    ...model.readingNotes.map((n): SummaryBlock => ({ kind: 'note', text: n.text })),
    ...qualityGateBlocks(model),
    { kind: 'note', text: labels.qualityDefinition },
    model.fields.length === 0
      ? { kind: 'table', title: labels.fields, header: fieldHeader, rows: [[labels.noData]] }
      : {
          kind: 'table',
          title: labels.fields,
          header: fieldHeader,
          rows: model.fields.map((f) => [
            f.name,
            f.typeLabel,
            count(f.valid),
            count(f.corrected),
            count(f.invalid),
            count(f.empty),
            share(f.usable),
            // The reasons in one cell keep everything about a field on one sortable row.
            f.topReasons.map((r) => `${r.label} (${format.integer(r.count)})`).join('; '),
          ]),
          highlights: [
            { column: FIELD_COLUMN.invalid, highlight: 'alertAboveZero' },
            { column: FIELD_COLUMN.usable, highlight: 'shareScale' },
          ],
        },
  ];

  blocks.push(
    model.enrichment.length === 0
      ? { kind: 'pairs', title: labels.enrichment, pairs: [[labels.noEnrichment, null]] }
      : {
          kind: 'table',
          title: labels.enrichment,
          header: labels.enrichmentHeader,
          rows: model.enrichment.map((e) => [e.label, count(e.lookups), count(e.hits), share(e.hitRate), count(e.filled)]),
          highlights: [{ column: 3, highlight: 'shareScale' }],
        },
  );
  blocks.push(...holderCheckBlocks(model));
  if (model.duplicatesByKey.length > 0) {
    blocks.push({ kind: 'table', title: labels.duplicatesByKey, header: [labels.duplicateKey, labels.rows], rows: countRows(model.duplicatesByKey) });
  }
  blocks.push(...fuzzyDuplicateBlocks(model));
  if (model.rejectionsByReason.length > 0) {
    blocks.push({ kind: 'table', title: labels.rejectionsByReason, header: [labels.reason, labels.rows], rows: countRows(model.rejectionsByReason) });
  }
  return blocks;
}

/** Column indexes in the field table: Campo, Tipo, Válidos, Corrigidos, Inválidos, Vazios, % utilizável, motivos. */
const FIELD_COLUMN = { invalid: 4, usable: 6 } as const;

/** Every chart, in reading order: field status first, then enrichment and the distributions. */
export function chartImages(charts: ReportCharts): SheetImage[] {
  const ordered: (ChartSvg | undefined)[] = [
    ...charts.fieldStatus,
    charts.enrichment,
    charts.ufs,
    charts.phoneTypes,
    charts.emailDomains,
    charts.duplicates,
    charts.rejections,
  ];
  return ordered
    .filter((chart): chart is ChartSvg => chart !== undefined)
    .map((chart) => ({ png: svgToPng(chart, { scale: PNG_SCALE }), widthPx: chart.width, heightPx: chart.height, description: chart.title }));
}
