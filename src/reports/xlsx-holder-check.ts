import type { SummaryBlock, SummaryValue } from '../outputs/xlsx/xlsx-workbook-writer.js';
import type { ReportModel } from './model/report-model.js';

/** The Resumo sheet's holder check: the mismatches as a note, the verdicts with shares, then the irregular registrations. */
export function holderCheckBlocks(model: ReportModel): SummaryBlock[] {
  const check = model.holderCheck;
  if (!check) return [];
  const { labels } = check;
  const count = (n: number): SummaryValue => ({ value: n, format: 'integer' });
  const share = (ratio: number): SummaryValue => ({ value: ratio, format: 'percent' });
  return [
    { kind: 'note', text: `${labels.section}: ${check.mismatches.length > 0 ? check.mismatches.join('; ') : labels.noMismatch}` },
    {
      kind: 'table',
      title: labels.section,
      header: labels.header,
      rows: check.rows.map((r) => [r.label, count(r.cpf), share(r.cpfShare), count(r.cnpj), share(r.cnpjShare)]),
    },
    { kind: 'note', text: labels.explanation },
    check.irregular.length > 0
      ? {
          kind: 'table',
          title: labels.irregular,
          header: labels.irregularHeader,
          rows: check.irregular.map((r) => [r.kindLabel, r.status, count(r.count), share(r.share)]),
        }
      : { kind: 'pairs', title: labels.irregular, pairs: [[labels.noIrregular, null]] },
    { kind: 'note', text: labels.irregularExplanation },
  ];
}
