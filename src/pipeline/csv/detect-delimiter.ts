import { CsvRecordParser, type CsvRecord } from './csv-record-parser.js';

export const DELIMITERS = [';', ',', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

const SAMPLE_RECORDS = 50;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Picks the delimiter under which the first records of the sample agree best on one width
 * (of two columns or more; the wider on a tie). The most common width, not the first
 * record's: a portal's title line above the table ("Relação de clientes, gerado em …") has
 * one cell, or two where it has a comma. Parsing the sample with each candidate (instead
 * of counting characters) keeps delimiters inside quoted fields from voting. Ties go to
 * the order of DELIMITERS: `;` first, as Brazilian Excel writes it.
 *
 * With fewer than 2 complete records there is nothing to agree on (a one-line file, or a
 * header longer than the sample): the candidate found most often in the first record,
 * outside quotes, wins, even if the sample cuts that record.
 */
export function detectDelimiter(sample: string): Delimiter {
  let best: Delimiter = ';';
  let bestScore = -1;
  let completeRecords = 0;
  for (const delimiter of DELIMITERS) {
    const records = firstRecords(sample, delimiter);
    completeRecords = Math.max(completeRecords, records.length);
    const { width, agreeing } = commonWidth(records);
    if (width < 2) continue;
    const score = (agreeing / records.length) * 1000 + Math.min(width, 999) / 1000;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return completeRecords < 2 ? delimiterOfFirstRecord(sample) : best;
}

/** Excel's `sep=;` first line: it names the delimiter and is not part of the data. */
export function excelSeparatorLine(sample: string): { delimiter: Delimiter; length: number } | undefined {
  const match = /^sep=([;,\t|])(\r\n|\n|\r|$)/i.exec(sample);
  return match ? { delimiter: match[1] as Delimiter, length: match[0].length } : undefined;
}

function delimiterOfFirstRecord(sample: string): Delimiter {
  const counts = new Map<number, number>(DELIMITERS.map((d) => [d.charCodeAt(0), 0]));
  let isQuoted = false;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === QUOTE) isQuoted = !isQuoted; // `""` toggles twice: still inside
    else if (!isQuoted && (c === LF || c === CR)) break;
    else if (!isQuoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best: Delimiter = ';';
  for (const d of DELIMITERS) if (counts.get(d.charCodeAt(0))! > counts.get(best.charCodeAt(0))!) best = d;
  return best;
}

/** The width most records of two cells or more have (the wider on a tie), and how many have it. */
function commonWidth(records: readonly CsvRecord[]): { width: number; agreeing: number } {
  const counts = new Map<number, number>();
  for (const r of records) if (r.cells.length >= 2) counts.set(r.cells.length, (counts.get(r.cells.length) ?? 0) + 1);
  let width = 0;
  let agreeing = 0;
  for (const [w, n] of counts) {
    if (n > agreeing || (n === agreeing && w > width)) {
      width = w;
      agreeing = n;
    }
  }
  return { width, agreeing };
}

function firstRecords(sample: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const parser = new CsvRecordParser(delimiter, { maxRecordChars: Math.max(1, sample.length) });
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
