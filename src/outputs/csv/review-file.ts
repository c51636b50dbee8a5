import { join } from 'node:path';
import type { ReviewPair } from '../../domain/row.js';
import type { OutputTable } from '../output-table.js';
import { CsvTableWriter, type CsvDialect } from './csv-table-writer.js';

/**
 * `<name>_possiveis_duplicados.csv`: the pairs fuzzy matching leaves for a person to decide.
 * Written whatever formats the job was asked for (an XLSX-only run has no other place for
 * them, and the reports name this file), and only when there is a pair: an empty file would
 * be one more to open for nothing. Returns the file's name, or undefined when none was written.
 */
export async function writeReviewFile(
  folder: string,
  baseName: string,
  table: OutputTable<ReviewPair>,
  dialect: CsvDialect,
  pairs: readonly ReviewPair[],
): Promise<string | undefined> {
  if (pairs.length === 0) return undefined;
  const name = `${baseName}_possiveis_duplicados.csv`;
  const writer = new CsvTableWriter(join(folder, name), dialect, table.header, table.kinds);
  try {
    for (const pair of pairs) {
      const full = writer.writeRow(table.cells(pair));
      if (full) await full;
    }
    await writer.close();
  } catch (error) {
    writer.destroy();
    throw error;
  }
  return name;
}
