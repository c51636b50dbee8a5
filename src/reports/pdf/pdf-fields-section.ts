import type { FieldReport, ReportModel } from '../model/report-model.js';
import type { ReportCharts } from '../model/report-charts.js';
import { drawChart } from './pdf-chart.js';
import { PDF_FONTS, fitToFont } from './pdf-fonts.js';
import { COLORS, FONT_SIZES, contentLeft, contentWidth, drawLine, ensureSpace, paragraph, sectionHeading, subHeading, truncateToWidth } from './pdf-page.js';
import { drawTable, tableKeepHeight, type TableSpec } from './pdf-table.js';

const EXAMPLES_PER_LIST = 3;
/** Detail blocks are for the fields that need attention; past this many, the spreadsheet has the rest. */
export const MAX_DETAILED_FIELDS = 20;
const LINE_HEIGHT = 12.5;

/** The per-field table, the status charts, then reasons and examples for fields with problems. */
export function drawFieldsSection(doc: PDFKit.PDFDocument, model: ReportModel, charts: ReportCharts): void {
  const { labels, format } = model;
  if (model.fields.length === 0) {
    sectionHeading(doc, labels.fields, 20);
    paragraph(doc, labels.noData, { color: COLORS.muted });
    return;
  }
  const [name, , valid, corrected, invalid, empty, usable] = labels.fieldHeader;
  const number = { width: 'fit', align: 'right' } as const;
  const table: TableSpec = {
    // The type is in each field's details below; here the room goes to the counts and their shares.
    columns: [{ header: name, width: 1 }, { ...number, header: valid }, { ...number, header: corrected }, { ...number, header: invalid }, { ...number, header: empty }, { ...number, header: usable }],
    // Each count with its share of the rows, so the table reads like the bar beside it.
    rows: model.fields.map((f) => {
      const withShare = (n: number) => `${format.integer(n)} (${format.share(f.total === 0 ? 0 : n / f.total)})`;
      return [f.name, withShare(f.valid), withShare(f.corrected), withShare(f.invalid), withShare(f.empty), format.percent(f.usable)];
    }),
  };
  sectionHeading(doc, labels.fields, tableKeepHeight(table));
  drawTable(doc, table);

  for (const chart of charts.fieldStatus) drawChart(doc, chart);

  const withProblems = model.fields.filter((f) => f.invalid > 0 || f.corrections.length > 0);
  const detailed = new Set([...withProblems].sort((a, b) => b.invalid - a.invalid || b.corrected - a.corrected).slice(0, MAX_DETAILED_FIELDS));
  for (const field of withProblems) if (detailed.has(field)) drawFieldDetails(doc, model, field);
  if (withProblems.length > detailed.size) paragraph(doc, labels.moreFields(withProblems.length - detailed.size), { color: COLORS.muted });
}

/** "before → after" on one line; when too long, each side is cut to half so the fix stays visible. */
function beforeAfter(doc: PDFKit.PDFDocument, before: string, after: string, width: number): string {
  const arrow = '  →  ';
  doc.font(PDF_FONTS.regular).fontSize(FONT_SIZES.body);
  const [safeBefore, safeAfter] = [fitToFont(before), fitToFont(after)];
  if (doc.widthOfString(`${safeBefore}${arrow}${safeAfter}`) <= width) return `${safeBefore}${arrow}${safeAfter}`;
  const half = (width - doc.widthOfString(arrow)) / 2;
  return `${truncateToWidth(doc, safeBefore, half)}${arrow}${truncateToWidth(doc, safeAfter, half)}`;
}

function drawFieldDetails(doc: PDFKit.PDFDocument, model: ReportModel, field: FieldReport): void {
  const { labels, format } = model;
  const lists: { title: string; items: string[] }[] = [
    { title: labels.topReasons, items: field.topReasons.map((r) => `${r.label}: ${format.integer(r.count)}`) },
    { title: labels.corrections, items: field.corrections.slice(0, EXAMPLES_PER_LIST).map((c) => beforeAfter(doc, c.before, c.after, contentWidth(doc) - 30)) },
    { title: labels.invalidExamples, items: field.invalidExamples.slice(0, EXAMPLES_PER_LIST).map((e) => `${e.value}  (${e.reason})`) },
  ].filter((list) => list.items.length > 0);
  const height = 24 + lists.reduce((sum, list) => sum + (list.items.length + 1) * LINE_HEIGHT + 4, 0);
  ensureSpace(doc, height);
  subHeading(doc, `${field.name} (${field.typeLabel})`, 0);
  const left = contentLeft(doc) + 8;
  const width = contentWidth(doc) - 8;
  let y = doc.y;
  for (const list of lists) {
    doc.font(PDF_FONTS.bold).fontSize(FONT_SIZES.small).fillColor(COLORS.muted);
    drawLine(doc, list.title, left, y, width);
    y += LINE_HEIGHT;
    doc.font(PDF_FONTS.regular).fontSize(FONT_SIZES.body).fillColor(COLORS.text);
    for (const item of list.items) {
      drawLine(doc, `•  ${item}`, left + 6, y, width - 6);
      y += LINE_HEIGHT;
    }
    y += 4;
  }
  doc.x = contentLeft(doc);
  doc.y = y + 4;
}
