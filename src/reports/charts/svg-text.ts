/** Small text helpers shared by the chart builders: escaping, width estimates, truncation, contrast. */

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c] ?? c);
}

const XML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Advance widths of DejaVu Sans in thousandths of an em, read from the TTF's hmtx table for
 * U+0020–U+007E and U+00A0–U+00FF. Server-side echarts has no canvas to measure text with, and a
 * flat average misjudges "mmm" against "iii"; anything outside these ranges counts as 1 em.
 */
const ASCII_WIDTHS =
  '318,401,460,838,636,950,780,275,390,390,500,838,318,361,318,337,636,636,636,636,636,636,636,636,636,636,337,337,838,838,838,531,1000,684,686,698,770,632,575,775,752,295,295,656,557,863,748,787,603,787,695,635,611,732,684,989,685,611,685,390,337,390,838,500,500,613,635,550,635,615,352,635,634,278,278,579,278,974,634,612,635,635,411,521,392,634,592,818,592,592,525,636,337,636,838';
const LATIN1_WIDTHS =
  '318,401,636,636,636,636,337,500,500,1000,471,612,838,361,1000,500,500,838,401,401,500,636,636,318,500,401,471,612,969,969,969,531,684,684,684,684,684,684,974,698,632,632,632,632,295,295,295,295,775,748,787,787,787,787,787,838,787,732,732,732,732,611,605,630,613,613,613,613,613,613,982,550,615,615,615,615,278,278,278,278,612,634,612,612,612,612,612,838,612,634,634,634,634,592,635,592';
const WIDTHS = new Map<number, number>([
  ...ASCII_WIDTHS.split(',').map((w, i): [number, number] => [0x20 + i, Number(w) / 1000]),
  ...LATIN1_WIDTHS.split(',').map((w, i): [number, number] => [0xa0 + i, Number(w) / 1000]),
]);
/** Bold glyphs are about 10% wider than regular ones in DejaVu Sans. */
const BOLD_FACTOR = 1.1;

/** Width of `text` in px when set in DejaVu Sans at `fontSize`. */
export function estimateTextWidth(text: string, fontSize: number, isBold = false): number {
  let em = 0;
  for (const char of text) em += WIDTHS.get(char.codePointAt(0) ?? 0) ?? 1;
  return em * fontSize * (isBold ? BOLD_FACTOR : 1);
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
