import { InputFormatError } from '../../errors.js';
import type { FieldRule, RuleContext } from '../rules/rule.js';
import { withAreaCodePairs } from './area-code-pairing.js';
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
  /** Phone columns only: the `area_code` column whose DDD completes numbers written without one. */
  readonly areaCodeColumn?: number;
}

export interface ColumnOverride {
  readonly type: FieldType;
  readonly required?: boolean;
  /** Phone columns only: the header of the column holding their DDD (it becomes `area_code`). */
  readonly areaCode?: string;
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
  const overrides = new Map(
    Object.entries(options.overrides).map(([name, o]): [string, ColumnOverride] => [normalizeHeader(name), typeof o === 'string' ? { type: o } : o]),
  );
  const areaCodeOf = new Map([...overrides].flatMap(([name, o]) => (o.areaCode ? [[name, normalizeHeader(o.areaCode)] as const] : [])));
  const layoutAreaCodes = new Set(areaCodeOf.values());
  const plans = header.map((name, index): ColumnPlan => {
    const key = normalizeHeader(name);
    const override = overrides.get(key);
    if (override !== undefined) return plan(index, name, override.type, 'layout', override.required ?? false);
    if (layoutAreaCodes.has(key)) return plan(index, name, 'area_code', 'layout', false);
    const byHeader = fieldTypeOfHeader(name);
    if (byHeader) return plan(index, name, byHeader, 'header', false);
    const sniffed = options.sniff ? sniffColumn(sample.map((row) => row[index] ?? ''), options.context) : undefined;
    return sniffed ? plan(index, name, sniffed, 'content', false) : plan(index, name, 'passthrough', 'none', false);
  });
  rejectHeaderlessInput(header, plans, options.context);
  const keys = header.map(normalizeHeader);
  const explicit = new Map<number, number>();
  keys.forEach((key, index) => {
    const areaCode = areaCodeOf.get(key);
    const areaCodeIndex = areaCode === undefined ? -1 : keys.indexOf(areaCode);
    if (areaCodeIndex >= 0) explicit.set(index, areaCodeIndex);
  });
  return withAreaCodePairs(plans, explicit).map((p, index, paired) =>
    isLonePrefixo(p, paired) ? plan(index, p.header, 'passthrough', 'none', false) : p,
  );
}

/**
 * `Prefixo` alone means a DDD only beside a phone: elsewhere it is a vehicle's, a branch's or
 * an invoice series' prefix, which as a DDD would be invalid on every row.
 */
function isLonePrefixo(column: ColumnPlan, columns: readonly ColumnPlan[]): boolean {
  return (
    column.type === 'area_code' &&
    column.mappedBy === 'header' &&
    normalizeHeader(column.header) === 'prefixo' &&
    !columns.some((c) => c.areaCodeColumn === column.index)
  );
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
