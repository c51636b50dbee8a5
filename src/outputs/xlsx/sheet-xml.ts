/**
 * Worksheet XML, written front to back: `worksheetStart`, many `RowEncoder.encode`, `worksheetEnd`.
 * Pure string building, no I/O.
 */
import { cellTextXml, columnName, hasOuterSpace, isPlainXmlText, plainCellTextXml } from './xml-text.js';

export type CellValue = string | number | null | undefined;
export type NumberFormat = 'integer' | 'decimal' | 'percent';

export interface SheetColumn {
  readonly header: string;
  /** 'text' (default) stores every value as a string; 'number' stores numeric values as numbers. */
  readonly kind?: 'text' | 'number';
  /** Width in Excel character units; computed from the first rows when absent. */
  readonly width?: number;
  /** Display format of a 'number' column (the stored value keeps full precision). */
  readonly numberFormat?: NumberFormat;
}

/** Indexes into cellXfs of styles.xml (package-xml.ts); the two lists must change together. */
export const STYLE = { header: 1, title: 2, integer: 3, decimal: 4, percent: 5, note: 6, tableHeader: 7, wrapped: 8 } as const;

/** Indexes into dxfs of styles.xml: the looks conditional formatting can apply. */
export const DXF = { alert: 0 } as const;

/** Excel's limits: 1,048,576 rows and 16,384 columns (XFD). */
export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_COLUMNS = 16_384;

const MIN_WIDTH = 6;
/** Widest column the writer sizes, in Excel character units. */
export const MAX_WIDTH = 60;
// Bold header text is wider, and the autofilter arrow covers about two characters.
const HEADER_EXTRA = 4;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const WORKSHEET_OPEN =
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">';
const FROZEN_HEADER =
  '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
  '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>';

export interface WorksheetLayout {
  readonly widths: readonly number[];
  readonly freezeHeader: boolean;
  readonly isSelected: boolean;
}

export function worksheetStart({ widths, freezeHeader, isSelected }: WorksheetLayout): string {
  const view = `<sheetView workbookViewId="0"${isSelected ? ' tabSelected="1"' : ''}`;
  const cols = widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  return (
    XML_HEAD +
    WORKSHEET_OPEN +
    `<sheetViews>${freezeHeader ? `${view}>${FROZEN_HEADER}</sheetView>` : `${view}/>`}</sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    (cols === '' ? '' : `<cols>${cols}</cols>`) +
    '<sheetData>'
  );
}

export interface WorksheetEnding {
  /** `A1:T100`: the used range, header included. */
  readonly autoFilter?: string;
  /** Range where "number stored as text" warnings are pointless (CPF, CEP, phones are text on purpose). */
  readonly textRange?: string;
  /** Relationship id of a drawing part (charts/images on the sheet). */
  readonly drawingRelId?: string;
  /** Ranges shown as one cell (`A5:G5`). */
  readonly mergedRanges?: readonly string[];
  /** `<conditionalFormatting>` elements, already rendered (conditional-formatting-xml.ts). */
  readonly conditionalFormatting?: string;
}

// The order of the elements after sheetData is fixed by ECMA-376 (CT_Worksheet): autoFilter,
// mergeCells, conditionalFormatting, pageMargins, ignoredErrors, drawing. Excel "repairs" a file
// that has them in any other order.
export function worksheetEnd({ autoFilter, textRange, drawingRelId, mergedRanges = [], conditionalFormatting = '' }: WorksheetEnding): string {
  return (
    '</sheetData>' +
    (autoFilter ? `<autoFilter ref="${autoFilter}"/>` : '') +
    (mergedRanges.length > 0
      ? `<mergeCells count="${mergedRanges.length}">${mergedRanges.map((ref) => `<mergeCell ref="${ref}"/>`).join('')}</mergeCells>`
      : '') +
    conditionalFormatting +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
    (textRange ? `<ignoredErrors><ignoredError sqref="${textRange}" numberStoredAsText="1"/></ignoredErrors>` : '') +
    (drawingRelId ? `<drawing r:id="${drawingRelId}"/>` : '') +
    '</worksheet>'
  );
}

// What a 'number' column accepts as text: JavaScript number syntax, no grouping separators.
const NUMERIC_TEXT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const numberText = (value: string | number): string | undefined => {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  return NUMERIC_TEXT.test(value) ? String(Number(value)) : undefined;
};

/**
 * Encodes rows for a fixed list of columns. The per-column prefixes are built once because this
 * runs for every cell of millions of rows.
 */
export class RowEncoder {
  private readonly cellOpen: string[];
  private readonly numberStyle: string[];
  private readonly isNumeric: boolean[];

  constructor(columns: readonly SheetColumn[]) {
    this.cellOpen = columns.map((_, i) => `<c r="${columnName(i)}`);
    this.isNumeric = columns.map((c) => c.kind === 'number');
    this.numberStyle = columns.map((c) => (c.numberFormat ? ` s="${STYLE[c.numberFormat]}"` : ''));
  }

  /** A row of cells; null, undefined and '' leave the cell out. Values beyond the columns are ignored. */
  encode(rowNumber: number, values: readonly CellValue[]): string {
    const count = Math.min(values.length, this.cellOpen.length);
    let joined = '';
    for (let i = 0; i < count; i++) {
      const value = values[i];
      if (typeof value === 'string') joined += value;
    }
    const toXml = isPlainXmlText(joined) ? plainCellTextXml : cellTextXml;
    const n = String(rowNumber);
    let xml = `<row r="${n}">`;
    for (let i = 0; i < count; i++) {
      const value = values[i];
      if (value === null || value === undefined || value === '') continue;
      const open = this.cellOpen[i] as string;
      if (this.isNumeric[i]) {
        const number = numberText(value);
        if (number !== undefined) {
          xml += `${open}${n}"${this.numberStyle[i]}><v>${number}</v></c>`;
          continue;
        }
      }
      const text = typeof value === 'string' ? toXml(value) : cellTextXml(String(value));
      xml += hasOuterSpace(text)
        ? `${open}${n}" t="inlineStr"><is><t xml:space="preserve">${text}</t></is></c>`
        : `${open}${n}" t="inlineStr"><is><t>${text}</t></is></c>`;
    }
    return `${xml}</row>`;
  }
}

/** One text cell at `ref` (`B7`), neutralized and escaped. */
export function textCell(ref: string, value: string, style?: number): string {
  const text = cellTextXml(value);
  const s = style === undefined ? '' : ` s="${style}"`;
  const t = hasOuterSpace(text) ? '<t xml:space="preserve">' : '<t>';
  return `<c r="${ref}"${s} t="inlineStr"><is>${t}${text}</t></is></c>`;
}

/** One numeric cell, or a text cell when the number is not finite (Excel has no NaN/Infinity). */
export function numberCell(ref: string, value: number, style?: number): string {
  if (!Number.isFinite(value)) return textCell(ref, String(value));
  return `<c r="${ref}"${style === undefined ? '' : ` s="${style}"`}><v>${value}</v></c>`;
}

/** A row whose cells are all text in one style: the header row. */
export const textRow = (rowNumber: number, values: readonly string[], style?: number): string =>
  `<row r="${rowNumber}">${values.map((v, i) => (v === '' ? '' : textCell(`${columnName(i)}${rowNumber}`, v, style))).join('')}</row>`;

/** Widths in Excel character units: the given ones, else the longest header or sampled value. */
export function columnWidths(columns: readonly SheetColumn[], sample: readonly (readonly CellValue[])[]): number[] {
  return columns.map((column, i) => {
    if (column.width !== undefined) return column.width;
    let longest = column.header.length + HEADER_EXTRA;
    for (const row of sample) {
      const value = row[i];
      if (value !== null && value !== undefined) longest = Math.max(longest, String(value).length);
    }
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 1));
  });
}

/** `A1:T9` for a block of `columnCount` columns and rows `firstRow`…`lastRow`. */
export const rangeRef = (columnCount: number, firstRow: number, lastRow: number): string =>
  `A${firstRow}:${columnName(Math.max(columnCount, 1) - 1)}${lastRow}`;
