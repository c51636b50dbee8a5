import type { SummaryBlock } from '../outputs/xlsx/xlsx-workbook-writer.js';
import type { ReportModel } from './model/report-model.js';

/** The Resumo sheet's fuzzy matching: merged rows and pairs for review as numbers, the review file named in full. */
export function fuzzyDuplicateBlocks(model: ReportModel): SummaryBlock[] {
  const fuzzy = model.fuzzy;
  if (!fuzzy) return [];
  const { labels } = fuzzy;
  return [
    {
      kind: 'pairs',
      title: labels.section,
      pairs: [
        [labels.merged, { value: fuzzy.merged, format: 'integer' }],
        [labels.review, { value: fuzzy.review, format: 'integer' }],
        ...(fuzzy.review > 0 ? [[labels.reviewFile, fuzzy.reviewFile] as const] : []),
      ],
    },
    { kind: 'note', text: fuzzy.reviewText },
    { kind: 'note', text: labels.explanation },
  ];
}
