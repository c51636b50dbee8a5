/**
 * Conditional formatting (ECMA-376 part 1, §18.3.1.18): Excel recomputes the colours itself, so
 * they stay right when someone edits or sorts the table.
 */
import { DXF } from './sheet-xml.js';

/**
 * - `shareScale`: a share 0–1 coloured red (0) → yellow (0.8) → green (1). Fixed thresholds rather
 *   than the column's min/max, so 97% never shows red only because every other field is at 100%.
 * - `alertAboveZero`: light red fill with dark red text when the number is above 0.
 */
export type ColumnHighlight = 'shareScale' | 'alertAboveZero';

export interface HighlightedRange {
  /** `G12:G40` */
  readonly ref: string;
  readonly highlight: ColumnHighlight;
}

const SCALE_RED = 'FFF8696B';
const SCALE_YELLOW = 'FFFFEB84';
const SCALE_GREEN = 'FF63BE7B';
const SCALE_MIDPOINT = 0.8;

const ruleXml = (highlight: ColumnHighlight, priority: number): string =>
  highlight === 'shareScale'
    ? `<cfRule type="colorScale" priority="${priority}"><colorScale>` +
      `<cfvo type="num" val="0"/><cfvo type="num" val="${SCALE_MIDPOINT}"/><cfvo type="num" val="1"/>` +
      `<color rgb="${SCALE_RED}"/><color rgb="${SCALE_YELLOW}"/><color rgb="${SCALE_GREEN}"/>` +
      '</colorScale></cfRule>'
    : `<cfRule type="cellIs" dxfId="${DXF.alert}" priority="${priority}" operator="greaterThan"><formula>0</formula></cfRule>`;

/** One `<conditionalFormatting>` per range; priorities are unique across the sheet, as Excel wants. */
export const conditionalFormattingXml = (ranges: readonly HighlightedRange[]): string =>
  ranges.map((r, i) => `<conditionalFormatting sqref="${r.ref}">${ruleXml(r.highlight, i + 1)}</conditionalFormatting>`).join('');
