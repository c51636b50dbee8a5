/**
 * What pass 1 sends the fuzzy matcher, one text per batch: a record per person row,
 * `line TAB nameKey TAB features TAB key GS key … LF`. One string crosses from the worker
 * threads instead of four values and a list per row: structured clone and the garbage of a
 * million small arrays cost more than the parse on the main thread, which waits anyway.
 * No value holds a tab, a line feed or a GS: features and keys are built from values that
 * went through withoutControls.
 */
const KEYS = '\u001d';

export function fuzzyRecord(line: number, nameKey: string, features: string, blockKeys: readonly string[]): string {
  return `${line}\t${nameKey}\t${features}\t${blockKeys.join(KEYS)}\n`;
}

/** One parsed record; `person` is `nameKey TAB features`, as the features file keeps it. */
export interface FuzzyRecord {
  readonly line: number;
  readonly nameKey: string;
  readonly person: string;
  readonly blockKeys: readonly string[];
}

export function* fuzzyRecords(text: string): Generator<FuzzyRecord> {
  for (let start = 0, end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
    const tab1 = text.indexOf('\t', start);
    const tab2 = text.indexOf('\t', tab1 + 1);
    const tab3 = text.indexOf('\t', tab2 + 1);
    const keys = text.slice(tab3 + 1, end);
    yield {
      line: Number(text.slice(start, tab1)),
      nameKey: text.slice(tab1 + 1, tab2),
      person: text.slice(tab1 + 1, tab3),
      blockKeys: keys === '' ? [] : keys.split(KEYS),
    };
  }
}
