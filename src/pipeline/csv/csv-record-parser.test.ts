import { describe, expect, it } from 'vitest';
import { CsvRecordParser, type CsvRecord } from './csv-record-parser.js';

function parseInChunks(text: string, delimiter: string, chunkSize: number, maxRecordChars?: number): CsvRecord[] {
  const parser = new CsvRecordParser(delimiter, { maxRecordChars });
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

  it('keeps a quoted-empty record of a one-column file: `""` is one empty cell, not a blank line', () => {
    expect(parseInChunks('Nome\n""\n\nAna\n""', ',', 1)).toEqual([
      { line: 1, cells: ['Nome'] },
      { line: 2, cells: [''] },
      { line: 4, cells: ['Ana'] },
      { line: 5, cells: [''] },
    ]);
  });

  it.each([1, 2, 3, 4])('continues a record cut anywhere, also inside `""` and CRLF (chunks of %i)', (size) => {
    const text = '"a""b"x;"c\r\nd";""\r\n"""";;\r\n"q"\r';
    expect(parseInChunks(text, ';', size)).toEqual([
      { line: 1, cells: ['a"bx', 'c\r\nd', ''] },
      { line: 3, cells: ['"', '', ''] },
      { line: 4, cells: ['q'] },
    ]);
  });

  it('gives the same records for any split of random CSV-like text', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = ['a', 'b', ';', '"', '"', '\n', '\r', ' '];
    for (let round = 0; round < 300; round++) {
      let text = '';
      const n = Math.floor(random() * 60);
      for (let i = 0; i < n; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const size = 1 + Math.floor(random() * 5);
      let whole: CsvRecord[];
      try {
        whole = parseInChunks(text, ';', Math.max(1, text.length));
      } catch (error) {
        expect(() => parseInChunks(text, ';', size), JSON.stringify(text)).toThrow((error as Error).message);
        continue;
      }
      expect(parseInChunks(text, ';', size), JSON.stringify(text)).toEqual(whole);
    }
  });

  it('reads a 4 MB record arriving 64 characters at a time (re-reading it per chunk would take minutes)', () => {
    const cell = 'x'.repeat(1 << 20);
    const text = `h1;h2;h3;h4\n${cell};"${cell}";${cell};"${cell.slice(0, 100)}\n${cell}"\nlast;1;2;3`;
    const records = parseInChunks(text, ';', 64, 8 << 20);
    expect(records.map((r) => [r.line, r.cells.length, r.cells.map((c) => c.length).join()])).toEqual([
      [1, 4, '2,2,2,2'],
      [2, 4, `${1 << 20},${1 << 20},${1 << 20},${101 + (1 << 20)}`],
      [4, 4, '4,1,1,1'],
    ]);
  });

  it('refuses a record longer than maxRecordChars, naming the line it starts on', () => {
    const text = 'a;b\n1;2\n' + 'x'.repeat(5000) + '\n';
    expect(() => parseInChunks(text, ';', 64, 4000)).toThrow(/the record starting on line 3 is longer than/);
    expect(() => parseInChunks(text, ';', 1 << 20, 4000)).toThrow(expect.objectContaining({ problem: 'RECORD_TOO_LONG' }));
    expect(() => parseInChunks('"' + 'y'.repeat(5000), ';', 100, 4000)).toThrow(/line 1 is longer/);
    expect(parseInChunks(text, ';', 64, 5001)).toHaveLength(3);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('counts a record against maxRecordChars without its %s line ending, however it is cut', (_, eol) => {
    const text = `ab;"c${eol}d"${eol}xyz;12345${eol}` + 'z'.repeat(10) + eol;
    const lengths = (size: number, max: number) => {
      try {
        return parseInChunks(text, ';', size, max).length;
      } catch (error) {
        return (error as { problem?: string }).problem;
      }
    };
    for (const size of [1, 2, 3, 5, 7, text.length]) {
      expect(lengths(size, 10), `chunks of ${size}`).toBe(3);
      expect(lengths(size, 9), `chunks of ${size}`).toBe('RECORD_TOO_LONG');
    }
  });

  it('numbers lines from firstLine: a range starting on line 4001 reports lines as in the whole file', () => {
    const parser = new CsvRecordParser(';', { firstLine: 4001 });
    const records: CsvRecord[] = [];
    const emit = (r: CsvRecord) => records.push(r);
    parser.push('a;"b\nc"\r\n\r\n', emit);
    parser.push('d;e\rf', emit);
    parser.end(emit);
    expect(records).toEqual([
      { line: 4001, cells: ['a', 'b\nc'] },
      { line: 4004, cells: ['d', 'e'] },
      { line: 4005, cells: ['f'] },
    ]);
  });

  it('names the whole-file line in its errors when firstLine is set', () => {
    const parser = new CsvRecordParser(';', { firstLine: 4001 });
    parser.push('1;2\n3;"open\n', () => {});
    expect(() => parser.end(() => {})).toThrow(/opened on line 4002 is never closed/);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects firstLine %s', (firstLine) => {
    expect(() => new CsvRecordParser(';', { firstLine })).toThrow(RangeError);
  });

  it('rejects delimiters longer than one character', () => {
    expect(() => new CsvRecordParser(';;')).toThrow(RangeError);
  });
});
