import { PDF_FONTS, fitToFont } from './pdf-fonts.js';
import { COLORS, FONT_SIZES, contentBottom, contentLeft, contentWidth, drawLine, ensureSpace } from './pdf-page.js';

export interface TableColumn {
  readonly header: string;
  readonly align?: 'left' | 'right';
  /**
   * 'fit': as wide as its widest cell or header (numbers, short codes);
   * a number: that share of what the 'fit' columns leave (text that may be cut with "…").
   */
  readonly width: 'fit' | number;
}

export interface TableSpec {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly (readonly string[])[];
  readonly fontSize?: number;
}

const CELL_PADDING = 4;
/** Tables up to this many rows move to the next page whole instead of splitting. */
const KEEP_WHOLE_ROWS = 10;
/** A longer table starts only where its header and this many rows fit. */
const MIN_ROWS_BEFORE_BREAK = 3;

const rowHeightFor = (fontSize: number): number => Math.round(fontSize * 1.75);

/** Height that must fit below the cursor before the table starts (a caption above it should ask for it too). */
export function tableKeepHeight(table: TableSpec): number {
  const rows = table.rows.length <= KEEP_WHOLE_ROWS ? table.rows.length : MIN_ROWS_BEFORE_BREAK;
  return (rows + 1) * rowHeightFor(table.fontSize ?? FONT_SIZES.body) + 6;
}
/** A text column never shrinks below this, however wide the numbers are. */
const MIN_SHARE_WIDTH = 60;

/**
 * A one-line-per-row table across the content width. Long text is cut with "…" (never
 * wraps or overflows); when the rows reach the bottom of a page the table continues on the
 * next one under a repeated header.
 */
export function drawTable(doc: PDFKit.PDFDocument, table: TableSpec): void {
  const fontSize = table.fontSize ?? FONT_SIZES.body;
  const rowHeight = rowHeightFor(fontSize);
  const headers = table.columns.map((c) => fitToFont(c.header));
  const widths = columnWidths(doc, table, headers, fontSize);

  const drawRow = (cells: readonly string[], y: number, isHeader: boolean, isOdd: boolean) => {
    const left = contentLeft(doc);
    const total = widths.reduce((a, b) => a + b, 0);
    if (isHeader || isOdd) {
      doc.rect(left, y, total, rowHeight).fill(isHeader ? COLORS.headerFill : COLORS.zebra);
    }
    doc.font(isHeader ? PDF_FONTS.bold : PDF_FONTS.regular).fontSize(fontSize).fillColor(COLORS.text);
    let x = left;
    table.columns.forEach((column, i) => {
      const width = widths[i] ?? 0;
      const textY = y + (rowHeight - fontSize * 1.17) / 2;
      drawLine(doc, cells[i] ?? '', x + CELL_PADDING, textY, width - 2 * CELL_PADDING, column.align ?? 'left');
      x += width;
    });
    if (isHeader) doc.moveTo(left, y + rowHeight).lineTo(left + total, y + rowHeight).lineWidth(0.6).strokeColor(COLORS.muted).stroke();
  };

  ensureSpace(doc, tableKeepHeight(table));
  let y = doc.y;
  drawRow(headers, y, true, false);
  y += rowHeight;
  table.rows.forEach((row, index) => {
    if (y + rowHeight > contentBottom(doc)) {
      doc.addPage();
      y = doc.y;
      drawRow(headers, y, true, false);
      y += rowHeight;
    }
    drawRow(row, y, false, index % 2 === 1);
    y += rowHeight;
  });
  doc.x = contentLeft(doc);
  doc.y = y + 6;
}

function columnWidths(doc: PDFKit.PDFDocument, table: TableSpec, headers: readonly string[], fontSize: number): number[] {
  const available = contentWidth(doc);
  const measure = (font: string, text: string) => doc.font(font).fontSize(fontSize).widthOfString(fitToFont(text));
  const fitted = table.columns.map((column, i) => {
    if (column.width !== 'fit') return 0;
    const widest = Math.max(measure(PDF_FONTS.bold, headers[i] ?? ''), ...table.rows.map((row) => measure(PDF_FONTS.regular, row[i] ?? '')));
    return Math.ceil(widest) + 2 * CELL_PADDING + 1;
  });
  const shares = table.columns.map((c) => (c.width === 'fit' ? 0 : c.width));
  const shareTotal = shares.reduce((a, b) => a + b, 0);
  const fittedTotal = fitted.reduce((a, b) => a + b, 0);
  const left = Math.max(available - fittedTotal, MIN_SHARE_WIDTH * (shareTotal > 0 ? shares.filter((s) => s > 0).length : 0));
  const widths = table.columns.map((_, i) => ((shares[i] ?? 0) > 0 ? (left * (shares[i] ?? 0)) / shareTotal : (fitted[i] ?? 0)));
  // Too many wide numbers: shrink the fitted columns proportionally so the table still fits the page.
  const total = widths.reduce((a, b) => a + b, 0);
  return total <= available ? widths : widths.map((w) => (w * available) / total);
}
