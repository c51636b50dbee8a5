/**
 * One worksheet part, streamed: XML chunk → SAX events → rows of text. Only the current row and
 * one chunk's rows are in memory; `<dimension>` is ignored (producers get it wrong).
 *
 * Positions come from the `r` attributes (`C7`) when present; without them a cell is in the
 * column after the previous cell, and a row is the one after the previous row, as Excel reads
 * such files. Cells run from column A to the last cell with a value, gaps filled with ''.
 */
import { decodeXstring, formatIsoDateText, formatNumber, formatSerialDate } from '../cell-text.js';
import type { SheetRow, SpreadsheetLimits } from '../opened-sheet.js';
import { columnName, placeCellText } from '../place-cell.js';
import type { CellStyles } from './styles.js';
import { InputFormatError } from '../../../errors.js';
import { feedXmlPart, type TextRunLimit, type XmlHandlers } from './xml-part.js';
import { malformedXlsx } from './xlsx-problems.js';
import type { ZipArchive, ZipPart } from './zip-archive.js';

export interface SheetSource {
  readonly archive: ZipArchive;
  readonly part: ZipPart;
  readonly sharedStrings: readonly string[];
  readonly styles: CellStyles;
  readonly isDate1904: boolean;
  readonly limits: SpreadsheetLimits;
  readonly signal?: AbortSignal;
  readonly onCompressedBytes?: (bytes: number) => void;
}

/** 'A' → 0, 'AB12' → 27; -1 when the reference has no column letters. */
export function columnIndexOf(ref: string): number {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i) | 0x20; // lower-cases letters, leaves digits alone
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
  }
  return i === 0 ? -1 : column - 1;
}

export { columnName };

/**
 * Raw XML characters a cell's text may take: an entity or character reference is at most ~10
 * characters for one character of text (`&#1114111;`), so past this no cell can be within maxCellChars.
 */
const RAW_CHARS_PER_CHAR = 10;

const NOT_CAPTURING = 0;
const CAPTURING_VALUE = 1;
const CAPTURING_INLINE = 2;

/** Rows in batches, one per chunk of XML: a yield per row through async generators cost a fifth of the time. */
export async function* readSheetRows(source: SheetSource): AsyncGenerator<SheetRow[]> {
  const { sharedStrings, styles, isDate1904, limits, signal } = source;
  let ready: SheetRow[] = [];
  let rowNumber = 0;
  let cells: string[] = [];
  let hasCells = false;
  let nextColumn = 0;
  let column = 0;
  let type = 'n';
  let style = 0;
  let value = '';
  let inline = '';
  let capturing = NOT_CAPTURING;
  let isInInline = false;
  let phoneticDepth = 0;

  function cellText(): string {
    switch (type) {
      case 's': {
        if (value === '') return '';
        const shared = sharedStrings[Number(value)];
        if (shared === undefined) {
          throw malformedXlsx(`cell ${columnName(column)}${rowNumber} points to shared string ${value}, but the table has ${sharedStrings.length}`);
        }
        return shared;
      }
      case 'inlineStr':
        return decodeXstring(inline === '' ? value : inline);
      case 'str':
        return decodeXstring(value);
      case 'b':
        if (value === '') return '';
        return value === '1' || value.toLowerCase() === 'true' ? 'TRUE' : 'FALSE';
      case 'e':
        return value;
      case 'd':
        return formatIsoDateText(value);
      default: {
        if (value === '') return inline === '' ? '' : decodeXstring(inline);
        const n = Number(value);
        if (Number.isNaN(n) || value.trim() === '') return value;
        // Excel cannot show a negative serial as a date (it shows ####): keep the number.
        if (styles.isDate[style] === true && n >= 0) return formatSerialDate(n, isDate1904);
        return formatNumber(n);
      }
    }
  }

  const cellTooLong = (): InputFormatError =>
    new InputFormatError(
      'RECORD_TOO_LONG',
      `cell ${columnName(column)}${rowNumber} has more than ${limits.maxCellChars} characters, past maxCellChars (${limits.maxCellChars})`,
    );

  function placeCell(): void {
    const text = cellText();
    if (text === '') return;
    placeCellText(cells, column, rowNumber, text, limits);
  }

  const handlers: XmlHandlers = {
    open(name, attributes) {
      switch (name) {
        case 'c': {
          const ref = attributes.r;
          const fromRef = ref === undefined ? -1 : columnIndexOf(ref);
          column = fromRef === -1 ? nextColumn : fromRef;
          type = attributes.t ?? 'n';
          style = attributes.s === undefined ? 0 : Number(attributes.s);
          value = '';
          inline = '';
          hasCells = true;
          break;
        }
        case 'v':
          capturing = CAPTURING_VALUE;
          break;
        case 'row': {
          const declared = attributes.r === undefined ? NaN : Number(attributes.r);
          rowNumber = Number.isInteger(declared) && declared > 0 ? declared : rowNumber + 1;
          cells = [];
          hasCells = false;
          nextColumn = 0;
          break;
        }
        case 'is':
          isInInline = true;
          break;
        case 't':
          if (isInInline && phoneticDepth === 0) capturing = CAPTURING_INLINE;
          break;
        case 'rPh':
          phoneticDepth++;
          break;
      }
    },
    close(name) {
      switch (name) {
        case 'c':
          placeCell();
          nextColumn = column + 1;
          break;
        case 'v':
        case 't':
          capturing = NOT_CAPTURING;
          break;
        case 'row':
          if (hasCells) ready.push({ rowNumber, cells });
          break;
        case 'is':
          isInInline = false;
          break;
        case 'rPh':
          phoneticDepth--;
          break;
      }
    },
    text(text) {
      // Checked as the text grows: a cell of many short pieces (CDATA sections) is never held past the limit.
      if (capturing === CAPTURING_VALUE) {
        value += text;
        if (value.length > limits.maxCellChars) throw cellTooLong();
      } else if (capturing === CAPTURING_INLINE) {
        inline += text;
        if (inline.length > limits.maxCellChars) throw cellTooLong();
      }
    },
  };
  const textRunLimit: TextRunLimit = {
    maxChars: limits.maxCellChars * RAW_CHARS_PER_CHAR,
    tooLong: () =>
      capturing === NOT_CAPTURING
        ? malformedXlsx(`${source.part.name} has a run of over ${limits.maxCellChars * RAW_CHARS_PER_CHAR} characters of text outside any cell, after row ${rowNumber}`)
        : cellTooLong(),
  };

  const read = { maxBytes: limits.maxPartBytes, limitName: 'maxPartBytes', signal, onCompressedBytes: source.onCompressedBytes };
  const chunks = feedXmlPart(source.archive, source.part, read, handlers, textRunLimit);
  try {
    while (!(await chunks.next()).done) {
      signal?.throwIfAborted();
      if (ready.length === 0) continue;
      yield ready;
      ready = [];
    }
  } finally {
    // A caller that stops early leaves the part's streams open unless the feed is ended too.
    await chunks.return(undefined);
  }
}
