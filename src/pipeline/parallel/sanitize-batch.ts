import type { DedupeKey } from '../../config/layout.js';
import { withAreaCodePairs } from '../../domain/columns/area-code-pairing.js';
import type { ColumnPlan } from '../../domain/columns/column-plan.js';
import type { FieldType } from '../../domain/columns/field-type.js';
import { RULES_BY_TYPE } from '../../domain/columns/rules-by-type.js';
import type { CleanRow } from '../../domain/row.js';
import { serializeSpillRow } from '../dedupe/spill-file.js';
import { rowFeatures } from '../fuzzy/row-features.js';
import type { InputRow } from '../stages/read-input.js';
import { rowSanitizer } from '../stages/sanitize-rows.js';
import { SummaryCollector, type InputCounts } from '../summary.js';

type SpecColumn = Pick<ColumnPlan, 'index' | 'header' | 'type' | 'required' | 'mappedBy' | 'areaCodeColumn'>;

/** A plan's columns without their rule functions: what a worker thread can receive. */
export const toSpecColumns = (columns: readonly ColumnPlan[]): SpecColumn[] =>
  columns.map(({ rule: _rule, ...plain }) => plain);

/** What pass 1 needs to know, as plain data that can cross to a worker thread. */
export interface SanitizeSpec {
  readonly columns: readonly SpecColumn[];
  readonly dedupeKeys: readonly DedupeKey[];
  readonly today: string;
  /** Gather each person row's features for fuzzy matching (fuzzy-records.ts). */
  readonly fuzzy?: boolean;
}

/** Pass 1's work on one batch: the rows to keep waiting (already serialized), the rejected ones, and counts. */
export interface SanitizedBatch {
  /** Spill-file text of the rows that were not rejected. */
  readonly spill: string;
  /** [line, dedupe key or null, completeness] per spilled row. */
  readonly entries: readonly [number, string | null, number][];
  /** Features and block keys of the spilled rows that fuzzy matching compares (with SanitizeSpec.fuzzy). */
  readonly fuzzy?: string;
  readonly rejected: readonly CleanRow[];
  readonly counts: InputCounts;
}

export function toColumnPlans(spec: SanitizeSpec): ColumnPlan[] {
  // A spec built without the pairing (by picking fields one by one) gets it again from the headers;
  // only a layout's explicit `areaCode` cannot be recovered that way.
  const isPaired = spec.columns.some((c) => c.areaCodeColumn !== undefined);
  const columns = isPaired ? spec.columns : withAreaCodePairs(spec.columns);
  return columns.map((c) => ({ ...c, rule: RULES_BY_TYPE[c.type as FieldType] }));
}

export function batchSanitizer(spec: SanitizeSpec): (rows: readonly InputRow[]) => SanitizedBatch {
  const columns = toColumnPlans(spec);
  const sanitize = rowSanitizer({ columns, dedupeKeys: spec.dedupeKeys, today: spec.today });
  const featuresOf = spec.fuzzy ? rowFeatures(columns) : undefined;
  return (rows) => {
    const collector = new SummaryCollector(columns);
    const entries: [number, string | null, number][] = [];
    let fuzzy = '';
    const rejected: CleanRow[] = [];
    let spill = '';
    for (const input of rows) {
      const row = sanitize(input);
      collector.countInput(row);
      if (row.rejections.length > 0) {
        rejected.push(row);
      } else {
        spill += serializeSpillRow(row);
        entries.push([row.line, row.dedupeKey ?? null, row.completeness]);
        const record = featuresOf?.(row);
        if (record) fuzzy += record;
      }
    }
    return { spill, entries, rejected, counts: collector.inputCounts(), ...(featuresOf && { fuzzy }) };
  };
}
