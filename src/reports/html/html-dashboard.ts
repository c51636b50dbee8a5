import { writeFile } from 'node:fs/promises';
import type { ReportCharts } from '../model/report-charts.js';
import type { ReportModel } from '../model/report-model.js';
import { renderDistributionsSection, renderDuplicatesSection, renderEnrichmentSection, renderRejectionsSection } from './counts-sections.js';
import { DASHBOARD_SCRIPT, DASHBOARD_SCRIPT_HASH } from './dashboard-script.js';
import { DASHBOARD_CSS } from './dashboard-style.js';
import { renderFieldsSection } from './fields-section.js';
import { renderFuzzySection } from './fuzzy-section.js';
import { renderHolderCheckSection } from './holder-check-section.js';
import { html, trustedHtml } from './html-template.js';
import { renderHeader, renderHeadlineCards } from './overview-section.js';
import { renderQualityGatesSection } from './quality-gates-section.js';

/**
 * Nothing may load from anywhere: the file is opened from ownCloud, often offline, and the
 * page shows customer data. Only our own script runs (by hash), so even a value that escaped
 * escaping could not execute; inline styles stay allowed because the chart SVGs use them.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  `script-src ${DASHBOARD_SCRIPT_HASH}`,
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** `<name>_dashboard.html`: one self-contained page with the same content as the PDF report. */
export function renderHtmlDashboard(model: ReportModel, charts: ReportCharts): string {
  const { labels } = model;
  const nav: [string, string][] = [
    ['headline', labels.rowsIn],
    ['fields', labels.fields],
    ['enrichment', labels.enrichment],
    ['distributions', labels.distributions],
    ['duplicates', labels.duplicates],
    ['rejections', labels.rejected],
  ];
  const page = html`<!DOCTYPE html>
<html lang="${model.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${trustedHtml(DASHBOARD_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="Higia">
<title>${labels.title} — ${model.fileName}</title>
<link rel="icon" href="data:,">
<style>${trustedHtml(DASHBOARD_CSS)}</style>
</head>
<body>
${renderHeader(model)}
<nav class="sections" aria-label="${labels.title}"><div class="wrap">${nav.map(([id, text]) => html`<a href="#${id}">${text}</a>`)}</div></nav>
<main>
${renderHeadlineCards(model)}
${renderQualityGatesSection(model)}
${renderFieldsSection(model, charts)}
${renderEnrichmentSection(model, charts)}
${renderHolderCheckSection(model)}
${renderDistributionsSection(model, charts)}
${renderDuplicatesSection(model, charts)}
${renderFuzzySection(model)}
${renderRejectionsSection(model, charts)}
</main>
<footer>${labels.subtitle}</footer>
<div id="chart-tip" role="tooltip" hidden></div>
<script>${trustedHtml(DASHBOARD_SCRIPT)}</script>
</body>
</html>
`;
  return page.value;
}

export async function writeHtmlDashboard(model: ReportModel, charts: ReportCharts, path: string): Promise<void> {
  await writeFile(path, renderHtmlDashboard(model, charts), 'utf8');
}
