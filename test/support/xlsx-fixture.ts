/**
 * For tests only: a minimal .xlsx assembled from XML strings, so each producer quirk is exactly
 * what the test says (exceljs or our writer would normalize it away). The parts are a plain
 * record: tests rename, drop or rewrite parts before zipping.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';

export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const XLSX_MAIN_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';

export interface FixtureSheet {
  readonly name: string;
  /** The `<sheetData>` children (rows), or a whole part when it starts with `<?xml` or `<worksheet`. */
  readonly data: string;
  readonly state?: 'hidden' | 'veryHidden';
  readonly kind?: 'worksheet' | 'chartsheet';
}

export interface FixtureOptions {
  readonly sheets: readonly FixtureSheet[];
  /** `<si>` elements. */
  readonly sharedStrings?: readonly string[];
  /** `<numFmts>` children and `<cellXfs>` children. */
  readonly numFmts?: string;
  readonly cellXfs?: string;
  readonly workbookPr?: string;
  readonly mainContentType?: string;
}

export type Parts = Record<string, string | Uint8Array>;

const rel = (id: string, type: string, target: string): string =>
  `<Relationship Id="${id}" Type="${REL_NS}/${type}" Target="${target}"/>`;

export function fixtureParts(options: FixtureOptions): Parts {
  const { sheets } = options;
  const parts: Parts = {};
  const overrides: string[] = [`<Override PartName="/xl/workbook.xml" ContentType="${options.mainContentType ?? XLSX_MAIN_TYPE}"/>`];
  const workbookRels: string[] = [];
  sheets.forEach((sheet, i) => {
    const kind = sheet.kind ?? 'worksheet';
    const path = kind === 'worksheet' ? `worksheets/sheet${i + 1}.xml` : `chartsheets/sheet${i + 1}.xml`;
    const isWhole = /^\s*<(\?xml|worksheet|chartsheet)/.test(sheet.data);
    parts[`xl/${path}`] = isWhole
      ? sheet.data
      : kind === 'worksheet'
        ? `<worksheet xmlns="${MAIN_NS}"><sheetData>${sheet.data}</sheetData></worksheet>`
        : `<chartsheet xmlns="${MAIN_NS}"/>`;
    workbookRels.push(rel(`rId${i + 1}`, kind, path));
  });
  const sheetsXml = sheets
    .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`)
    .join('');
  parts['xl/workbook.xml'] =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    `${options.workbookPr ?? ''}<sheets>${sheetsXml}</sheets></workbook>`;
  if (options.sharedStrings) {
    parts['xl/sharedStrings.xml'] =
      `<sst xmlns="${MAIN_NS}" count="${options.sharedStrings.length}">${options.sharedStrings.join('')}</sst>`;
    workbookRels.push(rel('rIdSst', 'sharedStrings', 'sharedStrings.xml'));
  }
  if (options.cellXfs !== undefined) {
    parts['xl/styles.xml'] =
      `<styleSheet xmlns="${MAIN_NS}"><numFmts>${options.numFmts ?? ''}</numFmts>` +
      `<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs>${options.cellXfs}</cellXfs></styleSheet>`;
    workbookRels.push(rel('rIdStyles', 'styles', 'styles.xml'));
  }
  parts['xl/_rels/workbook.xml.rels'] =
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${workbookRels.join('')}</Relationships>`;
  parts['_rels/.rels'] =
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
    `${rel('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>`;
  parts['[Content_Types].xml'] =
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>${overrides.join('')}</Types>`;
  return parts;
}

export function zipParts(parts: Parts, level: 0 | 6 = 6): Uint8Array {
  return zipSync(
    Object.fromEntries(Object.entries(parts).map(([name, body]) => [name, typeof body === 'string' ? strToU8(body) : body])),
    { level },
  );
}

/** Writes the zip into `dir` and returns its path. */
export async function writeFixture(dir: string, parts: Parts | Uint8Array, extension = 'xlsx'): Promise<string> {
  const path = join(dir, `${randomUUID()}.${extension}`);
  await writeFile(path, parts instanceof Uint8Array ? parts : zipParts(parts));
  return path;
}
