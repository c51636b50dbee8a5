import type { DedupeKey } from '../../config/layout.js';
import type { ColumnPlan } from '../../domain/columns/column-plan.js';
import type { CleanRow, FieldIssue, Rejection } from '../../domain/row.js';
import { applyRule, type FieldStatus, type RuleContext } from '../../domain/rules/rule.js';
import type { InputRow } from './read-input.js';

export interface SanitizePlan {
  readonly columns: readonly ColumnPlan[];
  readonly dedupeKeys: readonly DedupeKey[];
  /** Today, ISO: birth dates after it are invalid. */
  readonly today: string;
}

/** Compiles the plan once; the returned function cleans one row (pure, no I/O). */
export function rowSanitizer(plan: SanitizePlan): (row: InputRow) => CleanRow {
  const width = plan.columns.length;
  // UF first: the CEP and city rules use the row's UF; DDD columns before the phones they complete.
  const typed = plan.columns.filter((c) => c.rule !== undefined);
  const rank = (c: ColumnPlan): number => (c.type === 'uf' ? 0 : c.type === 'area_code' ? 1 : 2);
  const order = typed.slice().sort((a, b) => rank(a) - rank(b)); // stable: file order within a rank
  const keyOf = dedupeKeyReader(plan.columns, plan.dedupeKeys);
  const isUsable = usabilityCheck(typed);
  const required = plan.columns.filter((c) => c.required);

  return (row) => {
    const cells = withoutBlankOverflow(row.cells, width);
    if (cells.length !== width) return raggedRow(row, width);
    const values = cells.slice();
    const statuses: (FieldStatus | undefined)[] = new Array(width).fill(undefined);
    const infos: (string | undefined)[] = new Array(width).fill(undefined);
    const issues: FieldIssue[] = [];
    let context: RuleContext = { today: plan.today };
    let completeness = 0;
    for (const column of order) {
      const result = applyRule(column.rule!, cells[column.index]!, withAreaCode(context, column, values, statuses));
      values[column.index] = result.value;
      statuses[column.index] = result.status;
      infos[column.index] = result.info;
      if (result.status === 'valid' || result.status === 'corrected') {
        completeness++;
        if (column.type === 'uf' && context.uf === undefined) context = { today: plan.today, uf: result.value };
      } else if (result.status === 'invalid') {
        issues.push({ column: column.index, code: result.code!, detail: result.detail ?? '' });
      }
    }
    const rejections = rejectionsOf(required, statuses, isUsable(statuses));
    const dedupeKey = rejections.length === 0 ? keyOf(values, statuses, infos) : undefined;
    return { line: row.line, raw: cells, values, statuses, infos, issues, rejections, dedupeKey, completeness };
  };
}

/** A phone paired with a DDD column gets that column's clean DDD, when it has a usable one. */
function withAreaCode(
  context: RuleContext,
  column: ColumnPlan,
  values: readonly string[],
  statuses: readonly (FieldStatus | undefined)[],
): RuleContext {
  const from = column.areaCodeColumn;
  if (from === undefined) return context;
  const status = statuses[from];
  return status === 'valid' || status === 'corrected' ? { ...context, areaCode: values[from]! } : context;
}

/** Excel often ends lines with extra empty cells; they are not part of the data. */
function withoutBlankOverflow(cells: readonly string[], width: number): readonly string[] {
  if (cells.length <= width) return cells;
  for (let i = width; i < cells.length; i++) if (cells[i]!.trim() !== '') return cells;
  return cells.slice(0, width);
}

function raggedRow(row: InputRow, width: number): CleanRow {
  return {
    line: row.line,
    raw: row.cells,
    values: row.cells.slice(),
    statuses: [],
    infos: [],
    issues: [],
    rejections: [{ code: 'COLUMN_COUNT', detail: `expected ${width} columns, found ${row.cells.length}` }],
    dedupeKey: undefined,
    completeness: 0,
  };
}

/** Types that say who a row is about; a row with none of them valid is not a customer. */
const IDENTITY_TYPES: ReadonlySet<string> = new Set(['cpf', 'cnpj', 'document', 'name', 'company', 'email', 'phone']);

/**
 * A row is usable when some identity field is valid; in a file without identity columns
 * (say, a list of addresses) when any field is. Files with no typed column keep every row.
 */
function usabilityCheck(typed: readonly ColumnPlan[]): (statuses: readonly (FieldStatus | undefined)[]) => boolean {
  const identity = typed.filter((c) => IDENTITY_TYPES.has(c.type));
  const judged = (identity.length > 0 ? identity : typed).map((c) => c.index);
  if (judged.length === 0) return () => true;
  return (statuses) => judged.some((i) => statuses[i] === 'valid' || statuses[i] === 'corrected');
}

function rejectionsOf(
  required: readonly ColumnPlan[],
  statuses: readonly (FieldStatus | undefined)[],
  isUsable: boolean,
): Rejection[] {
  const rejections: Rejection[] = [];
  for (const column of required) {
    const status = statuses[column.index];
    if ((status === 'empty' || status === 'invalid')) {
      rejections.push({ code: 'REQUIRED_FIELD', detail: `${column.header} is ${status}`, column: column.index });
    }
  }
  if (!isUsable) {
    rejections.push({ code: 'NO_USABLE_DATA', detail: 'no field identifies a person or company' });
  }
  return rejections;
}

type KeyReader = (
  values: readonly string[],
  statuses: readonly (FieldStatus | undefined)[],
  infos: readonly (string | undefined)[],
) => string | undefined;

/** The strongest identity the row has, in the layout's order of keys. */
function dedupeKeyReader(columns: readonly ColumnPlan[], keys: readonly DedupeKey[]): KeyReader {
  const isGood = (s: FieldStatus | undefined) => s === 'valid' || s === 'corrected';
  const ofType = (...types: string[]) => columns.filter((c) => types.includes(c.type)).map((c) => c.index);
  const cpf = ofType('cpf', 'document');
  const cnpj = ofType('cnpj', 'document');
  const email = ofType('email');
  const phone = ofType('phone');
  const name = ofType('name', 'company');
  const readers: Record<DedupeKey, KeyReader> = {
    cpf: (v, s, info) => {
      const i = cpf.find((c) => isGood(s[c]) && (info[c] === undefined || info[c] === 'CPF'));
      return i === undefined ? undefined : `cpf:${v[i]}`; // the clean value is canonical: no need to strip it
    },
    cnpj: (v, s, info) => {
      const i = cnpj.find((c) => isGood(s[c]) && (info[c] === undefined || info[c] === 'CNPJ'));
      return i === undefined ? undefined : `cnpj:${v[i]}`;
    },
    email: (v, s) => {
      const i = email.find((c) => isGood(s[c]));
      return i === undefined ? undefined : `email:${v[i]}`;
    },
    email_name: (v, s) => {
      const e = email.find((c) => isGood(s[c]));
      const n = name.find((c) => isGood(s[c]));
      return e === undefined || n === undefined ? undefined : `email_name:${v[e]}|${v[n]!.toLowerCase()}`;
    },
    phone_name: (v, s) => {
      const p = phone.find((c) => isGood(s[c]));
      const n = name.find((c) => isGood(s[c]));
      return p === undefined || n === undefined ? undefined : `phone_name:${v[p]}|${v[n]!.toLowerCase()}`;
    },
  };
  const ordered = keys.map((k) => readers[k]);
  return (values, statuses, infos) => {
    for (const read of ordered) {
      const key = read(values, statuses, infos);
      if (key !== undefined) return key;
    }
    return undefined;
  };
}
