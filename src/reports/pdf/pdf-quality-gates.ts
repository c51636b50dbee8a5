import type { ReportModel } from '../model/report-model.js';
import { COLORS, paragraph, sectionHeading } from './pdf-page.js';
import { drawTable, tableKeepHeight, type TableSpec } from './pdf-table.js';

const BROKEN_COLORS = { error: '#D55E00', warning: '#8A5A00' } as const;

/**
 * The layout's quality gates, first after the cover: the verdict, each broken gate in full
 * (table cells are cut with "…", and these sentences are what a reader must not miss), then
 * every gate in a table.
 */
export function drawQualityGatesSection(doc: PDFKit.PDFDocument, model: ReportModel): void {
  const gates = model.qualityGates;
  if (!gates) return;
  const [gate, measured, limit, level, result] = gates.labels.header;
  const table: TableSpec = {
    columns: [{ header: gate, width: 1 }, { header: measured, width: 1 }, { header: limit, width: 'fit' }, { header: level, width: 'fit' }, { header: result, width: 'fit' }],
    rows: gates.rows.map((r) => [r.what, r.measured, r.limit, r.levelLabel, r.statusLabel]),
  };
  sectionHeading(doc, gates.labels.section, tableKeepHeight(table) + 40);
  paragraph(doc, gates.headline, { color: gates.passed ? COLORS.text : BROKEN_COLORS.error });
  for (const row of gates.rows) {
    if (row.status === 'broken') paragraph(doc, row.sentence, { color: BROKEN_COLORS[row.level] });
  }
  drawTable(doc, table);
}
