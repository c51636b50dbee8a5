import type { ColumnPlan } from '../domain/columns/column-plan.js';
import { normalizeHeader } from '../domain/columns/header-synonyms.js';
import { uniqueNames } from '../domain/columns/unique-names.js';
import { LayoutMismatchError } from '../errors.js';
import type { QualityGate, ResolvedGate } from './quality-gates.js';

const LISTED_HEADERS = 20;

/**
 * Ties each field gate to the file's columns once the header is read, before any row: a gate
 * naming a column the file lacks, or one Higia does not check (passthrough: no valid, invalid
 * or empty counts), would otherwise pass silently on every run. All problems in one message.
 */
export function resolveGates(gates: readonly QualityGate[], columns: readonly Pick<ColumnPlan, 'header' | 'rule'>[]): ResolvedGate[] {
  const keys = uniqueNames(columns.map((c) => c.header));
  const problems: string[] = [];
  const resolved = gates.map((gate, i): ResolvedGate => {
    if (gate.field === undefined) return { ...gate, columns: [] };
    const wanted = normalizeHeader(gate.field);
    const matching = columns.flatMap((c, index) => (normalizeHeader(c.header) === wanted ? [{ column: c, key: keys[index]! }] : []));
    const label = `qualityGates.${i} (${gate.field} ${gate.metric})`;
    if (matching.length === 0) {
      const headers = columns.slice(0, LISTED_HEADERS).map((c) => JSON.stringify(c.header));
      const more = columns.length > LISTED_HEADERS ? `, … (${columns.length} in all)` : '';
      problems.push(`${label}: the file has no column ${JSON.stringify(gate.field)} (its columns: ${headers.join(', ')}${more})`);
    } else if (matching.every((m) => m.column.rule === undefined)) {
      problems.push(`${label}: column ${JSON.stringify(gate.field)} is not checked (passthrough), so it has no ${gate.metric} count: give it a type under columns`);
    }
    return { ...gate, columns: matching.filter((m) => m.column.rule !== undefined).map((m) => m.key) };
  });
  if (problems.length > 0) throw new LayoutMismatchError(`the layout's quality gates do not fit the file: ${problems.join('; ')}`);
  return resolved;
}
