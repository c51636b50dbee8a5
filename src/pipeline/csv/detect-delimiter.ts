import { CsvRecordParser, type CsvRecord } from './csv-record-parser.js';

export const DELIMITERS = [';', ',', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

const SAMPLE_RECORDS = 50;

/**
 * Picks the delimiter under which the first records of the sample agree best with the
 * header's width. Parsing the sample with each candidate (instead of counting characters)
 * keeps delimiters inside quoted fields from voting. Ties go to the order of DELIMITERS:
 * `;` first, as Brazilian Excel writes it.
 */
export function detectDelimiter(sample: string): Delimiter {
  let best: Delimiter = ';';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const records = firstRecords(sample, delimiter);
    const width = records[0]?.cells.length ?? 0;
    if (width < 2) continue;
    const agreeing = records.filter((r) => r.cells.length === width).length;
    const score = (agreeing / records.length) * 1000 + Math.min(width, 999) / 1000;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

function firstRecords(sample: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const parser = new CsvRecordParser(delimiter);
  const emit = (r: CsvRecord) => {
    if (records.length < SAMPLE_RECORDS) records.push(r);
  };
  try {
    parser.push(sample, emit); // the sample's cut-off last record is left pending: ignored
  } catch {
    return records;
  }
  return records;
}
