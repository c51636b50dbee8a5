import type { ReportModel } from '../model/report-model.js';
import { PDF_FONTS, fitToFont } from './pdf-fonts.js';
import { COLORS, contentLeft, contentWidth, drawLine, fitFontSize, paragraph } from './pdf-page.js';

const CARD_GAP = 10;
const CARD_HEIGHT = 70;
const ROW_COLORS = { kept: '#009E73', duplicates: '#E69F00', rejected: '#D55E00' } as const;

/** Page 1: what file, when, how long, what became of its rows, and one quality number. */
export function drawCover(doc: PDFKit.PDFDocument, model: ReportModel): void {
  const { labels, format } = model;
  const left = contentLeft(doc);
  const width = contentWidth(doc);

  doc.rect(left, doc.y, 6, 46).fill(COLORS.accent);
  doc.font(PDF_FONTS.bold).fontSize(24).fillColor(COLORS.text);
  drawLine(doc, labels.title, left + 16, doc.page.margins.top, width - 16);
  doc.font(PDF_FONTS.regular).fontSize(11).fillColor(COLORS.muted);
  drawLine(doc, labels.subtitle, left + 16, doc.page.margins.top + 32, width - 16);

  let y = doc.page.margins.top + 80;
  const fileName = fitToFont(model.fileName || '—');
  doc.font(PDF_FONTS.bold);
  doc.fontSize(fitFontSize(doc, fileName, width, 18, 10)).fillColor(COLORS.text);
  drawLine(doc, fileName, left, y, width);
  y += 32;

  const facts: [string, string][] = [
    [labels.generatedAt, format.dateTime(model.finishedAt)],
    [labels.duration, format.duration(model.durationMs)],
    [labels.readAs, model.readAs || '—'],
  ];
  const labelWidth = 110;
  for (const [label, value] of facts) {
    doc.font(PDF_FONTS.regular).fontSize(10.5).fillColor(COLORS.muted);
    drawLine(doc, label, left, y, labelWidth);
    doc.font(PDF_FONTS.bold).fillColor(COLORS.text);
    drawLine(doc, value, left + labelWidth, y, width - labelWidth);
    y += 17;
  }
  for (const note of model.readingNotes) {
    doc.font(note.level === 'warning' ? PDF_FONTS.bold : PDF_FONTS.regular).fontSize(9.5);
    doc.fillColor(note.level === 'warning' ? ROW_COLORS.rejected : COLORS.muted);
    const text = fitToFont(note.text);
    const height = doc.heightOfString(text, { width });
    doc.text(text, left, y, { width });
    y += height + 4;
  }

  y += 22;
  drawRowCards(doc, model, y);
  y += CARD_HEIGHT + 12;
  drawRowShareBar(doc, model, y);
  y += 46;

  drawQuality(doc, model, y);
}

function drawRowCards(doc: PDFKit.PDFDocument, model: ReportModel, y: number): void {
  const { labels, format, rows } = model;
  const share = (n: number) => (rows.input > 0 ? format.share(n / rows.input) : '—');
  const cards: { label: string; value: string; note: string; color: string }[] = [
    { label: labels.rowsIn, value: format.integer(rows.input), note: '', color: COLORS.accent },
    { label: labels.kept, value: format.integer(rows.kept), note: share(rows.kept), color: ROW_COLORS.kept },
    { label: labels.duplicates, value: format.integer(rows.duplicates), note: share(rows.duplicates), color: ROW_COLORS.duplicates },
    { label: labels.rejected, value: format.integer(rows.rejected), note: share(rows.rejected), color: ROW_COLORS.rejected },
  ];
  const cardWidth = (contentWidth(doc) - CARD_GAP * (cards.length - 1)) / cards.length;
  cards.forEach((card, i) => {
    const x = contentLeft(doc) + i * (cardWidth + CARD_GAP);
    const inner = cardWidth - 20;
    doc.roundedRect(x, y, cardWidth, CARD_HEIGHT, 4).fill(COLORS.zebra);
    doc.rect(x, y, 3, CARD_HEIGHT).fill(card.color);
    doc.font(PDF_FONTS.regular).fontSize(9).fillColor(COLORS.muted);
    drawLine(doc, card.label, x + 12, y + 9, inner);
    doc.font(PDF_FONTS.bold);
    doc.fontSize(fitFontSize(doc, card.value, inner, 20)).fillColor(COLORS.text);
    drawLine(doc, card.value, x + 12, y + 24, inner);
    doc.font(PDF_FONTS.regular).fontSize(9).fillColor(COLORS.muted);
    drawLine(doc, card.note, x + 12, y + 52, inner);
  });
}

/** The fate of every input row as one 100 % bar, in the colours of the cards above it. */
function drawRowShareBar(doc: PDFKit.PDFDocument, model: ReportModel, y: number): void {
  const { rows } = model;
  const width = contentWidth(doc);
  doc.rect(contentLeft(doc), y, width, 8).fill(COLORS.headerFill);
  if (rows.input === 0) return;
  let x = contentLeft(doc);
  for (const key of ['kept', 'duplicates', 'rejected'] as const) {
    const segment = (rows[key] / rows.input) * width;
    if (segment > 0) doc.rect(x, y, segment, 8).fill(ROW_COLORS[key]);
    x += segment;
  }
}

function drawQuality(doc: PDFKit.PDFDocument, model: ReportModel, y: number): void {
  const { labels, format, qualityScore } = model;
  const left = contentLeft(doc);
  doc.font(PDF_FONTS.bold).fontSize(13).fillColor(COLORS.text);
  drawLine(doc, labels.qualityScore, left, y, contentWidth(doc));
  doc.font(PDF_FONTS.bold).fontSize(48).fillColor(qualityColor(qualityScore));
  drawLine(doc, qualityScore === undefined ? '—' : format.percent(qualityScore), left, y + 22, contentWidth(doc));
  doc.x = left;
  doc.y = y + 86;
  if (qualityScore === undefined) paragraph(doc, labels.noData, { color: COLORS.muted });
  paragraph(doc, labels.qualityDefinition, { color: COLORS.muted, size: 10 });
}

/** Same reading as the field chart: green is good, vermillion needs attention. */
function qualityColor(score: number | undefined): string {
  if (score === undefined) return COLORS.muted;
  if (score >= 0.95) return '#009E73';
  if (score >= 0.8) return '#E69F00';
  return '#D55E00';
}
