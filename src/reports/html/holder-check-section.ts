import type { ReportModel } from '../model/report-model.js';
import { html, type SafeHtml } from './html-template.js';

/** The CPF/CNPJ holder check: verdicts with shares, the mismatches in words, then the irregular registrations. */
export function renderHolderCheckSection(model: ReportModel): SafeHtml {
  const check = model.holderCheck;
  if (!check) return html``;
  const { labels } = check;
  const { integer, share } = model.format;
  const num = (value: number, text: string) => html`<td class="num" data-value="${String(value)}">${text}</td>`;
  const [verdict, cpf, cpfShare, cnpj, cnpjShare] = labels.header;
  const rows = check.rows.map(
    (r) =>
      html`<tr class="verdict ${r.verdict}" data-verdict="${r.verdict}"><th scope="row">${r.label}</th>${num(r.cpf, integer(r.cpf))}${num(r.cpfShare, share(r.cpfShare))}${num(r.cnpj, integer(r.cnpj))}${num(r.cnpjShare, share(r.cnpjShare))}</tr>`,
  );
  const [kind, status, count, rate] = labels.irregularHeader;
  const irregular = check.irregular.map(
    (r) => html`<tr data-kind="${r.kind}"><th scope="row">${r.kindLabel}</th><td>${r.status}</td>${num(r.count, integer(r.count))}${num(r.share, share(r.share))}</tr>`,
  );
  return html`<section id="holder-check">
<h2>${labels.section}</h2>
<p class="holder-verdict" id="holder-mismatch">${check.mismatches.length > 0 ? check.mismatches.join('; ') : labels.noMismatch}</p>
<div class="table-scroll compact"><table id="holder-check-table">
<thead><tr><th scope="col">${verdict}</th><th scope="col" class="num">${cpf}</th><th scope="col" class="num">${cpfShare}</th><th scope="col" class="num">${cnpj}</th><th scope="col" class="num">${cnpjShare}</th></tr></thead>
<tbody>${rows}</tbody></table></div>
<p class="empty-note">${labels.explanation}</p>
<h3>${labels.irregular}</h3>
${irregular.length > 0
  ? html`<div class="table-scroll compact"><table id="holder-irregular-table">
<thead><tr><th scope="col">${kind}</th><th scope="col">${status}</th><th scope="col" class="num">${count}</th><th scope="col" class="num">${rate}</th></tr></thead>
<tbody>${irregular}</tbody></table></div>`
  : html`<p class="empty-note" id="holder-no-irregular">${labels.noIrregular}</p>`}
<p class="empty-note">${labels.irregularExplanation}</p>
</section>`;
}
