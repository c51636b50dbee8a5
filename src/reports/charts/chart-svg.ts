/** A chart rendered to a standalone SVG document, ready to inline in HTML, embed in a PDF or rasterize. */
export interface ChartSvg {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
  readonly title: string;
}

/**
 * Okabe–Ito colours: distinguishable with every common colour-vision deficiency and in greyscale
 * print. Green/blue/vermillion keep the usual good/fixed/bad reading; empty is a neutral grey.
 */
export const STATUS_COLORS: { readonly valid: string; readonly corrected: string; readonly invalid: string; readonly empty: string } = {
  valid: '#009E73',
  corrected: '#0072B2',
  invalid: '#D55E00',
  empty: '#BBBBBB',
};

/** Default colours for slices and single-series bars, same Okabe–Ito family, most distinct first. */
export const CATEGORY_COLORS: readonly string[] = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#56B4E9',
  '#CC79A7',
  '#F0E442',
  '#000000',
  '#999999',
];

export const DEFAULT_CHART_WIDTH = 640;

export const defaultFormatValue = (n: number): string => String(n);
