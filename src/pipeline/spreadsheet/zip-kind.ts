/**
 * What a zip file holds, from its directory and two tiny parts, so the caller picks the right
 * reader (or explains why there is none): Office Open XML says so in its content types, OpenDocument
 * in its `mimetype` entry. A docx, or a zip of CSVs, is a plain 'zip'.
 */
import type { SpreadsheetLimits } from './opened-sheet.js';
import { contentTypeOf, findWorkbookPart, readContentTypes } from './xlsx/package-parts.js';
import { ZipArchive } from './xlsx/zip-archive.js';

export type ZipKind = 'xlsx' | 'xlsm' | 'xlsb' | 'ods' | 'zip';

export interface ZipSniff {
  readonly kind: ZipKind;
  /** The first entries of the zip (at most 10), to tell the user what the file holds. */
  readonly entryNames: readonly string[];
}

const SHOWN_ENTRIES = 10;

// The package parts read here are a few kilobytes; a larger one is not what it claims to be.
const SNIFF_LIMITS: SpreadsheetLimits = {
  maxPartBytes: 4 * 1024 ** 2,
  maxSharedStringBytes: 0,
  maxSharedStringMemoryBytes: 0,
  maxRows: 0,
  maxColumns: 0,
  maxCellChars: 0,
  maxWholeFileBytes: 0,
};

const MAIN_CONTENT_TYPES: ReadonlyMap<string, ZipKind> = new Map([
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'xlsx'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml', 'xlsx'],
  ['application/vnd.ms-excel.sheet.macroenabled.main+xml', 'xlsm'],
  ['application/vnd.ms-excel.template.macroenabled.main+xml', 'xlsm'],
  ['application/vnd.ms-excel.sheet.binary.macroenabled.main', 'xlsb'],
]);

const ODS_MIME_TYPES = new Set([
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.spreadsheet-template',
]);

/** MALFORMED_XLSX when the zip itself can't be read; I/O errors pass through. */
export async function sniffZip(path: string): Promise<ZipSniff> {
  const archive = await ZipArchive.open(path);
  try {
    return { kind: await kindOf(archive), entryNames: archive.entryNames.slice(0, SHOWN_ENTRIES) };
  } finally {
    archive.close();
  }
}

async function kindOf(archive: ZipArchive): Promise<ZipKind> {
  const context = { archive, limits: SNIFF_LIMITS };
  const mimetype = archive.find('mimetype');
  if (mimetype && mimetype.declaredBytes <= 1024) {
    let text = '';
    for await (const chunk of archive.readPart(mimetype, { maxBytes: 1024, limitName: 'a mimetype entry' })) text += chunk.toString('latin1');
    if (ODS_MIME_TYPES.has(text.trim())) return 'ods';
  }
  const workbook = await findWorkbookPart(context);
  if (!workbook) return 'zip';
  const contentType = contentTypeOf(await readContentTypes(context), workbook.partName)?.toLowerCase();
  const kind = contentType === undefined ? undefined : MAIN_CONTENT_TYPES.get(contentType);
  if (kind) return kind;
  // A docx has a main part too: its content type says it is not a workbook.
  if (contentType !== undefined && contentType !== 'application/xml') return 'zip';
  // No specific content type (a damaged package): the part's own name is the best evidence.
  const name = workbook.partName.toLowerCase();
  if (name.endsWith('/workbook.bin')) return 'xlsb';
  return name.endsWith('/workbook.xml') ? 'xlsx' : 'zip';
}
