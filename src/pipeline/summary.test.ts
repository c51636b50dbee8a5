import { describe, expect, it } from 'vitest';
import { planColumns } from '../domain/columns/column-plan.js';
import type { EnrichedRow } from '../domain/row.js';
import { SummaryCollector } from './summary.js';

const columns = planColumns(['Nome', 'E-mail', 'UF', 'Celular'], [], { overrides: {}, sniff: false, context: { today: '2026-01-01' } });

/** A seeded stream of kept and duplicate rows; domains run past the 1,000-domain cap. */
function rows(count: number): { row: EnrichedRow; keptLine?: number }[] {
  let seed = 7;
  const next = (n: number) => ((seed = (seed * 48271) % 2147483647), seed % n);
  return Array.from({ length: count }, (_, i) => {
    const row: EnrichedRow = {
      line: i + 2,
      raw: [],
      values: ['Ana', `a${i}@d${next(1500)}.com.br`, ['SP', 'RJ', 'MG', 'BA'][next(4)]!, '+5511987654321'],
      statuses: ['valid', next(10) === 0 ? 'invalid' : 'valid', 'valid', 'corrected'],
      infos: [undefined, undefined, undefined, next(2) === 0 ? 'celular' : 'fixo'],
      issues: [],
      rejections: [],
      dedupeKey: next(3) === 0 ? `email:${i}` : `cpf:${i}`,
      completeness: 3,
      references: [],
      filledColumns: [],
    };
    return next(20) === 0 ? { row, keptLine: i } : { row };
  });
}

function countHere(collector: SummaryCollector, share: { row: EnrichedRow; keptLine?: number }[]): void {
  for (const { row, keptLine } of share) {
    if (keptLine === undefined) collector.countKept(row);
    else collector.countDuplicate({ row, keptLine });
  }
}

describe('SummaryCollector shares', () => {
  it.each([1, 7, 400, 5000])('adds up, in shares of %d rows, to exactly what counting in one place gives', (size) => {
    const all = rows(5000);
    const whole = new SummaryCollector(columns);
    countHere(whole, all);
    const merged = new SummaryCollector(columns);
    for (let start = 0; start < all.length; start += size) {
      const share = SummaryCollector.forShare(columns);
      countHere(share, all.slice(start, start + size));
      merged.addOutputCounts(structuredClone(share.outputCounts()));
    }
    // Key order too: the JSON summary must be byte-identical.
    expect(JSON.stringify([merged.rows, merged.duplicates, merged.distributions])).toBe(
      JSON.stringify([whole.rows, whole.duplicates, whole.distributions]),
    );
    expect(Object.keys(whole.distributions.emailDomains)).toContain('(outros)');
    expect(Object.keys(whole.distributions.emailDomains).length).toBe(1001);
  });
});
