import { posix } from 'node:path';
import type ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { SaxesParser, type SaxesTagNS } from 'saxes';

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Nesting depth: 0 for the root element. */
  readonly depth: number;
}

/** Every element of a document, in order; throws on anything not well-formed (namespaces included). */
export function xmlElements(xml: string): XmlElement[] {
  const elements: XmlElement[] = [];
  let depth = 0;
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    const attributes = Object.fromEntries(Object.values(tag.attributes).map((a) => [a.name, a.value]));
    elements.push({ name: tag.name, attributes, depth });
    if (!tag.isSelfClosing) depth++;
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) depth--;
  });
  parser.write(xml).close();
  return elements;
}

// ECMA-376 part 1, CT_Worksheet: the children of <worksheet> in the only order Excel accepts.
const WORKSHEET_ORDER = [
  'sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols', 'sheetData', 'sheetCalcPr', 'sheetProtection',
  'protectedRanges', 'scenarios', 'autoFilter', 'sortState', 'dataConsolidate', 'customSheetViews', 'mergeCells',
  'phoneticPr', 'conditionalFormatting', 'dataValidations', 'hyperlinks', 'printOptions', 'pageMargins', 'pageSetup',
  'headerFooter', 'rowBreaks', 'colBreaks', 'customProperties', 'cellWatches', 'ignoredErrors', 'smartTags', 'drawing',
  'legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst',
];

export interface XlsxPackage {
  readonly files: Readonly<Record<string, Uint8Array>>;
  readonly text: (name: string) => string;
}

/**
 * Opens an .xlsx as a package and checks what Excel checks before showing anything: every XML
 * part well-formed, every part typed in [Content_Types].xml, every relationship pointing at a
 * part that exists, worksheet children in schema order.
 */
export function checkXlsxPackage(bytes: Uint8Array): XlsxPackage {
  const files = unzipSync(bytes);
  const text = (name: string) => {
    const file = files[name];
    if (file === undefined) throw new Error(`no part ${name}`);
    return Buffer.from(file).toString('utf8');
  };
  const parsed = new Map<string, XmlElement[]>();
  for (const name of Object.keys(files)) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    try {
      parsed.set(name, xmlElements(text(name)));
    } catch (error) {
      throw new Error(`${name} is not well-formed XML: ${(error as Error).message}`);
    }
  }

  const types = parsed.get('[Content_Types].xml') ?? [];
  const defaults = new Set(types.filter((e) => e.name === 'Default').map((e) => e.attributes.Extension?.toLowerCase()));
  const overrides = new Set(types.filter((e) => e.name === 'Override').map((e) => e.attributes.PartName));
  for (const name of Object.keys(files)) {
    if (name === '[Content_Types].xml') continue;
    const extension = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    if (!overrides.has(`/${name}`) && !defaults.has(extension)) throw new Error(`[Content_Types].xml does not cover ${name}`);
  }
  for (const part of overrides) if (part === undefined || files[part.slice(1)] === undefined) throw new Error(`override for a missing part ${part}`);

  for (const [name, elements] of parsed) {
    if (!name.endsWith('.rels')) continue;
    // xl/worksheets/_rels/sheet1.xml.rels belongs to xl/worksheets/sheet1.xml: targets are relative to xl/worksheets/.
    const base = name === '_rels/.rels' ? '' : posix.dirname(posix.dirname(name));
    for (const rel of elements.filter((e) => e.name === 'Relationship')) {
      if (rel.attributes.TargetMode === 'External') continue;
      const target = posix.normalize(posix.join(base, rel.attributes.Target ?? ''));
      if (files[target] === undefined) throw new Error(`${name}: ${rel.attributes.Id} points to missing ${target}`);
    }
  }

  for (const [name, elements] of parsed) {
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) continue;
    const order = elements.filter((e) => e.depth === 1).map((e) => WORKSHEET_ORDER.indexOf(e.name));
    if (order.some((rank, i) => rank < 0 || (i > 0 && rank < order[i - 1]!))) {
      throw new Error(`${name}: <worksheet> children out of schema order: ${elements.filter((e) => e.depth === 1).map((e) => e.name).join(', ')}`);
    }
  }
  return { files, text };
}

// exceljs reads these but its typings leave them out.

/** The conditional formatting exceljs read from a sheet. */
export const conditionalFormattingsOf = (sheet: ExcelJS.Worksheet): ExcelJS.ConditionalFormattingOptions[] =>
  (sheet as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;

/** Display size in pixels of a one-cell-anchored picture. */
export const pictureSizeOf = (picture: { range: ExcelJS.ImageRange }): { width: number; height: number } | undefined =>
  (picture.range as unknown as { ext?: { width: number; height: number } }).ext;
