import type { Locale } from '../../i18n/messages.js';
import type { RunSummary } from '../../pipeline/summary.js';
import { describeGate, gateLabelsFor, type GateLabels } from '../../quality/gate-text.js';
import type { GateLevel, GateStatus } from '../../quality/quality-gates.js';

export interface GateRow {
  readonly level: GateLevel;
  readonly status: GateStatus;
  readonly what: string;
  readonly measured: string;
  readonly limit: string;
  readonly levelLabel: string;
  readonly statusLabel: string;
  /** The whole row in one sentence (the XLSX note, the PDF's verdict lines). */
  readonly sentence: string;
}

/** The layout's quality gates as every report shows them: a verdict line, then one row per gate. */
export interface QualityGatesReport {
  readonly labels: GateLabels;
  readonly passed: boolean;
  /** `2 limites de qualidade violados; 1 aviso de qualidade`, or that all passed. */
  readonly headline: string;
  readonly rows: readonly GateRow[];
}

export function qualityGatesReportOf(summary: Pick<RunSummary, 'qualityGates'>, lang: Locale): QualityGatesReport | undefined {
  const gates = summary.qualityGates;
  if (!gates || gates.results.length === 0) return undefined;
  const labels = gateLabelsFor(lang);
  const rows = gates.results.map((result): GateRow => {
    const text = describeGate(result, lang);
    return {
      level: result.level,
      status: result.status,
      what: text.what,
      measured: text.measured,
      limit: text.limit,
      levelLabel: labels.levels[result.level],
      statusLabel: labels.statuses[result.status],
      sentence: `${labels.levels[result.level]}: ${text.sentence}`,
    };
  });
  const broken = (level: GateLevel) => rows.filter((r) => r.level === level && r.status === 'broken').length;
  const parts = [broken('error') > 0 ? labels.failed(broken('error')) : '', broken('warning') > 0 ? labels.warned(broken('warning')) : ''].filter(Boolean);
  return { labels, passed: gates.passed, headline: parts.length > 0 ? parts.join('; ') : labels.allPassed, rows };
}
