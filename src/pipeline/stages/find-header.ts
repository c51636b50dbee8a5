/**
 * Where the header is. Portal and ERP exports put a title ("Relação de Operadoras Ativas
 * ANS"), a date line or blank lines above the table; reading the title as the header makes
 * every row ragged or unusable. The header is the first record that is about as wide as the
 * table under it: at least two filled cells, and at least 60% of the filled cells, and of the
 * cells, that the records below it usually have. Files where nothing qualifies (one column,
 * a header alone) keep their first record, as before.
 */
export interface HeaderChoice {
  /** Index in the sample of the header record. */
  readonly index: number;
  readonly reason: 'first-record' | 'detected' | 'layout';
}

/** How many records are looked at, and how many under a candidate decide how wide the table is. */
export const HEADER_SEARCH_RECORDS = 25;
const TABLE_SAMPLE = 10;
const MIN_SHARE_OF_TABLE_WIDTH = 0.6;

export function findHeader(records: readonly { readonly line: number; readonly cells: readonly string[] }[]): HeaderChoice {
  const filled = records.map((r) => filledCells(r.cells));
  const widths = records.map((r) => r.cells.length);
  const candidates = Math.min(records.length, HEADER_SEARCH_RECORDS);
  for (let i = 0; i < candidates; i++) {
    if (filled[i]! < 2) continue;
    if (!isAsWide(filled[i]!, filled, i) || !isAsWide(widths[i]!, widths, i)) continue;
    return { index: i, reason: i === 0 ? 'first-record' : 'detected' };
  }
  return { index: 0, reason: 'first-record' };
}

/** The layout's `input.headerRow`: the record on that line (CSV) or row (sheet), or the first one after it. */
export function headerAtLine(records: readonly { readonly line: number }[], headerRow: number): HeaderChoice | undefined {
  const index = records.findIndex((r) => r.line >= headerRow);
  return index < 0 ? undefined : { index, reason: 'layout' };
}

/**
 * Whether `count` is at least 60% of the typical count in the records below `i`. Asked of
 * filled cells, and of cells at all: a title cut short (`Relatório gerado em;02/12/2026`)
 * has few cells where sparse data rows have few filled ones.
 */
function isAsWide(count: number, counts: readonly number[], i: number): boolean {
  const below = counts.slice(i + 1, i + 1 + TABLE_SAMPLE);
  const typical = below.length === 0 ? 0 : median(below);
  return count >= Math.ceil(typical * MIN_SHARE_OF_TABLE_WIDTH);
}

function filledCells(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) if (cell.trim() !== '') count++;
  return count;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
