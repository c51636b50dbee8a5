/**
 * The OPC package around the cells: `[Content_Types].xml`, the relationships (`_rels/*.rels`) and
 * `workbook.xml`. Parts are found the way Excel finds them, through relationships by TYPE, never
 * by the conventional names: openpyxl writes absolute targets, other tools rename parts.
 */
import type { SpreadsheetLimits } from '../opened-sheet.js';
import { parseXmlPart } from './xml-part.js';
import { malformedXlsx } from './xlsx-problems.js';
import type { ZipArchive, ZipPart } from './zip-archive.js';

export interface Relationship {
  readonly id: string;
  /** Last segment of the type URI (`worksheet`, `officeDocument`): transitional and strict OOXML differ only before it. */
  readonly kind: string;
  /** Part name resolved against the source part, without a leading `/`. */
  readonly partName: string;
}

export interface WorkbookSheet {
  readonly name: string;
  readonly isHidden: boolean;
  readonly relationshipId: string;
}

export interface WorkbookPart {
  readonly sheets: readonly WorkbookSheet[];
  readonly isDate1904: boolean;
}

export interface PartContext {
  readonly archive: ZipArchive;
  readonly limits: SpreadsheetLimits;
  readonly signal?: AbortSignal;
}

export const readOptionsFor = (context: PartContext) => ({
  maxBytes: context.limits.maxPartBytes,
  limitName: 'maxPartBytes',
  signal: context.signal,
});

/** `xl/_rels/workbook.xml.rels` for `xl/workbook.xml`; `_rels/.rels` for the package itself (''). */
export function relationshipsPartOf(partName: string): string {
  const slash = partName.lastIndexOf('/');
  return `${partName.slice(0, slash + 1)}_rels/${partName.slice(slash + 1)}.rels`;
}

/** A relationship target is a URI: absolute from the package root, or relative to the source part's folder. */
export function resolveTarget(sourcePart: string, target: string): string {
  let path = target.replace(/\\/g, '/');
  try {
    path = decodeURIComponent(path);
  } catch {
    // A stray % is a literal character in some producers' targets.
  }
  const base = path.startsWith('/') ? [] : sourcePart.split('/').slice(0, -1);
  for (const segment of path.split('/')) {
    if (segment === '..') base.pop();
    else if (segment !== '.' && segment !== '') base.push(segment);
  }
  return base.join('/');
}

/** Relationships of `sourcePart` ('' for the package); none when the .rels part is absent. */
export async function readRelationships(context: PartContext, sourcePart: string): Promise<Relationship[]> {
  const part = context.archive.find(relationshipsPartOf(sourcePart));
  if (!part) return [];
  const found: Relationship[] = [];
  await parseXmlPart(context.archive, part, readOptionsFor(context), {
    open(name, attributes) {
      if (name !== 'Relationship' || attributes.TargetMode === 'External') return;
      const { Id: id = '', Type: type = '', Target: target } = attributes;
      if (target === undefined) return;
      found.push({ id, kind: type.slice(type.lastIndexOf('/') + 1), partName: resolveTarget(sourcePart, target) });
    },
  });
  return found;
}

/** Content type of each part: Override by part name, else Default by extension (keys lower case). */
export interface ContentTypes {
  readonly overrides: ReadonlyMap<string, string>;
  readonly defaults: ReadonlyMap<string, string>;
}

export async function readContentTypes(context: PartContext): Promise<ContentTypes> {
  const overrides = new Map<string, string>();
  const defaults = new Map<string, string>();
  const part = context.archive.find('[Content_Types].xml');
  if (part) {
    await parseXmlPart(context.archive, part, readOptionsFor(context), {
      open(name, { PartName, Extension, ContentType = '' }) {
        if (name === 'Override' && PartName) overrides.set(resolveTarget('', PartName).toLowerCase(), ContentType);
        if (name === 'Default' && Extension) defaults.set(Extension.toLowerCase(), ContentType);
      },
    });
  }
  return { overrides, defaults };
}

export function contentTypeOf(types: ContentTypes, partName: string): string | undefined {
  const key = partName.toLowerCase();
  return types.overrides.get(key) ?? types.defaults.get(key.slice(key.lastIndexOf('.') + 1));
}

/**
 * The main part, through the package's officeDocument relationship. Without one (a hand-made
 * or damaged package) Excel's own location is tried, as Excel itself does.
 */
export async function findWorkbookPart(context: PartContext): Promise<{ partName: string; part: ZipPart } | undefined> {
  const rels = await readRelationships(context, '');
  const candidates = [
    ...rels.filter((r) => r.kind === 'officeDocument').map((r) => r.partName),
    'xl/workbook.xml',
    'xl/workbook.bin',
  ];
  for (const partName of candidates) {
    const part = context.archive.find(partName);
    if (part) return { partName, part };
  }
  return undefined;
}

export async function readWorkbook(context: PartContext, part: ZipPart): Promise<WorkbookPart> {
  const sheets: WorkbookSheet[] = [];
  let isDate1904 = false;
  await parseXmlPart(context.archive, part, readOptionsFor(context), {
    open(name, attributes) {
      if (name === 'workbookPr') {
        const value = attributes.date1904?.toLowerCase();
        isDate1904 = value === '1' || value === 'true';
      } else if (name === 'sheet') {
        // The relationship id is `r:id`, but the prefix is whatever the producer bound the namespace to.
        const idKey = Object.keys(attributes).find((key) => key.endsWith(':id'));
        const state = attributes.state;
        sheets.push({
          name: attributes.name ?? '',
          isHidden: state === 'hidden' || state === 'veryHidden',
          relationshipId: idKey ? (attributes[idKey] ?? '') : '',
        });
      }
    },
  });
  if (sheets.length === 0) throw malformedXlsx(`${part.name} lists no sheets`);
  return { sheets, isDate1904 };
}
