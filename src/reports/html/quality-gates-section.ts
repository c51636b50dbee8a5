import type { ReportModel } from '../model/report-model.js';
import { html, type SafeHtml } from './html-template.js';

/** The layout's quality gates: the verdict, then one row per gate (broken errors first to the eye: bold, coloured). */
export function renderQualityGatesSection(model: ReportModel): SafeHtml {
  const gates = model.qualityGates;
  if (!gates) return html``;
  const [gate, measured, limit, level, result] = gates.labels.header;
  const rows = gates.rows.map(
    (r) => html`<tr class="gate ${r.status} ${r.level}" data-status="${r.status}" data-level="${r.level}"><th scope="row">${r.what}</th><td>${r.measured}</td><td>${r.limit}</td><td>${r.levelLabel}</td><td>${r.statusLabel}</td></tr>`,
  );
  return html`<section id="quality-gates" class="${gates.passed ? 'passed' : 'failed'}">
<h2>${gates.labels.section}</h2>
<p class="gate-verdict" id="quality-gates-verdict">${gates.headline}</p>
<div class="table-scroll"><table id="quality-gates-table">
<thead><tr><th scope="col">${gate}</th><th scope="col">${measured}</th><th scope="col">${limit}</th><th scope="col">${level}</th><th scope="col">${result}</th></tr></thead>
<tbody>${rows}</tbody></table></div>
</section>`;
}
