/**
 * Which sheet to read. By name: the exact name first, then ignoring case and accents ("clientes"
 * finds "Clientes", "Relatorio" finds "Relatório"), since people type names from memory. By
 * default: the first visible worksheet in tab order; chart and dialog sheets have no cells.
 */
import { InputFormatError } from '../../../errors.js';

export interface SheetEntry {
  readonly name: string;
  readonly isHidden: boolean;
  readonly isWorksheet: boolean;
}

const looseName = (name: string): string =>
  name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('pt-BR')
    .trim();

const quoted = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(', ');

export function chooseSheet<S extends SheetEntry>(sheets: readonly S[], wanted: string | undefined): S {
  const names = sheets.map((s) => s.name);
  if (wanted === undefined) {
    const chosen = sheets.find((s) => s.isWorksheet && !s.isHidden) ?? sheets.find((s) => s.isWorksheet);
    if (!chosen) throw new InputFormatError('SHEET_NOT_FOUND', `the workbook has no worksheet; sheets: ${quoted(names)}`);
    return chosen;
  }
  const loose = looseName(wanted);
  const chosen = sheets.find((s) => s.name === wanted) ?? sheets.find((s) => looseName(s.name) === loose);
  if (!chosen) throw new InputFormatError('SHEET_NOT_FOUND', `sheet "${wanted}" not found; available sheets: ${quoted(names)}`);
  if (!chosen.isWorksheet) {
    throw new InputFormatError('SHEET_NOT_FOUND', `sheet "${chosen.name}" is a chart or dialog sheet, it has no cells; available sheets: ${quoted(names)}`);
  }
  return chosen;
}
