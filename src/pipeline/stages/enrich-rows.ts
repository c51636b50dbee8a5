import type { CleanRow, EnrichedRow, HolderResult } from '../../domain/row.js';
import { applyRule } from '../../domain/rules/rule.js';
import type { ReferenceRecord, ReferenceSource, ReferenceStore } from '../../ports/reference-store.js';
import { companyHolderVerdict, irregularCompanyStatus, irregularPersonStatus, personHolderVerdict } from '../../domain/holder/holder-check.js';
import type { HolderPlan, SourcePlan } from './enrichment-plan.js';

export interface EnrichmentCounts {
  /** Rows that had a key for this source. */
  lookups: number;
  /** Rows whose key was found. */
  hits: number;
  /** Empty cells filled from this source. */
  filled: number;
}

export interface EnrichOptions {
  readonly fillEmpty: boolean;
  readonly today: string;
}

/** Looks a batch of rows up: one store call per source per batch, never per row. */
export function batchEnricher(
  store: ReferenceStore,
  plans: readonly SourcePlan[],
  options: EnrichOptions,
  counts: Map<ReferenceSource, EnrichmentCounts>,
): (batch: readonly CleanRow[]) => Promise<EnrichedRow[]> {
  for (const plan of plans) counts.set(plan.source, { lookups: 0, hits: 0, filled: 0 });
  return async (batch) => {
    const keys = plans.map((plan) => batch.map((row) => plan.keyOf(row)));
    const found = await Promise.all(plans.map((plan, p) => lookUp(store, plan, keys[p]!)));
    return batch.map((row, r) => enrichRow(row, keys.map((k) => k[r]), plans, found, options, counts));
  };
}

async function lookUp(store: ReferenceStore, plan: SourcePlan, rowKeys: readonly (string | undefined)[]) {
  const keys = new Set<string>();
  for (const key of rowKeys) if (key !== undefined) keys.add(key);
  return keys.size === 0 ? new Map<string, ReferenceRecord>() : store.findByKeys(plan.source, [...keys]);
}

function enrichRow(
  row: CleanRow,
  keys: readonly (string | undefined)[],
  plans: readonly SourcePlan[],
  found: readonly Map<string, ReferenceRecord>[],
  options: EnrichOptions,
  counts: Map<ReferenceSource, EnrichmentCounts>,
): EnrichedRow {
  const references: string[] = [];
  const filledColumns: number[] = [];
  const holders: (HolderResult | undefined)[] = [];
  for (let p = 0; p < plans.length; p++) {
    const plan = plans[p]!;
    const count = counts.get(plan.source)!;
    const key = keys[p];
    const record = key === undefined ? undefined : found[p]!.get(key);
    if (key !== undefined) count.lookups++;
    if (record) count.hits++;
    for (const { field } of plan.added) references.push(record?.[field] ?? '');
    // Before the fills: the row's own name is compared, not the registry's copied into it.
    if (plan.holder) holders.push(key === undefined ? undefined : checkHolder(plan.holder, row, record));
    if (!record || !options.fillEmpty) continue;
    for (const fill of plan.fills) {
      const value = record[fill.field];
      if (!value || row.statuses[fill.column] !== 'empty' || filledColumns.includes(fill.column)) continue;
      const result = applyRule(fill.rule, value, { today: options.today });
      if (result.status !== 'valid' && result.status !== 'corrected') continue;
      row.values[fill.column] = result.value;
      row.infos[fill.column] = result.info; // a filled phone gets its type like any other
      filledColumns.push(fill.column);
      count.filled++;
    }
  }
  return { ...row, references, filledColumns, ...(holders.length > 0 && { holders }) };
}

function checkHolder(plan: HolderPlan, row: CleanRow, record: ReferenceRecord | undefined): HolderResult {
  if (!record) return { kind: plan.kind, verdict: 'sem_referencia' };
  const good = (column: number | undefined) => {
    if (column === undefined) return '';
    const status = row.statuses[column];
    return status === 'valid' || status === 'corrected' ? row.values[column]! : '';
  };
  if (plan.kind === 'cpf') {
    const { verdict, reason } = personHolderVerdict(
      { name: good(plan.nameColumn), birthDate: good(plan.birthColumn) },
      { name: record['nome'] ?? '', birthDate: record['data_nascimento'] ?? '' },
    );
    const irregular = irregularPersonStatus(record['situacao_cadastral'] ?? '');
    return { kind: 'cpf', verdict, reason, ...(irregular && { irregular }) };
  }
  const { verdict, reason } = companyHolderVerdict(good(plan.nameColumn), record['razao_social'] ?? '');
  const irregular = irregularCompanyStatus(record['situacao'] ?? '');
  return { kind: 'cnpj', verdict, reason, ...(irregular && { irregular }) };
}
