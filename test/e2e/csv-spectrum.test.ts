import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvRecordParser, type CsvRecord } from '../../src/pipeline/csv/csv-record-parser.js';
import { detectDelimiter } from '../../src/pipeline/csv/detect-delimiter.js';
import { MixedUtf8Decoder } from '../../src/pipeline/csv/mixed-utf8-decoder.js';

/**
 * Our CSV parser against csv-spectrum, the public set of CSV edge cases: each case is a CSV
 * and the JSON a strict parser makes of it (one object per row, keyed by the header).
 */
const SPECTRUM = dirname(createRequire(import.meta.url).resolve('csv-spectrum/package.json'));
const cases = (await readdir(join(SPECTRUM, 'csvs'))).filter((f) => f.endsWith('.csv')).map((f) => f.slice(0, -4)).sort();

/**
 * Cases where our lenient parser deliberately reads differently, and why. None today: the
 * leniencies (a quote inside an unquoted field is literal, text after a closing quote is
 * kept, a lone CR ends a record) are what csv-spectrum expects too, e.g. the `37.8"N` of
 * location_coordinates.
 */
const DELIBERATE: Record<string, string> = {};

/** Mistakes of csv-spectrum 2.0.0 itself, corrected before comparing. */
const ERRATA: Record<string, (rows: Record<string, string>[]) => Record<string, string>[]> = {
  // Its JSON is one object, not an array, and has a phone number its CSV does not have.
  location_coordinates: (rows) => rows.map((row) => ({ ...row, 'Contact Phone Number': '2095257564' })),
};

function parseCsv(bytes: Buffer, chunkSize: number): { delimiter: string; records: CsvRecord[] } {
  const text = new MixedUtf8Decoder().decode(bytes);
  const delimiter = detectDelimiter(text);
  const parser = new CsvRecordParser(delimiter);
  const records: CsvRecord[] = [];
  const emit = (r: CsvRecord) => records.push(r);
  for (let i = 0; i < text.length; i += chunkSize) parser.push(text.slice(i, i + chunkSize), emit);
  parser.end(emit);
  return { delimiter, records };
}

describe('csv-spectrum', () => {
  it('has its cases', () => expect(cases.length).toBeGreaterThanOrEqual(12));

  describe.each(cases)('%s', (name) => {
    it.each([1, 7, 1 << 20])('matches the expected header and rows (chunks of %i chars)', async (chunkSize) => {
      const csv = await readFile(join(SPECTRUM, 'csvs', `${name}.csv`));
      const parsed = JSON.parse(await readFile(join(SPECTRUM, 'json', `${name}.json`), 'utf8')) as Record<string, string>[] | Record<string, string>;
      const json = (ERRATA[name] ?? ((rows) => rows))(Array.isArray(parsed) ? parsed : [parsed]);
      const header = Object.keys(json[0]!);
      const { delimiter, records } = parseCsv(csv, chunkSize);
      const got = { delimiter, header: records[0]?.cells, rows: records.slice(1).map((r) => r.cells) };
      const want = { delimiter: ',', header, rows: json.map((row) => header.map((h) => row[h])) };
      if (DELIBERATE[name]) expect(got).not.toEqual(want);
      else expect(got).toEqual(want);
    });
  });
});
