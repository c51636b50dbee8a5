import type { ReportModel } from '../model/report-model.js';
import { COLORS, FONT_SIZES, paragraph, sectionHeading } from './pdf-page.js';
import { drawTable, tableKeepHeight, type TableSpec } from './pdf-table.js';

/**
 * Fuzzy matching, after the duplicates by key: the two counts in a table, then the file to
 * review in a sentence (a table cell would cut a long file name with "…").
 */
export function drawFuzzyDuplicatesSection(doc: PDFKit.PDFDocument, model: ReportModel): void {
  const fuzzy = model.fuzzy;
  if (!fuzzy) return;
  const { labels } = fuzzy;
  const table: TableSpec = {
    columns: [{ header: labels.header[0], width: 1 }, { header: labels.header[1], width: 'fit', align: 'right' }],
    rows: [
      [labels.merged, model.format.integer(fuzzy.merged)],
      [labels.review, model.format.integer(fuzzy.review)],
    ],
  };
  sectionHeading(doc, labels.section, tableKeepHeight(table) + 20);
  drawTable(doc, table);
  paragraph(doc, fuzzy.reviewText);
  paragraph(doc, labels.explanation, { color: COLORS.muted, size: FONT_SIZES.small });
}
