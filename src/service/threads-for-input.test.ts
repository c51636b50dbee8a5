import { describe, expect, it } from 'vitest';
import { SMALL_INPUT_BYTES, threadsForInput } from './threads-for-input.js';

describe('threadsForInput', () => {
  it.each([
    [0, 4, 0],
    [37_000, 4, 0],
    [SMALL_INPUT_BYTES - 1, 2, 0],
    [SMALL_INPUT_BYTES, 2, 2],
    [100 * 1024 * 1024, 4, 4],
    [100 * 1024 * 1024, 0, 0],
  ])('threadsForInput(%d bytes, THREADS=%d) = %d', (bytes, configured, want) => expect(threadsForInput(bytes, configured)).toBe(want));
});
