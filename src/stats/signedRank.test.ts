/** Exact signed-rank test against table values and brute-force enumeration. */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { signedRankTest } from './signedRank.js';

describe('signedRankTest', () => {
  // Table values for m = 10 without ties (Hollander, Wolfe & Chicken, Table A.4; also
  // R: psignrank(q, 10)): P(W⁺ ≤ 3) = 5/1024, P(W⁺ ≤ 5) = 10/1024, P(W⁺ ≤ 8) = 25/1024,
  // P(W⁺ ≤ 10) = 43/1024.
  test.each([
    [3, 5],
    [5, 10],
    [8, 25],
    [10, 43],
  ])('m = 10, P(W⁺ ≤ %i) = %i/1024', (w, count) => {
    // Ranks 1..10; make the positive ones a set of ranks summing to w.
    const positives = new Set<number>();
    let left = w;
    for (let r = 10; r >= 1 && left > 0; r--) if (r <= left) positives.add(r), (left -= r);
    const xs = Array.from({ length: 10 }, (_, i) => (positives.has(i + 1) ? 1 : -1) * (i + 1));
    const res = signedRankTest(xs, 'less');
    expect(res.wPlus).toBe(w);
    expect(res.pValue).toBe(count / 1024);
  });

  test('the docstring example', () => {
    expect(signedRankTest([0.5, 1.2, -0.3, 2.0, 0.8], 'greater')).toEqual({ m: 5, wPlus: 14, pValue: 2 / 32 });
  });

  test('all differences zero gives p = 1', () => {
    expect(signedRankTest([0, 0, 0], 'greater').pValue).toBe(1);
  });

  test.prop([fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 10 })])(
    'equals brute-force enumeration of sign flips, with ties and zeros',
    (raw) => {
      const xs = raw.map((v) => v / 4);
      const nz = xs.filter((x) => x !== 0);
      const sorted = nz.map(Math.abs).sort((a, b) => a - b);
      const rank = (v: number) => {
        const first = sorted.indexOf(v);
        const last = sorted.lastIndexOf(v);
        return (first + last + 2) / 2;
      };
      const ranks = nz.map((x) => rank(Math.abs(x)));
      const obs = nz.reduce((s, x, i) => s + (x > 0 ? ranks[i] : 0), 0);
      let ge = 0;
      let le = 0;
      for (let mask = 0; mask < 2 ** nz.length; mask++) {
        let w = 0;
        for (let i = 0; i < nz.length; i++) if (mask & (1 << i)) w += ranks[i];
        if (w >= obs - 1e-9) ge++;
        if (w <= obs + 1e-9) le++;
      }
      const total = 2 ** nz.length;
      expect(signedRankTest(xs, 'greater').pValue).toBe(nz.length === 0 ? 1 : ge / total);
      expect(signedRankTest(xs, 'less').pValue).toBe(nz.length === 0 ? 1 : le / total);
    },
  );
});
