/**
 * The chi-square / gamma sampler, tested like the normal sampler (rng.test.ts): fixed seeds, each
 * check at α = 1e-3. KS on 1e4 draws against @stdlib's chi-square CDF detects a CDF error of
 * about 0.02 (1.95/√n), e.g. a 4% error in the scale at k = 62 (stdlib's exact p-value is quadratic in n); moments on 1e5 draws against
 * 5-sigma bounds (sd of the mean √(2k/N), of the mean squared deviation √((8k² + 48k)/N), from
 * the central moments 2k and 12k(k + 4) of χ²_k); both 0.1% tails by exact binomial tests.
 * Shapes: k = 0.6 (the a < 1 boost), 1 (χ₁ = |Z|), 2, 3, 5 (small shapes, where the squeeze
 * rejects most often), 62, 1021 (the Bartlett degrees of freedom of d = 64 and d = 1024).
 */
import { describe, expect, test } from 'vitest';
import kstest from '@stdlib/stats-kstest';
import binomialTest from '@stdlib/stats-binomial-test';
import quantile from '@stdlib/stats-base-dists-chisquare-quantile';
import { streamRng } from './streams.js';
import { chi, chiSquare, chiSquareShape, gammaShape, standardGamma } from './gamma.js';

const ALPHA = 1e-3;
const N = 100_000;
const N_KS = 10_000;
const DOFS = [0.6, 1, 2, 3, 5, 62, 1021];

function draws(k: number, seed: number, count: number, viaChi = false): Float64Array {
  const g = streamRng(seed, [Math.round(k * 10)]);
  const s = chiSquareShape(k);
  return Float64Array.from({ length: count }, () => (viaChi ? chi(g, s) ** 2 : chiSquare(g, s)));
}

describe('chi-square variates against @stdlib', () => {
  test.each(DOFS)('χ²_%s passes a KS test against the chi-square CDF', (k) => {
    expect(kstest(draws(k, 31, N_KS), 'chisquare', k).pValue).toBeGreaterThan(ALPHA);
  });

  test.each(DOFS.filter((k) => k >= 1))('χ_%s squared passes the same KS test (χ₁ = |Z| path included)', (k) => {
    expect(kstest(draws(k, 32, N_KS, true), 'chisquare', k).pValue).toBeGreaterThan(ALPHA);
  });

  test.each(DOFS)('χ²_%s has mean k and variance 2k (5-sigma bounds)', (k) => {
    const x = draws(k, 33, N);
    let m = 0;
    for (const v of x) m += v;
    m /= N;
    let v2 = 0;
    for (const v of x) v2 += (v - k) ** 2;
    v2 /= N;
    expect(Math.abs(m - k)).toBeLessThan(5 * Math.sqrt((2 * k) / N));
    expect(Math.abs(v2 - 2 * k)).toBeLessThan(5 * Math.sqrt((8 * k * k + 48 * k) / N));
  });

  test.each(DOFS)('χ²_%s puts mass 1e-3 below its 0.1% and above its 99.9% quantile (exact binomial)', (k) => {
    const n = 400_000;
    const x = draws(k, 34, n);
    const lo = quantile(1e-3, k);
    const hi = quantile(1 - 1e-3, k);
    let below = 0;
    let above = 0;
    for (const v of x) {
      if (v < lo) below++;
      if (v > hi) above++;
    }
    expect(binomialTest(below, n, { p: 1e-3 }).pValue).toBeGreaterThan(ALPHA);
    expect(binomialTest(above, n, { p: 1e-3 }).pValue).toBeGreaterThan(ALPHA);
  });
});

describe('gamma sampler', () => {
  test('Gamma(a) is 2× smaller than χ²_{2a} in distribution: same draws, same bits', () => {
    const a = streamRng(35, [0]);
    const b = streamRng(35, [0]);
    for (let i = 0; i < 1000; i++) expect(chiSquare(a, chiSquareShape(7))).toBe(2 * standardGamma(b, gammaShape(3.5)));
  });

  test('rejects shapes that are not finite and positive', () => {
    for (const bad of [0, -1, NaN, Infinity]) expect(() => gammaShape(bad)).toThrow(/gamma shape/);
  });

  test('seeded draws are reproducible', () => {
    expect(draws(5, 36, 10)).toEqual(draws(5, 36, 10));
  });
});
