import { describe, expect, it } from 'vitest';
import { formatterFor } from './format.js';

describe('formatterFor', () => {
  const pt = formatterFor('pt-BR');
  const en = formatterFor('en');

  it('writes numbers the pt-BR way and the English way', () => {
    expect(pt.integer(1234567)).toBe('1.234.567');
    expect(pt.decimal(1234.5)).toBe('1.234,50');
    expect(en.integer(1234567)).toBe('1,234,567');
    expect(en.decimal(1234.5)).toBe('1,234.50');
  });

  it('writes percentages with one decimal', () => {
    expect(pt.percent(0.1234)).toMatch(/^12,3\s?%$/);
    expect(en.percent(0.1234)).toBe('12.3%');
    expect(en.percent(Number.NaN)).toBe('0.0%');
    expect(en.share(86 / 1_000_000)).toBe('< 0.1%');
    expect(en.share(0)).toBe('0.0%');
    expect(en.share(0.5)).toBe('50.0%');
  });

  it('writes dates as dd/mm/yyyy in São Paulo time', () => {
    expect(pt.dateTime('2026-11-28T14:05:00Z')).toBe('28/11/2026 11:05');
    expect(pt.dateTime('not a date')).toBe('—');
  });

  it('writes durations a person reads at once', () => {
    expect(pt.duration(250)).toBe('250 ms');
    expect(pt.duration(5300)).toBe('5,3 s');
    expect(en.duration(83_210)).toBe('1 min 23 s');
    expect(en.duration(3_723_000)).toBe('1 h 2 min 3 s');
  });
});
