import { join } from 'node:path';
import type { OutputFormat, ReportWriter } from '../pipeline/run-job.js';
import { reportOf } from './model/report-of.js';

/**
 * The reports drawn from the summary: the PDF and the HTML dashboard. Their modules load on
 * first use, so a run that asks only for CSV never loads the PDF and chart libraries.
 */
export const defaultReports: Partial<Record<OutputFormat, ReportWriter>> = {
  pdf: async (summary, { folder, baseName, lang }) => {
    const { writePdfReport } = await import('./pdf/pdf-report.js');
    const { model, charts } = reportOf(summary, lang);
    const name = `${baseName}_relatorio.pdf`;
    await writePdfReport(model, charts, join(folder, name));
    return name;
  },
  html: async (summary, { folder, baseName, lang }) => {
    const { writeHtmlDashboard } = await import('./html/html-dashboard.js');
    const { model, charts } = reportOf(summary, lang);
    const name = `${baseName}_dashboard.html`;
    await writeHtmlDashboard(model, charts, join(folder, name));
    return name;
  },
};
