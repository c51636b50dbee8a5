/**
 * Which cell styles show a date. A date in .xlsx is a plain number (days since 1900 or 1904);
 * only the number format of the cell's style (`s` → cellXfs → numFmtId) says it is a date.
 */
import { parseXmlPart } from './xml-part.js';
import { readOptionsFor, type PartContext } from './package-parts.js';
import type { ZipPart } from './zip-archive.js';

/**
 * Built-in date and time formats. 14–22 and 45, 47 everywhere; 27–36 and 50–58 are the dates of
 * the East Asian locales, which Excel writes by id. 46 is `[h]:mm:ss`, a duration: a number.
 */
const BUILT_IN_DATE_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58,
]);

/**
 * A format code shows a date when a date/time letter is left after removing what never is one:
 * quoted literals ("R$"), `\`-escaped characters, `_x` spacing and `*x` fill, and brackets (colours
 * `[Red]`, locales `[$-416]`, conditions `[<100]`). Elapsed-time brackets (`[h]`, `[mm]`, `[s]`)
 * mark a duration, which stays a number.
 */
export function isDateFormatCode(code: string): boolean {
  if (/\[(h+|m+|s+)\]/i.test(code)) return false;
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[[^\]]*\]/g, '');
  if (/^general$/i.test(bare.trim())) return false;
  return /[dmyhs]/i.test(bare);
}

/** isDate[s] for the `s` attribute of a cell; styles past the end are not dates. */
export interface CellStyles {
  readonly isDate: readonly boolean[];
}

export const NO_STYLES: CellStyles = { isDate: [] };

export async function readCellStyles(context: PartContext, part: ZipPart | undefined): Promise<CellStyles> {
  if (!part) return NO_STYLES;
  const customFormats = new Map<number, string>();
  const formatIds: number[] = [];
  let isInCellXfs = false;
  await parseXmlPart(context.archive, part, readOptionsFor(context), {
    open(name, attributes) {
      if (name === 'numFmt') customFormats.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
      else if (name === 'cellXfs') isInCellXfs = true;
      // cellStyleXfs has xf elements too: only cellXfs are indexed by a cell's `s`.
      else if (name === 'xf' && isInCellXfs) formatIds.push(Number(attributes.numFmtId ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') isInCellXfs = false;
    },
  });
  const isDate = formatIds.map((id) => {
    const custom = customFormats.get(id);
    return custom === undefined ? BUILT_IN_DATE_IDS.has(id) : isDateFormatCode(custom);
  });
  return { isDate };
}
