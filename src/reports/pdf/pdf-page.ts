import { PDF_FONTS, fitToFont } from './pdf-fonts.js';

/** A4 portrait, 40 pt margins; the bottom margin also holds the footer line. */
export const PAGE_MARGIN = 40;
const FOOTER_BAND = 20;

export const COLORS = { text: '#1A1A1A', muted: '#5F6368', rule: '#D0D4DA', headerFill: '#EEF1F5', zebra: '#F7F8FA', accent: '#0072B2' } as const;

export const FONT_SIZES = { body: 9.5, small: 8.5, h1: 15, h2: 11.5 } as const;

export function pdfDocumentOptions(title: string, lang: string): PDFKit.PDFDocumentOptions {
  return {
    size: 'A4',
    margins: { top: PAGE_MARGIN, left: PAGE_MARGIN, right: PAGE_MARGIN, bottom: PAGE_MARGIN + FOOTER_BAND },
    bufferPages: true, // footers need the final page count, known only at the end
    autoFirstPage: true,
    lang,
    displayTitle: true,
    info: { Title: title, Creator: 'Higia', Producer: 'Higia (pdfkit)' },
  };
}

export const contentLeft = (doc: PDFKit.PDFDocument): number => doc.page.margins.left;
export const contentWidth = (doc: PDFKit.PDFDocument): number => doc.page.width - doc.page.margins.left - doc.page.margins.right;
export const contentBottom = (doc: PDFKit.PDFDocument): number => doc.page.height - doc.page.margins.bottom;
const contentTop = (doc: PDFKit.PDFDocument): number => doc.page.margins.top;

/** Height a full page offers below the top margin. */
export const pageContentHeight = (doc: PDFKit.PDFDocument): number => contentBottom(doc) - contentTop(doc);

/** Starts a new page unless `height` still fits below the cursor. Returns whether it did. */
export function ensureSpace(doc: PDFKit.PDFDocument, height: number): boolean {
  if (doc.y + height <= contentBottom(doc) || doc.y <= contentTop(doc) + 1) return false;
  doc.addPage();
  return true;
}

export function newPage(doc: PDFKit.PDFDocument): void {
  if (doc.y > contentTop(doc) + 1) doc.addPage();
}

/** Section title; kept on the same page as at least `keepWithNext` pt of what follows it. */
export function sectionHeading(doc: PDFKit.PDFDocument, text: string, keepWithNext = 90): void {
  ensureSpace(doc, 30 + keepWithNext);
  if (doc.y > contentTop(doc) + 1) doc.moveDown(0.8);
  const y = doc.y;
  doc.font(PDF_FONTS.bold).fontSize(FONT_SIZES.h1).fillColor(COLORS.text);
  drawLine(doc, text, contentLeft(doc), y, contentWidth(doc));
  const ruleY = y + FONT_SIZES.h1 * 1.3;
  doc.moveTo(contentLeft(doc), ruleY).lineTo(contentLeft(doc) + contentWidth(doc), ruleY).lineWidth(0.8).strokeColor(COLORS.accent).stroke();
  doc.x = contentLeft(doc);
  doc.y = ruleY + 8;
}

export function subHeading(doc: PDFKit.PDFDocument, text: string, keepWithNext = 40): void {
  ensureSpace(doc, 20 + keepWithNext);
  const y = doc.y + 4;
  doc.font(PDF_FONTS.bold).fontSize(FONT_SIZES.h2).fillColor(COLORS.text);
  drawLine(doc, text, contentLeft(doc), y, contentWidth(doc));
  doc.x = contentLeft(doc);
  doc.y = y + FONT_SIZES.h2 * 1.45;
}

/** Wrapped body text across the content width. */
export function paragraph(doc: PDFKit.PDFDocument, text: string, options: { color?: string; size?: number } = {}): void {
  const size = options.size ?? FONT_SIZES.body;
  doc.font(PDF_FONTS.regular).fontSize(size).fillColor(options.color ?? COLORS.text);
  const safe = fitToFont(text);
  ensureSpace(doc, doc.heightOfString(safe, { width: contentWidth(doc) }));
  doc.text(safe, contentLeft(doc), doc.y, { width: contentWidth(doc) });
  doc.x = contentLeft(doc);
  doc.moveDown(0.4);
}

/** One line of text at (x, y), cut with "…" to `width`; never wraps, never moves to a new page. */
export function drawLine(doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number, align: 'left' | 'right' | 'center' = 'left'): void {
  const fitted = truncateToWidth(doc, fitToFont(text.replace(/\s+/g, ' ')), width);
  doc.text(fitted, x, y, { width, align, lineBreak: false, height: doc.currentLineHeight(true) + 2 });
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** Longest prefix of `text` that fits `width` in the current font, ending in "…" when cut; never splits a character sequence. */
export function truncateToWidth(doc: PDFKit.PDFDocument, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  const chars = Array.from(graphemes.segment(text), (g) => g.segment);
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (doc.widthOfString(`${chars.slice(0, mid).join('').trimEnd()}…`) <= width) low = mid;
    else high = mid - 1;
  }
  return `${chars.slice(0, low).join('').trimEnd()}…`;
}

/** Largest size ≤ `size` at which `text` fits `width` in the current font. */
export function fitFontSize(doc: PDFKit.PDFDocument, text: string, width: number, size: number, minSize = 6): number {
  doc.fontSize(size);
  const natural = doc.widthOfString(text);
  return natural <= width ? size : Math.max(minSize, Math.floor((size * width) / natural * 10) / 10);
}

/** "página X de Y" (and the report name) on every page; runs last, once the page count is known. */
export function writeFooters(doc: PDFKit.PDFDocument, left: string, pageLabel: (current: number, total: number) => string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not trigger an automatic new page
    const y = doc.page.height - PAGE_MARGIN - 2;
    const width = contentWidth(doc);
    doc.moveTo(contentLeft(doc), y - 5).lineTo(contentLeft(doc) + width, y - 5).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
    doc.font(PDF_FONTS.regular).fontSize(FONT_SIZES.small).fillColor(COLORS.muted);
    const pageText = pageLabel(i - start + 1, count);
    const pageWidth = doc.widthOfString(pageText) + 2;
    drawLine(doc, left, contentLeft(doc), y, width - pageWidth - 12);
    drawLine(doc, pageText, contentLeft(doc) + width - pageWidth, y, pageWidth, 'right');
    doc.page.margins.bottom = bottom;
  }
}
