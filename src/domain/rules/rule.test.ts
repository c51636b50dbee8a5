import { describe, expect, it } from 'vitest';
import { applyRule, fail, ok, type FieldRule } from './rule.js';

const upper: FieldRule = (raw) => (/\d/.test(raw) ? fail('BAD_CHARACTERS', 'digits') : ok(raw.trim().toUpperCase()));
const context = { today: '2026-11-27' };

describe('applyRule', () => {
  it.each([
    ['', { status: 'empty', value: '' }],
    [' \u00a0\t', { status: 'empty', value: '' }],
    ['ABC', { status: 'valid', value: 'ABC' }],
    [' abc', { status: 'corrected', value: 'ABC' }],
    ['a1', { status: 'invalid', value: 'a1', code: 'BAD_CHARACTERS' }],
  ])('%j', (raw, want) => expect(applyRule(upper, raw, context)).toMatchObject(want));
});
