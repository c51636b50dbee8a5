import type { Locale } from '../i18n/messages.js';
import type { RunSummary } from '../pipeline/summary.js';

/** The one line a person reads after a run. */
export function describeSummary(summary: RunSummary, outputDir: string, locale: Locale): string {
  const n = new Intl.NumberFormat(locale);
  const seconds = summary.durationMs / 1000;
  const rate = seconds > 0 ? Math.round(summary.input.rows / seconds) : summary.input.rows;
  const { kept, duplicates, rejected } = summary.rows;
  const time = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(seconds);
  return locale === 'en'
    ? `${summary.input.file}: ${n.format(summary.input.rows)} rows → ${n.format(kept)} kept, ${n.format(duplicates)} duplicates, ${n.format(rejected)} rejected in ${time} s (${n.format(rate)} rows/s) → ${outputDir}`
    : `${summary.input.file}: ${n.format(summary.input.rows)} linhas → ${n.format(kept)} mantidas, ${n.format(duplicates)} duplicadas, ${n.format(rejected)} rejeitadas em ${time} s (${n.format(rate)} linhas/s) → ${outputDir}`;
}
