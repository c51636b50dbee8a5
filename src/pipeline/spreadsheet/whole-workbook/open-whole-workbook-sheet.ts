/**
 * Opens one sheet of an .xls (BIFF8), .ods or .xlsb with SheetJS. These formats cannot be
 * streamed (a BIFF stream has its shared strings and styles anywhere, .ods is one XML document),
 * so the file is read whole into memory and refused above `limits.maxWholeFileBytes`, before a
 * byte of it is read.
 *
 * Known difference from the .xlsx twin: SheetJS trims a literal space at either end of an .ods
 * text paragraph ("Vila Nova " → "Vila Nova"); spaces LibreOffice writes as <text:s/> are kept.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type * as Sheetjs from '@e965/xlsx';
import { InputFormatError } from '../../../errors.js';
import type { OpenedSheet, OpenSheetOptions, SheetRow } from '../opened-sheet.js';
import { denseSheetRows, type DenseCells } from './dense-sheet-rows.js';
import { findFirstVisibleOdsTable } from './find-first-visible-ods-table.js';
import { chooseSheet, type SheetEntry } from '../xlsx/sheet-choice.js';

export type WholeWorkbookFormat = 'xls' | 'ods' | 'xlsb';

type SheetjsModule = typeof Sheetjs;

/** Values as stored (serials, error codes), and nothing the job does not read (formulas, styles, HTML). */
const PARSE_OPTIONS: Sheetjs.ParsingOptions = {
  type: 'buffer',
  dense: true, // one array per row instead of an object keyed by "A1": much less memory
  cellNF: true, // the number format tells a date from a number
  cellDates: false,
  cellFormula: false,
  cellHTML: false,
  cellStyles: false,
  sheetStubs: false,
};

/**
 * How each format is parsed. Only SheetJS's .xlsb reader honours `sheets` (parse just that
 * sheet), so .xlsb first takes a cheap look at the sheets (one row each) and then parses the one
 * wanted; .xls and .ods are parsed whole in one go. Only .ods needs SheetJS's formatted text, to
 * recognise LibreOffice's formula booleans (see sheetjs-cell-text.ts).
 */
const FORMATS = {
  xls: { label: '.xls', parsesOneSheet: false, needsText: false, isContainer: isOle2 },
  ods: { label: '.ods', parsesOneSheet: false, needsText: true, isContainer: isZip },
  xlsb: { label: '.xlsb', parsesOneSheet: true, needsText: false, isContainer: isZip },
} satisfies Record<WholeWorkbookFormat, { label: string; parsesOneSheet: boolean; needsText: boolean; isContainer: (b: Uint8Array) => boolean }>;

export async function openWholeWorkbookSheet(path: string, format: WholeWorkbookFormat, options: OpenSheetOptions): Promise<OpenedSheet> {
  const file = basename(path);
  const { label } = FORMATS[format];
  const { size } = await stat(path);
  const maxBytes = options.limits.maxWholeFileBytes;
  if (size > maxBytes) {
    throw new InputFormatError(
      'TOO_LARGE',
      `${file} is a ${label} of ${formatSize(size, Math.ceil)}; .xls, .ods and .xlsb files are read whole into memory, ` +
        `up to ${formatSize(maxBytes, Math.floor)}: save it as .xlsx or .csv`,
    );
  }
  options.signal?.throwIfAborted();
  const bytes = await readFile(path, options.signal === undefined ? {} : { signal: options.signal });
  // Loaded on demand: CSV and .xlsx runs never pay for SheetJS.
  const sheetjs = await import('@e965/xlsx');
  const parsed = parseSheet(sheetjs, bytes, format, options.sheet);
  options.signal?.throwIfAborted();

  const { sheetName, sheetNames, context } = parsed;
  let data: DenseCells | undefined = parsed.data;
  const rowCount = parsed.data.length;
  let rowsDone = 0;
  const rows = (function* (): Generator<SheetRow> {
    if (data === undefined) return;
    const sheet = { data, context, limits: options.limits };
    for (const row of denseSheetRows(sheet, (index) => (rowsDone = index + 1))) {
      options.signal?.throwIfAborted();
      yield row;
    }
    rowsDone = rowCount;
  })();
  return {
    format,
    sheetName,
    sheetNames,
    rows: toAsync(rows),
    // The file was read at open; progress follows the rows handed out, so a bar moves with the job.
    bytesRead: () => (rowCount === 0 ? size : Math.round((size * rowsDone) / rowCount)),
    close: () => {
      data = undefined;
      rows.return(undefined); // ends the generator, which lets go of the cells
    },
  };
}

interface ParsedSheet {
  readonly sheetName: string;
  readonly sheetNames: readonly string[];
  readonly data: DenseCells;
  readonly context: { readonly date1904: boolean; readonly isOds: boolean };
}

function parseSheet(sheetjs: SheetjsModule, bytes: Buffer, format: WholeWorkbookFormat, wanted: string | undefined): ParsedSheet {
  const { label, parsesOneSheet, needsText, isContainer } = FORMATS[format];
  // SheetJS reads unknown bytes as CSV text rather than fail: check the container first.
  if (!isContainer(bytes)) throw malformed(label, `not ${format === 'xls' ? 'an OLE2 (Excel 97–2003)' : 'a zip'} file`);
  const options: Sheetjs.ParsingOptions = { ...PARSE_OPTIONS, cellText: needsText };
  try {
    const overview = quietly(() => sheetjs.read(bytes, parsesOneSheet ? { ...options, sheetRows: 1 } : options));
    const entries = sheetEntries(overview, format === 'ods' && wanted === undefined ? bytes : undefined);
    const sheetName = chooseSheet(entries, wanted).name;
    const workbook = parsesOneSheet ? quietly(() => sheetjs.read(bytes, { ...options, sheets: [sheetName] })) : overview;
    const sheet = workbook.Sheets[sheetName];
    return {
      sheetName,
      sheetNames: overview.SheetNames,
      data: (sheet?.['!data'] ?? []) as DenseCells,
      context: { date1904: isTrue(workbook.Workbook?.WBProps?.date1904), isOds: format === 'ods' },
    };
  } catch (error) {
    if (error instanceof InputFormatError || (error instanceof Error && 'syscall' in error)) throw error;
    throw malformed(label, error instanceof Error ? error.message : String(error), error);
  }
}

/** `odsZip`: given when the default sheet is wanted from an .ods, whose hidden sheets SheetJS doesn't see. */
function sheetEntries(workbook: Sheetjs.WorkBook, odsZip: Uint8Array | undefined): SheetEntry[] {
  const names = workbook.SheetNames;
  const firstVisible = odsZip === undefined ? undefined : findFirstVisibleOdsTable(odsZip);
  const firstVisibleIndex = odsZip === undefined ? 0 : firstVisible === undefined ? names.length : names.indexOf(firstVisible);
  return names.map((name, index) => {
    const type = workbook.Sheets[name]?.['!type'];
    return {
      name,
      isHidden: Boolean(workbook.Workbook?.Sheets?.[index]?.Hidden) || index < firstVisibleIndex,
      isWorksheet: type === undefined || type === 'sheet',
    };
  });
}

/**
 * SheetJS writes remarks straight to the console (every LibreOffice .ods gets two dozen "ODS
 * number format may be incorrect" lines, about display formats the job never uses), which would
 * flood the worker's log. `read` is synchronous, so no other code runs while they are muted.
 */
function quietly<T>(read: () => T): T {
  const { error, log } = console;
  console.error = () => {};
  console.log = () => {};
  try {
    return read();
  } finally {
    console.error = error;
    console.log = log;
  }
}

const malformed = (label: string, detail: string, cause?: unknown): InputFormatError =>
  new InputFormatError('MALFORMED_XLSX', `not a readable ${label}: ${detail}`, cause === undefined ? undefined : { cause });

const startsWith = (bytes: Uint8Array, magic: readonly number[]): boolean => magic.every((b, i) => bytes[i] === b);

function isOle2(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
}

function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
}

/** SheetJS gives the 1904 flag as a boolean from some readers and as XML text ("1", "true") from others. */
const isTrue = (value: unknown): boolean => value === true || value === 1 || value === '1' || value === 'true';

/** 80 MB, 512 KB: rounded up for the file and down for the limit, so a file just past it never reads "64 MB, up to 64 MB". */
function formatSize(bytes: number, round: (n: number) => number): string {
  const mb = 1024 * 1024;
  return bytes >= mb ? `${round(bytes / mb)} MB` : `${round(bytes / 1024)} KB`;
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
