import { describe, expect, it } from 'vitest';
import { ConfigError } from '../util/errors.js';
import { kolmogorovSurvival, ksOneSample, ksTwoSample, ksTwoSampleExactSurvival } from './ks.js';

// Deterministic low-discrepancy data, reproducible bit-for-bit in Python:
//   x_i = ((i·φ') mod 1)·a + b,  y_j = ((j·(√2−1)) mod 1)·a + b,  i, j = 1..n.
const PHI = 0.6180339887498949;
const R2 = 0.41421356237309515;
const seqx = (m: number, a = 1, b = 0): number[] => Array.from({ length: m }, (_, i) => (((i + 1) * PHI) % 1) * a + b);
const seqy = (n: number, a = 1, b = 0): number[] => Array.from({ length: n }, (_, j) => (((j + 1) * R2) % 1) * a + b);

describe('ksTwoSample', () => {
  // scipy 1.17.1: stats.ks_2samp(x, y, method='exact') and method='asymp' with
  // x = seqx(m), y = seqy(n, a, b) (script kept out of the repo; columns: statistic, exact p, asymp p).
  const cases: [number, number, number, number, number, number, number][] = [
    [5, 7, 1, 0.3, 0.5142857142857142, 0.3282828282828283, 0.3008279883381923],
    [20, 20, 1, 0.25, 0.3, 0.33559098126008213, 0.2705355748000001],
    [30, 45, 1, 0.1, 0.13333333333333333, 0.880200562153877, 0.865289683415551],
    [100, 80, 1.2, 0, 0.1825, 0.09181521550196518, 0.09371369661041729],
    [300, 200, 1, 0.05, 0.056666666666666664, 0.821203623563264, 0.8145870265335401],
    [1000, 1000, 1, 0.04, 0.042, 0.34112475112661245, 0.3317502592946696],
    [2000, 1500, 1, 0.02, 0.021666666666666667, 0.808503923984975, 0.807529201966832],
    [50, 60, 1, 0.6, 0.6333333333333333, 8.423878949207843e-11, 4.963145377896124e-11],
  ];
  it.each(cases)('m=%i n=%i matches scipy exact', (m, n, a, b, d, pExact) => {
    const r = ksTwoSample(seqx(m), seqy(n, a, b), 'exact');
    expect(r.statistic).toBeCloseTo(d, 12);
    expect(r.method).toBe('exact');
    expect(Math.abs(r.pValue - pExact) / pExact).toBeLessThan(1e-8);
  });
  it.each(cases)('m=%i n=%i: Stephens asymptotic close to exact and to scipy asymp', (m, n, a, b, _d, pExact, pAsymp) => {
    const r = ksTwoSample(seqx(m), seqy(n, a, b), 'asymptotic');
    expect(r.method).toBe('asymptotic');
    if (pExact > 1e-3) {
      // Lattice effects are largest for small and equal sizes.
      expect(Math.abs(r.pValue - pExact)).toBeLessThan(m * n <= 400 ? 0.07 : 0.01);
      expect(Math.abs(r.pValue - pAsymp)).toBeLessThan(0.07);
    } else {
      expect(Math.abs(Math.log(r.pValue / pExact))).toBeLessThan(1);
    }
  });
  it('ties: matches scipy exact (x, y rounded to 1 decimal)', () => {
    // scipy: ks_2samp(np.round(seqx(40),1), np.round(seqy(30,1,0.1),1), method='exact')
    const r = ksTwoSample(seqx(40).map((v) => Math.round(v * 10) / 10), seqy(30, 1, 0.1).map((v) => Math.round(v * 10) / 10), 'exact');
    // Python rounds half to even; check no value sits exactly on a .x5 boundary so both agree.
    expect(r.statistic).toBeCloseTo(0.10833333333333334, 12);
    expect(r.pValue).toBeCloseTo(0.9763557698937916, 10);
  });
  it('separated samples: p = 2/C(7,3) (exact combinatorics)', () => {
    const r = ksTwoSample([0.1, 0.5, 0.9], [1.1, 1.5, 1.9, 2.2]);
    expect(r.statistic).toBe(1);
    expect(r.pValue).toBeCloseTo(2 / 35, 14); // scipy: 0.05714285714285715
  });
  it('identical samples give D = 0, p = 1; auto switches to asymptotic for big m·n', () => {
    expect(ksTwoSample([1, 2, 3], [3, 2, 1])).toMatchObject({ statistic: 0, pValue: 1 });
    const big = ksTwoSample(new Float64Array(seqx(4000)), new Float64Array(seqy(3000)));
    expect(big.method).toBe('asymptotic');
    expect(ksTwoSample(seqx(100), seqy(100)).method).toBe('exact');
  });
  it('exact survival: n = m = 1 and full-range sanity', () => {
    expect(ksTwoSampleExactSurvival(1, 1, 1)).toBe(1); // D = 1 always for m = n = 1
    // P(D = 1) for m = n = 2 is 2/C(4,2) = 1/3; mn·D = 4.
    expect(ksTwoSampleExactSurvival(2, 2, 4)).toBeCloseTo(1 / 3, 15);
  });
  it('rejects bad input', () => {
    expect(() => ksTwoSample([], [1])).toThrow(ConfigError);
    expect(() => ksTwoSample([1, NaN], [1])).toThrow(/x\[1\]/);
    expect(() => ksTwoSample([1], [2], 'fast' as never)).toThrow(/method/);
  });
});

describe('kolmogorovSurvival', () => {
  it('matches known values of the Kolmogorov distribution', () => {
    // scipy 1.17.1: scipy.special.kolmogorov(x)
    const ref: [number, number][] = [
      [0.3, 0.9999906941986655],
      [0.5, 0.9639452436648751],
      [1.0, 0.26999967167735456],
      [1.18, 0.1234538094297657],
      [1.36, 0.049485876755377876],
      [2.0, 0.0006709252557796953],
      [3.0, 3.045995948942526e-8],
    ];
    for (const [x, q] of ref) expect(Math.abs(kolmogorovSurvival(x) - q) / q).toBeLessThan(1e-12);
    expect(kolmogorovSurvival(0)).toBe(1);
    expect(kolmogorovSurvival(10)).toBeLessThan(1e-80);
  });
  it('is continuous across the series switch at 1.18', () => {
    expect(Math.abs(kolmogorovSurvival(1.18 - 1e-12) - kolmogorovSurvival(1.18))).toBeLessThan(1e-12);
  });
});

describe('ksOneSample', () => {
  // scipy 1.17.1: stats.kstest(seqx(m, 0.95, b), 'uniform', method='exact')
  it.each([
    [3, 0, 0.2537989559790668, 0.9682474497590837],
    [20, 0.05, 0.0856614465620008, 0.9956543001271969],
    [100, 0.03, 0.03793735874400943, 0.9977170421976504],
    [500, 0, 0.051900678028754754, 0.13057019683275894],
  ])('m=%i b=%f matches scipy exact', (m, b, d, p) => {
    const r = ksOneSample(seqx(m, 0.95, b), (t) => Math.min(1, Math.max(0, t)));
    expect(r.statistic).toBeCloseTo(d, 12);
    expect(r.pValue).toBeCloseTo(p, 6);
  });
  it('large samples use the corrected Kolmogorov limit, which agrees with the exact p-value', () => {
    const x = seqx(5000, 0.95, 0.01);
    const unit = (t: number) => Math.min(1, Math.max(0, t));
    const exact = ksOneSample(x, unit, 'exact');
    const asym = ksOneSample(x, unit, 'asymptotic');
    expect(asym.statistic).toBeCloseTo(exact.statistic, 12);
    expect(Math.abs(asym.pValue - exact.pValue)).toBeLessThan(2e-3);
    expect(ksOneSample(seqx(20001, 0.95, 0), unit).method).toBe('asymptotic');
  });
  it('docstring example (scipy: D = 0.3, p = 0.8862222)', () => {
    const r = ksOneSample([0.1, 0.4, 0.7], (t) => t);
    expect(r.statistic).toBeCloseTo(0.3, 12);
    expect(r.pValue).toBeCloseTo(0.8862222222222221, 8);
  });
  it('does not mutate input; rejects bad cdf', () => {
    const x = [0.3, 0.1, 0.2];
    ksOneSample(x, (t) => t);
    expect(x).toEqual([0.3, 0.1, 0.2]);
    expect(() => ksOneSample(x, 'normal' as never)).toThrow(/cdf/);
    expect(() => ksOneSample(x, (t) => 2 * t + 1)).toThrow(/cdf/);
  });
});
