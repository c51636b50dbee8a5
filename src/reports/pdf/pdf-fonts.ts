import type * as fontkit from 'fontkit';
import { fontFaces } from '../charts/fonts.js';
import { withLayoutMemo } from './font-layout-memo.js';

/**
 * Names the DejaVu faces are registered under. svg-to-pdfkit looks fonts up as `Family` and
 * `Family-Bold`, so the same names serve the text drawn here and the text inside chart SVGs.
 */
export const PDF_FONTS = { regular: 'DejaVu Sans', bold: 'DejaVu Sans-Bold' } as const;

/** Drawn in place of a character DejaVu has no glyph for (most emoji): visible, never garbled. */
export const MISSING_GLYPH = '□';

interface LoadedFonts {
  readonly regular: fontkit.Font;
  readonly bold: fontkit.Font;
  /** Code points both faces can draw. */
  readonly coverage: ReadonlySet<number>;
}

let loaded: LoadedFonts | undefined;

/** Computed once per process: every report embeds subsets of the same files. */
function loadFonts(): LoadedFonts {
  if (loaded) return loaded;
  const { regular, bold } = fontFaces();
  const coverage = new Set(regular.font.characterSet.filter((cp) => bold.font.hasGlyphForCodePoint(cp)));
  loaded = { regular: withLayoutMemo(regular.font), bold: withLayoutMemo(bold.font), coverage };
  return loaded;
}

/**
 * Registers DejaVu Sans (regular and bold; embedded as subsets) and makes regular the current font.
 * pdfkit takes an opened fontkit font as well as the file's bytes: handing it the faces parsed
 * once per process spares each report parsing both files again (~60 ms of a ~115 ms report
 * of a small file, measured); each document still makes its own subset, so the bytes written
 * are the same.
 */
export function registerReportFonts(doc: PDFKit.PDFDocument): void {
  const fonts = loadFonts();
  // @types/pdfkit lists the byte sources only; pdfkit 0.20 also accepts a fontkit font (anything with `layout`).
  doc.registerFont(PDF_FONTS.regular, fonts.regular as unknown as Buffer);
  doc.registerFont(PDF_FONTS.bold, fonts.bold as unknown as Buffer);
  doc.font(PDF_FONTS.regular);
}

// Everything up to Latin Extended-B is in DejaVu: only the runs of other characters are examined.
const BEYOND_LATIN = /[^\t\n\r\u0020-\u007e\u00a0-\u024f]+/g;
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * Replaces each user-perceived character the embedded font cannot draw (an emoji, a skin-tone
 * sequence, a CJK ideograph) with {@link MISSING_GLYPH}, so the PDF never shows a .notdef box
 * or a half-drawn sequence. Markup is ASCII, so chart SVGs can be passed through whole.
 */
export function fitToFont(text: string): string {
  return text.replace(BEYOND_LATIN, (run) => {
    const { coverage } = loadFonts();
    let out = '';
    for (const { segment } of graphemes.segment(run)) {
      out += [...segment].every((c) => coverage.has(c.codePointAt(0) ?? 0)) ? segment : MISSING_GLYPH;
    }
    return out;
  });
}
