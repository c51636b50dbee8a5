import type { RunSummary } from '../../src/pipeline/summary.js';
import { clientesSummary } from './report-summaries.js';

/**
 * A run with fuzzy duplicates and a holder check, every count distinct so that a test can
 * tell which one landed where (no example file has both yet).
 */
export function fuzzyHolderSummary(): RunSummary {
  const base = clientesSummary();
  return {
    ...base,
    rows: { kept: 4933, duplicates: 246, rejected: 0 },
    input: { ...base.input, rows: 5179 },
    duplicates: {
      byKey: { cpf: 9, fuzzy: 237 },
      examples: [
        { line: 11, keptLine: 3, key: 'cpf' },
        { line: 40, keptLine: 12, key: 'fuzzy' },
      ],
    },
    fuzzy: { merged: 237, review: 41 },
    holderCheck: {
      cpf: { sim: 4123, parcial: 187, nao: 219, sem_referencia: 58 },
      cnpj: { sim: 312, parcial: 9, nao: 4, sem_referencia: 21 },
      irregular: {
        cpf: { SUSPENSA: 17, 'TITULAR FALECIDO': 5, 'PENDENTE DE REGULARIZAÇÃO': 3 },
        cnpj: { BAIXADA: 6, INAPTA: 2 },
      },
    },
  };
}
