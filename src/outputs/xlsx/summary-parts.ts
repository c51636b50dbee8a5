/**
 * The package parts of the summary sheet: its XML and, when it has pictures, the chain
 * sheet → `_rels` → drawing → `_rels` → `xl/media/imageN.png`. PNGs go in stored (not
 * deflated): they are compressed already.
 */
import { assertPng, drawingXml } from './drawing-xml.js';
import { CONTENT_TYPE, REL_TYPE, relationshipsXml } from './package-xml.js';
import { renderSummarySheet, type SummarySheet } from './summary-sheet.js';
import { bufferPart, type ZipPart } from './zip-package.js';

export interface SummaryParts {
  readonly parts: readonly ZipPart[];
  /** Part path → content type, for `[Content_Types].xml`. */
  readonly overrides: ReadonlyMap<string, string>;
  /** Extension → content type. */
  readonly defaults: ReadonlyMap<string, string>;
}

const DRAWING_REL_ID = 'rId1';

/** `sheetPath`: `xl/worksheets/sheet4.xml`. The workbook has at most this one drawing. */
export function summaryParts(summary: SummarySheet, sheetPath: string, isSelected: boolean): SummaryParts {
  const images = summary.images ?? [];
  images.forEach(assertPng);
  const hasImages = images.length > 0;
  const { xml, anchors } = renderSummarySheet(summary, hasImages ? { isSelected, drawingRelId: DRAWING_REL_ID } : { isSelected });
  if (!hasImages) return { parts: [bufferPart(sheetPath, xml)], overrides: new Map(), defaults: new Map() };

  const drawingPath = 'xl/drawings/drawing1.xml';
  const mediaPath = (i: number) => `xl/media/image${i + 1}.png`;
  const sheetFolderEnd = sheetPath.lastIndexOf('/') + 1;
  const sheetRelsPath = `${sheetPath.slice(0, sheetFolderEnd)}_rels/${sheetPath.slice(sheetFolderEnd)}.rels`;
  const parts = [
    bufferPart(sheetRelsPath, relationshipsXml([{ id: DRAWING_REL_ID, type: REL_TYPE.drawing, target: '../drawings/drawing1.xml' }])),
    bufferPart(drawingPath, drawingXml(anchors)),
    bufferPart(
      'xl/drawings/_rels/drawing1.xml.rels',
      relationshipsXml(anchors.map((a, i) => ({ id: a.relId, type: REL_TYPE.image, target: `../media/image${i + 1}.png` }))),
    ),
    ...images.map((image, i) => bufferPart(mediaPath(i), image.png, 0)),
    bufferPart(sheetPath, xml),
  ];
  return { parts, overrides: new Map([[drawingPath, CONTENT_TYPE.drawing]]), defaults: new Map([['png', CONTENT_TYPE.png]]) };
}
