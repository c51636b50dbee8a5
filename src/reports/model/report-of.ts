import type { Locale } from '../../i18n/messages.js';
import type { RunSummary } from '../../pipeline/summary.js';
import { buildReportCharts, type ReportCharts } from './report-charts.js';
import { buildReportModel, type ReportModel } from './report-model.js';

const cache = new WeakMap<RunSummary, Map<Locale, { model: ReportModel; charts: ReportCharts }>>();

/** The model and charts of a finished job, drawn once however many reports ask for them. */
export function reportOf(summary: RunSummary, lang: Locale): { model: ReportModel; charts: ReportCharts } {
  let byLang = cache.get(summary);
  if (!byLang) cache.set(summary, (byLang = new Map()));
  let report = byLang.get(lang);
  if (!report) {
    const model = buildReportModel(summary, lang);
    report = { model, charts: buildReportCharts(model) };
    byLang.set(lang, report);
  }
  return report;
}
