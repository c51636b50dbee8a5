import type { ReportCharts } from '../model/report-charts.js';
import type { Count, ReportModel } from '../model/report-model.js';
import { embedChart, type ItemTitle } from './chart-embed.js';
import { html, type SafeHtml } from './html-template.js';

export function renderEnrichmentSection(model: ReportModel, charts: ReportCharts): SafeHtml {
  const { labels, format } = model;
  if (model.enrichment.length === 0) {
    return html`<section id="enrichment"><h2>${labels.enrichment}</h2><p class="empty-note">${labels.noEnrichment}</p></section>`;
  }
  const [source, ...numeric] = labels.enrichmentHeader;
  const num = (value: number, text: string) => html`<td class="num" data-sort="${String(value)}">${text}</td>`;
  const rows = model.enrichment.map(
    (e) => html`<tr><th scope="row">${e.label}</th>${num(e.lookups, format.integer(e.lookups))}${num(e.hits, format.integer(e.hits))}${num(e.hitRate, format.percent(e.hitRate))}${num(e.filled, format.integer(e.filled))}</tr>`,
  );
  const byIndex: ItemTitle = (_, i) => {
    const e = model.enrichment[i];
    return e && `${e.label}: ${format.percent(e.hitRate)}`;
  };
  return html`<section id="enrichment">
<h2>${labels.enrichment}</h2>
<div class="table-scroll compact"><table id="enrichment-table" data-sortable>
<thead><tr>${sortableHeader(source, false)}${numeric.map((text) => sortableHeader(text, true))}</tr></thead>
<tbody>${rows}</tbody>
</table></div>
${charts.enrichment ? embedChart(charts.enrichment, byIndex) : ''}
</section>`;
}

export function renderDistributionsSection(model: ReportModel, charts: ReportCharts): SafeHtml {
  const { labels } = model;
  const shown = [
    charts.ufs && embedChart(charts.ufs),
    charts.phoneTypes && embedChart(charts.phoneTypes, countTitles(model, model.phoneTypes)),
    charts.emailDomains && embedChart(charts.emailDomains, countTitles(model, model.emailDomains)),
  ].filter((chart): chart is SafeHtml => chart !== undefined);
  return html`<section id="distributions">
<h2>${labels.distributions}</h2>
${shown.length > 0 ? html`<div class="charts pair">${shown}</div>` : html`<p class="empty-note">${labels.noData}</p>`}
</section>`;
}

export function renderDuplicatesSection(model: ReportModel, charts: ReportCharts): SafeHtml {
  const { labels, format } = model;
  const keyHeader = model.labels.duplicateKey;
  const examples = model.duplicateExamples.map(
    (e) => html`<tr><td class="num">${format.integer(e.line)}</td><td class="num">${format.integer(e.keptLine)}</td><td>${e.key}</td></tr>`,
  );
  return html`<section id="duplicates">
<h2>${labels.duplicates}: ${format.integer(model.rows.duplicates)}</h2>
${renderCountTable(model, 'duplicates-table', labels.duplicatesByKey, keyHeader, model.duplicatesByKey)}
${charts.duplicates ? embedChart(charts.duplicates, countTitles(model, model.duplicatesByKey)) : ''}
${examples.length > 0
  ? html`<h3>${labels.duplicateExamples}</h3><div class="table-scroll compact"><table>
<thead><tr><th scope="col" class="num">${labels.line}</th><th scope="col" class="num">${labels.keptLine}</th><th scope="col">${keyHeader}</th></tr></thead>
<tbody>${examples}</tbody></table></div>`
  : ''}
</section>`;
}

export function renderRejectionsSection(model: ReportModel, charts: ReportCharts): SafeHtml {
  const { labels, format } = model;
  const examples = model.rejectionExamples.map((e) => html`<tr><td class="num">${format.integer(e.line)}</td><td>${e.reasons}</td></tr>`);
  return html`<section id="rejections">
<h2>${labels.rejected}: ${format.integer(model.rows.rejected)}</h2>
${renderCountTable(model, 'rejections-table', labels.rejectionsByReason, labels.reason, model.rejectionsByReason)}
${charts.rejections ? embedChart(charts.rejections, countTitles(model, model.rejectionsByReason)) : ''}
${examples.length > 0
  ? html`<h3>${labels.rejectionExamples}</h3><div class="table-scroll compact"><table>
<thead><tr><th scope="col" class="num">${labels.line}</th><th scope="col">${labels.reason}</th></tr></thead>
<tbody>${examples}</tbody></table></div>`
  : ''}
</section>`;
}

function renderCountTable(model: ReportModel, id: string, title: string, keyHeader: string, counts: readonly Count[]): SafeHtml {
  const { labels, format } = model;
  if (counts.length === 0) return html`<h3>${title}</h3><p class="empty-note">${labels.noData}</p>`;
  const rows = counts.map((c) => html`<tr><th scope="row">${c.label}</th><td class="num" data-sort="${String(c.count)}">${format.integer(c.count)}</td></tr>`);
  return html`<h3>${title}</h3><div class="table-scroll compact"><table id="${id}" data-sortable>
<thead><tr>${sortableHeader(keyHeader, false)}${sortableHeader(labels.rows, true)}</tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

export function sortableHeader(text: string, isNumber: boolean): SafeHtml {
  return html`<th scope="col"${isNumber ? html` class="num" data-type="number"` : ''}><button type="button">${text}</button></th>`;
}

/** "label: count" for data item i of a chart drawn from `counts` in order. */
function countTitles(model: ReportModel, counts: readonly Count[]): ItemTitle {
  return (_, i) => {
    const c = counts[i];
    return c && `${c.label}: ${model.format.integer(c.count)}`;
  };
}
