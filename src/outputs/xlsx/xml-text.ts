/**
 * Text → SpreadsheetML. Everything that ends up between tags or in an attribute passes here, so
 * the escaping rules live in one place.
 */
import { neutralizeFormula } from '../formula-guard.js';

/** Excel refuses longer cell text ("Text values in cells cannot exceed 32,767 characters"). */
export const MAX_CELL_CHARS = 32_767;

// XML 1.0 forbids these even as &#n; references: a single one makes Excel declare the whole file
// corrupt. Tab, LF and CR are allowed; surrogates only as a well-formed pair.
const ILLEGAL_XML_CHARS =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Only text that matches takes the slow path below. Surrogates match even when paired (emoji),
// which only costs the slow path.
// eslint-disable-next-line no-control-regex -- as above
const NEEDS_WORK = /[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;
// `_` stands in for `_xHHHH_`: a plain character class scans several times faster than an alternation.
// eslint-disable-next-line no-control-regex -- as above
const NEEDS_WORK_CHAR = /[&<>"\r_\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * True when none of the texts needs escaping or stripping. Meant for the texts of a whole row
 * joined: one regex call per row instead of one per cell saves the per-call overhead, a good
 * part of the writer's time. May say false for clean text (any `_`): that row then takes the
 * per-cell path.
 */
export const isPlainXmlText = (joined: string): boolean => !NEEDS_WORK_CHAR.test(joined);

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

/** Removes the characters XML 1.0 cannot carry at all. */
export const stripIllegalXmlChars = (text: string): string => text.replace(ILLEGAL_XML_CHARS, '');

/**
 * The text a cell will hold: illegal characters removed, formula triggers neutralized, cut to
 * Excel's limit (never between the two halves of a surrogate pair).
 */
export const toCellText = (value: string): string =>
  truncateCellText(neutralizeFormula(NEEDS_WORK.test(value) ? stripIllegalXmlChars(value) : value));

function truncateCellText(text: string): string {
  if (text.length <= MAX_CELL_CHARS) return text;
  const last = text.charCodeAt(MAX_CELL_CHARS - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? MAX_CELL_CHARS - 1 : MAX_CELL_CHARS);
}

/**
 * Escapes cell text for `<t>`. CR becomes `&#13;` because XML parsers turn a literal CR into LF;
 * a literal `_x0041_` is protected as `_x005F_x0041_` because Excel decodes `_xHHHH_` in strings.
 */
export function escapeCellText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return stripIllegalXmlChars(text)
    .replace(/[&<>"\r]/g, (c) => ENTITIES[c] ?? c)
    .replace(/_x([0-9A-Fa-f]{4})_/g, '_x005F_x$1_');
}

/** For attribute values in double quotes (sheet names, formulas of defined names). */
export const escapeAttribute = (text: string): string =>
  stripIllegalXmlChars(text).replace(/[&<>"'\r]/g, (c) => ENTITIES[c] ?? c);

/** XML for a text cell's content: `toCellText` then `escapeCellText`. */
export const cellTextXml = (value: string): string =>
  NEEDS_WORK.test(value) ? escapeCellText(toCellText(value)) : plainCellTextXml(value);

/** `cellTextXml` for text known to satisfy `isPlainXmlText`. */
export const plainCellTextXml = (value: string): string => truncateCellText(neutralizeFormula(value));

/** True when leading/trailing blanks would be dropped without xml:space="preserve". */
export function hasOuterSpace(text: string): boolean {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first === 32 || first === 9 || first === 10 || last === 32 || last === 9 || last === 10;
}

/** 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}
