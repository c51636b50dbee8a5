/**
 * The Resumo sheet: a small dashboard of blocks stacked top to bottom with a blank row between
 * them, and pictures (charts) in a column of their own to the right of every block, so no picture
 * covers a cell that holds data. It is rendered in memory at finalize (hundreds of rows at most),
 * when the totals are known.
 */
import { conditionalFormattingXml, type ColumnHighlight, type HighlightedRange } from './conditional-formatting-xml.js';
import { stackImages, type ImageAnchor, type SheetImage } from './drawing-xml.js';
import { MAX_WIDTH, STYLE, columnWidths, numberCell, textCell, worksheetEnd, worksheetStart, type NumberFormat } from './sheet-xml.js';
import { columnName } from './xml-text.js';

/** Numbers stay numbers (Excel can sum and chart them); `format` only changes how they show. */
export type SummaryValue = string | number | null | { readonly value: number; readonly format: NumberFormat };

export type SummaryBlock =
  /** A heading in large bold type. */
  | { readonly kind: 'title'; readonly text: string }
  /** Label/value lines: "Linhas lidas | 10.000". */
  | { readonly kind: 'pairs'; readonly title?: string; readonly pairs: readonly (readonly [string, SummaryValue])[] }
  /** A paragraph (a definition, "no data"), wrapped across the width of the widest block. */
  | { readonly kind: 'note'; readonly text: string }
  /** A table with a bold header row: the per-field table. */
  | {
      readonly kind: 'table';
      readonly title?: string;
      readonly header: readonly string[];
      readonly rows: readonly (readonly SummaryValue[])[];
      /** Conditional formatting on whole columns of the body (`column`: zero-based). */
      readonly highlights?: readonly { readonly column: number; readonly highlight: ColumnHighlight }[];
    };

export interface SummarySheet {
  /** Defaults to "Resumo". */
  readonly name?: string;
  readonly blocks: readonly SummaryBlock[];
  /** PNG pictures, stacked top to bottom right of the blocks, in this order. */
  readonly images?: readonly SheetImage[];
}

export const DEFAULT_SUMMARY_NAME = 'Resumo';

export interface RenderedSummary {
  readonly xml: string;
  /** Last row used by the blocks. */
  readonly lastRow: number;
  /** Where each of `summary.images` goes; the drawing part is built from these. */
  readonly anchors: readonly ImageAnchor[];
}

export interface SummaryRenderOptions {
  readonly isSelected: boolean;
  /** Relationship id of the drawing part; required when the summary has images. */
  readonly drawingRelId?: string;
}

interface Line {
  readonly values: readonly SummaryValue[];
  readonly style?: number;
  /** A note: merged across the block width, wrapped, its row made tall enough. */
  readonly isNote?: boolean;
}

// Notes are 10 pt italic: about 1.1 characters per width unit of 11 pt Calibri; 14 pt per line.
const NOTE_CHARS_PER_UNIT = 1.1;
const NOTE_LINE_HEIGHT_PT = 14;
// Columns without a <col> element.
const EXCEL_DEFAULT_WIDTH = 8.43;
// Titles and notes span at least this many columns, even when every block is narrower.
const MIN_SPAN = 4;

export function renderSummarySheet(summary: SummarySheet, options: SummaryRenderOptions): RenderedSummary {
  const lines: Line[] = [];
  const highlights: { column: number; firstRow: number; lastRow: number; highlight: ColumnHighlight }[] = [];
  for (const block of summary.blocks) {
    if (lines.length > 0) lines.push({ values: [] });
    if (block.kind === 'title') {
      lines.push({ values: [block.text], style: STYLE.title, isNote: true });
      continue;
    }
    if (block.kind === 'note') {
      lines.push({ values: [block.text], style: STYLE.note, isNote: true });
      continue;
    }
    if (block.title !== undefined) lines.push({ values: [block.title], style: STYLE.header });
    if (block.kind === 'pairs') {
      for (const [label, value] of block.pairs) lines.push({ values: [label, value] });
      continue;
    }
    lines.push({ values: block.header, style: STYLE.tableHeader });
    const firstRow = lines.length + 1;
    for (const row of block.rows) lines.push({ values: row });
    if (block.rows.length === 0) continue;
    for (const { column, highlight } of block.highlights ?? []) highlights.push({ column, firstRow, lastRow: lines.length, highlight });
  }

  const blockColumns = Math.max(1, ...lines.filter((l) => !l.isNote).map((l) => l.values.length));
  const span = Math.max(blockColumns, MIN_SPAN);
  // Titles and notes span several columns; they must not widen column A.
  const sample = lines.filter((l) => !l.isNote).map((l) => l.values.map(displayText));
  const widths = columnWidths(
    Array.from({ length: blockColumns }, () => ({ header: '' })),
    sample,
  );
  const spanWidth = Array.from({ length: span }, (_, i) => widths[i] ?? EXCEL_DEFAULT_WIDTH).reduce((a, b) => a + b, 0);

  const merged: string[] = [];
  const rows = lines
    .map((line, i) => {
      const rowNumber = i + 1;
      if (!line.isNote) return rowXml(rowNumber, line.values, line.style);
      merged.push(`A${rowNumber}:${columnName(span - 1)}${rowNumber}`);
      const text = typeof line.values[0] === 'string' ? line.values[0] : '';
      const height = line.style === STYLE.note ? noteHeightPt(text, spanWidth) : undefined;
      return rowXml(rowNumber, line.values, line.style, height);
    })
    .join('');

  const images = summary.images ?? [];
  if (images.length > 0 && options.drawingRelId === undefined) throw new Error('a summary with images needs a drawing relationship id');
  // One blank column between the blocks (titles and notes included) and the pictures.
  const anchors = stackImages(images, span + 1, 0);
  const ranges: HighlightedRange[] = highlights.map((h) => {
    const column = columnName(h.column);
    return { ref: `${column}${h.firstRow}:${column}${h.lastRow}`, highlight: h.highlight };
  });
  return {
    xml:
      worksheetStart({ widths, freezeHeader: false, isSelected: options.isSelected }) +
      rows +
      worksheetEnd({
        mergedRanges: merged,
        conditionalFormatting: conditionalFormattingXml(ranges),
        ...(images.length > 0 && options.drawingRelId !== undefined ? { drawingRelId: options.drawingRelId } : {}),
      }),
    lastRow: lines.length,
    anchors,
  };
}

function noteHeightPt(text: string, spanWidth: number): number {
  const charsPerLine = Math.max(1, Math.floor(spanWidth * NOTE_CHARS_PER_UNIT));
  const lineCount = text.split('\n').reduce((sum, paragraph) => sum + Math.max(1, Math.ceil(paragraph.length / charsPerLine)), 0);
  return lineCount * NOTE_LINE_HEIGHT_PT;
}

function rowXml(rowNumber: number, values: readonly SummaryValue[], style?: number, heightPt?: number): string {
  let xml = heightPt === undefined ? `<row r="${rowNumber}">` : `<row r="${rowNumber}" ht="${heightPt}" customHeight="1">`;
  values.forEach((value, i) => {
    if (value === null || value === '') return;
    const ref = `${columnName(i)}${rowNumber}`;
    // Longer than the widest column: wrapped, rather than running on under the next cells or a picture.
    if (typeof value === 'string') xml += textCell(ref, value, style ?? (value.length > MAX_WIDTH ? STYLE.wrapped : undefined));
    else if (typeof value === 'number') xml += numberCell(ref, value, style);
    else xml += numberCell(ref, value.value, STYLE[value.format]);
  });
  return `${xml}</row>`;
}

const displayText = (value: SummaryValue): string | null => {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'number') return value.toLocaleString('pt-BR');
  // Formatted numbers show at most two decimals plus separators or a % sign.
  return value.format === 'percent' ? `${(value.value * 100).toFixed(1)}%` : value.value.toLocaleString('pt-BR', { maximumFractionDigits: 2 });
};
