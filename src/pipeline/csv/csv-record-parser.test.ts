import { describe, expect, it } from 'vitest';
import { CsvRecordParser, type CsvRecord } from './csv-record-parser.js';

function parseInChunks(text: string, delimiter: string, chunkSize: number): CsvRecord[] {
  const parser = new CsvRecordParser(delimiter);
  const records: CsvRecord[] = [];
  const emit = (r: CsvRecord) => records.push(r);
  for (let i = 0; i < text.length; i += chunkSize) parser.push(text.slice(i, i + chunkSize), emit);
  parser.end(emit);
  return records;
}

const tricky =
  'a;b;c\r\n1;"x;y";3\r\n\r\n4;"multi\nline ""q""";6\r\n7;8\r\n9;10;11;12\r\n"u";v;"w"\r\n' +
  'quote"inside;"tail"x;\r\nlast;row;no-newline';

const expected: CsvRecord[] = [
  { line: 1, cells: ['a', 'b', 'c'] },
  { line: 2, cells: ['1', 'x;y', '3'] },
  { line: 4, cells: ['4', 'multi\nline "q"', '6'] },
  { line: 6, cells: ['7', '8'] },
  { line: 7, cells: ['9', '10', '11', '12'] },
  { line: 8, cells: ['u', 'v', 'w'] },
  { line: 9, cells: ['quote"inside', 'tailx', ''] },
  { line: 10, cells: ['last', 'row', 'no-newline'] },
];

describe('CsvRecordParser', () => {
  it.each([1, 2, 3, 5, 7, 64, 10_000])('gives the same records and lines with chunks of %i chars', (size) => {
    expect(parseInChunks(tricky, ';', size)).toEqual(expected);
  });

  it('accepts LF and lone CR line endings', () => {
    expect(parseInChunks('a,b\n1,2\r3,4\n', ',', 3)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
      { line: 3, cells: ['3', '4'] },
    ]);
  });

  it('keeps empty trailing cells and whitespace-only cells of wider rows', () => {
    expect(parseInChunks('a\t\t\n \t \n', '\t', 4)).toEqual([
      { line: 1, cells: ['a', '', ''] },
      { line: 2, cells: [' ', ' '] },
    ]);
  });

  it('skips blank lines but counts them', () => {
    expect(parseInChunks('\r\n\r\nh|i\r\n   \r\n1|2', '|', 2)).toEqual([
      { line: 3, cells: ['h', 'i'] },
      { line: 5, cells: ['1', '2'] },
    ]);
  });

  it('rejects a quote that is never closed, naming its line', () => {
    expect(() => parseInChunks('a;b\r\n1;"open\r\n2;3\r\n', ';', 4)).toThrow(/line 2/);
  });

  it('rejects delimiters longer than one character', () => {
    expect(() => new CsvRecordParser(';;')).toThrow(RangeError);
  });
});
