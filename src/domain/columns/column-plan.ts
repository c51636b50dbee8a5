import { InputFormatError } from '../../errors.js';
import type { FieldRule, RuleContext } from '../rules/rule.js';
import type { FieldType } from './field-type.js';
import { fieldTypeOfHeader, normalizeHeader } from './header-synonyms.js';
import { RULES_BY_TYPE } from './rules-by-type.js';
import { sniffColumn } from './sniff-column.js';

export interface ColumnPlan {
  readonly index: number;
  readonly header: string;
  readonly type: FieldType;
  readonly rule: FieldRule | undefined;
  readonly required: boolean;
  readonly mappedBy: 'layout' | 'header' | 'content' | 'none';
}

export interface ColumnOverride {
  readonly type: FieldType;
  readonly required?: boolean;
}

export interface PlanOptions {
  readonly overrides: Readonly<Record<string, FieldType | ColumnOverride>>;
  readonly sniff: boolean;
  readonly context: RuleContext;
}

/**
 * Decides what each column is: the layout first, then the header's name, then (for unknown
 * headers) the content of the first rows. A first row in which nothing reads as a header
 * but values read as data means the file has no header: we refuse rather than eat a row.
 */
export function planColumns(header: readonly string[], sample: readonly (readonly string[])[], options: PlanOptions): ColumnPlan[] {
  const overrides = new Map(Object.entries(options.overrides).map(([name, o]) => [normalizeHeader(name), o]));
  const plans = header.map((name, index): ColumnPlan => {
    const override = overrides.get(normalizeHeader(name));
    if (override !== undefined) {
      const o = typeof override === 'string' ? { type: override } : override;
      return plan(index, name, o.type, 'layout', o.required ?? false);
    }
    const byHeader = fieldTypeOfHeader(name);
    if (byHeader) return plan(index, name, byHeader, 'header', false);
    const sniffed = options.sniff ? sniffColumn(sample.map((row) => row[index] ?? ''), options.context) : undefined;
    return sniffed ? plan(index, name, sniffed, 'content', false) : plan(index, name, 'passthrough', 'none', false);
  });
  rejectHeaderlessInput(header, plans, options.context);
  return plans;
}

function plan(index: number, header: string, type: FieldType, mappedBy: ColumnPlan['mappedBy'], required: boolean): ColumnPlan {
  return { index, header, type, rule: RULES_BY_TYPE[type], required, mappedBy };
}

function rejectHeaderlessInput(header: readonly string[], plans: readonly ColumnPlan[], context: RuleContext): void {
  if (plans.some((p) => p.mappedBy === 'header' || p.mappedBy === 'layout')) return;
  const dataLike = header.filter((cell) => sniffColumn([cell, cell, cell], context) !== undefined);
  if (dataLike.length > 0) {
    throw new InputFormatError(
      'NO_HEADER',
      `the first line looks like data, not a header (${dataLike.slice(0, 3).map((c) => JSON.stringify(c)).join(', ')}): add a header line or a layout file`,
    );
  }
}
