import { barChart } from '../charts/bar-chart.js';
import { brazilUfChart } from '../charts/brazil-uf-chart.js';
import { STATUS_COLORS, type ChartSvg } from '../charts/chart-svg.js';
import { pieChart } from '../charts/pie-chart.js';
import { stackedBarChart } from '../charts/stacked-bar-chart.js';
import type { Count, ReportModel } from './report-model.js';

/** The charts every report shows, drawn once per job from the model (SVG; PNG for the XLSX). */
export interface ReportCharts {
  /** Field status bars, split in groups so 200 columns stay readable (one chart per page). */
  readonly fieldStatus: readonly ChartSvg[];
  readonly enrichment?: ChartSvg;
  readonly ufs?: ChartSvg;
  readonly phoneTypes?: ChartSvg;
  readonly emailDomains?: ChartSvg;
  readonly duplicates?: ChartSvg;
  readonly rejections?: ChartSvg;
}

export const FIELDS_PER_CHART = 30;

export function buildReportCharts(model: ReportModel): ReportCharts {
  const { labels, format } = model;
  const fieldStatus: ChartSvg[] = [];
  for (let start = 0; start < model.fields.length; start += FIELDS_PER_CHART) {
    const fields = model.fields.slice(start, start + FIELDS_PER_CHART);
    const statuses = ['valid', 'corrected', 'invalid', 'empty'] as const;
    fieldStatus.push(
      stackedBarChart({
        title: model.fields.length > FIELDS_PER_CHART ? `${labels.fields} ${start + 1}–${start + fields.length}` : labels.fields,
        categories: fields.map((f) => f.name),
        series: statuses.map((status) => ({ name: labels.statuses[status], color: STATUS_COLORS[status], values: fields.map((f) => f[status]) })),
        asPercent: true,
        formatValue: format.integer,
        formatPercent: format.percent,
      }),
    );
  }
  const bars = (title: string, counts: readonly Count[]) =>
    counts.length === 0 ? undefined : barChart({ title, labels: counts.map((c) => c.label), values: counts.map((c) => c.count), formatValue: format.integer });
  return {
    fieldStatus,
    enrichment:
      model.enrichment.length === 0
        ? undefined
        : barChart({
            title: labels.enrichment,
            labels: model.enrichment.map((e) => e.label),
            values: model.enrichment.map((e) => e.hitRate * 100),
            formatValue: (n) => format.percent(n / 100),
          }),
    ufs:
      model.ufs.length === 0
        ? undefined
        : brazilUfChart({
            title: labels.byUf,
            counts: Object.fromEntries(model.ufs.map((u) => [u.key, u.count])),
            formatValue: format.integer,
            otherLabel: model.lang === 'en' ? 'No UF / other' : 'Sem UF / outras',
          }),
    phoneTypes:
      model.phoneTypes.length === 0
        ? undefined
        : pieChart({
            title: labels.phoneTypes,
            slices: model.phoneTypes.map((p) => ({ name: p.label, value: p.count })),
            formatValue: format.integer,
            otherLabel: model.lang === 'en' ? 'Others' : 'Outros',
          }),
    emailDomains: bars(labels.emailDomains, model.emailDomains),
    duplicates: bars(labels.duplicatesByKey, model.duplicatesByKey),
    rejections: bars(labels.rejectionsByReason, model.rejectionsByReason),
  };
}
