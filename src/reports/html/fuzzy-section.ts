import type { ReportModel } from '../model/report-model.js';
import { html, type SafeHtml } from './html-template.js';

/** Fuzzy matching: rows merged, pairs left for review and the file that holds them. */
export function renderFuzzySection(model: ReportModel): SafeHtml {
  const fuzzy = model.fuzzy;
  if (!fuzzy) return html``;
  const { labels } = fuzzy;
  const { integer } = model.format;
  return html`<section id="fuzzy-duplicates">
<h2>${labels.section}</h2>
<dl class="fuzzy-counts">
<div><dt>${labels.merged}</dt><dd id="fuzzy-merged" data-value="${String(fuzzy.merged)}">${integer(fuzzy.merged)}</dd></div>
<div><dt>${labels.review}</dt><dd id="fuzzy-review" data-value="${String(fuzzy.review)}">${integer(fuzzy.review)}</dd></div>
${fuzzy.review > 0 ? html`<div><dt>${labels.reviewFile}</dt><dd id="fuzzy-review-file"><code>${fuzzy.reviewFile}</code></dd></div>` : ''}
</dl>
<p class="fuzzy-review-note">${fuzzy.reviewText}</p>
<p class="empty-note">${labels.explanation}</p>
</section>`;
}
