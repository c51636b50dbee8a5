import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOSTILE_FIELD, clientesSummary, emptySummary, hostileSummary, hugeSummary, wideSummary } from '../../../test/support/report-summaries.js';
import type { Locale } from '../../i18n/messages.js';
import type { RunSummary } from '../../pipeline/summary.js';
import { buildReportCharts } from '../model/report-charts.js';
import { buildReportModel } from '../model/report-model.js';
import { renderHtmlDashboard, writeHtmlDashboard } from './html-dashboard.js';

function render(summary: RunSummary, lang: Locale = 'pt-BR') {
  const model = buildReportModel(summary, lang);
  const charts = buildReportCharts(model);
  return { model, charts, page: renderHtmlDashboard(model, charts) };
}

/** Text of the element with this id, tags stripped (enough for our flat cards). */
function textOf(page: string, id: string): string {
  const start = page.indexOf(`id="${id}"`);
  expect(start, id).toBeGreaterThan(-1);
  const end = page.indexOf('</div>\n</div>', start);
  const text = page.slice(start, end).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
  return text.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e] ?? e);
}

describe('renderHtmlDashboard', () => {
  it('has every section of the PDF report, the language, viewport and charset', () => {
    const { page, charts } = render(clientesSummary());
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="pt-BR">\n<head>\n<meta charset="utf-8">/);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    for (const id of ['file-name', 'generated-at', 'duration', 'headline', 'card-quality', 'fields', 'field-table', 'enrichment', 'distributions', 'duplicates', 'rejections']) {
      expect(page, id).toContain(`id="${id}"`);
    }
    const chartCount = [charts.fieldStatus.length, charts.enrichment, charts.ufs, charts.phoneTypes, charts.emailDomains, charts.duplicates, charts.rejections]
      .map((c) => (typeof c === 'number' ? c : c ? 1 : 0))
      .reduce((a, b) => a + b, 0);
    expect(page.match(/<figure class="chart"><svg /g)).toHaveLength(chartCount);
    expect(page.match(/<details class="field-details">/g)?.length).toBeGreaterThan(0);
    expect(page).toContain('Exemplos de correções');
    expect(page).toContain('<code>217.***.***-96</code>'); // a masked example, as the pipeline masked it
  });

  it('loads nothing: a strict CSP, and no URL but the SVG namespaces', () => {
    const { page } = render(clientesSummary());
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1];
    expect(csp).toMatch(/^default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:;/);
    const withoutNamespaces = page.replace(/\sxmlns(:\w+)?="http:\/\/www\.w3\.org\/[^"]*"/g, '');
    expect(withoutNamespaces).not.toMatch(/https?:\/\//i);
    expect(withoutNamespaces).not.toMatch(/\b(src|href)="(?!#|data:)/);
    expect(page).not.toMatch(/<link\b(?![^>]*href="data:)/);
    expect(page).not.toMatch(/@import|url\(/);
  });

  it('allows exactly its one script by hash', () => {
    const { page } = render(clientesSummary());
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]![1]!).digest('base64');
    expect(page).toContain(`script-src 'sha256-${hash}'`);
  });

  it('renders markup in file names, field names and examples as text', () => {
    const { page } = render(hostileSummary());
    expect(page).not.toContain(HOSTILE_FIELD);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page).not.toMatch(/<img\b|<svg onload|<\/details><script/);
    expect(page).toContain('clientes 😀 ção &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;.csv');
    expect(page).toContain('<code>&lt;b&gt;João&lt;/b&gt; 🎉</code>');
    expect(page).toContain('Observação 📝 çãõáéíóúâêôà ÇÃÕÁÉÍÓÚÂÊÔÀ');
  });

  it('shows the headline numbers in the locale format, with shares of the input', () => {
    const pt = render(hugeSummary()).page;
    expect(textOf(pt, 'card-input')).toContain('5.000.000');
    expect(textOf(pt, 'card-kept')).toContain('4.849.911 97,0%');
    expect(textOf(pt, 'card-rejected')).toContain('86 < 0,1%');
    expect(textOf(pt, 'duration')).toContain('12 min 34 s');
    const en = render(hugeSummary(), 'en').page;
    expect(en).toContain('<html lang="en">');
    expect(textOf(en, 'card-input')).toContain('5,000,000');
    expect(textOf(en, 'card-kept')).toContain('4,849,911 97.0%');
    expect(en).toContain('Data cleaning report');
  });

  it('gives the field table raw numbers to sort by and one row per field', () => {
    const { page, model } = render(wideSummary(200));
    const body = page.slice(page.indexOf('<table id="field-table"'), page.indexOf('</table>', page.indexOf('<table id="field-table"')));
    expect(body.match(/<tr>\n<th scope="row"/g)).toHaveLength(200);
    const first = model.fields[0]!;
    expect(body).toContain(`<td class="num" data-sort="${first.valid}">${model.format.integer(first.valid)}<span class="pct">`);
    expect(body.match(/data-type="number"/g)).toHaveLength(5);
    expect(page).toContain('class="table-scroll tall"');
    expect(page.match(/<figure class="chart">/g)!.length).toBeGreaterThanOrEqual(7); // 200 fields → 7 status charts
  });

  it('names every bar and slice for hover: each data element carries a <title>', () => {
    const { page } = render(clientesSummary());
    const dataPaths = [...page.matchAll(/<path\b[^>]*\becmeta_data_index="\d+" ecmeta_ssr_type="chart"[^>]*>(.{0,7})/g)];
    expect(dataPaths.length).toBeGreaterThan(20);
    for (const [, next] of dataPaths) expect(next).toBe('<title>');
    expect(page).toMatch(/<title>Nome · Válidos: 167 \(\d+(,\d)?%\)<\/title>/);
  });

  it('says "no data" instead of empty tables for an empty file', () => {
    const { page } = render(emptySummary());
    expect(page).not.toContain('<figure');
    expect(page).not.toContain('id="field-table"');
    expect(textOf(page, 'card-quality')).toContain('Sem dados');
    expect(page).toContain('Nenhuma base de referência foi consultada.');
    expect(textOf(page, 'card-kept')).not.toContain('%');
  });

});

describe('writeHtmlDashboard', () => {
  it('writes the rendered page as UTF-8', async () => {
    const dir = await mkdtemp(join(tmpdir(), `higia-html-${randomUUID()}-`));
    try {
      const { model, charts, page } = render(hostileSummary());
      const path = join(dir, 'clientes_dashboard.html');
      await writeHtmlDashboard(model, charts, path);
      expect(await readFile(path, 'utf8')).toBe(page);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
