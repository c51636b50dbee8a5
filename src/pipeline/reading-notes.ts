/**
 * What the reading of the file tells about the file itself, beside the counts: lines skipped
 * above the header, lines that were not UTF-8, and above all a file whose rows are mostly
 * rejected, which is almost always a reading problem (wrong delimiter, sheet, header line or
 * layout) and not bad data. They go into the summary, the reports and the CLI's output.
 */
export type ReadingNoteCode = 'LINES_ABOVE_HEADER' | 'WINDOWS_1252_LINES' | 'MOSTLY_WRONG_SHAPE' | 'MOSTLY_REJECTED';

export interface ReadingNote {
  readonly code: ReadingNoteCode;
  /** `warning`: the result is probably not what the user wants; `info`: how the file was read. */
  readonly level: 'info' | 'warning';
  readonly count: number;
  /** The header's line (LINES_ABOVE_HEADER) or the rows the share is of (the others). */
  readonly of: number;
}

export interface ReadingFacts {
  readonly rows: number;
  readonly rejected: number;
  /** Rows rejected for their number of cells. */
  readonly wrongShape: number;
  readonly headerLine: number;
  readonly linesAboveHeader: number;
  readonly windows1252Lines: number;
}

/** More than half of the rows: a share no real customer file has, and too much to be dirt. */
const MOSTLY = 0.5;
/** Below this many rows a share says little (a 3-row sample with 2 bad rows is just bad rows). */
const MIN_ROWS_FOR_SHARES = 10;

export function readingNotes(facts: ReadingFacts): ReadingNote[] {
  const notes: ReadingNote[] = [];
  if (facts.linesAboveHeader > 0) notes.push({ code: 'LINES_ABOVE_HEADER', level: 'info', count: facts.linesAboveHeader, of: facts.headerLine });
  if (facts.windows1252Lines > 0) notes.push({ code: 'WINDOWS_1252_LINES', level: 'info', count: facts.windows1252Lines, of: facts.rows });
  if (facts.rows >= MIN_ROWS_FOR_SHARES) {
    if (facts.wrongShape > facts.rows * MOSTLY) {
      notes.push({ code: 'MOSTLY_WRONG_SHAPE', level: 'warning', count: facts.wrongShape, of: facts.rows });
    } else if (facts.rejected > facts.rows * MOSTLY) {
      notes.push({ code: 'MOSTLY_REJECTED', level: 'warning', count: facts.rejected, of: facts.rows });
    }
  }
  return notes;
}
