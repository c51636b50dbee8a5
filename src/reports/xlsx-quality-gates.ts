import type { SummaryBlock } from '../outputs/xlsx/xlsx-workbook-writer.js';
import type { ReportModel } from './model/report-model.js';

/** The Resumo sheet's quality gates: the verdict and each broken gate as notes, then every gate as a table. */
export function qualityGateBlocks(model: ReportModel): SummaryBlock[] {
  const gates = model.qualityGates;
  if (!gates) return [];
  return [
    { kind: 'note', text: `${gates.labels.section}: ${gates.headline}` },
    ...gates.rows.filter((r) => r.status === 'broken').map((r): SummaryBlock => ({ kind: 'note', text: r.sentence })),
    {
      kind: 'table',
      title: gates.labels.section,
      header: gates.labels.header,
      rows: gates.rows.map((r) => [r.what, r.measured, r.limit, r.levelLabel, r.statusLabel]),
    },
  ];
}
