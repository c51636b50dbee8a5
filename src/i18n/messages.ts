import type { RejectionCode } from '../domain/row.js';
import type { IssueCode } from '../domain/rules/rule.js';
import type { HolderReason } from '../domain/holder/holder-check.js';

export const LOCALES = ['pt-BR', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Words the outputs show to people. Status values and JSON keys stay English: machines read them. */
export interface Messages {
  readonly columns: {
    readonly line: string;
    readonly reasons: string;
    readonly typeSuffix: string;
    /** Added after an address column: its number and complement, taken off the street. */
    readonly numberSuffix: string;
    readonly complementSuffix: string;
    readonly duplicateOf: string;
    readonly duplicateKey: string;
    readonly similarity: string;
    readonly evidence: string;
    /** The review file's header: line, name, the other line, its name, similarity, evidence. */
    readonly review: readonly string[];
    readonly enriched: string;
    readonly enrichedFields: string;
  };
  readonly yes: string;
  readonly no: string;
  /** The CPF/CNPJ holder check, in `motivos`. */
  readonly holder: {
    readonly nao: string;
    readonly parcial: string;
    readonly irregular: string;
    readonly reasons: Record<HolderReason, string>;
  };
  readonly issues: Record<IssueCode, string>;
  readonly rejections: Record<RejectionCode, string>;
}

const PT_BR: Messages = {
  columns: {
    line: 'linha',
    reasons: 'motivos',
    typeSuffix: '_tipo',
    numberSuffix: '_numero',
    complementSuffix: '_complemento',
    duplicateOf: 'duplicado_de_linha',
    duplicateKey: 'chave_duplicidade',
    similarity: 'similaridade',
    evidence: 'evidencias',
    review: ['linha', 'nome', 'linha_semelhante', 'nome_semelhante', 'similaridade', 'evidencias'],
    enriched: 'enriquecido',
    enrichedFields: 'campos_enriquecidos',
  },
  yes: 'sim',
  no: 'não',
  holder: {
    nao: 'titular diferente no cadastro',
    parcial: 'titular confere em parte com o cadastro',
    irregular: 'situação cadastral',
    reasons: {
      NAME_AGREES: 'nome confere',
      NAME_MISSING: 'sem nome para comparar',
      NAME_ABBREVIATED: 'nome abreviado',
      NAME_PARTIAL: 'nome confere em parte',
      NAME_TYPO: 'nome com erro de digitação',
      SUFFIX_DIFFERS: 'Júnior/Filho/Neto diferente',
      BIRTH_DATE_DIFFERS: 'data de nascimento diferente',
      FIRST_NAME_DIFFERS: 'outro primeiro nome',
      SURNAME_DIFFERS: 'outro sobrenome',
      NAME_DIFFERS: 'outro nome',
    },
  },
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
    IRREGULAR_REGISTRATION: 'situação cadastral não regular (o layout rejeita)',
    HOLDER_MISMATCH: 'o titular do documento no cadastro é outra pessoa ou empresa (o layout rejeita)',
  },
};

const EN: Messages = {
  columns: {
    line: 'line',
    reasons: 'reasons',
    typeSuffix: '_type',
    numberSuffix: '_number',
    complementSuffix: '_complement',
    duplicateOf: 'duplicate_of_line',
    duplicateKey: 'duplicate_key',
    similarity: 'similarity',
    evidence: 'evidence',
    review: ['line', 'name', 'similar_line', 'similar_name', 'similarity', 'evidence'],
    enriched: 'enriched',
    enrichedFields: 'enriched_fields',
  },
  yes: 'yes',
  no: 'no',
  holder: {
    nao: 'the registry holder is someone else',
    parcial: 'the registry holder matches in part',
    irregular: 'registration status',
    reasons: {
      NAME_AGREES: 'name agrees',
      NAME_MISSING: 'no name to compare',
      NAME_ABBREVIATED: 'abbreviated name',
      NAME_PARTIAL: 'name agrees in part',
      NAME_TYPO: 'name with a typo',
      SUFFIX_DIFFERS: 'Júnior/Filho/Neto differs',
      BIRTH_DATE_DIFFERS: 'birth date differs',
      FIRST_NAME_DIFFERS: 'another first name',
      SURNAME_DIFFERS: 'another surname',
      NAME_DIFFERS: 'another name',
    },
  },
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
    IRREGULAR_REGISTRATION: 'registration status not regular (rejected by the layout)',
    HOLDER_MISMATCH: 'the registry holder of the document is someone else (rejected by the layout)',
  },
};

export const messagesFor = (locale: Locale): Messages => (locale === 'en' ? EN : PT_BR);
