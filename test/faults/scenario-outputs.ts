import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

export const OUTPUT_SUFFIXES = ['_dashboard.html', '_duplicados.csv', '_higienizado.csv', '_higienizado.xlsx', '_rejeitados.csv', '_relatorio.pdf', '_resumo.json'] as const;

const SUFFIXES_OF: Record<string, readonly string[]> = {
  csv: ['_duplicados.csv', '_higienizado.csv', '_rejeitados.csv'],
  xlsx: ['_higienizado.xlsx'],
  pdf: ['_relatorio.pdf'],
  html: ['_dashboard.html'],
  json: ['_resumo.json'],
};

/** The outputs a message asking for `formats` gets (all without). */
export const suffixesOf = (formats?: readonly string[]): readonly string[] => (formats ? formats.flatMap((f) => SUFFIXES_OF[f] ?? []) : OUTPUT_SUFFIXES);

export interface OutputCheck {
  /** The summary is there, its counts add up to the input, and the clean CSV has `kept` rows. */
  readonly complete: boolean;
  /** Some outputs without the summary, or the summary without the clean CSV. */
  readonly partial: boolean;
  /** Which outputs are missing, or what does not add up. */
  readonly problems: string[];
}

interface Summary {
  input: { rows: number };
  rows: { kept: number; duplicates: number; rejected: number };
}

/** Checks one input's outputs in the done folder on disk (the folder behind the WebDAV root). */
export async function checkOutputs(doneDir: string, stem: string, expectedRows: number | undefined, suffixes: readonly string[] = OUTPUT_SUFFIXES): Promise<OutputCheck> {
  const names = new Set(await readdir(doneDir).catch(() => [] as string[]));
  const present = suffixes.filter((s) => names.has(`${stem}${s}`));
  const hasSummary = names.has(`${stem}_resumo.json`);
  const hasCsv = names.has(`${stem}_higienizado.csv`);
  const problems = suffixes.filter((s) => !present.includes(s)).map((s) => `missing ${stem}${s}`);
  const partial = (present.length > 0 && !hasSummary) || (hasSummary && !hasCsv);
  if (!hasSummary || !hasCsv) return { complete: false, partial, problems };
  const summary = JSON.parse(await readFile(join(doneDir, `${stem}_resumo.json`), 'utf8')) as Summary;
  const { kept, duplicates, rejected } = summary.rows;
  if (kept + duplicates + rejected !== summary.input.rows) problems.push(`${stem}: ${kept} + ${duplicates} + ${rejected} ≠ ${summary.input.rows} input rows`);
  if (expectedRows !== undefined && summary.input.rows !== expectedRows) problems.push(`${stem}: ${summary.input.rows} input rows, the file has ${expectedRows}`);
  const records = parse(await readFile(join(doneDir, `${stem}_higienizado.csv`)), { delimiter: ';', bom: true, relax_column_count: true, skip_empty_lines: true }) as unknown[];
  if (records.length - 1 !== kept) problems.push(`${stem}_higienizado.csv has ${records.length - 1} rows, the summary says ${kept} kept`);
  return { complete: problems.length === 0, partial, problems };
}

/** Upload temporaries (`.<name>.<hex>.tmp`) left in the done folder. */
export async function temporariesIn(doneDir: string): Promise<string[]> {
  return (await readdir(doneDir).catch(() => [] as string[])).filter((n) => n.endsWith('.tmp'));
}
