import { QualityGateError } from '../errors.js';
import type { Locale } from '../i18n/messages.js';
import type { RunSummary } from '../pipeline/summary.js';
import { describeBroken } from './gate-text.js';

/** The error that ends a job whose outputs are written but whose error gates broke; undefined when none did. */
export function qualityGateFailure(summary: Pick<RunSummary, 'qualityGates'>, lang: Locale): QualityGateError | undefined {
  if (!summary.qualityGates || summary.qualityGates.passed) return undefined;
  return new QualityGateError(describeBroken(summary.qualityGates.results, 'error', lang)!);
}

/** The warning gates that broke, in one line; undefined when none did. */
export function qualityGateWarning(summary: Pick<RunSummary, 'qualityGates'>, lang: Locale): string | undefined {
  return summary.qualityGates && describeBroken(summary.qualityGates.results, 'warning', lang);
}
