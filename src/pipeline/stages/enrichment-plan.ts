import type { ColumnPlan } from '../../domain/columns/column-plan.js';
import type { FieldType } from '../../domain/columns/field-type.js';
import type { CleanRow } from '../../domain/row.js';
import type { FieldRule } from '../../domain/rules/rule.js';
import { KEY_FIELDS, REFERENCE_SOURCES, canonicalKey, type ReferenceSource } from '../../ports/reference-store.js';

/** What one reference source brings to a row: `_ref` columns, and values for empty cells. */
export interface SourcePlan {
  readonly source: ReferenceSource;
  readonly keyOf: (row: CleanRow) => string | undefined;
  /** Reference field → added column `<field>_ref`. */
  readonly added: readonly { readonly field: string; readonly header: string }[];
  /** Reference field → input column filled when its cell is empty. */
  readonly fills: readonly { readonly field: string; readonly column: number; readonly rule: FieldRule }[];
  /** People and companies: is the registry's holder of the key the row's? (`cpf_confere`, `cnpj_confere`) */
  readonly holder?: HolderPlan;
}

/** Which of the row's columns the registry's holder is compared with. */
export interface HolderPlan {
  readonly kind: 'cpf' | 'cnpj';
  readonly header: string;
  readonly nameColumn: number | undefined;
  readonly birthColumn: number | undefined;
}

interface SourceDefaults {
  readonly keyTypes: readonly FieldType[];
  readonly documentKind?: 'CPF' | 'CNPJ';
  readonly added: readonly string[];
  readonly fills: readonly { readonly field: string; readonly type: FieldType; readonly prefer?: RegExp }[];
}

/** The default enrichment rules of the issue: fill what's empty, show what the registry says. */
const DEFAULTS: Record<ReferenceSource, SourceDefaults> = {
  pessoas: {
    keyTypes: ['cpf', 'document'],
    documentKind: 'CPF',
    added: ['situacao_cadastral'],
    fills: [
      { field: 'nome', type: 'name' },
      { field: 'data_nascimento', type: 'birthdate' },
      { field: 'email', type: 'email' },
      { field: 'telefone', type: 'phone', prefer: /cel|whats|mobile|movel/i },
    ],
  },
  empresas: {
    keyTypes: ['cnpj', 'document'],
    documentKind: 'CNPJ',
    added: ['razao_social', 'situacao', 'cnae'],
    fills: [{ field: 'razao_social', type: 'company' }],
  },
  ceps: {
    keyTypes: ['cep'],
    added: ['logradouro', 'bairro', 'cidade', 'uf', 'ibge'],
    fills: [
      { field: 'logradouro', type: 'address' },
      { field: 'bairro', type: 'neighborhood' },
      { field: 'cidade', type: 'city' },
      { field: 'uf', type: 'uf' },
    ],
  },
};

/**
 * The reference fields the default enrichment reads, per source (key field first): what a
 * store needs to fetch, e.g. as a MongoDB projection, so wide registry documents stay on the server.
 */
export function referenceFieldsBySource(): Record<ReferenceSource, readonly string[]> {
  const fields = {} as Record<ReferenceSource, readonly string[]>;
  for (const source of REFERENCE_SOURCES) {
    const { added, fills } = DEFAULTS[source];
    fields[source] = [...new Set([KEY_FIELDS[source].field, ...added, ...fills.map((f) => f.field)])];
  }
  return fields;
}

export function planEnrichment(columns: readonly ColumnPlan[], sources: readonly ReferenceSource[]): SourcePlan[] {
  const plans: SourcePlan[] = [];
  for (const source of sources) {
    const defaults = DEFAULTS[source];
    const keyColumns = columns.filter((c) => defaults.keyTypes.includes(c.type));
    if (keyColumns.length === 0) continue;
    const keyOf = (row: CleanRow): string | undefined => {
      for (const column of keyColumns) {
        const status = row.statuses[column.index];
        if (status !== 'valid' && status !== 'corrected') continue;
        const kind = row.infos[column.index];
        if (column.type === 'document' && kind !== defaults.documentKind) continue;
        return canonicalKey(source, row.values[column.index]!);
      }
      return undefined;
    };
    const fills = defaults.fills.flatMap(({ field, type, prefer }) => {
      const candidates = columns.filter((c) => c.type === type && c.rule !== undefined);
      const target = candidates.find((c) => prefer?.test(c.header)) ?? candidates[0];
      return target ? [{ field, column: target.index, rule: target.rule! }] : [];
    });
    plans.push({ source, keyOf, added: defaults.added.map((field) => ({ field, header: `${field}_ref` })), fills, holder: holderPlanOf(source, columns) });
  }
  return plans;
}

function holderPlanOf(source: ReferenceSource, columns: readonly ColumnPlan[]): HolderPlan | undefined {
  const first = (type: FieldType) => columns.find((c) => c.type === type && c.rule !== undefined)?.index;
  if (source === 'pessoas') return { kind: 'cpf', header: 'cpf_confere', nameColumn: first('name'), birthColumn: first('birthdate') };
  if (source === 'empresas') return { kind: 'cnpj', header: 'cnpj_confere', nameColumn: first('company'), birthColumn: undefined };
  return undefined;
}
