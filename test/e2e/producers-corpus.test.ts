import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHigia } from '../support/run-higia.js';
import { readOutputCsv } from '../support/truth.js';

/**
 * The same table saved by each program users have (test/fixtures/producers/README.md) must clean
 * to the same table as its CSV twin: every output row, every column, and the summary's counts.
 *
 * `linha` is a sheet row number for a spreadsheet and the first physical line of the record for
 * the CSV. Both start with the header on 1, but each Observação with a line break pushes the
 * twin's later records one line down while the sheet's rows stay put; the twin's numbers are
 * mapped to sheet rows through the twin itself (record i starts on line 1 + i + the line
 * breaks inside records before it) and must then be equal.
 */
const FIXTURES = fileURLToPath(new URL('../fixtures/producers/', import.meta.url));
const TWIN = 'clientes.csv';
const SHEET = 'Clientes';

interface ProducerCase {
  readonly file: string;
  readonly format: 'xlsx' | 'xlsb' | 'xls' | 'ods';
  /** The data is on the only sheet: read without --sheet. */
  readonly isOnlySheet?: boolean;
  /** Differences the file's own format explains (and only those): each must occur, with its reason. */
  readonly expectedDifferences?: readonly string[];
}

/**
 * ODF 1.2 §6.1.2: consumers ignore white space at the start and end of a paragraph. LibreOffice
 * writes a single trailing space literally (`<text:p>Vila Nova </text:p>`), so a conforming
 * reader (SheetJS) drops it, and a value the twin marks `corrected` for its space is `valid`.
 */
const ODS_TRAILING_SPACE = [
  'kept row 17 (linha 19) CPF_status: "valid", want "corrected"',
  'kept row 21 (linha 23) Bairro_status: "valid", want "corrected"',
];

const CASES: readonly ProducerCase[] = [
  { file: 'libreoffice.xlsx', format: 'xlsx' },
  { file: 'libreoffice.xls', format: 'xls' },
  { file: 'libreoffice.ods', format: 'ods', expectedDifferences: ODS_TRAILING_SPACE },
  { file: 'openpyxl.xlsx', format: 'xlsx' },
  { file: 'xlsxwriter.xlsx', format: 'xlsx' },
  { file: 'xlsxwriter-constant-memory.xlsx', format: 'xlsx', isOnlySheet: true },
  { file: 'pandas-openpyxl.xlsx', format: 'xlsx', isOnlySheet: true },
  { file: 'pandas-xlsxwriter.xlsx', format: 'xlsx' },
  { file: 'exceljs.xlsx', format: 'xlsx' },
  { file: 'sheetjs.xlsx', format: 'xlsx' },
  { file: 'sheetjs.xlsb', format: 'xlsb' },
];

type Table = Record<string, string>[];
interface Outputs {
  readonly kept: Table;
  readonly duplicates: Table;
  readonly rejected: Table;
  readonly summary: Summary;
}
interface FieldCounts {
  type: string;
  mappedBy: string;
  valid: number;
  corrected: number;
  invalid: number;
  empty: number;
  reasons: Record<string, number>;
}
interface Summary {
  input: { format: string; sheet: string | null; rows: number; columns: number };
  rows: { kept: number; duplicates: number; rejected: number };
  reconciled: boolean;
  fields: Record<string, FieldCounts>;
}

const BIRTH_DATE = 'Data de Nascimento';
const isDdMmYyyy = (text: string): boolean => /^\d{2}\/\d{2}\/\d{4}$/.test(text);

let dir: string;
let twin: Outputs;
/** Twin line where a record starts → the sheet row that holds it. */
let sheetRowOfLine: Map<string, string>;
/** Sheet rows whose birth date the producers wrote as a date cell (the twin's dd/mm/yyyy dates). */
let dateCellRows: Set<string>;

async function runOn(file: string, args: readonly string[]): Promise<Outputs> {
  const out = join(dir, file.replace(/\W/g, '-'));
  const run = await runHigia(['process', join(FIXTURES, file), '--out', out, '--format', 'csv,json', '--no-progress', ...args]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const base = file.replace(/\.[^.]+$/, '');
  return {
    kept: await readOutputCsv(join(out, `${base}_higienizado.csv`)),
    duplicates: await readOutputCsv(join(out, `${base}_duplicados.csv`)),
    rejected: await readOutputCsv(join(out, `${base}_rejeitados.csv`)),
    summary: JSON.parse(await readFile(join(out, `${base}_resumo.json`), 'utf8')) as Summary,
  };
}

/** The twin's outputs with their line numbers turned into the sheet rows they stand for. */
function asSheetRows(table: Table): Table {
  const toRow = (line: string): string => (line === '' ? '' : (sheetRowOfLine.get(line) ?? `no record starts on line ${line}`));
  return table.map((row) => ({
    ...row,
    linha: toRow(row.linha ?? ''),
    ...('duplicado_de_linha' in row ? { duplicado_de_linha: toRow(row.duplicado_de_linha ?? '') } : {}),
  }));
}

/**
 * Every cell that differs, as a readable line. The one expected difference: a birth date the
 * sheet holds as a date cell reaches the rules as ISO text (cell-text.ts), which they call
 * `valid` where the twin's dd/mm/yyyy is `corrected`, with the same clean value. It is required,
 * not just allowed: a reader that ignored the date style would pass on the serial, which the
 * rules also turn into the same date, but `corrected`.
 */
function differences(name: string, sheet: Table, csv: Table): string[] {
  const diffs: string[] = [];
  const sheetColumns = Object.keys(sheet[0] ?? {});
  const csvColumns = Object.keys(csv[0] ?? {});
  if (sheet.length !== csv.length) diffs.push(`${name}: ${sheet.length} rows, the twin has ${csv.length}`);
  if (csv.length > 0 && sheetColumns.join(';') !== csvColumns.join(';')) diffs.push(`${name}: columns ${sheetColumns.join(';')} ≠ ${csvColumns.join(';')}`);
  csv.forEach((want, i) => {
    const got = sheet[i] ?? {};
    for (const column of csvColumns) {
      const isDateCellStatus = column === `${BIRTH_DATE}_status` && dateCellRows.has(want.linha ?? '') && want[column] === 'corrected';
      const expected = isDateCellStatus ? 'valid' : want[column];
      if (got[column] === expected) continue;
      const because = isDateCellStatus ? ' (a date cell: ISO text, valid)' : '';
      diffs.push(`${name} row ${i + 1} (linha ${want.linha}) ${column}: ${JSON.stringify(got[column])}, want ${JSON.stringify(expected)}${because}`);
    }
  });
  return diffs;
}

describe('the same table saved by different programs cleans like its CSV twin', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-producers-'));
    const records = parse(await readFile(join(FIXTURES, TWIN), 'utf8'), { delimiter: ';', bom: true }) as string[][];
    const birthColumn = records[0]!.indexOf(BIRTH_DATE);
    sheetRowOfLine = new Map();
    dateCellRows = new Set();
    let line = 1;
    records.forEach((record, i) => {
      sheetRowOfLine.set(String(line), String(i + 1));
      if (isDdMmYyyy(record[birthColumn] ?? '')) dateCellRows.add(String(i + 1));
      line += 1 + (record.join('').match(/\n/g)?.length ?? 0);
    });
    twin = await runOn(TWIN, []);
    twin = { ...twin, kept: asSheetRows(twin.kept), duplicates: asSheetRows(twin.duplicates), rejected: asSheetRows(twin.rejected) };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has a twin worth comparing: multi-line cells that shift lines, a duplicate, a rejection, typed cells', () => {
    expect(twin.summary.rows).toEqual({ kept: 34, duplicates: 1, rejected: 1 });
    expect([...sheetRowOfLine].some(([line, row]) => line !== row)).toBe(true);
    expect(dateCellRows.size).toBeGreaterThan(10);
    expect(twin.duplicates[0]?.duplicado_de_linha).toBe('2');
  });

  it.each(CASES)('$file gives the same cleaned, duplicate and rejected rows and counts', async ({ file, format, isOnlySheet, expectedDifferences = [] }) => {
    const sheet = await runOn(file, isOnlySheet ? [] : ['--sheet', SHEET]);
    expect(sheet.summary.input).toMatchObject({ format, sheet: SHEET, rows: twin.summary.input.rows, columns: twin.summary.input.columns });
    expect(sheet.summary.rows).toEqual(twin.summary.rows);
    expect(sheet.summary.reconciled).toBe(true);
    expect([
      ...differences('kept', sheet.kept, twin.kept),
      ...differences('duplicates', sheet.duplicates, twin.duplicates),
      ...differences('rejected', sheet.rejected, twin.rejected),
    ]).toEqual(expectedDifferences);
    // Per field: everything but the valid/corrected split of the birth date (see `differences`) and of the fields an expected difference names.
    const splitDiffers = new Set([BIRTH_DATE, ...expectedDifferences.map((d) => /\) (.+)_status:/.exec(d)?.[1])]);
    const counts = (s: Summary) =>
      Object.fromEntries(
        Object.entries(s.fields).map(([name, f]) => {
          const { type, mappedBy, valid, corrected, invalid, empty, reasons } = f;
          const usable = splitDiffers.has(name) ? { usable: valid + corrected } : { valid, corrected };
          return [name, { type, mappedBy, invalid, empty, reasons, ...usable }];
        }),
      );
    expect(counts(sheet.summary)).toEqual(counts(twin.summary));
  });
});
