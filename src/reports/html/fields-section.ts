import type { ReportCharts } from '../model/report-charts.js';
import type { FieldReport, ReportModel } from '../model/report-model.js';
import { embedChart } from './chart-embed.js';
import { sortableHeader } from './counts-sections.js';
import { html, type SafeHtml } from './html-template.js';

const STATUSES = ['valid', 'corrected', 'invalid', 'empty'] as const;
/** Past this many fields the table scrolls in its own box, so its header stays in view. */
const TALL_TABLE_ROWS = 20;

/** The per-field table (sortable), the status charts, and each field's reasons and masked examples. */
export function renderFieldsSection(model: ReportModel, charts: ReportCharts): SafeHtml {
  const { labels } = model;
  if (model.fields.length === 0) {
    return html`<section id="fields"><h2>${labels.fields}</h2><p class="empty-note">${labels.noData}</p></section>`;
  }
  const withDetails = model.fields.filter((f) => f.topReasons.length + f.corrections.length + f.invalidExamples.length > 0);
  return html`<section id="fields">
<h2>${labels.fields}</h2>
${renderFieldTable(model)}
<div class="charts">${charts.fieldStatus.map((chart) => embedChart(chart))}</div>
${withDetails.length > 0 ? html`<h3>${labels.topReasons} · ${labels.corrections} · ${labels.invalidExamples}</h3>` : ''}
${withDetails.map((field) => renderFieldDetails(model, field))}
</section>`;
}

function renderFieldTable(model: ReportModel): SafeHtml {
  const { labels, format } = model;
  const [name, type, ...numeric] = labels.fieldHeader;
  const countCell = (field: FieldReport, status: (typeof STATUSES)[number]) =>
    html`<td class="num" data-sort="${String(field[status])}">${format.integer(field[status])}<span class="pct">${format.percent(field.total > 0 ? field[status] / field.total : 0)}</span></td>`;
  const rows = model.fields.map(
    (field) => html`<tr>
<th scope="row" class="name">${field.name}</th><td>${field.typeLabel}</td>
${STATUSES.map((status) => countCell(field, status))}
<td class="num" data-sort="${String(field.usable)}">${format.percent(field.usable)}<span class="meter" aria-hidden="true"><span style="width:${(field.usable * 100).toFixed(1)}%"></span></span></td>
</tr>`,
  );
  return html`<div class="table-scroll${model.fields.length > TALL_TABLE_ROWS ? ' tall' : ''}"><table id="field-table" data-sortable>
<thead><tr>${sortableHeader(name, false)}${sortableHeader(type, false)}${numeric.map((text) => sortableHeader(text, true))}</tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

function renderFieldDetails(model: ReportModel, field: FieldReport): SafeHtml {
  const { labels, format } = model;
  const hint = [
    field.invalid > 0 ? `${format.integer(field.invalid)} ${labels.statuses.invalid.toLowerCase()}` : '',
    field.corrected > 0 ? `${format.integer(field.corrected)} ${labels.statuses.corrected.toLowerCase()}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return html`<details class="field-details">
<summary>${field.name} <span class="hint">${hint}</span></summary>
<div class="body">
${field.topReasons.length > 0
  ? html`<h4>${labels.topReasons}</h4><ul>${field.topReasons.map((r) => html`<li>${r.label}: <strong>${format.integer(r.count)}</strong></li>`)}</ul>`
  : ''}
${field.corrections.length > 0
  ? html`<h4>${labels.corrections}</h4><div class="table-scroll compact"><table>
<thead><tr><th scope="col">${labels.before}</th><th scope="col" aria-hidden="true"></th><th scope="col">${labels.after}</th></tr></thead>
<tbody>${field.corrections.map((c) => html`<tr><td><code>${c.before}</code></td><td class="arrow" aria-hidden="true">→</td><td><code>${c.after}</code></td></tr>`)}</tbody>
</table></div>`
  : ''}
${field.invalidExamples.length > 0
  ? html`<h4>${labels.invalidExamples}</h4><ul class="examples">${field.invalidExamples.map((e) => html`<li><code>${e.value}</code> <span class="arrow">—</span> ${e.reason}</li>`)}</ul>`
  : ''}
</div>
</details>`;
}
