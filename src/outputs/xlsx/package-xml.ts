/**
 * The small fixed parts of the package: content types, relationships, workbook and styles. They
 * are rendered at finalize, when every sheet name and used range is known.
 */
import { escapeAttribute } from './xml-text.js';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

export const CONTENT_TYPE = {
  workbook: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
  worksheet: 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml',
  styles: 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml',
  sharedStrings: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml',
  drawing: 'application/vnd.openxmlformats-officedocument.drawing+xml',
  png: 'image/png',
} as const;

export const REL_TYPE = {
  officeDocument: `${REL_NS}/officeDocument`,
  worksheet: `${REL_NS}/worksheet`,
  styles: `${REL_NS}/styles`,
  sharedStrings: `${REL_NS}/sharedStrings`,
  drawing: `${REL_NS}/drawing`,
  image: `${REL_NS}/image`,
} as const;

export interface Relationship {
  readonly id: string;
  readonly type: string;
  /** Relative to the folder of the part that owns the relationships. */
  readonly target: string;
}

export const relationshipsXml = (rels: readonly Relationship[]): string =>
  `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
  rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${escapeAttribute(r.target)}"/>`).join('') +
  '</Relationships>';

/** `overrides`: part path (no leading slash) → content type; `defaults`: extension → content type (png…). */
export function contentTypesXml(overrides: ReadonlyMap<string, string>, defaults: ReadonlyMap<string, string> = new Map()): string {
  const base = new Map([
    ['rels', 'application/vnd.openxmlformats-package.relationships+xml'],
    ['xml', 'application/xml'],
    ...defaults,
  ]);
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    [...base].map(([ext, type]) => `<Default Extension="${ext}" ContentType="${type}"/>`).join('') +
    [...overrides].map(([path, type]) => `<Override PartName="/${path}" ContentType="${type}"/>`).join('') +
    '</Types>'
  );
}

export interface WorkbookSheet {
  readonly name: string;
  readonly relId: string;
  /** Absolute range of the autofilter (`$A$1:$T$100`), when the sheet has one. */
  readonly filterRange?: string;
}

const quoteSheetName = (name: string): string => `'${name.replace(/'/g, "''")}'`;

/** `activeTab`: index of the sheet shown on opening; it must be the one whose sheetView says tabSelected. */
export function workbookXml(sheets: readonly WorkbookSheet[], activeTab = 0): string {
  // Excel keeps an autofilter's range in this hidden name too and rebuilds it when it is missing.
  const filters = sheets
    .map((s, i) =>
      s.filterRange
        ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">` +
          `${escapeAttribute(quoteSheetName(s.name))}!${s.filterRange}</definedName>`
        : '',
    )
    .join('');
  return (
    `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    `<bookViews><workbookView activeTab="${activeTab}"/></bookViews><sheets>` +
    sheets.map((s, i) => `<sheet name="${escapeAttribute(s.name)}" sheetId="${i + 1}" r:id="${s.relId}"/>`).join('') +
    `</sheets>${filters === '' ? '' : `<definedNames>${filters}</definedNames>`}</workbook>`
  );
}

// cellXfs order is STYLE in sheet-xml.ts: 0 normal, 1 header (bold), 2 title (bold 14),
// 3 integer `#,##0`, 4 decimal `#,##0.00`, 5 percent `0.0%`, 6 note (italic grey, wrapped, top),
// 7 table header (bold on a light fill, line below), 8 wrapped (long text in the summary).
// Excel shows the separators of the reader's locale (1.234,56 in pt-BR).
// dxfs are the looks conditional formatting applies: 0 alert (dark red on light red, Excel's own
// "light red fill with dark red text").
export const STYLES_XML =
  `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">` +
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>' +
  '<fonts count="4">' +
  '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><i/><sz val="10"/><color rgb="FF595959"/><name val="Calibri"/><family val="2"/></font>' +
  '</fonts>' +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
  '<border><left/><right/><top/><bottom style="thin"><color rgb="FF8EA9DB"/></bottom><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="9">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '<dxfs count="1"><dxf><font><color rgb="FF9C0006"/></font><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf></dxfs>' +
  '</styleSheet>';

// Empty on purpose (every string is inline): its presence before the sheets lets streaming
// readers such as exceljs's WorkbookReader parse sheets as they arrive instead of spooling them.
export const EMPTY_SHARED_STRINGS_XML = `${XML_HEAD}<sst xmlns="${MAIN_NS}" count="0" uniqueCount="0"/>`;
