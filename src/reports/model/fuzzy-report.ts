import type { Locale } from '../../i18n/messages.js';
import { outputBaseName } from '../../outputs/output-names.js';
import type { RunSummary } from '../../pipeline/summary.js';
import { formatterFor } from './format.js';

export interface FuzzyLabels {
  readonly section: string;
  readonly merged: string;
  readonly review: string;
  readonly reviewFile: string;
  /** The two columns of the PDF's table: what, how many. */
  readonly header: readonly [string, string];
  /** What the two numbers mean, for a reader who has never heard of fuzzy matching. */
  readonly explanation: string;
  readonly mergedSentence: (count: string) => string;
  readonly reviewSentence: (count: string, file: string) => string;
  readonly noReview: string;
}

const PT_BR: FuzzyLabels = {
  section: 'Duplicadas por semelhança (fuzzy)',
  merged: 'Unidas como duplicadas',
  review: 'Pares para revisão',
  reviewFile: 'Arquivo para revisão',
  header: ['Resultado', 'Quantidade'],
  explanation:
    'Depois das chaves exatas (CPF, CNPJ, e-mail + nome, telefone + nome), linhas quase certamente da mesma pessoa ou empresa (nome parecido e outros dados em comum) são unidas como duplicadas; os pares duvidosos não são unidos e ficam num arquivo para alguém decidir.',
  mergedSentence: (count) => `${count} ${count === '1' ? 'linha unida' : 'linhas unidas'} por semelhança`,
  reviewSentence: (count, file) => `${count} ${count === '1' ? 'par ficou' : 'pares ficaram'} para revisão em ${file}`,
  noReview: 'Nenhum par ficou para revisão.',
};

const EN: FuzzyLabels = {
  section: 'Duplicates by similarity (fuzzy)',
  merged: 'Merged as duplicates',
  review: 'Pairs for review',
  reviewFile: 'File to review',
  header: ['Outcome', 'Count'],
  explanation:
    'After the exact keys (CPF, CNPJ, e-mail + name, phone + name), rows that are almost certainly the same person or company (a similar name and other data in common) are merged as duplicates; doubtful pairs are not merged and go to a file for someone to decide.',
  mergedSentence: (count) => `${count} ${count === '1' ? 'row' : 'rows'} merged by similarity`,
  reviewSentence: (count, file) => `${count} ${count === '1' ? 'pair' : 'pairs'} left for review in ${file}`,
  noReview: 'No pair was left for review.',
};

export const fuzzyLabelsFor = (lang: Locale): FuzzyLabels => (lang === 'en' ? EN : PT_BR);

/** Fuzzy matching as every report shows it: how many rows it merged, how many pairs it left for a person, and where. */
export interface FuzzyReport {
  readonly labels: FuzzyLabels;
  readonly merged: number;
  readonly review: number;
  /** `<name>_possiveis_duplicados.csv`, written with the pairs whatever the formats (outputs/csv/review-file.ts). */
  readonly reviewFile: string;
  /** The numbers in one sentence each (the PDF's and the XLSX's notes). */
  readonly mergedText: string;
  readonly reviewText: string;
}

export function fuzzyReportOf(summary: Pick<RunSummary, 'fuzzy' | 'input'>, lang: Locale): FuzzyReport | undefined {
  const fuzzy = summary.fuzzy;
  if (!fuzzy) return undefined;
  const labels = fuzzyLabelsFor(lang);
  const { integer } = formatterFor(lang);
  // The reports are drawn before summary.outputs is filled: the name is the one review-file.ts gives it.
  const reviewFile = `${outputBaseName(summary.input.file)}_possiveis_duplicados.csv`;
  return {
    labels,
    merged: fuzzy.merged,
    review: fuzzy.review,
    reviewFile,
    mergedText: labels.mergedSentence(integer(fuzzy.merged)),
    reviewText: fuzzy.review > 0 ? labels.reviewSentence(integer(fuzzy.review), reviewFile) : labels.noReview,
  };
}
