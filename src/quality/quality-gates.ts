import { z } from 'zod';

/**
 * Quality gates: thresholds a layout sets on what a run measured, each a warning or an error
 * (like dbt tests' `severity` or Soda's `warn`/`fail`). An error gate broken fails the job
 * (QUALITY_GATE) after every output is written; a warning only shows in the reports.
 */
export const GATE_METRICS = ['invalid', 'empty', 'rejected', 'duplicates', 'cpf_confere_nao'] as const;
export type GateMetric = (typeof GATE_METRICS)[number];

/** Metrics of one column (they need `field`); the others are of the whole file. */
export const FIELD_METRICS: readonly GateMetric[] = ['invalid', 'empty'];

export const GATE_LEVELS = ['error', 'warning'] as const;
export type GateLevel = (typeof GATE_LEVELS)[number];

export const qualityGateSchema = z
  .strictObject({
    /** The column's header as in the file, matched like `columns` (case, accents and punctuation ignored). */
    field: z.string().min(1).optional(),
    metric: z.enum(GATE_METRICS),
    /** Broken when the measured share is above it (equal passes). */
    maxShare: z.number().min(0).max(1).optional(),
    /** Broken when the measured count is above it (equal passes). */
    maxCount: z.number().int().min(0).optional(),
    level: z.enum(GATE_LEVELS).default('error'),
  })
  .superRefine((gate, ctx) => {
    if (gate.maxShare === undefined && gate.maxCount === undefined) {
      ctx.addIssue({ code: 'custom', message: 'a quality gate needs maxShare (0..1) or maxCount' });
    }
    const perField = FIELD_METRICS.includes(gate.metric);
    if (perField && gate.field === undefined) {
      ctx.addIssue({ code: 'custom', path: ['field'], message: `metric ${gate.metric} is per column: name the column in field` });
    }
    if (!perField && gate.field !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['field'], message: `metric ${gate.metric} is of the whole file: leave field out` });
    }
  });

export type QualityGate = z.infer<typeof qualityGateSchema>;

export const qualityGatesSchema = z.array(qualityGateSchema).max(200).default([]);

/** A gate with the summary's keys of the columns it names (a header that repeats names them all). */
export interface ResolvedGate extends QualityGate {
  readonly columns: readonly string[];
}

export type GateStatus = 'passed' | 'broken' | 'not_measured';

/** One gate (per column, for a field gate) as measured on a run. */
export interface GateResult {
  readonly metric: GateMetric;
  readonly level: GateLevel;
  /** As written in the layout. */
  readonly field?: string;
  /** The summary's key of the column (`Telefone (2)` when the header repeats). */
  readonly column?: string;
  readonly maxShare?: number;
  readonly maxCount?: number;
  /** Null when the run could not measure it (`cpf_confere_nao` without the registry's CPF check). */
  readonly count: number | null;
  readonly share: number | null;
  /** What the share is of: the input rows, or for `cpf_confere_nao` the CPFs the registry knows. */
  readonly of: number;
  readonly status: GateStatus;
}

export interface QualityGatesSummary {
  /** False when an error gate broke: the job ends failed with QUALITY_GATE. */
  readonly passed: boolean;
  readonly results: readonly GateResult[];
}
