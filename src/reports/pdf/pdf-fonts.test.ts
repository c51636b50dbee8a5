import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { MISSING_GLYPH, PDF_FONTS, fitToFont, registerReportFonts } from './pdf-fonts.js';
import { truncateToWidth } from './pdf-page.js';

describe('fitToFont', () => {
  it.each([
    ['plain ASCII', 'CPF 123.456.789-09', 'CPF 123.456.789-09'],
    ['every pt-BR accent', 'çãõáéíóúâêôà ÇÃÕÁÉÍÓÚÂÊÔÀ', 'çãõáéíóúâêôà ÇÃÕÁÉÍÓÚÂÊÔÀ'],
    ['typographic marks DejaVu has', 'a → b … — “x” • 12 ≥ 3', 'a → b … — “x” • 12 ≥ 3'],
    ['an emoji DejaVu draws', 'ok 😀', 'ok 😀'],
    ['an emoji DejaVu lacks', 'nota 📝 fim', `nota ${MISSING_GLYPH} fim`],
    ['a ZWJ family as one character', '👩‍👩‍👧‍👦x', `${MISSING_GLYPH}x`],
    ['a skin-tone sequence as one character', '👍🏽!', `${MISSING_GLYPH}!`],
    ['CJK', '東京', `${MISSING_GLYPH}${MISSING_GLYPH}`],
    ['SVG markup around text', '<text x="1">Observação 📝</text>\n', `<text x="1">Observação ${MISSING_GLYPH}</text>\n`],
  ])('%s', (_, input, expected) => expect(fitToFont(input)).toBe(expected));
});

describe('truncateToWidth', () => {
  const doc = new PDFDocument({ size: 'A4' });
  registerReportFonts(doc);
  doc.font(PDF_FONTS.regular).fontSize(10);

  it('keeps text that fits', () => {
    expect(truncateToWidth(doc, 'Razão Social', 200)).toBe('Razão Social');
  });

  it('cuts long text with an ellipsis to within the width', () => {
    const long = 'coluna_observacao_do_cliente_com_um_nome_realmente_muito_comprido';
    const cut = truncateToWidth(doc, long, 120);
    expect(cut.endsWith('…')).toBe(true);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    expect(doc.widthOfString(cut)).toBeLessThanOrEqual(120);
    expect(doc.widthOfString(truncateToWidth(doc, `${cut.slice(0, -1)}xx`, 120))).toBeLessThanOrEqual(120);
  });

  it('never splits a combining sequence', () => {
    const decomposed = 'Joa\u0303o '.repeat(20); // ã as a + combining tilde
    const cut = truncateToWidth(doc, decomposed, 80);
    const kept = cut.slice(0, -1);
    expect(decomposed.startsWith(kept)).toBe(true);
    // The next character in the original is never the tilde of a letter that was kept.
    expect(decomposed[kept.length]).not.toBe('\u0303');
  });
});
