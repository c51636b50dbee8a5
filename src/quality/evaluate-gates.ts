import type { RunSummary } from '../pipeline/summary.js';
import type { GateResult, QualityGatesSummary, ResolvedGate } from './quality-gates.js';

type Measured = { count: number | null; of: number; column?: string };

/** What the gates read of a run's summary (holderCheck: the CPF-holder cross-check, when the reference had it). */
export type GateInputs = Pick<RunSummary, 'input' | 'rows' | 'fields'> & {
  readonly holderCheck?: { readonly cpf: Readonly<Record<'sim' | 'parcial' | 'nao' | 'sem_referencia', number>> };
};

/**
 * Measures each gate on a finished run's summary. Shares are of the input rows, except
 * `cpf_confere_nao`: of the kept rows whose CPF the registry knows (sim + parcial + nao), since
 * a CPF the registry lacks (`sem_referencia`) says nothing about whose it is. Without the
 * holder check (no `pessoas` reference) that gate is `not_measured`, which never breaks it.
 */
export function evaluateGates(gates: readonly ResolvedGate[], summary: GateInputs): QualityGatesSummary {
  const results = gates.flatMap((gate) => measure(gate, summary).map((m) => judge(gate, m)));
  return { passed: !results.some((r) => r.level === 'error' && r.status === 'broken'), results };
}

function measure(gate: ResolvedGate, summary: GateInputs): Measured[] {
  const rows = summary.input.rows;
  const { metric } = gate;
  switch (metric) {
    case 'invalid':
    case 'empty':
      return gate.columns.map((column) => ({ column, count: summary.fields[column]?.[metric] ?? null, of: rows }));
    case 'rejected':
      return [{ count: summary.rows.rejected, of: rows }];
    case 'duplicates':
      return [{ count: summary.rows.duplicates, of: rows }];
    case 'cpf_confere_nao': {
      const cpf = summary.holderCheck?.cpf;
      return [cpf ? { count: cpf.nao, of: cpf.sim + cpf.parcial + cpf.nao } : { count: null, of: 0 }];
    }
  }
}

function judge(gate: ResolvedGate, { count, of, column }: Measured): GateResult {
  const base = {
    metric: gate.metric,
    level: gate.level,
    ...(gate.field === undefined ? {} : { field: gate.field, column }),
    ...(gate.maxShare === undefined ? {} : { maxShare: gate.maxShare }),
    ...(gate.maxCount === undefined ? {} : { maxCount: gate.maxCount }),
    of,
  };
  if (count === null) return { ...base, count: null, share: null, status: 'not_measured' };
  const share = of === 0 ? 0 : count / of;
  const broken = (gate.maxShare !== undefined && share > gate.maxShare) || (gate.maxCount !== undefined && count > gate.maxCount);
  return { ...base, count, share, status: broken ? 'broken' : 'passed' };
}
