import type { FieldType } from '../../domain/columns/field-type.js';
import type { Locale } from '../../i18n/messages.js';

/** Every phrase the PDF, HTML and XLSX dashboards show, per language. */
export interface ReportLabels {
  readonly title: string;
  readonly subtitle: string;
  readonly generatedAt: string;
  readonly duration: string;
  readonly encoding: string;
  readonly readAs: string;
  readonly readingNotes: string;
  readonly sheetOf: (sheet: string, format: string) => string;
  readonly rowsIn: string;
  readonly kept: string;
  readonly duplicates: string;
  readonly rejected: string;
  readonly qualityScore: string;
  readonly qualityDefinition: string;
  readonly fields: string;
  readonly fieldHeader: readonly [string, string, string, string, string, string, string];
  readonly statuses: { readonly valid: string; readonly corrected: string; readonly invalid: string; readonly empty: string };
  readonly topReasons: string;
  readonly corrections: string;
  readonly invalidExamples: string;
  readonly before: string;
  readonly after: string;
  readonly enrichment: string;
  readonly enrichmentHeader: readonly [string, string, string, string, string];
  readonly noEnrichment: string;
  readonly sources: Readonly<Record<string, string>>;
  readonly distributions: string;
  readonly byUf: string;
  readonly phoneTypes: string;
  readonly phoneTypeNames: Readonly<Record<string, string>>;
  readonly emailDomains: string;
  readonly duplicatesByKey: string;
  readonly duplicateKeys: Readonly<Record<string, string>>;
  readonly duplicateExamples: string;
  readonly duplicateKey: string;
  readonly types: Readonly<Record<FieldType, string>>;
  readonly line: string;
  readonly keptLine: string;
  readonly rejectionsByReason: string;
  readonly rejectionExamples: string;
  readonly reason: string;
  readonly rows: string;
  readonly noData: string;
  readonly page: (current: number, total: number) => string;
  readonly moreFields: (count: number) => string;
}

const PT_BR: ReportLabels = {
  title: 'Relatório de higienização',
  subtitle: 'Higia — limpeza e enriquecimento de dados',
  generatedAt: 'Gerado em',
  duration: 'Duração',
  encoding: 'Codificação',
  readAs: 'Leitura',
  readingNotes: 'Sobre a leitura',
  sheetOf: (sheet, format) => `planilha «${sheet}» (.${format})`,
  rowsIn: 'Linhas lidas',
  kept: 'Mantidas',
  duplicates: 'Duplicadas',
  rejected: 'Rejeitadas',
  qualityScore: 'Índice de qualidade',
  qualityDefinition:
    'Parcela dos valores preenchidos que ficaram utilizáveis (válidos ou corrigidos) em todos os campos reconhecidos. Campos vazios não contam.',
  fields: 'Campos',
  fieldHeader: ['Campo', 'Tipo', 'Válidos', 'Corrigidos', 'Inválidos', 'Vazios', '% utilizável'],
  statuses: { valid: 'Válidos', corrected: 'Corrigidos', invalid: 'Inválidos', empty: 'Vazios' },
  topReasons: 'Principais motivos de invalidez',
  corrections: 'Exemplos de correções',
  invalidExamples: 'Exemplos de valores inválidos',
  before: 'Antes',
  after: 'Depois',
  enrichment: 'Enriquecimento',
  enrichmentHeader: ['Fonte', 'Consultas', 'Encontrados', '% encontrados', 'Campos preenchidos'],
  noEnrichment: 'Nenhuma base de referência foi consultada.',
  sources: { pessoas: 'Pessoas (CPF)', empresas: 'Empresas (CNPJ)', ceps: 'Endereços (CEP)' },
  distributions: 'Distribuições',
  byUf: 'Linhas por UF',
  phoneTypes: 'Tipos de telefone',
  phoneTypeNames: { celular: 'celular', fixo: 'fixo' },
  emailDomains: 'Domínios de e-mail',
  duplicatesByKey: 'Duplicadas por chave',
  duplicateKeys: { cpf: 'CPF', cnpj: 'CNPJ', email: 'E-mail', email_name: 'E-mail + nome', phone_name: 'Telefone + nome', fuzzy: 'Semelhança (fuzzy)' },
  duplicateExamples: 'Primeiras duplicadas',
  duplicateKey: 'Chave',
  types: {
    cpf: 'CPF',
    cnpj: 'CNPJ',
    document: 'CPF/CNPJ',
    name: 'nome',
    company: 'razão social',
    email: 'e-mail',
    phone: 'telefone',
    area_code: 'DDD',
    cep: 'CEP',
    address: 'endereço',
    neighborhood: 'bairro',
    city: 'cidade',
    uf: 'UF',
    birthdate: 'nascimento',
    date: 'data',
    money: 'valor',
    text: 'texto',
    passthrough: 'copiado',
  },
  line: 'Linha',
  keptLine: 'Duplicada da linha',
  rejectionsByReason: 'Rejeitadas por motivo',
  rejectionExamples: 'Primeiras rejeitadas',
  reason: 'Motivo',
  rows: 'Linhas',
  noData: 'Sem dados',
  page: (current, total) => `página ${current} de ${total}`,
  moreFields: (count) => `… e mais ${count} campos (veja a planilha)`,
};

const EN: ReportLabels = {
  title: 'Data cleaning report',
  subtitle: 'Higia — data cleaning and enrichment',
  generatedAt: 'Generated at',
  duration: 'Duration',
  encoding: 'Encoding',
  readAs: 'Read as',
  readingNotes: 'About the reading',
  sheetOf: (sheet, format) => `sheet “${sheet}” (.${format})`,
  rowsIn: 'Rows read',
  kept: 'Kept',
  duplicates: 'Duplicates',
  rejected: 'Rejected',
  qualityScore: 'Quality score',
  qualityDefinition: 'Share of filled-in values that ended up usable (valid or corrected) across all recognised fields. Empty cells do not count.',
  fields: 'Fields',
  fieldHeader: ['Field', 'Type', 'Valid', 'Corrected', 'Invalid', 'Empty', '% usable'],
  statuses: { valid: 'Valid', corrected: 'Corrected', invalid: 'Invalid', empty: 'Empty' },
  topReasons: 'Top reasons for invalid values',
  corrections: 'Examples of corrections',
  invalidExamples: 'Examples of invalid values',
  before: 'Before',
  after: 'After',
  enrichment: 'Enrichment',
  enrichmentHeader: ['Source', 'Lookups', 'Found', '% found', 'Fields filled'],
  noEnrichment: 'No reference data was looked up.',
  sources: { pessoas: 'People (CPF)', empresas: 'Companies (CNPJ)', ceps: 'Addresses (CEP)' },
  distributions: 'Distributions',
  byUf: 'Rows by state (UF)',
  phoneTypes: 'Phone types',
  phoneTypeNames: { celular: 'mobile', fixo: 'landline' },
  emailDomains: 'E-mail domains',
  duplicatesByKey: 'Duplicates by key',
  duplicateKeys: { cpf: 'CPF', cnpj: 'CNPJ', email: 'E-mail', email_name: 'E-mail + name', phone_name: 'Phone + name', fuzzy: 'Similarity (fuzzy)' },
  duplicateExamples: 'First duplicates',
  duplicateKey: 'Key',
  types: {
    cpf: 'CPF',
    cnpj: 'CNPJ',
    document: 'CPF/CNPJ',
    name: 'name',
    company: 'company name',
    email: 'e-mail',
    phone: 'phone',
    area_code: 'area code',
    cep: 'CEP',
    address: 'address',
    neighborhood: 'neighbourhood',
    city: 'city',
    uf: 'state (UF)',
    birthdate: 'birth date',
    date: 'date',
    money: 'amount',
    text: 'text',
    passthrough: 'copied',
  },
  line: 'Line',
  keptLine: 'Duplicate of line',
  rejectionsByReason: 'Rejected by reason',
  rejectionExamples: 'First rejected rows',
  reason: 'Reason',
  rows: 'Rows',
  noData: 'No data',
  page: (current, total) => `page ${current} of ${total}`,
  moreFields: (count) => `… and ${count} more fields (see the spreadsheet)`,
};

export const reportLabelsFor = (lang: Locale): ReportLabels => (lang === 'en' ? EN : PT_BR);
