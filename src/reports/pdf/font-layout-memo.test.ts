import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import * as fontkit from 'fontkit';
import { clientesSummary, hostileSummary } from '../../../test/support/report-summaries.js';
import { FONT_FILES } from '../charts/fonts.js';
import { buildReportCharts } from '../model/report-charts.js';
import { buildReportModel } from '../model/report-model.js';
import { warmUpReports } from '../warm-up.js';
import { withLayoutMemo } from './font-layout-memo.js';
import { streamPdfReport } from './pdf-report.js';
import { readFileSync } from 'node:fs';

const plain = (run: fontkit.GlyphRun) => ({
  glyphs: run.glyphs.map((g) => (g as unknown as { id: number }).id),
  positions: run.positions.map((p) => ({ ...p })),
  advanceWidth: run.advanceWidth,
});

describe('withLayoutMemo', () => {
  const face = () => fontkit.create(readFileSync(FONT_FILES.regular));

  it.each(['Relatório', 'ﬁ ligature office', 'São Paulo — 12,5%', ''])('lays out %j as the face does, the first time and the next', (text) => {
    const raw = face();
    const memo = withLayoutMemo(face());
    const want = plain(raw.layout(text));
    expect(plain(memo.layout(text))).toEqual(want);
    expect(plain(memo.layout(text))).toEqual(want);
  });

  it('gives each call its own positions: scaling one run in place (as pdfkit does) leaves the next untouched', () => {
    const memo = withLayoutMemo(face());
    const first = memo.layout('Duplicados');
    const width = first.advanceWidth;
    for (const position of first.positions) position.xAdvance *= 2;
    expect(first.advanceWidth).toBeCloseTo(width * 2); // the width follows its own positions
    expect(memo.layout('Duplicados').advanceWidth).toBe(width);
  });

  it('passes every other member through to the face', () => {
    const raw = face();
    const memo = withLayoutMemo(raw);
    expect(memo.unitsPerEm).toBe(raw.unitsPerEm);
    expect(memo.hasGlyphForCodePoint(0x00e3)).toBe(true);
    expect(memo.glyphForCodePoint(0x41).advanceWidth).toBe(raw.glyphForCodePoint(0x41).advanceWidth);
  });
});

/** A report's bytes without what differs on every run (its creation date and ID). */
async function pdfBytes(summary: ReturnType<typeof clientesSummary>, lang: 'pt-BR' | 'en'): Promise<string> {
  const model = buildReportModel(summary, lang);
  const chunks: Buffer[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk), done()) });
  await streamPdfReport(model, buildReportCharts(model), sink);
  return Buffer.concat(chunks)
    .toString('latin1')
    .replace(/\(D:\d+Z\)/g, '(D:)')
    .replace(/\/ID \[<[0-9a-f]+> <[0-9a-f]+>\]/g, '/ID []');
}

describe('the per-process report caches', () => {
  it('leave the PDF byte for byte as the first report of a process drew it, after a warm-up and after other reports', async () => {
    const first = await pdfBytes(clientesSummary(), 'pt-BR');
    await warmUpReports();
    await pdfBytes(hostileSummary(), 'en');
    expect(await pdfBytes(clientesSummary(), 'pt-BR')).toBe(first);
  });
});
