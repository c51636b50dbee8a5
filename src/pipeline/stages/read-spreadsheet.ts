import { InputFormatError } from '../../errors.js';
import { DEFAULT_SPREADSHEET_LIMITS, type OpenSheetOptions, type OpenedSheet } from '../spreadsheet/opened-sheet.js';
import { openWholeWorkbookSheet } from '../spreadsheet/whole-workbook/open-whole-workbook-sheet.js';
import { openXlsxSheet } from '../spreadsheet/xlsx/open-xlsx-sheet.js';
import { sniffZip } from '../spreadsheet/zip-kind.js';
import type { InputReader, ReadOptions } from './read-input.js';

export type SpreadsheetContainer = 'zip' | 'ole';

/**
 * Opens one sheet of a spreadsheet as rows of text. A zip is told apart by what it holds
 * (.xlsx/.xlsm are streamed; .ods and .xlsb, and the OLE .xls, are read whole by SheetJS);
 * a zip that holds no spreadsheet says what it holds instead.
 */
export async function openSpreadsheet(path: string, file: string, size: number, container: SpreadsheetContainer, options: ReadOptions): Promise<InputReader> {
  const sheetOptions: OpenSheetOptions = {
    limits: { ...DEFAULT_SPREADSHEET_LIMITS, ...options.spreadsheetLimits },
    ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const sheet = await openSheet(path, file, container, sheetOptions);
  try {
    return await asInputReader(sheet, file, size, sheetOptions.limits.maxRows);
  } catch (error) {
    sheet.close();
    throw error;
  }
}

async function openSheet(path: string, file: string, container: SpreadsheetContainer, options: OpenSheetOptions): Promise<OpenedSheet> {
  if (container === 'ole') return openWholeWorkbookSheet(path, 'xls', options);
  const { kind, entryNames } = await sniffZip(path);
  switch (kind) {
    case 'xlsx':
    case 'xlsm':
      return openXlsxSheet(path, options);
    case 'ods':
    case 'xlsb':
      return openWholeWorkbookSheet(path, kind, options);
    case 'zip':
      throw new InputFormatError(
        'UNSUPPORTED_FORMAT',
        `${file} is a zip archive, not a spreadsheet (it holds ${entryNames.map((n) => JSON.stringify(n)).join(', ') || 'nothing'}): extract the file and send it alone`,
      );
  }
}

/** Rows with no filled cell are the spreadsheet's blank lines: not records, as in a CSV. */
async function asInputReader(sheet: OpenedSheet, file: string, size: number, maxRows: number): Promise<InputReader> {
  const iterator = sheet.rows[Symbol.asyncIterator]();
  let first = await iterator.next();
  while (!first.done && isBlank(first.value.cells)) first = await iterator.next();
  if (first.done) {
    // Often the wrong sheet, not an empty file: a cover page, or a chart sheet LibreOffice turned into a worksheet.
    const others = sheet.sheetNames.filter((name) => name !== sheet.sheetName);
    const hint = others.length === 0 ? '' : `; other sheets: ${others.map((n) => `"${n}"`).join(', ')} (pick one with --sheet or input.sheet)`;
    throw new InputFormatError('EMPTY_FILE', `${file} has no rows in the sheet "${sheet.sheetName}"${hint}`);
  }
  return {
    info: {
      file,
      format: sheet.format,
      encoding: null,
      delimiter: null,
      sheet: sheet.sheetName,
      sheets: sheet.sheetNames,
      bytes: size,
      headerLine: first.value.rowNumber,
      linesAboveHeader: 0,
    },
    header: { line: first.value.rowNumber, cells: first.value.cells },
    rows: (async function* () {
      try {
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
          if (next.value.rowNumber > maxRows) {
            throw new InputFormatError('TOO_LARGE', `${file}: the sheet "${sheet.sheetName}" goes past row ${maxRows}, more than Excel itself can hold`);
          }
          if (!isBlank(next.value.cells)) yield { line: next.value.rowNumber, cells: next.value.cells };
        }
      } finally {
        // A caller that stops early (break, a failed stage) releases the file here, not only at close().
        await iterator.return?.();
      }
    })(),
    bytesRead: () => sheet.bytesRead(),
    readStats: () => ({ windows1252Lines: 0 }),
    close: () => sheet.close(),
  };
}

const isBlank = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');
