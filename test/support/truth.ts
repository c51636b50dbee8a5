import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

/** The datagen truth fields, in the order of the generated clientes.csv header. */
export const TRUTH_FIELDS = [
  ['nome', 'Nome'],
  ['cpf', 'CPF'],
  ['cnpj', 'CNPJ'],
  ['razao_social', 'Razão Social'],
  ['email', 'E-mail'],
  ['telefone', 'Telefone'],
  ['celular', 'Celular'],
  ['cep', 'CEP'],
  ['endereco', 'Endereço'],
  ['bairro', 'Bairro'],
  ['cidade', 'Cidade'],
  ['uf', 'UF'],
  ['data_nascimento', 'Data de Nascimento'],
  ['renda', 'Renda'],
  ['observacao', 'Observação'],
] as const;

export type TruthRow = Record<string, string>;

export async function readTruth(path: string): Promise<TruthRow[]> {
  return parse(await readFile(path, 'utf8'), { columns: true }) as TruthRow[];
}

export async function readOutputCsv(path: string, delimiter = ';'): Promise<Record<string, string>[]> {
  return parse(await readFile(path, 'utf8'), { columns: true, bom: true, delimiter, relax_quotes: false }) as Record<string, string>[];
}
