import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

/**
 * The one font family every chart, PNG and PDF uses. DejaVu Sans covers every pt-BR accent and
 * ships with the app (npm package `dejavu-fonts-ttf`), so output never depends on the fonts of
 * the machine that renders it.
 */
export const FONT_FAMILY = 'DejaVu Sans';

const require = createRequire(import.meta.url);

/** Absolute paths of the TTF files, resolved through the package so no machine path is baked in. */
export const FONT_FILES: { readonly regular: string; readonly bold: string } = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

export interface FontFaces {
  readonly regular: { readonly bytes: Buffer; readonly font: fontkit.Font };
  readonly bold: { readonly bytes: Buffer; readonly font: fontkit.Font };
}

let faces: FontFaces | undefined;

/** Both faces, read and parsed once per process: the charts measure text with them, the PDF embeds them. */
export function fontFaces(): FontFaces {
  if (!faces) {
    const face = (path: string) => {
      const bytes = readFileSync(path);
      return { bytes, font: fontkit.create(bytes) };
    };
    faces = { regular: face(FONT_FILES.regular), bold: face(FONT_FILES.bold) };
  }
  return faces;
}
