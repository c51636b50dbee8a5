import type { RejectionCode } from '../domain/row.js';
import type { IssueCode } from '../domain/rules/rule.js';

export const LOCALES = ['pt-BR', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Words the outputs show to people. Status values and JSON keys stay English: machines read them. */
export interface Messages {
  readonly columns: {
    readonly line: string;
    readonly reasons: string;
    readonly typeSuffix: string;
    readonly duplicateOf: string;
    readonly duplicateKey: string;
    readonly enriched: string;
    readonly enrichedFields: string;
  };
  readonly yes: string;
  readonly no: string;
  readonly issues: Record<IssueCode, string>;
  readonly rejections: Record<RejectionCode, string>;
}

const PT_BR: Messages = {
  columns: {
    line: 'linha',
    reasons: 'motivos',
    typeSuffix: '_tipo',
    duplicateOf: 'duplicado_de_linha',
    duplicateKey: 'chave_duplicidade',
    enriched: 'enriquecido',
    enrichedFields: 'campos_enriquecidos',
  },
  yes: 'sim',
  no: 'não',
  issues: {
    BAD_CHARACTERS: 'caracteres inválidos',
    BAD_LENGTH: 'quantidade de dígitos inválida',
    CHECK_DIGIT: 'dígitos verificadores não conferem',
    REPEATED_DIGITS: 'todos os dígitos iguais',
    NO_AREA_CODE: 'telefone sem DDD',
    UNKNOWN_AREA_CODE: 'DDD inexistente',
    NOT_A_PHONE: 'não é um telefone brasileiro',
    EMAIL_SYNTAX: 'e-mail mal formado',
    CEP_ZERO: 'CEP zerado',
    CEP_UF_MISMATCH: 'CEP não pertence à UF informada',
    UNKNOWN_UF: 'UF inexistente',
    DATE_FORMAT: 'data em formato desconhecido',
    DATE_IMPOSSIBLE: 'data inexistente',
    DATE_FUTURE: 'data no futuro',
    DATE_TOO_OLD: 'data anterior a 1900',
    NOT_A_NUMBER: 'não é um valor numérico',
  },
  rejections: {
    COLUMN_COUNT: 'número de colunas diferente do cabeçalho',
    NO_USABLE_DATA: 'nenhum campo válido identifica a pessoa ou empresa',
    REQUIRED_FIELD: 'campo obrigatório vazio ou inválido',
  },
};

const EN: Messages = {
  columns: {
    line: 'line',
    reasons: 'reasons',
    typeSuffix: '_type',
    duplicateOf: 'duplicate_of_line',
    duplicateKey: 'duplicate_key',
    enriched: 'enriched',
    enrichedFields: 'enriched_fields',
  },
  yes: 'yes',
  no: 'no',
  issues: {
    BAD_CHARACTERS: 'invalid characters',
    BAD_LENGTH: 'wrong number of digits',
    CHECK_DIGIT: 'check digits do not match',
    REPEATED_DIGITS: 'all digits equal',
    NO_AREA_CODE: 'phone without area code',
    UNKNOWN_AREA_CODE: 'unknown area code',
    NOT_A_PHONE: 'not a Brazilian phone number',
    EMAIL_SYNTAX: 'malformed e-mail',
    CEP_ZERO: 'all-zero CEP',
    CEP_UF_MISMATCH: "CEP outside the row's UF",
    UNKNOWN_UF: 'unknown UF',
    DATE_FORMAT: 'unknown date format',
    DATE_IMPOSSIBLE: 'no such date',
    DATE_FUTURE: 'date in the future',
    DATE_TOO_OLD: 'date before 1900',
    NOT_A_NUMBER: 'not a number',
  },
  rejections: {
    COLUMN_COUNT: 'column count differs from the header',
    NO_USABLE_DATA: 'no valid field identifies the person or company',
    REQUIRED_FIELD: 'required field empty or invalid',
  },
};

export const messagesFor = (locale: Locale): Messages => (locale === 'en' ? EN : PT_BR);
