import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buscaBr } from './buscabr.js';

/**
 * The phonetic key against groups of homophone first names that others judged
 * (test/fixtures/names/gr-homofonos.csv, from the datasets-br/prenomes package): not our
 * own table. Variants alike in any accent or region (grau 3 and 2) must share the key of
 * their group's name, and the groups themselves (`Ana` and `Ane`, `Antônio` and `Antônia`)
 * must keep apart, because a key shared across them would pair siblings for comparison.
 */
const rows = readFileSync(new URL('../../../test/fixtures/names/gr-homofonos.csv', import.meta.url), 'utf8')
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((line) => {
    const [canonical, name, grade] = line.split(',');
    return { canonical: canonical!, name: name!, grade: Number(grade) };
  });

describe('buscaBr against the homophone groups of datasets-br/prenomes', () => {
  it('reads the whole fixture', () => {
    expect(rows).toHaveLength(57);
  });

  it.each(rows.filter((r) => r.grade >= 2))('gives $name the key of $canonical (grau $grade)', ({ canonical, name }) => {
    expect(buscaBr(name)).toBe(buscaBr(canonical));
  });

  it('keeps every group apart', () => {
    const groups = [...new Set(rows.map((r) => r.canonical))];
    expect(new Set(groups.map(buscaBr)).size).toBe(groups.length);
  });
});
