import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import type { ReportCharts } from '../model/report-charts.js';
import type { ReportModel } from '../model/report-model.js';
import { drawCover } from './pdf-cover.js';
import { drawFieldsSection } from './pdf-fields-section.js';
import { registerReportFonts } from './pdf-fonts.js';
import { drawFuzzyDuplicatesSection } from './pdf-fuzzy-duplicates.js';
import { drawHolderCheckSection } from './pdf-holder-check.js';
import { drawDistributionsSection, drawDuplicatesSection, drawEnrichmentSection, drawRejectionsSection } from './pdf-other-sections.js';
import { newPage, pdfDocumentOptions, writeFooters } from './pdf-page.js';
import { drawQualityGatesSection } from './pdf-quality-gates.js';

/** `<name>_relatorio.pdf`: cover, fields, enrichment, distributions, duplicates, rejections. */
export async function writePdfReport(model: ReportModel, charts: ReportCharts, path: string): Promise<void> {
  await streamPdfReport(model, charts, createWriteStream(path));
}

/** The same report written to any stream (e.g. straight to a file store upload). Resolves once `out` has finished. */
export async function streamPdfReport(model: ReportModel, charts: ReportCharts, out: Writable): Promise<void> {
  const doc = new PDFDocument(pdfDocumentOptions(`${model.labels.title} — ${model.fileName}`, model.lang));
  const written = pipeline(doc, out);
  try {
    drawReport(doc, model, charts);
    doc.end();
  } catch (error) {
    doc.destroy(error as Error);
  }
  await written;
}

function drawReport(doc: PDFKit.PDFDocument, model: ReportModel, charts: ReportCharts): void {
  registerReportFonts(doc);
  drawCover(doc, model);
  newPage(doc);
  drawQualityGatesSection(doc, model);
  drawFieldsSection(doc, model, charts);
  drawEnrichmentSection(doc, model, charts);
  drawHolderCheckSection(doc, model);
  drawDistributionsSection(doc, model, charts);
  drawDuplicatesSection(doc, model, charts);
  drawFuzzyDuplicatesSection(doc, model);
  drawRejectionsSection(doc, model, charts);
  writeFooters(doc, `${model.labels.title} — ${model.fileName}`, model.labels.page);
}
