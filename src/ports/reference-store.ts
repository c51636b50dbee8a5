export const REFERENCE_SOURCES = ['pessoas', 'empresas', 'ceps'] as const;
export type ReferenceSource = (typeof REFERENCE_SOURCES)[number];

/** One reference document, flattened to text fields (`{cpf, nome, situacao_cadastral, …}`). */
export type ReferenceRecord = Readonly<Record<string, string>>;

/**
 * Where enrichment looks rows up. Keys are canonical: CPF 11 digits, CNPJ 14 characters
 * (digits or, for the alphanumeric CNPJ, upper-case letters), CEP 8 digits.
 */
export interface ReferenceStore {
  /** One round-trip per call, whatever the number of keys; missing keys are absent from the map. */
  findByKeys(source: ReferenceSource, keys: readonly string[]): Promise<Map<string, ReferenceRecord>>;
  close(): Promise<void>;
}

/** The key field of each source and its canonical length (numeric keys are left-padded). */
export const KEY_FIELDS: Record<ReferenceSource, { field: string; length: number }> = {
  pessoas: { field: 'cpf', length: 11 },
  empresas: { field: 'cnpj', length: 14 },
  ceps: { field: 'cep', length: 8 },
};

export function canonicalKey(source: ReferenceSource, raw: string): string {
  const key = raw.toUpperCase().replace(/[^0-9A-Z]/g, '');
  const { length } = KEY_FIELDS[source];
  return /^\d+$/.test(key) && key.length < length ? key.padStart(length, '0') : key;
}
