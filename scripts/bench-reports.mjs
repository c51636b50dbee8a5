// Report generation alone, from a finished job's summary (the reports never read the rows,
// so their cost does not grow with the file). Usage: node scripts/bench-reports.mjs [resumo.json]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const file = process.argv[2] ?? join(root, 'test', 'fixtures', 'summaries', 'clientes_resumo.json');
const summary = JSON.parse(readFileSync(file, 'utf8'));
const { buildReportModel } = await import(join(root, 'dist/reports/model/report-model.js'));
const { buildReportCharts } = await import(join(root, 'dist/reports/model/report-charts.js'));
const { writePdfReport } = await import(join(root, 'dist/reports/pdf/pdf-report.js'));
const { writeHtmlDashboard } = await import(join(root, 'dist/reports/html/html-dashboard.js'));
const { summarySheetOf } = await import(join(root, 'dist/reports/xlsx-summary-sheet.js'));

const out = mkdtempSync(join(tmpdir(), 'higia-bench-reports-'));
const time = async (work) => {
  const started = performance.now();
  await work();
  return +((performance.now() - started) / 1000).toFixed(3);
};
const results = [];
for (const round of ['cold', 'warm']) {
  let model;
  let charts;
  const result = { round, rows: summary.input.rows, fields: Object.keys(summary.fields).length };
  result.modelAndChartsS = await time(() => {
    model = buildReportModel(summary, summary.lang ?? 'pt-BR');
    charts = buildReportCharts(model);
  });
  result.pdfS = await time(() => writePdfReport(model, charts, join(out, 'r.pdf')));
  result.htmlS = await time(() => writeHtmlDashboard(model, charts, join(out, 'r.html')));
  result.xlsxDashboardS = await time(() => summarySheetOf(summary, summary.lang ?? 'pt-BR'));
  result.totalS = +(result.modelAndChartsS + result.pdfS + result.htmlS + result.xlsxDashboardS).toFixed(3);
  results.push(result);
  console.log(JSON.stringify(result));
}
rmSync(out, { recursive: true, force: true });
console.table(results);
