import type { ColumnPlan } from '../domain/columns/column-plan.js';
import type { CleanRow, DuplicateRow, EnrichedRow, ReviewPair } from '../domain/row.js';
import type { Locale, Messages } from '../i18n/messages.js';
import { messagesFor } from '../i18n/messages.js';
import type { SourcePlan } from '../pipeline/stages/enrichment-plan.js';
import { uniqueNames } from '../domain/columns/unique-names.js';
import { addressParts } from '../domain/rules/address.js';

export type CellKind = 'text' | 'money';

/** Header, cell kinds and row → cells for one output table. Writers only format. */
export interface OutputTable<R> {
  readonly header: readonly string[];
  readonly kinds: readonly CellKind[];
  cells(row: R): string[];
}

export interface OutputTables {
  readonly data: OutputTable<EnrichedRow>;
  readonly duplicates: OutputTable<DuplicateRow>;
  readonly rejected: OutputTable<CleanRow>;
  /** Pairs that fuzzy matching leaves for review (`<name>_possiveis_duplicados.csv`). */
  readonly review: OutputTable<ReviewPair>;
}

/**
 * The column layout of every tabular output. Kept and duplicate rows keep the original
 * columns in their order with clean values in place, then what Higia adds; rejected rows
 * are written as they came, so they can be fixed and sent again.
 */
export function buildOutputTables(columns: readonly ColumnPlan[], enrichment: readonly SourcePlan[], locale: Locale): OutputTables {
  const m = messagesFor(locale);
  const width = columns.length;
  const typed = columns.filter((c) => c.rule !== undefined);
  const classified = typed.filter((c) => c.type === 'phone' || c.type === 'document');
  const addresses = typed.filter((c) => c.type === 'address');
  const originalHeaders = columns.map((c) => c.header);
  // Added columns are named after their column; two "Telefone" columns give "Telefone (2)_status".
  const names = uniqueNames(originalHeaders);
  const kinds = columns.map((c): CellKind => (c.type === 'money' ? 'money' : 'text'));
  const cleanHeaders = [
    ...originalHeaders,
    ...typed.map((c) => `${names[c.index]}_status`),
    ...classified.map((c) => `${names[c.index]}${m.columns.typeSuffix}`),
    ...addresses.flatMap((c) => [`${names[c.index]}${m.columns.numberSuffix}`, `${names[c.index]}${m.columns.complementSuffix}`]),
    m.columns.line,
    m.columns.reasons,
  ];
  const typedIndexes = typed.map((c) => c.index);
  const classifiedIndexes = classified.map((c) => c.index);
  const addressIndexes = addresses.map((c) => c.index);
  // Built with plain loops: this runs once per output row, millions of times.
  const cleanCells = (row: CleanRow): string[] => {
    const cells = row.values.slice();
    for (const i of typedIndexes) cells.push(row.statuses[i] ?? '');
    for (const i of classifiedIndexes) cells.push(row.infos[i] ?? '');
    for (const i of addressIndexes) {
      const { number, complement } = addressParts(row.infos[i]);
      cells.push(number, complement);
    }
    cells.push(String(row.line), row.issues.length + row.rejections.length === 0 ? '' : reasonsOf(row, columns, m, locale));
    return cells;
  };
  const referenceHeaders = enrichment.flatMap((p) => p.added.map((a) => a.header));
  const holderHeaders = enrichment.flatMap((p) => (p.holder ? [p.holder.header] : []));
  const enrichmentHeaders = enrichment.length === 0 ? [] : [...referenceHeaders, ...holderHeaders, m.columns.enriched, m.columns.enrichedFields];
  const reasonsAt = cleanHeaders.length - 1;
  const textKinds = (n: number): CellKind[] => new Array<CellKind>(n).fill('text');

  return {
    data: {
      header: [...cleanHeaders, ...enrichmentHeaders],
      kinds: [...kinds, ...textKinds(cleanHeaders.length - width + enrichmentHeaders.length)],
      cells: (row) => {
        const cells = cleanCells(row);
        if (enrichment.length === 0) return cells;
        let isEnriched = row.filledColumns.length > 0;
        for (const reference of row.references) {
          cells.push(reference);
          if (reference !== '') isEnriched = true;
        }
        if (holderHeaders.length > 0) {
          for (let i = 0; i < holderHeaders.length; i++) cells.push(row.holders?.[i]?.verdict ?? '');
          const said = holderReasons(row, m);
          if (said !== '') cells[reasonsAt] = cells[reasonsAt] === '' ? said : `${cells[reasonsAt]}; ${said}`;
        }
        cells.push(isEnriched ? m.yes : m.no, row.filledColumns.map((c) => columns[c]!.header).join(', '));
        return cells;
      },
    },
    duplicates: {
      header: [...cleanHeaders, m.columns.duplicateOf, m.columns.duplicateKey, m.columns.similarity, m.columns.evidence],
      kinds: [...kinds, ...textKinds(cleanHeaders.length - width + 4)],
      cells: ({ row, keptLine, fuzzy }) => {
        const cells = cleanCells(row);
        if (fuzzy) cells.push(String(keptLine), 'fuzzy', fuzzy.score.toFixed(3), fuzzy.evidence);
        else cells.push(String(keptLine), row.dedupeKey ?? '', '', '');
        return cells;
      },
    },
    review: {
      header: m.columns.review,
      kinds: textKinds(m.columns.review.length),
      cells: (pair) => [String(pair.line), pair.name, String(pair.otherLine), pair.otherName, pair.score.toFixed(3), pair.evidence],
    },
    rejected: {
      header: [...originalHeaders, m.columns.line, m.columns.reasons],
      kinds: [...textKinds(width), 'text', 'text'],
      cells: (row) => {
        const cells = row.raw.slice(0, width);
        while (cells.length < width) cells.push('');
        const overflow = row.raw.length > width ? ` [${row.raw.slice(width).join(' | ')}]` : '';
        return [...cells, String(row.line), reasonsOf(row, columns, m, locale) + overflow];
      },
    },
  };
}

/** `CPF: titular diferente no cadastro (outro primeiro nome); CPF: situação cadastral SUSPENSA`: only what needs a look. */
function holderReasons(row: EnrichedRow, m: Messages): string {
  const parts: string[] = [];
  for (const holder of row.holders ?? []) {
    if (!holder) continue;
    const label = holder.kind.toUpperCase();
    if ((holder.verdict === 'nao' || holder.verdict === 'parcial') && holder.reason) parts.push(`${label}: ${m.holder[holder.verdict]} (${m.holder.reasons[holder.reason]})`);
    if (holder.irregular) parts.push(`${label}: ${m.holder.irregular} ${holder.irregular}`);
  }
  return parts.join('; ');
}

/** `CPF: dígitos verificadores não conferem; E-mail: e-mail mal formado` (English adds the detail). */
export function reasonsOf(row: CleanRow, columns: readonly ColumnPlan[], m: Messages, locale: Locale): string {
  const parts: string[] = [];
  for (const r of row.rejections) {
    const where = r.column === undefined ? '' : `${columns[r.column]!.header}: `;
    parts.push(locale === 'en' ? `${where}${m.rejections[r.code]} (${r.detail})` : `${where}${m.rejections[r.code]}`);
  }
  for (const issue of row.issues) {
    const text = m.issues[issue.code];
    parts.push(`${columns[issue.column]!.header}: ${locale === 'en' && issue.detail ? `${text} (${issue.detail})` : text}`);
  }
  return parts.join('; ');
}
