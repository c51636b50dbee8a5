import type { Locale } from '../i18n/messages.js';
import type { RunSummary } from '../pipeline/summary.js';
import type { SummaryBlock, SummarySheet } from './xlsx/xlsx-workbook-writer.js';

const LABELS = {
  'pt-BR': {
    sheet: 'Resumo',
    title: 'Higienização de',
    file: 'Arquivo',
    encoding: 'Codificação',
    rows: 'Linhas lidas',
    kept: 'Mantidas',
    duplicates: 'Duplicadas',
    rejected: 'Rejeitadas',
    duration: 'Duração (s)',
    finished: 'Concluído em',
    fields: 'Campos',
    fieldHeader: ['Coluna', 'Tipo', 'Válidos', 'Corrigidos', 'Inválidos', 'Vazios', '% utilizável'],
    enrichment: 'Enriquecimento',
    enrichmentHeader: ['Fonte', 'Consultas', 'Encontrados', '% encontrados', 'Campos preenchidos'],
    rejections: 'Linhas rejeitadas por motivo',
    rejectionHeader: ['Motivo', 'Linhas'],
  },
  en: {
    sheet: 'Summary',
    title: 'Cleaning of',
    file: 'File',
    encoding: 'Encoding',
    rows: 'Rows read',
    kept: 'Kept',
    duplicates: 'Duplicates',
    rejected: 'Rejected',
    duration: 'Duration (s)',
    finished: 'Finished at',
    fields: 'Fields',
    fieldHeader: ['Column', 'Type', 'Valid', 'Corrected', 'Invalid', 'Empty', '% usable'],
    enrichment: 'Enrichment',
    enrichmentHeader: ['Source', 'Lookups', 'Hits', '% hits', 'Fields filled'],
    rejections: 'Rejected rows by reason',
    rejectionHeader: ['Reason', 'Rows'],
  },
} as const;

/** The Resumo sheet: headline numbers, the per-field table, enrichment and rejections. */
export function summarySheetOf(summary: RunSummary, lang: Locale): SummarySheet {
  const l = LABELS[lang];
  const share = (part: number, whole: number) => ({ value: whole === 0 ? 0 : part / whole, format: 'percent' as const });
  const blocks: SummaryBlock[] = [
    { kind: 'title', text: `${l.title} ${summary.input.file}` },
    {
      kind: 'pairs',
      pairs: [
        [l.file, summary.input.file],
        [l.encoding, summary.input.encoding],
        [l.rows, summary.input.rows],
        [l.kept, summary.rows.kept],
        [l.duplicates, summary.rows.duplicates],
        [l.rejected, summary.rows.rejected],
        [l.duration, { value: summary.durationMs / 1000, format: 'decimal' }],
        [l.finished, summary.finishedAt],
      ],
    },
    {
      kind: 'table',
      title: l.fields,
      header: l.fieldHeader,
      rows: Object.entries(summary.fields).map(([name, f]) => {
        const total = f.valid + f.corrected + f.invalid + f.empty;
        return [name, f.type, f.valid, f.corrected, f.invalid, f.empty, share(f.valid + f.corrected, total)];
      }),
    },
  ];
  const sources = Object.entries(summary.enrichment);
  if (sources.length > 0) {
    blocks.push({
      kind: 'table',
      title: l.enrichment,
      header: l.enrichmentHeader,
      rows: sources.map(([source, c]) => [source, c.lookups, c.hits, share(c.hits, c.lookups), c.filled]),
    });
  }
  const rejections = Object.entries(summary.rejections);
  if (rejections.length > 0) {
    blocks.push({ kind: 'table', title: l.rejections, header: l.rejectionHeader, rows: rejections.map(([code, n]) => [code, n]) });
  }
  return { name: l.sheet, blocks };
}
