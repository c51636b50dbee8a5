import { readFileSync } from 'node:fs';
import type { RunSummary } from '../../src/pipeline/summary.js';

/**
 * Run summaries for the report tests: the real one from examples/clientes.csv, and synthetic
 * extremes (empty file, 200 columns, 5M rows, emoji/accents/markup in every text) that no
 * example file has.
 */
export function clientesSummary(): RunSummary {
  return JSON.parse(readFileSync(new URL('../fixtures/summaries/clientes_resumo.json', import.meta.url), 'utf8')) as RunSummary;
}

export function emptySummary(): RunSummary {
  const base = clientesSummary();
  return {
    ...base,
    input: { ...base.input, file: 'vazio.csv', rows: 0, columns: 0, bytes: 0 },
    rows: { kept: 0, duplicates: 0, rejected: 0 },
    fields: {},
    rejections: {},
    rejectionExamples: [],
    duplicates: { byKey: {}, examples: [] },
    enrichment: {},
    distributions: { uf: {}, phoneTypes: {}, emailDomains: {} },
    durationMs: 3,
  };
}

/** `columns` recognised fields; the name of each is long enough to test wrapping. */
export function wideSummary(columns: number): RunSummary {
  const base = clientesSummary();
  const template = base.fields['CPF']!;
  const fields: RunSummary['fields'] = {};
  for (let i = 0; i < columns; i++) {
    fields[`coluna_${String(i + 1).padStart(3, '0')}_observacao_do_cliente`] = {
      ...template,
      valid: 100 + ((i * 37) % 150),
      corrected: (i * 13) % 40,
      invalid: (i * 7) % 25,
      empty: 300 - (100 + ((i * 37) % 150)) - ((i * 13) % 40) - ((i * 7) % 25),
    };
  }
  return { ...base, input: { ...base.input, file: 'largura_200.csv', columns }, fields };
}

/** 5M rows: counts big enough to need thousands separators in every column. */
export function hugeSummary(): RunSummary {
  const base = clientesSummary();
  const scale = (n: number) => n * 16_667;
  const fields = Object.fromEntries(
    Object.entries(base.fields).map(([name, f]) => [
      name,
      { ...f, valid: scale(f.valid), corrected: scale(f.corrected), invalid: scale(f.invalid), empty: scale(f.empty), reasons: scaleAll(f.reasons, scale) },
    ]),
  );
  return {
    ...base,
    input: { ...base.input, file: 'clientes_5m.csv', rows: 5_000_000, bytes: 925_000_000 },
    rows: { kept: 4_849_911, duplicates: 150_003, rejected: 86 },
    fields,
    rejections: { COLUMN_COUNT: 61, NO_USABLE_DATA: 25 },
    rejectionExamples: [{ line: 1_204_332, codes: ['COLUMN_COUNT'] }],
    duplicates: { ...base.duplicates, byKey: { cpf: 150_000, email: 3 } },
    enrichment: scaleAll(base.enrichment, scale),
    distributions: {
      uf: scaleAll(base.distributions.uf, scale),
      phoneTypes: scaleAll(base.distributions.phoneTypes, scale),
      emailDomains: scaleAll(base.distributions.emailDomains, scale),
    },
    durationMs: 754_321,
  };
}

export const HOSTILE_FIELD = '<img src=x onerror=alert(1)>';

/** Emoji, every pt-BR accent, and markup in the file name, field names and examples. */
export function hostileSummary(): RunSummary {
  const base = clientesSummary();
  const cpf = base.fields['CPF']!;
  return {
    ...base,
    input: { ...base.input, file: 'clientes 😀 ção <script>alert("x")</script>.csv' },
    fields: {
      [HOSTILE_FIELD]: cpf,
      'Observação 📝 çãõáéíóúâêôà ÇÃÕÁÉÍÓÚÂÊÔÀ': {
        ...cpf,
        examples: {
          corrected: [{ before: '<b>João</b> 🎉', after: 'João 🎉 & "Conceição"' }],
          invalid: [{ value: '</details><script>alert(2)</script>', code: 'BAD_CHARACTERS' }],
        },
      },
      '👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦👩‍👩‍👧‍👦': cpf,
    },
    distributions: { ...base.distributions, emailDomains: { 'exemplo.com.br': 5, '<svg onload=alert(3)>.com': 2 } },
  };
}

function scaleAll<T extends object>(counts: T, scale: (n: number) => number): T {
  return Object.fromEntries(
    Object.entries(counts).map(([k, v]) => [k, typeof v === 'number' ? scale(v) : typeof v === 'object' && v ? scaleAll(v, scale) : v]),
  ) as T;
}
