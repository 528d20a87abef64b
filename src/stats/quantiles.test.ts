/** Order-statistic quantile intervals: the documented example, coverage by simulation, edge cases. */
import { describe, expect, test } from 'vitest';
import { quantileWithInterval } from './quantiles.js';
import { streamRng } from '../rng/streams.js';

describe('quantileWithInterval', () => {
  test('the docstring example and small samples', () => {
    expect(quantileWithInterval([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5, 0.05)).toEqual({ q: 0.5, value: 5, lower: 2, upper: 9 });
    // m = 3: P(B = 0) = 1/8 > 0.025 on each side, so neither side can be bounded at 95%.
    expect(quantileWithInterval([1, 2, 3], 0.5, 0.05)).toEqual({ q: 0.5, value: 2, lower: null, upper: null });
    expect(() => quantileWithInterval([], 0.5, 0.05)).toThrow();
  });

  test('covers the true median of U(0, 1) at least 1 − α of the time', () => {
    // 2000 samples of size 40 at α = 0.1: exact coverage of the chosen ranks is ≥ 0.9, so the
    // count of misses is ≤ Binomial(2000, 0.1); 260 is more than 4.4 sd above its mean 200.
    const g = streamRng(7, [0]);
    let miss = 0;
    for (let t = 0; t < 2000; t++) {
      const x = Array.from({ length: 40 }, () => g.nextDouble()).sort((a, b) => a - b);
      const e = quantileWithInterval(x, 0.5, 0.1);
      if (!(e.lower! <= 0.5 && 0.5 <= e.upper!)) miss++;
    }
    expect(miss).toBeLessThan(260);
  });
});
