import { describe, expect, it } from 'vitest';
import { describeReadingNote } from '../i18n/reading-note-text.js';
import { readingNotes, type ReadingFacts } from './reading-notes.js';

const clean: ReadingFacts = { rows: 300, rejected: 10, wrongShape: 2, headerLine: 1, linesAboveHeader: 0, windows1252Lines: 0 };

describe('readingNotes', () => {
  it('says nothing about a file read as expected', () => expect(readingNotes(clean)).toEqual([]));

  it('warns when most rows have the wrong shape, rather than only counting them', () => {
    expect(readingNotes({ ...clean, rejected: 212, wrongShape: 212 })).toEqual([{ code: 'MOSTLY_WRONG_SHAPE', level: 'warning', count: 212, of: 300 }]);
  });

  it('warns when most rows are rejected for any reason (a title read as the header)', () => {
    expect(readingNotes({ ...clean, rows: 1156, rejected: 1156, wrongShape: 0 })).toEqual([
      { code: 'MOSTLY_REJECTED', level: 'warning', count: 1156, of: 1156 },
    ]);
  });

  it('does not judge shares of a handful of rows', () => {
    expect(readingNotes({ ...clean, rows: 3, rejected: 3, wrongShape: 3 })).toEqual([]);
  });

  it('tells how the file was read: lines above the header and Windows-1252 lines', () => {
    expect(readingNotes({ ...clean, headerLine: 3, linesAboveHeader: 1, windows1252Lines: 3 })).toEqual([
      { code: 'LINES_ABOVE_HEADER', level: 'info', count: 1, of: 3 },
      { code: 'WINDOWS_1252_LINES', level: 'info', count: 3, of: 300 },
    ]);
  });
});

describe('describeReadingNote', () => {
  it.each([
    [{ code: 'WINDOWS_1252_LINES', level: 'info', count: 3, of: 300 }, 'pt-BR', '3 linhas em Windows-1252 (o resto do arquivo é UTF-8)'],
    [{ code: 'LINES_ABOVE_HEADER', level: 'info', count: 1, of: 3 }, 'pt-BR', '1 linha acima do cabeçalho ignorada (cabeçalho na linha 3); use input.headerRow num layout se não for essa'],
    [{ code: 'MOSTLY_WRONG_SHAPE', level: 'warning', count: 212, of: 300 }, 'en', '71% of the rows have a different number of cells than the header: probably a reading problem (delimiter, quoting, header line or sheet), not bad data'],
  ] as const)('%j in %s', (note, lang, want) => expect(describeReadingNote(note, lang)).toBe(want));
});
