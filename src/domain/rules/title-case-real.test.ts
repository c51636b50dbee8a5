import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sanitizeName } from './name.js';
import { applyRule, type FieldRule } from './rule.js';
import { addressTitleCaseRule } from './title-case.js';

/** Real names and streets (test/fixtures/names-and-streets.tsv): as they are, in capitals, in lowercase. */
const rows = readFileSync(new URL('../../../test/fixtures/names-and-streets.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('kind\t'))
  .map((line) => {
    const [kind, value, fromUpper, fromLower] = line.split('\t') as [string, string, string, string];
    const same = (s: string): string => (s === '=' ? value : s);
    return { kind, value, fromUpper: same(fromUpper), fromLower: same(fromLower) };
  });

// The address column type uses the address rule once address.ts points at it.
const rules: Record<string, FieldRule> = { name: sanitizeName, address: addressTitleCaseRule };
const context = { today: '2025-01-01' };

describe('real names and streets', () => {
  it('has at least 100 of them', () => expect(rows.length).toBeGreaterThanOrEqual(100));

  it.each(rows)('$kind $value', ({ kind, value, fromUpper, fromLower }) => {
    const rule = rules[kind]!;
    expect(applyRule(rule, value, context)).toEqual({ status: 'valid', value });
    expect(applyRule(rule, value.toUpperCase(), context).value).toBe(fromUpper);
    expect(applyRule(rule, value.toLowerCase(), context).value).toBe(fromLower);
  });
});
