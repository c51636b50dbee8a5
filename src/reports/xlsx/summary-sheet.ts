/**
 * The Resumo sheet: a small dashboard of blocks stacked top to bottom with a blank row between
 * them. It is rendered in memory at finalize (tens of rows), when the totals are known.
 */
import { STYLE, columnWidths, numberCell, textCell, worksheetEnd, worksheetStart, type NumberFormat } from './sheet-xml.js';
import { columnName } from './xml-text.js';

/** Numbers stay numbers (Excel can sum and chart them); `format` only changes how they show. */
export type SummaryValue = string | number | null | { readonly value: number; readonly format: NumberFormat };

export type SummaryBlock =
  /** A heading in large bold type. */
  | { readonly kind: 'title'; readonly text: string }
  /** Label/value lines: "Linhas lidas | 10.000". */
  | { readonly kind: 'pairs'; readonly title?: string; readonly pairs: readonly (readonly [string, SummaryValue])[] }
  /** A table with a bold header row: the per-field table. */
  | {
      readonly kind: 'table';
      readonly title?: string;
      readonly header: readonly string[];
      readonly rows: readonly (readonly SummaryValue[])[];
    };

export interface SummarySheet {
  /** Defaults to "Resumo". */
  readonly name?: string;
  readonly blocks: readonly SummaryBlock[];
}

export const DEFAULT_SUMMARY_NAME = 'Resumo';

export interface RenderedSummary {
  readonly xml: string;
  /** Last row used by the blocks: where a later drawing (chart images) can be anchored below. */
  readonly lastRow: number;
}

export interface SummaryRenderOptions {
  readonly isSelected: boolean;
  readonly drawingRelId?: string;
}

export function renderSummarySheet(summary: SummarySheet, options: SummaryRenderOptions): RenderedSummary {
  const lines: { values: readonly SummaryValue[]; style?: number }[] = [];
  for (const block of summary.blocks) {
    if (lines.length > 0) lines.push({ values: [] });
    if (block.kind === 'title') {
      lines.push({ values: [block.text], style: STYLE.title });
      continue;
    }
    if (block.title !== undefined) lines.push({ values: [block.title], style: STYLE.header });
    if (block.kind === 'pairs') {
      for (const [label, value] of block.pairs) lines.push({ values: [label, value] });
    } else {
      lines.push({ values: block.header, style: STYLE.header });
      for (const row of block.rows) lines.push({ values: row });
    }
  }
  const rows = lines.map((line, i) => rowXml(i + 1, line.values, line.style)).join('');
  const columnCount = Math.max(1, ...lines.map((l) => l.values.length));
  // Titles span several columns visually; they must not widen column A.
  const sample = lines.filter((l) => l.style !== STYLE.title).map((l) => l.values.map(displayText));
  const widths = columnWidths(
    Array.from({ length: columnCount }, () => ({ header: '' })),
    sample,
  );
  return {
    xml:
      worksheetStart({ widths, freezeHeader: false, isSelected: options.isSelected }) +
      rows +
      worksheetEnd(options.drawingRelId === undefined ? {} : { drawingRelId: options.drawingRelId }),
    lastRow: lines.length,
  };
}

function rowXml(rowNumber: number, values: readonly SummaryValue[], style?: number): string {
  let xml = `<row r="${rowNumber}">`;
  values.forEach((value, i) => {
    if (value === null || value === '') return;
    const ref = `${columnName(i)}${rowNumber}`;
    if (typeof value === 'string') xml += textCell(ref, value, style);
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
