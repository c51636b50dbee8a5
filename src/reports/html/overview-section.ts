import type { ReportModel } from '../model/report-model.js';
import { html, type SafeHtml } from './html-template.js';


/** Title band: which file, when, how long; then the headline cards. */
export function renderHeader(model: ReportModel): SafeHtml {
  const { labels, format } = model;
  return html`<header class="top"><div class="wrap">
<h1>${labels.title}</h1>
<p class="subtitle">${labels.subtitle}</p>
<p class="file" id="file-name"><code>${model.fileName}</code></p>
<dl>
<div><dt>${labels.generatedAt}</dt><dd id="generated-at">${format.dateTime(model.finishedAt)}</dd></div>
<div><dt>${labels.duration}</dt><dd id="duration">${format.duration(model.durationMs)}</dd></div>
<div><dt>${labels.readAs}</dt><dd id="read-as">${model.readAs}</dd></div>
</dl>
${model.readingNotes.length === 0 ? '' : html`<ul class="reading-notes" id="reading-notes" aria-label="${labels.readingNotes}">${model.readingNotes.map((n) => html`<li class="${n.level}">${n.text}</li>`)}</ul>`}
</div></header>`;
}

/** Rows in / kept / duplicates / rejected with their share of the input, and the quality score. */
export function renderHeadlineCards(model: ReportModel): SafeHtml {
  const { labels, format, rows } = model;
  const share = (n: number) => (rows.input > 0 ? model.format.share(n / rows.input) : undefined);
  const card = (id: string, label: string, value: number, withShare: boolean) => {
    const shareLabel = withShare ? share(value) : undefined;
    return html`<div class="card ${id}" id="card-${id}" data-value="${String(value)}">
<div class="label">${label}</div>
<div class="value">${format.integer(value)}</div>
${shareLabel ? html`<div class="share">${shareLabel}</div>` : ''}
</div>`;
  };
  const score = model.qualityScore;
  return html`<div class="cards" id="headline">
${card('input', labels.rowsIn, rows.input, false)}
${card('kept', labels.kept, rows.kept, true)}
${card('duplicates', labels.duplicates, rows.duplicates, true)}
${card('rejected', labels.rejected, rows.rejected, true)}
<div class="card quality${score === undefined ? ' no-score' : ''}" id="card-quality"${score === undefined ? '' : html` data-value="${String(score)}"`}>
<div class="label">${labels.qualityScore}</div>
<div class="value">${score === undefined ? labels.noData : format.percent(score)}</div>
<p class="definition">${labels.qualityDefinition}</p>
</div>
</div>`;
}

