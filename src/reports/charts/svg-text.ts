import { fontFaces } from './fonts.js';

/** Small text helpers shared by the chart builders: escaping, width estimates, truncation, contrast. */

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c] ?? c);
}

const XML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const advances = new Map<string, number>();

/**
 * Width of `text` in px when set in DejaVu Sans at `fontSize`, from the font's own advance
 * widths (fontkit): server-side echarts has no canvas to measure with, and a flat average
 * misjudges "mmm" against "iii". A character the font lacks counts as 1 em.
 */
export function estimateTextWidth(text: string, fontSize: number, isBold = false): number {
  const { font } = isBold ? fontFaces().bold : fontFaces().regular;
  let em = 0;
  for (const char of text) {
    const key = isBold ? `b${char}` : char;
    let advance = advances.get(key);
    if (advance === undefined) {
      const codePoint = char.codePointAt(0) ?? 0;
      advance = font.hasGlyphForCodePoint(codePoint) ? font.glyphForCodePoint(codePoint).advanceWidth / font.unitsPerEm : 1;
      advances.set(key, advance);
    }
    em += advance;
  }
  return em * fontSize;
}

/** Cut `text` to fit `maxWidth` px, ending with "…" (1 em); cuts between code points so emoji are never split. */
export function truncateToWidth(text: string, maxWidth: number, fontSize: number): string {
  if (estimateTextWidth(text, fontSize) <= maxWidth) return text;
  const budget = maxWidth - fontSize; // room left once the ellipsis is in
  let kept = '';
  let width = 0;
  for (const char of text) {
    width += estimateTextWidth(char, fontSize);
    if (width > budget) break;
    kept += char;
  }
  return `${kept.trimEnd() || [...text][0] || ''}…`;
}

/** Near-black or white, whichever reads better on `background` (#rgb or #rrggbb). */
export function textColorOn(background: string): string {
  const rgb = parseHexColor(background);
  if (!rgb) return '#1A1A1A';
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast against white (1.05 / (L + 0.05)) beats contrast against black above L ≈ 0.18.
  return luminance > 0.18 ? '#1A1A1A' : '#FFFFFF';
}

function parseHexColor(color: string): [number, number, number] | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim())?.[1];
  if (!hex) return undefined;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}
