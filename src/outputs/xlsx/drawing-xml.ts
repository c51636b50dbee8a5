/**
 * Pictures on a sheet (ECMA-376 part 1, §20.5 SpreadsheetML drawing): the sheet points to a
 * drawing part, the drawing holds one anchor per picture, each picture points to a PNG in
 * xl/media. One-cell anchors (a top-left cell plus a size in EMUs) keep the picture at its own
 * size whatever the column widths, so placing it needs no knowledge of how wide columns render.
 */
import { escapeAttribute } from './xml-text.js';

export interface SheetImage {
  readonly png: Uint8Array;
  /** Display size in CSS pixels (96 dpi). The PNG may hold more pixels, for sharpness on zoom. */
  readonly widthPx: number;
  readonly heightPx: number;
  /** Alt text: what a screen reader says and Excel shows under "Alt Text". */
  readonly description?: string;
}

export interface ImageAnchor {
  /** Zero-based column and row of the top-left cell. */
  readonly column: number;
  readonly row: number;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly description: string;
  /** Relationship id of the PNG in the drawing's rels. */
  readonly relId: string;
}

/** English Metric Units: 914,400 per inch, 96 pixels per inch. */
export const EMU_PER_PIXEL = 9525;
/** Excel's default row (15 pt) on screen. */
export const DEFAULT_ROW_HEIGHT_PX = 20;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function assertPng(image: SheetImage, index: number): void {
  if (!PNG_SIGNATURE.every((byte, i) => image.png[i] === byte)) throw new TypeError(`image ${index + 1} is not a PNG`);
  for (const size of [image.widthPx, image.heightPx]) {
    if (!(size > 0) || !Number.isFinite(size)) throw new RangeError(`image ${index + 1} needs a positive width and height, got ${image.widthPx}×${image.heightPx}`);
  }
}

/**
 * Stacks pictures top to bottom in one column, a blank row between them. Rows are assumed to be
 * at least the default height: taller rows (wrapped text, a title) only widen the gaps.
 */
export function stackImages(images: readonly SheetImage[], column: number, firstRow: number): ImageAnchor[] {
  let row = firstRow;
  return images.map((image, i) => {
    const anchor = {
      column,
      row,
      widthPx: image.widthPx,
      heightPx: image.heightPx,
      description: image.description ?? `image ${i + 1}`,
      relId: `rId${i + 1}`,
    };
    row += Math.ceil(image.heightPx / DEFAULT_ROW_HEIGHT_PX) + 1;
    return anchor;
  });
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const WS_DR_OPEN =
  '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" ' +
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">';

export function drawingXml(anchors: readonly ImageAnchor[]): string {
  return `${XML_HEAD}${WS_DR_OPEN}${anchors.map(anchorXml).join('')}</xdr:wsDr>`;
}

function anchorXml(anchor: ImageAnchor, index: number): string {
  const cx = Math.round(anchor.widthPx * EMU_PER_PIXEL);
  const cy = Math.round(anchor.heightPx * EMU_PER_PIXEL);
  const description = escapeAttribute(anchor.description);
  // Shape ids must be unique within the drawing; 1 is customarily left to the drawing itself.
  return (
    '<xdr:oneCellAnchor>' +
    `<xdr:from><xdr:col>${anchor.column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${anchor.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:ext cx="${cx}" cy="${cy}"/>` +
    '<xdr:pic>' +
    `<xdr:nvPicPr><xdr:cNvPr id="${index + 2}" name="${description}" descr="${description}"/>` +
    '<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr>' +
    `<xdr:blipFill><a:blip r:embed="${anchor.relId}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>` +
    `<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="${cx}" cy="${cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>` +
    '</xdr:pic>' +
    '<xdr:clientData/>' +
    '</xdr:oneCellAnchor>'
  );
}
