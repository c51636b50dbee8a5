/** Which sheet of a workbook to read: the one asked for by name, else the first visible worksheet. */
import { InputFormatError } from '../../../errors.js';

export interface SheetEntry {
  readonly name: string;
  /** Hidden (or very hidden) in the workbook: never the default. */
  readonly isHidden: boolean;
  /** A worksheet holds cells; a chart, macro or dialog sheet does not, and is never the default. */
  readonly isWorksheet: boolean;
}

/**
 * A name is matched exactly first, then ignoring case and accents ("clientes" finds "Clientes",
 * "instrucoes" finds "Instruções"), because people type sheet names into forms and commands.
 */
export function pickSheet(sheets: readonly SheetEntry[], wanted: string | undefined): string {
  if (wanted !== undefined) {
    const found = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => foldName(s.name) === foldName(wanted));
    if (found !== undefined) return found.name;
    throw new InputFormatError('SHEET_NOT_FOUND', `sheet "${wanted}" not found; available sheets: ${listNames(sheets)}`);
  }
  const first = sheets.find((s) => s.isWorksheet && !s.isHidden);
  if (first !== undefined) return first.name;
  throw new InputFormatError('SHEET_NOT_FOUND', `the workbook has no visible worksheet; sheets: ${listNames(sheets)}`);
}

const foldName = (name: string): string =>
  name.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('pt-BR').trim();

const listNames = (sheets: readonly SheetEntry[]): string => sheets.map((s) => `"${s.name}"`).join(', ') || 'none';
