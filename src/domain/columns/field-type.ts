/** The kinds of column Higia knows how to clean. `passthrough` columns are copied untouched. */
export const FIELD_TYPES = [
  'cpf',
  'cnpj',
  'document',
  'name',
  'company',
  'email',
  'phone',
  /** A DDD in a column of its own, beside the phone it completes (`DDD;Telefone`). */
  'area_code',
  'cep',
  'address',
  'neighborhood',
  'city',
  'uf',
  'birthdate',
  'date',
  'money',
  'text',
  'passthrough',
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];
