import type { CleanRow, EnrichedRow } from '../../domain/row.js';
import { applyRule } from '../../domain/rules/rule.js';
import type { ReferenceRecord, ReferenceSource, ReferenceStore } from '../../ports/reference-store.js';
import type { SourcePlan } from './enrichment-plan.js';

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
  for (let p = 0; p < plans.length; p++) {
    const plan = plans[p]!;
    const count = counts.get(plan.source)!;
    const key = keys[p];
    const record = key === undefined ? undefined : found[p]!.get(key);
    if (key !== undefined) count.lookups++;
    if (record) count.hits++;
    for (const { field } of plan.added) references.push(record?.[field] ?? '');
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
  return { ...row, references, filledColumns };
}
