import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { parseLayout } from '../config/layout.js';

describe('parseLayout: qualityGates', () => {
  it('defaults to none', () => expect(parseLayout({}).qualityGates).toEqual([]));

  it('keeps every gate, an error unless said otherwise', () => {
    const layout = parseLayout({
      qualityGates: [
        { field: 'CPF', metric: 'invalid', maxShare: 0.05 },
        { field: 'E-mail', metric: 'empty', maxCount: 100, level: 'warning' },
        { metric: 'rejected', maxShare: 0.1, maxCount: 500 },
        { metric: 'duplicates', maxShare: 0.2, level: 'warning' },
        { metric: 'cpf_confere_nao', maxShare: 0.01 },
      ],
    });
    expect(layout.qualityGates).toEqual([
      { field: 'CPF', metric: 'invalid', maxShare: 0.05, level: 'error' },
      { field: 'E-mail', metric: 'empty', maxCount: 100, level: 'warning' },
      { metric: 'rejected', maxShare: 0.1, maxCount: 500, level: 'error' },
      { metric: 'duplicates', maxShare: 0.2, level: 'warning' },
      { metric: 'cpf_confere_nao', maxShare: 0.01, level: 'error' },
    ]);
    // The worker and the CLI parse a parsed layout again (with their overrides): the same gates.
    expect(parseLayout(layout).qualityGates).toEqual(layout.qualityGates);
  });

  it.each([
    ['a gate with no limit', { metric: 'rejected' }, /qualityGates\.0: a quality gate needs maxShare/],
    ['a share above 1', { metric: 'rejected', maxShare: 5 }, /qualityGates\.0\.maxShare/],
    ['a negative count', { metric: 'rejected', maxCount: -1 }, /qualityGates\.0\.maxCount/],
    ['a fractional count', { metric: 'duplicates', maxCount: 1.5 }, /qualityGates\.0\.maxCount/],
    ['a field metric without its field', { metric: 'invalid', maxShare: 0.1 }, /qualityGates\.0\.field: metric invalid is per column/],
    ['a file metric with a field', { field: 'CPF', metric: 'rejected', maxShare: 0.1 }, /qualityGates\.0\.field: metric rejected is of the whole file/],
    ['an unknown metric', { metric: 'typos', maxShare: 0.1 }, /qualityGates\.0\.metric/],
    ['an unknown level', { metric: 'rejected', maxShare: 0.1, level: 'fatal' }, /qualityGates\.0\.level/],
    ['a misspelt key', { metric: 'rejected', max_share: 0.1 }, /max_share/],
    ['an empty field name', { field: '', metric: 'empty', maxCount: 1 }, /qualityGates\.0\.field/],
  ])('refuses %s', (_what, gate, message) => {
    expect(() => parseLayout({ qualityGates: [gate] })).toThrow(ConfigError);
    expect(() => parseLayout({ qualityGates: [gate] })).toThrow(message);
  });
});
