import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-on-lock-timeout.js';

describe('retryDelayMs', () => {
  it('doubles the backoff after each failed attempt', () => {
    expect([1, 2, 3, 4].map((made) => retryDelayMs(500, made))).toEqual([500, 1000, 2000, 4000]);
  });

  it("never passes a Node timer's limit, which would make the wait end at once", () => {
    // 100 attempts with a 1 s backoff would ask for 2^98 s after the last.
    expect(retryDelayMs(1000, 100)).toBe(2 ** 31 - 1);
    expect(retryDelayMs(1000, 23)).toBe(2 ** 31 - 1);
    expect(retryDelayMs(1000, 22)).toBe(1000 * 2 ** 21);
  });
});
