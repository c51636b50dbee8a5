/**
 * Which sheet of a workbook to read, by the streamed .xlsx reader's rules and messages
 * (xlsx/sheet-choice.ts, which this can give way to once both are in): by name, the exact name
 * first, then ignoring case and accents ("clientes" finds "Clientes", "instrucoes" finds
 * "Instruções"), since people type names from memory; by default, the first visible worksheet.
 */
import { InputFormatError } from '../../../errors.js';

export interface SheetEntry {
  readonly name: string;
  /** Hidden (or very hidden) in the workbook: not the default while a visible worksheet exists. */
  readonly isHidden: boolean;
  /** A worksheet holds cells; a chart, macro or dialog sheet does not. */
  readonly isWorksheet: boolean;
}

export function pickSheet(sheets: readonly SheetEntry[], wanted: string | undefined): string {
  const names = listNames(sheets);
  if (wanted === undefined) {
    const chosen = sheets.find((s) => s.isWorksheet && !s.isHidden) ?? sheets.find((s) => s.isWorksheet);
    if (chosen === undefined) throw new InputFormatError('SHEET_NOT_FOUND', `the workbook has no worksheet; sheets: ${names}`);
    return chosen.name;
  }
  const chosen = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => foldName(s.name) === foldName(wanted));
  if (chosen === undefined) throw new InputFormatError('SHEET_NOT_FOUND', `sheet "${wanted}" not found; available sheets: ${names}`);
  if (!chosen.isWorksheet) {
    throw new InputFormatError('SHEET_NOT_FOUND', `sheet "${chosen.name}" is a chart or dialog sheet, it has no cells; available sheets: ${names}`);
  }
  return chosen.name;
}

const foldName = (name: string): string =>
  name.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('pt-BR').trim();

const listNames = (sheets: readonly SheetEntry[]): string => sheets.map((s) => `"${s.name}"`).join(', ');
