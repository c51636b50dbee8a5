import type { FieldType } from './field-type.js';

/**
 * Header texts (pt-BR and en) that name a field type, already in the normalized form of
 * `normalizeHeader`. Exact matches only: "nome da mae" must not become a `name` column by
 * containing "nome", so anything not listed falls to content sniffing.
 */
const SYNONYMS: Record<Exclude<FieldType, 'passthrough' | 'area_code'>, readonly string[]> = {
  cpf: ['cpf', 'num cpf', 'numero cpf', 'numero do cpf', 'nr cpf', 'cpf cliente', 'cpf do cliente', 'cpf titular'],
  cnpj: ['cnpj', 'num cnpj', 'numero cnpj', 'numero do cnpj', 'nr cnpj', 'cnpj empresa', 'cnpj da empresa'],
  document: ['cpf cnpj', 'cnpj cpf', 'documento', 'doc', 'documento fiscal', 'cpf ou cnpj', 'document', 'tax id', 'taxid', 'nr documento', 'numero documento', 'numero do documento'],
  name: ['nome', 'nome completo', 'nome cliente', 'nome do cliente', 'cliente', 'name', 'full name', 'customer name', 'nome contato', 'contato', 'nome social'],
  company: ['razao social', 'razaosocial', 'empresa', 'nome empresa', 'nome da empresa', 'company', 'company name', 'legal name'],
  email: ['email', 'e mail', 'endereco de email', 'endereco eletronico', 'correio eletronico', 'email address', 'mail'],
  phone: ['telefone', 'fone', 'tel', 'celular', 'cel', 'whatsapp', 'whats', 'zap', 'telefone celular', 'telefone fixo', 'telefone residencial', 'telefone comercial', 'fone celular', 'fone residencial', 'phone', 'mobile', 'cell phone', 'phone number', 'telefone 1', 'telefone 2', 'telefone1', 'telefone2', 'contato telefonico', 'fax', 'telefone fax', 'fone fax', 'numero fax', 'numero do fax'],
  cep: ['cep', 'codigo postal', 'cod postal', 'zip', 'zip code', 'zipcode', 'postal code'],
  address: ['endereco', 'logradouro', 'rua', 'endereco completo', 'address', 'street', 'endereco residencial'],
  neighborhood: ['bairro', 'distrito', 'neighborhood', 'district'],
  city: ['cidade', 'municipio', 'city', 'localidade', 'nome municipio', 'nome da cidade'],
  uf: ['uf', 'estado', 'sigla uf', 'uf estado', 'state', 'province'],
  birthdate: ['data de nascimento', 'data nascimento', 'dt nasc', 'dt nascimento', 'dtnasc', 'data nasc', 'nascimento', 'birth date', 'birthdate', 'date of birth', 'dob', 'aniversario'],
  date: ['data', 'date', 'data cadastro', 'data de cadastro', 'dt cadastro', 'data inclusao', 'created at'],
  money: ['renda', 'renda mensal', 'valor', 'salario', 'faturamento', 'receita', 'limite', 'limite de credito', 'saldo', 'preco', 'income', 'amount', 'value', 'price', 'salary', 'revenue'],
  text: ['observacao', 'observacoes', 'obs', 'comentario', 'comentarios', 'notes', 'note', 'comments', 'descricao', 'description'],
};

const BY_HEADER = new Map<string, FieldType>(
  Object.entries(SYNONYMS).flatMap(([type, names]) => names.map((n) => [n, type as FieldType] as const)),
);

/** Lowercase, no accents, no punctuation, single spaces: `E-mail` → `e mail`, `Razão Social` → `razao social`. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function fieldTypeOfHeader(header: string): FieldType | undefined {
  const normalized = normalizeHeader(header);
  const known = BY_HEADER.get(normalized) ?? BY_HEADER.get(normalized.replace(/ /g, ''));
  return known ?? (readAreaCodeHeader(header) === undefined ? undefined : 'area_code');
}

/** Longest first: `codigo de area` must not be read as `codigo` + something. */
const AREA_CODE_WORDS = ['codigo de area', 'cod de area', 'codigo do ddd', 'codigo ddd', 'cod ddd', 'codigo area', 'cod area', 'area code', 'prefixo', 'ddd'];

export interface AreaCodeHeader {
  /** The phone it is the DDD of (`celular`, `fax`, `telefone 2`) or its number (`1`); absent for a bare `DDD`. */
  readonly names?: string;
}

/**
 * Reads a header that announces a DDD column: `DDD`, `Cód. Área`, `cod_area`, `Prefixo`,
 * `DDD Celular`, `DDD do Fax`, `DDD 1`, `DDD1`, `Celular DDD`. What follows the area-code
 * words must name a phone, so `Prefixo da nota` stays unknown.
 */
export function readAreaCodeHeader(header: string): AreaCodeHeader | undefined {
  const normalized = normalizeHeader(header);
  const compact = /^ddd(\d+)$/.exec(normalized);
  if (compact) return { names: compact[1]! };
  for (const word of AREA_CODE_WORDS) {
    if (normalized === word) return {};
    if (normalized.startsWith(`${word} `)) return namedPhone(normalized.slice(word.length + 1));
  }
  return normalized.endsWith(' ddd') ? namedPhone(normalized.slice(0, -4)) : undefined;
}

function namedPhone(words: string): AreaCodeHeader | undefined {
  const names = words.replace(/^(?:do|da|de|of) /, '');
  if (/^\d+$/.test(names)) return { names };
  const base = names.replace(/ ?\d+$/, '');
  const isPhone = BY_HEADER.get(base) === 'phone' || BY_HEADER.get(`telefone ${base}`) === 'phone';
  return isPhone ? { names } : undefined;
}
