import type { ReportModel } from '../model/report-model.js';
import { COLORS, FONT_SIZES, paragraph, sectionHeading, subHeading } from './pdf-page.js';
import { drawTable, tableKeepHeight, type TableSpec } from './pdf-table.js';

const MISMATCH_COLOR = '#D55E00';

/**
 * The CPF/CNPJ holder check, after the enrichment it comes from: the mismatches in words first
 * (what a reader must act on), the verdicts with shares, what they mean, then the registrations
 * that are not regular.
 */
export function drawHolderCheckSection(doc: PDFKit.PDFDocument, model: ReportModel): void {
  const check = model.holderCheck;
  if (!check) return;
  const { labels } = check;
  const { integer, share } = model.format;
  const number = { width: 'fit', align: 'right' } as const;
  const [verdict, cpf, cpfShare, cnpj, cnpjShare] = labels.header;
  const verdicts: TableSpec = {
    columns: [{ header: verdict, width: 1 }, { ...number, header: cpf }, { ...number, header: cpfShare }, { ...number, header: cnpj }, { ...number, header: cnpjShare }],
    rows: check.rows.map((r) => [r.label, integer(r.cpf), share(r.cpfShare), integer(r.cnpj), share(r.cnpjShare)]),
  };
  sectionHeading(doc, labels.section, tableKeepHeight(verdicts) + 20);
  if (check.mismatches.length === 0) paragraph(doc, labels.noMismatch);
  for (const sentence of check.mismatches) paragraph(doc, sentence, { color: MISMATCH_COLOR });
  drawTable(doc, verdicts);
  paragraph(doc, labels.explanation, { color: COLORS.muted, size: FONT_SIZES.small });

  const [kind, status, count, rate] = labels.irregularHeader;
  const irregular: TableSpec = {
    columns: [{ ...number, align: 'left', header: kind }, { header: status, width: 1 }, { ...number, header: count }, { ...number, header: rate }],
    rows: check.irregular.map((r) => [r.kindLabel, r.status, integer(r.count), share(r.share)]),
  };
  subHeading(doc, labels.irregular, check.irregular.length > 0 ? tableKeepHeight(irregular) : 20);
  if (check.irregular.length > 0) drawTable(doc, irregular);
  else paragraph(doc, labels.noIrregular, { color: COLORS.muted });
  paragraph(doc, labels.irregularExplanation, { color: COLORS.muted, size: FONT_SIZES.small });
}
