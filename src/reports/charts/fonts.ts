import { createRequire } from 'node:module';

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
