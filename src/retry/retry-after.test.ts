import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs } from './retry-after.js';

const now = Date.parse('2026-05-04T10:00:00Z');

describe('parseRetryAfterMs', () => {
  it.each([
    ['1', 1_000],
    [' 120 ', 120_000],
    ['0', 0],
    ['Mon, 04 May 2026 10:00:30 GMT', 30_000],
    ['Monday, 04-May-26 10:00:30 GMT', 30_000], // RFC 850, which HTTP recipients must still accept
    ['Mon, 04 May 2026 09:00:00 GMT', 0], // already past
    ['-5', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['2026', 2_026_000],
    ['Mon May  4 10:00:30 2026', undefined], // asctime: no zone, and no server sends it
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('parseRetryAfterMs(%j)', (value, want) => expect(parseRetryAfterMs(value, now)).toBe(want));
});
