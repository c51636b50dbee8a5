import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRule } from '../rules/rule.js';
import { addressTitleCaseRule } from '../rules/title-case.js';
import { standardizeAddress } from './standard-address.js';

const DATAGEN = fileURLToPath(new URL('../../../../shared/datagen/gen-clientes.mjs', import.meta.url));
const context = { today: '2025-01-01' };

interface Pair {
  readonly original: string;
  readonly duplicate: string;
  /** The generator wrote the duplicate's address differently (street type or number format). */
  readonly isRewritten: boolean;
}

/** The address re-cased as every Endereço is before its standard form is taken, then that form. */
function standardOf(raw: string): string {
  const cleaned = applyRule(addressTitleCaseRule, raw, context);
  const { street, number, complement } = standardizeAddress(cleaned.value);
  return `${street}|${number}|${complement}`;
}

const agreement = (pairs: readonly Pair[]): number =>
  pairs.filter((p) => standardOf(p.original) === standardOf(p.duplicate)).length / pairs.length;

describe('standardizeAddress on the data generator’s fuzzy duplicates', () => {
  let dir: string;
  let pairs: Pair[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'higia-address-'));
    const args = [DATAGEN, '--rows', '5000', '--seed', '9', '--fuzzy-dup-rate', '0.2', '--out', dir];
    await promisify(execFile)(process.execPath, args);
    const rows = parse(await readFile(join(dir, 'clientes.csv'), 'utf8'), {
      columns: true, bom: true, delimiter: ';', skip_empty_lines: true,
    }) as Record<string, string>[];
    const truth = parse(await readFile(join(dir, 'clientes.truth.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const at = (row: string) => Number(row) - 1;
    pairs = truth
      .filter((t) => t.fuzzy_of !== '')
      .map((t) => ({ dup: t, orig: truth[at(t.fuzzy_of ?? '')] }))
      // A blank or unrecoverable address on either side leaves nothing to compare.
      .filter(({ dup, orig }) => dup.endereco !== '' && orig !== undefined && orig.endereco !== '')
      .map(({ dup, orig }) => ({
        original: rows[at(orig?.row ?? '')]?.['Endereço'] ?? '',
        duplicate: rows[at(dup.row ?? '')]?.['Endereço'] ?? '',
        isRewritten: dup.endereco !== orig?.endereco,
      }));
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads enough pairs to measure', () => {
    expect(pairs.length).toBeGreaterThan(500);
    expect(pairs.filter((p) => p.isRewritten).length).toBeGreaterThan(100);
  });

  it('gives a duplicate whose street type or number format was rewritten the original’s standard address', () => {
    expect(agreement(pairs.filter((p) => p.isRewritten))).toBeGreaterThanOrEqual(0.98);
  });

  it('gives every fuzzy duplicate the original’s standard address', () => {
    expect(agreement(pairs)).toBeGreaterThanOrEqual(0.98);
  });
});
